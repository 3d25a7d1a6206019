/* kakanai-finish-page.h: the last screen, "please take your card", and where the forms went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_FINISH_PAGE (kakanai_finish_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiFinishPage, kakanai_finish_page, KAKANAI, FINISH_PAGE, GtkWidget)

GtkWidget *kakanai_finish_page_new (KakanaiKioskSession *session);

G_END_DECLS
