/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layout-long.c: a long text is broken into the same lines as before the layout was
 * made linear in text length (tests/forms/data/long-text-lines.txt, written by the
 * quadratic layout at commit 6bfce38), and no line breaks kinsoku.
 *
 * Run with --write to rewrite the expected lines after a deliberate change of breaking. */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib.h>

#include "kakanai-forms.h"
#include "kakanai-layout-private.h"
#include "long-text.h"

#define TEXT_BYTES 60000

static gboolean write_expected;

/* Where each line starts in the text (bytes), and the size it was set at: a line is the
 * glyphs of one baseline. */
static char *
describe_lines (KakanaiLayout *layout)
{
  const KakanaiLayoutPage *page = kakanai_layout_get_page (layout, 0);
  GString *out = g_string_new (NULL);
  double baseline = -1;

  for (guint i = 0; i < page->items->len; i++)
    {
      const KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);

      if (item->type != KAKANAI_ITEM_GLYPHS)
        continue;
      if (out->len == 0)
        g_string_append_printf (out, "size %.4f mm\n", item->size);
      for (guint g = 0; g < item->glyphs->len; g++)
        {
          const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);

          if (glyph->y > baseline + 1e-6)
            {
              g_string_append_printf (out, "%u\n", item->text_start + glyph->text_offset);
              baseline = glyph->y;
            }
        }
    }
  return g_string_free (out, FALSE);
}

static gunichar
char_at (const char *text, guint offset)
{
  return g_utf8_get_char (text + offset);
}

static void
test_long_text_breaks_as_before (void)
{
  g_autofree char *text = long_text_new (TEXT_BYTES);
  g_autofree char *json = long_text_template_new (text, 3);
  g_autofree char *expected_path = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms",
                                                     "data", "long-text-lines.txt", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *lines = NULL;
  g_auto(GStrv) starts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_data (json, -1, "long.json", &error);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;

  g_assert_no_error (error);
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  lines = describe_lines (layout);
  if (write_expected)
    {
      g_assert_true (g_file_set_contents (expected_path, lines, -1, &error));
      return;
    }
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, &error));
  g_assert_cmpstr (lines, ==, expected);

  /* And kinsoku holds on every line: none starts with 。、」）ー or a small kana, none
   * ends with 「（, no Latin word is cut. */
  starts = g_strsplit (lines, "\n", -1);
  g_assert_cmpuint (g_strv_length (starts), >, 100);
  for (guint i = 2; starts[i] != NULL && *starts[i] != '\0'; i++)
    {
      guint offset = (guint) g_ascii_strtoull (starts[i], NULL, 10);
      gunichar first = char_at (text, offset);
      gunichar last = g_utf8_get_char (g_utf8_find_prev_char (text, text + offset));

      g_assert_null (g_utf8_strchr ("、。」）ーっょ!,.;", -1, first));
      g_assert_null (g_utf8_strchr ("「（", -1, last));
      g_assert_false (first < 0x80 && last < 0x80 && g_ascii_isalnum (first) && g_ascii_isalnum (last));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int i = 1; i < argc; i++)
    write_expected = write_expected || g_str_equal (argv[i], "--write");
  g_test_add_func ("/forms/layout/long-text/breaks-as-before", test_long_text_breaks_as_before);
  return g_test_run ();
}
