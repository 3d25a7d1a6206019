/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-long-text: the layout pass on one static text of growing length (docs/benchmarks.md,
 * "Long text"): a template of tests/forms/long-text.h, loaded, laid out once, timed. The
 * first size also pays for finding and loading the fonts: give a small one first.
 *
 * Usage: bench-long-text [KB...]   (default: 1 64 256 1024 4000) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <glib.h>

#include "kakanai-forms.h"
#include "long-text.h"

/* Processor time of this thread: the machine is shared, and wall time says more about
 * the neighbours than about the layout. Wall time is printed too. */
static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static int
bench_one (gsize kilobytes)
{
  g_autofree char *text = long_text_new (kilobytes * 1024);
  g_autofree char *json = long_text_template_new (text, 0.5);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  double load, lay, start;
  gint64 wall;

  start = cpu_seconds ();
  tpl = kakanai_template_new_from_data (json, -1, "long.json", &error);
  load = cpu_seconds () - start;
  if (tpl == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  wall = g_get_monotonic_time ();
  start = cpu_seconds ();
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  lay = cpu_seconds () - start;
  wall = g_get_monotonic_time () - wall;
  if (layout == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("| %" G_GSIZE_FORMAT " KB | %ld | %.3f s | %.3f s | %.0f | %.3f s |\n", kilobytes,
          g_utf8_strlen (text, -1), load, lay, lay * 1e9 / (kilobytes * 1024.0), wall / 1e6);
  return 0;
}

int
main (int argc, char **argv)
{
  static const gsize defaults[] = { 1, 64, 256, 1024, 4000 };

  printf ("| text | characters | load (CPU) | layout (CPU) | layout ns per byte | layout (wall) |\n"
          "|---|---|---|---|---|---|\n");
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        if (bench_one (strtoul (argv[i], NULL, 10)) != 0)
          return 1;
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (bench_one (defaults[i]) != 0)
      return 1;
  return 0;
}
