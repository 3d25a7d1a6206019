/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-bench-card.c: how much the PC/SC stack adds to reading a My Number card
 *
 *   tests/with-virtual-card bench/card/card-5ms.json -- \
 *     BUILD/bench/card/kakanai-bench-card --count 200 --card-delay-ms 5 [--profile bench/card/card-5ms.json]
 *
 * Reads the basic four N times through pcscd (connect, transaction, read, disconnect) and
 * reports the APDUs per read and the time beyond the card's own delay (APDUs x delay).
 * With --profile, the same reads run in process against the simulated card too, which
 * separates the library's own cost from pcscd's and vpcd's.
 */
#define G_LOG_DOMAIN "kakanai-bench"

#include <stdio.h>
#include <stdlib.h>

#include <kakanai-card.h>
#include <kakanai-pcsc.h>
#include <kakanai-sim-card.h>

typedef struct
{
  GArray *added_us;  /* per read: wall time minus APDUs x card delay */
  guint apdus_min;
  guint apdus_max;
} Measurements;

typedef KakanaiTransport *(*OpenTransport) (gpointer source, GError **error);

static KakanaiTransport *
open_pcsc (gpointer source, GError **error)
{
  const char *reader = g_object_get_data (source, "reader");

  return kakanai_pcsc_connect (g_object_get_data (source, "pcsc"), reader, error);
}

static KakanaiTransport *
open_sim (gpointer source, GError **error)
{
  return kakanai_sim_transport_new (g_object_get_data (source, "sim"));
}

static gboolean
read_once (OpenTransport open, gpointer source, guint delay_ms, Measurements *m, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(KakanaiTransport) transport = open (source, error);
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  g_autoptr(KakanaiCardRecord) record = NULL;
  double added;
  guint apdus;

  if (transport == NULL)
    return FALSE;
  card = kakanai_mynumber_card_new (transport);
  record = kakanai_mynumber_card_read (card, "1234", KAKANAI_READ_DEFAULT, NULL, error);
  if (record == NULL)
    return FALSE;
  apdus = kakanai_transport_get_n_transmitted (transport);
  g_clear_pointer (&card, kakanai_mynumber_card_free);
  g_clear_pointer (&transport, kakanai_transport_free); /* the disconnect counts too */

  added = (double) (g_get_monotonic_time () - start) - (double) apdus * delay_ms * 1000.0;
  g_array_append_val (m->added_us, added);
  m->apdus_min = MIN (m->apdus_min, apdus);
  m->apdus_max = MAX (m->apdus_max, apdus);
  return TRUE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the figures; returns the median added time in µs. */
static double
report (const char *label, Measurements *m)
{
  double *v = (double *) m->added_us->data;
  guint n = m->added_us->len;
  double sum = 0;

  g_array_sort (m->added_us, compare_doubles);
  for (guint i = 0; i < n; i++)
    sum += v[i];
  printf ("%-10s reads %4u  APDUs/read %u", label, n, m->apdus_max);
  if (m->apdus_min != m->apdus_max)
    printf ("-%u", m->apdus_min);
  printf ("  added per read: mean %.3f ms, median %.3f ms, p95 %.3f ms, max %.3f ms\n",
          sum / n / 1000.0, v[n / 2] / 1000.0, v[(n * 95) / 100] / 1000.0, v[n - 1] / 1000.0);
  return v[n / 2];
}

static gboolean
run (const char *label, OpenTransport open, gpointer source, guint count, guint delay_ms,
     double *median_us, GError **error)
{
  Measurements m = { g_array_new (FALSE, FALSE, sizeof (double)), G_MAXUINT, 0 };
  gboolean ok = TRUE;

  /* One read first so that first-use costs (context, ATR, page faults) stay out. */
  if (!read_once (open, source, delay_ms, &m, error))
    ok = FALSE;
  g_array_set_size (m.added_us, 0);
  for (guint i = 0; ok && i < count; i++)
    ok = read_once (open, source, delay_ms, &m, error);
  if (ok)
    *median_us = report (label, &m);
  g_array_unref (m.added_us);
  return ok;
}

int
main (int argc, char **argv)
{
  int count = 100;
  int delay_ms = 5;
  g_autofree char *reader_substring = NULL;
  g_autofree char *profile = NULL;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Reads to time (default 100)", "N" },
    { "card-delay-ms", 'd', 0, G_OPTION_ARG_INT, &delay_ms, "The profile's delay_ms (default 5)", "MS" },
    { "reader", 'r', 0, G_OPTION_ARG_STRING, &reader_substring, "Reader name substring (default: $KAKANAI_TEST_READER, else the first with a card)", "SUBSTR" },
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &profile, "Also read this profile in process, for comparison", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(KakanaiPcsc) pcsc = NULL;
  g_autofree char *reader = NULL;
  double pcscd_median_us = 0, in_process_median_us = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count <= 0 || delay_ms < 0)
    {
      fprintf (stderr, "kakanai-bench-card: %s\n", error ? error->message : "bad --count or --card-delay-ms");
      return 2;
    }
  if (reader_substring == NULL)
    reader_substring = g_strdup (g_getenv ("KAKANAI_TEST_READER"));

  pcsc = kakanai_pcsc_new ();
  reader = kakanai_pcsc_choose_reader (pcsc, reader_substring, &error);
  if (reader == NULL)
    {
      fprintf (stderr, "kakanai-bench-card: %s\n", error->message);
      return 1;
    }
  printf ("reader: %s; card delay %d ms per APDU; %d reads (basic four; connect, "
          "transaction, read, disconnect)\n", reader, delay_ms, count);
  g_object_set_data (source, "pcsc", pcsc);
  g_object_set_data (source, "reader", reader);
  if (!run ("pcscd", open_pcsc, source, (guint) count, (guint) delay_ms, &pcscd_median_us, &error))
    {
      fprintf (stderr, "kakanai-bench-card: %s\n", error->message);
      return 1;
    }

  if (profile != NULL)
    {
      g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_file (profile, &error);

      if (sim == NULL)
        {
          fprintf (stderr, "kakanai-bench-card: %s\n", error->message);
          return 1;
        }
      g_object_set_data (source, "sim", sim);
      if (!run ("in-process", open_sim, source, (guint) count, (guint) delay_ms,
                &in_process_median_us, &error))
        {
          fprintf (stderr, "kakanai-bench-card: %s\n", error->message);
          return 1;
        }
      /* The in-process reads pay the card's real delay (sleep overshoot included) and the
       * library's own work, nothing else: the difference is pcscd + vpcd + the transport. */
      printf ("PC/SC stack adds %.3f ms per read (median pcscd - median in-process)\n",
              (pcscd_median_us - in_process_median_us) / 1000.0);
    }
  return 0;
}
