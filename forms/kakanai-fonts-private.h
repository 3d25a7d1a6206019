/* kakanai-fonts-private.h: the three bundled font families, found by fontconfig.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <hb.h>

#include "kakanai-template-private.h"

G_BEGIN_DECLS

typedef struct {
  KakanaiFontFamily  family;
  char              *path;
  hb_face_t         *face;
  hb_font_t         *font;      /* scaled to units per em */
  unsigned int       upem;
  double             ascender;  /* fraction of the em, positive */
  double             descender; /* fraction of the em, negative */
} KakanaiFont;

/* Loads the families once per process (thread-safe). Fails with
 * KAKANAI_FORMS_ERROR_FONT naming the missing family and its Debian package. */
gboolean           kakanai_fonts_ensure          (GError          **error);
/* Only after kakanai_fonts_ensure() succeeded. */
const KakanaiFont *kakanai_font_get              (KakanaiFontFamily family);
/* The glyph for @ch (with @variation_selector, or 0), or 0 when the font lacks it. */
hb_codepoint_t     kakanai_font_lookup_glyph     (const KakanaiFont *font,
                                                  gunichar           ch,
                                                  gunichar           variation_selector);
/* A cairo face for the family, created on first use, owned by the module. */
cairo_font_face_t *kakanai_font_get_cairo_face   (KakanaiFontFamily family);

G_END_DECLS
