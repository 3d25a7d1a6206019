/* kakanai-kiosk.c: the counter kiosk (see kakanai-kiosk-application.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-application.h"

gint64 kakanai_kiosk_started_at;

int
main (int   argc,
      char *argv[])
{
  g_autoptr (KakanaiKioskApplication) app = NULL;

  kakanai_kiosk_started_at = g_get_monotonic_time ();
  kakanai_kiosk_setup_gettext ();
  app = kakanai_kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
