/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-scan-suggest.c: fields suggested from a scanned form.
 *
 * The image is decoded by the template images' own decoder (kakanai-image.c: the same limits
 * and messages as a template's image, and never a second PNG or JPEG reader), its text read
 * by tesseract (Japanese, one box per character), and its pixels averaged down to the
 * resolution the ruled lines are found at. Then the same piece as for a PDF page finds the
 * labels, their keys and the empty cells (kakanai-suggest-private.h).
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "kakanai-forms-error.h"
#include "kakanai-image-private.h"
#include "kakanai-pdf-suggest.h"
#include "kakanai-suggest-private.h"

#define DEFAULT_DPI 300.0
/* tesseract reads Japanese best at about 300 dpi; a finer scan is scaled down to it. */
#define OCR_MAX_DPI 400.0
#define MIN_CONFIDENCE 30.0f
#define MIN_PAGE_MM 30.0
#define EM_PER_INK 1.1

/* The page's size: an A-series shape is taken to be A4 (the counter's paper), anything else
 * a 300 dpi scan. */
static void
page_size (guint width_px, guint height_px, double *width_mm, double *height_mm)
{
  double ratio = (double) MAX (width_px, height_px) / MIN (width_px, height_px);

  if (fabs (ratio - G_SQRT2) < 0.03)
    {
      gboolean portrait = height_px >= width_px;

      *width_mm = portrait ? 210 : 297;
      *height_mm = portrait ? 297 : 210;
      return;
    }
  *width_mm = round (width_px / DEFAULT_DPI * 25.4 * 100) / 100;
  *height_mm = round (height_px / DEFAULT_DPI * 25.4 * 100) / 100;
}

static guint8
grey_at (const guint8 *rgb, guint width, guint x, guint y)
{
  const guint8 *p = rgb + ((gsize) y * width + x) * 3;

  return (guint8) ((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
}

/* The image in grey for tesseract, at @scale of its size. */
static PIX *
grey_pix (const KakanaiImage *image, double scale)
{
  guint width = kakanai_image_get_width (image), height = kakanai_image_get_height (image);
  guint out_width = MAX (1, (guint) (width * scale)), out_height = MAX (1, (guint) (height * scale));
  const guint8 *rgb = kakanai_image_get_rgb (image);
  PIX *pix = pixCreate ((l_int32) out_width, (l_int32) out_height, 8);
  l_uint32 *data;
  l_int32 wpl;

  if (pix == NULL)
    return NULL;
  data = pixGetData (pix);
  wpl = pixGetWpl (pix);
  for (guint y = 0; y < out_height; y++)
    for (guint x = 0; x < out_width; x++)
      SET_DATA_BYTE (data + (gsize) y * wpl, x,
                     grey_at (rgb, width, MIN (width - 1, (guint) (x / scale)), MIN (height - 1, (guint) (y / scale))));
  return pix;
}

/* The dark pixels at KAKANAI_SUGGEST_PX_PER_MM: each the mean of the image's pixels it
 * covers, so that a scan's speckles fade and its thin rules stay. */
static guint8 *
dark_pixels (const KakanaiImage *image, double width_mm, double height_mm, int *width_px, int *height_px)
{
  guint width = kakanai_image_get_width (image), height = kakanai_image_get_height (image);
  const guint8 *rgb = kakanai_image_get_rgb (image);
  int out_width = (int) ceil (width_mm * KAKANAI_SUGGEST_PX_PER_MM);
  int out_height = (int) ceil (height_mm * KAKANAI_SUGGEST_PX_PER_MM);
  double sx = (double) width / out_width, sy = (double) height / out_height;
  guint8 *dark = g_malloc0 ((gsize) out_width * out_height);

  for (int y = 0; y < out_height; y++)
    {
      guint y0 = (guint) (y * sy), y1 = MAX (y0 + 1, MIN (height, (guint) ((y + 1) * sy)));

      for (int x = 0; x < out_width; x++)
        {
          guint x0 = (guint) (x * sx), x1 = MAX (x0 + 1, MIN (width, (guint) ((x + 1) * sx)));
          guint64 sum = 0, n = 0;

          for (guint yy = y0; yy < y1 && yy < height; yy++)
            for (guint xx = x0; xx < x1 && xx < width; xx++)
              sum += grey_at (rgb, width, xx, yy), n++;
          dark[(gsize) y * out_width + x] = n > 0 && sum / n < KAKANAI_SUGGEST_DARK_LEVEL;
        }
    }
  *width_px = out_width, *height_px = out_height;
  return dark;
}

/* What tesseract takes for a character but is a piece of a rule or a speck (a dotted rule
 * reads as ニーニー: flat marks are not kept). */
static gboolean
is_noise (gunichar c, double width, double height)
{
  return c == '|' || c == '_' || c == '-' || c == '=' || c == '~' || c == 0x2014 || c == 0x2015 ||
         width > 4 * height || height > 4 * width || MAX (width, height) < 1.0;
}

/* Every character tesseract reads, with its box in mm. */
static GArray *
read_characters (PIX *pix, double mm_per_px, double dpi, GError **error)
{
  TessBaseAPI *api = TessBaseAPICreate ();
  TessResultIterator *it = NULL;
  GArray *chars = NULL;

  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  if (TessBaseAPIInit3 (api, NULL, "jpn") != 0)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("the Japanese text recognition data is not installed (the Debian package tesseract-ocr-jpn)"));
      goto out;
    }
  /* Labels stand alone in table cells: sparse text finds them where a page layout would not. */
  TessBaseAPISetPageSegMode (api, PSM_SPARSE_TEXT);
  TessBaseAPISetImage2 (api, pix);
  TessBaseAPISetSourceResolution (api, (int) round (dpi));
  if (TessBaseAPIRecognize (api, NULL) != 0)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("its text could not be read"));
      goto out;
    }
  chars = g_array_new (FALSE, FALSE, sizeof (KakanaiSuggestChar));
  it = TessBaseAPIGetIterator (api);
  if (it == NULL)
    goto out;
  do
    {
      char *text = TessResultIteratorGetUTF8Text (it, RIL_SYMBOL);
      int left, top, right, bottom;

      if (text != NULL && g_utf8_validate (text, -1, NULL) && *text != '\0' &&
          TessResultIteratorConfidence (it, RIL_SYMBOL) >= MIN_CONFIDENCE &&
          TessPageIteratorBoundingBox (TessResultIteratorGetPageIteratorConst (it), RIL_SYMBOL,
                                       &left, &top, &right, &bottom))
        {
          gunichar character = g_utf8_get_char (text);
          double width = (right - left) * mm_per_px, height = (bottom - top) * mm_per_px;
          /* tesseract boxes the ink; PDF text, what the rest works with, boxes the em square.
           * Japanese characters are nearly square: an em is about the larger side. */
          double em = MAX (width, height) * EM_PER_INK;
          double cx = (left + right) / 2.0 * mm_per_px, cy = (top + bottom) / 2.0 * mm_per_px;
          KakanaiSuggestChar c = { cx - em / 2, cy - em / 2, cx + em / 2, cy + em / 2, character };

          if (!is_noise (character, width, height))
            g_array_append_val (chars, c);
        }
      TessDeleteText (text);
    }
  while (TessResultIteratorNext (it, RIL_SYMBOL));

out:
  if (it != NULL)
    TessResultIteratorDelete (it);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return chars;
}

GPtrArray *
kakanai_scan_suggest_fields (GBytes     *bytes,
                             const char *name,
                             double     *width_mm,
                             double     *height_mm,
                             GError    **error)
{
  g_autoptr(KakanaiImage) image = NULL;
  g_autoptr(GArray) chars = NULL;
  g_autofree guint8 *dark = NULL;
  PIX *pix = NULL;
  double width, height, dpi, scale;
  int width_px, height_px;
  GPtrArray *out = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  image = kakanai_image_new_from_bytes (bytes, name, error);
  if (image == NULL)
    return NULL;
  page_size (kakanai_image_get_width (image), kakanai_image_get_height (image), &width, &height);
  if (width < MIN_PAGE_MM || height < MIN_PAGE_MM)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("the image “%s” is %u × %u pixels: too small for a scanned page (scan it at 300 dpi)"),
                   name, kakanai_image_get_width (image), kakanai_image_get_height (image));
      return NULL;
    }
  if (width_mm != NULL)
    *width_mm = width;
  if (height_mm != NULL)
    *height_mm = height;
  /* Leptonica's messages would go to stderr; errors here come back as GErrors. */
  setMsgSeverity (L_SEVERITY_NONE);
  dpi = kakanai_image_get_width (image) / (width / 25.4);
  scale = dpi > OCR_MAX_DPI ? DEFAULT_DPI / dpi : 1.0;
  pix = grey_pix (image, scale);
  if (pix != NULL)
    {
      /* A scanner's speckles read as characters and break labels apart: a 3 × 3 median
       * removes them and keeps strokes (a 7 pt label's are 3 pixels wide at 300 dpi). */
      PIX *smooth = pixRankFilterGray (pix, 3, 3, 0.5f);

      if (smooth != NULL)
        {
          pixDestroy (&pix);
          pix = smooth;
        }
    }
  if (pix == NULL)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE, _("the image is too large"));
      return NULL;
    }
  chars = read_characters (pix, width / pixGetWidth (pix), dpi * scale, error);
  pixDestroy (&pix);
  if (chars == NULL)
    return NULL;
  dark = dark_pixels (image, width, height, &width_px, &height_px);
  out = kakanai_suggest_on_page (dark, width_px, height_px, chars, width, height, error);
  return out;
}
