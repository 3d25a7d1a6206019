/* test-qr-vertical.c: QR codes decoded from the printed PDF and the screen rendering
 * (zbarimg), vertical text with the vertical glyph forms, letter spacing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"
#include "kakanai-layout-private.h"

static KakanaiTemplate *
template_with (const char *elements)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{ \"format\": 2, \"id\": \"t\", \"title\": \"T\", \"page\": { \"size\": \"A5\" },"
    "  \"questions\": [ { \"key\": \"form.previous_address\", \"kind\": \"text\", \"prompt\": \"前の住所\" } ],"
    "  \"elements\": [ %s ] }", elements);
  KakanaiTemplate *tpl = kakanai_template_new_from_data (json, -1, "t.json", &error);

  g_assert_no_error (error);
  return tpl;
}

static char *
decode (const char *png)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_strchomp (out);
  return g_steal_pointer (&out);
}

static void
test_qr_decodes (void)
{
  const char *levels[] = { "L", "H" };

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autofree char *elements = g_strdup_printf (
        "{ \"type\": \"qr\", \"x\": 20, \"y\": 20, \"size\": 40, \"ec_level\": \"%s\","
        "  \"content\": \"KAKANAI|{card.name}|{form.previous_address}|{request.copies}|{{x}}\" }", levels[l]);
      g_autoptr(KakanaiTemplate) tpl = template_with (elements);
      g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiLayout) layout = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *dir = g_dir_make_tmp ("kakanai-qr-XXXXXX", &error);
      g_autofree char *pdf_path = g_build_filename (dir, "qr.pdf", NULL);
      g_autofree char *prefix = g_build_filename (dir, "print", NULL);
      g_autofree char *print_png = g_build_filename (dir, "print.png", NULL);
      g_autofree char *screen_png = g_build_filename (dir, "screen.png", NULL);
      g_autofree char *from_print = NULL, *from_screen = NULL;
      const char *expected = "KAKANAI|見本　太郎|大阪府大阪市北区中之島1-3-20|2|{x}";
      const char *pdftoppm[] = { "pdftoppm", "-r", "200", "-png", "-singlefile", pdf_path, prefix, NULL };
      cairo_surface_t *surface;
      cairo_t *cr;
      int status;
      const KakanaiLayoutPage *page;
      guint rects = 0;

      g_assert_no_error (error);
      g_assert_true (kakanai_form_data_set (data, "card.name", "見本　太郎", NULL));
      g_assert_true (kakanai_form_data_set (data, "form.previous_address", "大阪府大阪市北区中之島1-3-20", NULL));
      g_assert_true (kakanai_form_data_set (data, "request.copies", "2", NULL));
      layout = kakanai_layout_new (&tpl, 1, data, &error);
      g_assert_no_error (error);
      page = kakanai_layout_get_page (layout, 0);
      for (guint i = 0; i < page->items->len; i++)
        {
          KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);
          g_assert_cmpint (item->type, ==, KAKANAI_ITEM_RECT); /* vector modules, no image */
          g_assert_true (item->has_fill);
          rects++;
        }
      g_assert_cmpuint (rects, >, 50);

      pdf = kakanai_pdf_render (layout, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) pdftoppm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      from_print = decode (print_png);
      g_assert_cmpstr (from_print, ==, expected);

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 148 * 8, 210 * 8);
      cr = cairo_create (surface);
      g_assert_true (kakanai_cairo_render_page (layout, 0, cr, 8, &error));
      g_assert_no_error (error);
      cairo_destroy (cr);
      g_assert_cmpint (cairo_surface_write_to_png (surface, screen_png), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
      from_screen = decode (screen_png);
      g_assert_cmpstr (from_screen, ==, expected);

      g_unlink (pdf_path);
      g_unlink (print_png);
      g_unlink (screen_png);
      g_rmdir (dir);
    }
}

/* Unset keys leave nothing to encode: no code and no problem; too much is a problem. */
static void
test_qr_empty_and_too_long (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with (
    "{ \"type\": \"qr\", \"x\": 20, \"y\": 20, \"size\": 40, \"content\": \"{form.previous_address}\" }");
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) empty = kakanai_layout_new (&tpl, 1, data, &error);
  g_autoptr(KakanaiLayout) full = NULL;
  GString *huge = g_string_new (NULL);
  GPtrArray *problems;

  g_assert_no_error (error);
  g_assert_cmpuint (kakanai_layout_get_page (empty, 0)->items->len, ==, 0);
  g_assert_cmpuint (kakanai_layout_get_problems (empty)->len, ==, 0);
  for (guint i = 0; i < 3000; i++)
    g_string_append (huge, "住所");
  g_assert_true (kakanai_form_data_set (data, "form.previous_address", huge->str, NULL));
  g_string_free (huge, TRUE);
  full = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  problems = kakanai_layout_get_problems (full);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((KakanaiLayoutProblem *) g_ptr_array_index (problems, 0))->kind, ==, KAKANAI_LAYOUT_PROBLEM_OVERFLOW);
}

static GArray *
glyphs_of (const char *elements,
           double     *size_mm)
{
  g_autoptr(KakanaiTemplate) tpl = template_with (elements);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = kakanai_layout_new (&tpl, 1, data, &error);
  const KakanaiLayoutPage *page;
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (KakanaiGlyph));

  g_assert_no_error (error);
  page = kakanai_layout_get_page (layout, 0);
  for (guint i = 0; i < page->items->len; i++)
    {
      KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);
      g_assert_cmpint (item->type, ==, KAKANAI_ITEM_GLYPHS);
      g_array_append_vals (glyphs, item->glyphs->data, item->glyphs->len);
      *size_mm = item->size;
    }
  return glyphs;
}

/* ー、。「」 take their vertical forms (other glyphs) and go down one column; 漢 keeps its
 * glyph. */
static void
test_vertical (void)
{
  double size_h, size_v;
  g_autoptr(GArray) h = glyphs_of ("{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"漢ー、。「」\", \"size\": 12 }", &size_h);
  g_autoptr(GArray) v = glyphs_of ("{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 10, \"height\": 100, \"text\": \"漢ー、。「」\", \"size\": 12, \"vertical\": true }", &size_v);

  g_assert_cmpuint (h->len, ==, 6);
  g_assert_cmpuint (v->len, ==, 6);
  g_assert_cmpfloat (size_h, ==, size_v);
  g_assert_cmpuint (g_array_index (h, KakanaiGlyph, 0).glyph, ==, g_array_index (v, KakanaiGlyph, 0).glyph);
  for (guint i = 1; i < 6; i++)
    {
      g_assert_cmpuint (g_array_index (h, KakanaiGlyph, i).glyph, !=, g_array_index (v, KakanaiGlyph, i).glyph);
      g_assert_cmpfloat (g_array_index (v, KakanaiGlyph, i).y, >, g_array_index (v, KakanaiGlyph, i - 1).y);
      g_assert_cmpfloat (g_array_index (v, KakanaiGlyph, i).x, >=, 10);
      g_assert_cmpfloat (g_array_index (v, KakanaiGlyph, i).x, <, 20);
    }
  /* One em a character, down from the top of the box (valign middle: centred). */
  g_assert_cmpfloat_with_epsilon (g_array_index (v, KakanaiGlyph, 1).y - g_array_index (v, KakanaiGlyph, 0).y, size_v, 1e-6);
}

static void
test_letter_spacing (void)
{
  double size_plain, size_spaced;
  g_autoptr(GArray) plain = glyphs_of ("{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"氏名欄\" }", &size_plain);
  g_autoptr(GArray) spaced = glyphs_of ("{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"氏名欄\", \"letter_spacing\": 0.5 }", &size_spaced);

  g_assert_cmpfloat (size_plain, ==, size_spaced);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (spaced, KakanaiGlyph, i).x - g_array_index (spaced, KakanaiGlyph, i - 1).x,
                                    g_array_index (plain, KakanaiGlyph, i).x - g_array_index (plain, KakanaiGlyph, i - 1).x + 0.5 * size_plain,
                                    1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/qr/decodes", test_qr_decodes);
  g_test_add_func ("/forms/qr/empty-and-too-long", test_qr_empty_and_too_long);
  g_test_add_func ("/forms/vertical/glyph-forms", test_vertical);
  g_test_add_func ("/forms/letter-spacing", test_letter_spacing);
  return g_test_run ();
}
