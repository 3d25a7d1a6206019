/* kakanai-layout.h: the one layout pass, template + data -> positioned content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kakanai-form-data.h"
#include "kakanai-template.h"

G_BEGIN_DECLS

typedef struct _KakanaiLayout KakanaiLayout;

typedef enum {
  /* The text does not fit its box even at the field's min_size (or has more
   * characters than boxes). It is still drawn, at min_size, never cut. */
  KAKANAI_LAYOUT_PROBLEM_OVERFLOW,
  /* No bundled font can draw @character: it is drawn as the .notdef box. */
  KAKANAI_LAYOUT_PROBLEM_MISSING_GLYPH,
  /* The value does not suit the field: a choice value that matches no
   * option, or a date that is not YYYY-MM-DD / cannot be written in 和暦. */
  KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE,
} KakanaiLayoutProblemKind;

/* Problems carry personal data (the character, the key): show them to the
 * clerk, never log them. */
typedef struct {
  KakanaiLayoutProblemKind kind;
  char     *template_id;
  char     *element_id;  /* the field's "id", or "#<index>" when it has none */
  char     *key;         /* the data key of the field */
  gunichar  character;   /* MISSING_GLYPH only, else 0 */
  char     *message;     /* translated, one line, for the clerk */
} KakanaiLayoutProblem;

/* One page per template, in order. @data may lack keys: their fields stay
 * empty. Fails only for errors the caller must handle (fonts missing, an
 * image that cannot be read); what a clerk can decide on is a problem. */
KakanaiLayout  *kakanai_layout_new              (KakanaiTemplate **templates,
                                                 guint             n_templates,
                                                 KakanaiFormData  *data,
                                                 GError          **error);
/* Several documents in one: for each of @data, one page per template (a pdfme input
 * list: one copy of the form per person). */
KakanaiLayout  *kakanai_layout_new_documents    (KakanaiTemplate **templates,
                                                 guint             n_templates,
                                                 KakanaiFormData **data,
                                                 guint             n_documents,
                                                 GError          **error);
void            kakanai_layout_free             (KakanaiLayout    *layout);

guint           kakanai_layout_get_n_pages      (KakanaiLayout    *layout);
void            kakanai_layout_get_page_size    (KakanaiLayout    *layout,
                                                 guint             page,
                                                 double           *width_mm,
                                                 double           *height_mm);
/* GPtrArray of KakanaiLayoutProblem*, owned by @layout; empty when none. */
GPtrArray      *kakanai_layout_get_problems     (KakanaiLayout    *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiLayout, kakanai_layout_free)

G_END_DECLS
