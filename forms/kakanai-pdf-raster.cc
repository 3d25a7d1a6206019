// SPDX-License-Identifier: GPL-3.0-or-later
// kakanai-pdf-raster.cc: a background PDF page drawn for the screen by poppler's Splash
// renderer (poppler's C++ API), the renderer of pdftoppm and of CUPS's PDF filters.
//
// Not poppler-glib's cairo backend: it leaves lines wider than a pixel unaligned, spread
// over two grey pixels where pdftoppm and a printer draw one black one, so the preview of
// a ruled form would not be its print (tests/forms/test-pdf-background, preview = print).

#include <string.h>

#include <memory>
#include <string>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-page-renderer.h>

#include <glib/gi18n-lib.h>

extern "C" {
#include "kakanai-forms-error.h"
#include "kakanai-pdf-merge-private.h"
}

struct _KakanaiPdfRaster
{
  std::unique_ptr<poppler::document> document;
  std::unique_ptr<poppler::page>     page;
};

// poppler prints what it finds odd in a file; the page was written by qpdf and checked.
static void
ignore_message (const std::string &, void *)
{
}

extern "C" KakanaiPdfRaster *
kakanai_pdf_raster_new (GBytes  *page_pdf,
                        GError **error)
{
  static gsize quiet = 0;
  gsize size;
  const char *data = (const char *) g_bytes_get_data (page_pdf, &size);
  auto raster = std::make_unique<_KakanaiPdfRaster> ();

  if (g_once_init_enter (&quiet))
    {
      poppler::set_debug_error_function (ignore_message, nullptr);
      g_once_init_leave (&quiet, 1);
    }
  if (size > G_MAXINT)
    raster->document = nullptr;
  else
    raster->document.reset (poppler::document::load_from_raw_data (data, (int) size));
  if (raster->document != nullptr && !raster->document->is_locked () && raster->document->pages () > 0)
    raster->page.reset (raster->document->create_page (0));
  if (raster->page == nullptr)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE, "%s",
                   _("poppler cannot open the page"));
      return nullptr;
    }
  return raster.release ();
}

extern "C" void
kakanai_pdf_raster_free (KakanaiPdfRaster *raster)
{
  delete raster;
}

extern "C" cairo_surface_t *
kakanai_pdf_raster_render (KakanaiPdfRaster *raster,
                           double            x_dpi,
                           double            y_dpi,
                           int               x,
                           int               y,
                           int               width,
                           int               height,
                           GError          **error)
{
  poppler::page_renderer renderer;
  cairo_surface_t *surface;

  renderer.set_render_hint (poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint (poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format (poppler::image::format_argb32);
  renderer.set_paper_color (0xffffffff);

  poppler::image image = renderer.render_page (raster->page.get (), x_dpi, y_dpi, x, y, width, height);
  if (!image.is_valid () || image.format () != poppler::image::format_argb32)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER, "%s",
                   _("poppler could not draw the page"));
      return nullptr;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, image.width (), image.height ());
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("Cannot draw the page: %s"), cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return nullptr;
    }
  // Both are native-endian 32-bit ARGB; the paper is opaque, so premultiplying changes nothing.
  cairo_surface_flush (surface);
  for (int row = 0; row < image.height (); row++)
    memcpy (cairo_image_surface_get_data (surface) + row * cairo_image_surface_get_stride (surface),
            image.const_data () + row * image.bytes_per_row (), (size_t) image.width () * 4);
  cairo_surface_mark_dirty (surface);
  return surface;
}

extern "C" GArray *
kakanai_pdf_raster_get_chars (KakanaiPdfRaster *raster)
{
  GArray *chars = g_array_new (FALSE, TRUE, sizeof (KakanaiPdfChar));

  for (const poppler::text_box &box : raster->page->text_list ())
    {
      poppler::byte_array utf8 = box.text ().to_utf8 ();
      std::string text (utf8.begin (), utf8.end ());
      const char *p = text.c_str ();
      size_t index = 0;

      if (!g_utf8_validate (p, (gssize) text.size (), nullptr))
        continue;
      for (; *p != '\0'; p = g_utf8_next_char (p), index++)
        {
          poppler::rectf r = box.char_bbox (index);
          KakanaiPdfChar c = { g_utf8_get_char (p), r.x (), r.y (), r.width (), r.height (), FALSE, FALSE };

          g_array_append_val (chars, c);
        }
      if (chars->len > 0 && index > 0)
        {
          g_array_index (chars, KakanaiPdfChar, chars->len - 1).word_end = TRUE;
          g_array_index (chars, KakanaiPdfChar, chars->len - 1).space_after = box.has_space_after ();
        }
    }
  return chars;
}

extern "C" void
kakanai_pdf_raster_get_size (KakanaiPdfRaster *raster,
                             double           *width_pt,
                             double           *height_pt)
{
  poppler::rectf box = raster->page->page_rect (poppler::crop_box);

  *width_pt = box.width ();
  *height_pt = box.height ();
}
