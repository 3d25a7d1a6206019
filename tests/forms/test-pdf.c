/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pdf.c: the PDF and cairo renderers, checked from the outside with poppler and qpdf.
 *
 * - qpdf --check passes; pdffonts shows the font embedded and subset;
 * - pdftotext gives back the very characters, 𠮷 𩸽 髙 﨑 included;
 * - pdftotext -bbox puts each field's text inside the field's box;
 * - preview equals print: pdftoppm's rendering and the cairo rendering at the same DPI
 *   differ in at most 0.5 % of the pixels by more than 64 grey levels, after allowing
 *   each pixel to match any pixel within 1 px (antialiasing differs between the two).
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"
#include "kakanai-layout-private.h"
#include "kakanai-template-private.h"
#include "pdf-check.h"

#define PT_PER_MM (72.0 / 25.4)
#define BBOX_TOLERANCE_PT 1.0

/* Fictitious person. */
static const struct { const char *key, *value, *expected; } fields_data[] = {
  { "card.name", "髙﨑 𠮷野𩸽子", "髙﨑𠮷野𩸽子" },
  { "applicant.name_kana", "タカサキ ヨシノホッケコ", "タカサキヨシノホッケコ" },
  { "card.address", "東京都千代田区千代田一丁目一番一号　千代田ハイツ１０１号室", "東京都千代田区千代田一丁目一番一号千代田ハイツ１０１号室" },
  { "card.sex", "female", NULL },
  { "card.birth_date", "1980-01-01", "1980年1月1日" },
  { "applicant.postal_code", "100-0001", "1000001" },
  { "applicant.phone", "03-1234-5678", "0312345678" },
  { "request.kind", "household", NULL },
  { "request.date", "2024-04-25", "令和6年4月25日" },
  { "request.copies.household", "2", "2通" },
  { "request.purpose_other", "勤務先へ提出するため。", "勤務先へ提出するため。" },
};

typedef struct {
  char            *dir;
  char            *pdf_path;
  KakanaiTemplate *tpl;
  KakanaiLayout   *layout;
  GBytes          *pdf;
} Fixture;

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms",
                                            "templates", "fields.json", NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  guint fds_before;

  fixture->tpl = kakanai_template_new_from_file (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fields_data); i++)
    {
      kakanai_form_data_set (data, fields_data[i].key, fields_data[i].value, &error);
      g_assert_no_error (error);
    }
  fixture->layout = kakanai_layout_new (&fixture->tpl, 1, data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kakanai_layout_get_problems (fixture->layout)->len, ==, 0);

  fds_before = count_open_fds ();
  fixture->pdf = kakanai_pdf_render (fixture->layout, &error);
  g_assert_no_error (error);
  /* The subset fonts lived in memory files: all closed again. */
  g_assert_cmpuint (count_open_fds (), ==, fds_before);

  fixture->dir = g_dir_make_tmp ("kakanai-pdf-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->pdf_path = g_build_filename (fixture->dir, "form.pdf", NULL);
  g_file_set_contents (fixture->pdf_path, g_bytes_get_data (fixture->pdf, NULL),
                       g_bytes_get_size (fixture->pdf), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kakanai_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pdf_path);
  g_bytes_unref (fixture->pdf);
  kakanai_layout_free (fixture->layout);
  kakanai_template_unref (fixture->tpl);
}

static void
test_qpdf_check (Fixture *fixture, gconstpointer user_data)
{
  const char *argv[] = { "qpdf", "--check", fixture->pdf_path, NULL };
  int status;
  g_autofree char *out = kakanai_test_run_tool (argv, &status);

  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qpdf --check: %s", out);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors"));
}

static void
test_fonts_embedded_and_subset (Fixture *fixture, gconstpointer user_data)
{
  const char *argv[] = { "pdffonts", fixture->pdf_path, NULL };
  g_autofree char *out = kakanai_test_run_tool (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n_fonts = 0;

  /* name type encoding emb sub uni object-ID: read the yes/no columns from the end. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      if (*lines[i] == '\0')
        continue;
      for (guint c = 0; columns[c] != NULL; c++)
        if (*columns[c] != '\0')
          g_ptr_array_add (words, columns[c]);
      g_assert_cmpuint (words->len, >=, 7);
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes"); /* emb */
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 4), ==, "yes"); /* sub */
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 3), ==, "yes"); /* uni */
      /* A subset's name has a six-letter tag: ABCDEF+Name. */
      g_assert_cmpint (((char *) g_ptr_array_index (words, 0))[6], ==, '+');
      n_fonts++;
    }
  /* Gothic labels, Mincho fields and IPAmj names: merged into one subset font. */
  g_assert_cmpuint (n_fonts, ==, 1);
  g_assert_nonnull (strstr (out, "+KakanaiIPA-Regular"));
}

static void
test_small_document (Fixture *fixture, gconstpointer user_data)
{
  /* Whole fonts would be megabytes (IPAmj Mincho alone is 46 MB). */
  g_assert_cmpuint (g_bytes_get_size (fixture->pdf), <, 30 * 1024);
}

static void
test_text_extracts_exactly (Fixture *fixture, gconstpointer user_data)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", fixture->pdf_path, "-", NULL };
  g_autofree char *out = kakanai_test_run_tool (argv, NULL);

  g_assert_nonnull (strstr (out, "髙﨑 𠮷野𩸽子"));
  g_assert_nonnull (strstr (out, "令和6年4月25日"));
  g_assert_nonnull (strstr (out, "試験用の書式"));
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  const Word *wa = *(Word **) a, *wb = *(Word **) b;

  if (fabs (wa->y_min - wb->y_min) > 2)
    return wa->y_min < wb->y_min ? -1 : 1;
  return wa->x_min < wb->x_min ? -1 : wa->x_min > wb->x_min;
}

static void
test_fields_land_in_their_boxes (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr(GPtrArray) words = kakanai_test_extract_words (fixture->pdf_path);
  GPtrArray *elements = kakanai_template_get_elements (fixture->tpl);
  guint checked = 0;

  g_ptr_array_sort (words, compare_reading_order);
  for (guint e = 0; e < elements->len; e++)
    {
      const KakanaiElement *element = g_ptr_array_index (elements, e);
      double left = element->x * PT_PER_MM, top = element->y * PT_PER_MM;
      double right = (element->x + element->width) * PT_PER_MM;
      double bottom = (element->y + element->height) * PT_PER_MM;
      g_autoptr(GString) found = g_string_new (NULL);
      const char *expected = NULL;

      if (element->type != KAKANAI_ELEMENT_FIELD || element->mode == KAKANAI_FIELD_CHOICE)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (fields_data); i++)
        if (g_str_equal (fields_data[i].key, element->key))
          expected = fields_data[i].expected;
      g_assert_nonnull (expected);

      for (guint w = 0; w < words->len; w++)
        {
          const Word *word = g_ptr_array_index (words, w);
          double cx = (word->x_min + word->x_max) / 2, cy = (word->y_min + word->y_max) / 2;

          if (cx < left || cx > right || cy < top || cy > bottom)
            continue;
          if (word->x_min < left - BBOX_TOLERANCE_PT || word->x_max > right + BBOX_TOLERANCE_PT ||
              word->y_min < top - BBOX_TOLERANCE_PT || word->y_max > bottom + BBOX_TOLERANCE_PT)
            g_error ("“%s” (%.1f,%.1f–%.1f,%.1f) sticks out of %s's box (%.1f,%.1f–%.1f,%.1f)",
                     word->text, word->x_min, word->y_min, word->x_max, word->y_max,
                     element->key, left, top, right, bottom);
          g_string_append (found, word->text);
        }
      g_assert_cmpstr (found->str, ==, expected);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 9);
}

/* ---- preview equals print ----------------------------------------------------------- */

static void
test_preview_equals_print (Fixture *fixture, gconstpointer user_data)
{
  kakanai_test_assert_preview_equals_print (fixture->layout, fixture->pdf_path, fixture->dir);
}

/* The bundled forms too: many labels, shading, dashed lines, choices. */
static void
test_bundled_preview_equals_print (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "assets", "forms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = kakanai_template_load_dir (dir, &error);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();

  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields_data); i++)
    kakanai_form_data_set (data, fields_data[i].key, fields_data[i].value, NULL);
  kakanai_form_data_set (data, "office.name", "千代田区", NULL);
  /* The forms' own keys: a vertical label, a QR code and choice labels in text fields. */
  kakanai_form_data_set (data, "form.previous_address", "大阪府大阪市北区中之島一丁目3番20号", NULL);
  kakanai_form_data_set (data, "form.moving_date", "2024-04-01", NULL);
  kakanai_form_data_set (data, "form.household.1.name", "髙橋 花子", NULL);
  kakanai_form_data_set (data, "form.household.1.relationship", "spouse", NULL);
  kakanai_form_data_set (data, "form.children.1.name", "髙橋 一郎", NULL);
  kakanai_form_data_set (data, "form.children.1.living", "together", NULL);
  kakanai_form_data_set (data, "form.account_number", "1234567", NULL);

  for (guint t = 0; t < templates->len; t++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (templates, t);
      g_autoptr(KakanaiLayout) layout = kakanai_layout_new (&tpl, 1, data, &error);
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *name = g_strconcat (kakanai_template_get_id (tpl), ".pdf", NULL);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_no_error (error);
      pdf = kakanai_pdf_render (layout, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
      kakanai_test_assert_preview_equals_print (layout, path, fixture->dir);
    }
}

static void
test_preview_png_file (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "preview.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;

  g_assert_true (kakanai_png_render_page (fixture->layout, 0, 50, path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 414); /* 210 mm at 50 dpi */
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 585);
  cairo_surface_destroy (png);

  g_assert_false (kakanai_png_render_page (fixture->layout, 1, 50, path, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER);
}

static void
test_several_forms_one_document (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms",
                                           "templates", NULL);
  g_autoptr(GPtrArray) templates = kakanai_template_load_dir (dir, NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kakanai-pdf-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "two.pdf", NULL);
  const char *argv[] = { "qpdf", "--show-npages", path, NULL };
  g_autofree char *pages = NULL;

  g_assert_nonnull (templates);
  kakanai_form_data_set (data, "office.name", "千代田区", NULL);
  layout = kakanai_layout_new ((KakanaiTemplate **) templates->pdata, templates->len, data, &error);
  g_assert_no_error (error);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  pages = kakanai_test_run_tool (argv, NULL);
  g_assert_cmpint (atoi (pages), ==, 2);
  g_unlink (path);
  g_rmdir (tmp);
}

/* ---- background images ------------------------------------------------------------- */

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  cairo_surface_flush (surface);
  return ((guint32 *) (cairo_image_surface_get_data (surface) +
                       y * cairo_image_surface_get_stride (surface)))[x] & 0xffffff;
}

static gboolean
is_reddish (guint32 pixel)
{
  return ((pixel >> 16) & 0xff) > 200 && ((pixel >> 8) & 0xff) < 80 && (pixel & 0xff) < 80;
}

/* A scanned form is drawn in both renderers, PNG and JPEG alike. */
static void
test_background_image (gconstpointer data)
{
  const char *format = data;
  g_autofree char *dir = g_dir_make_tmp ("kakanai-pdf-test-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *image = NULL;
  g_autofree char *source = g_build_filename (dir, "scan.json", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "scan.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "print", NULL);
  g_autofree char *print_png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *json = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(KakanaiFormData) form_data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 60, 40);
  cairo_surface_t *print, *preview;
  cairo_t *cr = cairo_create (surface);

  /* The "scan": a red sheet. */
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  if (g_str_equal (format, "jpeg"))
    {
      /* poppler writes JPEG: a one-page PDF of the PNG, rendered back as JPEG. */
      g_autofree char *png_pdf = g_build_filename (dir, "png.pdf", NULL);
      g_autofree char *jpeg_prefix = g_build_filename (dir, "scan", NULL);
      g_autofree char *png_json = g_strdup_printf (
        "{ \"format\": 1, \"id\": \"p\", \"title\": \"P\", \"page\": { \"size\": \"A5\" }, "
        "\"elements\": [ { \"type\": \"image\", \"x\": 0, \"y\": 0, \"width\": 148, \"height\": 210, \"src\": \"scan.png\" } ] }");
      g_autoptr(KakanaiTemplate) png_tpl = kakanai_template_new_from_data (png_json, -1, source, &error);
      g_autoptr(KakanaiLayout) png_layout = NULL;
      g_autoptr(GBytes) png_bytes = NULL;
      const char *argv[] = { "pdftoppm", "-r", "10", "-jpeg", "-singlefile", png_pdf, jpeg_prefix, NULL };

      g_assert_no_error (error);
      png_layout = kakanai_layout_new (&png_tpl, 1, form_data, &error);
      g_assert_no_error (error);
      png_bytes = kakanai_pdf_render (png_layout, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (png_pdf, g_bytes_get_data (png_bytes, NULL), g_bytes_get_size (png_bytes), NULL));
      g_free (kakanai_test_run_tool (argv, NULL));
      image = g_strdup ("scan.jpg");
      g_unlink (png_pdf);
    }
  else
    image = g_strdup ("scan.png");

  json = g_strdup_printf ("{ \"format\": 1, \"id\": \"scan\", \"title\": \"S\", \"page\": { \"size\": \"A4\" }, "
                          "\"elements\": [ { \"type\": \"image\", \"x\": 10, \"y\": 10, \"width\": 60, \"height\": 40, \"src\": \"%s\" } ] }",
                          image);
  tpl = kakanai_template_new_from_data (json, -1, source, &error);
  g_assert_no_error (error);
  layout = kakanai_layout_new (&tpl, 1, form_data, &error);
  g_assert_no_error (error);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  {
    const char *argv[] = { "pdftoppm", "-r", "50", "-png", "-singlefile", pdf_path, prefix, NULL };
    g_free (kakanai_test_run_tool (argv, NULL));
  }

  /* At 50 dpi the image spans (20, 20)–(138, 98) px; its middle is red, the page white. */
  print = cairo_image_surface_create_from_png (print_png);
  preview = kakanai_cairo_render_page_to_surface (layout, 0, 50, &error);
  g_assert_no_error (error);
  g_assert_true (is_reddish (pixel_at (print, 79, 59)));
  g_assert_true (is_reddish (pixel_at (preview, 79, 59)));
  g_assert_cmphex (pixel_at (print, 200, 300), ==, 0xffffff);
  g_assert_cmphex (pixel_at (preview, 200, 300), ==, 0xffffff);
  cairo_surface_destroy (print);
  cairo_surface_destroy (preview);

  kakanai_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/forms/pdf/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("qpdf-check", test_qpdf_check);
  ADD ("fonts-embedded-subset", test_fonts_embedded_and_subset);
  ADD ("small", test_small_document);
  ADD ("text-extracts-exactly", test_text_extracts_exactly);
  ADD ("fields-in-boxes", test_fields_land_in_their_boxes);
  ADD ("preview-equals-print", test_preview_equals_print);
  ADD ("preview-equals-print-bundled", test_bundled_preview_equals_print);
  ADD ("preview-png", test_preview_png_file);
#undef ADD
  g_test_add_func ("/forms/pdf/several-forms", test_several_forms_one_document);
  g_test_add_data_func ("/forms/pdf/background/png", "png", test_background_image);
  g_test_add_data_func ("/forms/pdf/background/jpeg", "jpeg", test_background_image);
  return g_test_run ();
}
