/* kakanai-kiosk-test-hook.c: where things are on screen, for the GUI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request per connection, one line back: "step" (the step shown), "reading-progress"
 * (how full the reading screen's bar was last, "0.00" to "1.00"), "question" (the kind,
 * key, whether required and the options of the question shown), "screen-age" (ms since
 * the screen last changed), "sensitive ID" ("yes", "no" or "none"), "find ID" (the
 * widget's box in window coordinates, "clipped above|below" when scrolled out of reach,
 * or "none"), "text ID" (what a label says, or a drop-down's items separated by tabs;
 * only for the few widgets in readable_ids, which never show personal data).
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-test-hook.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

static GtkWidget *
find_widget (GtkWidget  *widget,
             const char *id)
{
  const char *buildable_id;

  if (!gtk_widget_get_mapped (widget))
    return NULL;
  buildable_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  if (g_strcmp0 (buildable_id, id) == 0 || g_strcmp0 (gtk_widget_get_name (widget), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @widget's box in @window's coordinates, scrolling included. */
static gboolean
widget_box (GtkWidget       *widget,
            GtkWidget       *window,
            graphene_rect_t *box)
{
  double x = 0, y = 0;

  if (!gtk_widget_translate_coordinates (widget, window, 0, 0, &x, &y))
    return FALSE;
  graphene_rect_init (box, (float) x, (float) y, (float) gtk_widget_get_width (widget),
                      (float) gtk_widget_get_height (widget));
  return TRUE;
}

/* Whether a touch at the middle of @box (in @window's coordinates) reaches @widget:
 * FALSE when it is scrolled out of sight or covered. Then @side says where to scroll:
 * -1 up, 1 down. */
static gboolean
touchable (GtkWidget             *widget,
           GtkWidget             *window,
           const graphene_rect_t *box,
           int                   *side)
{
  double x = box->origin.x + box->size.width / 2, y = box->origin.y + box->size.height / 2;
  GtkWidget *picked = gtk_widget_pick (window, x, y, GTK_PICK_INSENSITIVE);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t view;

  if (picked != NULL && (picked == widget || gtk_widget_is_ancestor (picked, widget)))
    return TRUE;
  *side = 1;
  if (scroller != NULL && widget_box (scroller, window, &view))
    *side = y < view.origin.y + view.size.height / 2 ? -1 : 1;
  return FALSE;
}

/* Device names and messages about devices: nothing a resident typed or a card held. */
static const char * const readable_ids[] = {
  "reader_dropdown", "printer_dropdown", "printer_message_label",
  /* Why an answer was refused: the checker's words, never the answer. */
  "error_label",
  "notice_label",
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

static KakanaiKioskWindow *
kiosk_window (GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  return KAKANAI_IS_KIOSK_WINDOW (window) ? KAKANAI_KIOSK_WINDOW (window) : NULL;
}

static char *
answer (GtkApplication *application,
        const char     *request)
{
  KakanaiKioskWindow *window = kiosk_window (application);
  KakanaiKioskSession *session;

  if (window == NULL)
    return g_strdup ("none");
  session = kakanai_kiosk_window_get_session (window);
  if (g_str_equal (request, "screen-age"))
    return g_strdup_printf ("%" G_GINT64_FORMAT,
                            (g_get_monotonic_time () - kakanai_kiosk_window_get_screen_changed_at (window)) / 1000);
  if (g_str_equal (request, "question"))
    return describe_question (session);
  if (g_str_has_prefix (request, "sensitive "))
    {
      GtkWidget *found = find_widget (GTK_WIDGET (window), request + strlen ("sensitive "));

      return g_strdup (found == NULL ? "none" : gtk_widget_is_sensitive (found) ? "yes" : "no");
    }
  if (g_str_equal (request, "step"))
    return g_strdup (kakanai_kiosk_step_to_string (kakanai_kiosk_session_get_step (session)));
  if (g_str_equal (request, "reading-progress"))
    {
      char fraction[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (fraction, sizeof fraction, "%.2f",
                                        kakanai_kiosk_session_get_reading_fraction (session)));
    }
  if (g_str_has_prefix (request, "find "))
    {
      GtkWidget *found = find_widget (GTK_WIDGET (window), request + strlen ("find "));
      graphene_rect_t box;
      int side;

      if (found == NULL || !widget_box (found, GTK_WIDGET (window), &box))
        return g_strdup ("none");
      /* Only what a finger can touch: not scrolled out of sight, not covered. */
      if (!touchable (found, GTK_WIDGET (window), &box, &side))
        return g_strdup_printf ("clipped %s", side < 0 ? "above" : "below");
      return g_strdup_printf ("%d %d %d %d", (int) box.origin.x, (int) box.origin.y,
                              (int) box.size.width, (int) box.size.height);
    }
  if (g_str_has_prefix (request, "text "))
    {
      const char *id = request + strlen ("text ");
      GtkWidget *found;

      if (!g_strv_contains (readable_ids, id))
        return g_strdup ("not readable");
      found = find_widget (GTK_WIDGET (window), id);
      return found != NULL ? widget_text (found) : g_strdup ("none");
    }
  return g_strdup ("unknown request");
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           data)
{
  GtkApplication *application = data;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr (GDataInputStream) lines = g_data_input_stream_new (input);
  g_autofree char *request = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *line = NULL;

  /* One short request per connection; the GUI test waits for it anyway. */
  request = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;
  reply = answer (application, g_strstrip (request));
  line = g_strconcat (reply, "\n", NULL);
  g_output_stream_write_all (output, line, strlen (line), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

GSocketService *
kakanai_kiosk_test_hook_start (GtkApplication *application,
                               const char     *socket_path)
{
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr (GError) error = NULL;

  g_unlink (socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error))
    {
      g_warning ("test hook: cannot listen on %s: %s", socket_path, error->message);
      return NULL;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), application);
  g_socket_service_start (service);
  return g_steal_pointer (&service);
}
