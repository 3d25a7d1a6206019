/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai.c: the command-line tool for IT staff and scripts */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kakanai-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} KakanaiCliCommand;

static const KakanaiCliCommand commands[] = {
  { "card",    kakanai_cli_card,    N_("List readers and read the face data of a My Number card") },
  { "forms",   kakanai_cli_forms,   N_("List and validate form templates") },
  { "fill",    kakanai_cli_fill,    N_("Fill forms from a card and write one PDF") },
  { "preview", kakanai_cli_preview, N_("Render the first page of filled forms to PNG") },
  { "print",   kakanai_cli_print,   N_("Print a PDF on a CUPS printer and follow the job") },
  { "stats",   kakanai_cli_stats,   N_("Export the counter's wait-time statistics") },
  { "clerk-pin-hash", kakanai_cli_clerk_pin_hash, N_("Make the configuration line for a clerk PIN") },
  { "doctor",  kakanai_cli_doctor,  N_("Check whether this counter is ready (for IT staff)") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: kakanai COMMAND [OPTIONS...]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run 'kakanai COMMAND --help' for the options of a command."));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, KAKANAI_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("kakanai %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *program = g_strdup_printf ("kakanai %s", commands[i].name);

        g_set_prgname (program); /* every --help names the program: "kakanai print" */
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, _("kakanai: unknown command '%s'\n\n"), argv[1]);
  print_usage (stderr);
  return 2;
}
