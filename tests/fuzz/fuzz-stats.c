/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-stats.c: the statistics reader (kakanai stats) on arbitrary database files: opened
 * read-only, summarised and exported as CSV. Errors are KakanaiStatsErrors; crashes are
 * not. The bytes go to a file (SQLite reads files) in a private folder. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "kakanai-stats.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *
database_path (void)
{
  static char *path;

  if (path == NULL)
    {
      char *dir = g_dir_make_tmp ("kakanai-fuzz-stats-XXXXXX", NULL);

      g_assert (dir != NULL);
      path = g_build_filename (dir, "statistics.sqlite", NULL);
      g_free (dir);
    }
  return path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = database_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiStats) stats = NULL;
  g_autoptr(KakanaiStatsSummary) summary = NULL;
  g_autoptr(GOutputStream) out = NULL;
  FILE *file = fopen (path, "wb");

  g_assert (file != NULL);
  g_assert (size == 0 || fwrite (data, 1, size, file) == size);
  fclose (file);

  stats = kakanai_stats_open_read_only (path, &error);
  if (stats == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_STATS_ERROR);
      return 0;
    }
  summary = kakanai_stats_summarize (stats, NULL, NULL, &error);
  g_assert (summary != NULL || (error != NULL && error->domain == KAKANAI_STATS_ERROR));
  g_clear_error (&error);
  out = g_memory_output_stream_new_resizable ();
  if (!kakanai_stats_export_csv (stats, NULL, NULL, out, &error))
    g_assert (error != NULL && error->domain == KAKANAI_STATS_ERROR);
  return 0;
}
