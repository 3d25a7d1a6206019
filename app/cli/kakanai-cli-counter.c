/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-counter.c: `kakanai print`, `kakanai stats` and `kakanai clerk-pin-hash`
 *
 * Exit statuses: kakanai-cli-status.h (30-39 for printing and the counter).
 */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <kakanai-secure.h>

#include "kakanai-cli.h"
#include "kakanai-cli-card-source.h"
#include "kakanai-cli-status.h"
#include "kakanai-clerk-pin.h"
#include "kakanai-config.h"
#include "kakanai-printer.h"
#include "kakanai-stats.h"

static int
usage_error (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "%s\n\n%s", message, help);
  return KAKANAI_CLI_STATUS_USAGE;
}

/* ---- kakanai print ---- */

static GBytes *
load_pdf (const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a PDF file."), path);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* The printer named in the configuration ([printer] name), or NULL in *@printer for CUPS's
 * default queue. FALSE only when the configuration itself is broken. */
gboolean
kakanai_cli_configured_printer (char   **printer,
                                GError **error)
{
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, error);

  if (config == NULL)
    return FALSE;
  *printer = g_strdup (kakanai_config_get_printer (config));
  return TRUE;
}

int
kakanai_cli_print (int argc, char **argv)
{
  g_autofree char *printer = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "printer", 'p', 0, G_OPTION_ARG_STRING, &printer,
      N_("The CUPS queue (default: the configured printer, else CUPS's default)"), N_("NAME") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE.pdf"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  int job_id = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Prints a PDF without a dialog and waits until the printer has printed it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (files == NULL || g_strv_length (files) != 1)
    return usage_error (context, _("kakanai print: give exactly one PDF file."));

  if (printer == NULL && !kakanai_cli_configured_printer (&printer, &error))
    {
      fprintf (stderr, "kakanai print: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }

  pdf = load_pdf (files[0], &error);
  if (pdf == NULL)
    {
      fprintf (stderr, "kakanai print: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }
  if (!kakanai_printer_print_bytes_sync (printer, pdf, "kakanai", &job_id, &error))
    {
      fprintf (stderr, "kakanai print: %s\n", error->message);
      return kakanai_cli_status_from_printer_error (error);
    }
  printf (_("Printed %s (job %d).\n"), files[0], job_id);
  return KAKANAI_CLI_STATUS_OK;
}

/* ---- kakanai stats ---- */

static gboolean
parse_optional_date (const char *text, GDate *date, gboolean *given, GError **error)
{
  *given = text != NULL;
  return text == NULL || kakanai_stats_parse_date (text, date, error);
}

static void
print_summary (const KakanaiStatsSummary *summary)
{
  printf (_("Sessions: %u\n"), summary->n_sessions);
  for (guint i = 0; i < KAKANAI_STATS_N_OUTCOMES; i++)
    if (summary->n_by_outcome[i] > 0)
      printf ("  %-12s %u\n", kakanai_stats_outcome_to_string (i), summary->n_by_outcome[i]);
  printf (_("Without a card (clerk interview): %u\n"), summary->n_interview);
  printf (_("Median time per session: %.1f s\n"), summary->median_total_ms / 1000.0);
  if (summary->steps->len > 0)
    printf ("%s\n", _("Median time per step:"));
  for (guint i = 0; i < summary->steps->len; i++)
    {
      const KakanaiStatsStepMedian *step = g_ptr_array_index (summary->steps, i);
      printf ("  %-12s %8.1f s  (%u)\n", step->step, step->median_ms / 1000.0, step->n_sessions);
    }
}

/* The kiosk's database: the configured one, else the kiosk's default for this user, else
 * the one of the kiosk service (StateDirectory=kakanai). On failure a message for IT staff
 * saying where it looked. */
static char *
default_database_path (GError **error)
{
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, error);
  g_autofree char *service = NULL;
  const char *configured, *where;

  if (config == NULL)
    return NULL;
  configured = kakanai_config_get_statistics_path (config);
  where = kakanai_config_get_location (config, "statistics", "database");
  if (!g_str_equal (where, "default"))
    {
      if (g_file_test (configured, G_FILE_TEST_EXISTS))
        return g_strdup (configured);
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_FOUND,
                   _("There is no statistics database at %s (set at %s). Check [statistics] database there, or give the path with --db."),
                   configured, where);
      return NULL;
    }
  service = g_build_filename (KAKANAI_SERVICE_STATEDIR, "statistics.sqlite", NULL);
  if (g_file_test (configured, G_FILE_TEST_EXISTS))
    return g_strdup (configured);
  if (g_file_test (service, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&service);
  g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_FOUND,
               _("No statistics database at %s nor at %s: the kiosk has not finished a session on this PC, or it keeps its database elsewhere. Give the path with --db, or set [statistics] database in the configuration."),
               configured, service);
  return NULL;
}

/* Every database opened read-only; NULL with the first that cannot be read. */
static GPtrArray *
open_databases (char **paths, GError **error)
{
  g_autoptr(GPtrArray) databases = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_stats_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      KakanaiStats *stats;

      /* The same file named twice (a glob and a path) would count its sessions twice. */
      if (!g_hash_table_add (seen, g_canonicalize_filename (paths[i], NULL)))
        {
          fprintf (stderr, _("kakanai stats: %s is given twice; it is read once\n"), paths[i]);
          continue;
        }
      stats = kakanai_stats_open_read_only (paths[i], error);

      if (stats == NULL)
        return NULL;
      g_ptr_array_add (databases, stats);
    }
  return g_steal_pointer (&databases);
}

static gboolean
report_statistics (GPtrArray *databases, gboolean csv, GDate *from, GDate *to, GError **error)
{
  KakanaiStats * const *all = (KakanaiStats * const *) databases->pdata;
  g_autoptr(KakanaiStatsSummary) summary = NULL;

  if (csv)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      return kakanai_stats_export_csv_many (all, databases->len, from, to, out, error);
    }
  summary = kakanai_stats_summarize_many (all, databases->len, from, to, error);
  if (summary == NULL)
    return FALSE;
  print_summary (summary);
  return TRUE;
}

int
kakanai_cli_stats (int argc, char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL;
  g_auto(GStrv) db_paths = NULL;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day (local time)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day (local time)"), N_("YYYY-MM-DD") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("One CSV line per session instead of a summary"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &db_paths,
      N_("A statistics database, read only (repeat for several counters; default: the kiosk's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) databases = NULL;
  GDate from, to;
  gboolean has_from, has_to;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Shows or exports the counter's wait-time statistics (nothing personal is recorded). "
                                           "Reads the databases only; the kiosk alone writes them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("kakanai stats: unexpected argument."));
  if (!parse_optional_date (from_text, &from, &has_from, &error)
      || !parse_optional_date (to_text, &to, &has_to, &error))
    return usage_error (context, error->message);

  if (db_paths == NULL)
    {
      g_autofree char *path = default_database_path (&error);

      if (path == NULL)
        {
          fprintf (stderr, "kakanai stats: %s\n", error->message);
          return g_error_matches (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_FOUND)
                 ? KAKANAI_CLI_STATUS_STATISTICS : KAKANAI_CLI_STATUS_FAILURE;
        }
      db_paths = g_new0 (char *, 2);
      db_paths[0] = g_steal_pointer (&path);
    }
  databases = open_databases (db_paths, &error);
  if (databases == NULL
      || !report_statistics (databases, csv, has_from ? &from : NULL, has_to ? &to : NULL, &error))
    {
      fprintf (stderr, "kakanai stats: %s\n", error->message);
      return KAKANAI_CLI_STATUS_STATISTICS;
    }
  return KAKANAI_CLI_STATUS_OK;
}

/* ---- kakanai clerk-pin-hash ---- */

#define CLERK_PIN_BUFFER 64
#define CLERK_COMMAND "kakanai clerk-pin-hash"

static void
report_problem (const char *command, const char *message)
{
  fprintf (stderr, "%s: %s\n", command, message);
}

/* Reads the PIN without echo when stdin is a terminal. */
static gboolean
read_clerk_pin (const char *prompt, char buffer[CLERK_PIN_BUFFER])
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  gboolean ok;

  if (terminal)
    {
      fprintf (stderr, "%s", prompt);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  ok = kakanai_cli_read_secret_line (STDIN_FILENO, buffer, CLERK_PIN_BUFFER) && buffer[0] != '\0';
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  return ok;
}

int
kakanai_cli_clerk_pin_hash (int argc, char **argv)
{
  int iterations = 0;
  const GOptionEntry entries[] = {
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations,
      N_("PBKDF2 iterations, 10000 to 10000000 (default 200000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  char first[CLERK_PIN_BUFFER] = { 0 };
  char second[CLERK_PIN_BUFFER] = { 0 };
  g_autofree char *stored = NULL;
  g_autofree char *config_line = NULL;
  gboolean same;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Reads a clerk PIN (6 to 12 digits) from the terminal or standard input, "
                                           "twice on a terminal, and prints the [clerk] line to put in kakanai.conf."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("kakanai clerk-pin-hash reads from standard input, never from the command line."));
  /* Checked before a PIN is asked: a negative count must not become a huge unsigned one. */
  if (iterations != 0 && (iterations < KAKANAI_CLERK_PIN_MIN_ITERATIONS || iterations > KAKANAI_CLERK_PIN_MAX_ITERATIONS))
    {
      g_autofree char *message = g_strdup_printf (_("kakanai clerk-pin-hash: --iterations must be from %d to %d."),
                                                  KAKANAI_CLERK_PIN_MIN_ITERATIONS, KAKANAI_CLERK_PIN_MAX_ITERATIONS);
      return usage_error (context, message);
    }

  same = read_clerk_pin (_("New clerk PIN: "), first);
  if (same && isatty (STDIN_FILENO))
    same = read_clerk_pin (_("The same PIN again: "), second) && strcmp (first, second) == 0;
  if (same)
    stored = kakanai_clerk_pin_hash (first, (guint) iterations, &error);
  kakanai_wipe (first, sizeof first);
  kakanai_wipe (second, sizeof second);

  if (!same)
    {
      report_problem (CLERK_COMMAND, _("nothing read, or the two entries differ."));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  if (stored == NULL)
    {
      report_problem (CLERK_COMMAND, error->message);
      return KAKANAI_CLI_STATUS_USAGE;
    }
  config_line = g_strconcat ("[clerk]\n" "pin-hash=", stored, "\n", NULL);
  fputs (config_line, stdout);
  return KAKANAI_CLI_STATUS_OK;
}
