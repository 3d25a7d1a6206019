/* kakanai-template-private.h: what a loaded template holds, for the layout pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kakanai-background-private.h"
#include "kakanai-image-private.h"
#include "kakanai-template.h"

G_BEGIN_DECLS

typedef enum {
  KAKANAI_FONT_MINCHO,
  KAKANAI_FONT_GOTHIC,
  KAKANAI_FONT_NAMES,
  KAKANAI_N_FONTS
} KakanaiFontFamily;

typedef enum { KAKANAI_ALIGN_LEFT, KAKANAI_ALIGN_CENTER, KAKANAI_ALIGN_RIGHT } KakanaiAlign;
typedef enum { KAKANAI_VALIGN_TOP, KAKANAI_VALIGN_MIDDLE, KAKANAI_VALIGN_BOTTOM } KakanaiVAlign;

typedef enum {
  KAKANAI_ELEMENT_TEXT,
  KAKANAI_ELEMENT_LINE,
  KAKANAI_ELEMENT_RECT,
  KAKANAI_ELEMENT_CIRCLE,
  KAKANAI_ELEMENT_IMAGE,
  KAKANAI_ELEMENT_FIELD,
  KAKANAI_ELEMENT_QR,
} KakanaiElementType;

typedef enum {
  KAKANAI_FIELD_LINE,
  KAKANAI_FIELD_WRAP,
  KAKANAI_FIELD_BOXES,
  KAKANAI_FIELD_CHOICE,
} KakanaiFieldMode;

typedef enum {
  KAKANAI_VALUE_FORMAT_PLAIN,
  KAKANAI_VALUE_FORMAT_WAREKI,
  KAKANAI_VALUE_FORMAT_WAREKI_YEAR,
  KAKANAI_VALUE_FORMAT_GREGORIAN,
  KAKANAI_VALUE_FORMAT_ISO,
  KAKANAI_VALUE_FORMAT_WAREKI_FISCAL,
} KakanaiValueFormat;

typedef enum { KAKANAI_MARK_CIRCLE, KAKANAI_MARK_TICK } KakanaiMark;

typedef struct {
  char   *value;
  char   *label;    /* Japanese, or the value */
  char  **labels;   /* localized pairs, or NULL */
  double  x, y, width, height;
} KakanaiChoiceOption;

typedef struct {
  KakanaiElementType  type;
  guint               index;
  char               *id;          /* NULL when the template gives none */

  /* The box (text, rect, image, field); line: (x, y) → (x2, y2); circle: centre (x, y), radius r. */
  double              x, y, width, height;
  double              x2, y2, r;

  double              line_width;  /* mm; 0 = no stroke */
  double              dash;        /* mm; 0 = solid */
  guint32             color;       /* 0xRRGGBB */
  guint32             fill;
  gboolean            has_fill;

  char               *text;        /* static text */
  char               *image_path;  /* resolved: the real file, inside the template's folder */
  KakanaiImage       *image;       /* decoded when the template loads */

  KakanaiFontFamily   font;
  double              size;        /* pt */
  double              min_size;    /* pt */
  double              line_height; /* factor of size */
  KakanaiAlign        align;
  KakanaiVAlign       valign;
  double              letter_spacing; /* added to every advance, a share of the size */
  gboolean            vertical;       /* 縦書き: top to bottom, columns right to left */

  /* Fields */
  char               *key;
  KakanaiFieldMode    mode;
  KakanaiValueFormat  format;
  char               *prefix;
  char               *suffix;
  guint               n_boxes;
  gboolean            digits_only;
  KakanaiMark         mark;
  gboolean            multiple;
  GPtrArray          *options;       /* KakanaiChoiceOption* */
  char              **option_values; /* NULL-terminated, for kakanai_template_get_choices() */
  gboolean            value_is_date;   /* the key's values are dates (YYYY-MM-DD) */
  char              **value_labels;    /* (value, Japanese label) of a choice question on the
                                        * key, printed by line and wrap fields; or NULL */

  /* QR codes: the box is x, y, width (= height); content "{key}…"; 0–3 = L, M, Q, H. */
  char               *content;
  int                 ec_level;
} KakanaiElement;

/* The PDF page drawn under every element (docs/templates.md), or NULL. */
KakanaiBackground *kakanai_template_get_background (KakanaiTemplate *tpl);

/* KakanaiElement*, in drawing order. */
GPtrArray  *kakanai_template_get_elements (KakanaiTemplate *tpl);

/* What the layout makes of the template's static elements depends on the template
 * alone (never on a resident's data), so it is made once, by @build on first use, kept
 * with the template and freed with it by @free_func. Thread-safe. */
typedef gpointer (*KakanaiStaticLayoutFunc) (KakanaiTemplate *tpl);
gpointer    kakanai_template_get_static_layout (KakanaiTemplate         *tpl,
                                                KakanaiStaticLayoutFunc  build,
                                                GDestroyNotify           free_func);

/* Validation: the template a model describes. @root holds the top-level members,
 * @elements and @questions the JsonNode* of the items. */
KakanaiTemplate *kakanai_template_new_from_parts (JsonObject  *root,
                                                  GPtrArray   *elements,
                                                  GPtrArray   *questions,
                                                  const char  *source_name,
                                                  GError     **error);

/* "#3" or the id: how problems and errors name an element. */
char       *kakanai_element_describe      (const KakanaiElement *element);

G_END_DECLS
