/* kakanai-welcome-page.h: the start screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_WELCOME_PAGE (kakanai_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiWelcomePage, kakanai_welcome_page, KAKANAI, WELCOME_PAGE, GtkWidget)

/* @languages the codes offered, @language the one shown. Its buttons use the window's
 * actions kiosk.start, kiosk.language, kiosk.large-text and kiosk.high-contrast. */
GtkWidget *kakanai_welcome_page_new (KakanaiKioskSession *session,
                                     const char * const  *languages,
                                     const char          *language);

G_END_DECLS
