/* kakanai-voice-guide.h: spoken guidance (音声案内) through Debian's speech engines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KAKANAI_VOICE_GUIDE_ERROR (kakanai_voice_guide_error_quark ())

typedef enum {
  KAKANAI_VOICE_GUIDE_ERROR_NO_VOICE,  /* no engine speaks this language here */
  KAKANAI_VOICE_GUIDE_ERROR_ENGINE,    /* the engine or the player failed */
} KakanaiVoiceGuideError;

GQuark kakanai_voice_guide_error_quark (void);

#define KAKANAI_TYPE_VOICE_GUIDE (kakanai_voice_guide_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiVoiceGuide, kakanai_voice_guide, KAKANAI, VOICE_GUIDE, GObject)

/* Speaks to the ALSA device @output ("default", "plughw:CARD=Headphones"; NULL = "default").
 * Off ("active" FALSE) until the resident turns it on; volume 1.0. */
KakanaiVoiceGuide *kakanai_voice_guide_new               (const char        *output);

/* An HTS voice for Open JTalk (NULL: look in /usr/share/hts-voice). Without one, Japanese
 * is read by eSpeak NG from MeCab's readings. */
void               kakanai_voice_guide_set_japanese_voice (KakanaiVoiceGuide *self,
                                                          const char        *htsvoice_path);

gboolean           kakanai_voice_guide_get_active        (KakanaiVoiceGuide *self);
void               kakanai_voice_guide_set_active        (KakanaiVoiceGuide *self,
                                                          gboolean           active);
/* 0.0 (silent) to 1.0 (the engine's normal loudness). */
double             kakanai_voice_guide_get_volume        (KakanaiVoiceGuide *self);
void               kakanai_voice_guide_set_volume        (KakanaiVoiceGuide *self,
                                                          double             volume);

/* Whether @language (a code of kakanai-language.h) can be spoken on this PC. */
gboolean           kakanai_voice_guide_can_speak         (KakanaiVoiceGuide *self,
                                                          const char        *language);

/* Says @text in @language on the output, stopping what was being said; nothing when not
 * active. Text in ruby markup ({漢字|かんじ}) is read by its readings. The text is never
 * logged nor written to a file: it goes to the engine through a pipe. */
void               kakanai_voice_guide_speak             (KakanaiVoiceGuide *self,
                                                          const char        *language,
                                                          const char        *text);
void               kakanai_voice_guide_stop              (KakanaiVoiceGuide *self);
/* TRUE while something is being said ("speaking" notifies). */
gboolean           kakanai_voice_guide_get_speaking      (KakanaiVoiceGuide *self);

/* Renders @text in @language to a WAV file at @wav_path (active or not). */
gboolean           kakanai_voice_guide_render_to_file    (KakanaiVoiceGuide *self,
                                                          const char        *language,
                                                          const char        *text,
                                                          const char        *wav_path,
                                                          GCancellable      *cancellable,
                                                          GError           **error);

G_END_DECLS
