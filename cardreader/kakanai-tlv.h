/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-tlv.h: bounds-checked BER-TLV (ISO/IEC 8825-1 as used by ISO 7816-4) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A parsed object. @value points into the parsed buffer (borrowed). @tag holds
 * the tag bytes big-endian, e.g. 0xFF20, 0xDF22, 0x5F4E; at most 4 tag bytes. */
typedef struct
{
  guint32       tag;
  const guint8 *value;
  gsize         length;
} KakanaiTlv;

/* Tag and length of the object at @data, without needing its value to be
 * present: @header_length is the size of tag + length bytes, @value_length
 * the announced length. Fails with KAKANAI_CARD_ERROR_BAD_DATA on a missing or
 * truncated header, indefinite length (80), an overlong length field (> 4
 * bytes) or a tag longer than 4 bytes. Never reads past @data + @size. */
gboolean kakanai_tlv_parse_header (const guint8 *data,
                                   gsize         size,
                                   guint32      *tag,
                                   gsize        *header_length,
                                   gsize        *value_length,
                                   GError      **error);

/* Parses the object at the start of @data. Fails with BAD_DATA as above, or
 * when the value runs past @size. @consumed (may be NULL) gets the encoded
 * size of the object, so the caller can step to the next sibling. */
gboolean kakanai_tlv_parse_one    (const guint8 *data,
                                   gsize         size,
                                   KakanaiTlv   *tlv,
                                   gsize        *consumed,
                                   GError      **error);

/* Finds the first object tagged @tag among the siblings in @data (one level,
 * no descent). Fails with BAD_DATA when a sibling before it is malformed or
 * when there is no such object. */
gboolean kakanai_tlv_find         (const guint8 *data,
                                   gsize         size,
                                   guint32       tag,
                                   KakanaiTlv   *tlv,
                                   GError      **error);

/* Appends tag, length (shortest form) and value to @out. */
void     kakanai_tlv_append       (GByteArray   *out,
                                   guint32       tag,
                                   const guint8 *value,
                                   gsize         length);

G_END_DECLS
