/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-doctor.c: `kakanai doctor`, is this counter ready? (for IT staff)
 *
 * Checks, in the order a counter depends on them, and prints one line each: the
 * configuration, its languages (catalogues, fonts), the templates and their fonts, pcscd and its readers, a card if one is
 * in the reader (its AP selected, no PIN asked), the printer, the statistics database,
 * the output folder, the clock and free disk space. A line that is not "ok" says what to
 * do. Nothing personal is read or printed: the card is asked only for its tries left.
 *
 * Exit status 0 only when every check is ok or a warning; 1 when the counter is not ready.
 */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <kakanai-card.h>
#include <kakanai-forms.h>

#include "kakanai-catalog.h"
#include "kakanai-cli-card-source.h"
#include "kakanai-cli-status.h"
#include "kakanai-cli.h"
#include "kakanai-config.h"
#include "kakanai-language.h"
#include "kakanai-printer.h"
#include "kakanai-stats.h"

/* Below this the counter cannot be trusted to write a PDF or a session; below the
 * warning figure it soon will not. */
#define DISK_FAIL_BYTES (100 * 1024 * 1024ULL)
#define DISK_WARN_BYTES (1024 * 1024 * 1024ULL)
/* A clock before this year has lost its time (flat CMOS battery, no time server). */
#define EARLIEST_PLAUSIBLE_YEAR 2025
#define JAPAN_UTC_OFFSET_SECONDS (9 * 3600)
#define PRINTER_TIMEOUT_MS 10000

typedef enum {
  VERDICT_OK,
  VERDICT_WARN,    /* works, but someone should look */
  VERDICT_FAIL,    /* the counter is not ready */
  VERDICT_SKIPPED, /* depends on a check that failed */
} Verdict;

typedef struct {
  KakanaiConfig *config; /* NULL when the configuration is broken */
  gboolean       ready;
} Doctor;

/* The tags stay untranslated and of one width: scripts and eyes read the first column. */
static const char *
verdict_tag (Verdict verdict)
{
  switch (verdict)
    {
    case VERDICT_OK:   return "ok  ";
    case VERDICT_WARN: return "warn";
    case VERDICT_FAIL: return "FAIL";
    case VERDICT_SKIPPED:
    default:           return "skip";
    }
}

/* One line: the tag, what was checked, what was found; then, indented, what to do. */
static void
report (Doctor     *doctor,
        Verdict     verdict,
        const char *what,
        const char *found,
        const char *todo)
{
  printf ("%s  %s: %s\n", verdict_tag (verdict), what, found);
  if (todo != NULL && verdict != VERDICT_OK)
    printf ("      → %s\n", todo);
  if (verdict == VERDICT_FAIL || verdict == VERDICT_SKIPPED)
    doctor->ready = FALSE;
  fflush (stdout);
}

static void
report_skipped (Doctor *doctor, const char *what)
{
  report (doctor, VERDICT_SKIPPED, what, _("not checked"), _("fix the configuration first"));
}

/* ---- configuration ---- */

static void
check_configuration (Doctor *doctor, const char *explicit_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;

  doctor->config = kakanai_config_load_standard (explicit_path, &error);
  if (doctor->config == NULL)
    {
      report (doctor, VERDICT_FAIL, _("configuration"), error->message,
              _("correct that line (docs/configuration.md, kakanai(1) lists every key)"));
      return;
    }
  files = g_strjoinv (", ", (GStrv) kakanai_config_get_files (doctor->config));
  if (files[0] == '\0')
    {
      g_autofree char *system_file = g_build_filename (KAKANAI_SYSCONFDIR, "kakanai.conf", NULL);
      g_autofree char *todo = g_strdup_printf (_("write %s (every key has a default, the municipality has none)"),
                                               system_file);
      report (doctor, VERDICT_WARN, _("configuration"), _("no file, the defaults apply"), todo);
      return;
    }
  report (doctor, VERDICT_OK, _("configuration"), files, NULL);
}

/* ---- languages ---- */

/* Each configured language with its catalogue and fonts: a resident never meets English
 * where Korean was promised, nor empty boxes. */
static void
check_languages (Doctor *doctor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  const char * const *languages;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("languages"));
      return;
    }
  if (!kakanai_config_check_languages (doctor->config, kakanai_locale_dir (), &error))
    {
      report (doctor, VERDICT_FAIL, _("languages"), error->message,
              _("install what the line names, or take the language out of languages="));
      return;
    }
  languages = kakanai_config_get_languages (doctor->config);
  for (guint i = 0; languages[i] != NULL; i++)
    g_string_append_printf (found, "%s%s (%s)", i > 0 ? ", " : "", languages[i],
                            kakanai_language_native_name_for (languages[i]));
  report (doctor, VERDICT_OK, _("languages"), found->str, NULL);
}

/* ---- templates ---- */

/* Lays every template out with no resident's data, only what the counter itself answers:
 * each character a form prints on its own (labels, the office name, the date) must be in
 * a bundled font. */
static gboolean
check_template_glyphs (GPtrArray *templates, KakanaiConfig *config, char **problem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiLayout) layout = NULL;
  GPtrArray *problems;

  if (!kakanai_form_data_set_counter_defaults (data, kakanai_config_get_municipality (config), &error))
    {
      *problem = g_strdup (error->message);
      return FALSE;
    }
  layout = kakanai_layout_new ((KakanaiTemplate **) templates->pdata, templates->len, data, &error);
  if (layout == NULL)
    {
      *problem = g_strdup (error->message);
      return FALSE;
    }
  problems = kakanai_layout_get_problems (layout);
  for (guint i = 0; i < problems->len; i++)
    {
      const KakanaiLayoutProblem *found = g_ptr_array_index (problems, i);

      /* Only the printed characters matter here: empty fields cannot overflow. */
      if (found->kind != KAKANAI_LAYOUT_PROBLEM_MISSING_GLYPH)
        continue;
      *problem = g_strdup_printf ("%s: %s: %s", found->template_id, found->element_id, found->message);
      return FALSE;
    }
  return TRUE;
}

static void
check_templates (Doctor *doctor)
{
  g_auto(GStrv) dirs = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *found = NULL;
  g_autofree char *joined = NULL;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("templates"));
      return;
    }
  dirs = kakanai_catalog_template_dirs (doctor->config, NULL);
  joined = g_strjoinv (", ", dirs);
  templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) in_dir = kakanai_template_load_dir (dirs[i], &error);

      if (in_dir == NULL)
        {
          report (doctor, VERDICT_FAIL, _("templates"), error->message,
                  _("correct the template (kakanai forms validate FILE) or [kiosk] template-dirs"));
          return;
        }
      for (guint t = 0; t < in_dir->len; t++)
        g_ptr_array_add (templates, kakanai_template_ref (g_ptr_array_index (in_dir, t)));
    }
  if (templates->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("no templates in %s"), joined);
      report (doctor, VERDICT_FAIL, _("templates"), message,
              _("put the municipality's templates (*.json) there, or correct [kiosk] template-dirs"));
      return;
    }
  if (!check_template_glyphs (templates, doctor->config, &problem))
    {
      report (doctor, VERDICT_FAIL, _("templates"), problem,
              _("install the fonts (fonts-ipaexfont, fonts-ipamj-mincho) or change the text of the template"));
      return;
    }
  found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u form in %s, every character in the fonts",
                                        "%u forms in %s, every character in the fonts", templates->len),
                           templates->len, joined);
  report (doctor, VERDICT_OK, _("templates"), found, NULL);
}

/* ---- pcscd, readers and the card ---- */

/* The reader the kiosk would use (NULL when none), reported. */
static char *
check_readers (Doctor *doctor, KakanaiPcsc *pcsc, gboolean *card_present)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  const char *wanted;
  const KakanaiReaderInfo *chosen = NULL;

  *card_present = FALSE;
  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("card reader"));
      return NULL;
    }
  wanted = kakanai_config_get_reader (doctor->config);
  readers = kakanai_pcsc_list_readers (pcsc, &error);
  if (readers == NULL)
    {
      report (doctor, VERDICT_FAIL, _("card reader"), error->message,
              _("start pcscd: systemctl enable --now pcscd.socket (package pcscd)"));
      return NULL;
    }
  if (readers->len == 0)
    {
      report (doctor, VERDICT_FAIL, _("card reader"), _("pcscd runs but sees no reader"),
              _("plug in the USB card reader (CCID readers need the package libccid)"));
      return NULL;
    }
  for (guint i = 0; i < readers->len; i++)
    {
      const KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

      g_string_append_printf (names, "%s“%s”", names->len > 0 ? ", " : "", info->name);
      if (chosen == NULL && (wanted[0] == '\0' || strstr (info->name, wanted) != NULL))
        chosen = info;
    }
  if (chosen == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("no reader's name contains “%s” (pcscd sees %s)"),
                                                  wanted, names->str);
      report (doctor, VERDICT_FAIL, _("card reader"), message,
              _("plug in that reader, or correct [kiosk] reader (kakanai card readers lists them)"));
      return NULL;
    }
  {
    g_autofree char *message = g_strdup_printf (_("pcscd runs; using “%s” (readers: %s)"),
                                                chosen->name, names->str);
    report (doctor, VERDICT_OK, _("card reader"), message, NULL);
  }
  *card_present = chosen->card_present;
  return g_strdup (chosen->name);
}

/* Selects the AP and asks for the tries left: no PIN is sent, no try spent. */
static void
check_card (Doctor *doctor, KakanaiPcsc *pcsc, const char *reader, gboolean card_present)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTransport) transport = NULL;
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  g_autofree char *message = NULL;
  guint tries_left = 0;

  if (reader == NULL)
    {
      report (doctor, VERDICT_SKIPPED, _("card"), _("not checked"), _("fix the card reader first"));
      return;
    }
  if (!card_present)
    {
      report (doctor, VERDICT_OK, _("card"), _("no card in the reader (place one to test it)"), NULL);
      return;
    }
  transport = kakanai_pcsc_connect (pcsc, reader, &error);
  if (transport != NULL)
    {
      card = kakanai_mynumber_card_new (transport);
      if (kakanai_mynumber_card_get_tries_left (card, &tries_left, &error))
        {
          message = g_strdup_printf (_("a My Number card answers (%u PIN tries left)"), tries_left);
          report (doctor, VERDICT_OK, _("card"), message, NULL);
          return;
        }
    }
  /* Not every card in the reader is a My Number card: the reader itself works. */
  if (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD))
    {
      report (doctor, VERDICT_WARN, _("card"), error->message,
              _("this is not a My Number card: test with one"));
      return;
    }
  report (doctor, VERDICT_FAIL, _("card"), error->message,
          _("take the card out and put it back; if it persists, try another reader"));
}

/* ---- the printer ---- */

static void
check_printer (Doctor *doctor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiPrinterInfo) info = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  const char *name;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("printer"));
      return;
    }
  name = kakanai_config_get_printer (doctor->config);
  if (name == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("none configured: the forms are written as PDFs to %s"),
                                                  kakanai_config_get_output_dir (doctor->config));
      report (doctor, VERDICT_OK, _("printer"), message, NULL);
      return;
    }
  /* Bounded: a print server that accepts and then never answers must not hang the check. */
  printers = kakanai_printer_list_within (PRINTER_TIMEOUT_MS, NULL, &error);
  if (printers == NULL)
    {
      report (doctor, VERDICT_FAIL, _("printer"), error->message,
              _("start CUPS: systemctl enable --now cups (or check CUPS_SERVER / client.conf)"));
      return;
    }
  for (guint i = 0; i < printers->len && info == NULL; i++)
    {
      KakanaiPrinterInfo *one = g_ptr_array_index (printers, i);

      if (g_str_equal (one->name, name))
        info = g_ptr_array_steal_index (printers, i);
    }
  if (info == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("CUPS has no queue “%s”"), name);
      report (doctor, VERDICT_FAIL, _("printer"), message,
              _("add the queue (lpadmin -p NAME -E -v URI -m everywhere) or correct [printer] name (lpstat -p lists them)"));
      return;
    }
  if (info->stopped || !info->accepting_jobs || info->problems != KAKANAI_PRINTER_PROBLEM_NONE)
    {
      g_autofree char *problem = kakanai_printer_problem_describe (info->problems);
      g_autofree char *state = g_strdup_printf (info->stopped ? _("queue “%s” is stopped")
                                                : !info->accepting_jobs ? _("queue “%s” does not accept jobs")
                                                : _("queue “%s” reports a problem"), name);
      g_autofree char *message = problem != NULL && problem[0] != '\0'
                                   ? g_strdup_printf ("%s: %s", state, problem) : g_strdup (state);
      g_autofree char *todo = g_strdup_printf (_("see to the printer, then: cupsenable %s; cupsaccept %s"),
                                               name, name);
      report (doctor, VERDICT_FAIL, _("printer"), message, todo);
      return;
    }
  {
    g_autofree char *message = g_strdup_printf (_("queue “%s” is ready"), name);
    report (doctor, VERDICT_OK, _("printer"), message, NULL);
  }
}

/* ---- statistics ---- */

static void
check_statistics (Doctor *doctor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiStats) stats = NULL;
  g_autoptr(KakanaiStatsSummary) today = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;
  const char *path;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("statistics"));
      return;
    }
  path = kakanai_config_get_statistics_path (doctor->config);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Not an error: the kiosk creates it with its first session. */
      folder = g_path_get_dirname (path);
      message = g_strdup_printf (_("%s does not exist yet: the kiosk creates it with its first session"), path);
      report (doctor, g_file_test (folder, G_FILE_TEST_IS_DIR) ? VERDICT_OK : VERDICT_WARN,
              _("statistics"), message,
              _("make sure the kiosk's user can create that folder (the package's tmpfiles.d does)"));
      return;
    }
  /* Reading only: never created, moved or migrated here; a summary of today's sessions. */
  stats = kakanai_stats_open_read_only (path, &error);
  if (stats != NULL)
    today = kakanai_stats_summarize_today (stats, &error);
  if (today == NULL)
    {
      report (doctor, VERDICT_FAIL, _("statistics"), error->message,
              _("move the file aside (the kiosk starts a new one) and keep it for later"));
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u session today", "%s: %u sessions today",
                                          today->n_sessions), path, today->n_sessions);
  report (doctor, VERDICT_OK, _("statistics"), message, NULL);
}

/* ---- the output folder ---- */

/* The folder itself or the nearest one above it that exists. */
static char *
existing_folder (const char *path)
{
  g_autofree char *folder = g_strdup (path);

  while (!g_file_test (folder, G_FILE_TEST_IS_DIR) && strchr (folder, G_DIR_SEPARATOR) != NULL
         && !g_str_equal (folder, G_DIR_SEPARATOR_S))
    {
      char *parent = g_path_get_dirname (folder);

      g_free (folder);
      folder = parent;
    }
  return g_steal_pointer (&folder);
}


static void
check_output_dir (Doctor *doctor)
{
  GStatBuf status;
  const char *dir;
  g_autofree char *message = NULL;
  g_autofree char *todo = NULL;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("output folder"));
      return;
    }
  dir = kakanai_config_get_output_dir (doctor->config);
  if (g_stat (dir, &status) != 0)
    {
      g_autofree char *parent = existing_folder (dir);

      /* The kiosk makes it (0700, with the folders above) when it writes its first PDF. */
      message = g_strdup_printf (_("%s does not exist yet"), dir);
      todo = g_strdup_printf (_("make sure the kiosk's user can create it in %s"), parent);
      report (doctor, access (parent, W_OK) == 0 ? VERDICT_WARN : VERDICT_FAIL,
              _("output folder"), message, todo);
      return;
    }
  if (!S_ISDIR (status.st_mode))
    {
      message = g_strdup_printf (_("%s is not a folder"), dir);
      report (doctor, VERDICT_FAIL, _("output folder"), message, _("remove it or correct [kiosk] output-dir"));
      return;
    }
  /* Finished forms hold personal data: nobody but the kiosk's user may look in. */
  if ((status.st_mode & 0077) != 0)
    {
      message = g_strdup_printf (_("%s can be opened by other users (mode %04o)"), dir,
                                 (unsigned) (status.st_mode & 07777));
      todo = g_strdup_printf ("chmod 0700 %s", dir);
      report (doctor, VERDICT_FAIL, _("output folder"), message, todo);
      return;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      message = g_strdup_printf (_("%s cannot be written by this user"), dir);
      report (doctor, VERDICT_FAIL, _("output folder"), message,
              _("run the doctor as the kiosk's user or as root, or give the folder to the kiosk's user"));
      return;
    }
  message = g_strdup_printf (_("%s (mode %04o, owner uid %u)"), dir,
                             (unsigned) (status.st_mode & 07777), (unsigned) status.st_uid);
  report (doctor, VERDICT_OK, _("output folder"), message, NULL);
}

/* ---- clock ---- */

static void
check_clock (Doctor *doctor)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *wareki = kakanai_wareki_format (g_date_time_get_year (now), g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now),
                                                   KAKANAI_DATE_STYLE_WAREKI, &error);
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M %z");
  g_autofree char *message = NULL;

  if (wareki == NULL)
    {
      report (doctor, VERDICT_FAIL, _("clock"), error->message,
              _("reinstall the ICU data (package libicu72)"));
      return;
    }
  message = g_strdup_printf (_("%s, today is %s"), when, wareki);
  if (g_date_time_get_year (now) < EARLIEST_PLAUSIBLE_YEAR)
    report (doctor, VERDICT_FAIL, _("clock"), message,
            _("set the clock (timedatectl set-time, or a time server: timedatectl set-ntp true)"));
  else if (g_date_time_get_utc_offset (now) / G_TIME_SPAN_SECOND != JAPAN_UTC_OFFSET_SECONDS)
    report (doctor, VERDICT_WARN, _("clock"), message,
            _("the time zone is not Japan's: the forms' date changes at the wrong midnight (timedatectl set-timezone Asia/Tokyo)"));
  else
    report (doctor, VERDICT_OK, _("clock"), message, NULL);
}

/* ---- disk space ---- */

static void
check_disk (Doctor *doctor)
{
  g_autofree char *folder = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *message = NULL;
  struct statvfs info;
  guint64 free_bytes;

  if (doctor->config == NULL)
    {
      report_skipped (doctor, _("disk space"));
      return;
    }
  folder = existing_folder (kakanai_config_get_output_dir (doctor->config));
  if (statvfs (folder, &info) != 0)
    {
      message = g_strdup_printf (_("cannot look at %s: %s"), folder, g_strerror (errno));
      report (doctor, VERDICT_FAIL, _("disk space"), message, _("check the disk"));
      return;
    }
  free_bytes = (guint64) info.f_bavail * info.f_frsize;
  free_text = g_format_size (free_bytes);
  message = g_strdup_printf (_("%s free on %s"), free_text, folder);
  if (free_bytes < DISK_FAIL_BYTES)
    report (doctor, VERDICT_FAIL, _("disk space"), message,
            _("free some space (old PDFs in the output folder, journalctl --vacuum-size=100M)"));
  else if (free_bytes < DISK_WARN_BYTES)
    report (doctor, VERDICT_WARN, _("disk space"), message, _("free some space soon"));
  else
    report (doctor, VERDICT_OK, _("disk space"), message, NULL);
}

int
kakanai_cli_doctor (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      N_("Read this configuration file instead of the local one (as kakanai-kiosk --config)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiPcsc) pcsc = NULL;
  g_autofree char *reader = NULL;
  Doctor doctor = { NULL, TRUE };
  gboolean card_present = FALSE;

  g_set_prgname ("kakanai doctor");
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Checks whether this counter is ready, one line per check, with what to do."));
  g_option_context_set_description (context,
    _("Checks in order: the configuration, its languages (catalogues and fonts), the templates\n"
      "and their fonts, pcscd and the readers, a card in the reader (no PIN is asked), the\n"
      "printer, the statistics database, the output folder, the clock and free disk space.\n"
      "Each line starts with ok, warn, FAIL or skip.\n"
      "Exit status: 0 ready (warnings allowed), 1 not ready, 2 bad command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "kakanai doctor: %s\n", error->message);
      return KAKANAI_CLI_STATUS_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "%s\n", _("kakanai doctor: no arguments expected (see kakanai doctor --help)"));
      return KAKANAI_CLI_STATUS_USAGE;
    }

  check_configuration (&doctor, config_path);
  check_languages (&doctor);
  check_templates (&doctor);
  pcsc = kakanai_pcsc_new ();
  reader = check_readers (&doctor, pcsc, &card_present);
  check_card (&doctor, pcsc, reader, card_present);
  check_printer (&doctor);
  check_statistics (&doctor);
  check_output_dir (&doctor);
  check_clock (&doctor);
  check_disk (&doctor);
  g_clear_pointer (&doctor.config, kakanai_config_free);

  printf ("%s\n", doctor.ready ? _("This counter is ready.") : _("This counter is not ready: see the lines above."));
  return doctor.ready ? KAKANAI_CLI_STATUS_OK : KAKANAI_CLI_STATUS_FAILURE;
}
