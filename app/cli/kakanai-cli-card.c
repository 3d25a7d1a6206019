/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-card.c: `kakanai card readers` and `kakanai card read`
 *
 * For IT staff and scripts. Exit statuses: kakanai-cli-status.h (documented in
 * app/README.md). The PIN is read without echo, kept in one fixed buffer and wiped; the
 * face data is written once to stdout from a buffer that is wiped afterwards.
 */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <kakanai-card.h>
#include <kakanai-pcsc.h>

#include "kakanai-cli.h"
#include "kakanai-catalog.h"
#include "kakanai-cli-card-source.h"
#include "kakanai-cli-status.h"

/* Room for the 4 digits and whatever a mistyping resident adds; longer input is refused
 * as not being a PIN rather than truncated into one. */
#define PIN_BUFFER_SIZE 32
#define TRIES_UNKNOWN G_MAXUINT
/* What the terminal asks, translated, with the number of tries left (%u). A named format
 * keeps prompt text apart from the lines that format it. */
#define TRIES_LEFT_PROMPT(tries_left) \
  g_dngettext (GETTEXT_PACKAGE, "PIN (4 digits, %u try left): ", "PIN (4 digits, %u tries left): ", (tries_left))

/* ---- JSON (written by hand so that personal data only ever sits in wiped buffers) ---- */

static void
json_append_string (GString *out, const char *value)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

static void
json_append_member (GString *out, const char *key, const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  json_append_string (out, key);
  g_string_append_c (out, ':');
  json_append_string (out, value);
}

/* Writes @out to stdout and wipes it. write(2), not stdio: no buffer keeps a copy. */
static void
print_and_wipe (GString *out)
{
  gsize written = 0;

  fflush (stdout);
  while (written < out->len)
    {
      ssize_t n = write (STDOUT_FILENO, out->str + written, out->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += (gsize) n;
    }
  kakanai_secure_string_free (out);
}

/* ---- errors ---------------------------------------------------------------------------- */

/* No terminal to ask the PIN on: the caller should have passed --pin-stdin. */
static gboolean
is_usage_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static int
report_error (const char *command, const GError *error, guint tries_left, gboolean json)
{
  const char *code = error->domain == KAKANAI_CARD_ERROR
                       ? kakanai_card_error_to_code ((KakanaiCardError) error->code)
                       : is_usage_error (error) ? "usage" : "failure";

  if (json)
    {
      GString *out = g_string_new ("{");

      json_append_member (out, "error", code);
      if (tries_left != TRIES_UNKNOWN)
        g_string_append_printf (out, ",\"tries_left\":%u", tries_left);
      json_append_member (out, "message", error->message);
      g_string_append (out, "}\n");
      print_and_wipe (out);
    }
  /* The library's messages already say how many tries are left. */
  fprintf (stderr, "kakanai card %s: %s\n", command, error->message);
  if (is_usage_error (error))
    return KAKANAI_CLI_STATUS_USAGE;
  return kakanai_cli_status_from_card_error (error);
}

static int
usage_error (GOptionContext *context, const char *message)
{
  fprintf (stderr, "kakanai card: %s\n\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fputs (help, stderr);
    }
  return KAKANAI_CLI_STATUS_USAGE;
}

/* @argv[0] is the subcommand's name ("read"); --help shows "kakanai card read". */
static gboolean
parse_options (GOptionContext *context, int argc, char **argv, int *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("kakanai card %s", argv[0]);

  g_set_prgname (program);
  if (g_option_context_parse (context, &argc, &argv, &error))
    {
      if (argc > 1)
        {
          *status = usage_error (context, _("Unexpected arguments"));
          return FALSE;
        }
      return TRUE;
    }
  *status = usage_error (NULL, error->message);
  return FALSE;
}

/* ---- kakanai card readers --------------------------------------------------------------- */

static int
print_readers (GPtrArray *readers, gboolean json)
{
  if (json)
    {
      GString *out = g_string_new ("{\"readers\":[");

      for (guint i = 0; i < readers->len; i++)
        {
          KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          json_append_string (out, "name");
          g_string_append_c (out, ':');
          json_append_string (out, info->name);
          g_string_append_printf (out, ",\"card_present\":%s}", info->card_present ? "true" : "false");
        }
      g_string_append (out, "]}\n");
      print_and_wipe (out);
    }
  else
    {
      for (guint i = 0; i < readers->len; i++)
        {
          KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

          printf ("%s\t%s\n", info->name, info->card_present ? _("card present") : _("no card"));
        }
      if (readers->len == 0)
        fprintf (stderr, "%s\n", _("No card reader is connected."));
    }
  return readers->len > 0 ? KAKANAI_CLI_STATUS_OK : KAKANAI_CLI_STATUS_NO_READER;
}

static int
card_readers (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON: {\"readers\": [{\"name\", \"card_present\"}]}"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(KakanaiPcsc) pcsc = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_summary (context, _("Lists the PC/SC readers and whether each holds a card.\n"
                                           "Exit status 10 when there is no reader."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, argc, argv, &status))
    return status;

  pcsc = kakanai_pcsc_new ();
  readers = kakanai_pcsc_list_readers (pcsc, &error);
  if (readers == NULL)
    return report_error ("readers", error, TRIES_UNKNOWN, json);
  return print_readers (readers, json);
}

/* ---- the PIN ---------------------------------------------------------------------------- */

/* The terminal's settings while echo is off, for the signal handler to put back. */
static struct termios saved_termios;
static volatile sig_atomic_t terminal_fd = -1;

static void
restore_terminal_and_die (int signal_number)
{
  if (terminal_fd >= 0)
    tcsetattr (terminal_fd, TCSAFLUSH, &saved_termios);
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

static gboolean
read_pin_from_terminal (const char *prompt, char pin[PIN_BUFFER_SIZE], GError **error)
{
  struct sigaction action = { .sa_handler = restore_terminal_and_die };
  struct sigaction old_int, old_term, old_hup;
  struct termios quiet;
  gboolean ok;
  int fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);

  if (fd < 0 || tcgetattr (fd, &saved_termios) != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No terminal to ask for the PIN: use --pin-stdin"));
      return FALSE;
    }

  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);
  sigaction (SIGHUP, &action, &old_hup);
  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK | ECHONL);
  terminal_fd = fd;
  tcsetattr (fd, TCSAFLUSH, &quiet);

  if (write (fd, prompt, strlen (prompt)) < 0)
    g_debug ("could not write the prompt: %s", g_strerror (errno));
  ok = kakanai_cli_read_secret_line (fd, pin, PIN_BUFFER_SIZE);
  if (write (fd, "\n", 1) < 0)
    g_debug ("could not end the prompt line");

  tcsetattr (fd, TCSAFLUSH, &saved_termios);
  terminal_fd = -1;
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  sigaction (SIGHUP, &old_hup, NULL);
  close (fd);

  if (!ok)
    g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED,
                         _("No PIN was entered"));
  return ok;
}

static gboolean
read_pin_from_stdin (char pin[PIN_BUFFER_SIZE], GError **error)
{
  if (kakanai_cli_read_secret_line (STDIN_FILENO, pin, PIN_BUFFER_SIZE))
    return TRUE;
  g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED,
                       _("No PIN on standard input"));
  return FALSE;
}

/* Before prompting a person: say now when the card will not take a PIN anyway. */
static gboolean
check_tries_before_prompt (KakanaiMyNumberCard *card, gboolean allow_last_try, guint *tries_left,
                           GError **error)
{
  if (!kakanai_mynumber_card_get_tries_left (card, tries_left, error))
    return FALSE;
  if (*tries_left == 0)
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_PIN_BLOCKED,
                           _("The PIN is blocked; it can be reset at the municipal office"));
      return FALSE;
    }
  if (*tries_left == 1 && !allow_last_try)
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED,
                           _("Only one PIN try is left: not asking (use --allow-last-try)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ask_pin (KakanaiMyNumberCard *card, gboolean from_stdin, gboolean allow_last_try,
         char pin[PIN_BUFFER_SIZE], guint *tries_left, GError **error)
{
  g_autofree char *prompt = NULL;

  if (from_stdin)
    return read_pin_from_stdin (pin, error);
  if (!check_tries_before_prompt (card, allow_last_try, tries_left, error))
    return FALSE;
  prompt = g_strdup_printf (TRIES_LEFT_PROMPT (*tries_left), *tries_left);
  return read_pin_from_terminal (prompt, pin, error);
}

/* ---- kakanai card read ------------------------------------------------------------------ */

static KakanaiTransport *
open_demo_transport (GError **error)
{
  g_autofree char *profile = kakanai_bundled_path ("cards/demo.json");

  return kakanai_cli_open_profile (profile, error);
}

static void
print_record (const KakanaiCardRecord *record, gboolean json)
{
  char birth_date[11];
  const char *sex = kakanai_card_sex_to_code (record->sex);
  GString *out = g_string_new (json ? "{" : NULL);

  if (!kakanai_card_birth_date_to_iso (record->birth_date, birth_date))
    g_strlcpy (birth_date, record->birth_date, sizeof birth_date);
  if (json)
    {
      json_append_member (out, "name", record->name);
      json_append_member (out, "address", record->address);
      json_append_member (out, "birth_date", birth_date);
      json_append_member (out, "sex", sex != NULL ? sex : "not_known");
      if (record->my_number != NULL)
        json_append_member (out, "my_number", record->my_number);
      g_string_append (out, "}\n");
    }
  else
    {
      g_string_append_printf (out, "%s\t%s\n", _("Name:"), record->name);
      g_string_append_printf (out, "%s\t%s\n", _("Address:"), record->address);
      g_string_append_printf (out, "%s\t%s\n", _("Birth date:"), birth_date);
      g_string_append_printf (out, "%s\t%s\n", _("Sex:"), sex != NULL ? sex : "not_known");
      if (record->my_number != NULL)
        g_string_append_printf (out, "%s\t%s\n", _("My Number:"), record->my_number);
    }
  kakanai_wipe (birth_date, sizeof birth_date);
  print_and_wipe (out);
}

typedef struct
{
  char *reader_substring;
  gboolean pin_stdin;
  gboolean json;
  gboolean allow_last_try;
  gboolean with_my_number;
  gboolean demo;
} ReadOptions;

static int
read_card (const ReadOptions *options)
{
  g_autoptr(KakanaiTransport) transport = NULL;
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  KakanaiReadFlags flags = KAKANAI_READ_DEFAULT;
  guint tries_left = TRIES_UNKNOWN;
  char pin[PIN_BUFFER_SIZE] = { 0 };

  transport = options->demo ? open_demo_transport (&error)
                            : kakanai_cli_open_reader (options->reader_substring, &error);
  if (transport == NULL)
    return report_error ("read", error, TRIES_UNKNOWN, options->json);
  card = kakanai_mynumber_card_new (transport);

  if (options->allow_last_try)
    flags |= KAKANAI_READ_ALLOW_LAST_TRY;
  if (options->with_my_number)
    flags |= KAKANAI_READ_WITH_MY_NUMBER;

  if (ask_pin (card, options->pin_stdin, options->allow_last_try, pin, &tries_left, &error))
    {
      tries_left = TRIES_UNKNOWN;
      record = kakanai_mynumber_card_read (card, pin, flags, &tries_left, &error);
    }
  kakanai_wipe (pin, sizeof pin);
  if (record == NULL)
    return report_error ("read", error, tries_left, options->json);
  print_record (record, options->json);
  return KAKANAI_CLI_STATUS_OK;
}

static int
card_read (int argc, char **argv)
{
  ReadOptions options = { 0 };
  GOptionEntry entries[] = {
    { "reader", 'r', 0, G_OPTION_ARG_STRING, &options.reader_substring,
      N_("Use the reader whose name contains SUBSTR (default: the first holding a card)"), N_("SUBSTR") },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &options.pin_stdin,
      N_("Read the PIN from the first line of standard input instead of the terminal"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON (errors too, on stdout)"), NULL },
    { "allow-last-try", 0, 0, G_OPTION_ARG_NONE, &options.allow_last_try,
      N_("Send the PIN even when only one try is left"), NULL },
    { "with-my-number", 0, 0, G_OPTION_ARG_NONE, &options.with_my_number,
      N_("Also read the My Number (only for procedures the law allows)"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      N_("Read the bundled demo card in process (no reader needed; PIN 1234)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  int status;

  g_option_context_set_summary (context,
      _("Reads name, address, birth date and sex from a My Number card.\n"
        "Exit statuses: 0 ok, 2 usage, 10 no_reader, 11 no_card, 12 not_mynumber_card,\n"
        "13 wrong_pin, 14 last_try_refused, 15 pin_blocked, 16 card_removed, 17 io_error,\n"
        "18 bad_data, 19 cancelled."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (parse_options (context, argc, argv, &status))
    status = read_card (&options);
  g_free (options.reader_substring);
  return status;
}

static void
print_card_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: kakanai card COMMAND [OPTIONS...]"));
  fprintf (out, "  readers  %s\n", _("List the readers and whether each holds a card"));
  fprintf (out, "  read     %s\n", _("Read the face data of a My Number card"));
}

int
kakanai_cli_card (int argc, char **argv)
{
  if (argc < 2)
    {
      print_card_usage (stderr);
      return KAKANAI_CLI_STATUS_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_card_usage (stdout);
      return KAKANAI_CLI_STATUS_OK;
    }
  if (g_str_equal (argv[1], "readers"))
    return card_readers (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "read"))
    return card_read (argc - 1, argv + 1);
  fprintf (stderr, _("kakanai card: unknown command '%s'\n\n"), argv[1]);
  print_card_usage (stderr);
  return KAKANAI_CLI_STATUS_USAGE;
}
