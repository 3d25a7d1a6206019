/* kakanai-pin-page.h: the card's 4-digit PIN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_PIN_PAGE (kakanai_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiPinPage, kakanai_pin_page, KAKANAI, PIN_PAGE, GtkWidget)

/* The digits go straight to the session: the page keeps none (the window sends it the
 * keys 0-9, BackSpace and Return). */
GtkWidget *kakanai_pin_page_new (KakanaiKioskSession *session);

G_END_DECLS
