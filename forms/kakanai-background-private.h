/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-background-private.h: a page of a PDF file as a template page's background
 * (docs/templates.md, "A PDF page as the background"): read and checked once when the
 * template loads; drawn by poppler on screen and placed by qpdf in the printed PDF. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kakanai-pdf-merge-private.h"

G_BEGIN_DECLS

typedef struct _KakanaiBackground KakanaiBackground;

/* @path is the file (already resolved inside the template's folder), @name how errors
 * name it (the template's "pdf" member), @page_number from 1. Errors are
 * KAKANAI_FORMS_ERROR_TEMPLATE (damaged, encrypted, no such page) or _IO, and begin with
 * “the background “@name””. */
KakanaiBackground *kakanai_background_new        (const char         *path,
                                                  const char         *name,
                                                  guint               page_number,
                                                  GError            **error);
KakanaiBackground *kakanai_background_ref        (KakanaiBackground  *background);
void               kakanai_background_unref      (KakanaiBackground  *background);

const char        *kakanai_background_get_name   (KakanaiBackground  *background);
guint              kakanai_background_get_page_number (KakanaiBackground *background);
KakanaiPdfSource  *kakanai_background_get_source (KakanaiBackground  *background);
/* The page's size in mm, its /Rotate applied. */
void               kakanai_background_get_size   (KakanaiBackground  *background,
                                                  double             *width_mm,
                                                  double             *height_mm);
/* The placement both renderers use: the page scaled by @scale (mm per mm of the PDF page),
 * its top-left corner at (@x, @y) mm on a page of @page_width × @page_height mm. */
void               kakanai_background_fit        (KakanaiBackground  *background,
                                                  double              page_width,
                                                  double              page_height,
                                                  double             *x,
                                                  double             *y,
                                                  double             *scale);
/* Draws the page with poppler on @cr, whose user units are mm of the template page. */
gboolean           kakanai_background_draw       (KakanaiBackground  *background,
                                                  cairo_t            *cr,
                                                  double              page_width,
                                                  double              page_height,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiBackground, kakanai_background_unref)

G_END_DECLS
