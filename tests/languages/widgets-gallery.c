/* widgets-gallery.c: the shared widgets in one window, for the accessibility test
 * (test-widgets-a11y.py) and for screenshots.
 *   widgets-gallery [--large] [RUBY-MARKUP]
 * The kiosk's own style sheet applies; --large sets the kiosk's large-text setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "widgets-gallery"

#include "config.h"

#include <gtk/gtk.h>

#include "kakanai-language.h"
#include "kakanai-language-chooser.h"
#include "kakanai-ruby-label.h"
#include "kakanai-voice-toggle.h"
#include "widgets-test-support.h"

static gboolean large_text;

static GtkWidget *
language_chooser (void)
{
  g_auto (GStrv) languages = widgets_test_all_languages ();

  return kakanai_language_chooser_new ((const char * const *) languages);
}

static void
on_activate (GtkApplication *app,
             gpointer        markup)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *ruby = kakanai_ruby_label_new (markup);

  widgets_test_load_kiosk_style ();
  if (large_text)
    gtk_widget_add_css_class (window, "large-text");
  gtk_window_set_title (GTK_WINDOW (window), "Kakanai widgets");
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_widget_set_name (ruby, "ruby");
  gtk_box_append (GTK_BOX (box), ruby);
  gtk_box_append (GTK_BOX (box), language_chooser ());
  {
    /* ALSA's null device: the gallery speaks to no one. */
    g_autoptr (KakanaiVoiceGuide) guide = kakanai_voice_guide_new ("null");

    gtk_box_append (GTK_BOX (box), kakanai_voice_toggle_new (guide));
  }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (GtkApplication) app = gtk_application_new ("jp.kakanai.WidgetsGallery",
                                                        G_APPLICATION_NON_UNIQUE);
  const char *markup = "{住民票|じゅうみんひょう}の{写|うつ}し";

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--large"))
        large_text = TRUE;
      else
        markup = argv[i];
    }

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), (gpointer) markup);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
