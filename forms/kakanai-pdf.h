/* kakanai-pdf.h: the libharu renderer of a layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kakanai-layout.h"

G_BEGIN_DECLS

/* The PDF, built in memory only: each font is subset to the glyphs used and
 * handed to libharu through an anonymous memory file, never a file on disk.
 * Text extracts as the original characters (𠮷, 𩸽, 﨑 included). */
GBytes *kakanai_pdf_render (KakanaiLayout *layout,
                            GError       **error);

G_END_DECLS
