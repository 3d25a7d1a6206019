/* kakanai-cairo.c: the cairo renderer of a layout (the kiosk's preview and PNG).
 *
 * It draws the very items the PDF renderer writes: same glyph ids from the same font
 * files at the same positions. Hinting is off so the preview matches print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-cairo.h"
#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"
#include "kakanai-layout-private.h"
#include "kakanai-output.h"

/* ---- images ------------------------------------------------------------------------- */

/* The template's decoded pixels as a cairo surface (premultiplied, native-endian ARGB). */
static cairo_surface_t *
image_surface_new (const KakanaiLayoutItem  *item,
                   GError                  **error)
{
  guint width = kakanai_image_get_width (item->image), height = kakanai_image_get_height (item->image);
  const guint8 *rgb = kakanai_image_get_rgb (item->image), *alpha = kakanai_image_get_alpha (item->image);
  cairo_surface_t *surface = cairo_image_surface_create (alpha != NULL ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                                         width, height);
  cairo_status_t status = cairo_surface_status (surface);
  guint8 *pixels;
  int stride;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("Cannot draw the image %s (%u × %u pixels): %s"),
                   item->image_path, width, height, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return NULL;
    }
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < height; y++)
    {
      guint32 *out = (guint32 *) (pixels + (gsize) y * stride);
      const guint8 *in = rgb + (gsize) y * width * 3;
      const guint8 *opacity = alpha != NULL ? alpha + (gsize) y * width : NULL;

      /* Most forms' images are opaque scans: no premultiplying for them. */
      if (opacity == NULL)
        for (guint x = 0; x < width; x++, in += 3)
          out[x] = (guint32) 0xff << 24 | (guint32) in[0] << 16 | (guint32) in[1] << 8 | in[2];
      else
        for (guint x = 0; x < width; x++, in += 3)
          {
            guint a = opacity[x];
            guint r = (in[0] * a + 127) / 255, g = (in[1] * a + 127) / 255, b = (in[2] * a + 127) / 255;

            out[x] = (guint32) a << 24 | r << 16 | g << 8 | b;
          }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
cached_image_surface (KakanaiLayout            *layout,
                      const KakanaiLayoutItem  *item,
                      GError                  **error)
{
  GHashTable *cache = kakanai_layout_get_image_cache (layout, (GDestroyNotify) cairo_surface_destroy);
  cairo_surface_t *image = g_hash_table_lookup (cache, item->image_path);

  if (image != NULL)
    return image;
  image = image_surface_new (item, error);
  if (image != NULL)
    g_hash_table_insert (cache, g_strdup (item->image_path), image);
  return image;
}

/* Whether one pixel of the source in user space covers more than a device pixel. */
static gboolean
enlarged (cairo_t *cr)
{
  double dx = 1, dy = 1;

  cairo_user_to_device_distance (cr, &dx, &dy);
  return fabs (dx) > 1 || fabs (dy) > 1;
}

static gboolean
draw_image (cairo_t                  *cr,
            KakanaiLayout            *layout,
            const KakanaiLayoutItem  *item,
            GError                  **error)
{
  cairo_surface_t *image = cached_image_surface (layout, item, error);

  if (image == NULL)
    return FALSE;
  cairo_save (cr);
  cairo_translate (cr, item->x, item->y);
  cairo_scale (cr, item->width / cairo_image_surface_get_width (image),
               item->height / cairo_image_surface_get_height (image));
  cairo_set_source_surface (cr, image, 0, 0);
  /* As PDF readers draw an image without /Interpolate: an enlarged pixel stays a sharp
   * square, and the edges do not fade into the page. */
  if (enlarged (cr))
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (image), cairo_image_surface_get_height (image));
  cairo_fill (cr);
  cairo_restore (cr);
  return TRUE;
}

/* ---- items -------------------------------------------------------------------------- */

static void
set_color (cairo_t *cr,
           guint32  color)
{
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                        (color & 0xff) / 255.0);
}

static void
draw_glyphs (cairo_t                 *cr,
             const KakanaiLayoutItem *item)
{
  cairo_font_face_t *face = kakanai_font_get_cairo_face (item->font);
  g_autofree cairo_glyph_t *glyphs = NULL;

  if (face == NULL)
    return;
  glyphs = g_new (cairo_glyph_t, item->glyphs->len);
  for (guint i = 0; i < item->glyphs->len; i++)
    {
      const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, i);

      glyphs[i].index = glyph->glyph;
      glyphs[i].x = glyph->x;
      glyphs[i].y = glyph->y;
    }
  cairo_set_font_face (cr, face);
  cairo_set_font_size (cr, item->size);
  set_color (cr, item->color);
  cairo_show_glyphs (cr, glyphs, item->glyphs->len);
}

/* pdftoppm, like most printers' rasterisers, snaps thin axis-aligned strokes to whole
 * device pixels ("stroke adjustment"); the preview does the same, so that a 0.3 mm rule is
 * as crisp on screen as on paper and the two renderings match. */
static double
snapped_width (cairo_t *cr,
               double   width)
{
  double dx = width, dy = 0, device;

  cairo_user_to_device_distance (cr, &dx, &dy);
  device = MAX (1.0, round (hypot (dx, dy)));
  return width * device / hypot (dx, dy);
}

/* The stroke centre near @x (or @y) whose edges fall on device pixel boundaries. */
static void
snap_centre (cairo_t *cr,
             double   width,
             double  *x,
             double  *y)
{
  double dx = width, dy = 0, device_width, px = *x, py = *y;

  cairo_user_to_device_distance (cr, &dx, &dy);
  device_width = round (hypot (dx, dy));
  cairo_user_to_device (cr, &px, &py);
  px = round (px - device_width / 2) + device_width / 2;
  py = round (py - device_width / 2) + device_width / 2;
  cairo_device_to_user (cr, &px, &py);
  *x = px;
  *y = py;
}

static void
stroke_path (cairo_t                 *cr,
             const KakanaiLayoutItem *item,
             double                   width)
{
  set_color (cr, item->color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_line (cairo_t                 *cr,
           const KakanaiLayoutItem *item)
{
  double width = snapped_width (cr, item->line_width);
  double x1 = item->x, y1 = item->y, x2 = item->x2, y2 = item->y2;

  if (item->line_width <= 0)
    return;
  if (y1 == y2 || x1 == x2)
    {
      double sx = x1, sy = y1;

      snap_centre (cr, width, &sx, &sy);
      if (y1 == y2)
        y1 = y2 = sy;
      else
        x1 = x2 = sx;
    }
  if (item->dash > 0)
    cairo_set_dash (cr, &item->dash, 1, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  stroke_path (cr, item, width);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_rect (cairo_t                 *cr,
           const KakanaiLayoutItem *item)
{
  double width, left = item->x, top = item->y;
  double right = item->x + item->width, bottom = item->y + item->height;

  if (item->has_fill)
    {
      set_color (cr, item->fill);
      cairo_rectangle (cr, item->x, item->y, item->width, item->height);
      cairo_fill (cr);
    }
  if (item->line_width <= 0)
    return;
  width = snapped_width (cr, item->line_width);
  snap_centre (cr, width, &left, &top);
  snap_centre (cr, width, &right, &bottom);
  cairo_rectangle (cr, left, top, right - left, bottom - top);
  stroke_path (cr, item, width);
}

static void
draw_ellipse (cairo_t                 *cr,
              const KakanaiLayoutItem *item)
{
  cairo_save (cr);
  cairo_translate (cr, item->x, item->y);
  cairo_scale (cr, item->width, item->height);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  if (item->has_fill)
    {
      set_color (cr, item->fill);
      cairo_fill_preserve (cr);
    }
  if (item->line_width > 0)
    stroke_path (cr, item, item->line_width);
  cairo_new_path (cr);
}

static gboolean
draw_item (cairo_t                  *cr,
           KakanaiLayout            *layout,
           const KakanaiLayoutItem  *item,
           GError                  **error)
{
  switch (item->type)
    {
    case KAKANAI_ITEM_GLYPHS:
      draw_glyphs (cr, item);
      break;
    case KAKANAI_ITEM_LINE:
      draw_line (cr, item);
      break;
    case KAKANAI_ITEM_RECT:
      draw_rect (cr, item);
      break;
    case KAKANAI_ITEM_ELLIPSE:
      draw_ellipse (cr, item);
      break;
    case KAKANAI_ITEM_IMAGE:
      return draw_image (cr, layout, item, error);
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* cairo keeps the first failure in the context (and its target) and ignores what follows. */
static gboolean
check_cairo (cairo_t  *cr,
             GError  **error)
{
  cairo_status_t status = cairo_status (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (cairo_get_target (cr));
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
               _("Cannot draw the page: %s"), cairo_status_to_string (status));
  return FALSE;
}

gboolean
kakanai_cairo_render_page (KakanaiLayout  *layout,
                           guint           page,
                           cairo_t        *cr,
                           double          px_per_mm,
                           GError        **error)
{
  const KakanaiLayoutPage *layout_page = kakanai_layout_get_page (layout, page);
  cairo_font_options_t *options;
  gboolean ok = TRUE;

  g_return_val_if_fail (layout_page != NULL, FALSE);
  g_return_val_if_fail (cr != NULL && px_per_mm > 0, FALSE);

  if (!check_cairo (cr, error))
    return FALSE;
  cairo_save (cr);
  cairo_scale (cr, px_per_mm, px_per_mm);

  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, layout_page->width, layout_page->height);
  cairo_fill (cr);
  if (layout_page->background != NULL)
    ok = kakanai_background_draw (layout_page->background, cr, layout_page->width,
                                  layout_page->height, error);

  for (guint i = 0; ok && i < layout_page->items->len; i++)
    ok = draw_item (cr, layout, g_ptr_array_index (layout_page->items, i), error);
  cairo_restore (cr);
  return ok && check_cairo (cr, error);
}

cairo_surface_t *
kakanai_cairo_render_page_to_surface (KakanaiLayout  *layout,
                                      guint           page,
                                      double          dpi,
                                      GError        **error)
{
  double width_mm, height_mm, px_per_mm = dpi / 25.4;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (dpi > 0, NULL);
  kakanai_layout_get_page_size (layout, page, &width_mm, &height_mm);

  /* Rounded up as poppler's pdftoppm does, so both images have the same size. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width_mm * px_per_mm - 1e-6),
                                        (int) ceil (height_mm * px_per_mm - 1e-6));
  cr = cairo_create (surface);
  ok = kakanai_cairo_render_page (layout, page, cr, px_per_mm, error);
  cairo_destroy (cr);
  if (!ok)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

typedef struct {
  KakanaiOutputFile *file;
  GError            *error;
} PngSink;

static cairo_status_t
write_png_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  PngSink *sink = closure;

  if (sink->error == NULL && !kakanai_output_file_write (sink->file, data, length, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return sink->error == NULL ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
kakanai_png_render_page (KakanaiLayout *layout,
                         guint          page,
                         double         dpi,
                         const char    *path,
                         GError       **error)
{
  g_autoptr(KakanaiOutputFile) file = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PngSink sink = { 0 };

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (page >= kakanai_layout_get_n_pages (layout) || !(dpi > 0 && dpi <= 1200))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("No page %u at %g dpi to render"), page + 1, dpi);
      return FALSE;
    }
  surface = kakanai_cairo_render_page_to_surface (layout, page, dpi, error);
  if (surface == NULL)
    return FALSE;
  /* The picture holds the resident's data: straight from cairo into the private file. */
  sink.file = file = kakanai_output_file_begin (path, error);
  if (file == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  status = cairo_surface_write_to_png_stream (surface, write_png_bytes, &sink);
  cairo_surface_destroy (surface);
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
                   _("Cannot write %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return kakanai_output_file_commit (g_steal_pointer (&file), error);
}
