/* kakanai-config.c: the counter's configuration, one GKeyFile.
 *
 * GKeyFile parses, but it neither knows which keys exist nor on which line a
 * key was set. A short line scan adds both, so that a typo never passes
 * silently and every error points at its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-config"

#include "config.h"

#include "kakanai-config.h"
#include "kakanai-clerk-pin.h"
#include "kakanai-input.h"
#include "kakanai-language.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define DEFAULT_IDLE_TIMEOUT 60
#define MIN_IDLE_TIMEOUT 3
#define MAX_IDLE_TIMEOUT 3600
#define DEFAULT_CLERK_KEYS "<Control><Alt>k"

G_DEFINE_QUARK (kakanai-config-error-quark, kakanai_config_error)

struct _KakanaiConfig {
  char       *municipality;
  GHashTable *municipality_by_language; /* "en" -> "Sample City" */
  GStrv       template_dirs;
  char       *reader;
  char       *output_dir;
  guint       idle_timeout;
  GStrv       languages;
  char       *clerk_keys;
  char       *clerk_pin_hash;
  char       *printer;
  char       *staff_sound;
  char       *staff_command;
  char       *statistics_path;
  gboolean    voice_enabled;
  char       *voice_output;
  char       *voice_japanese;
  char       *state_dir;
  GHashTable *locations;                /* "group/key" -> "FILE:LINE" */
  GPtrArray  *files;                    /* NULL-terminated */
};

typedef enum {
  VALUE_STRING,
  VALUE_LOCALIZED_STRING,
  VALUE_PATH,
  VALUE_PATH_LIST,
  VALUE_SECONDS,
  VALUE_BOOLEAN,
  VALUE_LANGUAGE_LIST,
} ValueKind;

typedef struct {
  const char *group;
  const char *key;
  ValueKind   kind;
} KnownKey;

static const KnownKey known_keys[] = {
  { "kiosk", "municipality", VALUE_LOCALIZED_STRING },
  { "kiosk", "template-dirs", VALUE_PATH_LIST },
  { "kiosk", "reader", VALUE_STRING },
  { "kiosk", "output-dir", VALUE_PATH },
  { "kiosk", "idle-timeout", VALUE_SECONDS },
  { "kiosk", "languages", VALUE_LANGUAGE_LIST },
  { "clerk", "keys", VALUE_STRING },
  { "clerk", "pin-hash", VALUE_STRING },
  { "printer", "name", VALUE_STRING },
  { "staff", "call-sound", VALUE_PATH },
  { "staff", "call-command", VALUE_STRING },
  { "statistics", "database", VALUE_PATH },
  { "voice", "enabled", VALUE_BOOLEAN },
  { "voice", "output", VALUE_STRING },
  { "voice", "japanese-voice", VALUE_PATH },
};

static const KnownKey *
find_known_key (const char *group,
                const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].group, group) && g_str_equal (known_keys[i].key, key))
      return &known_keys[i];
  return NULL;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].group, group))
      return TRUE;
  return FALSE;
}

static void
string_array_add_null_terminated (GPtrArray  *array,
                                  const char *value)
{
  g_ptr_array_remove_index (array, array->len - 1);
  g_ptr_array_add (array, g_strdup (value));
  g_ptr_array_add (array, NULL);
}

static char *
default_state_dir (void)
{
  const char *systemd = g_getenv ("STATE_DIRECTORY"); /* may list several, ':'-separated */

  if (systemd != NULL && g_path_is_absolute (systemd))
    return g_strndup (systemd, strcspn (systemd, ":"));
  return g_build_filename (g_get_user_state_dir (), "kakanai", NULL);
}

KakanaiConfig *
kakanai_config_new_default (void)
{
  KakanaiConfig *config = g_new0 (KakanaiConfig, 1);
  const char *default_languages[] = { "ja", "en", NULL };

  config->municipality = g_strdup ("");
  config->municipality_by_language = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->template_dirs = g_new0 (char *, 1);
  config->reader = g_strdup ("");
  config->output_dir = g_build_filename (g_get_user_data_dir (), "kakanai", "output", NULL);
  config->idle_timeout = DEFAULT_IDLE_TIMEOUT;
  config->languages = g_strdupv ((GStrv) default_languages);
  config->clerk_keys = g_strdup (DEFAULT_CLERK_KEYS);
  config->state_dir = default_state_dir ();
  config->statistics_path = g_build_filename (config->state_dir, "statistics.sqlite", NULL);
  config->voice_enabled = TRUE;
  config->locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (config->files, NULL);
  return config;
}

static GHashTable *
copy_string_table (GHashTable *table)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static KakanaiConfig *
kakanai_config_copy (KakanaiConfig *config)
{
  KakanaiConfig *copy = g_new0 (KakanaiConfig, 1);

  copy->municipality = g_strdup (config->municipality);
  copy->municipality_by_language = copy_string_table (config->municipality_by_language);
  copy->template_dirs = g_strdupv (config->template_dirs);
  copy->reader = g_strdup (config->reader);
  copy->output_dir = g_strdup (config->output_dir);
  copy->idle_timeout = config->idle_timeout;
  copy->languages = g_strdupv (config->languages);
  copy->clerk_keys = g_strdup (config->clerk_keys);
  copy->clerk_pin_hash = g_strdup (config->clerk_pin_hash);
  copy->printer = g_strdup (config->printer);
  copy->staff_sound = g_strdup (config->staff_sound);
  copy->staff_command = g_strdup (config->staff_command);
  copy->statistics_path = g_strdup (config->statistics_path);
  copy->voice_enabled = config->voice_enabled;
  copy->voice_output = g_strdup (config->voice_output);
  copy->voice_japanese = g_strdup (config->voice_japanese);
  copy->state_dir = g_strdup (config->state_dir);
  copy->locations = copy_string_table (config->locations);
  copy->files = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i + 1 < config->files->len; i++)
    g_ptr_array_add (copy->files, g_strdup (g_ptr_array_index (config->files, i)));
  g_ptr_array_add (copy->files, NULL);
  return copy;
}

static void
kakanai_config_clear (KakanaiConfig *config)
{
  g_free (config->municipality);
  g_hash_table_unref (config->municipality_by_language);
  g_strfreev (config->template_dirs);
  g_free (config->reader);
  g_free (config->output_dir);
  g_strfreev (config->languages);
  g_free (config->clerk_keys);
  g_free (config->clerk_pin_hash);
  g_free (config->printer);
  g_free (config->staff_sound);
  g_free (config->staff_command);
  g_free (config->statistics_path);
  g_free (config->voice_output);
  g_free (config->voice_japanese);
  g_free (config->state_dir);
  g_hash_table_unref (config->locations);
  g_ptr_array_unref (config->files);
}

void
kakanai_config_free (KakanaiConfig *config)
{
  if (config == NULL)
    return;
  kakanai_config_clear (config);
  g_free (config);
}

/* "key[en]" -> "key" and "en"; a plain key gives a NULL locale. */
static gboolean
split_locale (const char  *full_key,
              char       **key,
              char       **locale)
{
  const char *bracket = strchr (full_key, '[');

  if (bracket == NULL)
    {
      *key = g_strdup (full_key);
      *locale = NULL;
      return TRUE;
    }
  if (!g_str_has_suffix (bracket, "]") || bracket == full_key || strlen (bracket) < 3)
    return FALSE;
  *key = g_strndup (full_key, bracket - full_key);
  *locale = g_strndup (bracket + 1, strlen (bracket) - 2);
  return TRUE;
}

/* Scans @contents line by line: syntax, known groups and keys, and where each
 * key is. Fills @lines ("group/key[locale]" -> line number). */
static gboolean
scan_lines (const char  *path,
            const char  *contents,
            GHashTable  *lines,
            GError     **error)
{
  g_auto (GStrv) split = g_strsplit (contents, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (split[i]));
      guint line_number = i + 1;
      g_autofree char *full_key = NULL;
      g_autofree char *key = NULL;
      g_autofree char *locale = NULL;
      const char *equals;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (line[0] == '[')
        {
          if (!g_str_has_suffix (line, "]") || strlen (line) < 3)
            {
              g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_SYNTAX,
                           _("%s:%u: a group name must look like [kiosk]"), path, line_number);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, strlen (line) - 2);
          if (!is_known_group (group))
            {
              g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_UNKNOWN_KEY,
                           _("%s:%u: unknown group [%s]"), path, line_number, group);
              return FALSE;
            }
          continue;
        }
      equals = strchr (line, '=');
      if (equals == NULL || equals == line)
        {
          g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_SYNTAX,
                       _("%s:%u: expected “key=value”, a [group] or a # comment"),
                       path, line_number);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_SYNTAX,
                       _("%s:%u: a key before the first [group]"), path, line_number);
          return FALSE;
        }
      full_key = g_strstrip (g_strndup (line, equals - line));
      if (!split_locale (full_key, &key, &locale) || find_known_key (group, key) == NULL ||
          (locale != NULL && find_known_key (group, key)->kind != VALUE_LOCALIZED_STRING))
        {
          g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_UNKNOWN_KEY,
                       _("%s:%u: unknown key “%s” in [%s]"), path, line_number, full_key, group);
          return FALSE;
        }
      g_hash_table_insert (lines, g_strdup_printf ("%s/%s", group, full_key),
                           GUINT_TO_POINTER (line_number));
    }
  return TRUE;
}

static char *
expand_home (const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  return g_strdup (path);
}

static gboolean
is_language_code (const char *code)
{
  /* "ja", "en", "pt_BR", "zh_CN": what a LINGUAS entry looks like. */
  gsize length = strlen (code);

  if (length < 2)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalpha (code[i]) && code[i] != '_' && code[i] != '@')
      return FALSE;
  return TRUE;
}

static gboolean
set_error_at (GError    **error,
              int         code,
              const char *location,
              const char *message)
{
  g_set_error (error, KAKANAI_CONFIG_ERROR, code, "%s: %s", location, message);
  return FALSE;
}

static gboolean
apply_list (GStrv       *target,
            GKeyFile    *keyfile,
            const char  *group,
            const char  *key,
            gboolean     paths,
            const char  *location,
            GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) values = g_key_file_get_string_list (keyfile, group, key, NULL, &local_error);
  g_autoptr (GPtrArray) cleaned = g_ptr_array_new_with_free_func (g_free);

  if (values == NULL)
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, local_error->message);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (values[i]));

      if (value[0] == '\0')
        continue;
      if (paths)
        g_ptr_array_add (cleaned, expand_home (value));
      else if (!is_language_code (value))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a language code such as ja or en"), value);
          return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, message);
        }
      else
        g_ptr_array_add (cleaned, g_steal_pointer (&value));
    }
  if (!paths && cleaned->len == 0)
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location,
                         _("at least one language is needed"));
  g_ptr_array_add (cleaned, NULL);
  g_strfreev (*target);
  *target = (GStrv) g_ptr_array_free (g_steal_pointer (&cleaned), FALSE);
  return TRUE;
}

static gboolean
apply_seconds (guint       *target,
               GKeyFile    *keyfile,
               const char  *group,
               const char  *key,
               const char  *location,
               GError     **error)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);
  guint64 seconds = 0;

  g_strstrip (raw);
  if (!g_ascii_string_to_unsigned (raw, 10, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT, &seconds, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a number of seconds from %d to %d"),
                                                  raw, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT);
      return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, message);
    }
  *target = (guint) seconds;
  return TRUE;
}

static gboolean
apply_boolean (gboolean    *target,
               GKeyFile    *keyfile,
               const char  *group,
               const char  *key,
               const char  *location,
               GError     **error)
{
  g_autofree char *raw = g_strstrip (g_key_file_get_value (keyfile, group, key, NULL));

  if (g_str_equal (raw, "true") || g_str_equal (raw, "false"))
    {
      *target = g_str_equal (raw, "true");
      return TRUE;
    }
  {
    g_autofree char *message = g_strdup_printf (_("“%s” is neither true nor false"), raw);

    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, message);
  }
}

/* [staff] call-command must name a program that runs: a call for help that silently
 * does nothing is found out only when a resident needs it. */
static gboolean
check_command (const char  *command,
               const char  *location,
               GError     **error)
{
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *message = NULL;

  if (!g_shell_parse_argv (command, NULL, &argv, &local_error))
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, local_error->message);
  if (strchr (argv[0], '/') != NULL)
    {
      if (!g_file_test (argv[0], G_FILE_TEST_EXISTS))
        message = g_strdup_printf (_("the command “%s” does not exist"), argv[0]);
      else if (g_file_test (argv[0], G_FILE_TEST_IS_DIR) || !g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE))
        message = g_strdup_printf (_("“%s” is not a program that can be run (check its permissions)"), argv[0]);
    }
  else if ((program = g_find_program_in_path (argv[0])) == NULL)
    message = g_strdup_printf (_("the command “%s” is not found in PATH (give its full path)"), argv[0]);
  if (message != NULL)
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, message);
  return TRUE;
}

/* Takes @value. */
static void
replace_string (char **field,
                char  *value)
{
  g_free (*field);
  *field = value;
}

static char **
string_field (KakanaiConfig *config,
              const char    *group,
              const char    *key)
{
  if (g_str_equal (group, "kiosk") && g_str_equal (key, "reader"))
    return &config->reader;
  if (g_str_equal (group, "kiosk") && g_str_equal (key, "output-dir"))
    return &config->output_dir;
  if (g_str_equal (group, "clerk") && g_str_equal (key, "keys"))
    return &config->clerk_keys;
  if (g_str_equal (group, "clerk") && g_str_equal (key, "pin-hash"))
    return &config->clerk_pin_hash;
  if (g_str_equal (group, "printer") && g_str_equal (key, "name"))
    return &config->printer;
  if (g_str_equal (group, "staff") && g_str_equal (key, "call-sound"))
    return &config->staff_sound;
  if (g_str_equal (group, "staff") && g_str_equal (key, "call-command"))
    return &config->staff_command;
  if (g_str_equal (group, "statistics") && g_str_equal (key, "database"))
    return &config->statistics_path;
  if (g_str_equal (group, "voice") && g_str_equal (key, "output"))
    return &config->voice_output;
  if (g_str_equal (group, "voice") && g_str_equal (key, "japanese-voice"))
    return &config->voice_japanese;
  g_return_val_if_reached (NULL);
}

static gboolean
apply_key (KakanaiConfig  *config,
           GKeyFile       *keyfile,
           const char     *group,
           const char     *full_key,
           const char     *location,
           GError        **error)
{
  g_autofree char *key = NULL;
  g_autofree char *locale = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *value = NULL;
  const KnownKey *known;

  split_locale (full_key, &key, &locale);
  known = find_known_key (group, key);
  g_hash_table_insert (config->locations, g_strdup_printf ("%s/%s", group, full_key),
                       g_strdup (location));

  switch (known->kind)
    {
    case VALUE_PATH_LIST:
      return apply_list (&config->template_dirs, keyfile, group, full_key, TRUE, location, error);
    case VALUE_LANGUAGE_LIST:
      return apply_list (&config->languages, keyfile, group, full_key, FALSE, location, error);
    case VALUE_SECONDS:
      return apply_seconds (&config->idle_timeout, keyfile, group, full_key, location, error);
    case VALUE_BOOLEAN:
      return apply_boolean (&config->voice_enabled, keyfile, group, full_key, location, error);
    case VALUE_STRING:
    case VALUE_PATH:
    case VALUE_LOCALIZED_STRING:
    default:
      break;
    }

  /* GKeyFile hides "key[ll]" from the plain accessors. */
  value = locale != NULL ? g_key_file_get_locale_string (keyfile, group, key, locale, &local_error)
                         : g_key_file_get_string (keyfile, group, full_key, &local_error);
  if (value == NULL)
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, local_error->message);
  g_strstrip (value);

  if (known->kind == VALUE_LOCALIZED_STRING)
    {
      if (locale != NULL)
        g_hash_table_insert (config->municipality_by_language, g_steal_pointer (&locale),
                             g_steal_pointer (&value));
      else
        replace_string (&config->municipality, g_steal_pointer (&value));
      return TRUE;
    }
  if (known->kind == VALUE_PATH)
    {
      if (value[0] == '\0')
        return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location,
                             _("a folder or file name is needed"));
      replace_string (string_field (config, group, key), expand_home (value));
      return TRUE;
    }
  if (g_str_equal (group, "clerk") && g_str_equal (key, "keys") && value[0] == '\0')
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location,
                         _("the clerk key combination cannot be empty"));
  if (g_str_equal (group, "clerk") && g_str_equal (key, "pin-hash") && value[0] != '\0'
      && !kakanai_clerk_pin_stored_is_valid (value, &local_error))
    return set_error_at (error, KAKANAI_CONFIG_ERROR_INVALID_VALUE, location, local_error->message);
  if (g_str_equal (group, "staff") && g_str_equal (key, "call-command") && value[0] != '\0'
      && !check_command (value, location, error))
    return FALSE;
  replace_string (string_field (config, group, key),
                  value[0] == '\0' && !g_str_equal (key, "reader") ? NULL : g_steal_pointer (&value));
  return TRUE;
}

static int
compare_by_line (gconstpointer a,
                 gconstpointer b,
                 gpointer      lines)
{
  guint line_a = GPOINTER_TO_UINT (g_hash_table_lookup (lines, *(const char * const *) a));
  guint line_b = GPOINTER_TO_UINT (g_hash_table_lookup (lines, *(const char * const *) b));

  return line_a < line_b ? -1 : line_a > line_b;
}

/* Applies every key the line scan saw (GKeyFile does not list "key[ll]"), in
 * file order so that the first bad line is the one reported. */
static gboolean
apply_keyfile (KakanaiConfig *config,
               const char    *path,
               GKeyFile      *keyfile,
               GHashTable    *lines,
               GError       **error)
{
  g_autoptr (GPtrArray) where = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, lines);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (where, key);
  g_ptr_array_sort_with_data (where, compare_by_line, lines);
  for (guint i = 0; i < where->len; i++)
    {
      const char *group_key = g_ptr_array_index (where, i);
      const char *slash = strchr (group_key, '/');
      g_autofree char *group = g_strndup (group_key, slash - group_key);
      g_autofree char *location =
        g_strdup_printf ("%s:%u", path, GPOINTER_TO_UINT (g_hash_table_lookup (lines, group_key)));

      if (!apply_key (config, keyfile, group, slash + 1, location, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kakanai_config_load_file (KakanaiConfig *config,
                          const char    *path,
                          GError       **error)
{
  g_autoptr (GBytes) bytes = NULL;
  const char *contents;
  gsize length = 0;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Regular files only (a FIFO would block the kiosk's start), within a size limit. */
  bytes = kakanai_file_read_limited (path, KAKANAI_CONFIG_MAX_BYTES, &local_error);
  if (bytes == NULL)
    {
      gboolean missing = !g_file_test (path, G_FILE_TEST_EXISTS);

      g_set_error (error, KAKANAI_CONFIG_ERROR,
                   missing ? KAKANAI_CONFIG_ERROR_NOT_FOUND : KAKANAI_CONFIG_ERROR_IO,
                   "%s", local_error->message);
      return FALSE;
    }
  contents = g_bytes_get_data (bytes, &length);
  return kakanai_config_load_data (config, path, contents ? contents : "", length, error);
}

gboolean
kakanai_config_load_data (KakanaiConfig *config,
                          const char    *path,
                          const char    *data,
                          gsize          length,
                          GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();
  KakanaiConfig *candidate;

  g_return_val_if_fail (config != NULL && path != NULL && (data != NULL || length == 0), FALSE);

  if (length > KAKANAI_CONFIG_MAX_BYTES)
    {
      g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_IO,
                   _("%s is too large: at most %d bytes are accepted"), path, KAKANAI_CONFIG_MAX_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_SYNTAX,
                   _("%s: the file is not UTF-8 text"), path);
      return FALSE;
    }
  contents = g_strndup (data, length);
  if (!scan_lines (path, contents, lines, error))
    return FALSE;
  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_SYNTAX,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }

  /* All or nothing: apply to a copy, keep it only when every key is good. */
  candidate = kakanai_config_copy (config);
  if (!apply_keyfile (candidate, path, keyfile, lines, error))
    {
      kakanai_config_free (candidate);
      return FALSE;
    }
  string_array_add_null_terminated (candidate->files, path);
  kakanai_config_clear (config);
  *config = *candidate;
  g_free (candidate);
  return TRUE;
}

static gboolean
load_if_present (KakanaiConfig *config,
                 const char    *path,
                 GError       **error)
{
  g_autoptr (GError) local_error = NULL;

  if (kakanai_config_load_file (config, path, &local_error))
    return TRUE;
  if (g_error_matches (local_error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

KakanaiConfig *
kakanai_config_load_standard (const char *explicit_path,
                              GError    **error)
{
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();
  g_autofree char *system_path = g_build_filename (KAKANAI_SYSCONFDIR, "kakanai.conf", NULL);
  g_autofree char *local_path = g_build_filename (g_get_user_config_dir (), "kakanai",
                                                  "kakanai.conf", NULL);

  if (!load_if_present (config, system_path, error))
    return NULL;
  if (explicit_path != NULL)
    {
      if (!kakanai_config_load_file (config, explicit_path, error))
        return NULL;
    }
  else if (!load_if_present (config, local_path, error))
    return NULL;
  return g_steal_pointer (&config);
}

const char *
kakanai_config_get_municipality (KakanaiConfig *config)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      const char *translated = g_hash_table_lookup (config->municipality_by_language, languages[i]);

      if (translated != NULL)
        return translated;
    }
  return config->municipality;
}

const char * const *
kakanai_config_get_template_dirs (KakanaiConfig *config)
{
  return (const char * const *) config->template_dirs;
}

const char *
kakanai_config_get_reader (KakanaiConfig *config)
{
  return config->reader;
}

const char *
kakanai_config_get_output_dir (KakanaiConfig *config)
{
  return config->output_dir;
}

guint
kakanai_config_get_idle_timeout (KakanaiConfig *config)
{
  return config->idle_timeout;
}

const char * const *
kakanai_config_get_languages (KakanaiConfig *config)
{
  return (const char * const *) config->languages;
}

static gboolean
check_language_fonts (const char  *code,
                      const char  *location,
                      GError     **error)
{
  const KakanaiLanguage *language = kakanai_language_lookup (code);
  g_autofree char *text = NULL;
  gunichar missing;

  if (language == NULL)  /* a language Kakanai has no sample of: its catalogue is enough */
    return TRUE;
  text = g_strconcat (kakanai_language_get_native_name (language), " ",
                      kakanai_language_get_sample (language), NULL);
  missing = kakanai_language_find_missing_glyph (text);
  if (missing == 0)
    return TRUE;
  g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_NOT_INSTALLED,
               _("%s: no installed font draws “%s” (%s, U+%04X): install fonts-noto-cjk and fonts-lohit-deva (docs/languages.md)"),
               location, code, kakanai_language_get_native_name (language), missing);
  return FALSE;
}

gboolean
kakanai_config_check_languages (KakanaiConfig *config,
                                const char    *localedir,
                                GError       **error)
{
  const char *location = kakanai_config_get_location (config, "kiosk", "languages");

  g_return_val_if_fail (config != NULL && localedir != NULL, FALSE);

  for (guint i = 0; config->languages[i] != NULL; i++)
    {
      const char *code = config->languages[i];

      if (!kakanai_language_has_catalogue (code, localedir))
        {
          g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_NOT_INSTALLED,
                       _("%s: “%s” has no translation catalogue (%s/%s/LC_MESSAGES/%s.mo): remove it from languages= or install its catalogue (docs/languages.md)"),
                       location, code, localedir, code, GETTEXT_PACKAGE);
          return FALSE;
        }
      if (!check_language_fonts (code, location, error))
        return FALSE;
    }
  return TRUE;
}

const char *
kakanai_config_get_clerk_keys (KakanaiConfig *config)
{
  return config->clerk_keys;
}

const char *
kakanai_config_get_clerk_pin_hash (KakanaiConfig *config)
{
  return config->clerk_pin_hash;
}

const char *
kakanai_config_get_printer (KakanaiConfig *config)
{
  return config->printer;
}

const char *
kakanai_config_get_staff_call_sound (KakanaiConfig *config)
{
  return config->staff_sound;
}

const char *
kakanai_config_get_staff_call_command (KakanaiConfig *config)
{
  return config->staff_command;
}

const char *
kakanai_config_get_statistics_path (KakanaiConfig *config)
{
  return config->statistics_path;
}

gboolean
kakanai_config_get_voice_enabled (KakanaiConfig *config)
{
  return config->voice_enabled;
}

const char *
kakanai_config_get_voice_output (KakanaiConfig *config)
{
  return config->voice_output != NULL ? config->voice_output : "default";
}

const char *
kakanai_config_get_voice_japanese (KakanaiConfig *config)
{
  return config->voice_japanese;
}

const char *
kakanai_config_get_state_dir (KakanaiConfig *config)
{
  return config->state_dir;
}

const char *
kakanai_config_get_location (KakanaiConfig *config,
                             const char    *group,
                             const char    *key)
{
  g_autofree char *where = g_strdup_printf ("%s/%s", group, key);
  const char *location = g_hash_table_lookup (config->locations, where);

  return location != NULL ? location : "default";
}

const char * const *
kakanai_config_get_files (KakanaiConfig *config)
{
  return (const char * const *) config->files->pdata;
}
