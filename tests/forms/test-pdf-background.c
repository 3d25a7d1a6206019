/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pdf-background.c: a PDF page as a template page's background (docs/templates.md).
 *
 * The background is a real PDF: a bundled form printed without data (libharu's output), and
 * a government form made by other software (tests/forms/pdf/, see its README.md). Checked
 * from the outside: qpdf --check, pdftotext (the background's text extracts, the field's
 * text in its box), the size (the file grows by the fill layer only), the form XObject, and
 * preview = print within the tolerance of test-pdf. Bad backgrounds are refused with the
 * file's name.
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

typedef struct {
  char *dir;
  char *background; /* dir/form.pdf: juminhyo without data */
} Fixture;

static void
write_bytes (const char *path, GBytes *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static GBytes *
fill_template (KakanaiTemplate **templates, guint n, KakanaiLayout **layout_out)
{
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  KakanaiLayout *layout;
  GBytes *pdf;

  kakanai_form_data_set (data, "card.name", "髙﨑 花子", &error);
  g_assert_no_error (error);
  layout = kakanai_layout_new (templates, n, data, &error);
  g_assert_no_error (error);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  if (layout_out != NULL)
    *layout_out = layout;
  else
    kakanai_layout_free (layout);
  return pdf;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *source = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "assets", "forms",
                                              "juminhyo.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_file (source, &error);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_assert_no_error (error);
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  fixture->dir = g_dir_make_tmp ("kakanai-bg-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->background = g_build_filename (fixture->dir, "form.pdf", NULL);
  write_bytes (fixture->background, pdf);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  kakanai_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->background);
}

/* A template in @dir: page @page_json, one name field at (50, 60). */
static KakanaiTemplate *
background_template (const char *dir, const char *page_json, GError **error)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"format\": 2, \"id\": \"bg\", \"title\": \"BG\", \"page\": %s, \"elements\": [ "
    "{ \"type\": \"field\", \"key\": \"card.name\", \"x\": 50, \"y\": 60, \"width\": 80, \"height\": 10, \"size\": 14 } ] }",
    page_json);
  g_autofree char *path = g_build_filename (dir, "bg.json", NULL);

  return kakanai_template_new_from_data (json, -1, path, error);
}

static char *
write_pdf (Fixture *fixture, const char *name, GBytes *pdf)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  write_bytes (path, pdf);
  return path;
}

static void
assert_qpdf_check (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  int status;
  g_autofree char *out = kakanai_test_run_tool (argv, &status);

  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qpdf --check %s: %s", path, out);
}

/* The background's text extracts, and the field's text is in its box. */
static void
test_text_extracts (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = background_template (fixture->dir,
      "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\" } }", &error);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL, *out = NULL;
  g_autoptr(GPtrArray) words = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", NULL, "-", NULL };
  gboolean found = FALSE;

  g_assert_no_error (error);
  pdf = fill_template (&tpl, 1, NULL);
  path = write_pdf (fixture, "out.pdf", pdf);
  assert_qpdf_check (path);
  argv[3] = path;
  out = kakanai_test_run_tool (argv, NULL);
  g_assert_nonnull (strstr (out, "住民票の写し等交付請求書"));
  g_assert_nonnull (strstr (out, "太枠内をご記入ください。"));
  g_assert_nonnull (strstr (out, "髙﨑 花子"));

  words = kakanai_test_extract_words (path);
  for (guint i = 0; i < words->len; i++)
    {
      const Word *word = g_ptr_array_index (words, i);

      if (!g_str_equal (word->text, "髙﨑"))
        continue;
      found = TRUE;
      g_assert_cmpfloat (word->x_min, >=, 50 * PT_PER_MM - 1);
      g_assert_cmpfloat (word->y_min, >=, 60 * PT_PER_MM - 1);
      g_assert_cmpfloat (word->y_max, <=, 70 * PT_PER_MM + 1);
    }
  g_assert_true (found);
}

/* Vector, not pixels: one form XObject, no image; the file grows by the fill layer only. */
static void
test_vector_and_size (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) with = background_template (fixture->dir,
      "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\", \"page\": 1 } }", &error);
  g_autoptr(KakanaiTemplate) without = background_template (fixture->dir, "{ \"size\": \"A4\" }", &error);
  g_autoptr(GBytes) pdf = fill_template (&with, 1, NULL);
  g_autoptr(GBytes) fill_only = fill_template (&without, 1, NULL);
  g_autofree char *path = write_pdf (fixture, "out.pdf", pdf);
  g_autofree char *qdf = g_build_filename (fixture->dir, "qdf.pdf", NULL);
  g_autofree char *images = NULL, *contents = NULL;
  const char *list_argv[] = { "pdfimages", "-list", path, NULL };
  const char *qdf_argv[] = { "qpdf", "--qdf", "--object-streams=disable", path, qdf, NULL };
  g_autofree char *background = NULL;
  gsize background_size, length;
  guint forms = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->background, &background, &background_size, NULL));
  g_test_message ("background %zu B, fill layer alone %zu B, both %zu B", background_size,
                  g_bytes_get_size (fill_only), g_bytes_get_size (pdf));
  g_assert_cmpuint (g_bytes_get_size (pdf), <=, background_size + g_bytes_get_size (fill_only));
  g_assert_cmpuint (g_bytes_get_size (pdf), >, background_size / 2);

  images = kakanai_test_run_tool (list_argv, NULL);
  g_assert_null (strstr (images, "image "));
  g_free (kakanai_test_run_tool (qdf_argv, NULL));
  g_assert_true (g_file_get_contents (qdf, &contents, &length, NULL));
  for (const char *p = contents; (p = strstr (p, "/Subtype /Form")) != NULL; p++)
    forms++;
  g_assert_cmpuint (forms, ==, 1);
  g_assert_nonnull (strstr (contents, "/KakanaiBackground"));
}

static void
test_preview_equals_print (Fixture *fixture, gconstpointer user_data)
{
  const char *page = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;

  if (strstr (page, "rotated.pdf") != NULL)
    {
      /* The same page turned by /Rotate 90: drawn on a landscape page. */
      g_autofree char *rotated = g_build_filename (fixture->dir, "rotated.pdf", NULL);
      const char *argv[] = { "qpdf", "--rotate=+90", fixture->background, rotated, NULL };

      g_free (kakanai_test_run_tool (argv, NULL));
    }
  if (strstr (page, "tests/") != NULL)
    {
      /* A form made by other software, copied beside the template. */
      g_autofree char *source = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms",
                                                  "pdf", "mhlw-besshi16.pdf", NULL);
      g_autofree char *copy = g_build_filename (fixture->dir, "other.pdf", NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (copy, contents, length, NULL));
      page = "{ \"size\": \"A4\", \"background\": { \"pdf\": \"other.pdf\" } }";
    }
  tpl = background_template (fixture->dir, page, &error);
  g_assert_no_error (error);
  pdf = fill_template (&tpl, 1, &layout);
  path = write_pdf (fixture, "out.pdf", pdf);
  assert_qpdf_check (path);
  kakanai_test_assert_preview_equals_print (layout, path, fixture->dir);
}

/* A HiDPI screen: a surface of device scale 2 gets the pixels of twice the resolution. */
static void
test_device_scale (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = background_template (fixture->dir,
      "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\" } }", &error);
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;
  cairo_surface_t *plain = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 420, 594);
  cairo_surface_t *scaled = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 420, 594);
  cairo_t *cr;
  guint differ = 0, ink = 0;

  g_assert_no_error (error);
  pdf = fill_template (&tpl, 1, &layout);
  cr = cairo_create (plain);
  g_assert_true (kakanai_cairo_render_page (layout, 0, cr, 2.0, &error));
  cairo_destroy (cr);
  cairo_surface_set_device_scale (scaled, 2, 2);
  cr = cairo_create (scaled);
  g_assert_true (kakanai_cairo_render_page (layout, 0, cr, 1.0, &error));
  cairo_destroy (cr);
  g_assert_no_error (error);
  cairo_surface_flush (plain);
  cairo_surface_flush (scaled);
  for (int y = 0; y < 594; y++)
    for (int x = 0; x < 420; x++)
      {
        guint32 a = ((guint32 *) (cairo_image_surface_get_data (plain) + y * cairo_image_surface_get_stride (plain)))[x] & 0xff;
        guint32 b = ((guint32 *) (cairo_image_surface_get_data (scaled) + y * cairo_image_surface_get_stride (scaled)))[x] & 0xff;

        ink += a < 128;
        differ += abs ((int) a - (int) b) > 64;
      }
  g_test_message ("ink %u, pixels that differ %u", ink, differ);
  g_assert_cmpuint (ink, >, 2000);
  g_assert_cmpuint (differ, <=, 420 * 594 / 200);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (scaled);
}

/* Two forms with backgrounds in one document: each page gets its own. */
static void
test_several_pages (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  KakanaiTemplate *templates[2];
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL, *page2 = NULL;
  const char *argv[] = { "pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", NULL, "-", NULL };

  templates[0] = background_template (fixture->dir, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\" } }", &error);
  g_assert_no_error (error);
  templates[1] = background_template (fixture->dir, "{ \"width\": 210, \"height\": 297, \"background\": { \"pdf\": \"form.pdf\" } }", &error);
  g_assert_no_error (error);
  pdf = fill_template (templates, 2, NULL);
  path = write_pdf (fixture, "two.pdf", pdf);
  assert_qpdf_check (path);
  argv[7] = path;
  page2 = kakanai_test_run_tool (argv, NULL);
  g_assert_nonnull (strstr (page2, "住民票の写し等交付請求書"));
  g_assert_nonnull (strstr (page2, "髙﨑 花子"));
  kakanai_template_unref (templates[0]);
  kakanai_template_unref (templates[1]);
}

/* ---- refused backgrounds --------------------------------------------------------------- */

static void
assert_refused (Fixture *fixture, const char *page_json, int code, const char *name, const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = background_template (fixture->dir, page_json, &error);

  g_assert_null (tpl);
  g_assert_error (error, KAKANAI_FORMS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "bg.json"));
  if (name != NULL)
    g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, why));
}

static void
write_file (Fixture *fixture, const char *name, const char *contents, gssize length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
test_refused (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *contents = NULL;
  g_autofree char *encrypted = g_build_filename (fixture->dir, "locked.pdf", NULL);
  g_autofree char *restricted = g_build_filename (fixture->dir, "restricted.pdf", NULL);
  g_autofree char *outside_dir = g_dir_make_tmp ("kakanai-bg-outside-XXXXXX", NULL);
  g_autofree char *outside = g_build_filename (outside_dir, "elsewhere.pdf", NULL);
  g_autofree char *outside_json = NULL;
  gsize length;
  const char *lock_argv[] = { "qpdf", "--encrypt", "user", "owner", "256", "--", fixture->background, encrypted, NULL };
  const char *restrict_argv[] = { "qpdf", "--encrypt", "", "owner", "256", "--print=none", "--",
                                  fixture->background, restricted, NULL };

  g_assert_true (g_file_get_contents (fixture->background, &contents, &length, NULL));
  g_free (kakanai_test_run_tool (lock_argv, NULL));
  g_free (kakanai_test_run_tool (restrict_argv, NULL));

  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"missing.pdf\" } }",
                  KAKANAI_FORMS_ERROR_IO, "missing.pdf", "cannot open");
  write_file (fixture, "cut.pdf", contents, 400);
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"cut.pdf\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "cut.pdf", "damaged");
  write_file (fixture, "text.pdf", "this is not a PDF at all\n", -1);
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"text.pdf\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "text.pdf", "damaged or not a PDF");
  write_file (fixture, "empty.pdf", "", 0);
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"empty.pdf\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "empty.pdf", "not a PDF");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"locked.pdf\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "locked.pdf", "is encrypted");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"restricted.pdf\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "restricted.pdf", "is encrypted");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\", \"page\": 2 } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, "form.pdf", "has 1 page, not 2");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\", \"page\": 0 } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "page number from 1");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\", \"page\": 1.5 } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "page number from 1");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\", \"pages\": 1 } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "unknown member “pages”");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": \"form.pdf\" }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "must be an object");
  assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"\" } }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "is empty");
  {
    g_autofree char *folder = g_build_filename (fixture->dir, "folder.pdf", NULL);

    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    assert_refused (fixture, "{ \"size\": \"A4\", \"background\": { \"pdf\": \"folder.pdf\" } }",
                    KAKANAI_FORMS_ERROR_TEMPLATE, "folder.pdf", "not a regular file");
    g_rmdir (folder);
  }

  g_assert_true (g_file_set_contents (outside, contents, length, NULL));
  outside_json = g_strdup_printf ("{ \"size\": \"A4\", \"background\": { \"pdf\": \"%s\" } }", outside);
  assert_refused (fixture, outside_json, KAKANAI_FORMS_ERROR_TEMPLATE, "elsewhere.pdf", "outside the template's folder");
  g_unlink (outside);
  g_rmdir (outside_dir);

  /* Page sizes of their own. */
  assert_refused (fixture, "{ \"width\": 210 }", KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "missing member “height”");
  assert_refused (fixture, "{ \"width\": 5, \"height\": 297 }", KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "from 10 to 1500 mm");
  assert_refused (fixture, "{ \"size\": \"A4\", \"width\": 210, \"height\": 297 }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "not both");
  assert_refused (fixture, "{ \"width\": 210, \"height\": 297, \"orientation\": \"landscape\" }",
                  KAKANAI_FORMS_ERROR_TEMPLATE, NULL, "goes with “size”");
}

/* Letter-sized, saved and loaded again through the model: the same bytes. */
static void
test_round_trip (Fixture *fixture, gconstpointer user_data)
{
  const char *json =
    "{\"format\": 2, \"id\": \"bg\", \"title\": \"BG\", \"page\": {\"background\": {\"page\": 1, \"pdf\": \"form.pdf\"}, "
    "\"height\": 279.4, \"width\": 215.9}, \"elements\": []}";
  g_autofree char *path = g_build_filename (fixture->dir, "bg.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new_from_data (json, -1, path, &error);
  g_autofree char *saved = NULL, *again = NULL;
  g_autoptr(KakanaiTemplateModel) reloaded = NULL;
  double width, height;

  g_assert_no_error (error);
  saved = kakanai_template_model_to_json (model);
  g_assert_nonnull (strstr (saved, "\"page\": {\"width\": 215.9, \"height\": 279.4, \"background\": {\"pdf\": \"form.pdf\", \"page\": 1}}"));
  reloaded = kakanai_template_model_new_from_data (saved, -1, path, &error);
  g_assert_no_error (error);
  again = kakanai_template_model_to_json (reloaded);
  g_assert_cmpstr (saved, ==, again);
  kakanai_template_get_page_size (kakanai_template_model_get_snapshot (reloaded, &error), &width, &height);
  g_assert_no_error (error);
  g_assert_cmpfloat (width, ==, 215.9);
  g_assert_cmpfloat (height, ==, 279.4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, data, func) \
  g_test_add ("/forms/pdf-background/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("text-extracts", NULL, test_text_extracts);
  ADD ("vector-and-size", NULL, test_vector_and_size);
  ADD ("preview-equals-print", "{ \"size\": \"A4\", \"background\": { \"pdf\": \"form.pdf\" } }",
       test_preview_equals_print);
  ADD ("preview-equals-print-scaled", "{ \"size\": \"A5\", \"background\": { \"pdf\": \"form.pdf\" } }",
       test_preview_equals_print);
  ADD ("preview-equals-print-rotated",
       "{ \"size\": \"A4\", \"orientation\": \"landscape\", \"background\": { \"pdf\": \"rotated.pdf\" } }",
       test_preview_equals_print);
  ADD ("preview-equals-print-other-software", "tests/forms/pdf", test_preview_equals_print);
  ADD ("several-pages", NULL, test_several_pages);
  ADD ("device-scale", NULL, test_device_scale);
  ADD ("refused", NULL, test_refused);
  ADD ("round-trip", NULL, test_round_trip);
#undef ADD
  return g_test_run ();
}
