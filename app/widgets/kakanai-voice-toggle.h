/* kakanai-voice-toggle.h: the 音声案内 (voice guide) switch, with its volume.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-voice-guide.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_VOICE_TOGGLE (kakanai_voice_toggle_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiVoiceToggle, kakanai_voice_toggle, KAKANAI, VOICE_TOGGLE, GtkWidget)

/* Turns @guide on and off and sets its volume; hidden when @guide is NULL (the counter has
 * no voice guide: [voice] enabled=false). */
GtkWidget         *kakanai_voice_toggle_new          (KakanaiVoiceGuide  *guide);
KakanaiVoiceGuide *kakanai_voice_toggle_get_guide    (KakanaiVoiceToggle *self);
void               kakanai_voice_toggle_set_guide    (KakanaiVoiceToggle *self,
                                                      KakanaiVoiceGuide  *guide);
/* The resident's language: the switch cannot be turned on where no voice speaks it. */
void               kakanai_voice_toggle_set_language (KakanaiVoiceToggle *self,
                                                      const char         *language);

/* While the guide is on, says the label of the control that takes the focus in @window (a
 * button, a label, a ruby label; never what an entry holds). NULL stops following. */
void               kakanai_voice_toggle_follow_focus (KakanaiVoiceToggle *self,
                                                      GtkWindow          *window);

G_END_DECLS
