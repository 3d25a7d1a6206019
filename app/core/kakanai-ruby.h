/* kakanai-ruby.h: text with readings over its kanji, written {漢字|かんじ} (docs/languages.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize start;    /* bytes, into the base text */
  gsize end;
  char *reading;  /* what goes above base[start, end) */
} KakanaiRubySpan;

/* @markup split into its base text (returned) and the spans of readings (@spans, may be
 * NULL). Anything that is not {base|reading} with both non-empty stays as written, so a
 * brace in ordinary text is shown, never lost. */
char       *kakanai_ruby_parse          (const char  *markup,
                                         GArray     **spans);
/* The text a reader sees without ruby: "{住所|じゅうしょ}" -> "住所". */
char       *kakanai_ruby_strip          (const char  *markup);
/* The text with each base replaced by its reading: what a speech engine says. */
char       *kakanai_ruby_to_readings    (const char  *markup);

G_END_DECLS
