/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.c: runs a fuzz target over files and folders of inputs (the seed corpus)
 * without libFuzzer, so the normal build and test suite exercise the targets. */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return TRUE;
}

static int
replay_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path) ? 1 : -1;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return -1;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!replay_file (child))
        return -1;
      n++;
    }
  return n;
}

int
main (int    argc,
      char **argv)
{
  int total = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      int n = replay_path (argv[i]);

      if (n <= 0)
        {
          fprintf (stderr, "%s: no inputs could be read\n", argv[i]);
          return 1;
        }
      total += n;
    }
  printf ("replayed %d inputs\n", total);
  return 0;
}
