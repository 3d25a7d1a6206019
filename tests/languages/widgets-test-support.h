/* widgets-test-support.h: what the widget tests and the gallery share: the kiosk's style
 * sheet, and every language Kakanai knows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-language.h"

/* The kiosk's own style sheet, from the source tree, for the whole display. */
static inline void
widgets_test_load_kiosk_style (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  g_autofree char *path = g_build_filename (KAKANAI_SOURCE_ASSETS, "kiosk", "kakanai-kiosk.css", NULL);

  gtk_css_provider_load_from_path (css, path);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Every language's code, in the table's order. */
static inline GStrv
widgets_test_all_languages (void)
{
  const KakanaiLanguage * const *all = kakanai_language_get_all ();
  g_autoptr (GStrvBuilder) codes = g_strv_builder_new ();

  for (guint i = 0; all[i] != NULL; i++)
    g_strv_builder_add (codes, kakanai_language_get_code (all[i]));
  return g_strv_builder_end (codes);
}
