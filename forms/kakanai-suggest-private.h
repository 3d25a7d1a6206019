/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-suggest-private.h: the one piece that finds a form's fields on a page, whatever
 * the page came from: its ruled lines from its dark pixels, its labels among its characters
 * (what to look for is data: kakanai-field-labels.json), mapped to the known keys, and each
 * field's box in the empty cell beside or below its label. A PDF page (kakanai-pdf-suggest.c:
 * poppler's text and Splash's pixels) and a scan (kakanai-scan-suggest.c: tesseract's
 * characters and the image's pixels) both come here. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The resolution of @dark, and what counts as dark (0–255 grey). */
#define KAKANAI_SUGGEST_PX_PER_MM 4.0
#define KAKANAI_SUGGEST_DARK_LEVEL 200

/* One character of the page: its box in mm from the page's top-left corner. */
typedef struct {
  double   x1, y1, x2, y2;
  gunichar character;
} KakanaiSuggestChar;

/* Suggestions (KakanaiPdfSuggestion*) for a page of @width_mm × @height_mm whose pixels at
 * KAKANAI_SUGGEST_PX_PER_MM are @dark (one byte a pixel, non-zero dark, @width_px a row) and
 * whose characters are @chars (KakanaiSuggestChar); in reading order, at most one per key. */
GPtrArray *kakanai_suggest_on_page (const guint8 *dark,
                                    int           width_px,
                                    int           height_px,
                                    GArray       *chars,
                                    double        width_mm,
                                    double        height_mm,
                                    GError      **error);

G_END_DECLS
