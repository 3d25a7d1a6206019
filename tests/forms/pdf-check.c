/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf-check.c: looking at PDFs from the outside, shared by the forms tests. */
#define G_LOG_DOMAIN "kakanai-test"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "kakanai-cairo.h"
#include "pdf-check.h"

#define PREVIEW_DPI KAKANAI_TEST_PREVIEW_DPI
#define PIXEL_LEVEL_TOLERANCE 64
#define PIXEL_SHARE_TOLERANCE 0.005

char *
kakanai_test_run_tool (const char * const *argv,
          int                *status_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);
  if (status_out != NULL)
    *status_out = status;
  else if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

void
kakanai_test_word_free (gpointer data)
{
  Word *word = data;
  g_free (word->text);
  g_free (word);
}

GPtrArray *
kakanai_test_extract_words (const char *pdf_path)
{
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", pdf_path, "-", NULL };
  g_autofree char *out = kakanai_test_run_tool (argv, NULL);
  g_autoptr(GRegex) regex = g_regex_new (
    "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>",
    0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (kakanai_test_word_free);

  g_regex_match (regex, out, 0, &match);
  while (g_match_info_matches (match))
    {
      Word *word = g_new0 (Word, 1);
      g_autofree char *x_min = g_match_info_fetch (match, 1), *y_min = g_match_info_fetch (match, 2);
      g_autofree char *x_max = g_match_info_fetch (match, 3), *y_max = g_match_info_fetch (match, 4);

      word->x_min = g_ascii_strtod (x_min, NULL);
      word->y_min = g_ascii_strtod (y_min, NULL);
      word->x_max = g_ascii_strtod (x_max, NULL);
      word->y_max = g_ascii_strtod (y_max, NULL);
      word->text = g_match_info_fetch (match, 5);
      g_ptr_array_add (words, word);
      g_match_info_next (match, NULL);
    }
  return words;
}

static guint8 *
grey_pixels (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint8 *grey = g_malloc ((gsize) width * height);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = ((const guint32 *) (data + y * stride))[x];
        guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        grey[y * width + x] = (guint8) ((r * 299 + g * 587 + b * 114) / 1000);
      }
  return grey;
}

/* Pixels of @a with no pixel of @b within 1 px closer than the level tolerance. */
static guint
count_unmatched (const guint8 *a,
                 const guint8 *b,
                 int           width,
                 int           height)
{
  guint unmatched = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int best = 255;

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int nx = x + dx, ny = y + dy;

              if (nx >= 0 && ny >= 0 && nx < width && ny < height)
                best = MIN (best, abs ((int) a[y * width + x] - (int) b[ny * width + nx]));
            }
        unmatched += best > PIXEL_LEVEL_TOLERANCE;
      }
  return unmatched;
}

static guint
count_ink (const guint8 *grey,
           gsize         n)
{
  guint ink = 0;

  for (gsize i = 0; i < n; i++)
    ink += grey[i] < 128;
  return ink;
}

/* Renders @pdf_path with pdftoppm and @layout with cairo at the same DPI and compares. */
void
kakanai_test_assert_preview_equals_print (KakanaiLayout *layout,
                             const char    *pdf_path,
                             const char    *dir)
{
  g_autofree char *prefix = g_build_filename (dir, "print", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *dpi = g_strdup_printf ("%d", PREVIEW_DPI);
  const char *argv[] = { "pdftoppm", "-r", dpi, "-png", "-singlefile", "-f", "1", "-l", "1",
                         pdf_path, prefix, NULL };
  cairo_surface_t *print, *preview;
  g_autofree guint8 *print_grey = NULL, *preview_grey = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;
  guint unmatched_print, unmatched_preview, allowed;

  g_free (kakanai_test_run_tool (argv, NULL));
  print = cairo_image_surface_create_from_png (png);
  preview = kakanai_cairo_render_page_to_surface (layout, 0, PREVIEW_DPI, &error);
  g_assert_no_error (error);
  g_unlink (png);

  g_assert_cmpint (cairo_surface_status (print), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (print);
  height = cairo_image_surface_get_height (print);
  g_assert_cmpint (cairo_image_surface_get_width (preview), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (preview), ==, height);

  print_grey = grey_pixels (print);
  preview_grey = grey_pixels (preview);
  /* Both drew the form: the comparison is between two real pictures. */
  g_assert_cmpuint (count_ink (print_grey, (gsize) width * height), >, 2000);
  g_assert_cmpuint (count_ink (preview_grey, (gsize) width * height), >, 2000);

  allowed = (guint) (PIXEL_SHARE_TOLERANCE * width * height);
  unmatched_print = count_unmatched (print_grey, preview_grey, width, height);
  unmatched_preview = count_unmatched (preview_grey, print_grey, width, height);
  g_test_message ("%s: pixels off by more than %d levels: %u (print) %u (preview), allowed %u",
                  pdf_path, PIXEL_LEVEL_TOLERANCE, unmatched_print, unmatched_preview, allowed);
  g_assert_cmpuint (unmatched_print, <=, allowed);
  g_assert_cmpuint (unmatched_preview, <=, allowed);

  cairo_surface_destroy (print);
  cairo_surface_destroy (preview);
}


void
kakanai_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}
