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

#include "kakanai-voice-toggle.h"

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

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_follows_guide),
  };

  gtk_init ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
