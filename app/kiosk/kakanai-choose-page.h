/* kakanai-choose-page.h: what brings the resident in, and the forms it makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_CHOOSE_PAGE (kakanai_choose_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiChoosePage, kakanai_choose_page, KAKANAI, CHOOSE_PAGE, GtkWidget)

/* Texts in @language (the templates' and procedures' own). */
GtkWidget *kakanai_choose_page_new (KakanaiKioskSession *session,
                                    const char          *language);

G_END_DECLS
