/* kakanai-clerk-mode.h: clerk mode, silent printing and statistics for a kiosk window
 *
 * Attached once per window (the hook in kakanai-kiosk-application.c). It listens to the
 * window's signals (kakanai-kiosk-window.h): times every step into the statistics, sends
 * the finished PDF to the configured printer and follows the job (a stopped printer shows
 * an alert at once; the job stays in memory until printed or cancelled by the clerk), and
 * opens clerk mode on the clerk key combination after the clerk PIN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-kiosk-window.h"

G_BEGIN_DECLS

void kakanai_clerk_mode_attach (KakanaiKioskWindow *window);

G_END_DECLS
