/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-long-text: the layout pass on one static text of growing length (docs/benchmarks.md,
 * "Long text"): a template of tests/forms/long-text.h, loaded, laid out once, timed.
 *
 * Usage: bench-long-text [KB...]   (default: 64 256 1024 4000) */
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "kakanai-forms.h"
#include "long-text.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
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
  double load, lay;
  gint64 start;

  start = g_get_monotonic_time ();
  tpl = kakanai_template_new_from_data (json, -1, "long.json", &error);
  load = seconds_since (start);
  if (tpl == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  lay = seconds_since (start);
  if (layout == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("| %" G_GSIZE_FORMAT " KB | %u | %.3f s | %.3f s | %.1f |\n", kilobytes,
          g_utf8_strlen (text, -1) > G_MAXUINT ? G_MAXUINT : (guint) g_utf8_strlen (text, -1),
          load, lay, lay * 1e9 / (kilobytes * 1024.0));
  return 0;
}

int
main (int argc, char **argv)
{
  static const gsize defaults[] = { 64, 256, 1024, 4000 };

  printf ("| text | characters | load | layout | layout ns per byte |\n|---|---|---|---|---|\n");
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
