/* test-language-chooser.c: KakanaiLanguageChooser with every language, in a 1280 px window
 * with the kiosk's style, at normal and large text: it wraps and nothing leaves the window.
 *
 * Runs under tests/gui/run-under-xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-language-chooser"

#include "config.h"

#include <gtk/gtk.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kakanai-language.h"
#include "kakanai-language-chooser.h"
#include "widgets-test-support.h"

#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 800
#define WAIT_SECONDS 30

typedef struct {
  GtkWidget *window;
  GtkWidget *chooser;
} Fixture;

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *fixture, int value);

static void
wait_until (Fixture   *fixture,
            Condition  condition,
            int        value)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (!timed_out && !condition (fixture, value))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  assert_true (condition (fixture, value));
}

static gboolean
chooser_is_wide (Fixture *fixture, int width)
{
  return gtk_widget_get_width (fixture->chooser) == width;
}

static GtkWidget *find_button (Fixture *fixture, const char *code);

/* The larger text has reached the buttons. */
static gboolean
japanese_width_changed (Fixture *fixture, int width)
{
  return gtk_widget_get_width (find_button (fixture, "ja")) != width;
}

static int
setup (void **state)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_auto (GStrv) codes = widgets_test_all_languages ();

  fixture->window = gtk_window_new ();
  fixture->chooser = kakanai_language_chooser_new ((const char * const *) codes);
  gtk_widget_set_valign (fixture->chooser, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->chooser);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (fixture, chooser_is_wide, WINDOW_WIDTH);
  *state = fixture;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *fixture = *state;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_free (fixture);
  return 0;
}

static GtkWidget *
find_button (Fixture    *fixture,
             const char *code)
{
  g_autofree char *name = g_strdup_printf ("language:%s", code);
  GtkWidget *child = gtk_widget_get_first_child (fixture->chooser);

  /* chooser → flow box → flow box children → buttons */
  for (child = gtk_widget_get_first_child (child); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (gtk_widget_get_name (button), name) == 0)
        return button;
    }
  return NULL;
}

/* Every button wholly inside the window, at its natural width (no name cut); returns how
 * many rows they take. */
static int
assert_buttons_inside (Fixture *fixture)
{
  g_auto (GStrv) codes = widgets_test_all_languages ();
  g_autoptr (GHashTable) rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  int window_min, window_natural;

  gtk_widget_measure (fixture->chooser, GTK_ORIENTATION_HORIZONTAL, -1, &window_min, &window_natural, NULL, NULL);
  assert_true (window_min <= WINDOW_WIDTH);
  assert_int_equal (gtk_widget_get_width (fixture->window), WINDOW_WIDTH);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      GtkWidget *button = find_button (fixture, codes[i]);
      graphene_rect_t bounds;
      int natural;

      assert_non_null (button);
      assert_true (gtk_widget_compute_bounds (button, fixture->window, &bounds));
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > WINDOW_WIDTH ||
          bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > WINDOW_HEIGHT)
        fail_msg ("%s is outside the %dx%d window: %g,%g %gx%g", codes[i], WINDOW_WIDTH,
                  WINDOW_HEIGHT, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
      assert_true (bounds.size.width >= natural);
      g_hash_table_add (rows, GINT_TO_POINTER ((int) bounds.origin.y));
    }
  return g_hash_table_size (rows);
}

static void
test_fits_at_both_text_sizes (void **state)
{
  Fixture *fixture = *state;
  int normal_rows, large_rows;

  normal_rows = assert_buttons_inside (fixture);
  gtk_widget_add_css_class (fixture->window, "large-text");
  wait_until (fixture, japanese_width_changed, gtk_widget_get_width (find_button (fixture, "ja")));
  large_rows = assert_buttons_inside (fixture);
  /* Larger names take more room: more rows, never a wider window. */
  assert_true (large_rows >= normal_rows);
  assert_true (large_rows >= 2);
}

static void
test_wraps_when_narrow (void **state)
{
  Fixture *fixture = *state;
  GtkWidget *first = find_button (fixture, "ja");
  GtkWidget *last = find_button (fixture, "ne");
  graphene_rect_t first_bounds, last_bounds;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, WINDOW_HEIGHT);
  wait_until (fixture, chooser_is_wide, 400);
  assert_true (gtk_widget_compute_bounds (first, fixture->chooser, &first_bounds));
  assert_true (gtk_widget_compute_bounds (last, fixture->chooser, &last_bounds));
  assert_true (last_bounds.origin.y >= first_bounds.origin.y + 3 * first_bounds.size.height);
  assert_true (last_bounds.origin.x + last_bounds.size.width <= 400);
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer count)
{
  (*(int *) count)++;
}

static void
test_choosing (void **state)
{
  Fixture *fixture = *state;
  KakanaiLanguageChooser *chooser = KAKANAI_LANGUAGE_CHOOSER (fixture->chooser);
  GtkWidget *korean = find_button (fixture, "ko");
  GtkWidget *japanese = find_button (fixture, "ja");
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (korean));
  PangoAttrList *attributes = gtk_label_get_attributes (GTK_LABEL (label));
  g_autoptr (PangoAttrIterator) iter = pango_attr_list_get_iterator (attributes);
  PangoAttrLanguage *language = (PangoAttrLanguage *) pango_attr_iterator_get (iter, PANGO_ATTR_LANGUAGE);
  int notified = 0;

  assert_string_equal (kakanai_language_chooser_get_language (chooser), "ja");
  assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (japanese)));
  assert_string_equal (gtk_label_get_text (GTK_LABEL (label)), "한국어");
  /* Laid out in its own language: the right glyph forms for its script. */
  assert_non_null (language);
  assert_string_equal (pango_language_to_string (language->value), "ko");

  g_signal_connect (chooser, "notify::language", G_CALLBACK (on_notify), &notified);
  g_signal_emit_by_name (korean, "clicked");
  assert_string_equal (kakanai_language_chooser_get_language (chooser), "ko");
  assert_int_equal (notified, 1);
  assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (korean)));
  assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (japanese)));
  assert_true (gtk_widget_has_css_class (korean, "selected"));
  assert_false (gtk_widget_has_css_class (japanese, "selected"));

  /* Pressing the chosen one again keeps it. */
  g_signal_emit_by_name (korean, "clicked");
  assert_string_equal (kakanai_language_chooser_get_language (chooser), "ko");
  assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (korean)));
  assert_int_equal (notified, 1);

  /* Fewer languages: the chosen one gone, the first is chosen. */
  kakanai_language_chooser_set_languages (chooser, (const char *[]) { "en", "ja", NULL });
  assert_string_equal (kakanai_language_chooser_get_language (chooser), "en");
  assert_null (find_button (fixture, "ko"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_fits_at_both_text_sizes, setup, teardown),
    cmocka_unit_test_setup_teardown (test_wraps_when_narrow, setup, teardown),
    cmocka_unit_test_setup_teardown (test_choosing, setup, teardown),
  };

  gtk_init ();
  widgets_test_load_kiosk_style ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
