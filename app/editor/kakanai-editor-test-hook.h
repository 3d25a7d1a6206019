/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-test-hook.h: the editor's state, for the GUI tests.
 *
 * Only when KAKANAI_EDITOR_TEST_SOCKET names a socket path; through the shared test hook
 * (app/widgets/kakanai-test-hook.h, which answers "find ID"). Requests: "state" (a JSON
 * object: elements, questions, selection, modified, can_undo, can_redo, path, tool,
 * problems, recovery), "point X Y" (window coordinates of the page point X, Y in mm),
 * "element N" (the element as JSON), "problems" (the element at fault of each problem
 * listed, a JSON array, -1 for none: never the messages, which may quote sample data), "dialog" (the name of a dialog shown, or "none").
 * Templates hold no personal data; the test fill's sample data is never reported.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GSocketService *kakanai_editor_test_hook_start (GtkApplication *application,
                                                const char     *socket_path);

G_END_DECLS
