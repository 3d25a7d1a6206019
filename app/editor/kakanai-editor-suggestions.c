/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-suggestions.c: the suggested fields of a new form, accepted or rejected */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-suggestions.h"

#include <glib/gi18n.h>

#include <kakanai-pdf-suggest.h>

struct _KakanaiEditorSuggestions {
  GtkBox               parent_instance;

  GtkLabel            *summary;
  GtkListBox          *list;
  GtkWidget           *accept_all_button;
  GtkWidget           *reject_all_button;

  KakanaiEditorCanvas *canvas;       /* a reference */
  GPtrArray           *suggestions;  /* KakanaiPdfSuggestion*, a reference */
  const KakanaiPdfSuggestion *highlighted;
};

G_DEFINE_FINAL_TYPE (KakanaiEditorSuggestions, kakanai_editor_suggestions, GTK_TYPE_BOX)

enum { SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

#define SUGGESTION_KEY "kakanai-suggestion"

static const KakanaiPdfSuggestion *
row_suggestion (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), SUGGESTION_KEY);
}

/* What the suggestion's row says it is: its printed label, or a choice's printed words. */
static char *
suggestion_title (const KakanaiPdfSuggestion *s)
{
  g_autoptr(GString) words = NULL;

  if (s->label[0] != '\0' || s->options == NULL)
    return g_strdup (s->label[0] != '\0' ? s->label : s->key);
  words = g_string_new (NULL);
  for (guint i = 0; i < s->options->len; i++)
    {
      const KakanaiPdfSuggestedOption *o = g_ptr_array_index (s->options, i);

      g_string_append_printf (words, "%s%s", i > 0 ? "・" : "", o->label);
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static void
highlight (KakanaiEditorSuggestions   *self,
           const KakanaiPdfSuggestion *s)
{
  KakanaiBounds box, label;

  self->highlighted = s;
  if (s == NULL)
    {
      kakanai_editor_canvas_set_highlight (self->canvas, NULL, NULL);
      return;
    }
  box = (KakanaiBounds) { s->x, s->y, s->width, s->height };
  label = (KakanaiBounds) { s->label_x, s->label_y, s->label_width, s->label_height };
  kakanai_editor_canvas_set_highlight (self->canvas, &box, s->label_width > 0 ? &label : NULL);
}

static guint
n_rows (KakanaiEditorSuggestions *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static void
update_summary (KakanaiEditorSuggestions *self)
{
  guint n = n_rows (self);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u field is suggested from the page. Accept the right one; reject a wrong one.",
                                                        "%u fields are suggested from the page. Accept the right ones; reject the wrong ones.",
                                                        n), n);

  gtk_label_set_text (self->summary, text);
  gtk_widget_set_sensitive (self->accept_all_button, n > 0);
  gtk_widget_set_sensitive (self->reject_all_button, n > 0);
}

static void
insert_element (KakanaiEditorSuggestions   *self,
                const KakanaiPdfSuggestion *s)
{
  KakanaiTemplateModel *model = kakanai_editor_document_get_model (kakanai_editor_canvas_get_document (self->canvas));
  g_autoptr(JsonObject) element = kakanai_pdf_suggestion_to_element (s);
  g_autoptr(GError) error = NULL;

  if (!kakanai_template_model_insert_item (model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, element, &error))
    g_warning ("%s", error->message);
}

/* The row is decided: gone from the list, the focus on the next one (or the one before). */
static void
remove_row (KakanaiEditorSuggestions *self,
            GtkWidget                *row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (row);

  if (next == NULL)
    next = gtk_widget_get_prev_sibling (row);
  if (row_suggestion (row) == self->highlighted)
    highlight (self, NULL);
  gtk_list_box_remove (self->list, row);
  update_summary (self);
  if (next != NULL)
    gtk_widget_child_focus (next, GTK_DIR_TAB_FORWARD);
  else
    g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_accept (GtkButton *button,
           GtkWidget *row)
{
  KakanaiEditorSuggestions *self = KAKANAI_EDITOR_SUGGESTIONS (gtk_widget_get_ancestor (row, KAKANAI_TYPE_EDITOR_SUGGESTIONS));

  insert_element (self, row_suggestion (row));
  remove_row (self, row);
}

static void
on_reject (GtkButton *button,
           GtkWidget *row)
{
  KakanaiEditorSuggestions *self = KAKANAI_EDITOR_SUGGESTIONS (gtk_widget_get_ancestor (row, KAKANAI_TYPE_EDITOR_SUGGESTIONS));

  remove_row (self, row);
}

static void
decide_all (KakanaiEditorSuggestions *self,
            gboolean                  accept)
{
  KakanaiTemplateModel *model = kakanai_editor_document_get_model (kakanai_editor_canvas_get_document (self->canvas));
  GtkWidget *row;

  /* All of them at once are one undo step. */
  kakanai_template_model_begin_group (model);
  highlight (self, NULL);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    {
      if (accept)
        insert_element (self, row_suggestion (row));
      gtk_list_box_remove (self->list, row);
    }
  kakanai_template_model_end_group (model);
  update_summary (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_accept_all (KakanaiEditorSuggestions *self)
{
  decide_all (self, TRUE);
}

static void
on_reject_all (KakanaiEditorSuggestions *self)
{
  decide_all (self, FALSE);
}

static void
on_row_focus (GtkEventController *controller,
              KakanaiEditorSuggestions *self)
{
  highlight (self, row_suggestion (gtk_event_controller_get_widget (controller)));
}

static GtkWidget *
decision_button (const char *label, const char *accessible, const char *name_prefix,
                 const KakanaiPdfSuggestion *s, GCallback callback, GtkWidget *row)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *name = g_strconcat (name_prefix, s->key, NULL);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect (button, "clicked", callback, row);
  return button;
}

static GtkWidget *
suggestion_row (KakanaiEditorSuggestions   *self,
                const KakanaiPdfSuggestion *s)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *title = suggestion_title (s);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *key = gtk_label_new (s->key);
  g_autofree char *accept = g_strdup_printf (_("Accept “%s” (%s)"), title, s->key);
  g_autofree char *reject = g_strdup_printf (_("Reject “%s” (%s)"), title, s->key);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (row), SUGGESTION_KEY, (gpointer) s);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (key), 18);
  gtk_label_set_ellipsize (GTK_LABEL (key), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (key, "dim-label");
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (text), key);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), decision_button (_("Accept"), accept, "accept:", s, G_CALLBACK (on_accept), row));
  gtk_box_append (GTK_BOX (box), decision_button (_("Reject"), reject, "reject:", s, G_CALLBACK (on_reject), row));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_signal_connect (focus, "enter", G_CALLBACK (on_row_focus), self);
  gtk_widget_add_controller (row, focus);
  return row;
}

guint
kakanai_editor_suggestions_get_n_pending (KakanaiEditorSuggestions *self)
{
  g_return_val_if_fail (KAKANAI_IS_EDITOR_SUGGESTIONS (self), 0);
  return n_rows (self);
}

void
kakanai_editor_suggestions_focus_first (KakanaiEditorSuggestions *self)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));

  g_return_if_fail (KAKANAI_IS_EDITOR_SUGGESTIONS (self));
  if (row != NULL)
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
}

GStrv
kakanai_editor_suggestions_dup_pending_keys (KakanaiEditorSuggestions *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  g_return_val_if_fail (KAKANAI_IS_EDITOR_SUGGESTIONS (self), NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (keys, row_suggestion (row)->key);
  return g_strv_builder_end (keys);
}

const char *
kakanai_editor_suggestions_get_highlighted (KakanaiEditorSuggestions *self)
{
  g_return_val_if_fail (KAKANAI_IS_EDITOR_SUGGESTIONS (self), NULL);
  return self->highlighted != NULL ? self->highlighted->key : NULL;
}

static void
kakanai_editor_suggestions_dispose (GObject *object)
{
  KakanaiEditorSuggestions *self = KAKANAI_EDITOR_SUGGESTIONS (object);

  if (self->canvas != NULL && self->highlighted != NULL)
    kakanai_editor_canvas_set_highlight (self->canvas, NULL, NULL);
  self->highlighted = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_EDITOR_SUGGESTIONS);
  g_clear_object (&self->canvas);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  G_OBJECT_CLASS (kakanai_editor_suggestions_parent_class)->dispose (object);
}

static void
kakanai_editor_suggestions_class_init (KakanaiEditorSuggestionsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_editor_suggestions_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Editor/kakanai-editor-suggestions.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiEditorSuggestions, summary);
  gtk_widget_class_bind_template_child (widget_class, KakanaiEditorSuggestions, list);
  gtk_widget_class_bind_template_child (widget_class, KakanaiEditorSuggestions, accept_all_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiEditorSuggestions, reject_all_button);
  gtk_widget_class_bind_template_callback (widget_class, on_accept_all);
  gtk_widget_class_bind_template_callback (widget_class, on_reject_all);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kakanai_editor_suggestions_init (KakanaiEditorSuggestions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_editor_suggestions_new (GPtrArray           *suggestions,
                                KakanaiEditorCanvas *canvas)
{
  KakanaiEditorSuggestions *self = g_object_new (KAKANAI_TYPE_EDITOR_SUGGESTIONS, NULL);

  self->suggestions = g_ptr_array_ref (suggestions);
  self->canvas = g_object_ref (canvas);
  for (guint i = 0; i < suggestions->len; i++)
    gtk_list_box_append (self->list, suggestion_row (self, g_ptr_array_index (suggestions, i)));
  update_summary (self);
  return GTK_WIDGET (self);
}
