/* kakanai-alert.h: a label with the alert role that screen readers say as it changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message (NULL or "" for none) in @alert, a label with the alert accessible role,
 * so that assistive technologies announce it: GTK 4.8 has no gtk_accessible_announce(),
 * and a label's new text alone raises no AT-SPI event; an alert that turns up again does
 * (children-changed with the alert, then its name). A new message is therefore shown
 * afresh, hidden and shown again before the next frame, so nothing moves on screen. With
 * no message, @alert is hidden, or left empty in its place when @keeps_place (the keys
 * under the resident's finger never move). A new message also activates the action
 * "alert.announce" (parameter: the message) on @alert, for a window that says it aloud;
 * the message must therefore never hold personal data. */
void kakanai_alert_show (GtkLabel   *alert,
                         const char *message,
                         gboolean    keeps_place);

G_END_DECLS
