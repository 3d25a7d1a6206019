/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-card-responses.c: arbitrary card answers, fed through a scripted transport to the reader.
 *
 * Input: one flags byte (bit 0 ALLOW_LAST_TRY, bit 1 WITH_MY_NUMBER), then answers,
 * each a 2-byte big-endian length (taken modulo 259) and that many bytes. When
 * the answers run out the card counts as removed. */
#include <stddef.h>
#include <stdint.h>

#include <kakanai-card.h>
#include "scripted-transport.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_outcome (KakanaiCardRecord *record,
               GError            *error,
               KakanaiReadFlags   flags)
{
  if (record == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_CARD_ERROR);
      g_assert (error->code <= KAKANAI_CARD_ERROR_LAST);
      return;
    }
  g_assert (error == NULL);
  g_assert (g_utf8_validate (record->name, -1, NULL) && record->name[0] != '\0');
  g_assert (g_utf8_validate (record->address, -1, NULL) && record->address[0] != '\0');
  g_assert (kakanai_card_birth_date_is_valid (record->birth_date));
  g_assert (kakanai_card_sex_to_code (record->sex) != NULL);
  if (flags & KAKANAI_READ_WITH_MY_NUMBER)
    g_assert (kakanai_my_number_check_digit_valid (record->my_number));
  else
    g_assert (record->my_number == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiMyNumberCard) card = kakanai_mynumber_card_new (transport);
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  KakanaiReadFlags flags;
  size_t offset = 1;
  guint tries_left = G_MAXUINT;

  if (size < 1)
    return 0;
  flags = data[0] & (KAKANAI_READ_ALLOW_LAST_TRY | KAKANAI_READ_WITH_MY_NUMBER);

  while (offset + 2 <= size)
    {
      size_t length = ((size_t) data[offset] << 8 | data[offset + 1]) % 259;

      offset += 2;
      length = MIN (length, size - offset);
      scripted_transport_add_response (transport, data + offset, length);
      offset += length;
    }

  record = kakanai_mynumber_card_read (card, "1234", flags, &tries_left, &error);
  check_outcome (record, error, flags);
  /* The guard: a PIN goes out only with at least two tries, or one when allowed. */
  if (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED))
    g_assert (!(flags & KAKANAI_READ_ALLOW_LAST_TRY) && tries_left == 1);
  /* Transactions always balance. */
  g_assert (scripted_transport_get_n_begins (transport) == scripted_transport_get_n_ends (transport));
  return 0;
}
