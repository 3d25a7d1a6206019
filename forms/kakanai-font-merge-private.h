/* kakanai-font-merge-private.h: several TrueType subsets as one font.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <hb.h>

G_BEGIN_DECLS

/* A face builder holding the glyphs of every part, those of part i renumbered from
 * @bases_out[i] (the glyph counts of the parts before it). It has glyf, loca, hmtx, hhea,
 * maxp, head, OS/2, post and a name of its own; the caller adds cmap (and whatever else).
 * The parts must be TrueType (glyf) fonts with the same units per em. NULL with
 * KAKANAI_FORMS_ERROR_FONT when a part is not. */
hb_face_t *kakanai_font_merge (hb_face_t **parts,
                               guint       n_parts,
                               guint      *bases_out,
                               GError    **error);

G_END_DECLS
