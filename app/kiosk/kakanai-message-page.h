/* kakanai-message-page.h: a screen that says one thing: the finish screen ("please take
 * your card", where the forms went) and the problem screen ("not ready", what is wrong).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_MESSAGE_PAGE (kakanai_message_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiMessagePage, kakanai_message_page, KAKANAI, MESSAGE_PAGE, GtkWidget)

/* @step: KAKANAI_KIOSK_STEP_FINISH or KAKANAI_KIOSK_STEP_PROBLEM. */
GtkWidget *kakanai_message_page_new (KakanaiKioskSession *session,
                                     KakanaiKioskStep     step);

G_END_DECLS
