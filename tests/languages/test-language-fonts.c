/* test-language-fonts.c: every language's text is drawn with real glyphs, no empty boxes.
 *
 * Pango, as the kiosk draws it: a glyph no installed font has is PANGO_GLYPH_UNKNOWN_FLAG
 * (a box with the code point in it). The start screen shows every language's own name, so
 * each language's sample is drawn together with all of the names, in that language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-language-fonts"

#include "config.h"

#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kakanai-language.h"
#include "kakanai-ruby.h"

/* Unassigned in Unicode: no font can have it. */
#define NO_FONT_HAS_THIS "\xcd\xb8"  /* U+0378 */

static PangoLayout *
layout_in_language (const char *tag,
                    const char *text)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans 20");
  PangoLayout *layout;

  pango_context_set_language (context, pango_language_from_string (tag));
  pango_context_set_font_description (context, font);
  layout = pango_layout_new (context);
  pango_layout_set_text (layout, text, -1);
  g_object_unref (context);
  return layout;
}

/* The character of the first unknown glyph in @layout, or 0. */
static gunichar
first_unknown_character (PangoLayout *layout)
{
  g_autoptr (PangoLayoutIter) iter = pango_layout_get_iter (layout);

  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);

      for (int i = 0; run != NULL && i < run->glyphs->num_glyphs; i++)
        if (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
          return run->glyphs->glyphs[i].glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
    }
  while (pango_layout_iter_next_run (iter));
  return 0;
}

static char *
all_native_names (void)
{
  const KakanaiLanguage * const *all = kakanai_language_get_all ();
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; all[i] != NULL; i++)
    g_string_append_printf (names, "%s ", kakanai_language_get_native_name (all[i]));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_every_language_has_glyphs (void **state)
{
  const KakanaiLanguage * const *all = kakanai_language_get_all ();
  g_autofree char *names = all_native_names ();
  guint failures = 0;

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *text = g_strconcat (names, "\n", kakanai_language_get_sample (all[i]), NULL);
      g_autoptr (PangoLayout) layout = layout_in_language (kakanai_language_get_tag (all[i]), text);
      int unknown = pango_layout_get_unknown_glyphs_count (layout);

      if (unknown > 0)
        {
          failures++;
          print_error ("%s: %d glyph(s) missing, the first for U+%04X: install the fonts in "
                       "scripts/runtime-packages (docs/languages.md)\n",
                       kakanai_language_get_code (all[i]), unknown,
                       first_unknown_character (layout));
        }
      /* kakanai doctor's check (fontconfig) must agree with what Pango draws. */
      assert_int_equal (kakanai_language_find_missing_glyph (text), unknown > 0 ? first_unknown_character (layout) : 0);
    }
  assert_int_equal (failures, 0);
}

/* Every text in @node's objects of languages (the printed elements aside): drawn in its
 * language, no glyph missing. Returns how many texts were drawn. */
static guint
check_localized_texts (JsonNode   *node,
                       const char *file,
                       guint      *failures)
{
  guint drawn = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        drawn += check_localized_texts (json_array_get_element (array, i), file, failures);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (object);
      gboolean texts = json_object_has_member (object, "ja") &&
                       JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "ja"));

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);
          const KakanaiLanguage *language = kakanai_language_lookup (l->data);

          if (!texts)
            {
              if (!g_str_equal (l->data, "elements"))
                drawn += check_localized_texts (member, file, failures);
              continue;
            }
          if (!JSON_NODE_HOLDS_VALUE (member))
            continue;
          {
            g_autofree char *text = kakanai_ruby_strip (json_node_get_string (member));
            /* "pt" is what templates write for pt_BR. */
            const char *tag = language != NULL ? kakanai_language_get_tag (language) : (const char *) l->data;
            g_autoptr (PangoLayout) layout = layout_in_language (tag, text);

            drawn++;
            if (pango_layout_get_unknown_glyphs_count (layout) > 0)
              {
                (*failures)++;
                print_error ("%s: “%s” in %s: no glyph for U+%04X\n", file, text, (const char *) l->data,
                             first_unknown_character (layout));
              }
          }
        }
    }
  return drawn;
}

/* The bundled templates' and procedures' resident text, in every language they have. */
static void
test_bundled_texts_have_glyphs (void **state)
{
  const char *folders[] = { "forms", "procedures" };
  guint failures = 0, drawn = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *folder = g_build_filename (KAKANAI_SOURCE_ASSETS, folders[f], NULL);
      g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
      const char *name;

      assert_non_null (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_autoptr (JsonParser) parser = json_parser_new ();

          if (!g_str_has_suffix (name, ".json"))
            continue;
          assert_true (json_parser_load_from_file (parser, path, NULL));
          drawn += check_localized_texts (json_parser_get_root (parser), name, &failures);
        }
    }
  assert_true (drawn > 1000);  /* about a hundred texts in ten languages */
  assert_int_equal (failures, 0);
}

/* The check itself can fail: a character no font has is seen by both. */
static void
test_missing_glyph_is_seen (void **state)
{
  g_autoptr (PangoLayout) layout = layout_in_language ("en", "Kakanai " NO_FONT_HAS_THIS "!");

  assert_int_equal (pango_layout_get_unknown_glyphs_count (layout), 1);
  assert_int_equal (first_unknown_character (layout), 0x0378);
  assert_int_equal (kakanai_language_find_missing_glyph ("Kakanai " NO_FONT_HAS_THIS "!"), 0x0378);
  assert_int_equal (kakanai_language_find_missing_glyph ("a b\tc\n"), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_every_language_has_glyphs),
    cmocka_unit_test (test_missing_glyph_is_seen),
    cmocka_unit_test (test_bundled_texts_have_glyphs),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
