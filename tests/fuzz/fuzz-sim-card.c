/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sim-card.c: sequences of APDUs and resets against the simulated card's handler.
 *
 * Input: one byte choosing a profile (below), then records, each a 2-byte big-endian
 * length (taken modulo 300) and that many bytes: length 0 is a reset, anything else
 * an APDU. Beyond not crashing, the card must keep its promises: an answer ends with a
 * status word, data is read only after the right PIN since the last reset or SELECT
 * of an application, and the tries never rise but through the right PIN. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kakanai-card.h>
#include <kakanai-sim-card.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define PERSON \
  "\"name\": \"髙﨑　𠮷太郎\", \"birth\": \"19800101\", \"sex\": \"1\", " \
  "\"my_number\": \"123456789018\", \"pin\": \"1234\""
#define LONG_ADDRESS \
  "\"address\": \"北海道札幌市中央区北一条西二丁目一番地札幌市役所本庁舎十八階一八〇一号室" \
  "札幌市役所本庁舎十八階一八〇一号室札幌市役所本庁舎十八階一八〇一号室札幌市役所本庁舎十八階\""

static const char * const profiles[] = {
  "{" PERSON ", \"address\": \"山口県山口市亀山町2番1号\"}",
  "{" PERSON ", " LONG_ADDRESS ", \"pin_tries_left\": 2}",
  "{" PERSON ", " LONG_ADDRESS ", \"faults\": {\"t0\": true}}",
  "{" PERSON ", " LONG_ADDRESS ", \"faults\": {\"short_reads_6282\": true, \"no_extended_length\": true}}",
  "{" PERSON ", " LONG_ADDRESS ", \"pin_tries_left\": 1,"
  " \"faults\": {\"cut_256_byte_answers\": true, \"status_words\": {\"select_pin_ef\": \"6A82\"}}}",
};

static gboolean
is_read_binary (const uint8_t *command,
                size_t         length)
{
  return length >= 4 && command[0] == 0x00 && command[1] == 0xB0;
}

static gboolean
answered_ok (const GByteArray *response)
{
  return response->len >= 2 && response->data[response->len - 2] == 0x90
         && response->data[response->len - 1] == 0x00;
}

/* A VERIFY with the right PIN (P2 80 or 91, short or extended Lc). */
static gboolean
carries_right_pin (const uint8_t *command,
                   size_t         length)
{
  return length >= 9 && command[0] == 0x00 && command[1] == 0x20
         && memmem (command + 4, length - 4, "1234", 4) != NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KakanaiSimCard) sim = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cut_answers;
  gboolean may_be_verified = FALSE;
  size_t offset = 1;
  guint tries;

  if (size < 1)
    return 0;
  sim = kakanai_sim_card_new_from_data (profiles[data[0] % G_N_ELEMENTS (profiles)], -1, &error);
  g_assert_no_error (error);
  cut_answers = data[0] % G_N_ELEMENTS (profiles) == 4;
  tries = kakanai_sim_card_get_pin_tries_left (sim);

  while (offset + 2 <= size)
    {
      size_t length = ((size_t) data[offset] << 8 | data[offset + 1]) % 300;
      const uint8_t *command = data + offset + 2;
      g_autoptr(GByteArray) response = g_byte_array_new ();
      guint tries_now;

      offset += 2;
      length = MIN (length, size - offset);
      offset += length;
      if (length == 0)
        {
          kakanai_sim_card_reset (sim);
          may_be_verified = FALSE;
          continue;
        }

      g_assert (kakanai_sim_card_process_apdu (sim, command, length, response, NULL));
      g_assert (response->len >= 2 || (cut_answers && response->len == 256));
      /* A new application selected ends the PIN's effect; a refused SELECT (a malformed
       * one, an unknown AID) leaves the card as it was, as a real card does. */
      if (length >= 4 && command[1] == 0xA4 && command[2] == 0x04 && answered_ok (response))
        may_be_verified = FALSE;
      if (carries_right_pin (command, length))
        may_be_verified = TRUE;
      /* Data from READ BINARY only after the right PIN. */
      if (is_read_binary (command, length) && response->len > 2)
        g_assert (may_be_verified);

      tries_now = kakanai_sim_card_get_pin_tries_left (sim);
      g_assert (tries_now <= KAKANAI_MYNUMBER_PIN_MAX_TRIES);
      if (tries_now > tries)
        g_assert (carries_right_pin (command, length));
      tries = tries_now;
      kakanai_wipe (response->data, response->len);
    }
  return 0;
}
