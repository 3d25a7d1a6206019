/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-member-grid.c: one editor row per member of a template object */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-member-grid.h"

#include <glib/gi18n.h>
#include <kakanai-forms.h>

typedef enum {
  ROW_NUMBER,
  ROW_BOOLEAN,
  ROW_CHOICE,      /* one of the values the format allows */
  ROW_KEY,         /* a data key */
  ROW_LOCALIZED,   /* text for residents: one entry per language */
  ROW_STRING,
  ROW_JSON,        /* anything else, as JSON text */
} RowKind;

typedef struct {
  KakanaiEditorMemberGrid *grid;
  char                    *member;
  RowKind                  kind;
  GtkWidget               *editor;     /* spin button, check button, drop-down or entry */
  GtkWidget               *entries[2]; /* ja and en, for ROW_LOCALIZED */
  const char * const      *choices;
  gboolean                 updating;
} Row;

struct _KakanaiEditorMemberGrid {
  GtkWidget         parent_instance;

  GtkWidget        *grid;
  GPtrArray        *rows;   /* Row* */
  GStrv             keys;
  KakanaiMemberGet  get;
  KakanaiMemberSet  set;
  gpointer          data;
};

G_DEFINE_FINAL_TYPE (KakanaiEditorMemberGrid, kakanai_editor_member_grid, GTK_TYPE_WIDGET)

static const char * const languages[] = { "ja", "en" };

/* The values the format allows (docs/templates.md). */
static const char * const *
choices_for (const char *member)
{
  static const char * const align[] = { "left", "center", "right", NULL };
  static const char * const valign[] = { "top", "middle", "bottom", NULL };
  static const char * const mode[] = { "line", "wrap", "boxes", "choice", NULL };
  static const char * const font[] = { "mincho", "gothic", "names", NULL };
  static const char * const ec_level[] = { "L", "M", "Q", "H", NULL };
  static const char * const answered_by[] = { "resident", "clerk", NULL };
  static const char * const input[] = { "wareki", "gregorian", NULL };
  static const char * const size[] = { "A4", "A5", "B5", "A3", NULL };
  static const char * const orientation[] = { "portrait", "landscape", NULL };
  static const char * const format[] = { "wareki", "wareki_year", "gregorian", "iso", "wareki_fiscal", "plain", NULL };
  static const char *kinds[KAKANAI_QUESTION_GROUP + 2];
  static const struct { const char *member; const char * const *values; } table[] = {
    { "align", align }, { "valign", valign }, { "mode", mode }, { "font", font },
    { "ec_level", ec_level }, { "answered_by", answered_by }, { "input", input },
    { "page.size", size }, { "page.orientation", orientation }, { "format", format }, { "kind", kinds },
  };

  if (kinds[0] == NULL)
    for (int k = KAKANAI_QUESTION_TEXT; k <= KAKANAI_QUESTION_GROUP; k++)
      kinds[k] = kakanai_question_kind_to_string (k);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].member, member))
      return table[i].values;
  return NULL;
}

static gboolean
is_localized (const char *member)
{
  static const char * const names[] = { "title", "description", "prompt", "help", NULL };

  return g_strv_contains (names, member);
}

static gboolean
is_number (const char *member)
{
  static const char * const names[] = {
    "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "size", "min_size",
    "line_height", "letter_spacing", "line_width", "boxes", "min_length", "max_length", "min",
    "max", "max_count", NULL
  };

  return g_strv_contains (names, member);
}

static gboolean
is_boolean (const char *member)
{
  static const char * const names[] = { "vertical", "required", "multiple", "fill", NULL };

  return g_strv_contains (names, member);
}

static RowKind
row_kind (const char *member)
{
  if (g_str_equal (member, "key"))
    return ROW_KEY;
  if (choices_for (member) != NULL)
    return ROW_CHOICE;
  if (is_localized (member))
    return ROW_LOCALIZED;
  if (is_number (member))
    return ROW_NUMBER;
  if (is_boolean (member))
    return ROW_BOOLEAN;
  if (g_str_equal (member, "type") || g_str_equal (member, "id") || g_str_equal (member, "text")
      || g_str_equal (member, "src") || g_str_equal (member, "content") || g_str_equal (member, "prefix")
      || g_str_equal (member, "suffix") || g_str_equal (member, "color") || g_str_equal (member, "filter")
      || g_str_equal (member, "mark") || g_str_equal (member, "card_answer"))
    return ROW_STRING;
  return ROW_JSON;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->member);
  g_free (row);
}

/* ---- values → widgets ---- */

static const char *
node_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

static guint
index_of (GListModel *list,
          const char *value)
{
  for (guint i = 0; value != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), value) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
show_value (Row      *row,
            JsonNode *node)
{
  row->updating = TRUE;
  switch (row->kind)
    {
    case ROW_NUMBER:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->editor),
                                 node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0);
      break;
    case ROW_BOOLEAN:
      gtk_check_button_set_active (GTK_CHECK_BUTTON (row->editor),
                                   node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node));
      break;
    case ROW_CHOICE:
    case ROW_KEY:
      {
        GListModel *list = gtk_drop_down_get_model (GTK_DROP_DOWN (row->editor));
        const char *value = node_string (node);
        guint at = index_of (list, value != NULL ? value : "");

        if (at == GTK_INVALID_LIST_POSITION && value != NULL)
          {
            gtk_string_list_append (GTK_STRING_LIST (list), value);
            at = g_list_model_get_n_items (list) - 1;
          }
        gtk_drop_down_set_selected (GTK_DROP_DOWN (row->editor), at == GTK_INVALID_LIST_POSITION ? 0 : at);
        break;
      }
    case ROW_LOCALIZED:
      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          const char *text = NULL;

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            text = json_object_get_string_member_with_default (json_node_get_object (node), languages[l], "");
          else if (l == 0)
            text = node_string (node);
          gtk_editable_set_text (GTK_EDITABLE (row->entries[l]), text != NULL ? text : "");
        }
      break;
    case ROW_STRING:
      gtk_editable_set_text (GTK_EDITABLE (row->editor), node_string (node) != NULL ? node_string (node) : "");
      break;
    case ROW_JSON:
    default:
      {
        g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("");

        gtk_editable_set_text (GTK_EDITABLE (row->editor), text);
        break;
      }
    }
  row->updating = FALSE;
}

static void
refresh_row (Row *row)
{
  g_autoptr(JsonNode) node = row->grid->get (row->grid->data, row->member);

  show_value (row, node);
}

void
kakanai_editor_member_grid_refresh (KakanaiEditorMemberGrid *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      gboolean typing = FALSE;

      for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
        if (w == row->editor || w == row->entries[0] || w == row->entries[1])
          typing = row->kind != ROW_BOOLEAN && row->kind != ROW_CHOICE && row->kind != ROW_KEY;
      if (!typing)
        refresh_row (row);
    }
}

GtkWidget *
kakanai_editor_member_grid_get_editor (KakanaiEditorMemberGrid *self,
                                       const char              *member)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->member, member))
        return row->kind == ROW_LOCALIZED ? row->entries[0] : row->editor;
    }
  return NULL;
}

/* ---- widgets → values ---- */

/* Only a real change is a command: leaving an entry untouched (or the window closing)
 * must not add an undo step or mark the form modified. */
static void
apply (Row      *row,
       JsonNode *value)
{
  g_autoptr(JsonNode) old = row->grid->get (row->grid->data, row->member);

  if ((old == NULL && value == NULL) || (old != NULL && value != NULL && json_node_equal (old, value)))
    {
      g_clear_pointer (&value, json_node_unref);
      return;
    }
  row->grid->set (row->grid->data, row->member, value);
}

static void
on_number_changed (GtkSpinButton *spin,
                   Row           *row)
{
  if (!row->updating)
    apply (row, json_node_init_double (json_node_alloc (), gtk_spin_button_get_value (spin)));
}

static void
on_boolean_toggled (GtkCheckButton *check,
                    Row            *row)
{
  if (!row->updating)
    apply (row, json_node_init_boolean (json_node_alloc (), gtk_check_button_get_active (check)));
}

static void
on_choice_selected (GtkDropDown *drop_down,
                    GParamSpec  *pspec,
                    Row         *row)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (drop_down);
  const char *value = item != NULL ? gtk_string_object_get_string (item) : "";

  if (row->updating)
    return;
  apply (row, value[0] != '\0' ? json_node_init_string (json_node_alloc (), value) : NULL);
}

static void
apply_entry (Row *row)
{
  const char *text;

  if (row->updating)
    return;
  if (row->kind == ROW_LOCALIZED)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) old = row->grid->get (row->grid->data, row->member);

      /* Languages other than ja and en are kept as they were. */
      if (old != NULL && JSON_NODE_HOLDS_OBJECT (old))
        {
          g_autoptr(GList) names = json_object_get_members (json_node_get_object (old));

          for (GList *l = names; l != NULL; l = l->next)
            json_object_set_member (object, l->data,
                                    json_node_copy (json_object_get_member (json_node_get_object (old), l->data)));
        }
      for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          text = gtk_editable_get_text (GTK_EDITABLE (row->entries[l]));
          if (text[0] != '\0')
            json_object_set_string_member (object, languages[l], text);
          else if (json_object_has_member (object, languages[l]))
            json_object_remove_member (object, languages[l]);
        }
      apply (row, json_object_get_size (object) > 0 ? json_node_init_object (json_node_alloc (), object) : NULL);
      return;
    }
  text = gtk_editable_get_text (GTK_EDITABLE (row->editor));
  if (row->kind == ROW_STRING)
    apply (row, text[0] != '\0' ? json_node_init_string (json_node_alloc (), text) : NULL);
  else if (text[0] == '\0')
    apply (row, NULL);
  else
    {
      g_autoptr(GError) error = NULL;
      JsonNode *parsed = json_from_string (text, &error);

      if (parsed == NULL)
        {
          gtk_widget_add_css_class (row->editor, "error");
          return;
        }
      gtk_widget_remove_css_class (row->editor, "error");
      apply (row, parsed);
    }
}

static void
on_entry_activate (GtkEntry *entry,
                   Row      *row)
{
  apply_entry (row);
}

static void
on_entry_leave (GtkEventControllerFocus *focus,
                Row                     *row)
{
  apply_entry (row);
}

static GtkWidget *
new_entry (Row *row)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), row);
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_leave), row);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

static GtkWidget *
new_drop_down (const char * const *values,
               gboolean            with_none)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  GtkWidget *drop_down;

  if (with_none)
    gtk_string_list_append (list, "");
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    gtk_string_list_append (list, values[i]);
  drop_down = gtk_drop_down_new (G_LIST_MODEL (list), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_widget_set_hexpand (drop_down, TRUE);
  return drop_down;
}

static void
add_row (KakanaiEditorMemberGrid *self,
         const char              *member,
         int                      line)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *label = gtk_label_new (member);

  row->grid = self;
  row->member = g_strdup (member);
  row->kind = row_kind (member);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (GTK_GRID (self->grid), label, 0, line, 1, 1);

  switch (row->kind)
    {
    case ROW_NUMBER:
      row->editor = gtk_spin_button_new_with_range (-10000, 10000, 0.5);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (row->editor), 1);
      gtk_widget_set_hexpand (row->editor, TRUE);
      g_signal_connect (row->editor, "value-changed", G_CALLBACK (on_number_changed), row);
      break;
    case ROW_BOOLEAN:
      row->editor = gtk_check_button_new ();
      g_signal_connect (row->editor, "toggled", G_CALLBACK (on_boolean_toggled), row);
      break;
    case ROW_CHOICE:
      row->editor = new_drop_down (choices_for (member), TRUE);
      g_signal_connect (row->editor, "notify::selected", G_CALLBACK (on_choice_selected), row);
      break;
    case ROW_KEY:
      row->editor = new_drop_down ((const char * const *) self->keys, FALSE);
      g_signal_connect (row->editor, "notify::selected", G_CALLBACK (on_choice_selected), row);
      break;
    case ROW_LOCALIZED:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

        for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
          {
            row->entries[l] = new_entry (row);
            gtk_entry_set_placeholder_text (GTK_ENTRY (row->entries[l]),
                                            l == 0 ? _("Japanese (required)") : _("English"));
            g_autofree char *name = g_strdup_printf ("%s (%s)", member, languages[l]);

            gtk_accessible_update_property (GTK_ACCESSIBLE (row->entries[l]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                            name, -1);
            gtk_box_append (GTK_BOX (box), row->entries[l]);
          }
        row->editor = box;
        break;
      }
    case ROW_STRING:
    case ROW_JSON:
    default:
      row->editor = new_entry (row);
      break;
    }
  if (g_str_equal (member, "type"))
    gtk_widget_set_sensitive (row->editor, FALSE);
  gtk_widget_set_name (row->editor, member);
  if (row->kind != ROW_LOCALIZED)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, member, -1);
  gtk_grid_attach (GTK_GRID (self->grid), row->editor, 1, line, 1, 1);
  g_ptr_array_add (self->rows, row);
  refresh_row (row);
}

static void
kakanai_editor_member_grid_dispose (GObject *object)
{
  KakanaiEditorMemberGrid *self = KAKANAI_EDITOR_MEMBER_GRID (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (kakanai_editor_member_grid_parent_class)->dispose (object);
}

static void
kakanai_editor_member_grid_finalize (GObject *object)
{
  KakanaiEditorMemberGrid *self = KAKANAI_EDITOR_MEMBER_GRID (object);

  g_ptr_array_unref (self->rows);
  g_strfreev (self->keys);
  G_OBJECT_CLASS (kakanai_editor_member_grid_parent_class)->finalize (object);
}

static void
kakanai_editor_member_grid_class_init (KakanaiEditorMemberGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kakanai_editor_member_grid_dispose;
  object_class->finalize = kakanai_editor_member_grid_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
kakanai_editor_member_grid_init (KakanaiEditorMemberGrid *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
kakanai_editor_member_grid_new (const char * const *members,
                                const char * const *keys,
                                KakanaiMemberGet    get,
                                KakanaiMemberSet    set,
                                gpointer            data)
{
  KakanaiEditorMemberGrid *self = g_object_new (KAKANAI_TYPE_EDITOR_MEMBER_GRID, NULL);

  self->keys = g_strdupv ((GStrv) keys);
  self->get = get;
  self->set = set;
  self->data = data;
  for (guint i = 0; members[i] != NULL; i++)
    add_row (self, members[i], i);
  return GTK_WIDGET (self);
}
