/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-test-hook.c: a read-only socket the GUI tests ask where things are on screen */
#define G_LOG_DOMAIN "kakanai-test-hook"

#include "kakanai-test-hook.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  GtkApplication        *application;
  KakanaiTestHookAnswer  answer;
  gpointer               data;
} Hook;

GtkWidget *
kakanai_test_hook_find_widget (GtkWidget  *widget,
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
      GtkWidget *found = kakanai_test_hook_find_widget (child, id);

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

static char *
find_box (GtkWindow  *window,
          const char *id)
{
  GtkWidget *found = window != NULL ? kakanai_test_hook_find_widget (GTK_WIDGET (window), id) : NULL;
  graphene_rect_t box;
  int side;

  if (found == NULL || !widget_box (found, GTK_WIDGET (window), &box))
    return g_strdup ("none");
  /* Only what a finger or the mouse can reach: not scrolled out of sight, not covered. */
  if (!touchable (found, GTK_WIDGET (window), &box, &side))
    return g_strdup_printf ("clipped %s", side < 0 ? "above" : "below");
  return g_strdup_printf ("%d %d %d %d", (int) box.origin.x, (int) box.origin.y,
                          (int) box.size.width, (int) box.size.height);
}

/* The controls a resident touches; their inner parts (a drop-down's button) are theirs. */
static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_TEXT_VIEW (widget);
}

static char *
control_name (GtkWidget *widget)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  const char *name = gtk_widget_get_name (widget);

  if (id != NULL)
    return g_strdup (id);
  if (name != NULL && !g_str_has_prefix (name, "Gtk"))
    return g_strdup (name);
  return g_strdup_printf ("%s@%d,%d", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
}

/* Each control under @widget that a finger cannot reach: "off:ID" (past the window's
 * edge), "covered:ID"; "scrolled:ID" for one scrolled out of sight in a scroller that is
 * itself in the window (reachable by scrolling; the test scrolls to it). */
static void
add_unreachable (GtkWidget *widget,
                 GtkWidget *window,
                 GString   *problems)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (is_control (widget) && gtk_widget_is_sensitive (widget) && gtk_widget_get_can_target (widget))
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *inside = scroller != NULL ? scroller : widget;
      graphene_rect_t box, outer;
      int side;
      float width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);
      g_autofree char *name = control_name (widget);

      if (widget_box (widget, window, &box) && widget_box (inside, window, &outer))
        {
          if (outer.origin.x < 0 || outer.origin.y < 0 || outer.origin.x + outer.size.width > width + 0.5f ||
              outer.origin.y + outer.size.height > height + 0.5f)
            g_string_append_printf (problems, " off:%s", name);
          else if (!touchable (widget, window, &box, &side))
            g_string_append_printf (problems, " %s:%s", scroller != NULL ? "scrolled" : "covered", name);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    add_unreachable (child, window, problems);
}

/* "WIDTH HEIGHT NEEDED_WIDTH NEEDED_HEIGHT PROBLEM…": the window's size, the least its
 * content needs, and the controls out of reach (add_unreachable()). */
static char *
describe_reach (GtkWindow *window)
{
  GtkWidget *content = window != NULL ? gtk_window_get_child (window) : NULL;
  GString *reply;
  int width, height, needed_width = 0, needed_height = 0;

  if (content == NULL)
    return g_strdup ("none");
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &needed_width, NULL, NULL, NULL);
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, &needed_height, NULL, NULL, NULL);
  reply = g_string_new (NULL);
  g_string_printf (reply, "%d %d %d %d", width, height, needed_width, needed_height);
  add_unreachable (content, GTK_WIDGET (window), reply);
  return g_string_free (reply, FALSE);
}

static char *
answer (Hook       *hook,
        const char *request)
{
  GtkWindow *window = gtk_application_get_active_window (hook->application);
  char *reply;

  if (g_str_has_prefix (request, "find "))
    return find_box (window, request + strlen ("find "));
  if (g_str_equal (request, "reach"))
    return describe_reach (window);
  reply = hook->answer (window, request, hook->data);
  return reply != NULL ? reply : g_strdup ("unknown request");
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           data)
{
  Hook *hook = data;
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
  reply = answer (hook, g_strstrip (request));
  g_strdelimit (reply, "\n", ' ');
  line = g_strconcat (reply, "\n", NULL);
  g_output_stream_write_all (output, line, strlen (line), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

GSocketService *
kakanai_test_hook_start (GtkApplication        *application,
                         const char            *socket_path,
                         KakanaiTestHookAnswer  answer_func,
                         gpointer               data)
{
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr (GError) error = NULL;
  Hook *hook;

  g_unlink (socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error))
    {
      g_warning ("test hook: cannot listen on %s: %s", socket_path, error->message);
      return NULL;
    }
  hook = g_new0 (Hook, 1);
  hook->application = application;
  hook->answer = answer_func;
  hook->data = data;
  g_signal_connect_data (service, "incoming", G_CALLBACK (on_incoming), hook,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  g_socket_service_start (service);
  return g_steal_pointer (&service);
}
