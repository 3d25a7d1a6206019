/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-image.c: decoding template images with libpng and libjpeg, whose errors come
 * back here by longjmp instead of ending the process.
 *
 * Both libraries escape from an error with longjmp: between setjmp and the end of a
 * decode, only the decoder's own state and the `volatile` pointers below own memory. */
#define G_LOG_DOMAIN "kakanai-forms"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <jpeglib.h>
#include <png.h>

#include "kakanai-forms-error.h"
#include "kakanai-image-private.h"

/* A progressive JPEG may have any number of scans, each a pass over the whole image;
 * real files have about ten. */
#define MAX_JPEG_SCANS 100
/* libpng's limit on one chunk's memory (iCCP, zTXt after inflating). */
#define MAX_PNG_CHUNK_BYTES (4u * 1024 * 1024)
#define MAX_PNG_ANCILLARY_CHUNKS 1000
/* libjpeg's working memory, beyond the pixels themselves. */
#define MAX_JPEG_WORK_BYTES (64L * 1024 * 1024)

struct _KakanaiImage
{
  gatomicrefcount  ref_count;
  guint            width;
  guint            height;
  guint8          *rgb;
  guint8          *alpha; /* NULL: opaque */
  GBytes          *jpeg;  /* see kakanai_image_get_jpeg() */
};

/* Why a decode failed, as the library said it. */
typedef struct {
  jmp_buf escape;
  char    message[200];
} DecodeTrap;

static gboolean
fail_damaged (const char  *name,
              const char  *why,
              GError     **error)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
               _("the image “%s” is damaged (%s); save it again as PNG or JPEG"), name, why);
  return FALSE;
}

/* Both formats store sides in 32 bits (PNG in 31). */
static gboolean
check_dimensions (const char  *name,
                  guint32      width,
                  guint32      height,
                  GError     **error)
{
  if (width > 0 && height > 0 && width <= KAKANAI_IMAGE_MAX_SIDE &&
      height <= KAKANAI_IMAGE_MAX_SIDE && (guint64) width * height <= KAKANAI_IMAGE_MAX_PIXELS)
    return TRUE;
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
               _("the image “%s” is %u × %u pixels; at most %u on a side and %u million in all are accepted"),
               name, width, height, KAKANAI_IMAGE_MAX_SIDE, KAKANAI_IMAGE_MAX_PIXELS / 1000000);
  return FALSE;
}

static KakanaiImage *
image_new (guint width,
           guint height)
{
  KakanaiImage *image = g_new0 (KakanaiImage, 1);

  g_atomic_ref_count_init (&image->ref_count);
  image->width = width;
  image->height = height;
  /* Within the limits above, at most 108 MB; a machine without it is refused, not ended. */
  image->rgb = g_try_malloc ((gsize) width * height * 3);
  return image;
}

/* Keeps the opacity only where some pixel is not opaque. */
static void
split_rgba (KakanaiImage *image,
            const guint8 *rgba)
{
  gsize n = (gsize) image->width * image->height;
  gboolean opaque = TRUE;

  for (gsize i = 0; i < n; i++)
    {
      memcpy (image->rgb + 3 * i, rgba + 4 * i, 3);
      opaque = opaque && rgba[4 * i + 3] == 0xff;
    }
  if (opaque)
    return;
  image->alpha = g_try_malloc (n);
  if (image->alpha == NULL)
    {
      /* Drawn opaque rather than not at all: only a seal's soft edge is lost. */
      return;
    }
  for (gsize i = 0; i < n; i++)
    image->alpha[i] = rgba[4 * i + 3];
}

/* ---- PNG --------------------------------------------------------------------------- */

typedef struct {
  DecodeTrap    trap;
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngSource;

static void
on_png_error (png_structp png, png_const_charp message)
{
  PngSource *source = png_get_error_ptr (png);

  g_strlcpy (source->trap.message, message, sizeof source->trap.message);
  longjmp (source->trap.escape, 1);
}

static void
on_png_warning (png_structp png, png_const_charp message)
{
  /* Warnings concern ancillary chunks (a colour profile, text); the pixels are sound. */
}

static void
read_png_bytes (png_structp png, png_bytep out, png_size_t length)
{
  PngSource *source = png_get_io_ptr (png);

  if (length > source->size - source->offset)
    png_error (png, _("the file ends too early"));
  memcpy (out, source->data + source->offset, length);
  source->offset += length;
}

static KakanaiImage *
decode_png (const guint8  *data,
            gsize          size,
            const char    *name,
            GError       **error)
{
  PngSource source = { .data = data, .size = size };
  png_structp png;
  png_infop info = NULL;
  KakanaiImage *volatile image = NULL;
  guint8 *volatile rgba = NULL;
  png_bytep *volatile rows = NULL;
  png_uint_32 width, height;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &source, on_png_error, on_png_warning);
  if (png == NULL || (info = png_create_info_struct (png)) == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      fail_damaged (name, _("out of memory"), error);
      return NULL;
    }
  if (setjmp (source.trap.escape))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (rows);
      g_free (rgba);
      if (image != NULL)
        kakanai_image_unref (image);
      fail_damaged (name, source.trap.message, error);
      return NULL;
    }
  png_set_read_fn (png, &source, read_png_bytes);
  /* No png_set_user_limits: its refusal says only "Invalid IHDR data"; the size is
   * checked below, before any pixel memory, with a message that gives it. */
  png_set_chunk_malloc_max (png, MAX_PNG_CHUNK_BYTES);
  png_set_chunk_cache_max (png, MAX_PNG_ANCILLARY_CHUNKS);
  png_read_info (png, info);

  width = png_get_image_width (png, info);
  height = png_get_image_height (png, info);
  if (!check_dimensions (name, width, height, error))
    {
      png_destroy_read_struct (&png, &info, NULL);
      return NULL;
    }
  /* Every kind of PNG becomes 8-bit RGBA. */
  png_set_expand (png);
  png_set_strip_16 (png);
  png_set_gray_to_rgb (png);
  png_set_add_alpha (png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);
  if (png_get_rowbytes (png, info) != (gsize) width * 4)
    png_error (png, _("unexpected pixel layout"));

  image = image_new (width, height);
  rgba = g_try_malloc ((gsize) width * height * 4);
  rows = g_try_new (png_bytep, height);
  if (image->rgb == NULL || rgba == NULL || rows == NULL)
    png_error (png, _("out of memory"));
  for (png_uint_32 y = 0; y < height; y++)
    rows[y] = rgba + (gsize) y * width * 4;
  png_read_image (png, rows);
  png_read_end (png, NULL);
  png_destroy_read_struct (&png, &info, NULL);

  split_rgba (image, rgba);
  g_free (rows);
  g_free (rgba);
  return image;
}

/* ---- JPEG -------------------------------------------------------------------------- */

typedef struct {
  struct jpeg_error_mgr       manager;
  struct jpeg_progress_mgr    progress;
  DecodeTrap                  trap;
} JpegSource;

static void
on_jpeg_error (j_common_ptr info)
{
  JpegSource *source = (JpegSource *) info->err;

  info->err->format_message (info, source->trap.message);
  longjmp (source->trap.escape, 1);
}

/* A corrupt-data warning means libjpeg invents the pixels it could not read: refused, so
 * that no form is printed with a half-grey background. */
static void
on_jpeg_message (j_common_ptr info, int level)
{
  if (level < 0)
    info->err->error_exit (info);
}

static void
on_jpeg_progress (j_common_ptr info)
{
  j_decompress_ptr cinfo = (j_decompress_ptr) info;
  JpegSource *source = (JpegSource *) info->err;

  if (cinfo->input_scan_number > MAX_JPEG_SCANS)
    {
      g_snprintf (source->trap.message, sizeof source->trap.message,
                  _("more than %d progressive scans"), MAX_JPEG_SCANS);
      longjmp (source->trap.escape, 1);
    }
}

/* CMYK as Adobe writes it (inverted), as print software shows it. */
static void
cmyk_row_to_rgb (const guint8 *cmyk,
                 guint8       *rgb,
                 guint         width,
                 gboolean      inverted)
{
  for (guint x = 0; x < width; x++)
    {
      guint c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];

      if (!inverted)
        c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
      rgb[3 * x] = c * k / 255;
      rgb[3 * x + 1] = m * k / 255;
      rgb[3 * x + 2] = y * k / 255;
    }
}

static KakanaiImage *
decode_jpeg (const guint8  *data,
             gsize          size,
             const char    *name,
             GError       **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegSource source = { 0 };
  KakanaiImage *volatile image = NULL;
  guint8 *volatile cmyk_row = NULL;
  gboolean cmyk, embeddable;

  cinfo.err = jpeg_std_error (&source.manager);
  source.manager.error_exit = on_jpeg_error;
  source.manager.emit_message = on_jpeg_message;
  source.progress.progress_monitor = on_jpeg_progress;
  if (setjmp (source.trap.escape))
    {
      jpeg_destroy_decompress (&cinfo);
      g_free (cmyk_row);
      if (image != NULL)
        kakanai_image_unref (image);
      fail_damaged (name, source.trap.message, error);
      return NULL;
    }
  jpeg_create_decompress (&cinfo);
  cinfo.progress = &source.progress;
  cinfo.mem->max_memory_to_use = MAX_JPEG_WORK_BYTES;
  jpeg_mem_src (&cinfo, data, size);
  jpeg_read_header (&cinfo, TRUE);
  /* Before any pixel memory: the header alone says how large the image claims to be. */
  if (!check_dimensions (name, cinfo.image_width, cinfo.image_height, error))
    {
      jpeg_destroy_decompress (&cinfo);
      return NULL;
    }
  cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  jpeg_start_decompress (&cinfo);

  image = image_new (cinfo.output_width, cinfo.output_height);
  if (cmyk)
    cmyk_row = g_try_malloc ((gsize) cinfo.output_width * 4);
  if (image->rgb == NULL || (cmyk && cmyk_row == NULL))
    {
      g_strlcpy (source.trap.message, _("out of memory"), sizeof source.trap.message);
      longjmp (source.trap.escape, 1);
    }
  while (cinfo.output_scanline < cinfo.output_height)
    {
      guint8 *out = image->rgb + (gsize) cinfo.output_scanline * image->width * 3;
      JSAMPROW row[1] = { cmyk ? cmyk_row : out };

      if (jpeg_read_scanlines (&cinfo, row, 1) != 1)
        {
          g_strlcpy (source.trap.message, _("the file ends too early"), sizeof source.trap.message);
          longjmp (source.trap.escape, 1);
        }
      if (cmyk)
        cmyk_row_to_rgb (cmyk_row, out, image->width, cinfo.saw_Adobe_marker);
    }
  jpeg_finish_decompress (&cinfo);
  /* PDF readers decode 8-bit Huffman-coded grey and YCbCr JPEGs as libjpeg does; CMYK
   * ones they may invert (Adobe's convention), arithmetic coding some cannot read: those
   * go to the PDF as the pixels decoded here. */
  embeddable = (cinfo.jpeg_color_space == JCS_GRAYSCALE || cinfo.jpeg_color_space == JCS_YCbCr) &&
               !cinfo.arith_code && cinfo.data_precision == 8;
  jpeg_destroy_decompress (&cinfo);
  g_free (cmyk_row);
  if (embeddable)
    image->jpeg = g_bytes_new (data, size);
  return image;
}

/* ---- public ------------------------------------------------------------------------ */

KakanaiImage *
kakanai_image_new_from_bytes (GBytes      *bytes,
                              const char  *name,
                              GError     **error)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg_magic[] = { 0xff, 0xd8, 0xff };
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  KakanaiImage *image;

  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);

  if (size >= sizeof png_magic && memcmp (data, png_magic, sizeof png_magic) == 0)
    image = decode_png (data, size, name, error);
  else if (size >= sizeof jpeg_magic && memcmp (data, jpeg_magic, sizeof jpeg_magic) == 0)
    image = decode_jpeg (data, size, name, error);
  else
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the image “%s” is neither PNG nor JPEG"), name);
      return NULL;
    }
  return image;
}

KakanaiImage *
kakanai_image_ref (KakanaiImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_atomic_ref_count_inc (&image->ref_count);
  return image;
}

void
kakanai_image_unref (KakanaiImage *image)
{
  if (image == NULL || !g_atomic_ref_count_dec (&image->ref_count))
    return;
  g_free (image->rgb);
  g_free (image->alpha);
  g_clear_pointer (&image->jpeg, g_bytes_unref);
  g_free (image);
}

guint
kakanai_image_get_width (const KakanaiImage *image)
{
  return image->width;
}

guint
kakanai_image_get_height (const KakanaiImage *image)
{
  return image->height;
}

const guint8 *
kakanai_image_get_rgb (const KakanaiImage *image)
{
  return image->rgb;
}

const guint8 *
kakanai_image_get_alpha (const KakanaiImage *image)
{
  return image->alpha;
}

GBytes *
kakanai_image_get_jpeg (const KakanaiImage *image)
{
  return image->jpeg;
}
