/* SPDX-License-Identifier: GPL-3.0-or-later */
/* long-text.h: a long static text, the same for the layout test and bench-forms --long-text:
 * a sentence with every kind of break kinsoku decides (、。「」（）, small kana, ー, Latin
 * words, digits) repeated to @bytes, cut at a character boundary. */
#pragma once

#include <string.h>
#include <glib.h>

static inline char *
long_text_new (gsize bytes)
{
  static const char sentence[] =
    "住民票の写しを請求します。「本人確認書類」は、マイナンバーカード（個人番号カード）です。"
    "ちょっと待ってください——ファックスでも受け付けます！ Kakanai version 2.0, 2026-12-01; "
    "窓口番号は３番、担当は山田です。";
  GString *text = g_string_sized_new (bytes + sizeof sentence);

  while (text->len < bytes)
    g_string_append (text, sentence);
  /* Cut at the last whole character before @bytes. */
  g_string_truncate (text, g_utf8_find_prev_char (text->str, text->str + bytes + 1) - text->str);
  return g_string_free (text, FALSE);
}

/* The template of one static text element of @text, wrapped on a whole A4 page. */
static inline char *
long_text_template_new (const char *text,
                        double      min_size)
{
  return g_strdup_printf ("{ \"format\": 1, \"id\": \"long\", \"title\": \"Long\", "
                          "\"page\": { \"size\": \"A4\" }, \"elements\": [ { \"type\": \"text\", "
                          "\"x\": 10, \"y\": 10, \"width\": 190, \"height\": 277, \"size\": 10.5, "
                          "\"min_size\": %g, \"valign\": \"top\", \"text\": \"%s\" } ] }",
                          min_size, text);
}
