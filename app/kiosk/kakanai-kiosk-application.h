/* kakanai-kiosk-application.h: jp.kakanai.Kiosk, the configuration, the reader and
 * the forms a window works with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-config.h"
#include "kakanai-kiosk-card.h"
#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_KIOSK_APPLICATION (kakanai_kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskApplication, kakanai_kiosk_application, KAKANAI,
                      KIOSK_APPLICATION, GtkApplication)

KakanaiKioskApplication *kakanai_kiosk_application_new            (void);

/* NULL when the kiosk is not ready; kakanai_kiosk_application_get_problem() says why. */
KakanaiConfig      *kakanai_kiosk_application_get_config          (KakanaiKioskApplication *self);
KakanaiKioskCard   *kakanai_kiosk_application_get_card            (KakanaiKioskApplication *self);
/* KakanaiTemplate* of every installed form, sorted by id. */
GPtrArray          *kakanai_kiosk_application_get_templates       (KakanaiKioskApplication *self);
/* A new session with the configuration, the card, the forms and the procedures. */
KakanaiKioskSession *kakanai_kiosk_application_new_session (KakanaiKioskApplication *self);
/* Why the kiosk cannot serve (for the clerk, with file and line), or NULL. */
const char         *kakanai_kiosk_application_get_problem         (KakanaiKioskApplication *self);
/* The folder finished PDFs go to (the demo's private temporary folder with --demo). */
const char         *kakanai_kiosk_application_get_output_dir      (KakanaiKioskApplication *self);
gboolean            kakanai_kiosk_application_is_demo             (KakanaiKioskApplication *self);

/* Languages offered (the configured list, first = the start language). */
const char * const *kakanai_kiosk_application_get_languages       (KakanaiKioskApplication *self);
const char         *kakanai_kiosk_application_get_language        (KakanaiKioskApplication *self);
/* Switches the translations of everything built from now on (see
 * docs/configuration.md, "Languages"). */
void                kakanai_kiosk_application_set_language        (KakanaiKioskApplication *self,
                                                                   const char              *code);
/* The language's own name ("日本語", "English"), or the code. */
const char         *kakanai_kiosk_language_get_native_name        (const char              *code);

/* g_get_monotonic_time() at the start of main() (for the first-frame timing). */
extern gint64 kakanai_kiosk_started_at;

/* Binds the "kakanai" catalogue (the build tree's when run from there) and
 * starts in Japanese; call first thing in main(). */
void                kakanai_kiosk_setup_gettext                   (void);

G_END_DECLS
