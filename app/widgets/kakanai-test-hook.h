/* kakanai-test-hook.h: a read-only socket the GUI tests ask where things are on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program starts it only when its test variable names a socket path
 * (KAKANAI_KIOSK_TEST_SOCKET, KAKANAI_EDITOR_TEST_SOCKET). One request per connection,
 * one line back. "find ID" is answered here (the box of the first mapped widget whose .ui
 * id or widget name is ID, in the active window's coordinates: "X Y WIDTH HEIGHT";
 * "clipped above" or "clipped below" when it is scrolled out of reach or covered, and
 * which way to scroll; or "none"); "reach" too (the window's size, the least its content
 * needs, then each control out of a finger's reach: "off:ID" past the window's edge,
 * "covered:ID", "scrolled:ID" scrolled out of sight in a scroller); every other request
 * goes to the program's @answer, which must never report personal data.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new string answering @request for @window (the active window, may be NULL), or NULL
 * for "unknown request". */
typedef char *(*KakanaiTestHookAnswer) (GtkWindow  *window,
                                        const char *request,
                                        gpointer    data);

/* The listening service (NULL and a warning when it cannot listen). */
GSocketService *kakanai_test_hook_start       (GtkApplication        *application,
                                               const char            *socket_path,
                                               KakanaiTestHookAnswer  answer,
                                               gpointer               data);

/* The first mapped widget under @root whose .ui id or widget name is @id. */
GtkWidget      *kakanai_test_hook_find_widget (GtkWidget  *root,
                                               const char *id);

G_END_DECLS
