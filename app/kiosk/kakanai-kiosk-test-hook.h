/* kakanai-kiosk-test-hook.h: where things are on screen, for the GUI tests.
 *
 * Only when KAKANAI_KIOSK_TEST_SOCKET names a socket path. Read-only: it
 * answers "step" (the step shown), "reading-progress" (how full the reading
 * screen's bar was last) and "find ID" ("X Y WIDTH HEIGHT" of the
 * first mapped widget whose .ui id or widget name is ID, in window
 * coordinates, or "none"); "text ID" only for a few device widgets of clerk
 * mode (reader and printer lists, the printer message). It never reports
 * anything else's text, so no personal data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-window.h"

G_BEGIN_DECLS

/* Returns the listening service (NULL and a warning when it cannot listen). */
GSocketService *kakanai_kiosk_test_hook_start (GtkApplication *application,
                                               const char     *socket_path);

G_END_DECLS
