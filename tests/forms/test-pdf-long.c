/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pdf-long.c: documents whose strings of personal characters are large (a long text,
 * hundreds of distinct characters in and beyond the BMP) render with every such string
 * sized before it is filled: one that grows would leave an unwiped copy of the characters
 * in freed memory, and kakanai-pdf.c reports that as a critical (fatal here, G_DEBUG). */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib.h>

#include "kakanai-forms.h"
#include "long-text.h"

static void
render (const char *text)
{
  g_autofree char *json = long_text_template_new (text, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_data (json, -1, "long.json", &error);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_assert_no_error (error);
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
}

static void
test_long_text (void)
{
  g_autofree char *text = long_text_new (60000);

  render (text);
}

/* Every kanji of U+4E00… and some beyond the BMP: a ToUnicode CMap of many blocks, with
 * four-byte UTF-16 entries. */
static void
test_many_distinct_characters (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gunichar ch = 0x4E00; ch < 0x4E00 + 700; ch++)
    g_string_append_unichar (text, ch);
  g_string_append (text, "𠮷𩸽𠀋𡈽𡌛𡑮𡢽𠮟𡚴𡸴𣇄𣗄𣜿𣝣𣳾𤟱𥒎𥔎𥝱𥧄𥶡𦫿𦹀𧃴𧚄𨉷𨏍𪆐");
  render (text->str);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/pdf/long/text", test_long_text);
  g_test_add_func ("/forms/pdf/long/many-distinct-characters", test_many_distinct_characters);
  return g_test_run ();
}
