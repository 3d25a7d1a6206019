/* kakanai-clerk-panel.h: what a clerk can do at the kiosk
 *
 * Every button is a "clerk.*" action (the clerk mode installs the group and enables what
 * applies): clerk.resend-print, clerk.cancel-print, clerk.allow-last-try, clerk.interview,
 * clerk.reset-kiosk, clerk.close, clerk.choose-reader(s), clerk.choose-printer(s).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_CLERK_PANEL (kakanai_clerk_panel_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiClerkPanel, kakanai_clerk_panel, KAKANAI, CLERK_PANEL, GtkBox)

GtkWidget *kakanai_clerk_panel_new            (void);
/* The choices offered; @current is selected (added when missing, e.g. a reader unplugged). */
void       kakanai_clerk_panel_set_readers    (KakanaiClerkPanel  *self,
                                               const char * const *names,
                                               const char         *current);
void       kakanai_clerk_panel_set_printers   (KakanaiClerkPanel  *self,
                                               const char * const *names,
                                               const char         *current);
/* While the printers are being listed: one "Loading printers…" item, nothing to choose. */
void       kakanai_clerk_panel_set_printers_loading (KakanaiClerkPanel *self);
/* The printers could not be listed: says why under the list, which offers @current only. */
void       kakanai_clerk_panel_set_printers_failed  (KakanaiClerkPanel *self,
                                                     const char        *reason,
                                                     const char        *current);
void       kakanai_clerk_panel_set_print_status (KakanaiClerkPanel *self,
                                                 const char        *text);
void       kakanai_clerk_panel_set_statistics (KakanaiClerkPanel  *self,
                                               const char         *text);
/* Problems for the clerk (statistics database, printer); NULL hides the line. */
void       kakanai_clerk_panel_set_notice     (KakanaiClerkPanel  *self,
                                               const char         *text);

G_END_DECLS
