/* test-voice-toggle.c: the 音声案内 switch follows its voice guide both ways, shows the
 * volume only while on, hides without a guide, and cannot be turned on where no voice
 * speaks the language. Runs under tests/gui/run-under-xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-voice-toggle"

#include "config.h"

#include <gtk/gtk.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kakanai-ruby-label.h"
#include "kakanai-voice-toggle-private.h"

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_follows_guide (void **state)
{
  g_autoptr (KakanaiVoiceGuide) guide = kakanai_voice_guide_new ("null");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *voice = kakanai_voice_toggle_new (guide);
  GtkWidget *toggle, *scale;

  gtk_window_set_child (GTK_WINDOW (window), voice);
  toggle = find_descendant (voice, GTK_TYPE_TOGGLE_BUTTON);
  scale = find_descendant (voice, GTK_TYPE_SCALE);
  assert_non_null (toggle);
  assert_non_null (scale);
  assert_string_equal (gtk_widget_get_name (toggle), "voice-guide");

  /* Off by default; no volume shown. */
  assert_true (gtk_widget_get_visible (voice));
  assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  assert_false (gtk_widget_get_visible (scale));

  /* The resident turns it on. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  assert_true (kakanai_voice_guide_get_active (guide));
  assert_true (gtk_widget_get_visible (scale));
  gtk_range_set_value (GTK_RANGE (scale), 0.5);
  assert_float_equal (kakanai_voice_guide_get_volume (guide), 0.5, 1e-9);

  /* The session ends: the guide is turned off, and the switch shows it. */
  kakanai_voice_guide_set_active (guide, FALSE);
  assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  assert_false (gtk_widget_get_visible (scale));

  /* Tagalog has no voice: the switch is off and cannot be turned on. */
  kakanai_voice_guide_set_active (guide, TRUE);
  kakanai_voice_toggle_set_language (KAKANAI_VOICE_TOGGLE (voice), "tl");
  assert_false (gtk_widget_get_sensitive (toggle));
  assert_false (kakanai_voice_guide_get_active (guide));
  kakanai_voice_toggle_set_language (KAKANAI_VOICE_TOGGLE (voice), "en");
  assert_true (gtk_widget_get_sensitive (toggle));

  /* No voice guide at this counter ([voice] enabled=false): nothing to show. */
  kakanai_voice_toggle_set_guide (KAKANAI_VOICE_TOGGLE (voice), NULL);
  assert_false (gtk_widget_get_visible (voice));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  assert_false (kakanai_voice_guide_get_active (guide));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* What is said for a control: its words, readings kept, never what an entry holds. */
static void
test_spoken_text (void **state)
{
  g_autoptr (GtkWidget) button = g_object_ref_sink (gtk_button_new_with_label ("Next"));
  g_autoptr (GtkWidget) box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  g_autoptr (GtkWidget) entry = g_object_ref_sink (gtk_entry_new ());
  g_autoptr (GtkWidget) pin = g_object_ref_sink (gtk_password_entry_new ());
  g_autoptr (GtkWidget) card = g_object_ref_sink (gtk_button_new ());
  GtkWidget *hidden = gtk_label_new ("hidden");
  char *text;

  text = kakanai_voice_toggle_spoken_text_for (button);
  assert_string_equal (text, "Next");
  g_free (text);

  gtk_box_append (GTK_BOX (box), kakanai_ruby_label_new ("{住所|じゅうしょ}"));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Address"));
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_widget_set_visible (hidden, FALSE);
  gtk_button_set_child (GTK_BUTTON (card), box);
  text = kakanai_voice_toggle_spoken_text_for (card);
  assert_string_equal (text, "{住所|じゅうしょ} Address");
  g_free (text);

  gtk_editable_set_text (GTK_EDITABLE (entry), "ヤマグチ ハナコ");
  gtk_editable_set_text (GTK_EDITABLE (pin), "1234");
  assert_null (kakanai_voice_toggle_spoken_text_for (entry));
  assert_null (kakanai_voice_toggle_spoken_text_for (pin));
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The focus moves to a button: the guide, when on, says it. */
static void
test_follows_focus (void **state)
{
  g_autoptr (KakanaiVoiceGuide) guide = kakanai_voice_guide_new ("null");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *voice = kakanai_voice_toggle_new (guide);
  GtkWidget *first = gtk_button_new_with_label ("Start over");
  GtkWidget *next = gtk_button_new_with_label ("Next");
  gboolean timed_out = FALSE;
  guint timeout;

  gtk_box_append (GTK_BOX (box), voice);
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), next);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  kakanai_voice_toggle_set_language (KAKANAI_VOICE_TOGGLE (voice), "en");
  kakanai_voice_toggle_follow_focus (KAKANAI_VOICE_TOGGLE (voice), GTK_WINDOW (window));

  /* Off: moving the focus says nothing. */
  gtk_widget_grab_focus (first);
  assert_false (kakanai_voice_guide_get_speaking (guide));

  kakanai_voice_guide_set_active (guide, TRUE);
  gtk_widget_grab_focus (next);
  assert_true (kakanai_voice_guide_get_speaking (guide));
  timeout = g_timeout_add_seconds (60, on_timeout, &timed_out);
  while (!timed_out && kakanai_voice_guide_get_speaking (guide))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  assert_false (kakanai_voice_guide_get_speaking (guide));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_follows_guide),
    cmocka_unit_test (test_spoken_text),
    cmocka_unit_test (test_follows_focus),
  };

  gtk_init ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
