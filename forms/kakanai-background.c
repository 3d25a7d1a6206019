/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-background.c: a PDF page as a template page's background. */
#define G_LOG_DOMAIN "kakanai-forms"

#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "kakanai-background-private.h"
#include "kakanai-forms-error.h"
#include "kakanai-image-private.h"
#include "kakanai-input.h"

#define MM_PER_PT (25.4 / 72.0)

struct _KakanaiBackground
{
  gatomicrefcount   ref_count;
  char             *name;
  guint             page_number;
  KakanaiPdfSource *source;
  PopplerDocument  *document;  /* the one-page PDF qpdf made of the page */
  PopplerPage      *page;
  GMutex            draw_lock; /* poppler draws one page at a time */
  double            width_mm, height_mm;
};

static void
prefix_error (GError     **error,
              GError      *cause,
              const char  *name)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, cause->domain == KAKANAI_FORMS_ERROR ? cause->code
                                                                              : KAKANAI_FORMS_ERROR_TEMPLATE,
               _("the background “%s” %s"), name, cause->message);
}

KakanaiBackground *
kakanai_background_new (const char  *path,
                        const char  *name,
                        guint        page_number,
                        GError     **error)
{
  g_autoptr(KakanaiBackground) background = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  double width_pt, height_pt;

  bytes = kakanai_file_read_limited (path, KAKANAI_IMAGE_MAX_BYTES, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR,
                   g_error_matches (local_error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO)
                     ? KAKANAI_FORMS_ERROR_IO : KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the background “%s”: %s"), name, local_error->message);
      return NULL;
    }

  background = g_new0 (KakanaiBackground, 1);
  g_atomic_ref_count_init (&background->ref_count);
  g_mutex_init (&background->draw_lock);
  background->name = g_strdup (name);
  background->page_number = page_number;
  background->source = kakanai_pdf_source_new (bytes, page_number, &local_error);
  if (background->source == NULL)
    {
      prefix_error (error, local_error, name);
      return NULL;
    }
  background->document = poppler_document_new_from_bytes (kakanai_pdf_source_get_page_pdf (background->source),
                                                          NULL, &local_error);
  if (background->document == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the background “%s” cannot be drawn (%s)"), name, local_error->message);
      return NULL;
    }
  background->page = poppler_document_get_page (background->document, 0);
  if (background->page == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the background “%s” cannot be drawn (no page)"), name);
      return NULL;
    }
  kakanai_pdf_source_get_size (background->source, &width_pt, &height_pt);
  background->width_mm = width_pt * MM_PER_PT;
  background->height_mm = height_pt * MM_PER_PT;
  return g_steal_pointer (&background);
}

KakanaiBackground *
kakanai_background_ref (KakanaiBackground *background)
{
  g_atomic_ref_count_inc (&background->ref_count);
  return background;
}

void
kakanai_background_unref (KakanaiBackground *background)
{
  if (background == NULL || !g_atomic_ref_count_dec (&background->ref_count))
    return;
  g_clear_object (&background->page);
  g_clear_object (&background->document);
  g_clear_pointer (&background->source, kakanai_pdf_source_free);
  g_mutex_clear (&background->draw_lock);
  g_free (background->name);
  g_free (background);
}

const char *
kakanai_background_get_name (KakanaiBackground *background)
{
  return background->name;
}

guint
kakanai_background_get_page_number (KakanaiBackground *background)
{
  return background->page_number;
}

KakanaiPdfSource *
kakanai_background_get_source (KakanaiBackground *background)
{
  return background->source;
}

void
kakanai_background_get_size (KakanaiBackground *background,
                             double            *width_mm,
                             double            *height_mm)
{
  *width_mm = background->width_mm;
  *height_mm = background->height_mm;
}

/* As qpdf's placeFormXObject does: as large as fits, proportions kept, centred. */
void
kakanai_background_fit (KakanaiBackground *background,
                        double             page_width,
                        double             page_height,
                        double            *x,
                        double            *y,
                        double            *scale)
{
  *scale = MIN (page_width / background->width_mm, page_height / background->height_mm);
  *x = (page_width - background->width_mm * *scale) / 2;
  *y = (page_height - background->height_mm * *scale) / 2;
}

gboolean
kakanai_background_draw (KakanaiBackground  *background,
                         cairo_t            *cr,
                         double              page_width,
                         double              page_height,
                         GError            **error)
{
  double x, y, scale;
  cairo_status_t status;

  kakanai_background_fit (background, page_width, page_height, &x, &y, &scale);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  /* poppler draws in points of the page. */
  cairo_scale (cr, scale * MM_PER_PT, scale * MM_PER_PT);
  g_mutex_lock (&background->draw_lock);
  poppler_page_render_for_printing (background->page, cr);
  g_mutex_unlock (&background->draw_lock);
  cairo_restore (cr);
  status = cairo_status (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("Cannot draw the background “%s”: %s"), background->name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
