/* kakanai-language.h: the languages a counter can offer residents (docs/languages.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One resident language. Codes are gettext's ("pt_BR", "ja@easy"): the same code names the
 * catalogue (po/CODE.po), the configuration's languages= entry and a template's text. */
typedef struct _KakanaiLanguage KakanaiLanguage;

/* NULL when Kakanai does not know @code. */
const KakanaiLanguage *kakanai_language_lookup           (const char            *code);
/* Every known language, in the order a start screen lists them; NULL-terminated. */
const KakanaiLanguage * const *kakanai_language_get_all  (void);

const char  *kakanai_language_get_code          (const KakanaiLanguage *language);
/* BCP 47 ("zh-CN", "ja"): for Pango, accessibility and speech engines. */
const char  *kakanai_language_get_tag           (const KakanaiLanguage *language);
/* Its name in itself, in its own script ("한국어"). */
const char  *kakanai_language_get_native_name   (const KakanaiLanguage *language);
/* A sentence of the kind the kiosk shows, in its script: what a font must cover. */
const char  *kakanai_language_get_sample        (const KakanaiLanguage *language);
/* The eSpeak NG voice, or NULL when eSpeak NG has none (Japanese goes through its readings). */
const char  *kakanai_language_get_espeak_voice  (const KakanaiLanguage *language);
/* Whether text in it carries ruby markup ({漢字|かんじ}, see kakanai-ruby.h). */
gboolean     kakanai_language_has_ruby          (const KakanaiLanguage *language);

/* Its name in itself, or @code itself when unknown. */
const char  *kakanai_language_native_name_for   (const char            *code);

/* @localedir/CODE/LC_MESSAGES/kakanai.mo exists and is a compiled catalogue. */
gboolean     kakanai_language_has_catalogue     (const char            *code,
                                                 const char            *localedir);

/* The first character of @text that no installed font (fontconfig) can draw, or 0.
 * Spaces and controls never count. */
gunichar     kakanai_language_find_missing_glyph (const char           *text);

G_END_DECLS
