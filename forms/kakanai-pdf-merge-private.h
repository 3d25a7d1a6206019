/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdf-merge-private.h: a PDF page as a template's background, read and placed by
 * qpdf (kakanai-pdf-merge.cc, C++: the C API of libqpdf has no form XObject of a page).
 * No PDF syntax is parsed or written here by hand. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _KakanaiPdfSource KakanaiPdfSource;

/* Page @page_number (from 1) of the PDF @pdf, checked: a file qpdf cannot read, an
 * encrypted one or a page it does not have is an error (KAKANAI_FORMS_ERROR_TEMPLATE, the
 * message without the file's name: the caller adds it). Its annotations that print are
 * flattened into its content and its crop box becomes its media box, so that what the
 * screen draws (kakanai_pdf_source_get_page_pdf(), through poppler) and what is printed
 * (the page as a form XObject) are the same content. */
KakanaiPdfSource *kakanai_pdf_source_new          (GBytes            *pdf,
                                                   guint              page_number,
                                                   GError           **error);
/* Pages 1 to @n_pages of @pdf, read once: a GPtrArray of KakanaiPdfSource (each as
 * kakanai_pdf_source_new() gives it), or NULL with @error set as it does. */
GPtrArray        *kakanai_pdf_sources_new         (GBytes            *pdf,
                                                   guint              n_pages,
                                                   GError           **error);
void              kakanai_pdf_source_free         (KakanaiPdfSource  *source);
/* A one-page PDF of that page alone, as qpdf wrote it. */
GBytes           *kakanai_pdf_source_get_page_pdf (KakanaiPdfSource  *source);
/* The page's size in points, its /Rotate applied. */
void              kakanai_pdf_source_get_size     (KakanaiPdfSource  *source,
                                                   double            *width_pt,
                                                   double            *height_pt);

/* @document with @sources[i] (NULL: none) under the content of its page i, scaled to the
 * page keeping its proportions, centred; its resources copied along. @document holds
 * personal data: every block qpdf frees is wiped (the C++ allocator of the process). */
GBytes           *kakanai_pdf_add_backgrounds     (GBytes            *document,
                                                   KakanaiPdfSource **sources,
                                                   guint              n_pages,
                                                   GError           **error);

G_END_DECLS

G_BEGIN_DECLS

/* ---- drawing the page (kakanai-pdf-raster.cc: poppler's C++ API, Splash) ---- */

typedef struct _KakanaiPdfRaster KakanaiPdfRaster;

/* @page_pdf: a one-page PDF (kakanai_pdf_source_get_page_pdf()), kept alive by the caller. */
KakanaiPdfRaster *kakanai_pdf_raster_new    (GBytes           *page_pdf,
                                             GError          **error);
void              kakanai_pdf_raster_free   (KakanaiPdfRaster *raster);
/* The page at @x_dpi × @y_dpi, only the pixels (@x, @y, @width, @height) of that rendering,
 * on white paper: a new cairo image surface (ARGB32, opaque), or NULL with @error set. */
cairo_surface_t  *kakanai_pdf_raster_render (KakanaiPdfRaster *raster,
                                             double            x_dpi,
                                             double            y_dpi,
                                             int               x,
                                             int               y,
                                             int               width,
                                             int               height,
                                             GError          **error);

G_END_DECLS

G_BEGIN_DECLS

/* One character of the page's text, as poppler reads it: its box in points from the page's
 * top-left corner. */
typedef struct {
  gunichar character;
  double   x, y, width, height;
  gboolean space_after;   /* the last character of a word poppler saw a space after */
  gboolean word_end;
} KakanaiPdfChar;

/* The page's characters in poppler's reading order (GArray of KakanaiPdfChar). */
GArray           *kakanai_pdf_raster_get_chars (KakanaiPdfRaster *raster);
/* The page's size in points, as poppler sees it. */
void              kakanai_pdf_raster_get_size  (KakanaiPdfRaster *raster,
                                                double           *width_pt,
                                                double           *height_pt);

G_END_DECLS
