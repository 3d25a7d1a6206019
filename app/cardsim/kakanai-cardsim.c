/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cardsim.c: a simulated My Number card in a real pcscd, through vpcd
 *
 *   kakanai-cardsim --profile FILE [--vpcd-host HOST] [--vpcd-port PORT]
 *
 * Serves the card until SIGTERM or SIGINT. SIGUSR1 removes the card from the reader,
 * SIGUSR2 puts it back (tests use this to pull the card mid-flow).
 */
#define G_LOG_DOMAIN "kakanai-cardsim"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include <kakanai-sim-card.h>
#include <kakanai-vpcd.h>

/* vpcd's default CHANNELID (0x8C7B), as in Debian's /etc/reader.conf.d/vpcd. */
#define DEFAULT_VPCD_PORT 35963

typedef struct
{
  KakanaiVpcdLink *link;
  GCancellable *cancellable;
  GMainLoop *loop;
  GError *serve_error;
} CardsimState;

static gpointer
serve_thread (gpointer user_data)
{
  CardsimState *state = user_data;

  kakanai_vpcd_link_serve (state->link, state->cancellable, &state->serve_error);
  g_main_loop_quit (state->loop);
  return NULL;
}

static gboolean
on_stop_signal (gpointer user_data)
{
  CardsimState *state = user_data;

  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_remove_signal (gpointer user_data)
{
  CardsimState *state = user_data;

  g_message ("card removed");
  kakanai_vpcd_link_set_inserted (state->link, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_insert_signal (gpointer user_data)
{
  CardsimState *state = user_data;

  g_message ("card inserted");
  kakanai_vpcd_link_set_inserted (state->link, TRUE);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_arguments (int *argc, char ***argv, char **profile, char **host, int *port, gboolean *version)
{
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, version, N_("Show the version"), NULL },
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, profile, N_("The card profile (JSON)"), N_("FILE") },
    { "vpcd-host", 0, 0, G_OPTION_ARG_STRING, host, N_("Where vpcd listens (default 127.0.0.1)"), N_("HOST") },
    { "vpcd-port", 0, 0, G_OPTION_ARG_INT, port, N_("vpcd's port, the CHANNELID of its reader.conf entry (default 35963)"), N_("PORT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
      _("Serves a simulated My Number card to pcscd through vsmartcard's vpcd driver.\n"
        "SIGUSR1 removes the card, SIGUSR2 inserts it again; SIGTERM or SIGINT stops."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "kakanai-cardsim: %s\n", error->message);
      return FALSE;
    }
  if (*version)
    return TRUE;
  if (*profile == NULL)
    {
      fprintf (stderr, "kakanai-cardsim: %s\n", _("--profile FILE is required"));
      return FALSE;
    }
  if (*port <= 0 || *port > G_MAXUINT16)
    {
      fprintf (stderr, "kakanai-cardsim: %s\n", _("--vpcd-port must be between 1 and 65535"));
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *profile = NULL;
  g_autofree char *host = NULL;
  int port = DEFAULT_VPCD_PORT;
  gboolean version = FALSE;
  g_autoptr(KakanaiSimCard) sim = NULL;
  g_autoptr(GError) error = NULL;
  CardsimState state = { 0 };
  guint sources[4];
  GThread *thread;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, KAKANAI_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_arguments (&argc, &argv, &profile, &host, &port, &version))
    return 2;
  if (version)
    {
      printf ("kakanai-cardsim %s\n", PACKAGE_VERSION);
      return 0;
    }

  sim = kakanai_sim_card_new_from_file (profile, &error);
  if (sim == NULL)
    {
      fprintf (stderr, "kakanai-cardsim: %s\n", error->message);
      return 1;
    }

  state.link = kakanai_vpcd_link_new (sim, host != NULL ? host : "127.0.0.1", (guint16) port);
  state.cancellable = g_cancellable_new ();
  state.loop = g_main_loop_new (NULL, FALSE);
  sources[0] = g_unix_signal_add (SIGTERM, on_stop_signal, &state);
  sources[1] = g_unix_signal_add (SIGINT, on_stop_signal, &state);
  sources[2] = g_unix_signal_add (SIGUSR1, on_remove_signal, &state);
  sources[3] = g_unix_signal_add (SIGUSR2, on_insert_signal, &state);

  thread = g_thread_new ("vpcd", serve_thread, &state);
  g_main_loop_run (state.loop);
  g_thread_join (thread);

  for (gsize i = 0; i < G_N_ELEMENTS (sources); i++)
    g_source_remove (sources[i]);
  int status = 0;
  if (!g_error_matches (state.serve_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "kakanai-cardsim: %s\n", state.serve_error->message);
      status = 1;
    }
  g_clear_error (&state.serve_error);
  g_clear_pointer (&state.link, kakanai_vpcd_link_free);
  g_clear_object (&state.cancellable);
  g_clear_pointer (&state.loop, g_main_loop_unref);
  return status;
}
