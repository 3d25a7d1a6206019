/* kakanai-procedure.c: reading procedure files (life events, certificate requests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kakanai-input.h"
#include "kakanai-forms-error.h"
#include "kakanai-procedure.h"
#include "kakanai-template.h"
#include "kakanai-template-loader-private.h"

#define PROCEDURE_MAX_BYTES (64 * 1024)
#define MAX_FORMS 32

struct _KakanaiProcedure
{
  gatomicrefcount       ref_count;
  char                 *source;
  char                 *id;
  KakanaiProcedureKind  kind;
  char                 *icon;
  char                **title;       /* localized pairs */
  char                **description; /* localized pairs, or NULL */
  char                **forms;
};

static const char * const kind_names[] = { "life_event", "certificate", NULL };

#define fail(loader, ...) kakanai_loader_fail_template ((loader), __VA_ARGS__)

static gboolean
is_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (; *id; id++)
    if (!g_ascii_islower (*id) && !g_ascii_isdigit (*id) && *id != '_' && *id != '-')
      return FALSE;
  return TRUE;
}

static gboolean
read_forms (Loader           *loader,
            JsonObject       *root,
            KakanaiProcedure *procedure)
{
  JsonNode *node = json_object_get_member (root, "forms");
  g_autoptr(GStrvBuilder) forms = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL)
    return fail (loader, _("missing member “forms”"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0 ||
      json_array_get_length (array) > MAX_FORMS)
    return fail (loader, _("“forms” must be an array of 1 to %d template ids"), MAX_FORMS);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          !is_id (id = json_node_get_string (item)))
        return fail (loader, _("“forms” %u must be a template id"), i);
      g_strv_builder_add (forms, id);
    }
  procedure->forms = g_strv_builder_end (forms);
  return TRUE;
}

static gboolean
parse_procedure (Loader           *loader,
                 JsonNode         *root_node,
                 KakanaiProcedure *procedure)
{
  static const char * const allowed[] = {
    "format", "id", "kind", "icon", "title", "description", "forms", NULL
  };
  JsonObject *root;
  const char *id, *icon;
  double format;
  int kind;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (loader, _("a procedure must be a JSON object"));
  root = json_node_get_object (root_node);
  if (!kakanai_loader_read_number (loader, root, "format", TRUE, 0, &format))
    return FALSE;
  if (format != 1)
    return fail (loader, _("procedure format %g is not supported (this version reads format 1)"), format);
  if (!kakanai_loader_check_members (loader, root, allowed) ||
      !kakanai_loader_read_string (loader, root, "id", TRUE, NULL, &id) ||
      !kakanai_loader_read_enum (loader, root, "kind", kind_names, -1, &kind) ||
      !kakanai_loader_read_string (loader, root, "icon", TRUE, NULL, &icon) ||
      !kakanai_loader_read_localized (loader, root, "title", TRUE, &procedure->title) ||
      !kakanai_loader_read_localized (loader, root, "description", FALSE, &procedure->description) ||
      !read_forms (loader, root, procedure))
    return FALSE;
  if (kind < 0)
    return fail (loader, _("missing member “kind”"));
  if (!is_id (id))
    return fail (loader, _("“id” must be made of a–z, 0–9, “_” and “-”, not “%s”"), id);
  if (*icon == '\0')
    return fail (loader, _("“icon” is empty"));
  procedure->id = g_strdup (id);
  procedure->kind = kind;
  procedure->icon = g_strdup (icon);
  return TRUE;
}

KakanaiProcedure *
kakanai_procedure_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(KakanaiProcedure) procedure = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;
  Loader loader = { .source = path, .element_index = G_MAXUINT, .error = error };
  const char *data;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  contents = kakanai_file_read_limited (path, PROCEDURE_MAX_BYTES, &local_error);
  if (contents == NULL)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO, local_error->message);
      return NULL;
    }
  data = g_bytes_get_data (contents, &length);
  if (!kakanai_json_check_limits (data, length, PROCEDURE_MAX_BYTES, KAKANAI_JSON_MAX_DEPTH, &local_error))
    return fail (&loader, "%s", local_error->message), NULL;
  if (!g_utf8_validate_len (data, length, NULL))
    return fail (&loader, _("the file is not valid UTF-8")), NULL;
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    return fail (&loader, _("malformed JSON: %s"), local_error->message), NULL;

  procedure = g_new0 (KakanaiProcedure, 1);
  g_atomic_ref_count_init (&procedure->ref_count);
  procedure->source = g_strdup (path);
  if (!parse_procedure (&loader, json_parser_get_root (parser), procedure))
    return NULL;
  return g_steal_pointer (&procedure);
}

static gboolean
check_forms_exist (KakanaiProcedure *procedure,
                   GPtrArray        *templates,
                   GError          **error)
{
  for (guint i = 0; procedure->forms[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < templates->len && !found; j++)
        found = g_str_equal (kakanai_template_get_id (g_ptr_array_index (templates, j)), procedure->forms[i]);
      if (!found)
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                       _("%s: there is no form “%s”"), procedure->source, procedure->forms[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_procedures (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(KakanaiProcedure **) a)->id, (*(KakanaiProcedure **) b)->id);
}

GPtrArray *
kakanai_procedure_load_dir (const char  *dir,
                            GPtrArray   *templates,
                            GError     **error)
{
  g_autoptr(GPtrArray) procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_procedure_unref);
  g_autoptr(GPtrArray) paths = kakanai_loader_json_files (dir, error);

  if (paths == NULL)
    return NULL;
  for (guint i = 0; i < paths->len; i++)
    {
      KakanaiProcedure *procedure = kakanai_procedure_new_from_file (g_ptr_array_index (paths, i), error);

      if (procedure == NULL)
        return NULL;
      g_ptr_array_add (procedures, procedure);
      if (templates != NULL && !check_forms_exist (procedure, templates, error))
        return NULL;
    }
  g_ptr_array_sort (procedures, compare_procedures);
  for (guint i = 1; i < procedures->len; i++)
    {
      KakanaiProcedure *a = g_ptr_array_index (procedures, i - 1), *b = g_ptr_array_index (procedures, i);

      if (g_str_equal (a->id, b->id))
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                       _("%s: the id “%s” is already used by %s"), b->source, b->id, a->source);
          return NULL;
        }
    }
  return g_steal_pointer (&procedures);
}

char *
kakanai_procedure_dir_beside (const char *template_dir)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *parent = NULL;
  gsize length;

  g_return_val_if_fail (template_dir != NULL, NULL);
  trimmed = g_strdup (template_dir);
  length = strlen (trimmed);
  /* "site/forms/" is the folder "site/forms", whose parent is "site". */
  while (length > 1 && trimmed[length - 1] == G_DIR_SEPARATOR)
    trimmed[--length] = '\0';
  parent = g_path_get_dirname (trimmed);
  return g_build_filename (parent, "procedures", NULL);
}

KakanaiProcedure *
kakanai_procedure_ref (KakanaiProcedure *procedure)
{
  g_return_val_if_fail (procedure != NULL, NULL);
  g_atomic_ref_count_inc (&procedure->ref_count);
  return procedure;
}

void
kakanai_procedure_unref (KakanaiProcedure *procedure)
{
  if (procedure == NULL || !g_atomic_ref_count_dec (&procedure->ref_count))
    return;
  g_free (procedure->source);
  g_free (procedure->id);
  g_free (procedure->icon);
  g_strfreev (procedure->title);
  g_strfreev (procedure->description);
  g_strfreev (procedure->forms);
  g_free (procedure);
}

const char *
kakanai_procedure_get_id (KakanaiProcedure *procedure)
{
  return procedure->id;
}

KakanaiProcedureKind
kakanai_procedure_get_kind (KakanaiProcedure *procedure)
{
  return procedure->kind;
}

const char *
kakanai_procedure_get_icon (KakanaiProcedure *procedure)
{
  return procedure->icon;
}

const char *
kakanai_procedure_get_title (KakanaiProcedure *procedure,
                             const char       *language)
{
  return kakanai_localized_get (procedure->title, language);
}

const char *
kakanai_procedure_get_description (KakanaiProcedure *procedure,
                                   const char       *language)
{
  return procedure->description != NULL ? kakanai_localized_get (procedure->description, language) : "";
}

const char * const *
kakanai_procedure_get_forms (KakanaiProcedure *procedure)
{
  return (const char * const *) procedure->forms;
}
