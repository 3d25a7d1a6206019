/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-font-builder.c: the document font builder on an arbitrary font file. It reads the
 * face's head, maxp, loca, glyf and hmtx itself (harfbuzz only finds the tables), so
 * offsets, lengths and composite glyphs are all the file's word.
 *
 * Input: one byte n (how many glyphs to ask for, 0–7), n big-endian 16-bit glyph ids,
 * then the font file. Errors (KAKANAI_FORMS_ERROR_FONT) are expected; crashes, reads out
 * of bounds and leaks are not. */
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include <hb.h>

#include "kakanai-font-builder-private.h"
#include "kakanai-forms-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KakanaiFontBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  hb_blob_t *blob, *built;
  hb_face_t *face;
  size_t n, header;

  if (size < 1)
    return 0;
  n = data[0] % 8;
  header = 1 + 2 * n;
  if (size < header)
    return 0;

  blob = hb_blob_create ((const char *) data + header, size - header, HB_MEMORY_MODE_READONLY, NULL, NULL);
  face = hb_face_create (blob, 0);
  hb_blob_destroy (blob);

  builder = kakanai_font_builder_new ();
  for (size_t i = 0; i < n; i++)
    kakanai_font_builder_add_glyph (builder, face, (hb_codepoint_t) (data[1 + 2 * i] << 8 | data[2 + 2 * i]));
  built = kakanai_font_builder_build (builder, &error);
  if (built == NULL)
    g_assert (error != NULL && error->domain == KAKANAI_FORMS_ERROR);
  else
    {
      /* What was built must be a font harfbuzz can read back. */
      hb_face_t *again = hb_face_create (built, 0);

      g_assert (hb_face_get_glyph_count (again) >= n);
      hb_face_destroy (again);
      hb_blob_destroy (built);
    }
  hb_face_destroy (face);
  return 0;
}
