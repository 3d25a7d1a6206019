/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-card-tlv.c: the BER-TLV parser and the parsers of the card's files, on arbitrary bytes */
#include <stddef.h>
#include <stdint.h>

#include <kakanai-card.h>
#include "kakanai-mynumber-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Bit 6 of the first tag byte: the value holds more objects. */
static gboolean
is_constructed (guint32 tag)
{
  while (tag > 0xFF)
    tag >>= 8;
  return (tag & 0x20) != 0;
}

static void
walk_siblings (const guint8 *data,
               gsize         size,
               guint         depth)
{
  gsize offset = 0;

  while (offset < size && depth < 8)
    {
      KakanaiTlv tlv;
      gsize consumed;

      if (!kakanai_tlv_parse_one (data + offset, size - offset, &tlv, &consumed, NULL))
        return;
      g_assert (tlv.value >= data + offset && tlv.value + tlv.length <= data + size);
      g_assert (consumed > 0 && consumed <= size - offset);
      if (is_constructed (tlv.tag))
        walk_siblings (tlv.value, tlv.length, depth + 1);
      offset += consumed;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* An exact-size copy, so that ASan sees any read past the end. */
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;
  char *number;

  walk_siblings (copy, size, 0);
  kakanai_tlv_find (copy, size, KAKANAI_MYNUMBER_TAG_NAME, &tlv, NULL);

  if (kakanai_mynumber_parse_basic_four (copy, size, record, &error))
    {
      g_assert (g_utf8_validate (record->name, -1, NULL));
      g_assert (g_utf8_validate (record->address, -1, NULL));
      g_assert (kakanai_card_birth_date_is_valid (record->birth_date));
      g_assert (kakanai_card_sex_to_code (record->sex) != NULL);
    }
  else
    g_assert (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA));

  number = kakanai_mynumber_parse_my_number (copy, size, NULL);
  if (number != NULL)
    g_assert (kakanai_my_number_check_digit_valid (number));
  kakanai_secure_strfree (number);
  return 0;
}
