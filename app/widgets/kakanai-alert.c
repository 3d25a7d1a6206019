/* kakanai-alert.c: a label with the alert role that screen readers say as it changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kakanai-alert.h"

void
kakanai_alert_show (GtkLabel   *alert,
                    const char *message,
                    gboolean    keeps_place)
{
  gboolean none = message == NULL || message[0] == '\0';

  g_return_if_fail (GTK_IS_LABEL (alert));

  if (none)
    {
      gtk_label_set_text (alert, "");
      gtk_widget_set_visible (GTK_WIDGET (alert), keeps_place);
      return;
    }
  if (gtk_widget_get_visible (GTK_WIDGET (alert)) && g_str_equal (gtk_label_get_text (alert), message))
    return;
  gtk_widget_set_visible (GTK_WIDGET (alert), FALSE);
  gtk_label_set_text (alert, message);
  gtk_widget_set_visible (GTK_WIDGET (alert), TRUE);
  /* For those who hear the screen without a screen reader (a window's voice guide). */
  gtk_widget_activate_action (GTK_WIDGET (alert), "alert.announce", "s", message);
}
