/* kakanai-cairo.h: the cairo renderer of a layout (screen and PNG).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kakanai-layout.h"

G_BEGIN_DECLS

/* Draws @page (0-based) with its top-left corner at the current origin of @cr,
 * @px_per_mm user units per millimetre, white paper included. FALSE when cairo fails
 * (out of memory for an image, a context already in error): the error says why. */
gboolean  kakanai_cairo_render_page (KakanaiLayout *layout,
                                     guint          page,
                                     cairo_t       *cr,
                                     double         px_per_mm,
                                     GError       **error);
/* An ARGB32 image of @page at @dpi. */
/* A new RGB24 surface of @page at @dpi, or NULL with @error set. */
cairo_surface_t *kakanai_cairo_render_page_to_surface (KakanaiLayout *layout,
                                                       guint          page,
                                                       double         dpi,
                                                       GError       **error);
gboolean  kakanai_png_render_page   (KakanaiLayout *layout,
                                     guint          page,
                                     double         dpi,
                                     const char    *path,
                                     GError       **error);

G_END_DECLS
