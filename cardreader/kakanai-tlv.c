/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-tlv.c: bounds-checked BER-TLV; every read is checked against the buffer's end */
#define G_LOG_DOMAIN "kakanai-card"

#include <glib/gi18n-lib.h>

#include "kakanai-card-error.h"
#include "kakanai-tlv.h"

#define MAX_TAG_BYTES    4
#define MAX_LENGTH_BYTES 4

static gboolean
malformed (GError    **error,
           const char *problem)
{
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
               _("The card sent malformed data (%s)."), problem);
  return FALSE;
}

/* Tag: one byte, or when its low five bits are all set, more bytes while bit 8 is set. */
static gboolean
parse_tag (const guint8 *data,
           gsize         size,
           guint32      *tag,
           gsize        *tag_length,
           GError      **error)
{
  gsize i = 0;
  guint32 value;

  if (size == 0)
    return malformed (error, "missing tag");

  value = data[i++];
  if ((value & 0x1F) == 0x1F)
    {
      guint8 byte;

      do
        {
          if (i >= size)
            return malformed (error, "truncated tag");
          if (i >= MAX_TAG_BYTES)
            return malformed (error, "tag too long");
          byte = data[i++];
          value = (value << 8) | byte;
        }
      while (byte & 0x80);
    }

  *tag = value;
  *tag_length = i;
  return TRUE;
}

static gboolean
parse_length (const guint8 *data,
              gsize         size,
              gsize        *value_length,
              gsize        *length_length,
              GError      **error)
{
  gsize n_bytes;
  guint64 value = 0;

  if (size == 0)
    return malformed (error, "missing length");

  if (data[0] < 0x80)
    {
      *value_length = data[0];
      *length_length = 1;
      return TRUE;
    }

  n_bytes = data[0] & 0x7F;
  if (n_bytes == 0)
    return malformed (error, "indefinite length");
  if (n_bytes > MAX_LENGTH_BYTES)
    return malformed (error, "length field too long");
  if (n_bytes >= size)
    return malformed (error, "truncated length");

  for (gsize i = 1; i <= n_bytes; i++)
    value = (value << 8) | data[i];
  if (value > G_MAXSIZE)
    return malformed (error, "length too large");

  *value_length = (gsize) value;
  *length_length = 1 + n_bytes;
  return TRUE;
}

gboolean
kakanai_tlv_parse_header (const guint8 *data,
                          gsize         size,
                          guint32      *tag,
                          gsize        *header_length,
                          gsize        *value_length,
                          GError      **error)
{
  gsize tag_length, length_length;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (!parse_tag (data, size, tag, &tag_length, error))
    return FALSE;
  if (!parse_length (data + tag_length, size - tag_length, value_length, &length_length, error))
    return FALSE;

  *header_length = tag_length + length_length;
  return TRUE;
}

gboolean
kakanai_tlv_parse_one (const guint8 *data,
                       gsize         size,
                       KakanaiTlv   *tlv,
                       gsize        *consumed,
                       GError      **error)
{
  guint32 tag;
  gsize header_length, value_length;

  if (!kakanai_tlv_parse_header (data, size, &tag, &header_length, &value_length, error))
    return FALSE;
  /* Written so that a huge value_length cannot overflow the sum. */
  if (value_length > size - header_length)
    return malformed (error, "length runs past the data");

  tlv->tag = tag;
  tlv->value = data + header_length;
  tlv->length = value_length;
  if (consumed != NULL)
    *consumed = header_length + value_length;
  return TRUE;
}

gboolean
kakanai_tlv_find (const guint8 *data,
                  gsize         size,
                  guint32       tag,
                  KakanaiTlv   *tlv,
                  GError      **error)
{
  gsize offset = 0;

  while (offset < size)
    {
      KakanaiTlv candidate;
      gsize consumed;

      if (!kakanai_tlv_parse_one (data + offset, size - offset, &candidate, &consumed, error))
        return FALSE;
      if (candidate.tag == tag)
        {
          *tlv = candidate;
          return TRUE;
        }
      offset += consumed;
    }

  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
               _("The card’s data lacks an expected item (tag %X)."), (guint) tag);
  return FALSE;
}

void
kakanai_tlv_append (GByteArray   *out,
                    guint32       tag,
                    const guint8 *value,
                    gsize         length)
{
  guint8 header[MAX_TAG_BYTES + 1 + MAX_LENGTH_BYTES];
  gsize n = 0;

  /* Only the last byte of a tag can be zero (the others have bit 8 set or are the first). */
  for (int shift = 24; shift >= 0; shift -= 8)
    {
      guint8 byte = (tag >> shift) & 0xFF;

      if (byte != 0 || shift == 0)
        header[n++] = byte;
    }

  if (length < 0x80)
    header[n++] = (guint8) length;
  else
    {
      guint n_bytes = length <= 0xFF ? 1 : length <= 0xFFFF ? 2 : length <= 0xFFFFFF ? 3 : 4;

      g_return_if_fail (length <= G_MAXUINT32);
      header[n++] = 0x80 | n_bytes;
      for (int i = (int) n_bytes - 1; i >= 0; i--)
        header[n++] = (guint8) (length >> (8 * i));
    }

  g_byte_array_append (out, header, n);
  if (length > 0)
    g_byte_array_append (out, value, length);
}
