/* kakanai-template-model.c: a template as an editable, savable model.
 *
 * The model holds the template's JSON, shape-checked: the top-level members, and the
 * elements and questions as lists of objects. Edits are commands kept for undo and
 * redo; a snapshot is the validated, immutable KakanaiTemplate of the model, made on
 * demand and kept until the next edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-input.h"
#include "kakanai-form-data.h"
#include "kakanai-forms-error.h"
#include "kakanai-template-loader-private.h"
#include "kakanai-template-model.h"
#include "kakanai-template-private.h"

#define N_LISTS 2

typedef enum {
  COMMAND_INSERT,
  COMMAND_REMOVE,
  COMMAND_REPLACE,
  COMMAND_MOVE,
  COMMAND_SET_MEMBER,
  COMMAND_GROUP,
} CommandKind;

/* One undo step: INSERT puts @after at @index; REMOVE takes @before from @index;
 * REPLACE swaps @before for @after at @index; MOVE takes @index to @to; SET_MEMBER sets
 * the top-level member @name from @before to @after (NULL: absent); GROUP runs @children
 * in order (undone in reverse). */
typedef struct {
  CommandKind       kind;
  GPtrArray        *children;
  KakanaiModelList  list;
  guint             index, to;
  char             *name;
  JsonNode         *before, *after;
} Command;

struct _KakanaiTemplateModel
{
  GObject          parent_instance;
  char            *source;
  JsonObject      *root;            /* top-level members but the lists */
  GPtrArray       *lists[N_LISTS];  /* JsonNode* holding objects */
  GPtrArray       *undo, *redo;     /* Command* */
  Command         *open_group;      /* between begin_group and end_group */
  guint            group_depth;
  KakanaiTemplate *snapshot;
};

G_DEFINE_FINAL_TYPE (KakanaiTemplateModel, kakanai_template_model, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const list_names[N_LISTS] = { "elements", "questions" };
static const char * const root_members[] = {
  "format", "id", "title", "description", "page", "questions", "elements", NULL
};

/* ---- life cycle ------------------------------------------------------------------- */

static void
command_free (gpointer data)
{
  Command *command = data;

  g_free (command->name);
  g_clear_pointer (&command->children, g_ptr_array_unref);
  g_clear_pointer (&command->before, json_node_unref);
  g_clear_pointer (&command->after, json_node_unref);
  g_free (command);
}

static void
kakanai_template_model_finalize (GObject *object)
{
  KakanaiTemplateModel *self = KAKANAI_TEMPLATE_MODEL (object);

  g_free (self->source);
  g_clear_pointer (&self->root, json_object_unref);
  for (guint i = 0; i < N_LISTS; i++)
    g_clear_pointer (&self->lists[i], g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->open_group, command_free);
  g_clear_pointer (&self->snapshot, kakanai_template_unref);
  G_OBJECT_CLASS (kakanai_template_model_parent_class)->finalize (object);
}

static void
kakanai_template_model_class_init (KakanaiTemplateModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kakanai_template_model_finalize;

  /* After every command, undo and redo: the snapshot may have changed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kakanai_template_model_init (KakanaiTemplateModel *self)
{
  for (guint i = 0; i < N_LISTS; i++)
    self->lists[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->undo = g_ptr_array_new_with_free_func (command_free);
  self->redo = g_ptr_array_new_with_free_func (command_free);
}

/* json_node_copy() shares objects, arrays and values: commands need copies of their own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node), *out = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (out, l->data, deep_copy (json_object_get_member (object, l->data)));
      copy = json_node_init_object (json_node_alloc (), out);
      json_object_unref (out);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node), *out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (out, deep_copy (json_array_get_element (array, i)));
      copy = json_node_init_array (json_node_alloc (), out);
      json_array_unref (out);
      return copy;
    }
  /* json_node_copy() shares the value too, and json_node_set_double() changes it in place. */
  copy = json_node_alloc ();
  if (JSON_NODE_HOLDS_NULL (node))
    return json_node_init_null (copy);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return json_node_init_string (copy, json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (copy, json_node_get_boolean (node));
    case G_TYPE_INT64:
      return json_node_init_int (copy, json_node_get_int (node));
    default:
      return json_node_init_double (copy, json_node_get_double (node));
    }
}

/* ---- parsing ---------------------------------------------------------------------- */

/* Every number is held as a double, so that 10 and 10.0 are one model. json-glib reads
 * a number beyond a double's range (1e999) as infinity, which no JSON file can hold:
 * such a file is refused rather than saved back as something that cannot be read. */
static gboolean
normalize_numbers (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    json_node_set_double (node, (double) json_node_get_int (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return isfinite (json_node_get_double (node));
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));
      for (GList *l = members; l != NULL; l = l->next)
        if (!normalize_numbers (l->data))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!normalize_numbers (json_array_get_element (array, i)))
          return FALSE;
    }
  return TRUE;
}

static gboolean
check_element_shape (Loader     *loader,
                     JsonNode   *node,
                     guint       index,
                     GError    **error)
{
  JsonObject *object;
  const char *type, *id = NULL;
  const char * const *members;

  loader->item_kind = "element";
  loader->element_index = index;
  loader->element_id = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return kakanai_loader_fail_template (loader, _("an element must be an object"));
  object = json_node_get_object (node);
  if (!kakanai_loader_read_string (loader, object, "id", FALSE, NULL, &id))
    return FALSE;
  loader->element_id = id;
  if (!kakanai_loader_read_string (loader, object, "type", TRUE, NULL, &type))
    return FALSE;
  members = kakanai_template_element_members (type);
  if (members == NULL)
    return kakanai_loader_fail_template (loader, _("unknown element type “%s”"), type);
  return kakanai_loader_check_members (loader, object, members);
}

static gboolean
take_list (Loader               *loader,
           KakanaiTemplateModel *self,
           KakanaiModelList      list,
           GError              **error)
{
  JsonNode *node = json_object_get_member (self->root, list_names[list]);
  JsonArray *array;

  if (node == NULL)
    {
      if (list == KAKANAI_MODEL_LIST_ELEMENTS)
        return kakanai_loader_fail_template (loader, _("missing member “elements”"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return kakanai_loader_fail_template (loader, _("“%s” must be an array"), list_names[list]);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (list == KAKANAI_MODEL_LIST_ELEMENTS && !check_element_shape (loader, item, i, error))
        return FALSE;
      if (list == KAKANAI_MODEL_LIST_QUESTIONS && !JSON_NODE_HOLDS_OBJECT (item))
        {
          loader->item_kind = "question";
          loader->element_index = i;
          return kakanai_loader_fail_template (loader, _("a question must be an object"));
        }
      g_ptr_array_add (self->lists[list], json_node_ref (item));
    }
  loader->element_index = G_MAXUINT;
  json_object_remove_member (self->root, list_names[list]);
  return TRUE;
}

KakanaiTemplateModel *
kakanai_template_model_new_from_data (const char  *data,
                                      gssize       length,
                                      const char  *source_name,
                                      GError     **error)
{
  g_autoptr(KakanaiTemplateModel) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  Loader loader = { 0 };
  JsonNode *root;
  double format;

  g_return_val_if_fail (data != NULL, NULL);
  if (source_name == NULL)
    source_name = "<memory>";
  loader.source = source_name;
  loader.element_index = G_MAXUINT;
  loader.error = error;

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate_len (data, length, NULL))
    return kakanai_loader_fail_template (&loader, _("the file is not valid UTF-8")), NULL;
  /* json-glib recurses once per level: a deep file would overflow the stack. */
  if (!kakanai_json_check_limits (data, length, KAKANAI_TEMPLATE_MAX_BYTES, KAKANAI_JSON_MAX_DEPTH, &parse_error))
    return kakanai_loader_fail_template (&loader, "%s", parse_error->message), NULL;
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    return kakanai_loader_fail_template (&loader, _("malformed JSON: %s"), parse_error->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return kakanai_loader_fail_template (&loader, _("the template must be a JSON object")), NULL;

  self = g_object_new (KAKANAI_TYPE_TEMPLATE_MODEL, NULL);
  self->source = g_strdup (source_name);
  self->root = json_object_ref (json_node_get_object (root));
  if (!normalize_numbers (root))
    return kakanai_loader_fail_template (&loader, _("a number is too large; write it with at most 15 digits before the point")), NULL;

  if (!kakanai_loader_read_number (&loader, self->root, "format", TRUE, 0, &format))
    return NULL;
  if (format != 1 && format != KAKANAI_TEMPLATE_FORMAT_VERSION)
    return kakanai_loader_fail_template (&loader, _("template format %g is not supported (this version reads formats 1 and %d)"),
                                         format, KAKANAI_TEMPLATE_FORMAT_VERSION), NULL;
  if (!kakanai_loader_check_members (&loader, self->root, root_members) ||
      !take_list (&loader, self, KAKANAI_MODEL_LIST_QUESTIONS, error) ||
      !take_list (&loader, self, KAKANAI_MODEL_LIST_ELEMENTS, error))
    return NULL;
  json_object_set_double_member (self->root, "format", KAKANAI_TEMPLATE_FORMAT_VERSION);
  return g_steal_pointer (&self);
}

KakanaiTemplateModel *
kakanai_template_model_new_from_file (const char  *path,
                                      GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);
  contents = kakanai_file_read_limited (path, KAKANAI_TEMPLATE_MAX_BYTES, &read_error);
  if (contents == NULL)
    {
      /* The error names the file already. */
      g_set_error_literal (error, KAKANAI_FORMS_ERROR,
                           g_error_matches (read_error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO)
                           ? KAKANAI_FORMS_ERROR_IO : KAKANAI_FORMS_ERROR_TEMPLATE,
                           read_error->message);
      return NULL;
    }
  data = g_bytes_get_data (contents, &length);
  return kakanai_template_model_new_from_data (data, length, path, error);
}

KakanaiTemplateModel *
kakanai_template_model_new (const char *id,
                            const char *title)
{
  KakanaiTemplateModel *self = g_object_new (KAKANAI_TYPE_TEMPLATE_MODEL, NULL);
  JsonObject *page = json_object_new ();

  g_return_val_if_fail (id != NULL && title != NULL, NULL);
  self->source = g_strdup_printf ("%s.json", id);
  self->root = json_object_new ();
  json_object_set_double_member (self->root, "format", KAKANAI_TEMPLATE_FORMAT_VERSION);
  json_object_set_string_member (self->root, "id", id);
  json_object_set_string_member (self->root, "title", title);
  json_object_set_string_member (page, "size", "A4");
  json_object_set_object_member (self->root, "page", page);
  return self;
}

const char *
kakanai_template_model_get_source (KakanaiTemplateModel *model)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), NULL);
  return model->source;
}

/* ---- snapshots -------------------------------------------------------------------- */

KakanaiTemplate *
kakanai_template_model_get_snapshot (KakanaiTemplateModel *model,
                                     GError              **error)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), NULL);

  if (model->snapshot == NULL)
    model->snapshot = kakanai_template_new_from_parts (model->root,
                                                       model->lists[KAKANAI_MODEL_LIST_ELEMENTS],
                                                       model->lists[KAKANAI_MODEL_LIST_QUESTIONS],
                                                       model->source, error);
  return model->snapshot;
}

gboolean
kakanai_template_model_validate (KakanaiTemplateModel *model,
                                 GError              **error)
{
  return kakanai_template_model_get_snapshot (model, error) != NULL;
}

/* ---- saving ----------------------------------------------------------------------- */

static const char * const page_order[] = { "size", "width", "height", "orientation", "background", NULL };
static const char * const background_order[] = { "pdf", "page", NULL };
static const char * const option_order[] = { "value", "label", "x", "y", "width", "height", NULL };
static const char * const localized_order[] = { "ja", "en", NULL };
static const char * const condition_order[] = { "key", "equals", NULL };
static const char * const question_order[] = {
  "key", "kind", "required", "answered_by", "prompt", "help", "when", "input",
  "min_length", "max_length", "min", "max", "options", "card_answer", "max_count", "fields", NULL
};

/* The order a saved object's members are written in, by the member holding it. */
static const char * const *
order_of (const char *parent,
          JsonObject *object)
{
  static const char * const none[] = { NULL };

  if (parent == NULL)
    return root_members;
  if (g_str_equal (parent, "page"))
    return page_order;
  if (g_str_equal (parent, "background"))
    return background_order;
  if (g_str_equal (parent, "options"))
    return option_order;
  if (g_str_equal (parent, "when"))
    return condition_order;
  if (g_str_equal (parent, "fields") || g_str_equal (parent, "questions"))
    return question_order;
  if (g_str_equal (parent, "elements"))
    {
      const char *type = json_object_get_string_member_with_default (object, "type", "");
      const char * const *members = kakanai_template_element_members (type);
      return members != NULL ? members : none;
    }
  if (g_str_equal (parent, "title") || g_str_equal (parent, "description") ||
      g_str_equal (parent, "label") || g_str_equal (parent, "prompt") || g_str_equal (parent, "help"))
    return localized_order;
  return none;
}

/* The shortest text that reads back as exactly @value. */
static void
write_number (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%.0f", value);
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

static void
write_string (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void write_node (GString *out, JsonNode *node, const char *parent);

static void
write_member (GString    *out,
              JsonObject *object,
              const char *name,
              gboolean   *first)
{
  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  write_string (out, name);
  g_string_append (out, ": ");
  write_node (out, json_object_get_member (object, name), name);
}

static void
write_object (GString    *out,
              JsonObject *object,
              const char *parent)
{
  const char * const *order = order_of (parent, object);
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; order[i] != NULL; i++)
    if (json_object_has_member (object, order[i]))
      write_member (out, object, order[i], &first);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (order, l->data))
      write_member (out, object, l->data, &first);
  g_string_append_c (out, '}');
}

static void
write_node (GString    *out,
            JsonNode   *node,
            const char *parent)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), parent);
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            write_node (out, json_array_get_element (array, i), parent);
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        write_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        write_number (out, json_node_get_double (node));
      break;
    }
}

static void
write_list (GString   *out,
            GPtrArray *items,
            const char *name)
{
  g_string_append_printf (out, "  \"%s\": [", name);
  for (guint i = 0; i < items->len; i++)
    {
      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      write_node (out, g_ptr_array_index (items, i), name);
    }
  g_string_append (out, items->len > 0 ? "\n  ]" : "]");
}

char *
kakanai_template_model_to_json (KakanaiTemplateModel *model)
{
  g_autoptr(GList) members = NULL;
  GString *out = g_string_new ("{\n");
  gboolean first = TRUE;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), NULL);

  members = json_object_get_members (model->root);
  for (guint i = 0; root_members[i] != NULL; i++)
    {
      const char *name = root_members[i];
      JsonNode *node = json_object_get_member (model->root, name);
      gboolean is_list = g_str_equal (name, "elements") || g_str_equal (name, "questions");

      if (!is_list && node == NULL)
        continue;
      if (g_str_equal (name, "questions") && model->lists[KAKANAI_MODEL_LIST_QUESTIONS]->len == 0)
        continue;
      if (!first)
        g_string_append (out, ",\n");
      first = FALSE;
      if (is_list)
        {
          write_list (out, model->lists[g_str_equal (name, "elements") ? KAKANAI_MODEL_LIST_ELEMENTS
                                                                        : KAKANAI_MODEL_LIST_QUESTIONS], name);
          continue;
        }
      g_string_append (out, "  ");
      write_string (out, name);
      g_string_append (out, ": ");
      write_node (out, node, name);
    }
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

gboolean
kakanai_template_model_save (KakanaiTemplateModel *model,
                             const char           *path,
                             GError              **error)
{
  g_autofree char *json = kakanai_template_model_to_json (model);
  g_autoptr(GError) write_error = NULL;

  if (!g_file_set_contents (path, json, -1, &write_error))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO, "%s: %s", path,
                   write_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
lists_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!json_node_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
kakanai_template_model_equal (KakanaiTemplateModel *a,
                              KakanaiTemplateModel *b)
{
  g_autoptr(JsonNode) root_a = json_node_init_object (json_node_alloc (), a->root);
  g_autoptr(JsonNode) root_b = json_node_init_object (json_node_alloc (), b->root);

  return json_node_equal (root_a, root_b) &&
         lists_equal (a->lists[0], b->lists[0]) && lists_equal (a->lists[1], b->lists[1]);
}

/* ---- commands --------------------------------------------------------------------- */

static gboolean
bad_index (GError **error,
           guint    index)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
               _("there is no item %u"), index);
  return FALSE;
}

static void
command_apply (KakanaiTemplateModel *self,
               Command              *command,
               gboolean              forward)
{
  GPtrArray *items = self->lists[command->list];
  JsonNode *target = forward ? command->after : command->before;

  switch (command->kind)
    {
    case COMMAND_INSERT:
    case COMMAND_REMOVE:
      if ((command->kind == COMMAND_INSERT) == forward)
        g_ptr_array_insert (items, command->index,
                            json_node_ref (forward ? command->after : command->before));
      else
        g_ptr_array_remove_index (items, command->index);
      break;
    case COMMAND_REPLACE:
      json_node_unref (items->pdata[command->index]);
      items->pdata[command->index] = json_node_ref (target);
      break;
    case COMMAND_MOVE:
      {
        guint from = forward ? command->index : command->to;
        guint to = forward ? command->to : command->index;
        gpointer item = g_ptr_array_steal_index (items, from);

        g_ptr_array_insert (items, to, item);
      }
      break;
    case COMMAND_GROUP:
      for (guint i = 0; i < command->children->len; i++)
        command_apply (self, g_ptr_array_index (command->children,
                                                forward ? i : command->children->len - 1 - i), forward);
      break;
    case COMMAND_SET_MEMBER:
      if (target == NULL)
        json_object_remove_member (self->root, command->name);
      else
        json_object_set_member (self->root, command->name, deep_copy (target));
      break;
    default:
      g_assert_not_reached ();
    }
  g_clear_pointer (&self->snapshot, kakanai_template_unref);
}

static void
run_command (KakanaiTemplateModel *self,
             Command              *command)
{
  command_apply (self, command, TRUE);
  g_ptr_array_add (self->open_group != NULL ? self->open_group->children : self->undo, command);
  g_ptr_array_set_size (self->redo, 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static Command *
command_new (CommandKind      kind,
             KakanaiModelList list,
             guint            index)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->list = list;
  command->index = index;
  return command;
}

static gboolean
check_item (KakanaiModelList   list,
            JsonObject        *item,
            GError           **error)
{
  const char *type;
  const char * const *members;
  g_autoptr(GList) names = NULL;

  if (list == KAKANAI_MODEL_LIST_QUESTIONS)
    return TRUE;
  type = json_object_get_string_member_with_default (item, "type", NULL);
  members = type != NULL ? kakanai_template_element_members (type) : NULL;
  if (members == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("unknown element type “%s”"), type != NULL ? type : "");
      return FALSE;
    }
  names = json_object_get_members (item);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      {
        g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                     _("a %s element has no member “%s”"), type, (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static JsonNode *
item_node (JsonObject *item)
{
  g_autoptr(JsonNode) given = json_node_init_object (json_node_alloc (), item);
  JsonNode *node = deep_copy (given);

  normalize_numbers (node);
  return node;
}

gboolean
kakanai_template_model_insert_item (KakanaiTemplateModel *model,
                                    KakanaiModelList      list,
                                    guint                 index,
                                    JsonObject           *item,
                                    GError              **error)
{
  Command *command;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS && item != NULL, FALSE);
  if (index == G_MAXUINT)
    index = model->lists[list]->len;
  if (index > model->lists[list]->len)
    return bad_index (error, index);
  if (!check_item (list, item, error))
    return FALSE;
  command = command_new (COMMAND_INSERT, list, index);
  command->after = item_node (item);
  run_command (model, command);
  return TRUE;
}

gboolean
kakanai_template_model_remove_item (KakanaiTemplateModel *model,
                                    KakanaiModelList      list,
                                    guint                 index,
                                    GError              **error)
{
  Command *command;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS, FALSE);
  if (index >= model->lists[list]->len)
    return bad_index (error, index);
  command = command_new (COMMAND_REMOVE, list, index);
  command->before = json_node_ref (g_ptr_array_index (model->lists[list], index));
  run_command (model, command);
  return TRUE;
}

gboolean
kakanai_template_model_move_item (KakanaiTemplateModel *model,
                                  KakanaiModelList      list,
                                  guint                 from,
                                  guint                 to,
                                  GError              **error)
{
  Command *command;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS, FALSE);
  if (from >= model->lists[list]->len)
    return bad_index (error, from);
  if (to >= model->lists[list]->len)
    return bad_index (error, to);
  command = command_new (COMMAND_MOVE, list, from);
  command->to = to;
  run_command (model, command);
  return TRUE;
}

gboolean
kakanai_template_model_replace_item (KakanaiTemplateModel *model,
                                     KakanaiModelList      list,
                                     guint                 index,
                                     JsonObject           *item,
                                     GError              **error)
{
  Command *command;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS && item != NULL, FALSE);
  if (index >= model->lists[list]->len)
    return bad_index (error, index);
  if (!check_item (list, item, error))
    return FALSE;
  command = command_new (COMMAND_REPLACE, list, index);
  command->before = json_node_ref (g_ptr_array_index (model->lists[list], index));
  command->after = item_node (item);
  run_command (model, command);
  return TRUE;
}

gboolean
kakanai_template_model_set_item_member (KakanaiTemplateModel *model,
                                        KakanaiModelList      list,
                                        guint                 index,
                                        const char           *member,
                                        JsonNode             *value,
                                        GError              **error)
{
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *item;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS && member != NULL, FALSE);
  if (index >= model->lists[list]->len)
    return bad_index (error, index);
  copy = deep_copy (g_ptr_array_index (model->lists[list], index));
  item = json_node_get_object (copy);
  if (value != NULL)
    json_object_set_member (item, member, deep_copy (value));
  else
    json_object_remove_member (item, member);
  return kakanai_template_model_replace_item (model, list, index, item, error);
}

JsonNode *
kakanai_template_model_get_member (KakanaiTemplateModel *model,
                                   const char           *name)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && name != NULL, NULL);
  return json_object_get_member (model->root, name);
}

gboolean
kakanai_template_model_set_member (KakanaiTemplateModel *model,
                                   const char           *name,
                                   JsonNode             *value,
                                   GError              **error)
{
  JsonNode *current;
  Command *command;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && name != NULL, FALSE);
  if (!g_strv_contains (root_members, name) || g_str_equal (name, "format") ||
      g_str_equal (name, "elements") || g_str_equal (name, "questions"))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("“%s” is not a member a command can set"), name);
      return FALSE;
    }
  current = json_object_get_member (model->root, name);
  command = command_new (COMMAND_SET_MEMBER, 0, 0);
  command->name = g_strdup (name);
  command->before = current != NULL ? deep_copy (current) : NULL;
  if (value != NULL)
    {
      command->after = deep_copy (value);
      normalize_numbers (command->after);
    }
  run_command (model, command);
  return TRUE;
}

void
kakanai_template_model_begin_group (KakanaiTemplateModel *model)
{
  g_return_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model));
  if (model->group_depth++ == 0)
    {
      model->open_group = command_new (COMMAND_GROUP, 0, 0);
      model->open_group->children = g_ptr_array_new_with_free_func (command_free);
    }
}

void
kakanai_template_model_end_group (KakanaiTemplateModel *model)
{
  Command *group;

  g_return_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model));
  g_return_if_fail (model->group_depth > 0);
  if (--model->group_depth > 0)
    return;
  group = g_steal_pointer (&model->open_group);
  if (group->children->len == 0)
    {
      command_free (group);
      return;
    }
  g_ptr_array_add (model->undo, group);
  /* Inside the group nothing could be undone yet; listeners that follow can_undo (the
   * editor's Undo) hear that now it can. */
  g_signal_emit (model, signals[SIGNAL_CHANGED], 0);
}

gboolean
kakanai_template_model_can_undo (KakanaiTemplateModel *model)
{
  return model->undo->len > 0;
}

gboolean
kakanai_template_model_can_redo (KakanaiTemplateModel *model)
{
  return model->redo->len > 0;
}

static gboolean
step (KakanaiTemplateModel *model,
      GPtrArray            *from,
      GPtrArray            *to,
      gboolean              forward)
{
  Command *command;

  if (from->len == 0 || model->group_depth > 0)
    return FALSE;
  command = g_ptr_array_steal_index (from, from->len - 1);
  command_apply (model, command, forward);
  g_ptr_array_add (to, command);
  g_signal_emit (model, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
kakanai_template_model_undo (KakanaiTemplateModel *model)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), FALSE);
  return step (model, model->undo, model->redo, FALSE);
}

gboolean
kakanai_template_model_redo (KakanaiTemplateModel *model)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), FALSE);
  return step (model, model->redo, model->undo, TRUE);
}

/* ---- elements ----------------------------------------------------------------------- */

guint
kakanai_template_model_get_n_items (KakanaiTemplateModel *model,
                                    KakanaiModelList      list)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS, 0);
  return model->lists[list]->len;
}

JsonObject *
kakanai_template_model_get_item (KakanaiTemplateModel *model,
                                 KakanaiModelList      list,
                                 guint                 index)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && list < N_LISTS, NULL);
  g_return_val_if_fail (index < model->lists[list]->len, NULL);
  return json_node_get_object (g_ptr_array_index (model->lists[list], index));
}

static JsonObject *
element (KakanaiTemplateModel *model,
         guint                 index)
{
  return kakanai_template_model_get_item (model, KAKANAI_MODEL_LIST_ELEMENTS, index);
}

const char *
kakanai_template_model_get_element_type (KakanaiTemplateModel *model,
                                         guint                 index)
{
  return json_object_get_string_member (element (model, index), "type");
}

gboolean
kakanai_template_model_element_has_member (KakanaiTemplateModel *model,
                                           guint                 index,
                                           const char           *member)
{
  return json_object_has_member (element (model, index), member);
}

static gboolean
key_is_date (KakanaiTemplateModel *model,
             const char           *key)
{
  GPtrArray *questions = model->lists[KAKANAI_MODEL_LIST_QUESTIONS];

  if (kakanai_form_data_is_date_key (key))
    return TRUE;
  for (guint i = 0; i < questions->len; i++)
    {
      JsonObject *question = json_node_get_object (g_ptr_array_index (questions, i));

      if (g_strcmp0 (json_object_get_string_member_with_default (question, "key", NULL), key) == 0)
        return g_strcmp0 (json_object_get_string_member_with_default (question, "kind", NULL), "date") == 0;
    }
  return FALSE;
}

/* What the validator assumes for a member the template leaves out. */
static JsonNode *
default_of (KakanaiTemplateModel *model,
            JsonObject           *object,
            const char           *member)
{
  static const struct { const char *member, *string; double number; int boolean; } defaults[] = {
    { "size", NULL, 10.5, -1 }, { "line_height", NULL, 1.3, -1 }, { "letter_spacing", NULL, 0, -1 },
    { "vertical", NULL, 0, FALSE }, { "align", "left", 0, -1 }, { "color", "#000000", 0, -1 },
    { "line_width", NULL, 0.3, -1 }, { "dash", NULL, 0, -1 }, { "mode", "line", 0, -1 },
    { "filter", "none", 0, -1 }, { "mark", "circle", 0, -1 }, { "multiple", NULL, 0, FALSE },
    { "ec_level", "M", 0, -1 },
  };
  const char *type = json_object_get_string_member_with_default (object, "type", "");
  gboolean is_field = g_str_equal (type, "field");
  JsonNode *node = json_node_alloc ();

  if (!g_strv_contains (kakanai_template_element_members (type), member))
    return json_node_free (node), NULL;
  if (g_str_equal (member, "font"))
    return json_node_init_string (node, is_field ? "mincho" : "gothic");
  if (g_str_equal (member, "min_size"))
    return json_node_init_double (node, json_object_get_double_member_with_default (object, "size", 10.5));
  if (g_str_equal (member, "valign"))
    return json_node_init_string (node, is_field && g_strcmp0 (json_object_get_string_member_with_default (object, "mode", NULL), "wrap") == 0
                                        ? "top" : "middle");
  if (g_str_equal (member, "format") && is_field)
    return json_node_init_string (node, key_is_date (model, json_object_get_string_member_with_default (object, "key", ""))
                                        ? "wareki" : "plain");
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_str_equal (defaults[i].member, member))
      {
        if (defaults[i].string != NULL)
          return json_node_init_string (node, defaults[i].string);
        if (defaults[i].boolean >= 0)
          return json_node_init_boolean (node, defaults[i].boolean);
        return json_node_init_double (node, defaults[i].number);
      }
  json_node_free (node);
  return NULL;
}

JsonNode *
kakanai_template_model_dup_element_member (KakanaiTemplateModel *model,
                                           guint                 index,
                                           const char           *member)
{
  JsonObject *object = element (model, index);
  JsonNode *given = json_object_get_member (object, member);

  if (given != NULL)
    return deep_copy (given);
  return default_of (model, object, member);
}

static gboolean
read_numbers (JsonObject         *object,
              const char * const *names,
              double             *out)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_DOUBLE)
        return FALSE;
      out[i] = json_node_get_double (node);
    }
  return TRUE;
}

static gboolean
options_bounds (JsonObject    *object,
                KakanaiBounds *bounds)
{
  static const char * const box[] = { "x", "y", "width", "height", NULL };
  JsonNode *node = json_object_get_member (object, "options");
  JsonArray *options;
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  options = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonNode *option = json_array_get_element (options, i);
      double v[4];

      if (!JSON_NODE_HOLDS_OBJECT (option) || !read_numbers (json_node_get_object (option), box, v))
        return FALSE;
      x1 = MIN (x1, v[0]), y1 = MIN (y1, v[1]);
      x2 = MAX (x2, v[0] + v[2]), y2 = MAX (y2, v[1] + v[3]);
    }
  if (x1 > x2)
    return FALSE;
  *bounds = (KakanaiBounds) { x1, y1, x2 - x1, y2 - y1 };
  return TRUE;
}

gboolean
kakanai_template_model_get_element_bounds (KakanaiTemplateModel *model,
                                           guint                 index,
                                           KakanaiBounds        *bounds)
{
  static const char * const box[] = { "x", "y", "width", "height", NULL };
  static const char * const ends[] = { "x1", "y1", "x2", "y2", NULL };
  static const char * const circle[] = { "cx", "cy", "r", NULL };
  static const char * const square[] = { "x", "y", "size", NULL };
  JsonObject *object = element (model, index);
  const char *type = kakanai_template_model_get_element_type (model, index);
  double v[4];

  g_return_val_if_fail (bounds != NULL, FALSE);
  if (g_str_equal (type, "line"))
    {
      if (!read_numbers (object, ends, v))
        return FALSE;
      *bounds = (KakanaiBounds) { MIN (v[0], v[2]), MIN (v[1], v[3]), fabs (v[2] - v[0]), fabs (v[3] - v[1]) };
      return TRUE;
    }
  if (g_str_equal (type, "circle"))
    {
      if (!read_numbers (object, circle, v))
        return FALSE;
      *bounds = (KakanaiBounds) { v[0] - v[2], v[1] - v[2], 2 * v[2], 2 * v[2] };
      return TRUE;
    }
  if (g_str_equal (type, "qr"))
    {
      if (!read_numbers (object, square, v))
        return FALSE;
      *bounds = (KakanaiBounds) { v[0], v[1], v[2], v[2] };
      return TRUE;
    }
  if (read_numbers (object, box, v))
    {
      *bounds = (KakanaiBounds) { v[0], v[1], v[2], v[3] };
      return TRUE;
    }
  return g_str_equal (type, "field") && options_bounds (object, bounds);
}

int
kakanai_template_model_element_at (KakanaiTemplateModel *model,
                                   double                x,
                                   double                y,
                                   double                tolerance)
{
  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), -1);

  for (guint i = model->lists[KAKANAI_MODEL_LIST_ELEMENTS]->len; i-- > 0;)
    {
      KakanaiBounds b;

      if (kakanai_template_model_get_element_bounds (model, i, &b) &&
          x >= b.x - tolerance && x <= b.x + b.width + tolerance &&
          y >= b.y - tolerance && y <= b.y + b.height + tolerance)
        return (int) i;
    }
  return -1;
}

GArray *
kakanai_template_model_elements_in (KakanaiTemplateModel *model,
                                    const KakanaiBounds  *rect)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model) && rect != NULL, found);
  for (guint i = 0; i < model->lists[KAKANAI_MODEL_LIST_ELEMENTS]->len; i++)
    {
      KakanaiBounds b;

      if (kakanai_template_model_get_element_bounds (model, i, &b) &&
          b.x >= rect->x && b.y >= rect->y &&
          b.x + b.width <= rect->x + rect->width && b.y + b.height <= rect->y + rect->height)
        g_array_append_val (found, i);
    }
  return found;
}

JsonObject *
kakanai_template_element_new (const char *type,
                              double      x,
                              double      y)
{
  JsonObject *object;

  g_return_val_if_fail (type != NULL, NULL);
  if (kakanai_template_element_members (type) == NULL)
    return NULL;
  object = json_object_new ();
  json_object_set_string_member (object, "type", type);
  if (g_str_equal (type, "line"))
    {
      json_object_set_double_member (object, "x1", x);
      json_object_set_double_member (object, "y1", y);
      json_object_set_double_member (object, "x2", x + 40);
      json_object_set_double_member (object, "y2", y);
      return object;
    }
  if (g_str_equal (type, "circle"))
    {
      json_object_set_double_member (object, "cx", x + 5);
      json_object_set_double_member (object, "cy", y + 5);
      json_object_set_double_member (object, "r", 5);
      return object;
    }
  json_object_set_double_member (object, "x", x);
  json_object_set_double_member (object, "y", y);
  if (g_str_equal (type, "qr"))
    {
      json_object_set_double_member (object, "size", 20);
      json_object_set_string_member (object, "content", "{card.name}");
      return object;
    }
  json_object_set_double_member (object, "width", 40);
  json_object_set_double_member (object, "height", g_str_equal (type, "rect") || g_str_equal (type, "image") ? 20 : 8);
  if (g_str_equal (type, "text"))
    json_object_set_string_member (object, "text", "テキスト");
  else if (g_str_equal (type, "image"))
    json_object_set_string_member (object, "src", "image.png");
  else if (g_str_equal (type, "field"))
    json_object_set_string_member (object, "key", "office.name");
  return object;
}

static void
shift (JsonObject *object,
       const char *member,
       double      by)
{
  JsonNode *node = json_object_get_member (object, member);

  /* A member that is not a number is left for validation to refuse. */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    json_node_set_double (node, json_node_get_double (node) + by);
}

gboolean
kakanai_template_model_translate_element (KakanaiTemplateModel *model,
                                          guint                 index,
                                          double                dx,
                                          double                dy,
                                          GError              **error)
{
  static const char * const xs[] = { "x", "x1", "x2", "cx", NULL };
  static const char * const ys[] = { "y", "y1", "y2", "cy", NULL };
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *object;
  JsonNode *options;

  g_return_val_if_fail (KAKANAI_IS_TEMPLATE_MODEL (model), FALSE);
  if (index >= model->lists[KAKANAI_MODEL_LIST_ELEMENTS]->len)
    return bad_index (error, index);
  copy = deep_copy (g_ptr_array_index (model->lists[KAKANAI_MODEL_LIST_ELEMENTS], index));
  object = json_node_get_object (copy);
  for (guint i = 0; xs[i] != NULL; i++)
    {
      shift (object, xs[i], dx);
      shift (object, ys[i], dy);
    }
  options = json_object_get_member (object, "options");
  if (options != NULL && JSON_NODE_HOLDS_ARRAY (options))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (options)); i++)
      {
        JsonNode *option = json_array_get_element (json_node_get_array (options), i);

        if (JSON_NODE_HOLDS_OBJECT (option))
          {
            shift (json_node_get_object (option), "x", dx);
            shift (json_node_get_object (option), "y", dy);
          }
      }
  return kakanai_template_model_replace_item (model, KAKANAI_MODEL_LIST_ELEMENTS, index, object, error);
}
