/* kakanai-page-view.h: one page of a form layout, drawn by the forms cairo renderer.
 *
 * The kiosk's preview and the editor's page are this widget: the same renderer as the
 * printed PNG preview, never a second one. It asks for the page's size at its zoom and
 * draws the paper at its top-left corner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <kakanai-forms.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_PAGE_VIEW (kakanai_page_view_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiPageView, kakanai_page_view, KAKANAI, PAGE_VIEW, GtkWidget)

#define KAKANAI_PAGE_VIEW_MIN_PX_PER_MM 0.5
#define KAKANAI_PAGE_VIEW_MAX_PX_PER_MM 64.0

/* Properties: "page" (guint, 0-based; clamped to the layout's pages when drawn),
 * "px-per-mm" (the zoom: device-independent pixels per millimetre, default 3).
 *
 * Signal "draw-overlay" (cairo_t *cr, double px_per_mm): emitted each time the widget is
 * drawn, after the page, with @cr's origin at the paper's top-left corner and its unit one
 * pixel; what a program draws over the page (an editor's selection and grid) goes there.
 * The page itself is drawn again only when the layout, the page or the zoom changes. */
GtkWidget     *kakanai_page_view_new           (void);

/* @layout is borrowed: it must stay alive until another layout (or NULL) is set. Setting
 * one, even the same, draws the page again. */
void           kakanai_page_view_set_layout    (KakanaiPageView *self,
                                                KakanaiLayout   *layout);
KakanaiLayout *kakanai_page_view_get_layout    (KakanaiPageView *self);

void           kakanai_page_view_set_page      (KakanaiPageView *self,
                                                guint            page);
guint          kakanai_page_view_get_page      (KakanaiPageView *self);
void           kakanai_page_view_set_px_per_mm (KakanaiPageView *self,
                                                double           px_per_mm);
double         kakanai_page_view_get_px_per_mm (KakanaiPageView *self);

/* The page's size in mm (0 × 0 without a layout). */
void           kakanai_page_view_get_page_size (KakanaiPageView *self,
                                                double          *width_mm,
                                                double          *height_mm);

G_END_DECLS
