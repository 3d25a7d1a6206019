/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-kiosk-test-hook.c: where things are on screen, for the GUI tests.
 *
 * Through the shared test hook (app/widgets/kakanai-test-hook.c: one request per
 * connection, one line back, "find ID" answered there): "step" (the step shown,
 * "changing" while a page cross-fades), "reading-progress" (how full the reading
 * screen's bar was last, "0.00" to "1.00"), "question" (the kind, key, whether required
 * and the options of the question shown), "screen-age" (ms since the screen last
 * changed), "language" (the code of the language shown), "announced" (the last alert
 * the voice guide said: a refused answer's reason or a PIN message, never personal data;
 * "none"), "sensitive ID" ("yes", "no" or "none"), "text ID" (what a label says, or a
 * drop-down's items separated by tabs; only for the few widgets in readable_ids, which
 * never show personal data).
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-test-hook.h"

#include <string.h>

#include "kakanai-ruby-label.h"
#include "kakanai-test-hook.h"

/* Device names and messages about devices: nothing a resident typed or a card held. */
static const char * const readable_ids[] = {
  "reader_dropdown", "printer_dropdown", "printer_message_label",
  /* Why an answer was refused: the checker's words, never the answer. */
  "error_label",
  "notice_label",
  /* The finish screen's output folder, the problem screen's configuration error. */
  "message_text",
  /* A question's prompt: the template's words. */
  "title_label", NULL,
};

/* What a label says, or a drop-down's items separated by tabs; on one line. */
static char *
widget_text (GtkWidget *widget)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (GTK_IS_LABEL (widget))
    g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
  else if (KAKANAI_IS_RUBY_LABEL (widget))
    g_string_append (text, kakanai_ruby_label_get_text (KAKANAI_RUBY_LABEL (widget)));
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *items = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr (GObject) item = g_list_model_get_item (items, i);

          if (i > 0)
            g_string_append_c (text, '\t');
          if (GTK_IS_STRING_OBJECT (item))
            g_string_append (text, gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
        }
    }
  else
    return g_strdup ("unknown widget");
  g_strdelimit (text->str, "\n", ' ');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The question shown: "KIND KEY required|optional OPTION,OPTION…" (template data only,
 * never an answer), or "none". */
static char *
describe_question (KakanaiKioskSession *session)
{
  KakanaiQuestion *question = kakanai_kiosk_session_get_question (session);
  const char * const *options;
  g_autofree char *joined = NULL;

  if (question == NULL)
    return g_strdup ("none");
  options = kakanai_question_get_options (question);
  joined = options != NULL ? g_strjoinv (",", (GStrv) options) : g_strdup ("");
  return g_strdup_printf ("%s %s %s %s", kakanai_question_kind_to_string (kakanai_question_get_kind (question)),
                          kakanai_question_get_key (question),
                          kakanai_question_is_required (question) ? "required" : "optional", joined);
}

/* A click during a page's cross-fade may be lost: the tests wait until it is over. */
static gboolean
any_page_changing (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_page_changing (child))
      return TRUE;
  return FALSE;
}

static char *
answer (GtkWindow  *active,
        const char *request,
        gpointer    data)
{
  KakanaiKioskWindow *window = KAKANAI_IS_KIOSK_WINDOW (active) ? KAKANAI_KIOSK_WINDOW (active) : NULL;
  KakanaiKioskSession *session;

  if (window == NULL)
    return g_strdup ("none");
  session = kakanai_kiosk_window_get_session (window);
  if (g_str_equal (request, "screen-age"))
    return g_strdup_printf ("%" G_GINT64_FORMAT,
                            (g_get_monotonic_time () - kakanai_kiosk_window_get_screen_changed_at (window)) / 1000);
  if (g_str_equal (request, "question"))
    return describe_question (session);
  if (g_str_equal (request, "announced"))
    return g_strdup (kakanai_kiosk_window_get_announced (window) != NULL ? kakanai_kiosk_window_get_announced (window) : "none");
  if (g_str_equal (request, "language"))
    return g_strdup (kakanai_kiosk_window_get_language (window));
  if (g_str_has_prefix (request, "sensitive "))
    {
      GtkWidget *found = kakanai_test_hook_find_widget (GTK_WIDGET (window), request + strlen ("sensitive "));

      return g_strdup (found == NULL ? "none" : gtk_widget_is_sensitive (found) ? "yes" : "no");
    }
  if (g_str_equal (request, "step"))
    {
      if (any_page_changing (GTK_WIDGET (window)))
        return g_strdup ("changing");
      return g_strdup (kakanai_kiosk_step_to_string (kakanai_kiosk_session_get_step (session)));
    }
  if (g_str_equal (request, "reading-progress"))
    {
      char fraction[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (fraction, sizeof fraction, "%.2f",
                                        kakanai_kiosk_session_get_reading_fraction (session)));
    }
  if (g_str_has_prefix (request, "text "))
    {
      const char *id = request + strlen ("text ");
      GtkWidget *found;

      if (!g_strv_contains (readable_ids, id))
        return g_strdup ("not readable");
      found = kakanai_test_hook_find_widget (GTK_WIDGET (window), id);
      return found != NULL ? widget_text (found) : g_strdup ("none");
    }
  return NULL;
}

GSocketService *
kakanai_kiosk_test_hook_start (GtkApplication *application,
                               const char     *socket_path)
{
  return kakanai_test_hook_start (application, socket_path, answer, NULL);
}
