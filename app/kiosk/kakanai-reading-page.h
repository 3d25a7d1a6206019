/* kakanai-reading-page.h: the card being read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_READING_PAGE (kakanai_reading_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiReadingPage, kakanai_reading_page, KAKANAI, READING_PAGE, GtkWidget)

GtkWidget *kakanai_reading_page_new (KakanaiKioskSession *session);

G_END_DECLS
