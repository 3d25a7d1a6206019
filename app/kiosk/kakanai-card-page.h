/* kakanai-card-page.h: "place your card", and what the reader sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_CARD_PAGE (kakanai_card_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiCardPage, kakanai_card_page, KAKANAI, CARD_PAGE, GtkWidget)

GtkWidget *kakanai_card_page_new (KakanaiKioskSession *session);

G_END_DECLS
