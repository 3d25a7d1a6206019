/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-apdu.c: status words, the exchange (61xx, 6Cxx) and the reader against scripted answers */
#include <string.h>

#include "card-test-utils.h"
#include "scripted-transport.h"

static void
assert_command (KakanaiTransport *transport,
                guint             index,
                const guint8     *expected,
                gsize             length)
{
  GBytes *command = scripted_transport_get_command (transport, index);

  assert_int_equal (g_bytes_get_size (command), length);
  assert_memory_equal (g_bytes_get_data (command, NULL), expected, length);
}

/* ---- Status words ---- */

static void
test_sw_mapping (void **state)
{
  const struct { guint16 sw; KakanaiCardError error; } cases[] = {
    { 0x63C2, KAKANAI_CARD_ERROR_WRONG_PIN },
    { 0x63C1, KAKANAI_CARD_ERROR_WRONG_PIN },
    { 0x63C0, KAKANAI_CARD_ERROR_PIN_BLOCKED },
    { 0x6983, KAKANAI_CARD_ERROR_PIN_BLOCKED },
    { 0x6984, KAKANAI_CARD_ERROR_PIN_BLOCKED },
    { 0x6A82, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD },
    { 0x6982, KAKANAI_CARD_ERROR_IO },
    { 0x6700, KAKANAI_CARD_ERROR_IO },
    { 0x6B00, KAKANAI_CARD_ERROR_IO },
    { 0x6A86, KAKANAI_CARD_ERROR_IO },
    { 0x6F00, KAKANAI_CARD_ERROR_IO },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      assert_int_equal (kakanai_sw_to_error (cases[i].sw), cases[i].error);
      kakanai_sw_set_error (cases[i].sw, "TEST", &error);
      assert_card_error (error, cases[i].error);
    }
}

static void
test_sw_predicates (void **state)
{
  guint tries = 99;

  assert_true (kakanai_sw_is_success (0x9000));
  assert_true (kakanai_sw_is_success (0x6282));
  assert_false (kakanai_sw_is_success (0x6100));
  assert_false (kakanai_sw_is_success (0x63C3));

  assert_true (kakanai_sw_is_tries_left (0x63C3, &tries));
  assert_int_equal (tries, 3);
  assert_true (kakanai_sw_is_tries_left (0x63C0, &tries));
  assert_int_equal (tries, 0);
  assert_false (kakanai_sw_is_tries_left (0x6300, &tries));
  assert_false (kakanai_sw_is_tries_left (0x9000, &tries));

  assert_true (kakanai_sw_is_pin_blocked (0x6983));
  assert_true (kakanai_sw_is_pin_blocked (0x6984));
  assert_false (kakanai_sw_is_pin_blocked (0x6982));
}

static void
test_error_codes (void **state)
{
  const char *expected[] = {
    "no_reader", "no_card", "not_mynumber_card", "wrong_pin", "last_try_refused",
    "pin_blocked", "card_removed", "io_error", "bad_data", "cancelled",
  };

  assert_int_equal (G_N_ELEMENTS (expected), KAKANAI_CARD_ERROR_LAST + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_string_equal (kakanai_card_error_to_code ((KakanaiCardError) i), expected[i]);
  assert_string_equal (kakanai_card_error_to_code ((KakanaiCardError) 1000), "unknown");
}

/* ---- kakanai_apdu_exchange ---- */

static const guint8 read_binary_le00[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

static void
test_exchange_plain (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;

  scripted_transport_add_hex (transport, "01 02 03 90 00");
  assert_true (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_no_error (error);
  assert_int_equal (response.sw, 0x9000);
  assert_int_equal (response.length, 3);
  assert_memory_equal (response.data, "\x01\x02\x03", 3);
  assert_int_equal (kakanai_transport_get_n_transmitted (transport), 1);
}

static void
test_exchange_get_response (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;
  const guint8 get_response_2[] = { 0x00, 0xC0, 0x00, 0x00, 0x02 };
  const guint8 get_response_1[] = { 0x00, 0xC0, 0x00, 0x00, 0x01 };

  scripted_transport_add_hex (transport, "61 02");
  scripted_transport_add_hex (transport, "AA BB 61 01");
  scripted_transport_add_hex (transport, "CC 90 00");
  assert_true (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_no_error (error);
  assert_int_equal (response.sw, 0x9000);
  assert_int_equal (response.length, 3);
  assert_memory_equal (response.data, "\xAA\xBB\xCC", 3);
  assert_command (transport, 1, get_response_2, sizeof get_response_2);
  assert_command (transport, 2, get_response_1, sizeof get_response_1);
}

static void
test_exchange_wrong_le (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;
  const guint8 resent[] = { 0x00, 0xB0, 0x00, 0x00, 0x0A };

  scripted_transport_add_hex (transport, "6C 0A");
  scripted_transport_add_hex (transport, "00 01 02 03 04 05 06 07 08 09 90 00");
  assert_true (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_no_error (error);
  assert_int_equal (response.length, 10);
  assert_command (transport, 1, resent, sizeof resent);
}

/* A T=0 card: 6Cxx first, then 61xx on the re-sent command. */
static void
test_exchange_wrong_le_then_get_response (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;

  scripted_transport_add_hex (transport, "6C 02");
  scripted_transport_add_hex (transport, "61 02");
  scripted_transport_add_hex (transport, "AB CD 90 00");
  assert_true (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_no_error (error);
  assert_int_equal (response.length, 2);
  assert_int_equal (response.sw, 0x9000);
  assert_int_equal (kakanai_transport_get_n_transmitted (transport), 3);
}

static void
test_exchange_wrong_le_without_le (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;
  const guint8 case1[] = { 0x00, 0x20, 0x00, 0x80 };

  const guint8 case3[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };

  scripted_transport_add_hex (transport, "6C 0A");
  assert_false (kakanai_apdu_exchange (transport, case1, sizeof case1, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_IO);
  g_clear_error (&error);

  /* Its last byte is data, not Le: nothing may be overwritten and re-sent. */
  scripted_transport_add_hex (transport, "6C 0A");
  assert_false (kakanai_apdu_exchange (transport, case3, sizeof case3, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_IO);
  assert_int_equal (scripted_transport_get_n_commands (transport), 2);
}

static void
test_exchange_endless_get_response (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;

  for (guint i = 0; i < 20; i++)
    scripted_transport_add_hex (transport, "61 00");
  assert_false (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_IO);
  assert_true (kakanai_transport_get_n_transmitted (transport) < 20);
}

static void
test_exchange_too_much_data (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;
  guint8 big[202];

  memset (big, 0x41, sizeof big);
  big[200] = 0x61;
  big[201] = 0xC8;
  scripted_transport_add_response (transport, big, sizeof big);
  big[200] = 0x90;
  big[201] = 0x00;
  scripted_transport_add_response (transport, big, sizeof big);
  assert_false (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_exchange_short_responses (void **state)
{
  const char *responses[] = { "", "90" };

  for (gsize i = 0; i < G_N_ELEMENTS (responses); i++)
    {
      g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
      g_autoptr(GError) error = NULL;
      KakanaiApduResponse response;

      scripted_transport_add_hex (transport, responses[i]);
      assert_false (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
      assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
    }
}

static void
test_exchange_transport_errors (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(GError) error = NULL;
  KakanaiApduResponse response;

  scripted_transport_add_error (transport, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "pipe"));
  scripted_transport_add_error (transport, g_error_new_literal (KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED, "gone"));

  assert_false (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_IO);
  g_clear_error (&error);

  assert_false (kakanai_apdu_exchange (transport, read_binary_le00, 5, &response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_CARD_REMOVED);
}

/* ---- The reader against scripted answers (cases a simulated card does not produce) ---- */

#define SELECT_AP_OK  "90 00"
#define SELECT_PIN_OK "90 00"
#define TRIES_3       "63 C3"
#define VERIFY_OK     "90 00"
#define SELECT_EF_OK  "90 00"

static const guint8 select_ap[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };
static const guint8 select_pin_ef[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
static const guint8 tries_current_ef[] = { 0x00, 0x20, 0x00, 0x80 };
static const guint8 verify_current_ef[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
static const guint8 tries_short_ef_id[] = { 0x00, 0x20, 0x00, 0x91 };
static const guint8 verify_short_ef_id[] = { 0x00, 0x20, 0x00, 0x91, 0x04, '1', '2', '3', '4' };
static const guint8 select_basic_four[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
static const guint8 read_first_255[] = { 0x00, 0xB0, 0x00, 0x00, 0xFF };

/* SELECT AP, SELECT EF 0011, 3 tries, VERIFY and SELECT EF 0002 all succeed. */
static void
add_answers_before_read (KakanaiTransport *transport)
{
  scripted_transport_add_hex (transport, SELECT_AP_OK);
  scripted_transport_add_hex (transport, SELECT_PIN_OK);
  scripted_transport_add_hex (transport, TRIES_3);
  scripted_transport_add_hex (transport, VERIFY_OK);
  scripted_transport_add_hex (transport, SELECT_EF_OK);
}

static KakanaiCardRecord *
read_scripted (KakanaiTransport *transport,
               GError          **error)
{
  g_autoptr(KakanaiMyNumberCard) card = kakanai_mynumber_card_new (transport);

  return kakanai_mynumber_card_read (card, "1234", KAKANAI_READ_DEFAULT, NULL, error);
}

static void
test_read_apdus_on_the_wire (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  add_answers_before_read (transport);
  scripted_transport_add_hex (transport, "FF 20 17 DF 22 01 41 DF 23 01 42 DF 24 08 3139383030313031 DF 25 01 31 90 00");

  record = read_scripted (transport, &error);
  assert_no_error (error);
  assert_string_equal (record->name, "A");
  assert_int_equal (record->sex, KAKANAI_SEX_MALE);
  assert_int_equal (scripted_transport_get_n_commands (transport), 6);
  assert_command (transport, 0, select_ap, sizeof select_ap);
  assert_command (transport, 1, select_pin_ef, sizeof select_pin_ef);
  assert_command (transport, 2, tries_current_ef, sizeof tries_current_ef);
  assert_command (transport, 3, verify_current_ef, sizeof verify_current_ef);
  assert_command (transport, 4, select_basic_four, sizeof select_basic_four);
  assert_command (transport, 5, read_first_255, sizeof read_first_255);
  assert_int_equal (scripted_transport_get_n_begins (transport), 1);
  assert_int_equal (scripted_transport_get_n_ends (transport), 1);
}

/* A card that refuses SELECT EF 0011 (6A82 or 6A86) is asked for the tries
 * and the PIN by the PIN EF's short id (P2 = 91); the rest is unchanged. */
static void
test_read_falls_back_to_short_ef_id (void **state)
{
  const char *refusals[] = { "6A 82", "6A 86" };

  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
      g_autoptr(KakanaiCardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      scripted_transport_add_hex (transport, SELECT_AP_OK);
      scripted_transport_add_hex (transport, refusals[i]);
      scripted_transport_add_hex (transport, TRIES_3);
      scripted_transport_add_hex (transport, VERIFY_OK);
      scripted_transport_add_hex (transport, SELECT_EF_OK);
      scripted_transport_add_hex (transport, "FF 20 17 DF 22 01 41 DF 23 01 42 DF 24 08 3139383030313031 DF 25 01 32 90 00");

      record = read_scripted (transport, &error);
      assert_no_error (error);
      assert_string_equal (record->address, "B");
      assert_int_equal (record->sex, KAKANAI_SEX_FEMALE);
      assert_int_equal (scripted_transport_get_n_commands (transport), 6);
      assert_command (transport, 1, select_pin_ef, sizeof select_pin_ef);
      assert_command (transport, 2, tries_short_ef_id, sizeof tries_short_ef_id);
      assert_command (transport, 3, verify_short_ef_id, sizeof verify_short_ef_id);
      assert_command (transport, 4, select_basic_four, sizeof select_basic_four);
    }
}

/* The tries-only query falls back the same way. */
static void
test_tries_fall_back_to_short_ef_id (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiMyNumberCard) card = kakanai_mynumber_card_new (transport);
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  scripted_transport_add_hex (transport, SELECT_AP_OK);
  scripted_transport_add_hex (transport, "6A 82");
  scripted_transport_add_hex (transport, "63 C2");
  assert_true (kakanai_mynumber_card_get_tries_left (card, &tries, &error));
  assert_no_error (error);
  assert_int_equal (tries, 2);
  assert_command (transport, 2, tries_short_ef_id, sizeof tries_short_ef_id);
}

/* A short read may end with 62 82 (end of file before Le bytes): the data counts. */
static void
test_read_accepts_end_of_file_warning (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  add_answers_before_read (transport);
  scripted_transport_add_hex (transport, "FF 20 17 DF 22 01 41 DF 23 01 42 DF 24 08 3139383030313031 DF 25 01 31 62 82");

  record = read_scripted (transport, &error);
  assert_no_error (error);
  assert_string_equal (record->name, "A");
  assert_int_equal (scripted_transport_get_n_commands (transport), 6);
}

/* A file of 600 bytes is read in chunks of 255, 255 and 90: never Le 00. */
static void
test_read_chunks_of_255 (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 read_second[] = { 0x00, 0xB0, 0x00, 0xFF, 0xFF };
  const guint8 read_third[] = { 0x00, 0xB0, 0x01, 0xFE, 0x5A };
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GByteArray) value = g_byte_array_new ();
  g_autofree char *address = g_strnfill (600 - 5 - 5 - 4 - 11 - 4, 'B');

  /* FF 20 82 02 53 { DF 22 01 A, DF 23 82 LL LL B..., DF 24 08 date, DF 25 01 1 }: 600 bytes. */
  kakanai_tlv_append (value, 0xDF22, (const guint8 *) "A", 1);
  kakanai_tlv_append (value, 0xDF23, (const guint8 *) address, strlen (address));
  kakanai_tlv_append (value, 0xDF24, (const guint8 *) "19800101", 8);
  kakanai_tlv_append (value, 0xDF25, (const guint8 *) "1", 1);
  kakanai_tlv_append (file, 0xFF20, value->data, value->len);
  assert_int_equal (file->len, 600);

  add_answers_before_read (transport);
  for (gsize offset = 0; offset < file->len; offset += 255)
    {
      gsize length = MIN (file->len - offset, (gsize) 255);
      g_autoptr(GByteArray) answer = g_byte_array_new ();

      g_byte_array_append (answer, file->data + offset, (guint) length);
      g_byte_array_append (answer, (const guint8 *) "\x90\x00", 2);
      scripted_transport_add_response (transport, answer->data, answer->len);
    }

  record = read_scripted (transport, &error);
  assert_no_error (error);
  assert_string_equal (record->address, address);
  assert_int_equal (scripted_transport_get_n_commands (transport), 8);
  assert_command (transport, 5, read_first_255, sizeof read_first_255);
  assert_command (transport, 6, read_second, sizeof read_second);
  assert_command (transport, 7, read_third, sizeof read_third);
  for (guint i = 0; i < scripted_transport_get_n_commands (transport); i++)
    {
      GBytes *command = scripted_transport_get_command (transport, i);
      const guint8 *bytes = g_bytes_get_data (command, NULL);

      if (bytes[1] == 0xB0)
        assert_int_not_equal (bytes[4], 0x00);
    }
}


/* A card that says the PIN is already verified (90 00 to VERIFY without data). */
static void
test_read_already_verified (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiMyNumberCard) card = kakanai_mynumber_card_new (transport);
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  scripted_transport_add_hex (transport, SELECT_AP_OK);
  scripted_transport_add_hex (transport, SELECT_PIN_OK);
  scripted_transport_add_hex (transport, "90 00");
  assert_true (kakanai_mynumber_card_get_tries_left (card, &tries, &error));
  assert_int_equal (tries, KAKANAI_MYNUMBER_PIN_MAX_TRIES);
}

static void
assert_read_fails_after (const char * const *answers,
                         KakanaiCardError    expected)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; answers[i] != NULL; i++)
    scripted_transport_add_hex (transport, answers[i]);
  record = read_scripted (transport, &error);
  assert_null (record);
  assert_card_error (error, expected);
  /* Every transaction begun is ended, whatever failed. */
  assert_int_equal (scripted_transport_get_n_begins (transport), 1);
  assert_int_equal (scripted_transport_get_n_ends (transport), 1);
}

static void
test_read_unexpected_status_words (void **state)
{
  const char *select_ap_odd[] = { "6F 00", NULL };
  const char *select_pin_odd[] = { SELECT_AP_OK, "69 86", NULL };
  const char *tries_odd_fallback[] = { SELECT_AP_OK, "6A 82", "6A 88", NULL };
  const char *tries_odd[] = { SELECT_AP_OK, SELECT_PIN_OK, "6A 86", NULL };
  const char *verify_odd[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, "6F 00", NULL };
  const char *select_ef_missing[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, "6A 82", NULL };
  const char *read_not_allowed[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "69 82", NULL };
  const char *read_wrong_pin_sw[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "63 C2", NULL };

  assert_read_fails_after (select_ap_odd, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (select_pin_odd, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (tries_odd_fallback, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (tries_odd, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (verify_odd, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (select_ef_missing, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (read_not_allowed, KAKANAI_CARD_ERROR_IO);
  assert_read_fails_after (read_wrong_pin_sw, KAKANAI_CARD_ERROR_IO);
}

static void
test_read_bad_files (void **state)
{
  /* The TLV says 0x1C2 bytes but the file ends after a short first answer. */
  const char *short_file[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "FF 20 82 01 C2 DF 22 01 41 90 00", NULL };
  /* An implausible size is refused before reading it. */
  const char *huge[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "FF 20 83 10 00 00 DF 90 00", NULL };
  const char *empty[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "90 00", NULL };
  const char *not_tlv[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "FF 20 80 90 00", NULL };
  const char *truncated_sw[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, "90", NULL };

  assert_read_fails_after (short_file, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_read_fails_after (huge, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_read_fails_after (empty, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_read_fails_after (not_tlv, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_read_fails_after (truncated_sw, KAKANAI_CARD_ERROR_BAD_DATA);
}

/* The first 255 bytes of a file whose TLV header is @header. */
static void
add_full_first_chunk (KakanaiTransport *transport,
                      const guint8     *header,
                      gsize             header_length)
{
  guint8 chunk[257];

  memset (chunk, 0x41, sizeof chunk);
  memcpy (chunk, header, header_length);
  chunk[255] = 0x90;
  chunk[256] = 0x00;
  scripted_transport_add_response (transport, chunk, sizeof chunk);
}

/* More data than asked for is refused, not copied. */
static void
test_read_overlong_chunk (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  add_answers_before_read (transport);
  /* FF 20 82 01 00: 261 bytes in all, so the second READ asks for 6; it gets 10. */
  add_full_first_chunk (transport, (const guint8 *) "\xFF\x20\x82\x01\x00", 5);
  scripted_transport_add_hex (transport, "41 41 41 41 41 41 41 41 41 41 90 00");

  record = read_scripted (transport, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_int_equal (scripted_transport_get_n_commands (transport), 7);
}

/* A later READ BINARY that brings less than asked means the file ended. */
static void
test_read_short_second_chunk (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 read_rest[] = { 0x00, 0xB0, 0x00, 0xFF, 0x2D };

  add_answers_before_read (transport);
  add_full_first_chunk (transport, (const guint8 *) "\xFF\x20\x82\x01\x27", 5); /* 300 bytes in all */
  scripted_transport_add_hex (transport, "41 41 41 41 90 00");
  scripted_transport_add_hex (transport, "41 41 41 41 90 00");

  record = read_scripted (transport, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_int_equal (scripted_transport_get_n_commands (transport), 7);
  assert_command (transport, 6, read_rest, sizeof read_rest);
}

/* A file announcing more than KAKANAI_MYNUMBER_BASIC_FOUR_MAX is refused before reading on. */
static void
test_read_implausible_size (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  add_answers_before_read (transport);
  add_full_first_chunk (transport, (const guint8 *) "\xFF\x20\x82\x10\x01", 5);
  for (guint i = 0; i < 20; i++)
    add_full_first_chunk (transport, (const guint8 *) "A", 1);

  record = read_scripted (transport, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_int_equal (scripted_transport_get_n_commands (transport), 6);
}

/* 67 00 (wrong length) to READ BINARY is the card's refusal: io_error, no data. */
static void
test_read_wrong_length_refused (void **state)
{
  const char *wrong_length[] = { SELECT_AP_OK, SELECT_PIN_OK, TRIES_3, VERIFY_OK, SELECT_EF_OK, "67 00", NULL };

  assert_read_fails_after (wrong_length, KAKANAI_CARD_ERROR_IO);
}

static void
test_read_begin_fails (void **state)
{
  g_autoptr(KakanaiTransport) transport = scripted_transport_new ();
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  scripted_transport_fail_begin (transport);
  record = read_scripted (transport, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_IO);
  assert_int_equal (scripted_transport_get_n_commands (transport), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_sw_mapping),
    cmocka_unit_test (test_sw_predicates),
    cmocka_unit_test (test_error_codes),
    cmocka_unit_test (test_exchange_plain),
    cmocka_unit_test (test_exchange_get_response),
    cmocka_unit_test (test_exchange_wrong_le),
    cmocka_unit_test (test_exchange_wrong_le_then_get_response),
    cmocka_unit_test (test_exchange_wrong_le_without_le),
    cmocka_unit_test (test_exchange_endless_get_response),
    cmocka_unit_test (test_exchange_too_much_data),
    cmocka_unit_test (test_exchange_short_responses),
    cmocka_unit_test (test_exchange_transport_errors),
    cmocka_unit_test (test_read_apdus_on_the_wire),
    cmocka_unit_test (test_read_falls_back_to_short_ef_id),
    cmocka_unit_test (test_tries_fall_back_to_short_ef_id),
    cmocka_unit_test (test_read_accepts_end_of_file_warning),
    cmocka_unit_test (test_read_chunks_of_255),
    cmocka_unit_test (test_read_wrong_length_refused),
    cmocka_unit_test (test_read_already_verified),
    cmocka_unit_test (test_read_unexpected_status_words),
    cmocka_unit_test (test_read_bad_files),
    cmocka_unit_test (test_read_overlong_chunk),
    cmocka_unit_test (test_read_short_second_chunk),
    cmocka_unit_test (test_read_implausible_size),
    cmocka_unit_test (test_read_begin_fails),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
