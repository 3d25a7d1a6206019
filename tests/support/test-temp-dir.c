/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-temp-dir.c: a test's own temporary folder, made for it and removed with all it holds */
#include "test-temp-dir.h"

#include <glib/gstdio.h>

char *
test_temp_dir_new (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (name_template, &error);

  if (path == NULL)
    g_error ("cannot make a temporary folder %s: %s", name_template, error->message);
  return path;
}

void
test_temp_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_temp_dir_remove (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
