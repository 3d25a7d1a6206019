/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-document.c: one template being edited, and its recovery copy */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-document.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The recovery copy is written this long after the last change: often enough that little
 * is lost, rarely enough that typing a label does not write the file at every key. */
#define RECOVERY_DELAY_MS 1000

struct _KakanaiEditorDocument {
  GObject               parent_instance;

  KakanaiTemplateModel *model;
  char                 *path;
  char                 *saved_json;   /* the file as last read or written; NULL: never */
  gboolean              modified;
  char                 *recovery_path;
  guint                 recovery_source;
};

G_DEFINE_FINAL_TYPE (KakanaiEditorDocument, kakanai_editor_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PATH,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- recovery copies: NAME.json (the model) beside NAME.path (the original file) ---- */

char *
kakanai_editor_recovery_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "kakanai", "editor-recovery", NULL);
}

/* Recovery copies are named PID-N.json: a copy whose editor still runs is not an orphan. */
static gboolean
owner_is_running (const char *name)
{
  char *end = NULL;
  long pid = strtol (name, &end, 10);

  if (end == name || *end != '-' || pid <= 0)
    return FALSE;
  if (pid == getpid ())
    return TRUE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static gint
newest_first (gconstpointer a,
              gconstpointer b)
{
  const char *pa = *(const char * const *) a, *pb = *(const char * const *) b;
  GStatBuf sa, sb;

  if (g_stat (pa, &sa) != 0 || g_stat (pb, &sb) != 0)
    return 0;
  return sa.st_mtime < sb.st_mtime ? 1 : sa.st_mtime > sb.st_mtime ? -1 : 0;
}

GStrv
kakanai_editor_recovery_list_orphans (void)
{
  g_autofree char *dir_path = kakanai_editor_recovery_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && !owner_is_running (name))
      g_ptr_array_add (found, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (found, newest_first);
  g_ptr_array_add (found, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}

static char *
original_note_path (const char *recovery_path)
{
  g_autofree char *stem = g_strndup (recovery_path, strlen (recovery_path) - strlen (".json"));

  return g_strconcat (stem, ".path", NULL);
}

char *
kakanai_editor_recovery_dup_original (const char *recovery_path)
{
  g_autofree char *note = original_note_path (recovery_path);
  char *original = NULL;

  if (!g_file_get_contents (note, &original, NULL, NULL))
    return NULL;
  g_strchomp (original);
  if (original[0] == '\0')
    g_clear_pointer (&original, g_free);
  return original;
}

void
kakanai_editor_recovery_discard (const char *recovery_path)
{
  g_autofree char *note = original_note_path (recovery_path);

  g_unlink (recovery_path);
  g_unlink (note);
}

static char *
new_recovery_path (void)
{
  static guint counter;
  g_autofree char *dir = kakanai_editor_recovery_dir ();
  g_autofree char *name = g_strdup_printf ("%ld-%u.json", (long) getpid (), ++counter);

  return g_build_filename (dir, name, NULL);
}

gboolean
kakanai_editor_document_write_recovery (KakanaiEditorDocument *self,
                                        GError               **error)
{
  g_autofree char *json = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *note = NULL;

  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (!self->modified)
    return TRUE;
  if (self->recovery_path == NULL)
    self->recovery_path = new_recovery_path ();
  dir = g_path_get_dirname (self->recovery_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot make the folder %s for the recovery copy: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  note = original_note_path (self->recovery_path);
  json = kakanai_template_model_to_json (self->model);
  return g_file_set_contents_full (note, self->path != NULL ? self->path : "", -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)
      && g_file_set_contents_full (self->recovery_path, json, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_recovery_later (gpointer data)
{
  KakanaiEditorDocument *self = data;
  g_autoptr(GError) error = NULL;

  self->recovery_source = 0;
  if (!kakanai_editor_document_write_recovery (self, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

void
kakanai_editor_document_discard_recovery (KakanaiEditorDocument *self)
{
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (self->recovery_path != NULL)
    kakanai_editor_recovery_discard (self->recovery_path);
  g_clear_pointer (&self->recovery_path, g_free);
}

const char *
kakanai_editor_document_get_recovery_path (KakanaiEditorDocument *self)
{
  return self->recovery_path;
}

/* ---- changes ---- */

static void
set_modified (KakanaiEditorDocument *self,
              gboolean               modified)
{
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_model_changed (KakanaiTemplateModel  *model,
                  KakanaiEditorDocument *self)
{
  g_autofree char *json = kakanai_template_model_to_json (model);

  /* Undoing back to the saved state is not a change. */
  set_modified (self, g_strcmp0 (json, self->saved_json) != 0);
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (self->modified)
    self->recovery_source = g_timeout_add (RECOVERY_DELAY_MS, write_recovery_later, self);
  else if (self->recovery_path != NULL)
    kakanai_editor_recovery_discard (self->recovery_path);
}

static KakanaiEditorDocument *
document_new (KakanaiTemplateModel *model,
              const char           *path,
              gboolean              saved)
{
  KakanaiEditorDocument *self = g_object_new (KAKANAI_TYPE_EDITOR_DOCUMENT, NULL);

  self->model = model;
  self->path = g_strdup (path);
  self->saved_json = saved ? kakanai_template_model_to_json (model) : NULL;
  self->modified = !saved;
  g_signal_connect (model, "changed", G_CALLBACK (on_model_changed), self);
  return self;
}

KakanaiEditorDocument *
kakanai_editor_document_new_blank (void)
{
  return document_new (kakanai_template_model_new ("new_form", _("New form")), NULL, TRUE);
}

KakanaiEditorDocument *
kakanai_editor_document_new_from_file (const char  *path,
                                       GError     **error)
{
  KakanaiTemplateModel *model = kakanai_template_model_new_from_file (path, error);

  /* A format-1 file is the same template: saving it writes format 2. */
  return model != NULL ? document_new (model, path, TRUE) : NULL;
}

KakanaiEditorDocument *
kakanai_editor_document_new_for_model (KakanaiTemplateModel *model,
                                       const char           *path)
{
  return document_new (g_object_ref (model), path, FALSE);
}

KakanaiEditorDocument *
kakanai_editor_document_new_from_recovery (const char  *recovery_path,
                                           GError     **error)
{
  KakanaiTemplateModel *model = kakanai_template_model_new_from_file (recovery_path, error);
  g_autofree char *original = NULL;
  KakanaiEditorDocument *self;
  g_autofree char *saved = NULL;

  if (model == NULL)
    return NULL;
  original = kakanai_editor_recovery_dup_original (recovery_path);
  self = document_new (model, original, FALSE);
  if (original != NULL && g_file_get_contents (original, &saved, NULL, NULL))
    self->saved_json = g_steal_pointer (&saved);
  /* The copy becomes this editor's own: renamed so that another editor does not offer it. */
  self->recovery_path = new_recovery_path ();
  if (!kakanai_editor_document_write_recovery (self, error))
    {
      g_object_unref (self);
      return NULL;
    }
  kakanai_editor_recovery_discard (recovery_path);
  return self;
}

/* ---- saving ---- */

gboolean
kakanai_editor_document_save (KakanaiEditorDocument *self,
                              const char            *path,
                              GError               **error)
{
  g_return_val_if_fail (path != NULL || self->path != NULL, FALSE);

  if (path == NULL)
    path = self->path;
  if (!kakanai_template_model_save (self->model, path, error))
    return FALSE;
  if (path != self->path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }
  g_free (self->saved_json);
  self->saved_json = kakanai_template_model_to_json (self->model);
  set_modified (self, FALSE);
  kakanai_editor_document_discard_recovery (self);
  return TRUE;
}

/* ---- accessors ---- */

KakanaiTemplateModel *
kakanai_editor_document_get_model (KakanaiEditorDocument *self)
{
  return self->model;
}

const char *
kakanai_editor_document_get_path (KakanaiEditorDocument *self)
{
  return self->path;
}

gboolean
kakanai_editor_document_get_modified (KakanaiEditorDocument *self)
{
  return self->modified;
}

char *
kakanai_editor_document_dup_title (KakanaiEditorDocument *self)
{
  return self->path != NULL ? g_path_get_basename (self->path) : g_strdup (_("Untitled form"));
}

static void
kakanai_editor_document_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KakanaiEditorDocument *self = KAKANAI_EDITOR_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_editor_document_finalize (GObject *object)
{
  KakanaiEditorDocument *self = KAKANAI_EDITOR_DOCUMENT (object);

  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_free (self->path);
  g_free (self->saved_json);
  g_free (self->recovery_path);
  G_OBJECT_CLASS (kakanai_editor_document_parent_class)->finalize (object);
}

static void
kakanai_editor_document_class_init (KakanaiEditorDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kakanai_editor_document_get_property;
  object_class->finalize = kakanai_editor_document_finalize;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, KAKANAI_TYPE_TEMPLATE_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kakanai_editor_document_init (KakanaiEditorDocument *self)
{
}
