/* kakanai-layout-private.h: the positioned content both renderers draw.
 *
 * Coordinates are millimetres from the top-left corner of the page, y downwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <hb.h>

#include "kakanai-layout.h"
#include "kakanai-template-private.h"

G_BEGIN_DECLS

typedef enum {
  KAKANAI_ITEM_GLYPHS,
  KAKANAI_ITEM_LINE,
  KAKANAI_ITEM_RECT,
  KAKANAI_ITEM_ELLIPSE,
  KAKANAI_ITEM_IMAGE,
} KakanaiItemType;

typedef struct {
  hb_codepoint_t glyph;
  double         x, y;        /* pen position on the baseline */
  double         advance;     /* natural advance at the run's size */
  guint          text_offset; /* bytes into the run's text */
  guint          text_length; /* 0 for the 2nd+ glyph of a cluster */
} KakanaiGlyph;

typedef struct {
  KakanaiItemType     type;
  guint               element;     /* index of the template element it comes from */
  guint32             color;       /* text or stroke, 0xRRGGBB */

  /* GLYPHS: one font, one size. */
  KakanaiFontFamily   font;
  double              size;        /* the em, in mm */
  char               *text;        /* the characters drawn (personal: wiped on free) */
  guint               text_start;  /* where @text starts in the field's whole text */
  GArray             *glyphs;      /* KakanaiGlyph */

  /* LINE: (x, y) → (x2, y2). RECT, IMAGE: box (x, y, width, height).
   * ELLIPSE: centre (x, y), radii width and height. */
  double              x, y, x2, y2, width, height;
  double              line_width;  /* 0: no stroke */
  double              dash;
  gboolean            has_fill;
  guint32             fill;
  char               *image_path;
  KakanaiImage       *image;
} KakanaiLayoutItem;

typedef struct {
  char      *template_id;
  double     width, height;
  KakanaiBackground *background; /* drawn first, or NULL */
  GPtrArray *items; /* KakanaiLayoutItem*, in drawing order */
} KakanaiLayoutPage;

const KakanaiLayoutPage *kakanai_layout_get_page (KakanaiLayout *layout,
                                                  guint          page);

/* Decoded images a renderer keeps for the life of the layout (the kiosk redraws the
 * preview often; a scanned A4 background takes tens of ms to decode): path → data,
 * freed with @free_func given on first use. Not thread-safe: one renderer thread. */
GHashTable             *kakanai_layout_get_image_cache (KakanaiLayout  *layout,
                                                        GDestroyNotify  free_func);

#define KAKANAI_MM_PER_PT (25.4 / 72.0)

G_END_DECLS
