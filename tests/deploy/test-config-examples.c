/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-config-examples.c: every configuration the documentation shows, and the one the
 * package installs, loads through the real configuration loader as written.
 *
 *   test-config-examples FILE...   a *.md file: each ```ini block; any other file: the whole
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kakanai-config.h"

typedef struct {
  char *source;   /* "docs/configuration.md:31" */
  char *contents;
} Example;

static void
example_free (Example *example)
{
  g_free (example->source);
  g_free (example->contents);
  g_free (example);
}

/* The ```ini blocks of a Markdown file, each named by the line it starts on. A block in a
 * list item is indented: its lines lose the fence's indentation. */
static void
add_markdown_examples (GPtrArray *examples, const char *path, const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *block = NULL;
  gsize indent = 0;
  guint start = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize leading = strspn (line, " ");

      if (block == NULL && g_str_equal (line + leading, "```ini"))
        {
          block = g_string_new (NULL);
          indent = leading;
          start = i + 2;
        }
      else if (block != NULL && g_str_has_prefix (line + leading, "```"))
        {
          Example *example = g_new0 (Example, 1);

          example->source = g_strdup_printf ("%s:%u", path, start);
          example->contents = g_string_free (block, FALSE);
          g_ptr_array_add (examples, example);
          block = NULL;
        }
      else if (block != NULL)
        g_string_append_printf (block, "%s\n", line + MIN (leading, indent));
    }
  g_assert_null (block); /* an unclosed block */
}

static gboolean
has_key_line (const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '#' && lines[i][0] != '[' && strchr (lines[i], '=') != NULL)
      return TRUE;
  return FALSE;
}

static void
test_example (gconstpointer data)
{
  const Example *example = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kakanai-config-example-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
  gboolean loaded;

  g_assert_no_error (error);
  path = g_build_filename (dir, "kakanai.conf", NULL);
  g_assert_true (g_file_set_contents (path, example->contents, -1, &error));
  loaded = kakanai_config_load_file (config, path, &error);
  if (!loaded)
    g_printerr ("%s: %s\n", example->source, error->message);
  g_assert_no_error (error);
  g_assert_true (loaded);
  /* Something was set: an example that only has comments proves nothing. */
  g_assert_true (has_key_line (example->contents));
  g_assert_cmpstr (kakanai_config_get_files (config)[0], ==, path);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);

  g_test_init (&argc, &argv, NULL);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = g_path_get_basename (argv[i]);

      if (!g_file_get_contents (argv[i], &text, NULL, &error))
        g_error ("%s", error->message);
      if (g_str_has_suffix (argv[i], ".md"))
        {
          guint before = examples->len;

          add_markdown_examples (examples, name, text);
          if (examples->len == before)
            g_error ("%s has no ```ini block", argv[i]);
        }
      else
        {
          Example *example = g_new0 (Example, 1);

          example->source = g_strdup (name);
          example->contents = g_steal_pointer (&text);
          g_ptr_array_add (examples, example);
        }
    }
  for (guint i = 0; i < examples->len; i++)
    {
      Example *example = g_ptr_array_index (examples, i);
      g_autofree char *test_path = g_strdup_printf ("/config-examples/%s", example->source);

      g_test_add_data_func (test_path, example, test_example);
    }
  return g_test_run ();
}
