/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-stats.c: the statistics reader (kakanai stats) on arbitrary database files: opened
 * read-only, summarised and exported as CSV. Errors are KakanaiStatsErrors; crashes are
 * not. The bytes go to a file: SQLite reads files. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kakanai-stats.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A new private folder per input, memory-backed where there is one (a disk write per input
 * would take most of the run), removed with the file after the input: nothing is left
 * behind however the fuzzer ends. */
static char *
write_database (const uint8_t *data, size_t size)
{
  static gboolean configured;
  g_autofree char *dir = NULL;
  char *path;
  FILE *file;

  if (!configured)
    {
      /* No lookaside: 120 KB fresh per connection, under ASan mostly page faults. */
      sqlite3_config (SQLITE_CONFIG_LOOKASIDE, 0, 0);
      configured = TRUE;
    }
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    dir = g_mkdtemp (g_strdup ("/dev/shm/kakanai-fuzz-stats-XXXXXX"));
  if (dir == NULL)
    dir = g_dir_make_tmp ("kakanai-fuzz-stats-XXXXXX", NULL);
  g_assert (dir != NULL);
  path = g_build_filename (dir, "statistics.sqlite", NULL);
  file = fopen (path, "wb");
  g_assert (file != NULL);
  g_assert (size == 0 || fwrite (data, 1, size, file) == size);
  fclose (file);
  return path;
}

static void
remove_database (char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *path = write_database (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiStats) stats = NULL;
  g_autoptr(KakanaiStatsSummary) summary = NULL;
  g_autoptr(GOutputStream) out = NULL;

  stats = kakanai_stats_open_read_only (path, &error);
  if (stats == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_STATS_ERROR);
      remove_database (path);
      return 0;
    }
  summary = kakanai_stats_summarize (stats, NULL, NULL, &error);
  g_assert (summary != NULL || (error != NULL && error->domain == KAKANAI_STATS_ERROR));
  g_clear_error (&error);
  out = g_memory_output_stream_new_resizable ();
  if (!kakanai_stats_export_csv (stats, NULL, NULL, out, &error))
    g_assert (error != NULL && error->domain == KAKANAI_STATS_ERROR);
  g_clear_pointer (&stats, kakanai_stats_free);
  remove_database (path);
  return 0;
}
