/* kakanai-cairo.c: the cairo renderer of a layout (the kiosk's preview and PNG).
 *
 * It draws the very items the PDF renderer writes: same glyph ids from the same font
 * files at the same positions. Hinting is off so the preview matches print.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <jpeglib.h>

#include "kakanai-cairo.h"
#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"
#include "kakanai-layout-private.h"

/* ---- images ------------------------------------------------------------------------- */

typedef struct {
  struct jpeg_error_mgr manager;
  jmp_buf               escape;
} JpegErrorTrap;

static void
on_jpeg_error (j_common_ptr info)
{
  JpegErrorTrap *trap = (JpegErrorTrap *) info->err;
  longjmp (trap->escape, 1);
}

static void
on_jpeg_message (j_common_ptr info)
{
  /* Warnings about a damaged file: the picture is still drawn as well as it decodes. */
}

/* libjpeg reports errors by longjmp; nothing here may own memory across it but cinfo. */
static cairo_surface_t *
load_jpeg (const char *path)
{
  struct jpeg_decompress_struct cinfo;
  JpegErrorTrap trap;
  cairo_surface_t *volatile surface = NULL;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    return NULL;
  cinfo.err = jpeg_std_error (&trap.manager);
  trap.manager.error_exit = on_jpeg_error;
  trap.manager.output_message = on_jpeg_message;
  if (setjmp (trap.escape))
    {
      jpeg_destroy_decompress (&cinfo);
      fclose (file);
      if (surface != NULL)
        cairo_surface_destroy (surface);
      return NULL;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_stdio_src (&cinfo, file);
  jpeg_read_header (&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress (&cinfo);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cinfo.output_width, cinfo.output_height);
  {
    guint8 *pixels = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    g_autofree guint8 *row = g_malloc (cinfo.output_width * 3);

    while (cinfo.output_scanline < cinfo.output_height)
      {
        guint32 *out = (guint32 *) (pixels + cinfo.output_scanline * stride);
        JSAMPROW rows[1] = { row };

        jpeg_read_scanlines (&cinfo, rows, 1);
        for (guint x = 0; x < cinfo.output_width; x++)
          out[x] = 0xff000000u | row[3 * x] << 16 | row[3 * x + 1] << 8 | row[3 * x + 2];
      }
  }
  cairo_surface_mark_dirty (surface);
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  fclose (file);
  return surface;
}

static cairo_surface_t *
load_image (KakanaiLayout           *layout,
            const KakanaiLayoutItem *item)
{
  GHashTable *cache = kakanai_layout_get_image_cache (layout, (GDestroyNotify) cairo_surface_destroy);
  cairo_surface_t *image = g_hash_table_lookup (cache, item->image_path);

  if (image != NULL)
    return image;
  image = item->image_format == KAKANAI_IMAGE_PNG
            ? cairo_image_surface_create_from_png (item->image_path)
            : load_jpeg (item->image_path);
  if (image == NULL)
    return NULL;
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (image) <= 0 || cairo_image_surface_get_height (image) <= 0)
    {
      cairo_surface_destroy (image);
      return NULL;
    }
  g_hash_table_insert (cache, g_strdup (item->image_path), image);
  return image;
}

static void
draw_image (cairo_t                 *cr,
            KakanaiLayout           *layout,
            const KakanaiLayoutItem *item)
{
  cairo_surface_t *image = load_image (layout, item);

  if (image == NULL)
    return;
  cairo_save (cr);
  cairo_translate (cr, item->x, item->y);
  cairo_scale (cr, item->width / cairo_image_surface_get_width (image),
               item->height / cairo_image_surface_get_height (image));
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
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

static void
draw_item (cairo_t                 *cr,
           KakanaiLayout           *layout,
           const KakanaiLayoutItem *item)
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
      draw_image (cr, layout, item);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
kakanai_cairo_render_page (KakanaiLayout *layout,
                           guint          page,
                           cairo_t       *cr,
                           double         px_per_mm)
{
  const KakanaiLayoutPage *layout_page = kakanai_layout_get_page (layout, page);
  cairo_font_options_t *options;

  g_return_if_fail (layout_page != NULL);
  g_return_if_fail (cr != NULL && px_per_mm > 0);

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

  for (guint i = 0; i < layout_page->items->len; i++)
    draw_item (cr, layout, g_ptr_array_index (layout_page->items, i));
  cairo_restore (cr);
}

cairo_surface_t *
kakanai_cairo_render_page_to_surface (KakanaiLayout *layout,
                                      guint          page,
                                      double         dpi)
{
  double width_mm, height_mm, px_per_mm = dpi / 25.4;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (dpi > 0, NULL);
  kakanai_layout_get_page_size (layout, page, &width_mm, &height_mm);

  /* Rounded up as poppler's pdftoppm does, so both images have the same size. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width_mm * px_per_mm - 1e-6),
                                        (int) ceil (height_mm * px_per_mm - 1e-6));
  cr = cairo_create (surface);
  kakanai_cairo_render_page (layout, page, cr, px_per_mm);
  cairo_destroy (cr);
  return surface;
}

gboolean
kakanai_png_render_page (KakanaiLayout *layout,
                         guint          page,
                         double         dpi,
                         const char    *path,
                         GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (page >= kakanai_layout_get_n_pages (layout) || !(dpi > 0 && dpi <= 1200))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("No page %u at %g dpi to render"), page + 1, dpi);
      return FALSE;
    }
  surface = kakanai_cairo_render_page_to_surface (layout, page, dpi);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
                   _("Cannot write %s: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
