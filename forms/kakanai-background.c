/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-background.c: a PDF page as a template page's background. */
#define G_LOG_DOMAIN "kakanai-forms"

#include <glib/gi18n-lib.h>
#include <math.h>

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
  KakanaiPdfRaster *raster;    /* the one-page PDF qpdf made of the page, for the screen */
  GMutex            draw_lock; /* one drawing at a time, and the cache */
  double            width_mm, height_mm;
  /* The last drawing, for redraws (the kiosk redraws its preview often): the pixels
   * (x, y, w, h) of the page at (x_dpi, y_dpi). */
  cairo_surface_t  *cached;
  double            cached_x_dpi, cached_y_dpi;
  int               cached_x, cached_y;
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
  background->raster = kakanai_pdf_raster_new (kakanai_pdf_source_get_page_pdf (background->source),
                                               &local_error);
  if (background->raster == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the background “%s” cannot be drawn (%s)"), name, local_error->message);
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
  g_clear_pointer (&background->cached, cairo_surface_destroy);
  g_clear_pointer (&background->raster, kakanai_pdf_raster_free);
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

/* The pixels of the page's rendering at (@x_dpi, @y_dpi) in (@x, @y, @width, @height), from
 * the cache when the last drawing was the same. */
static cairo_surface_t *
rendered (KakanaiBackground *background,
          double x_dpi, double y_dpi, int x, int y, int width, int height,
          GError **error)
{
  cairo_surface_t *surface = NULL;

  g_mutex_lock (&background->draw_lock);
  if (background->cached != NULL && background->cached_x_dpi == x_dpi && background->cached_y_dpi == y_dpi &&
      background->cached_x == x && background->cached_y == y &&
      cairo_image_surface_get_width (background->cached) == width &&
      cairo_image_surface_get_height (background->cached) == height)
    surface = cairo_surface_reference (background->cached);
  else
    {
      surface = kakanai_pdf_raster_render (background->raster, x_dpi, y_dpi, x, y, width, height, error);
      if (surface != NULL)
        {
          g_clear_pointer (&background->cached, cairo_surface_destroy);
          background->cached = cairo_surface_reference (surface);
          background->cached_x_dpi = x_dpi;
          background->cached_y_dpi = y_dpi;
          background->cached_x = x;
          background->cached_y = y;
        }
    }
  g_mutex_unlock (&background->draw_lock);
  return surface;
}

/* At most this many pixels are drawn at once (the editor zoomed in on an A4 page). */
#define MAX_RENDER_PIXELS (40.0 * 1000 * 1000)

gboolean
kakanai_background_draw (KakanaiBackground  *background,
                         cairo_t            *cr,
                         double              page_width,
                         double              page_height,
                         GError            **error)
{
  double x, y, scale, ux = 1, uy = 0, vx = 0, vy = 1;
  double left, top, right, bottom, clip_x1, clip_y1, clip_x2, clip_y2, x_dpi, y_dpi, shrink = 1;
  double device_x = 1, device_y = 1;
  int px, py, pw, ph;
  cairo_surface_t *surface;
  cairo_status_t status;

  kakanai_background_fit (background, page_width, page_height, &x, &y, &scale);
  /* Pixels are the device's after its own scale too (a HiDPI screen's surface has 2). */
  cairo_surface_get_device_scale (cairo_get_target (cr), &device_x, &device_y);
  cairo_user_to_device_distance (cr, &ux, &uy);
  cairo_user_to_device_distance (cr, &vx, &vy);
  ux *= device_x, vx *= device_x, uy *= device_y, vy *= device_y;

  /* Drawn at the device's own resolution and pixel grid, as pdftoppm draws a page, when the
   * page is upright; otherwise through a transformed pattern. */
  left = x, top = y, right = x + background->width_mm * scale, bottom = y + background->height_mm * scale;
  cairo_user_to_device (cr, &left, &top);
  cairo_user_to_device (cr, &right, &bottom);
  left *= device_x, right *= device_x, top *= device_y, bottom *= device_y;
  x_dpi = hypot (ux, uy) * 25.4 * scale;
  y_dpi = hypot (vx, vy) * 25.4 * scale;
  if (uy != 0 || vx != 0 || ux < 0 || vy < 0)
    {
      left = top = 0;
      right = background->width_mm / 25.4 * x_dpi;
      bottom = background->height_mm / 25.4 * y_dpi;
    }
  /* Only what the clip shows (x, y in the page's rendering). */
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_clip_extents (cr, &clip_x1, &clip_y1, &clip_x2, &clip_y2);
  cairo_restore (cr);
  clip_x1 *= device_x, clip_x2 *= device_x, clip_y1 *= device_y, clip_y2 *= device_y;
  if (uy != 0 || vx != 0 || ux < 0 || vy < 0)
    clip_x1 = clip_y1 = -G_MAXINT, clip_x2 = clip_y2 = G_MAXINT;
  left = round (left), top = round (top);
  px = (int) MAX (0, floor (clip_x1 - left));
  py = (int) MAX (0, floor (clip_y1 - top));
  pw = (int) MIN (ceil (right - left), ceil (clip_x2 - left)) - px;
  ph = (int) MIN (ceil (bottom - top), ceil (clip_y2 - top)) - py;
  if (pw <= 0 || ph <= 0)
    return TRUE;
  if ((double) pw * ph > MAX_RENDER_PIXELS)
    {
      shrink = sqrt (MAX_RENDER_PIXELS / ((double) pw * ph));
      px = (int) (px * shrink), py = (int) (py * shrink);
      pw = MAX (1, (int) (pw * shrink)), ph = MAX (1, (int) (ph * shrink));
    }

  surface = rendered (background, x_dpi * shrink, y_dpi * shrink, px, py, pw, ph, error);
  if (surface == NULL)
    {
      g_prefix_error (error, _("Cannot draw the background “%s”: "), background->name);
      return FALSE;
    }
  cairo_save (cr);
  if (uy != 0 || vx != 0 || ux < 0 || vy < 0)
    {
      cairo_translate (cr, x, y);
      cairo_scale (cr, background->width_mm * scale / (right * shrink),
                   background->height_mm * scale / (bottom * shrink));
      cairo_set_source_surface (cr, surface, px, py);
    }
  else
    {
      cairo_identity_matrix (cr);
      cairo_scale (cr, 1 / device_x, 1 / device_y);
      cairo_translate (cr, left + px / shrink, top + py / shrink);
      cairo_scale (cr, 1 / shrink, 1 / shrink);
      cairo_set_source_surface (cr, surface, 0, 0);
    }
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
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
