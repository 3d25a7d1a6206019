/* test-layout.c: the one layout pass: shrinking, wrapping (kinsoku), overflow, boxes,
 * choices, dates, font fallback and characters no font has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "kakanai-forms.h"
#include "kakanai-layout-private.h"

#define MM(pt) ((pt) * KAKANAI_MM_PER_PT)
#define EPSILON_MM 0.01

static KakanaiTemplate *
template_with_elements (const char *elements)
{
  g_autofree char *json = g_strdup_printf ("{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", "
                                           "\"page\": { \"size\": \"A4\" }, \"elements\": [ %s ] }",
                                           elements);
  g_autoptr(GError) error = NULL;
  KakanaiTemplate *tpl = kakanai_template_new_from_data (json, -1, "test.json", &error);

  g_assert_no_error (error);
  return tpl;
}

/* Lays out one template with "key=value" pairs. */
static KakanaiLayout *
layout_with (KakanaiTemplate *tpl,
             ...)
{
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  KakanaiLayout *layout;
  const char *key;
  va_list args;

  va_start (args, tpl);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      kakanai_form_data_set (data, key, va_arg (args, const char *), &error);
      g_assert_no_error (error);
    }
  va_end (args);

  layout = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  return layout;
}

static GPtrArray *
items_of (KakanaiLayout   *layout,
          guint            element,
          KakanaiItemType  type)
{
  const KakanaiLayoutPage *page = kakanai_layout_get_page (layout, 0);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < page->items->len; i++)
    {
      KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);

      if (item->element == element && item->type == type)
        g_ptr_array_add (items, item);
    }
  return items;
}

typedef struct {
  double baseline;
  double left, right; /* ink box of the advances */
  GString *text;
} Line;

static void
line_free (gpointer data)
{
  Line *line = data;
  g_string_free (line->text, TRUE);
  g_free (line);
}

/* The glyphs of an element, grouped into lines by baseline, each line's text in order. */
static GPtrArray *
lines_of (KakanaiLayout *layout,
          guint          element)
{
  g_autoptr(GPtrArray) items = items_of (layout, element, KAKANAI_ITEM_GLYPHS);
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);

  for (guint i = 0; i < items->len; i++)
    {
      KakanaiLayoutItem *item = g_ptr_array_index (items, i);

      for (guint g = 0; g < item->glyphs->len; g++)
        {
          KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);
          Line *line = NULL;

          for (guint l = 0; l < lines->len && line == NULL; l++)
            if (fabs (((Line *) g_ptr_array_index (lines, l))->baseline - glyph->y) < EPSILON_MM)
              line = g_ptr_array_index (lines, l);
          if (line == NULL)
            {
              line = g_new0 (Line, 1);
              line->baseline = glyph->y;
              line->left = glyph->x;
              line->right = glyph->x;
              line->text = g_string_new (NULL);
              g_ptr_array_add (lines, line);
            }
          /* Items of one line come left to right, so appending keeps the order. */
          g_string_append_len (line->text, item->text + glyph->text_offset, glyph->text_length);
          line->left = MIN (line->left, glyph->x);
          line->right = MAX (line->right, glyph->x + glyph->advance);
        }
    }
  return lines;
}

static char *
joined_lines (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, ((Line *) g_ptr_array_index (lines, i))->text->str);
    }
  return g_string_free (out, FALSE);
}

static guint
count_problems (KakanaiLayout            *layout,
                KakanaiLayoutProblemKind  kind)
{
  GPtrArray *problems = kakanai_layout_get_problems (layout);
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += ((KakanaiLayoutProblem *) g_ptr_array_index (problems, i))->kind == kind;
  return n;
}

static double
glyph_size_of (KakanaiLayout *layout,
               guint          element)
{
  g_autoptr(GPtrArray) items = items_of (layout, element, KAKANAI_ITEM_GLYPHS);

  g_assert_cmpuint (items->len, >, 0);
  return ((KakanaiLayoutItem *) g_ptr_array_index (items, 0))->size;
}

/* ---- single line ------------------------------------------------------------------- */

static const char name_field[] =
  "{ \"type\": \"field\", \"id\": \"name\", \"key\": \"card.name\", \"font\": \"names\","
  "  \"x\": 20, \"y\": 20, \"width\": 40, \"height\": 10, \"size\": 16, \"min_size\": 8 }";

static void
test_short_text_keeps_its_size (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name", "山田花子", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  Line *line;

  g_assert_cmpfloat_with_epsilon (glyph_size_of (layout, 0), MM (16), 1e-9);
  g_assert_cmpuint (lines->len, ==, 1);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (line->text->str, ==, "山田花子");
  g_assert_cmpfloat_with_epsilon (line->left, 20, EPSILON_MM);
  /* Vertically centred: the em box sits in the middle of the 10 mm box. */
  g_assert_cmpfloat (line->baseline, >, 20 + MM (16) * 0.5);
  g_assert_cmpfloat (line->baseline, <, 30);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_long_text_shrinks_to_fit (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  /* Ten full-width characters at 16 pt are 56 mm: too wide for 40 mm. */
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name", "寿限無寿限無五劫の擦り", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  Line *line = g_ptr_array_index (lines, 0);
  double size = glyph_size_of (layout, 0);

  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (line->text->str, ==, "寿限無寿限無五劫の擦り");
  g_assert_cmpfloat (size, <, MM (16));
  g_assert_cmpfloat (size, >=, MM (8));
  g_assert_cmpfloat (line->left, >=, 20 - EPSILON_MM);
  g_assert_cmpfloat (line->right, <=, 60 + EPSILON_MM);
  /* It uses the width it has: no needless shrinking. */
  g_assert_cmpfloat (line->right, >, 60 - 0.5);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_overflow_is_reported_not_clipped (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  /* 20 characters at 8 pt are 56 mm: over 40 mm even at min_size. */
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name",
                                                 "寿限無寿限無五劫の擦り切れ海砂利水魚の水", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  GPtrArray *problems = kakanai_layout_get_problems (layout);
  KakanaiLayoutProblem *problem;

  g_assert_cmpfloat_with_epsilon (glyph_size_of (layout, 0), MM (8), 1e-9);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (((Line *) g_ptr_array_index (lines, 0))->text->str, ==,
                   "寿限無寿限無五劫の擦り切れ海砂利水魚の水");
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, KAKANAI_LAYOUT_PROBLEM_OVERFLOW);
  g_assert_cmpstr (problem->template_id, ==, "t");
  g_assert_cmpstr (problem->element_id, ==, "name");
  g_assert_cmpstr (problem->key, ==, "card.name");
  g_assert_nonnull (strstr (problem->message, "card.name"));
}

/* ---- wrapping ---------------------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *lines; /* expected, joined with '|' */
} WrapCase;

/* The box holds exactly five full-width characters per line. */
static const WrapCase wrap_cases[] = {
  { "あいうえおかきくけこ", "あいうえお|かきくけこ" },
  /* 。 may not start a line: お moves down with it (追い出し). */
  { "あいうえお。かきくけこ", "あいうえ|お。かきく|けこ" },
  { "あいうえお、かき", "あいうえ|お、かき" },
  { "あいうえお」かき", "あいうえ|お」かき" },
  { "あいうえおーかき", "あいうえ|おーかき" },
  { "あいうえおっかき", "あいうえ|おっかき" },
  { "あいうえおァかき", "あいうえ|おァかき" },
  /* 「 may not end a line. */
  { "あいうえ「かき」", "あいうえ|「かき」" },
  { "あいう（えお）か", "あいう（え|お）か" },
  { "あいうえ（おか）", "あいうえ|（おか）" },
  /* A line break in the value is kept. */
  { "あい\nうえ", "あい|うえ" },
};

static const char wrap_field_format[] =
  "{ \"type\": \"field\", \"id\": \"address\", \"key\": \"card.address\", \"mode\": \"wrap\","
  "  \"x\": 20, \"y\": 20, \"width\": %.4f, \"height\": 40, \"size\": 10 }";

static void
test_wrap_kinsoku (gconstpointer data)
{
  const WrapCase *test = data;
  g_autofree char *element = g_strdup_printf (wrap_field_format, 5 * MM (10) + 0.05);
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (element);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.address", test->text, NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  g_autofree char *joined = joined_lines (lines);

  g_assert_cmpstr (joined, ==, test->lines);
  for (guint i = 1; i < lines->len; i++)
    g_assert_cmpfloat (((Line *) g_ptr_array_index (lines, i))->baseline, >,
                       ((Line *) g_ptr_array_index (lines, i - 1))->baseline);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpfloat (((Line *) g_ptr_array_index (lines, i))->right, <=, 20 + 5 * MM (10) + 0.05 + EPSILON_MM);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_wrap_shrinks_to_fit_height (void)
{
  /* 10 mm high at 12 pt holds two lines (12 pt × 1.3 pitch + 1 em ≈ 9.7 mm), not three. */
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"id\": \"address\", \"key\": \"card.address\", \"mode\": \"wrap\","
    "  \"x\": 20, \"y\": 20, \"width\": 30, \"height\": 10, \"size\": 12, \"min_size\": 6 }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.address",
                                                 "東京都千代田区千代田一丁目一番一号", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  g_autofree char *joined = joined_lines (lines);
  g_autofree char *flat = g_strdup (joined);
  double size = glyph_size_of (layout, 0);
  Line *last = g_ptr_array_index (lines, lines->len - 1);

  g_strdelimit (flat, "|", ' ');
  g_assert_cmpfloat (size, <, MM (12));
  g_assert_cmpfloat (size, >=, MM (6));
  g_assert_cmpuint (lines->len, >=, 2);
  g_assert_cmpfloat (last->baseline + size * 0.12, <=, 30 + EPSILON_MM);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
  {
    g_autofree char *expected = g_strdup ("東京都千代田区千代田一丁目一番一号");
    g_auto(GStrv) parts = g_strsplit (joined, "|", -1);
    g_autofree char *rejoined = g_strjoinv ("", parts);
    g_assert_cmpstr (rejoined, ==, expected);
  }
}

static void
test_wrap_overflow_is_reported (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"id\": \"address\", \"key\": \"card.address\", \"mode\": \"wrap\","
    "  \"x\": 20, \"y\": 20, \"width\": 20, \"height\": 5, \"size\": 10, \"min_size\": 9 }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.address",
                                                 "東京都千代田区千代田一丁目一番一号", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  g_autofree char *joined = joined_lines (lines);
  g_auto(GStrv) parts = g_strsplit (joined, "|", -1);
  g_autofree char *rejoined = g_strjoinv ("", parts);

  g_assert_cmpuint (count_problems (layout, KAKANAI_LAYOUT_PROBLEM_OVERFLOW), ==, 1);
  g_assert_cmpfloat_with_epsilon (glyph_size_of (layout, 0), MM (9), 1e-9);
  /* Every character is still drawn. */
  g_assert_cmpstr (rejoined, ==, "東京都千代田区千代田一丁目一番一号");
}

/* ---- boxes ----------------------------------------------------------------------- */

static const char postal_field[] =
  "{ \"type\": \"field\", \"id\": \"postal\", \"key\": \"applicant.postal_code\", \"mode\": \"boxes\","
  "  \"boxes\": 7, \"filter\": \"digits\", \"x\": 20, \"y\": 20, \"width\": 42, \"height\": 7, \"size\": 11 }";

static void
test_one_character_per_box (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (postal_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "applicant.postal_code", "100-0001", NULL);
  g_autoptr(GPtrArray) items = items_of (layout, 0, KAKANAI_ITEM_GLYPHS);
  KakanaiLayoutItem *item;

  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpuint (item->glyphs->len, ==, 7);
  g_assert_cmpstr (item->text, ==, "1000001");
  for (guint i = 0; i < 7; i++)
    {
      KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, i);
      double centre = glyph->x + glyph->advance / 2;

      g_assert_cmpfloat_with_epsilon (centre, 20 + 6 * i + 3, EPSILON_MM);
    }
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_full_width_digits_fill_boxes (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (postal_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "applicant.postal_code", "１００－０００１", NULL);
  g_autoptr(GPtrArray) items = items_of (layout, 0, KAKANAI_ITEM_GLYPHS);

  g_assert_cmpstr (((KakanaiLayoutItem *) g_ptr_array_index (items, 0))->text, ==, "1000001");
}

static void
test_too_many_characters_for_boxes (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (postal_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "applicant.postal_code", "10000012", NULL);
  g_autoptr(GPtrArray) items = items_of (layout, 0, KAKANAI_ITEM_GLYPHS);

  g_assert_cmpuint (count_problems (layout, KAKANAI_LAYOUT_PROBLEM_OVERFLOW), ==, 1);
  g_assert_cmpuint (((KakanaiLayoutItem *) g_ptr_array_index (items, 0))->glyphs->len, ==, 8);
}

/* ---- choices ----------------------------------------------------------------------- */

static const char sex_field[] =
  "{ \"type\": \"field\", \"id\": \"sex\", \"key\": \"card.sex\", \"mode\": \"choice\", \"options\": ["
  "  { \"value\": \"male\", \"x\": 100, \"y\": 20, \"width\": 10, \"height\": 8 },"
  "  { \"value\": \"female\", \"x\": 120, \"y\": 20, \"width\": 10, \"height\": 8 } ] }";

static void
test_choice_circles_the_value (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (sex_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.sex", "female", NULL);
  g_autoptr(GPtrArray) ellipses = items_of (layout, 0, KAKANAI_ITEM_ELLIPSE);
  KakanaiLayoutItem *ellipse;

  g_assert_cmpuint (ellipses->len, ==, 1);
  ellipse = g_ptr_array_index (ellipses, 0);
  g_assert_cmpfloat_with_epsilon (ellipse->x, 125, EPSILON_MM);
  g_assert_cmpfloat_with_epsilon (ellipse->y, 24, EPSILON_MM);
  g_assert_cmpfloat_with_epsilon (ellipse->width, 5, EPSILON_MM);
  g_assert_cmpfloat_with_epsilon (ellipse->height, 4, EPSILON_MM);
  g_assert_cmpfloat (ellipse->line_width, >, 0);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_choice_ticks_several (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"key\": \"request.kind\", \"mode\": \"choice\", \"mark\": \"tick\","
    "  \"multiple\": true, \"options\": ["
    "  { \"value\": \"household\", \"x\": 20, \"y\": 20, \"width\": 5, \"height\": 5 },"
    "  { \"value\": \"extract\", \"x\": 40, \"y\": 20, \"width\": 5, \"height\": 5 },"
    "  { \"value\": \"removed\", \"x\": 60, \"y\": 20, \"width\": 5, \"height\": 5 } ] }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "request.kind", "household, removed", NULL);
  g_autoptr(GPtrArray) ticks = items_of (layout, 0, KAKANAI_ITEM_LINE);
  gboolean ticked[3] = { FALSE };

  g_assert_cmpuint (ticks->len, ==, 4);
  for (guint i = 0; i < ticks->len; i++)
    {
      KakanaiLayoutItem *line = g_ptr_array_index (ticks, i);
      int option = (int) ((line->x - 20) / 20);

      g_assert_cmpint (option, >=, 0);
      g_assert_cmpint (option, <, 3);
      g_assert_cmpfloat (line->x2, <=, 20 + 20 * option + 5);
      ticked[option] = TRUE;
    }
  g_assert_true (ticked[0]);
  g_assert_false (ticked[1]);
  g_assert_true (ticked[2]);
}

static void
test_choice_unknown_value_is_reported (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (sex_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.sex", "not_known", NULL);
  g_autoptr(GPtrArray) ellipses = items_of (layout, 0, KAKANAI_ITEM_ELLIPSE);

  g_assert_cmpuint (ellipses->len, ==, 0);
  g_assert_cmpuint (count_problems (layout, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE), ==, 1);
}

/* ---- characters and fonts ------------------------------------------------------------ */

static void
test_undrawable_character_is_reported (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name", "山\U0001F600田", NULL);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);
  GPtrArray *problems = kakanai_layout_get_problems (layout);
  KakanaiLayoutProblem *problem;

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, KAKANAI_LAYOUT_PROBLEM_MISSING_GLYPH);
  g_assert_cmpuint (problem->character, ==, 0x1F600);
  g_assert_cmpstr (problem->element_id, ==, "name");
  g_assert_nonnull (strstr (problem->message, "U+1F600"));
  /* Never dropped: it is still there, as the .notdef box. */
  g_assert_cmpstr (((Line *) g_ptr_array_index (lines, 0))->text->str, ==, "山\U0001F600田");
}

static void
test_missing_character_falls_back_to_another_font (void)
{
  /* IPAex Mincho has no 𠮷 (U+20BB7) nor ™; IPAmj Mincho has both. */
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"key\": \"card.name\", \"font\": \"mincho\","
    "  \"x\": 20, \"y\": 20, \"width\": 100, \"height\": 10 }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name", "吉田𠮷夫", NULL);
  g_autoptr(GPtrArray) items = items_of (layout, 0, KAKANAI_ITEM_GLYPHS);
  g_autoptr(GPtrArray) lines = lines_of (layout, 0);

  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (((KakanaiLayoutItem *) g_ptr_array_index (items, 0))->font, ==, KAKANAI_FONT_MINCHO);
  g_assert_cmpstr (((KakanaiLayoutItem *) g_ptr_array_index (items, 0))->text, ==, "吉田");
  g_assert_cmpint (((KakanaiLayoutItem *) g_ptr_array_index (items, 1))->font, ==, KAKANAI_FONT_NAMES);
  g_assert_cmpstr (((KakanaiLayoutItem *) g_ptr_array_index (items, 1))->text, ==, "𠮷");
  g_assert_cmpint (((KakanaiLayoutItem *) g_ptr_array_index (items, 2))->font, ==, KAKANAI_FONT_MINCHO);
  g_assert_cmpstr (((Line *) g_ptr_array_index (lines, 0))->text->str, ==, "吉田𠮷夫");
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_rare_characters_in_names_font (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "card.name", "髙﨑𠮷𩸽", NULL);
  g_autoptr(GPtrArray) items = items_of (layout, 0, KAKANAI_ITEM_GLYPHS);
  KakanaiLayoutItem *item = g_ptr_array_index (items, 0);

  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (item->font, ==, KAKANAI_FONT_NAMES);
  g_assert_cmpuint (item->glyphs->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (g_array_index (item->glyphs, KakanaiGlyph, i).glyph, !=, 0);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_variation_sequence_is_one_glyph (void)
{
  /* 葛 with VS19 (U+E0102): IPAmj Mincho has the registry's variant as its own glyph. */
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (name_field);
  g_autoptr(KakanaiLayout) plain = layout_with (tpl, "card.name", "葛", NULL);
  g_autoptr(KakanaiLayout) variant = layout_with (tpl, "card.name", "葛\U000E0102", NULL);
  g_autoptr(GPtrArray) plain_items = items_of (plain, 0, KAKANAI_ITEM_GLYPHS);
  g_autoptr(GPtrArray) variant_items = items_of (variant, 0, KAKANAI_ITEM_GLYPHS);
  KakanaiLayoutItem *plain_item = g_ptr_array_index (plain_items, 0);
  KakanaiLayoutItem *variant_item = g_ptr_array_index (variant_items, 0);
  KakanaiGlyph *glyph;

  g_assert_cmpuint (variant_items->len, ==, 1);
  g_assert_cmpuint (variant_item->glyphs->len, ==, 1);
  glyph = &g_array_index (variant_item->glyphs, KakanaiGlyph, 0);
  g_assert_cmpuint (glyph->glyph, !=, 0);
  g_assert_cmpuint (glyph->glyph, !=, g_array_index (plain_item->glyphs, KakanaiGlyph, 0).glyph);
  /* The glyph stands for both code points, so text extraction keeps the variant. */
  g_assert_cmpuint (glyph->text_length, ==, strlen ("葛\U000E0102"));
  g_assert_cmpuint (kakanai_layout_get_problems (variant)->len, ==, 0);
}

/* ---- values ------------------------------------------------------------------------ */

static char *
text_of (KakanaiLayout *layout,
         guint          element)
{
  g_autoptr(GPtrArray) lines = lines_of (layout, element);
  return joined_lines (lines);
}

static void
test_dates_and_decorations (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"key\": \"request.date\", \"x\": 20, \"y\": 20, \"width\": 60, \"height\": 8 },"
    "{ \"type\": \"field\", \"key\": \"card.birth_date\", \"format\": \"gregorian\", \"x\": 20, \"y\": 30, \"width\": 60, \"height\": 8 },"
    "{ \"type\": \"field\", \"key\": \"card.birth_date\", \"format\": \"wareki_year\", \"x\": 20, \"y\": 40, \"width\": 60, \"height\": 8 },"
    "{ \"type\": \"field\", \"key\": \"request.fiscal_year\", \"format\": \"wareki_fiscal\", \"x\": 20, \"y\": 50, \"width\": 60, \"height\": 8 },"
    "{ \"type\": \"field\", \"key\": \"request.copies.household\", \"prefix\": \"計\", \"suffix\": \"通\", \"x\": 20, \"y\": 60, \"width\": 60, \"height\": 8 },"
    "{ \"type\": \"field\", \"key\": \"office.name\", \"x\": 20, \"y\": 70, \"width\": 60, \"height\": 8 }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "request.date", "2019-05-01",
                                                 "card.birth_date", "1989-01-07",
                                                 "request.fiscal_year", "2024",
                                                 "request.copies.household", "2", NULL);
  g_autofree char *date = text_of (layout, 0);
  g_autofree char *birth = text_of (layout, 1);
  g_autofree char *era_year = text_of (layout, 2);
  g_autofree char *fiscal = text_of (layout, 3);
  g_autofree char *copies = text_of (layout, 4);
  g_autofree char *office = text_of (layout, 5);

  g_assert_cmpstr (date, ==, "令和元年5月1日");
  g_assert_cmpstr (birth, ==, "1989年1月7日");
  g_assert_cmpstr (era_year, ==, "昭和64年");
  g_assert_cmpstr (fiscal, ==, "令和6年度");
  g_assert_cmpstr (copies, ==, "計2通");
  g_assert_cmpstr (office, ==, ""); /* unset: the field stays empty */
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
}

static void
test_bad_fiscal_year_is_reported (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"field\", \"key\": \"request.fiscal_year\", \"format\": \"wareki_fiscal\", \"x\": 20, \"y\": 50, \"width\": 60, \"height\": 8 }");
  g_autoptr(KakanaiLayout) layout = layout_with (tpl, "request.fiscal_year", "R6", NULL);

  g_assert_cmpuint (count_problems (layout, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE), ==, 1);
}

static void
test_static_elements_and_pages (void)
{
  g_autoptr(KakanaiTemplate) a = template_with_elements (
    "{ \"type\": \"text\", \"x\": 20, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"住民票\" },"
    "{ \"type\": \"rect\", \"x\": 20, \"y\": 250, \"width\": 170, \"height\": 30, \"fill\": \"#e6e6e6\", \"line_width\": 0 },"
    "{ \"type\": \"line\", \"x1\": 20, \"y1\": 40, \"x2\": 190, \"y2\": 40, \"dash\": 1 },"
    "{ \"type\": \"circle\", \"cx\": 100, \"cy\": 100, \"r\": 5 }");
  g_autoptr(KakanaiTemplate) b = kakanai_template_ref (a);
  KakanaiTemplate *both[] = { a, b };
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = kakanai_layout_new (both, 2, data, NULL);
  g_autoptr(GPtrArray) rects = NULL;
  g_autofree char *title = NULL;
  KakanaiLayoutItem *rect;

  g_assert_cmpuint (kakanai_layout_get_n_pages (layout), ==, 2);
  title = text_of (layout, 0);
  g_assert_cmpstr (title, ==, "住民票");
  rects = items_of (layout, 1, KAKANAI_ITEM_RECT);
  rect = g_ptr_array_index (rects, 0);
  g_assert_true (rect->has_fill);
  g_assert_cmphex (rect->fill, ==, 0xe6e6e6);
  g_assert_cmpfloat (rect->line_width, ==, 0);
  {
    g_autoptr(GPtrArray) lines = items_of (layout, 2, KAKANAI_ITEM_LINE);
    /* 1 mm is 2.83 pt: rounded to the 3 pt libharu can write, for both renderers. */
    g_assert_cmpfloat_with_epsilon (((KakanaiLayoutItem *) g_ptr_array_index (lines, 0))->dash, MM (3), 1e-9);
  }
}

/* Static elements are laid out once per template: every layout gets the same items, its
 * own copies, whatever the data. */
static void
test_static_layout_is_made_once_and_copied (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"text\", \"x\": 20, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"住民票の写し\" },"
    "{ \"type\": \"field\", \"key\": \"card.name\", \"x\": 20, \"y\": 30, \"width\": 100, \"height\": 10 },"
    "{ \"type\": \"line\", \"x1\": 20, \"y1\": 40, \"x2\": 190, \"y2\": 40 }");
  KakanaiLayout *first = layout_with (tpl, "card.name", "山口花子", NULL);
  g_autoptr(KakanaiLayout) second = layout_with (tpl, "card.name", "髙﨑𠮷", NULL);
  g_autoptr(GPtrArray) first_title = items_of (first, 0, KAKANAI_ITEM_GLYPHS);
  g_autoptr(GPtrArray) second_title = items_of (second, 0, KAKANAI_ITEM_GLYPHS);
  g_autoptr(GPtrArray) first_line = items_of (first, 2, KAKANAI_ITEM_LINE);
  g_autoptr(GPtrArray) second_line = items_of (second, 2, KAKANAI_ITEM_LINE);
  g_autofree char *name = NULL;
  KakanaiLayoutItem *a, *b;

  g_assert_cmpuint (first_title->len, ==, 1);
  g_assert_cmpuint (second_title->len, ==, 1);
  a = g_ptr_array_index (first_title, 0);
  b = g_ptr_array_index (second_title, 0);
  g_assert_true (a != b && a->glyphs != b->glyphs && a->text != b->text);
  g_assert_cmpstr (b->text, ==, "住民票の写し");
  g_assert_cmpuint (a->glyphs->len, ==, b->glyphs->len);
  g_assert_cmpmem (a->glyphs->data, a->glyphs->len * sizeof (KakanaiGlyph),
                   b->glyphs->data, b->glyphs->len * sizeof (KakanaiGlyph));
  g_assert_cmpuint (second_line->len, ==, 1);
  g_assert_cmpfloat (((KakanaiLayoutItem *) g_ptr_array_index (first_line, 0))->x2, ==,
                     ((KakanaiLayoutItem *) g_ptr_array_index (second_line, 0))->x2);

  /* The first layout's copies go; the second's and the template's stay. */
  g_clear_pointer (&first_title, g_ptr_array_unref);
  g_clear_pointer (&first_line, g_ptr_array_unref);
  kakanai_layout_free (first);
  g_assert_cmpstr (b->text, ==, "住民票の写し");
  {
    g_autoptr(KakanaiLayout) third = layout_with (tpl, "card.name", "山口花子", NULL);
    g_autoptr(GPtrArray) third_title = items_of (third, 0, KAKANAI_ITEM_GLYPHS);

    g_assert_cmpmem (b->glyphs->data, b->glyphs->len * sizeof (KakanaiGlyph),
                     ((KakanaiLayoutItem *) g_ptr_array_index (third_title, 0))->glyphs->data,
                     b->glyphs->len * sizeof (KakanaiGlyph));
  }
  name = text_of (second, 1);
  g_assert_cmpstr (name, ==, "髙﨑𠮷");
}

/* A static element with a problem is not kept: the problem is reported every time. */
static void
test_static_problem_is_reported_every_time (void)
{
  g_autoptr(KakanaiTemplate) tpl = template_with_elements (
    "{ \"type\": \"text\", \"x\": 20, \"y\": 10, \"width\": 100, \"height\": 10, \"text\": \"住\U0001F600所\" }");

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(KakanaiLayout) layout = layout_with (tpl, NULL);
      GPtrArray *problems = kakanai_layout_get_problems (layout);

      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_cmpint (((KakanaiLayoutProblem *) g_ptr_array_index (problems, 0))->kind, ==,
                       KAKANAI_LAYOUT_PROBLEM_MISSING_GLYPH);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/layout/line/keeps-size", test_short_text_keeps_its_size);
  g_test_add_func ("/forms/layout/line/shrinks-to-fit", test_long_text_shrinks_to_fit);
  g_test_add_func ("/forms/layout/line/overflow", test_overflow_is_reported_not_clipped);
  for (guint i = 0; i < G_N_ELEMENTS (wrap_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/forms/layout/wrap/kinsoku/%u", i);
      g_test_add_data_func (path, &wrap_cases[i], test_wrap_kinsoku);
    }
  g_test_add_func ("/forms/layout/wrap/shrinks-to-fit", test_wrap_shrinks_to_fit_height);
  g_test_add_func ("/forms/layout/wrap/overflow", test_wrap_overflow_is_reported);
  g_test_add_func ("/forms/layout/boxes/one-per-box", test_one_character_per_box);
  g_test_add_func ("/forms/layout/boxes/full-width-digits", test_full_width_digits_fill_boxes);
  g_test_add_func ("/forms/layout/boxes/overflow", test_too_many_characters_for_boxes);
  g_test_add_func ("/forms/layout/choice/circle", test_choice_circles_the_value);
  g_test_add_func ("/forms/layout/choice/ticks", test_choice_ticks_several);
  g_test_add_func ("/forms/layout/choice/unknown-value", test_choice_unknown_value_is_reported);
  g_test_add_func ("/forms/layout/chars/undrawable", test_undrawable_character_is_reported);
  g_test_add_func ("/forms/layout/chars/fallback", test_missing_character_falls_back_to_another_font);
  g_test_add_func ("/forms/layout/chars/rare-in-names-font", test_rare_characters_in_names_font);
  g_test_add_func ("/forms/layout/chars/variation-sequence", test_variation_sequence_is_one_glyph);
  g_test_add_func ("/forms/layout/values/dates", test_dates_and_decorations);
  g_test_add_func ("/forms/layout/values/bad-fiscal-year", test_bad_fiscal_year_is_reported);
  g_test_add_func ("/forms/layout/static-and-pages", test_static_elements_and_pages);
  g_test_add_func ("/forms/layout/static/made-once", test_static_layout_is_made_once_and_copied);
  g_test_add_func ("/forms/layout/static/problem-every-time", test_static_problem_is_reported_every_time);
  return g_test_run ();
}
