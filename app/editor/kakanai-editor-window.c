/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-window.c: one template being edited
 *
 * The window's actions, in one place (with their keys in kakanai-editor-application.c
 * and, for those that only make sense on the page, the canvas's bindings below):
 *   save, save-as, close, undo, redo, cut, copy, paste, duplicate, delete, select-all,
 *   raise, lower, raise-to-top, lower-to-bottom, align (s), distribute (s), tool (s),
 *   zoom-in, zoom-out, zoom-reset, show-grid, snap, test-fill, choose-sample, export-pdf,
 *   add-question, remove-question, question-up, question-down, panel (s), focus-next-pane.
 */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-window.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kakanai-catalog.h"
#include "kakanai-editor-member-grid.h"
#include "kakanai-editor-suggestions.h"

#define ZOOM_STEP 1.25
/* 96 dpi: a millimetre on the page is a millimetre on a usual screen. */
#define ACTUAL_SIZE_PX_PER_MM (96.0 / 25.4)
#define PASTE_OFFSET_MM 5.0

struct _KakanaiEditorWindow {
  GtkApplicationWindow   parent_instance;

  KakanaiEditorDocument *document;
  KakanaiTemplateModel  *model;

  /* template widgets */
  GtkBox                *tool_box;
  KakanaiEditorCanvas   *canvas;
  GtkWidget             *sidebar;
  GtkStack              *panels;
  GtkBox                *inspector_box;
  GtkLabel              *inspector_title;
  GtkBox                *arrange_box;
  GtkBox                *questions_box;
  GtkListBox            *question_list;
  GtkBox                *form_box;
  GtkLabel              *problems_summary;
  GtkListBox            *problem_list;
  GtkButton             *zoom_button;

  GtkWidget             *element_grid;    /* KakanaiEditorMemberGrid of the one selected element */
  int                    element_index;   /* its element, -1 */
  GtkWidget             *question_grid;
  int                    question_index;
  GtkWidget             *form_grid;
  GtkWidget             *suggestions;     /* KakanaiEditorSuggestions of a new form, or NULL */

  gboolean               test_fill;
  char                  *sample_path;
  KakanaiFormData       *fill_data;
  GPtrArray             *problems;        /* char* messages, shown in problem_list */
  GArray                *problem_elements;/* int per problem: the element at fault, or -1 */
};

G_DEFINE_FINAL_TYPE (KakanaiEditorWindow, kakanai_editor_window, GTK_TYPE_APPLICATION_WINDOW)

static void update_actions (KakanaiEditorWindow *self);
static void update_problems (KakanaiEditorWindow *self);

/* ---- the data keys a field may print ---- */

static GStrv
known_keys (KakanaiEditorWindow *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_QUESTIONS);

  /* The template's own questions first: they are what a new form usually adds. */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *question = kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, i);
      const char *key = json_object_get_string_member_with_default (question, "key", NULL);

      if (key != NULL)
        g_strv_builder_add (keys, key);
    }
  g_strv_builder_addv (keys, (const char **) kakanai_form_data_known_keys ());
  return g_strv_builder_end (keys);
}

/* ---- inspector ---- */

static JsonNode *
get_element_member (gpointer data, const char *member)
{
  KakanaiEditorWindow *self = data;

  if (self->element_index < 0)
    return NULL;
  return kakanai_template_model_dup_element_member (self->model, self->element_index, member);
}

static void
report_error (KakanaiEditorWindow *self,
              GError              *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_element_member (gpointer data, const char *member, JsonNode *value)
{
  KakanaiEditorWindow *self = data;
  g_autoptr(JsonNode) owned = value;
  g_autoptr(GError) error = NULL;

  if (self->element_index < 0)
    return;
  if (!kakanai_template_model_set_item_member (self->model, KAKANAI_MODEL_LIST_ELEMENTS, self->element_index,
                                               member, value, &error))
    report_error (self, error);
}

static const char *
element_type_label (const char *type)
{
  if (g_strcmp0 (type, "text") == 0) return _("Text");
  if (g_strcmp0 (type, "field") == 0) return _("Field");
  if (g_strcmp0 (type, "line") == 0) return _("Line");
  if (g_strcmp0 (type, "rect") == 0) return _("Rectangle");
  if (g_strcmp0 (type, "circle") == 0) return _("Circle");
  if (g_strcmp0 (type, "image") == 0) return _("Image");
  if (g_strcmp0 (type, "qr") == 0) return _("QR code");
  return type;
}

static void
rebuild_inspector (KakanaiEditorWindow *self)
{
  GArray *selection = kakanai_editor_canvas_get_selection (self->canvas);
  int index = selection->len == 1 ? (int) g_array_index (selection, guint, 0) : -1;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->arrange_box), selection->len >= 1);
  if (selection->len == 0)
    title = g_strdup (_("Nothing is selected. Click an element on the page, or press Tab."));
  else if (selection->len > 1)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u element selected", "%u elements selected",
                                          selection->len), selection->len);
  else
    title = g_strdup_printf (_("%s, element %d"),
                             element_type_label (kakanai_template_model_get_element_type (self->model, index)),
                             index);
  gtk_label_set_text (self->inspector_title, title);

  if (self->element_grid != NULL && index == self->element_index && index >= 0)
    {
      kakanai_editor_member_grid_refresh (KAKANAI_EDITOR_MEMBER_GRID (self->element_grid));
      return;
    }
  if (self->element_grid != NULL)
    gtk_box_remove (self->inspector_box, self->element_grid);
  self->element_grid = NULL;
  self->element_index = index;
  if (index >= 0)
    {
      const char *type = kakanai_template_model_get_element_type (self->model, index);
      const char * const *members = kakanai_template_element_members (type);
      g_auto(GStrv) keys = known_keys (self);

      if (members != NULL)
        {
          self->element_grid = kakanai_editor_member_grid_new (members, (const char * const *) keys,
                                                               get_element_member, set_element_member, self);
          gtk_widget_set_name (self->element_grid, "inspector");
          gtk_box_append (self->inspector_box, self->element_grid);
        }
    }
}

/* ---- questions ---- */

static JsonNode *
get_question_member (gpointer data, const char *member)
{
  KakanaiEditorWindow *self = data;
  JsonObject *question;
  JsonNode *node;

  if (self->question_index < 0)
    return NULL;
  question = kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, self->question_index);
  node = json_object_get_member (question, member);
  return node != NULL ? json_node_copy (node) : NULL;
}

static void
set_question_member (gpointer data, const char *member, JsonNode *value)
{
  KakanaiEditorWindow *self = data;
  g_autoptr(JsonNode) owned = value;
  g_autoptr(GError) error = NULL;

  if (self->question_index < 0)
    return;
  if (!kakanai_template_model_set_item_member (self->model, KAKANAI_MODEL_LIST_QUESTIONS, self->question_index,
                                               member, value, &error))
    report_error (self, error);
}

static void
show_question (KakanaiEditorWindow *self,
               int                  index)
{
  if (self->question_grid != NULL && index == self->question_index)
    {
      kakanai_editor_member_grid_refresh (KAKANAI_EDITOR_MEMBER_GRID (self->question_grid));
      return;
    }
  if (self->question_grid != NULL)
    gtk_box_remove (self->questions_box, self->question_grid);
  self->question_grid = NULL;
  self->question_index = index;
  if (index >= 0)
    {
      self->question_grid = kakanai_editor_member_grid_new (kakanai_question_members (), NULL,
                                                            get_question_member, set_question_member, self);
      gtk_widget_set_name (self->question_grid, "question");
      gtk_box_append (self->questions_box, self->question_grid);
    }
}

static void
on_question_selected (GtkListBox          *list,
                      GtkListBoxRow       *row,
                      KakanaiEditorWindow *self)
{
  show_question (self, row != NULL ? gtk_list_box_row_get_index (row) : -1);
  update_actions (self);
}

static void
rebuild_question_list (KakanaiEditorWindow *self)
{
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_QUESTIONS);
  int keep = self->question_index;
  GtkWidget *child;

  g_signal_handlers_block_by_func (self->question_list, on_question_selected, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->question_list))) != NULL)
    gtk_list_box_remove (self->question_list, child);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *question = kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, i);
      g_autofree char *text = g_strdup_printf ("%s — %s",
                                               json_object_get_string_member_with_default (question, "key", "?"),
                                               json_object_get_string_member_with_default (question, "kind", "?"));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_append (self->question_list, label);
    }
  if (keep >= (int) n)
    keep = (int) n - 1;
  if (keep >= 0)
    gtk_list_box_select_row (self->question_list, gtk_list_box_get_row_at_index (self->question_list, keep));
  g_signal_handlers_unblock_by_func (self->question_list, on_question_selected, self);
  show_question (self, keep);
}

/* ---- the form's own members ---- */

static JsonNode *
get_form_member (gpointer data, const char *member)
{
  KakanaiEditorWindow *self = data;
  JsonNode *node;

  if (g_str_has_prefix (member, "page."))
    {
      JsonNode *page = kakanai_template_model_get_member (self->model, "page");

      if (page == NULL || !JSON_NODE_HOLDS_OBJECT (page))
        return NULL;
      node = json_object_get_member (json_node_get_object (page), member + strlen ("page."));
      return node != NULL ? json_node_copy (node) : NULL;
    }
  node = kakanai_template_model_get_member (self->model, member);
  return node != NULL ? json_node_copy (node) : NULL;
}

static void
set_form_member (gpointer data, const char *member, JsonNode *value)
{
  KakanaiEditorWindow *self = data;
  g_autoptr(JsonNode) owned = value;
  g_autoptr(GError) error = NULL;

  if (g_str_has_prefix (member, "page."))
    {
      JsonNode *page = kakanai_template_model_get_member (self->model, "page");
      g_autoptr(JsonNode) copy = page != NULL && JSON_NODE_HOLDS_OBJECT (page)
                                 ? json_node_copy (page) : json_node_init_object (json_node_alloc (), json_object_new ());
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (json_node_get_object (copy));

      /* json_node_copy() shares the object: build a new one. */
      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (object, l->data, json_node_copy (json_object_get_member (json_node_get_object (copy), l->data)));
      if (value != NULL)
        json_object_set_member (object, member + strlen ("page."), json_node_copy (value));
      else if (json_object_has_member (object, member + strlen ("page.")))
        json_object_remove_member (object, member + strlen ("page."));
      g_clear_pointer (&copy, json_node_unref);
      copy = json_node_init_object (json_node_alloc (), object);
      if (!kakanai_template_model_set_member (self->model, "page", copy, &error))
        report_error (self, error);
      return;
    }
  if (!kakanai_template_model_set_member (self->model, member, value, &error))
    report_error (self, error);
}

static void
build_form_panel (KakanaiEditorWindow *self)
{
  static const char * const members[] = { "id", "title", "description", "page.size", "page.orientation", NULL };

  if (self->form_grid != NULL)
    gtk_box_remove (self->form_box, self->form_grid);
  self->form_grid = kakanai_editor_member_grid_new (members, NULL, get_form_member, set_form_member, self);
  gtk_widget_set_margin_top (self->form_grid, 6);
  gtk_box_append (self->form_box, self->form_grid);
}

/* ---- problems ---- */

/* The element a validation message names: the forms library writes "SOURCE: element N: "
 * or "SOURCE: element N (“ID”): " (translated), so the same formats find it. */
static int
element_of_message (KakanaiEditorWindow *self,
                    const char          *message)
{
  const char *source = kakanai_template_model_get_source (self->model);
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_ELEMENTS);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, i);
      const char *id = json_object_get_string_member_with_default (element, "id", NULL);
      g_autofree char *plain = g_strdup_printf (_("%s: element %u: %s"), source, i, "");
      g_autofree char *named = id != NULL ? g_strdup_printf (_("%s: element %u (“%s”): %s"), source, i, id, "") : NULL;

      if (g_str_has_prefix (message, plain) || (named != NULL && g_str_has_prefix (message, named)))
        return (int) i;
    }
  return -1;
}

static int
element_of_problem (KakanaiEditorWindow  *self,
                    KakanaiLayoutProblem *problem)
{
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_ELEMENTS);

  if (problem->element_id == NULL)
    return -1;
  if (problem->element_id[0] == '#')
    return atoi (problem->element_id + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (element, "id", NULL), problem->element_id) == 0)
        return (int) i;
    }
  return -1;
}

static void
add_problem (KakanaiEditorWindow *self,
             const char          *message,
             int                  element)
{
  g_ptr_array_add (self->problems, g_strdup (message));
  g_array_append_val (self->problem_elements, element);
}

static void
update_problems (KakanaiEditorWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) marked = g_array_new (FALSE, FALSE, sizeof (guint));
  KakanaiLayout *layout;
  GtkWidget *child;

  g_ptr_array_set_size (self->problems, 0);
  g_array_set_size (self->problem_elements, 0);
  if (!kakanai_template_model_validate (self->model, &error))
    add_problem (self, error->message, element_of_message (self, error->message));
  layout = kakanai_editor_canvas_get_layout (self->canvas);
  if (layout != NULL && error == NULL)
    {
      GPtrArray *found = kakanai_layout_get_problems (layout);

      for (guint i = 0; i < found->len; i++)
        {
          KakanaiLayoutProblem *problem = g_ptr_array_index (found, i);

          add_problem (self, problem->message, element_of_problem (self, problem));
        }
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problem_list))) != NULL)
    gtk_list_box_remove (self->problem_list, child);
  for (guint i = 0; i < self->problems->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (self->problems, i));
      int element = g_array_index (self->problem_elements, int, i);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_append (self->problem_list, label);
      if (element >= 0)
        {
          guint index = element;
          g_array_append_val (marked, index);
        }
    }
  gtk_label_set_text (self->problems_summary,
                      self->problems->len == 0 ? _("No problems: the form is valid.")
                                               : _("Click a problem to select the element at fault."));
  kakanai_editor_canvas_set_marked (self->canvas, marked);
}

static void
on_problem_activated (GtkListBox          *list,
                      GtkListBoxRow       *row,
                      KakanaiEditorWindow *self)
{
  int index = gtk_list_box_row_get_index (row);
  int element = index >= 0 && (guint) index < self->problem_elements->len
                ? g_array_index (self->problem_elements, int, index) : -1;

  if (element >= 0)
    {
      guint e = element;
      kakanai_editor_canvas_select (self->canvas, &e, 1);
    }
}

/* ---- test fill ---- */

/* A value for each question that its checks accept, so that every field shows something. */
static const char *
sample_answer (KakanaiQuestion *question)
{
  const char * const *options = kakanai_question_get_options (question);

  switch (kakanai_question_get_kind (question))
    {
    case KAKANAI_QUESTION_KATAKANA: return "ミホン ハナコ";
    case KAKANAI_QUESTION_DIGITS: return "1234";
    case KAKANAI_QUESTION_PHONE: return "03-1234-5678";
    case KAKANAI_QUESTION_POSTAL_CODE: return "100-0001";
    case KAKANAI_QUESTION_DATE: return "2025-04-01";
    case KAKANAI_QUESTION_FISCAL_YEAR: return "2025";
    case KAKANAI_QUESTION_NUMBER: return "1";
    case KAKANAI_QUESTION_YES_NO: return "yes";
    case KAKANAI_QUESTION_CHOICE:
    case KAKANAI_QUESTION_MULTIPLE_CHOICE: return options != NULL && options[0] != NULL ? options[0] : NULL;
    case KAKANAI_QUESTION_GROUP: return NULL;
    case KAKANAI_QUESTION_TEXT:
    default: return _("Sample text");
    }
}

static gboolean
load_sample (KakanaiEditorWindow *self,
             KakanaiFormData     *data,
             GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) names = NULL;

  if (!json_parser_load_from_file (parser, self->sample_path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: sample data must be a JSON object of data key → value"), self->sample_path);
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = json_object_get_string_member_with_default (object, l->data, NULL);

      if (value != NULL && !kakanai_form_data_set (data, l->data, value, error))
        {
          g_prefix_error (error, "%s: ", self->sample_path);
          return FALSE;
        }
    }
  return TRUE;
}

static void
update_fill_data (KakanaiEditorWindow *self)
{
  g_autoptr(GError) error = NULL;
  KakanaiTemplate *snapshot;

  kakanai_editor_canvas_set_fill_data (self->canvas, NULL);
  g_clear_pointer (&self->fill_data, kakanai_form_data_free);
  if (!self->test_fill)
    return;
  self->fill_data = kakanai_form_data_new ();
  if (!load_sample (self, self->fill_data, &error))
    {
      report_error (self, error);
      g_clear_error (&error);
    }
  snapshot = kakanai_template_model_get_snapshot (self->model, NULL);
  if (snapshot != NULL)
    {
      GPtrArray *questions = kakanai_template_get_questions (snapshot);

      for (guint i = 0; questions != NULL && i < questions->len; i++)
        {
          KakanaiQuestion *question = g_ptr_array_index (questions, i);
          const char *answer = sample_answer (question);

          if (answer != NULL && !kakanai_form_data_contains (self->fill_data, kakanai_question_get_key (question)))
            kakanai_form_data_set (self->fill_data, kakanai_question_get_key (question), answer, NULL);
        }
    }
  kakanai_editor_canvas_set_fill_data (self->canvas, self->fill_data);
}

gboolean
kakanai_editor_window_set_sample_file (KakanaiEditorWindow *self,
                                       const char          *path,
                                       GError             **error)
{
  g_autoptr(KakanaiFormData) probe = kakanai_form_data_new ();
  g_autofree char *old = g_steal_pointer (&self->sample_path);

  self->sample_path = g_strdup (path);
  if (!load_sample (self, probe, error))
    {
      g_free (self->sample_path);
      self->sample_path = g_steal_pointer (&old);
      return FALSE;
    }
  update_fill_data (self);
  return TRUE;
}

gboolean
kakanai_editor_window_export_pdf (KakanaiEditorWindow *self,
                                  const char          *path,
                                  GError             **error)
{
  KakanaiLayout *layout = kakanai_editor_canvas_get_layout (self->canvas);
  g_autoptr(GBytes) pdf = NULL;

  if (layout == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("The form has a problem: see the Problems panel"));
      return FALSE;
    }
  pdf = kakanai_pdf_render (layout, error);
  return pdf != NULL && kakanai_output_write (path, pdf, error);
}

/* ---- reactions ---- */

static void
update_title (KakanaiEditorWindow *self)
{
  g_autofree char *name = kakanai_editor_document_dup_title (self->document);
  g_autofree char *title = g_strdup_printf ("%s%s — %s", kakanai_editor_document_get_modified (self->document) ? "•" : "",
                                            name, _("Kakanai Form Editor"));

  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
set_enabled (KakanaiEditorWindow *self,
             const char          *name,
             gboolean             enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (KakanaiEditorWindow *self)
{
  GArray *selection = kakanai_editor_canvas_get_selection (self->canvas);
  gboolean any = selection->len > 0;
  guint n_questions = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_QUESTIONS);

  set_enabled (self, "undo", kakanai_template_model_can_undo (self->model));
  set_enabled (self, "redo", kakanai_template_model_can_redo (self->model));
  set_enabled (self, "save", kakanai_editor_document_get_modified (self->document)
                             || kakanai_editor_document_get_path (self->document) == NULL);
  for (guint i = 0; i < 8; i++)
    {
      static const char * const needs_selection[] = {
        "cut", "copy", "duplicate", "delete", "raise", "lower", "raise-to-top", "lower-to-bottom",
      };
      set_enabled (self, needs_selection[i], any);
    }
  set_enabled (self, "align", any);
  set_enabled (self, "distribute", selection->len >= 3);
  set_enabled (self, "remove-question", self->question_index >= 0);
  set_enabled (self, "question-up", self->question_index > 0);
  set_enabled (self, "question-down", self->question_index >= 0 && self->question_index + 1 < (int) n_questions);
}

static void
on_model_changed (KakanaiTemplateModel *model,
                  KakanaiEditorWindow  *self)
{
  rebuild_inspector (self);
  rebuild_question_list (self);
  if (self->form_grid != NULL)
    kakanai_editor_member_grid_refresh (KAKANAI_EDITOR_MEMBER_GRID (self->form_grid));
  if (self->test_fill)
    update_fill_data (self);
  update_actions (self);
  update_title (self);
}

static void
on_selection_changed (KakanaiEditorCanvas *canvas,
                      KakanaiEditorWindow *self)
{
  rebuild_inspector (self);
  update_actions (self);
}

static void
on_layout_changed (KakanaiEditorCanvas *canvas,
                   KakanaiEditorWindow *self)
{
  update_problems (self);
}

static void
update_zoom_label (KakanaiEditorWindow *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", 100 * kakanai_editor_canvas_get_px_per_mm (self->canvas)
                                                     / ACTUAL_SIZE_PX_PER_MM);

  gtk_button_set_label (self->zoom_button, label);
}

/* ---- saving and closing ---- */

typedef void (*AfterSave) (KakanaiEditorWindow *self);

static void
save_to (KakanaiEditorWindow *self,
         const char          *path,
         AfterSave            then)
{
  g_autoptr(GError) error = NULL;

  if (!kakanai_editor_document_save (self->document, path, &error))
    {
      report_error (self, error);
      return;
    }
  update_title (self);
  update_actions (self);
  if (then != NULL)
    then (self);
}

typedef struct {
  KakanaiEditorWindow *self;
  AfterSave            then;
} SaveAs;

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     SaveAs          *save_as)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      save_to (save_as->self, path, save_as->then);
    }
  g_object_unref (save_as->self);
  g_free (save_as);
  g_object_unref (dialog);
}

static void
save_as (KakanaiEditorWindow *self,
         AfterSave            then)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save the Form Template"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  SaveAs *data = g_new0 (SaveAs, 1);
  g_autofree char *name = kakanai_editor_document_dup_title (self->document);
  g_autofree char *suggested = g_str_has_suffix (name, ".json") ? g_strdup (name) : g_strconcat (name, ".json", NULL);

  data->self = g_object_ref (self);
  data->then = then;
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_as_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save (KakanaiEditorWindow *self,
      AfterSave            then)
{
  if (kakanai_editor_document_get_path (self->document) == NULL)
    save_as (self, then);
  else
    save_to (self, NULL, then);
}

static void
close_now (KakanaiEditorWindow *self)
{
  kakanai_editor_document_discard_recovery (self->document);
  gtk_window_destroy (GTK_WINDOW (self));
}

enum { RESPONSE_DISCARD = 1, RESPONSE_SAVE = 2 };

static void
on_close_response (GtkDialog           *dialog,
                   int                  response,
                   KakanaiEditorWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_DISCARD)
    close_now (self);
  else if (response == RESPONSE_SAVE)
    save (self, close_now);
}

static gboolean
on_close_request (GtkWindow *window,
                  gpointer   data)
{
  KakanaiEditorWindow *self = KAKANAI_EDITOR_WINDOW (window);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (!kakanai_editor_document_get_modified (self->document))
    {
      kakanai_editor_document_discard_recovery (self->document);
      return FALSE;
    }
  name = kakanai_editor_document_dup_title (self->document);
  dialog = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save the changes to “%s” before closing?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("If you do not save, your changes are lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), RESPONSE_DISCARD, _("_Save"), RESPONSE_SAVE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_SAVE);
  gtk_widget_set_name (dialog, "close_dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- actions ---- */

#define ACTION(name) static void action_##name (GSimpleAction *action, GVariant *parameter, gpointer data)

ACTION (save) { save (data, NULL); }
ACTION (save_as) { save_as (data, NULL); }
ACTION (close) { gtk_window_close (GTK_WINDOW (data)); }

ACTION (undo)
{
  KakanaiEditorWindow *self = data;
  kakanai_template_model_undo (self->model);
}

ACTION (redo)
{
  KakanaiEditorWindow *self = data;
  kakanai_template_model_redo (self->model);
}

ACTION (copy)
{
  KakanaiEditorWindow *self = data;
  g_autofree char *json = kakanai_editor_canvas_copy (self->canvas);

  if (json != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), json);
}

ACTION (cut)
{
  KakanaiEditorWindow *self = data;

  action_copy (action, parameter, data);
  kakanai_editor_canvas_delete (self->canvas);
}

static void
on_clipboard_text (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(KakanaiEditorWindow) self = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);

  if (text != NULL)
    kakanai_editor_canvas_paste (self->canvas, text, PASTE_OFFSET_MM);
}

ACTION (paste)
{
  KakanaiEditorWindow *self = data;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL, on_clipboard_text,
                                 g_object_ref (self));
}

ACTION (duplicate)
{
  KakanaiEditorWindow *self = data;
  g_autofree char *json = kakanai_editor_canvas_copy (self->canvas);

  kakanai_editor_canvas_paste (self->canvas, json, PASTE_OFFSET_MM);
}

ACTION (delete) { kakanai_editor_canvas_delete (KAKANAI_EDITOR_WINDOW (data)->canvas); }
ACTION (select_all) { kakanai_editor_canvas_select_all (KAKANAI_EDITOR_WINDOW (data)->canvas); }
ACTION (raise) { kakanai_editor_canvas_restack (KAKANAI_EDITOR_WINDOW (data)->canvas, 1); }
ACTION (lower) { kakanai_editor_canvas_restack (KAKANAI_EDITOR_WINDOW (data)->canvas, -1); }
ACTION (raise_to_top) { kakanai_editor_canvas_restack (KAKANAI_EDITOR_WINDOW (data)->canvas, G_MAXINT); }
ACTION (lower_to_bottom) { kakanai_editor_canvas_restack (KAKANAI_EDITOR_WINDOW (data)->canvas, -G_MAXINT); }

ACTION (align)
{
  static const char * const edges[] = { "left", "hcenter", "right", "top", "vcenter", "bottom", NULL };
  const char *edge = g_variant_get_string (parameter, NULL);

  for (guint i = 0; edges[i] != NULL; i++)
    if (g_str_equal (edge, edges[i]))
      kakanai_editor_canvas_align (KAKANAI_EDITOR_WINDOW (data)->canvas, (KakanaiAlignEdge) i);
}

ACTION (distribute)
{
  kakanai_editor_canvas_distribute (KAKANAI_EDITOR_WINDOW (data)->canvas,
                                    g_str_equal (g_variant_get_string (parameter, NULL), "horizontal"));
}

ACTION (tool)
{
  KakanaiEditorWindow *self = data;

  g_object_set (self->canvas, "tool", g_variant_get_string (parameter, NULL), NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
on_tool_changed (KakanaiEditorCanvas *canvas,
                 GParamSpec          *pspec,
                 KakanaiEditorWindow *self)
{
  g_autofree char *tool = NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "tool");

  g_object_get (canvas, "tool", &tool, NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (tool));
}

ACTION (zoom_in)
{
  KakanaiEditorCanvas *canvas = KAKANAI_EDITOR_WINDOW (data)->canvas;
  kakanai_editor_canvas_set_px_per_mm (canvas, kakanai_editor_canvas_get_px_per_mm (canvas) * ZOOM_STEP);
}

ACTION (zoom_out)
{
  KakanaiEditorCanvas *canvas = KAKANAI_EDITOR_WINDOW (data)->canvas;
  kakanai_editor_canvas_set_px_per_mm (canvas, kakanai_editor_canvas_get_px_per_mm (canvas) / ZOOM_STEP);
}

ACTION (zoom_reset)
{
  kakanai_editor_canvas_set_px_per_mm (KAKANAI_EDITOR_WINDOW (data)->canvas, ACTUAL_SIZE_PX_PER_MM);
}

static void
toggle_state (GSimpleAction *action)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_simple_action_set_state (action, g_variant_new_boolean (!g_variant_get_boolean (state)));
}

ACTION (show_grid)
{
  toggle_state (action);
  g_object_set (KAKANAI_EDITOR_WINDOW (data)->canvas, "show-grid",
                g_variant_get_boolean (g_action_get_state (G_ACTION (action))), NULL);
}

ACTION (snap)
{
  toggle_state (action);
  g_object_set (KAKANAI_EDITOR_WINDOW (data)->canvas, "snap",
                g_variant_get_boolean (g_action_get_state (G_ACTION (action))), NULL);
}

ACTION (test_fill)
{
  KakanaiEditorWindow *self = data;
  g_autoptr(GVariant) state = NULL;

  toggle_state (action);
  state = g_action_get_state (G_ACTION (action));
  self->test_fill = g_variant_get_boolean (state);
  update_fill_data (self);
  if (self->test_fill)
    gtk_stack_set_visible_child_name (self->panels, "problems");
}

/* A file chosen in a file chooser goes to @chosen; its error is shown. */
typedef gboolean (*FileChosen) (KakanaiEditorWindow *self, const char *path, GError **error);

static void
on_file_chosen (GtkNativeDialog     *dialog,
                int                  response,
                KakanaiEditorWindow *self)
{
  FileChosen chosen = g_object_get_data (G_OBJECT (dialog), "kakanai-chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (!chosen (self, path, &error))
        report_error (self, error);
    }
  g_object_unref (dialog);
}

static void
choose_file (KakanaiEditorWindow  *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             const char           *suggested_name,
             FileChosen            chosen)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, NULL);

  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "kakanai-chosen", chosen);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

ACTION (choose_sample)
{
  choose_file (data, _("Choose Sample Resident Data"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
               kakanai_editor_window_set_sample_file);
}

ACTION (export_pdf)
{
  choose_file (data, _("Export the Test Fill as PDF"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
               "test-fill.pdf", kakanai_editor_window_export_pdf);
}

ACTION (add_question)
{
  KakanaiEditorWindow *self = data;
  g_autoptr(JsonObject) question = json_object_new ();
  g_autoptr(JsonObject) prompt = json_object_new ();
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_QUESTIONS);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;

  /* A key no question has yet. */
  for (guint i = n + 1;; i++)
    {
      gboolean taken = FALSE;

      g_free (key);
      key = g_strdup_printf ("form.question_%u", i);
      for (guint q = 0; q < n; q++)
        taken |= g_strcmp0 (json_object_get_string_member_with_default (
                              kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, q),
                              "key", NULL), key) == 0;
      if (!taken)
        break;
    }
  json_object_set_string_member (question, "key", key);
  json_object_set_string_member (question, "kind", "text");
  json_object_set_string_member (prompt, "ja", "質問");
  json_object_set_string_member (prompt, "en", "Question");
  json_object_set_object_member (question, "prompt", g_steal_pointer (&prompt));
  self->question_index = -1;
  if (!kakanai_template_model_insert_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, G_MAXUINT, question, &error))
    {
      report_error (self, error);
      return;
    }
  gtk_stack_set_visible_child_name (self->panels, "questions");
  gtk_list_box_select_row (self->question_list, gtk_list_box_get_row_at_index (self->question_list, n));
}

ACTION (remove_question)
{
  KakanaiEditorWindow *self = data;

  if (self->question_index >= 0)
    kakanai_template_model_remove_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, self->question_index, NULL);
}

static void
move_question (KakanaiEditorWindow *self,
               int                  step)
{
  int from = self->question_index;
  int to = from + step;
  guint n = kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_QUESTIONS);

  if (from < 0 || to < 0 || to >= (int) n)
    return;
  self->question_index = to;
  kakanai_template_model_move_item (self->model, KAKANAI_MODEL_LIST_QUESTIONS, from, to, NULL);
}

ACTION (question_up) { move_question (data, -1); }
ACTION (question_down) { move_question (data, 1); }

ACTION (panel)
{
  KakanaiEditorWindow *self = data;
  const char *name = g_variant_get_string (parameter, NULL);

  /* The suggestions panel is there only while a new form's suggestions are. */
  if (gtk_stack_get_child_by_name (self->panels, name) == NULL)
    return;
  gtk_stack_set_visible_child_name (self->panels, name);
  if (self->suggestions != NULL && g_str_equal (name, "suggestions"))
    kakanai_editor_suggestions_focus_first (KAKANAI_EDITOR_SUGGESTIONS (self->suggestions));
  else
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->panels), GTK_DIR_TAB_FORWARD);
}

/* F6: from the page to the panel and back, as in other GNOME programs. */
ACTION (focus_next_pane)
{
  KakanaiEditorWindow *self = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->canvas)))
    {
      if (!gtk_widget_child_focus (gtk_stack_get_visible_child (self->panels), GTK_DIR_TAB_FORWARD))
        gtk_widget_grab_focus (self->sidebar);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static const GActionEntry window_actions[] = {
  { "save", action_save },
  { "save-as", action_save_as },
  { "close", action_close },
  { "undo", action_undo },
  { "redo", action_redo },
  { "cut", action_cut },
  { "copy", action_copy },
  { "paste", action_paste },
  { "duplicate", action_duplicate },
  { "delete", action_delete },
  { "select-all", action_select_all },
  { "raise", action_raise },
  { "lower", action_lower },
  { "raise-to-top", action_raise_to_top },
  { "lower-to-bottom", action_lower_to_bottom },
  { "align", action_align, "s" },
  { "distribute", action_distribute, "s" },
  { "tool", NULL, "s", "'select'", action_tool },
  { "zoom-in", action_zoom_in },
  { "zoom-out", action_zoom_out },
  { "zoom-reset", action_zoom_reset },
  { "show-grid", action_show_grid, NULL, "false" },
  { "snap", action_snap, NULL, "true" },
  { "test-fill", action_test_fill, NULL, "false" },
  { "choose-sample", action_choose_sample },
  { "export-pdf", action_export_pdf },
  { "add-question", action_add_question },
  { "remove-question", action_remove_question },
  { "question-up", action_question_up },
  { "question-down", action_question_down },
  { "panel", action_panel, "s" },
  { "focus-next-pane", action_focus_next_pane },
};

/* ---- the tool palette and the arrange buttons ---- */

static void
add_tool_buttons (KakanaiEditorWindow *self)
{
  static const struct { const char *tool; const char *label; const char *key; } tools[] = {
    { "select", N_("Select"), "V" }, { "text", N_("Text"), "T" }, { "field", N_("Field"), "F" },
    { "line", N_("Line"), "L" }, { "rect", N_("Rectangle"), "R" }, { "circle", N_("Circle"), "O" },
    { "image", N_("Image"), "I" }, { "qr", N_("QR code"), "Q" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(tools[i].label));
      g_autofree char *tip = g_strdup_printf (_("%s (key %s; then click the page, or press Enter)"),
                                              _(tools[i].label), tools[i].key);
      g_autofree char *name = g_strconcat ("tool_", tools[i].tool, NULL);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.tool");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tools[i].tool);
      gtk_widget_set_tooltip_text (button, tip);
      gtk_widget_set_name (button, name);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_box_append (self->tool_box, button);
    }
}

static void
add_arrange_buttons (KakanaiEditorWindow *self)
{
  static const struct { const char *action; const char *target; const char *icon; const char *tip; } buttons[] = {
    { "win.align", "left", "format-justify-left-symbolic", N_("Align left edges") },
    { "win.align", "hcenter", "format-justify-center-symbolic", N_("Align centres across") },
    { "win.align", "right", "format-justify-right-symbolic", N_("Align right edges") },
    { "win.align", "top", "go-top-symbolic", N_("Align top edges") },
    { "win.align", "vcenter", "format-justify-fill-symbolic", N_("Align middles") },
    { "win.align", "bottom", "go-bottom-symbolic", N_("Align bottom edges") },
    { "win.distribute", "horizontal", "view-continuous-symbolic", N_("Distribute across") },
    { "win.distribute", "vertical", "view-paged-symbolic", N_("Distribute down") },
    { "win.raise", NULL, "go-up-symbolic", N_("Raise") },
    { "win.lower", NULL, "go-down-symbolic", N_("Lower") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = gtk_button_new_from_icon_name (buttons[i].icon);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), buttons[i].action);
      if (buttons[i].target != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", buttons[i].target);
      gtk_widget_set_tooltip_text (button, _(buttons[i].tip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _(buttons[i].tip), -1);
      gtk_box_append (self->arrange_box, button);
    }
}

/* Keys that act on the page only while it has the focus: in the inspector's entries the
 * same keys edit text (Delete, Ctrl+C, letters). */
static void
add_page_shortcuts (KakanaiEditorWindow *self)
{
  static const struct { const char *trigger; const char *action; const char *target; } keys[] = {
    { "Delete", "win.delete" }, { "BackSpace", "win.delete" },
    { "<Control>c", "win.copy" }, { "<Control>x", "win.cut" }, { "<Control>v", "win.paste" },
    { "<Control>d", "win.duplicate" }, { "<Control>a", "win.select-all" },
    { "<Control>Page_Up", "win.raise" }, { "<Control>Page_Down", "win.lower" },
    { "<Control><Shift>Page_Up", "win.raise-to-top" }, { "<Control><Shift>Page_Down", "win.lower-to-bottom" },
    { "<Control><Shift>Left", "win.align", "left" }, { "<Control><Shift>Right", "win.align", "right" },
    { "<Control><Shift>Up", "win.align", "top" }, { "<Control><Shift>Down", "win.align", "bottom" },
    { "<Control><Shift>h", "win.align", "hcenter" }, { "<Control><Shift>m", "win.align", "vcenter" },
    { "<Control><Alt>h", "win.distribute", "horizontal" }, { "<Control><Alt>v", "win.distribute", "vertical" },
    { "v", "win.tool", "select" }, { "t", "win.tool", "text" }, { "f", "win.tool", "field" },
    { "l", "win.tool", "line" }, { "r", "win.tool", "rect" }, { "o", "win.tool", "circle" },
    { "i", "win.tool", "image" }, { "q", "win.tool", "qr" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                gtk_named_action_new (keys[i].action));

      if (keys[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), controller);
}

/* ---- life cycle ---- */

static void
kakanai_editor_window_dispose (GObject *object)
{
  KakanaiEditorWindow *self = KAKANAI_EDITOR_WINDOW (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  /* Widgets going away emit signals (a list's selection): the window no longer listens. */
  if (self->question_list != NULL)
    g_signal_handlers_disconnect_by_data (self->question_list, self);
  if (self->problem_list != NULL)
    g_signal_handlers_disconnect_by_data (self->problem_list, self);
  if (self->canvas != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->canvas, self);
      kakanai_editor_canvas_set_fill_data (self->canvas, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_EDITOR_WINDOW);
  self->canvas = NULL;
  G_OBJECT_CLASS (kakanai_editor_window_parent_class)->dispose (object);
}

static void
kakanai_editor_window_finalize (GObject *object)
{
  KakanaiEditorWindow *self = KAKANAI_EDITOR_WINDOW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->fill_data, kakanai_form_data_free);
  g_free (self->sample_path);
  g_ptr_array_unref (self->problems);
  g_array_unref (self->problem_elements);
  G_OBJECT_CLASS (kakanai_editor_window_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KakanaiEditorWindow, name)

static void
kakanai_editor_window_class_init (KakanaiEditorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_editor_window_dispose;
  object_class->finalize = kakanai_editor_window_finalize;
  g_type_ensure (KAKANAI_TYPE_EDITOR_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Editor/kakanai-editor-window.ui");
  BIND (tool_box);
  BIND (canvas);
  BIND (sidebar);
  BIND (panels);
  BIND (inspector_box);
  BIND (inspector_title);
  BIND (arrange_box);
  BIND (questions_box);
  BIND (question_list);
  BIND (form_box);
  BIND (problems_summary);
  BIND (problem_list);
  BIND (zoom_button);
}

static void
kakanai_editor_window_init (KakanaiEditorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->element_index = -1;
  self->question_index = -1;
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->problem_elements = g_array_new (FALSE, FALSE, sizeof (int));
  self->sample_path = kakanai_bundled_path ("editor/sample-resident.json");
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions, G_N_ELEMENTS (window_actions), self);
  add_tool_buttons (self);
  add_arrange_buttons (self);
  add_page_shortcuts (self);
  g_signal_connect (self->canvas, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->canvas, "layout-changed", G_CALLBACK (on_layout_changed), self);
  g_signal_connect (self->canvas, "notify::tool", G_CALLBACK (on_tool_changed), self);
  g_signal_connect_swapped (self->canvas, "notify::px-per-mm", G_CALLBACK (update_zoom_label), self);
  g_signal_connect (self->question_list, "row-selected", G_CALLBACK (on_question_selected), self);
  g_signal_connect (self->problem_list, "row-activated", G_CALLBACK (on_problem_activated), self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

KakanaiEditorWindow *
kakanai_editor_window_new (GtkApplication        *application,
                           KakanaiEditorDocument *document)
{
  KakanaiEditorWindow *self = g_object_new (KAKANAI_TYPE_EDITOR_WINDOW, "application", application, NULL);

  self->document = g_object_ref (document);
  self->model = kakanai_editor_document_get_model (document);
  g_signal_connect (self->model, "changed", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (document, "notify::path", G_CALLBACK (update_title), self);
  kakanai_editor_canvas_set_document (self->canvas, document);
  build_form_panel (self);
  rebuild_question_list (self);
  rebuild_inspector (self);
  update_problems (self);
  update_zoom_label (self);
  update_actions (self);
  update_title (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  return self;
}

KakanaiEditorDocument *
kakanai_editor_window_get_document (KakanaiEditorWindow *self)
{
  return self->document;
}

KakanaiEditorCanvas *
kakanai_editor_window_get_canvas (KakanaiEditorWindow *self)
{
  return self->canvas;
}

GPtrArray *
kakanai_editor_window_get_problems (KakanaiEditorWindow *self)
{
  return self->problems;
}

GArray *
kakanai_editor_window_get_problem_elements (KakanaiEditorWindow *self)
{
  return self->problem_elements;
}

/* ---- the suggested fields of a new form ---- */

static void
on_suggestions_done (KakanaiEditorWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->panels, "suggestions");

  self->suggestions = NULL;
  gtk_stack_set_visible_child_name (self->panels, "element");
  if (page != NULL)
    gtk_stack_remove (self->panels, page);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* The first suggestion gets the focus once the panel is on screen (the window takes the
 * focus it had when it is mapped). */
static void
on_suggestions_mapped (GtkWidget *suggestions)
{
  g_signal_handlers_disconnect_by_func (suggestions, on_suggestions_mapped, NULL);
  kakanai_editor_suggestions_focus_first (KAKANAI_EDITOR_SUGGESTIONS (suggestions));
}

void
kakanai_editor_window_offer_suggestions (KakanaiEditorWindow *self,
                                         GPtrArray           *suggestions)
{
  GtkWidget *scroller;
  GtkStackPage *page;

  g_return_if_fail (KAKANAI_IS_EDITOR_WINDOW (self) && self->suggestions == NULL);
  if (suggestions->len == 0)
    return;
  self->suggestions = kakanai_editor_suggestions_new (suggestions, self->canvas);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->suggestions);
  page = gtk_stack_add_titled (self->panels, scroller, "suggestions", _("Suggestions"));
  gtk_stack_page_set_needs_attention (page, TRUE);
  g_signal_connect_swapped (self->suggestions, "done", G_CALLBACK (on_suggestions_done), self);
  g_signal_connect (self->suggestions, "map", G_CALLBACK (on_suggestions_mapped), NULL);
  gtk_stack_set_visible_child (self->panels, scroller);
}

GtkWidget *
kakanai_editor_window_get_suggestions (KakanaiEditorWindow *self)
{
  return self->suggestions;
}
