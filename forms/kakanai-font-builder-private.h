/* kakanai-font-builder-private.h: one TrueType font made of chosen glyphs of several
 * faces, for one document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <hb.h>

G_BEGIN_DECLS

typedef struct _KakanaiFontBuilder KakanaiFontBuilder;

KakanaiFontBuilder *kakanai_font_builder_new       (void);
void                kakanai_font_builder_free      (KakanaiFontBuilder *self);

/* Adds @glyph of @face (a TrueType face with glyf outlines, kept alive by the caller
 * until the font is built) as the next glyph and returns its number in the built font:
 * 1, 2, 3 … in the order of the calls (0 is the first face's .notdef). Adding the same
 * glyph twice gives two numbers, so that each number can stand for one text. The
 * components of a composite glyph are added after all the glyphs asked for. */
guint               kakanai_font_builder_add_glyph (KakanaiFontBuilder *self,
                                                    hb_face_t          *face,
                                                    hb_codepoint_t      glyph);

/* The font: glyf without hinting, loca, hmtx, hhea, maxp, head, OS/2, post (no glyph
 * names), a name table of its own and a cmap mapping each code 1…n to glyph 1…n. Its
 * bytes reveal which characters a document holds, so they are wiped when the blob is
 * destroyed. NULL with KAKANAI_FORMS_ERROR_FONT when a face is not TrueType, the faces'
 * units per em differ or a glyph is damaged. */
hb_blob_t          *kakanai_font_builder_build     (KakanaiFontBuilder *self,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiFontBuilder, kakanai_font_builder_free)

G_END_DECLS
