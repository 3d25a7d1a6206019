/* test-ruby-label.c: the {漢字|かんじ} markup and KakanaiRubyLabel's geometry.
 *
 * Runs under tests/gui/run-under-xvfb: a real window, real fonts, the geometry the
 * resident sees (each reading above its own base, none over the line before).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ruby-label"

#include "config.h"

#include <gtk/gtk.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kakanai-ruby.h"
#include "kakanai-ruby-label-private.h"

#define SENTENCE "{住民票|じゅうみんひょう}の{写|うつ}しを{取|と}りに{来|き}ました。" \
                 "{窓口|まどぐち}の{人|ひと}に{聞|き}いて ください。"
#define SENTENCE_TEXT "住民票の写しを取りに来ました。窓口の人に聞いて ください。"
#define WAIT_SECONDS 30
#define BASE_FONT_PX 24

/* ---- markup -------------------------------------------------------------------------- */

static void
test_markup (void **state)
{
  g_autoptr (GArray) spans = NULL;
  g_autofree char *base = kakanai_ruby_parse ("{住所|じゅうしょ}を{書|か}く", &spans);
  KakanaiRubySpan *first, *second;

  assert_string_equal (base, "住所を書く");
  assert_int_equal (spans->len, 2);
  first = &g_array_index (spans, KakanaiRubySpan, 0);
  second = &g_array_index (spans, KakanaiRubySpan, 1);
  assert_int_equal (first->start, 0);
  assert_int_equal (first->end, strlen ("住所"));
  assert_string_equal (first->reading, "じゅうしょ");
  assert_int_equal (second->start, strlen ("住所を"));
  assert_string_equal (second->reading, "か");

  g_autofree char *spoken = kakanai_ruby_to_readings ("{住所|じゅうしょ}を{書|か}く");
  assert_string_equal (spoken, "じゅうしょをかく");
}

/* Braces that are not ruby are text: shown as written, never lost. */
static void
test_markup_not_ruby (void **state)
{
  const char *cases[] = { "{a}", "{|x}", "{a|}", "{a|b", "a|b}", "{{a|b}", "{a|b|c}", "}{", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GArray) spans = NULL;
      g_autofree char *base = kakanai_ruby_parse (cases[i], &spans);
      g_autofree char *spoken = kakanai_ruby_to_readings (cases[i]);

      if (g_str_equal (cases[i], "{{a|b}"))
        {
          assert_string_equal (base, "{a");
          assert_int_equal (spans->len, 1);
          continue;
        }
      assert_string_equal (base, cases[i]);
      assert_string_equal (spoken, cases[i]);
      assert_int_equal (spans->len, 0);
    }
}

/* ---- the widget ---------------------------------------------------------------------- */

typedef struct {
  GtkWidget *window;
  GtkWidget *label;
  GtkCssProvider *css;
} Fixture;

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the label is laid out at @width (or fails the test). */
static void
wait_for_width (Fixture *fixture,
                int      width)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!timed_out && gtk_widget_get_width (fixture->label) != width)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  assert_int_equal (gtk_widget_get_width (fixture->label), width);
}

/* Runs the main loop until the label's height changes from @height. */
static void
wait_for_height_change (Fixture *fixture,
                        int      height)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!timed_out && gtk_widget_get_height (fixture->label) == height)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  assert_int_not_equal (gtk_widget_get_height (fixture->label), height);
}

static int
setup_window (void **state)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (fixture->css,
                                   "window label { font-size: " G_STRINGIFY (BASE_FONT_PX) "px; }"
                                   "window.large-text label { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (fixture->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  fixture->window = gtk_window_new ();
  fixture->label = kakanai_ruby_label_new (SENTENCE);
  gtk_widget_set_halign (fixture->label, GTK_ALIGN_START);
  gtk_widget_set_valign (fixture->label, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->label);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  *state = fixture;
  return 0;
}

static int
teardown_window (void **state)
{
  Fixture *fixture = *state;

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (fixture->css));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_object_unref (fixture->css);
  g_free (fixture);
  return 0;
}

/* Every reading sits right above its base, centred on it, inside the widget, and clear of
 * the line above; returns how many lines have readings. */
static int
assert_readings_above_bases (KakanaiRubyLabel *label)
{
  graphene_rect_t base, reading;
  float previous_line_bottom = 0, line_top = -1;
  int lines = 0;

  for (guint i = 0; kakanai_ruby_label_get_ruby_extents (label, i, &base, &reading); i++)
    {
      assert_true (reading.size.height > 0 && base.size.height > reading.size.height);
      assert_true (reading.size.width > 0 && base.size.width > 0);
      /* About as wide as its base at most (a long reading spreads the base; Pango drops
       * half a spacing at a line's ends), and inside the label. */
      assert_true (reading.size.width <= base.size.width * 1.1);
      assert_true (reading.origin.x >= 0);
      assert_true (reading.origin.x + reading.size.width <= gtk_widget_get_width (GTK_WIDGET (label)) + 0.5);
      /* Above: its bottom at its base's top, nothing of it lower. */
      assert_float_equal (reading.origin.y + reading.size.height, base.origin.y, 0.5);
      assert_true (reading.origin.y >= -0.5);
      /* Centred over its own base (or pushed inside at the label's edge). */
      if (reading.origin.x > 0)
        assert_float_equal (reading.origin.x + reading.size.width / 2,
                            base.origin.x + base.size.width / 2, 1.0);
      if (base.origin.y != line_top)
        {
          /* A new line: its readings stay below the line above. */
          assert_true (reading.origin.y >= previous_line_bottom - 0.5);
          line_top = base.origin.y;
          lines++;
        }
      previous_line_bottom = base.origin.y + base.size.height;
      assert_true (base.origin.y + base.size.height <= gtk_widget_get_height (GTK_WIDGET (label)) + 0.5);
    }
  return lines;
}

static void
test_reading_above_base (void **state)
{
  Fixture *fixture = *state;
  KakanaiRubyLabel *label = KAKANAI_RUBY_LABEL (fixture->label);
  g_autofree char *text = NULL;
  graphene_rect_t base, reading;
  int natural_width;

  gtk_widget_measure (fixture->label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
  wait_for_width (fixture, natural_width);
  assert_int_equal (kakanai_ruby_label_get_line_count (label), 1);
  assert_int_equal (assert_readings_above_bases (label), 1);
  /* 住民票 and じゅうみんひょう: the reading is at half size. */
  assert_true (kakanai_ruby_label_get_ruby_extents (label, 0, &base, &reading));
  /* じゅうみんひょう at half the size of the text (24px): 8 kana, each 1 em wide. */
  assert_float_equal (reading.size.width / 8, BASE_FONT_PX / 2.0, 0.5);
  assert_float_equal (base.size.width, reading.size.width, reading.size.width * 0.1);
  assert_false (kakanai_ruby_label_get_ruby_extents (label, 7, &base, &reading));

  g_object_get (label, "text", &text, NULL);
  assert_string_equal (text, SENTENCE_TEXT);
  assert_string_equal (kakanai_ruby_label_get_text (label), SENTENCE_TEXT);
}

static void
test_wraps_with_readings (void **state)
{
  Fixture *fixture = *state;
  KakanaiRubyLabel *label = KAKANAI_RUBY_LABEL (fixture->label);
  int one_line_height, minimum_width;

  gtk_widget_measure (fixture->label, GTK_ORIENTATION_VERTICAL, -1, NULL, &one_line_height, NULL, NULL);
  gtk_widget_measure (fixture->label, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL, NULL);
  assert_true (minimum_width < 150);
  gtk_widget_set_halign (fixture->label, GTK_ALIGN_FILL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 300, 800);
  wait_for_width (fixture, 300);
  assert_true (kakanai_ruby_label_get_line_count (label) >= 3);
  /* The lines that have readings (the last, ください。, has none). */
  assert_true (assert_readings_above_bases (label) >= 2);
  assert_true (gtk_widget_get_height (fixture->label) >= 3 * one_line_height - 2);
}

/* The kiosk's text-size setting is a CSS class on the window: the label follows it. */
static void
test_follows_text_size (void **state)
{
  Fixture *fixture = *state;
  KakanaiRubyLabel *label = KAKANAI_RUBY_LABEL (fixture->label);
  graphene_rect_t base, reading, large_base, large_reading;
  int natural_width;

  gtk_widget_measure (fixture->label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
  wait_for_width (fixture, natural_width);
  assert_true (kakanai_ruby_label_get_ruby_extents (label, 0, &base, &reading));

  gtk_widget_add_css_class (fixture->window, "large-text");
  wait_for_height_change (fixture, gtk_widget_get_height (fixture->label));
  assert_true (kakanai_ruby_label_get_ruby_extents (label, 0, &large_base, &large_reading));
  assert_true (large_base.size.height > base.size.height * 1.4);
  assert_true (large_reading.size.height > reading.size.height * 1.4);
  assert_readings_above_bases (label);
}

/* Centred, in a width larger than the text: the lines and their readings move together. */
static void
test_centred (void **state)
{
  Fixture *fixture = *state;
  KakanaiRubyLabel *label = KAKANAI_RUBY_LABEL (fixture->label);
  graphene_rect_t left_base, left_reading, base, reading;

  gtk_widget_set_halign (fixture->label, GTK_ALIGN_FILL);
  wait_for_width (fixture, 1280);
  /* 写 (うつ): not at the line's start, where a reading may be pushed inside. */
  assert_true (kakanai_ruby_label_get_ruby_extents (label, 1, &left_base, &left_reading));
  kakanai_ruby_label_set_justify (label, GTK_JUSTIFY_CENTER);
  assert_true (kakanai_ruby_label_get_ruby_extents (label, 1, &base, &reading));
  assert_true (base.origin.x > left_base.origin.x + 100);
  assert_float_equal (reading.origin.x - base.origin.x, left_reading.origin.x - left_base.origin.x, 1.0);
  assert_readings_above_bases (label);
}

/* Plain text: no room kept for readings that are not there. */
static void
test_plain_text (void **state)
{
  g_autoptr (GtkWidget) plain = g_object_ref_sink (kakanai_ruby_label_new ("住民票の写し"));
  g_autoptr (GtkWidget) ruby = g_object_ref_sink (kakanai_ruby_label_new ("{住民票|じゅうみんひょう}の{写|うつ}し"));
  int plain_height, ruby_height;

  gtk_widget_measure (plain, GTK_ORIENTATION_VERTICAL, -1, NULL, &plain_height, NULL, NULL);
  gtk_widget_measure (ruby, GTK_ORIENTATION_VERTICAL, -1, NULL, &ruby_height, NULL, NULL);
  assert_true (plain_height > 0);
  assert_true (ruby_height > plain_height * 1.3);
  assert_string_equal (kakanai_ruby_label_get_text (KAKANAI_RUBY_LABEL (plain)), "住民票の写し");
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_markup),
    cmocka_unit_test (test_markup_not_ruby),
    cmocka_unit_test (test_plain_text),
    cmocka_unit_test_setup_teardown (test_reading_above_base, setup_window, teardown_window),
    cmocka_unit_test_setup_teardown (test_wraps_with_readings, setup_window, teardown_window),
    cmocka_unit_test_setup_teardown (test_follows_text_size, setup_window, teardown_window),
    cmocka_unit_test_setup_teardown (test_centred, setup_window, teardown_window),
  };

  gtk_init ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
