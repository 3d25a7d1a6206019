/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-test-hook.c: the editor's state, for the GUI tests */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-test-hook.h"

#include <stdlib.h>

#include "kakanai-editor-suggestions.h"
#include "kakanai-editor-window.h"
#include "kakanai-test-hook.h"

static KakanaiEditorWindow *
editor_window (GtkApplication *application)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (KAKANAI_IS_EDITOR_WINDOW (l->data))
      return l->data;
  return NULL;
}

static char *
state (KakanaiEditorWindow *window)
{
  KakanaiEditorDocument *document = kakanai_editor_window_get_document (window);
  KakanaiEditorCanvas *canvas = kakanai_editor_window_get_canvas (window);
  KakanaiTemplateModel *model = kakanai_editor_document_get_model (document);
  GArray *selection = kakanai_editor_canvas_get_selection (canvas);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *tool = NULL;
  const char *path = kakanai_editor_document_get_path (document);
  const char *recovery = kakanai_editor_document_get_recovery_path (document);

  g_object_get (canvas, "tool", &tool, NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "elements");
  json_builder_add_int_value (builder, kakanai_template_model_get_n_items (model, KAKANAI_MODEL_LIST_ELEMENTS));
  json_builder_set_member_name (builder, "questions");
  json_builder_add_int_value (builder, kakanai_template_model_get_n_items (model, KAKANAI_MODEL_LIST_QUESTIONS));
  json_builder_set_member_name (builder, "selection");
  json_builder_begin_array (builder);
  for (guint i = 0; i < selection->len; i++)
    json_builder_add_int_value (builder, g_array_index (selection, guint, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "modified");
  json_builder_add_boolean_value (builder, kakanai_editor_document_get_modified (document));
  json_builder_set_member_name (builder, "can_undo");
  json_builder_add_boolean_value (builder, kakanai_template_model_can_undo (model));
  json_builder_set_member_name (builder, "can_redo");
  json_builder_add_boolean_value (builder, kakanai_template_model_can_redo (model));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path != NULL ? path : "");
  json_builder_set_member_name (builder, "recovery");
  json_builder_add_string_value (builder, recovery != NULL ? recovery : "");
  json_builder_set_member_name (builder, "tool");
  json_builder_add_string_value (builder, tool);
  json_builder_set_member_name (builder, "problems");
  json_builder_add_int_value (builder, kakanai_editor_window_get_problems (window)->len);
  {
    GtkWidget *suggestions = kakanai_editor_window_get_suggestions (window);
    const char *highlighted = suggestions != NULL
      ? kakanai_editor_suggestions_get_highlighted (KAKANAI_EDITOR_SUGGESTIONS (suggestions)) : NULL;

    g_auto(GStrv) pending = suggestions != NULL
      ? kakanai_editor_suggestions_dup_pending_keys (KAKANAI_EDITOR_SUGGESTIONS (suggestions)) : NULL;

    json_builder_set_member_name (builder, "suggestions");
    json_builder_begin_array (builder);
    for (guint i = 0; pending != NULL && pending[i] != NULL; i++)
      json_builder_add_string_value (builder, pending[i]);
    json_builder_end_array (builder);
    json_builder_set_member_name (builder, "highlighted");
    json_builder_add_string_value (builder, highlighted != NULL ? highlighted : "");
  }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
answer (GtkWindow  *active,
        const char *request,
        gpointer    data)
{
  GtkApplication *application = data;
  KakanaiEditorWindow *window = editor_window (application);

  if (g_str_equal (request, "dialog"))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      /* Dialogs are not all the application's windows: look at every one shown. */
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
            return g_strdup (gtk_widget_get_name (GTK_WIDGET (toplevel)));
        }
      return g_strdup ("none");
    }
  if (window == NULL)
    return g_strdup ("none");
  if (g_str_equal (request, "state"))
    return state (window);
  if (g_str_has_prefix (request, "point "))
    {
      double x_mm = g_ascii_strtod (request + strlen ("point "), NULL);
      const char *second = strchr (request + strlen ("point "), ' ');
      double y_mm = second != NULL ? g_ascii_strtod (second + 1, NULL) : 0;
      double x, y;

      if (!kakanai_editor_canvas_page_to_widget (kakanai_editor_window_get_canvas (window), GTK_WIDGET (window),
                                                 x_mm, y_mm, &x, &y))
        return g_strdup ("none");
      return g_strdup_printf ("%d %d", (int) x, (int) y);
    }
  if (g_str_equal (request, "problems"))
    {
      GArray *elements = kakanai_editor_window_get_problem_elements (window);
      g_autoptr(GString) list = g_string_new ("[");

      for (guint i = 0; i < elements->len; i++)
        g_string_append_printf (list, "%s%d", i > 0 ? "," : "", g_array_index (elements, int, i));
      g_string_append_c (list, ']');
      return g_string_free (g_steal_pointer (&list), FALSE);
    }
  if (g_str_has_prefix (request, "element "))
    {
      KakanaiTemplateModel *model = kakanai_editor_document_get_model (kakanai_editor_window_get_document (window));
      guint index = (guint) atoi (request + strlen ("element "));
      g_autoptr(JsonNode) node = NULL;

      if (index >= kakanai_template_model_get_n_items (model, KAKANAI_MODEL_LIST_ELEMENTS))
        return g_strdup ("none");
      node = json_node_init_object (json_node_alloc (),
                                    kakanai_template_model_get_item (model, KAKANAI_MODEL_LIST_ELEMENTS, index));
      return json_to_string (node, FALSE);
    }
  return NULL;
}

GSocketService *
kakanai_editor_test_hook_start (GtkApplication *application,
                                const char     *socket_path)
{
  return kakanai_test_hook_start (application, socket_path, answer, application);
}
