/* kakanai-preview-page.h: the filled forms before they are made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_PREVIEW_PAGE (kakanai_preview_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiPreviewPage, kakanai_preview_page, KAKANAI, PREVIEW_PAGE, GtkWidget)

/* The summary of each form in @language (the templates' own titles and descriptions). */
GtkWidget *kakanai_preview_page_new (KakanaiKioskSession *session,
                                     const char          *language);

G_END_DECLS
