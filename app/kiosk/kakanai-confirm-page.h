/* kakanai-confirm-page.h: "is this you?", the data read from the card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_CONFIRM_PAGE (kakanai_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiConfirmPage, kakanai_confirm_page, KAKANAI, CONFIRM_PAGE, GtkWidget)

/* Shows the record only while the session is on the confirm step; its labels are
 * emptied on every other step. */
GtkWidget *kakanai_confirm_page_new (KakanaiKioskSession *session);

G_END_DECLS
