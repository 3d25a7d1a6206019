/* kakanai-voice-toggle-private.h: what the voice guide says for a control, for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-voice-toggle.h"

G_BEGIN_DECLS

/* The words of @widget a resident hears when it takes the focus (ruby markup kept, for its
 * readings), or NULL: never what an entry holds (a PIN, a name). */
char *kakanai_voice_toggle_spoken_text_for (GtkWidget *widget);

G_END_DECLS
