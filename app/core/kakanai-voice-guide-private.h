/* kakanai-voice-guide-private.h: what the voice guide gives its engine, for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-voice-guide.h"

G_BEGIN_DECLS

/* The text the engine is given for @text in @language (Japanese for eSpeak NG: hiragana). */
char *kakanai_voice_guide_engine_text (KakanaiVoiceGuide  *self,
                                       const char         *language,
                                       const char         *text,
                                       GError            **error);

G_END_DECLS
