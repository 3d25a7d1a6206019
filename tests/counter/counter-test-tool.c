/* SPDX-License-Identifier: GPL-3.0-or-later */
/* counter-test-tool.c: fixtures for the counter's shell tests
 *
 *   counter-test-tool pdf PATH TEXT          a one-page PDF showing TEXT
 *   counter-test-tool sessions DB DAY N      N scripted sessions on DAY (YYYY-MM-DD) at 10:00,
 *                                            the i-th with a PIN step of i+1 seconds
 */
#define G_LOG_DOMAIN "counter-test-tool"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdlib.h>

#include "kakanai-stats.h"

static int
write_pdf (const char *path, const char *text)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  /* Give back cairo's and fontconfig's caches so LeakSanitizer sees only our leaks. */
  cairo_debug_reset_static_data ();
  FcFini ();
  return status == CAIRO_STATUS_SUCCESS ? 0 : 1;
}

static int
record_sessions (const char *db, const char *day_text, int n)
{
  g_autoptr(KakanaiStats) stats = kakanai_stats_new (db);
  g_autoptr(GError) error = NULL;
  GDate day;

  if (!kakanai_stats_parse_date (day_text, &day, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                                          g_date_get_day (&day), 10, 0, 0);
      g_autoptr(GDateTime) pin = g_date_time_add_seconds (start, 10);
      g_autoptr(GDateTime) end = g_date_time_add_seconds (pin, i + 1);
      g_autoptr(KakanaiStatsSession) session = kakanai_stats_session_new_at (start);

      kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_CHOOSE, start, NULL);
      kakanai_stats_session_add_form (session, "juminhyo", NULL);
      kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_PIN, pin, NULL);
      kakanai_stats_session_end_at (session, KAKANAI_STATS_OUTCOME_PRINTED, end);
      if (!kakanai_stats_record (stats, session, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "pdf"))
    return write_pdf (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "sessions"))
    return record_sessions (argv[2], argv[3], atoi (argv[4]));
  g_printerr ("usage: counter-test-tool pdf PATH TEXT | sessions DB DAY N\n");
  return 2;
}
