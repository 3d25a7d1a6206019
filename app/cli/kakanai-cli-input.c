/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-input.c: card profiles and --data values, read within limits and wiped */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include "kakanai-cli-input.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include <kakanai-input.h>
#include <kakanai-json-wipe.h>
#include <kakanai-secure.h>

JsonParser *
kakanai_cli_load_json_file (const char *path, gsize max_bytes, GError **error)
{
  g_autoptr(GBytes) bytes = kakanai_file_read_limited (path, max_bytes, error);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize length = 0;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  if (!kakanai_json_check_limits (data ? data : "", length, max_bytes, KAKANAI_JSON_MAX_DEPTH, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data ? data : "", (gssize) length, &parse_error))
    {
      g_set_error (error, JSON_PARSER_ERROR, parse_error->code, "%s: %s", path, parse_error->message);
      return NULL;
    }
  return g_steal_pointer (&parser);
}

static int
open_source (const char *source, GError **error)
{
  int fd;

  if (g_str_equal (source, "-"))
    return dup (STDIN_FILENO);
  fd = g_open (source, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open %s: %s"), source, g_strerror (saved));
    }
  return fd;
}

/* Up to KAKANAI_CLI_DATA_MAX_BYTES from @fd into @buffer (one more byte for the NUL). */
static gboolean
read_all (int fd, const char *source, char *buffer, gsize *length, GError **error)
{
  *length = 0;
  for (;;)
    {
      ssize_t got = read (fd, buffer + *length, KAKANAI_CLI_DATA_MAX_BYTES + 1 - *length);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot read %s: %s"), source, g_strerror (saved));
          return FALSE;
        }
      if (got == 0)
        break;
      *length += (gsize) got;
      if (*length > KAKANAI_CLI_DATA_MAX_BYTES)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("%s is too large for --data: at most %d bytes"), source, KAKANAI_CLI_DATA_MAX_BYTES);
          return FALSE;
        }
    }
  buffer[*length] = '\0';
  return TRUE;
}

static void
secure_strv_free (GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++)
    kakanai_secure_strfree (g_ptr_array_index (values, i));
  g_ptr_array_free (values, TRUE);
}

/* Splits @text in place into KEY=VALUE strings (copies) on @values. */
static gboolean
split_values (char *text, gsize length, const char *source, GPtrArray *values, GError **error)
{
  const char *name = g_str_equal (source, "-") ? _("standard input") : source;
  char *line = text;
  guint number = 0;

  if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, (gssize) length, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: --data must be UTF-8 text"), name);
      return FALSE;
    }
  while (line != NULL && *line != '\0')
    {
      char *end = strchr (line, '\n');
      char *next = end ? end + 1 : NULL;
      gsize line_length = end ? (gsize) (end - line) : strlen (line);

      number++;
      if (line_length > 0 && line[line_length - 1] == '\r')
        line_length--;
      if (line_length > 0 && line[0] != '#')
        {
          char *equals = memchr (line, '=', line_length);

          if (equals == NULL || equals == line)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("%s:%u: --data needs KEY=VALUE lines"), name, number);
              return FALSE;
            }
          line[line_length] = '\0';
          g_ptr_array_add (values, kakanai_secure_strdup (line));
        }
      line = next;
    }
  return TRUE;
}

/* ---- --data as JSON: an object of key → value, or pdfme's inputs ---- */

#define KAKANAI_CLI_MAX_DOCUMENTS 1000

static char **
document_from_object (JsonObject *object, const char *name, GError **error)
{
  GPtrArray *values = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    {
      g_autofree char *pair = NULL;

      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: the value of “%s” must be a string"), name, key);
          secure_strv_free (values);
          return NULL;
        }
      if (*key == '\0' || strchr (key, '=') != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: “%s” cannot be a key"), name, key);
          secure_strv_free (values);
          return NULL;
        }
      g_ptr_array_add (values, g_strconcat (key, "=", json_node_get_string (member), NULL));
    }
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (values, FALSE);
}

static gboolean
split_json (const char *text, gsize length, const char *source, GPtrArray *documents,
            gboolean *by_name, GError **error)
{
  const char *name = g_str_equal (source, "-") ? _("standard input") : source;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  gboolean ok = TRUE;

  if (!kakanai_json_check_limits (text, length, KAKANAI_CLI_DATA_MAX_BYTES, 8, &parse_error) ||
      !json_parser_load_from_data (parser, text, (gssize) length, &parse_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, parse_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  *by_name = JSON_NODE_HOLDS_ARRAY (root);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      char **document = document_from_object (json_node_get_object (root), name, error);

      ok = document != NULL;
      if (ok)
        g_ptr_array_add (documents, document);
    }
  else if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      guint n = json_array_get_length (array);

      if (n == 0 || n > KAKANAI_CLI_MAX_DOCUMENTS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: pdfme's inputs are a list of 1 to %d objects"), name, KAKANAI_CLI_MAX_DOCUMENTS);
          ok = FALSE;
        }
      for (guint i = 0; ok && i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          char **document = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("%s: input %u is not an object of name → value"), name, i + 1);
          else
            document = document_from_object (json_node_get_object (element), name, error);
          ok = document != NULL;
          if (ok)
            g_ptr_array_add (documents, document);
        }
    }
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: --data in JSON is an object of key → value or a list of them (pdfme's inputs)"), name);
      ok = FALSE;
    }
  /* json-glib keeps its own copies of the values: wiped before the parser goes. */
  kakanai_json_wipe_strings (root);
  return ok;
}

GPtrArray *
kakanai_cli_read_documents (const char *source, gboolean *by_name, GError **error)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_secure_strfreev);
  char *buffer = g_malloc (KAKANAI_CLI_DATA_MAX_BYTES + 1);
  gsize length = 0, start = 0;
  int fd = open_source (source, error);
  gboolean ok = fd >= 0 && read_all (fd, source, buffer, &length, error);

  *by_name = FALSE;
  while (ok && start < length && g_ascii_isspace (buffer[start]))
    start++;
  if (ok && start < length && (buffer[start] == '{' || buffer[start] == '['))
    ok = split_json (buffer, length, source, documents, by_name, error);
  else if (ok)
    {
      GPtrArray *values = g_ptr_array_new ();

      ok = split_values (buffer, length, source, values, error);
      if (ok)
        {
          g_ptr_array_add (values, NULL);
          g_ptr_array_add (documents, g_ptr_array_free (values, FALSE));
        }
      else
        secure_strv_free (values);
    }
  if (fd >= 0)
    close (fd);
  kakanai_wipe (buffer, KAKANAI_CLI_DATA_MAX_BYTES + 1);
  g_free (buffer);
  if (!ok)
    g_clear_pointer (&documents, g_ptr_array_unref);
  return documents;
}
