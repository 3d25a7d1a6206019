/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sim-card.c: the simulated card's answers, profile checks and faults, APDU by APDU */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "card-test-utils.h"
#include "kakanai-input.h"
#include "kakanai-mynumber-private.h"

static const guint8 select_ap[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };
static const guint8 select_jpki[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
static const guint8 select_ef_basic[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
static const guint8 select_ef_number[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01 };
static const guint8 select_ef_other[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x05 };
static const guint8 select_pin_ef[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
static const guint8 tries[] = { 0x00, 0x20, 0x00, 0x80 };
static const guint8 verify_good[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
static const guint8 verify_bad[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '4', '3', '2', '1' };
static const guint8 tries_sfi[] = { 0x00, 0x20, 0x00, 0x91 };
static const guint8 verify_sfi_good[] = { 0x00, 0x20, 0x00, 0x91, 0x04, '1', '2', '3', '4' };
static const guint8 read_all[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
/* READ BINARY of EF 0002 by short id, extended Le 00 00 (65536: the whole file). */
static const guint8 read_basic_sfi_extended[] = { 0x00, 0xB0, 0x82, 0x00, 0x00, 0x00, 0x00 };
static const guint8 read_number_sfi[] = { 0x00, 0xB0, 0x81, 0x00, 0x00 };

/* Sends one APDU; returns the SW and leaves the data in @data (may be NULL). */
static guint16
send_apdu (KakanaiSimCard *sim,
           const guint8   *command,
           gsize           length,
           GByteArray     *data)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint16 sw;

  assert_true (kakanai_sim_card_process_apdu (sim, command, length, response, &error));
  assert_no_error (error);
  assert_true (response->len >= 2);
  sw = (guint16) (response->data[response->len - 2] << 8 | response->data[response->len - 1]);
  if (data != NULL)
    {
      g_byte_array_set_size (data, 0);
      g_byte_array_append (data, response->data, response->len - 2);
    }
  return sw;
}

#define SEND(sim, command) send_apdu ((sim), (command), sizeof (command), NULL)

static void
assert_profile_rejected (const char *json,
                         const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_data (json, -1, &error);

  assert_null (sim);
  assert_non_null (error);
  if (key != NULL && strstr (error->message, key) == NULL)
    fail_msg ("the error “%s” does not name “%s”", error->message, key);
}

/* ---- Profiles ---- */

static void
test_profile_minimum (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_sim_from_json (CARD_TEST_PROFILE (""));

  assert_int_equal (kakanai_sim_card_get_pin_tries_left (sim), 3);
  assert_true (kakanai_sim_card_is_present (sim));
}

static void
test_profile_errors (void **state)
{
  assert_profile_rejected ("[]", NULL);
  assert_profile_rejected ("{", NULL);
  assert_profile_rejected ("{\"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"1\", \"my_number\": \"123456789018\", \"pin\": \"1234\"}", "name");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"nmae\": \"x\","), "nmae");
  assert_profile_rejected ("{\"name\": 5, \"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"1\", \"my_number\": \"123456789018\", \"pin\": \"1234\"}", "name");
  assert_profile_rejected ("{\"name\": \"n\", \"address\": \"a\", \"birth\": \"1980011\", \"sex\": \"1\", \"my_number\": \"123456789018\", \"pin\": \"1234\"}", "birth");
  assert_profile_rejected ("{\"name\": \"n\", \"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"12\", \"my_number\": \"123456789018\", \"pin\": \"1234\"}", "sex");
  assert_profile_rejected ("{\"name\": \"n\", \"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"1\", \"my_number\": \"12345678901\", \"pin\": \"1234\"}", "my_number");
  assert_profile_rejected ("{\"name\": \"n\", \"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"1\", \"my_number\": \"123456789018\", \"pin\": \"12a4\"}", "pin");
  assert_profile_rejected ("{\"name\": \"n\", \"address\": \"a\", \"birth\": \"19800101\", \"sex\": \"1\", \"my_number\": \"123456789018\", \"pin\": \"1234\", \"pin_tries_left\": 4}", "pin_tries_left");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"applications\": [\"jpki\"],"), "applications");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"atr\": \"3B8\","), "atr");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": 3,"), "faults");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"delay\": 3},"), "faults.delay");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"delay_ms\": -1},"), "faults.delay_ms");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"remove_after_apdu\": \"3\"},"), "faults.remove_after_apdu");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"t0\": 1},"), "faults.t0");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"short_reads_6282\": \"yes\"},"), "faults.short_reads_6282");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"no_extended_length\": 0},"), "faults.no_extended_length");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"cut_256_byte_answers\": null},"), "faults.cut_256_byte_answers");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"status_words\": {\"select_pin_ef\": \"6A\"}},"), "select_pin_ef");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"status_words\": {\"verfy\": \"6983\"}},"), "verfy");
  assert_profile_rejected (CARD_TEST_PROFILE ("\"faults\": {\"status_words\": {\"verify\": \"698\"}},"), "verify");
}

static void
test_profile_file_errors_name_the_file (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_file ("/nonexistent/card.json", &error);

  assert_null (sim);
  assert_non_null (strstr (error->message, "/nonexistent/card.json"));
}

/* Deep nesting, size and non-regular files are refused before json-glib
 * sees them (it recurses: deep enough nesting overflows the stack). */
static void
test_profile_limits (void **state)
{
  g_autoptr(GString) deep = g_string_new ("{\"description\": ");
  g_autofree char *dir = g_dir_make_tmp ("kakanai-profile-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "card.json", NULL);
  g_autofree char *big = g_build_filename (dir, "big.json", NULL);
  g_autofree char *padding = g_strnfill (KAKANAI_SIM_PROFILE_MAX_BYTES, ' ');
  g_autofree char *big_json = g_strconcat (CARD_TEST_PROFILE (""), padding, NULL);
  g_autoptr(KakanaiSimCard) sim = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (deep, '[');
  sim = kakanai_sim_card_new_from_data (deep->str, (gssize) deep->len, &error);
  assert_null (sim);
  assert_true (g_error_matches (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_DEEP));
  g_clear_error (&error);

  sim = kakanai_sim_card_new_from_data (big_json, -1, &error);
  assert_null (sim);
  assert_true (g_error_matches (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_LARGE));
  g_clear_error (&error);

  assert_true (g_file_set_contents (big, big_json, -1, NULL));
  sim = kakanai_sim_card_new_from_file (big, &error);
  assert_null (sim);
  assert_true (g_error_matches (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_LARGE));
  g_clear_error (&error);

  /* A FIFO nobody writes to would block a plain read for ever. */
  assert_int_equal (mkfifo (fifo, 0600), 0);
  sim = kakanai_sim_card_new_from_file (fifo, &error);
  assert_null (sim);
  assert_true (g_error_matches (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_NOT_REGULAR));

  g_unlink (fifo);
  g_unlink (big);
  g_rmdir (dir);
}

/* ---- EF contents ---- */

static void
read_file_through_apdus (KakanaiSimCard *sim,
                         const guint8   *select_ef,
                         GByteArray     *contents)
{
  g_autoptr(GByteArray) chunk = g_byte_array_new ();
  guint8 read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, verify_good), 0x9000);
  assert_int_equal (send_apdu (sim, select_ef, 7, NULL), 0x9000);
  for (;;)
    {
      guint16 sw;

      read[2] = (guint8) (contents->len >> 8);
      read[3] = (guint8) contents->len;
      sw = send_apdu (sim, read, sizeof read, chunk);
      if (sw == KAKANAI_SW_END_OF_FILE)
        break;
      assert_int_equal (sw, 0x9000);
      g_byte_array_append (contents, chunk->data, chunk->len);
      if (chunk->len < 256)
        break;
    }
}

static void
test_basic_four_file_layout (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint32 item_tags[] = { 0xDF22, 0xDF23, 0xDF24, 0xDF25 };
  KakanaiTlv outer, header, name;

  read_file_through_apdus (sim, select_ef_basic, file);
  assert_true (kakanai_tlv_parse_one (file->data, file->len, &outer, NULL, &error));
  assert_int_equal (outer.tag, 0xFF20);
  assert_int_equal (file->data[2], outer.length); /* short form */
  assert_true (kakanai_tlv_find (outer.value, outer.length, 0xDF21, &header, &error));
  assert_int_equal (header.length, 8);
  /* DF 21 holds the file offsets of DF 22..DF 25. */
  for (guint i = 0; i < 4; i++)
    {
      gsize offset = (gsize) (header.value[2 * i] << 8 | header.value[2 * i + 1]);
      guint32 tag;
      gsize header_length, value_length;

      assert_true (kakanai_tlv_parse_header (file->data + offset, file->len - offset, &tag,
                                             &header_length, &value_length, &error));
      assert_int_equal (tag, item_tags[i]);
    }
  assert_true (kakanai_tlv_find (outer.value, outer.length, 0xDF22, &name, &error));
  assert_int_equal (name.length, strlen ("山口　花子"));
  assert_memory_equal (name.value, "山口　花子", name.length);
}

static void
test_long_file_uses_long_length (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("long-address.json");
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  KakanaiTlv outer;
  gsize consumed;

  read_file_through_apdus (sim, select_ef_basic, file);
  assert_true (file->len > 256);
  assert_int_equal (file->data[2], 0x82);
  assert_true (kakanai_tlv_parse_one (file->data, file->len, &outer, &consumed, &error));
  assert_int_equal (consumed, file->len);
}

static void
test_my_number_file (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(GByteArray) file = g_byte_array_new ();

  read_file_through_apdus (sim, select_ef_number, file);
  assert_int_equal (file->len, 17); /* the object and two bytes of padding */
  assert_memory_equal (file->data, "\xDF\x10\x0C" "123456789018" "\xFF\xFF", 17);
}

/* ---- Security state ---- */

static void
test_read_before_verify_refused (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6982);
  assert_int_equal (SEND (sim, select_ef_number), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6982);
}

static void
test_select_rules (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  const guint8 no_ef_read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

  assert_int_equal (SEND (sim, select_ef_basic), 0x6986); /* no current DF yet */
  assert_int_equal (SEND (sim, select_pin_ef), 0x6986);
  assert_int_equal (SEND (sim, tries), 0x6986);
  assert_int_equal (SEND (sim, tries_sfi), 0x6986);
  assert_int_equal (SEND (sim, read_number_sfi), 0x6986);
  assert_int_equal (SEND (sim, select_jpki), 0x6A82);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, no_ef_read), 0x6986);    /* no current EF */
  assert_int_equal (SEND (sim, tries), 0x6986);         /* P2 = 80: the current EF is no PIN */
  assert_int_equal (SEND (sim, select_ef_other), 0x6A82);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x6986);         /* EF 0002 is no PIN either */
  assert_int_equal (SEND (sim, select_ef_other), 0x6A82);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x63C3);
  assert_int_equal (SEND (sim, no_ef_read), 0x6981);    /* the PIN EF cannot be read */
}

/* jpki/myna's sequence: SELECT EF 0011, tries, VERIFY P2 = 80, SELECT EF 0002,
 * 7 bytes, then exactly the rest. */
static void
test_current_ef_sequence (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GByteArray) rest = g_byte_array_new ();
  const guint8 read_head[] = { 0x00, 0xB0, 0x00, 0x00, 0x07 };
  guint8 read_rest[] = { 0x00, 0xB0, 0x00, 0x07, 0x00 };
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x63C3);
  assert_int_equal (SEND (sim, verify_good), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (send_apdu (sim, read_head, sizeof read_head, head), 0x9000);
  assert_int_equal (head->len, 7);
  assert_int_equal (head->data[0], 0xFF);
  read_rest[4] = (guint8) (head->data[2] + 3 - 7);
  assert_int_equal (send_apdu (sim, read_rest, sizeof read_rest, rest), 0x9000);
  g_byte_array_append (head, rest->data, rest->len);
  assert_true (kakanai_mynumber_parse_basic_four (head->data, head->len, record, &error));
  assert_string_equal (record->name, "山口　花子");
}

/* jsapdu's sequence: VERIFY P2 = 91 (no SELECT), READ BINARY by short EF id
 * with extended Le: the whole file at once. */
static void
test_short_ef_id_sequence (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("long-address.json");
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GByteArray) number = g_byte_array_new ();
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;
  const guint8 read_current_next[] = { 0x00, 0xB0, 0x00, 0x10, 0x04 };
  g_autoptr(GByteArray) part = g_byte_array_new ();

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, read_basic_sfi_extended), 0x6982); /* not verified yet */
  assert_int_equal (SEND (sim, tries_sfi), 0x63C3);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (send_apdu (sim, read_basic_sfi_extended, sizeof read_basic_sfi_extended, file), 0x9000);
  assert_true (file->len > 256);
  assert_true (kakanai_mynumber_parse_basic_four (file->data, file->len, record, &error));
  assert_int_equal (g_utf8_strlen (record->address, -1), 150);
  /* Reading by short id made EF 0002 current. */
  assert_int_equal (send_apdu (sim, read_current_next, sizeof read_current_next, part), 0x9000);
  assert_memory_equal (part->data, file->data + 0x10, 4);
  assert_int_equal (send_apdu (sim, read_number_sfi, sizeof read_number_sfi, number), 0x9000);
  assert_memory_equal (number->data, "\xDF\x10\x0C" "123456789018", 15);
}

/* Re-selecting the AP clears the verified state (and the current EF). */
static void
test_reselecting_ap_clears_verification (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (SEND (sim, tries_sfi), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x9000);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6986); /* no current EF */
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6982);
  assert_int_equal (SEND (sim, tries_sfi), 0x63C3);
  assert_int_equal (SEND (sim, select_jpki), 0x6A82); /* another DF: nothing selected */
  assert_int_equal (SEND (sim, read_all), 0x6986);
}

/* Short and extended Le: a short read gets at most 256 bytes, what is left
 * with 90 00; an offset past the end is refused. */
static void
test_read_lengths (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("long-address.json");
  g_autoptr(GByteArray) data = g_byte_array_new ();
  const guint8 read_255[] = { 0x00, 0xB0, 0x00, 0x00, 0xFF };
  const guint8 read_ext_300[] = { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x2C };
  const guint8 read_far[] = { 0x00, 0xB0, 0x7F, 0x00, 0x01 };
  const guint8 read_with_data[] = { 0x00, 0xB0, 0x00, 0x00, 0x01, 0x00 };

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (send_apdu (sim, read_all, sizeof read_all, data), 0x9000);
  assert_int_equal (data->len, 256);
  assert_int_equal (send_apdu (sim, read_255, sizeof read_255, data), 0x9000);
  assert_int_equal (data->len, 255);
  assert_int_equal (send_apdu (sim, read_ext_300, sizeof read_ext_300, data), 0x9000);
  assert_int_equal (data->len, 300);
  assert_int_equal (SEND (sim, read_far), 0x6B00);
  assert_int_equal (SEND (sim, read_with_data), 0x6700);
}

static void
test_verify_unlocks_until_reset (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(GByteArray) data = g_byte_array_new ();

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x63C3);
  assert_int_equal (SEND (sim, verify_good), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x9000); /* verified */
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (send_apdu (sim, read_all, sizeof read_all, data), 0x9000);
  assert_true (data->len > 0);

  kakanai_sim_card_reset (sim);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6982);

  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  kakanai_sim_card_power_off (sim);
  kakanai_sim_card_power_on (sim);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_int_equal (SEND (sim, read_all), 0x6982);
}

static void
test_tries_count_down_and_block (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, verify_bad), 0x63C2);
  kakanai_sim_card_reset (sim);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x6986); /* the reset cleared the current EF */
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x63C2);
  assert_int_equal (SEND (sim, verify_bad), 0x63C1);
  assert_int_equal (SEND (sim, verify_bad), 0x63C0);
  assert_int_equal (SEND (sim, tries), 0x6983);
  assert_int_equal (SEND (sim, verify_good), 0x6983);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (sim), 0);
}

static void
test_blocked_profile (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("blocked.json");

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x6983);
  assert_int_equal (SEND (sim, verify_good), 0x6983);
}

static void
test_no_application (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("not-mynumber.json");
  g_autoptr(KakanaiSimCard) explicit_sim = card_test_sim_from_json (CARD_TEST_PROFILE ("\"applications\": [\"input_support\"],"));

  assert_int_equal (SEND (sim, select_ap), 0x6A82);
  assert_int_equal (SEND (explicit_sim, select_ap), 0x9000);
}

static void
test_odd_commands (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  const guint8 bad_cla[] = { 0x80, 0xA4, 0x04, 0x0C, 0x00 };
  const guint8 bad_ins[] = { 0x00, 0x12, 0x00, 0x00 };
  const guint8 short_select[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3 };
  const guint8 short_verify[] = { 0x00, 0x20, 0x00, 0x80, 0x03, '1', '2', '3' };
  const guint8 verify_p2[] = { 0x00, 0x20, 0x00, 0x01 };
  const guint8 verify_not_a_pin[] = { 0x00, 0x20, 0x00, 0x81 }; /* EF 0001 by short id */
  const guint8 verify_p1[] = { 0x00, 0x20, 0x01, 0x91 };
  const guint8 extended_broken[] = { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01 };
  const guint8 too_short[] = { 0x00, 0xA4, 0x04 };

  assert_int_equal (SEND (sim, bad_cla), 0x6E00);
  assert_int_equal (SEND (sim, bad_ins), 0x6D00);
  assert_int_equal (SEND (sim, short_select), 0x6700);
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, short_verify), 0x6700);
  assert_int_equal (SEND (sim, verify_p2), 0x6A86);
  assert_int_equal (SEND (sim, verify_p1), 0x6A86);
  assert_int_equal (SEND (sim, verify_not_a_pin), 0x6A88);
  assert_int_equal (SEND (sim, too_short), 0x6700);
  assert_int_equal (SEND (sim, extended_broken), 0x6700);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (sim), 3);
}

/* ---- Faults ---- */

static void
test_fault_status_words (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_sim_from_json (CARD_TEST_PROFILE (
    "\"faults\": {\"status_words\": {\"select_ap\": \"6A82\", \"select_ef\": \"6A86\", \"tries\": \"63C1\","
    " \"verify\": \"6984\", \"read_binary\": \"6B00\", \"get_response\": \"6F00\"}},"));
  const guint8 get_response[] = { 0x00, 0xC0, 0x00, 0x00, 0x10 };

  assert_int_equal (SEND (sim, select_ap), 0x6A82);
  assert_int_equal (SEND (sim, select_ef_basic), 0x6A86);
  assert_int_equal (SEND (sim, tries), 0x63C1);
  assert_int_equal (SEND (sim, verify_good), 0x6984);
  assert_int_equal (SEND (sim, read_all), 0x6B00);
  assert_int_equal (SEND (sim, get_response), 0x6F00);
  /* A forced answer changes no state: no try was spent. */
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (sim), 3);
}

static void
test_fault_t0 (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("t0.json");
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) atr = kakanai_sim_card_get_atr (sim);
  guint8 read_exact[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
  guint8 get_response[] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
  guint16 sw;
  guint8 size;

  assert_int_equal (((const guint8 *) g_bytes_get_data (atr, NULL))[1], 0x02); /* T=0 ATR */
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, verify_good), 0x9000);
  assert_int_equal (SEND (sim, select_ef_number), 0x9000);

  sw = SEND (sim, read_all);
  assert_int_equal (sw, 0x6C11); /* Le 00 is too much: 17 bytes there */
  size = sw & 0xFF;
  read_exact[4] = size;
  assert_int_equal (SEND (sim, read_exact), 0x6111);
  get_response[4] = 5;
  assert_int_equal (send_apdu (sim, get_response, sizeof get_response, data), 0x610C);
  assert_int_equal (data->len, 5);
  assert_memory_equal (data->data, "\xDF\x10\x0C" "12", 5);
  get_response[4] = 0x0D;
  assert_int_equal (SEND (sim, get_response), 0x6C0C); /* asked for more than is left */
  get_response[4] = 0x0C;
  assert_int_equal (send_apdu (sim, get_response, sizeof get_response, data), 0x9000);
  assert_memory_equal (data->data, "3456789018\xFF\xFF", 12);
  assert_int_equal (SEND (sim, get_response), 0x6985); /* nothing left */

  /* Fewer bytes than there are is no error: they come through 61xx. */
  read_exact[4] = 4;
  assert_int_equal (SEND (sim, read_exact), 0x6104);

  /* Data not fetched at once is gone. */
  read_exact[4] = size;
  assert_int_equal (SEND (sim, read_exact), 0x6111);
  assert_int_equal (SEND (sim, select_ef_number), 0x9000);
  get_response[4] = 0x11;
  assert_int_equal (SEND (sim, get_response), 0x6985);
}

static void
test_fault_truncate (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_sim_from_json (CARD_TEST_PROFILE ("\"faults\": {\"truncate_response_of_apdu\": 2},"));
  g_autoptr(KakanaiSimCard) sim_data = card_test_sim_from_json (CARD_TEST_PROFILE ("\"faults\": {\"truncate_response_of_apdu\": 5},"));
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  /* An answer without data loses a byte of its status word. */
  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_true (kakanai_sim_card_process_apdu (sim, select_pin_ef, sizeof select_pin_ef, response, &error));
  assert_int_equal (response->len, 1);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000); /* only that one APDU */

  /* An answer with data loses the second half of it. */
  assert_int_equal (SEND (sim_data, select_ap), 0x9000);
  assert_int_equal (SEND (sim_data, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim_data, verify_good), 0x9000);
  assert_int_equal (SEND (sim_data, select_ef_number), 0x9000);
  g_byte_array_set_size (response, 0);
  assert_true (kakanai_sim_card_process_apdu (sim_data, read_all, sizeof read_all, response, &error));
  assert_int_equal (response->len, 8 + 2);
  assert_memory_equal (response->data, "\xDF\x10\x0C" "12345", 8);
  assert_int_equal (response->data[8], 0x90);
  assert_int_equal (response->data[9], 0x00);
}

static void
test_fault_remove (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("removed-at-verify.json");
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  assert_int_equal (SEND (sim, tries), 0x63C3);
  assert_true (kakanai_sim_card_is_present (sim));
  assert_false (kakanai_sim_card_process_apdu (sim, verify_good, sizeof verify_good, response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_CARD_REMOVED);
  assert_int_equal (response->len, 0);
  assert_false (kakanai_sim_card_is_present (sim));
  g_clear_error (&error);

  kakanai_sim_card_reset (sim);
  assert_false (kakanai_sim_card_process_apdu (sim, select_ap, sizeof select_ap, response, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_CARD_REMOVED);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (sim), 3);
}

/* SELECT EF 0011 refused (6A82 or 6A86) while VERIFY by short EF id works;
 * other EFs are still selected. */
static void
test_fault_pin_ef_not_selectable (void **state)
{
  const char *profiles[] = { "pin-ef-not-found.json", "pin-ef-wrong-p1p2.json" };
  const guint16 refusals[] = { 0x6A82, 0x6A86 };

  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(KakanaiSimCard) sim = card_test_load_profile (profiles[i]);

      assert_int_equal (SEND (sim, select_ap), 0x9000);
      assert_int_equal (SEND (sim, select_pin_ef), refusals[i]);
      assert_int_equal (SEND (sim, tries), 0x6986); /* no current EF: P2 = 80 cannot work */
      assert_int_equal (SEND (sim, tries_sfi), 0x63C3);
      assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
      assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
      assert_int_equal (SEND (sim, read_all), 0x9000);
    }
}

/* Short reads answered 62 82 with their data; full ones 90 00. */
static void
test_fault_short_reads_6282 (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("short-reads-6282.json");
  g_autoptr(GByteArray) data = g_byte_array_new ();
  const guint8 read_3[] = { 0x00, 0xB0, 0x00, 0x00, 0x03 };

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (SEND (sim, select_ef_number), 0x9000);
  assert_int_equal (send_apdu (sim, read_all, sizeof read_all, data), 0x6282);
  assert_int_equal (data->len, 17);
  assert_int_equal (send_apdu (sim, read_3, sizeof read_3, data), 0x9000);
  assert_int_equal (data->len, 3);
}

/* Extended-length APDUs refused with 67 00; short ones still answered. */
static void
test_fault_no_extended_length (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("no-extended-length.json");

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (SEND (sim, read_basic_sfi_extended), 0x6700);
  assert_int_equal (SEND (sim, read_number_sfi), 0x9000);
}

/* An answer of exactly 256 data bytes reaches the host without its status
 * word; 255 bytes come through whole. */
static void
test_fault_cut_256_byte_answers (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("cut-256-byte-answers.json");
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 read_255[] = { 0x00, 0xB0, 0x00, 0x00, 0xFF };

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, verify_sfi_good), 0x9000);
  assert_int_equal (SEND (sim, select_ef_basic), 0x9000);
  assert_true (kakanai_sim_card_process_apdu (sim, read_all, sizeof read_all, response, &error));
  assert_int_equal (response->len, 256);
  assert_int_equal (response->data[0], 0xFF);
  g_byte_array_set_size (response, 0);
  assert_true (kakanai_sim_card_process_apdu (sim, read_255, sizeof read_255, response, &error));
  assert_int_equal (response->len, 255 + 2);
  assert_memory_equal (response->data + 255, "\x90\x00", 2);
}

static void
test_fault_malformed (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("malformed.json");
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;
  KakanaiTlv outer, name;

  read_file_through_apdus (sim, select_ef_basic, file);
  /* The outer object is sound; the name inside runs past it. */
  assert_true (kakanai_tlv_parse_one (file->data, file->len, &outer, NULL, &error));
  assert_false (kakanai_tlv_find (outer.value, outer.length, 0xDF22, &name, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  g_clear_error (&error);
  assert_false (kakanai_mynumber_parse_basic_four (file->data, file->len, record, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_fault_delay (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("slow.json");
  gint64 start = g_get_monotonic_time ();

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_true (g_get_monotonic_time () - start >= 20 * 1000);
}

static void
test_atr (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(KakanaiSimCard) custom = card_test_sim_from_json (CARD_TEST_PROFILE ("\"atr\": \"3b8f8001804f0ca000000306\","));
  g_autoptr(GBytes) atr = kakanai_sim_card_get_atr (sim);
  g_autoptr(GBytes) custom_atr = kakanai_sim_card_get_atr (custom);
  const guint8 *bytes = g_bytes_get_data (atr, NULL);
  guint8 check = 0;

  assert_int_equal (bytes[0], 0x3B);
  /* T=1 ATR: the XOR of T0..TCK is 0. */
  for (gsize i = 1; i < g_bytes_get_size (atr); i++)
    check ^= bytes[i];
  assert_int_equal (check, 0);
  assert_int_equal (g_bytes_get_size (custom_atr), 12);
  assert_memory_equal (g_bytes_get_data (custom_atr, NULL), "\x3B\x8F\x80\x01\x80\x4F\x0C\xA0\x00\x00\x03\x06", 12);
}

/* ---- Threads ---- */

static gpointer
query_tries_many_times (gpointer data)
{
  KakanaiSimCard *sim = data;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GByteArray) response = g_byte_array_new ();

      if (!kakanai_sim_card_process_apdu (sim, tries, sizeof tries, response, NULL) || response->len != 2)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  GThread *threads[4];

  assert_int_equal (SEND (sim, select_ap), 0x9000);
  assert_int_equal (SEND (sim, select_pin_ef), 0x9000);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("apdus", query_tries_many_times, sim);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
  assert_int_equal (kakanai_sim_card_get_n_apdus (sim), 2 + 4 * 2000);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_profile_minimum),
    cmocka_unit_test (test_profile_errors),
    cmocka_unit_test (test_profile_file_errors_name_the_file),
    cmocka_unit_test (test_profile_limits),
    cmocka_unit_test (test_basic_four_file_layout),
    cmocka_unit_test (test_long_file_uses_long_length),
    cmocka_unit_test (test_my_number_file),
    cmocka_unit_test (test_read_before_verify_refused),
    cmocka_unit_test (test_select_rules),
    cmocka_unit_test (test_current_ef_sequence),
    cmocka_unit_test (test_short_ef_id_sequence),
    cmocka_unit_test (test_reselecting_ap_clears_verification),
    cmocka_unit_test (test_read_lengths),
    cmocka_unit_test (test_verify_unlocks_until_reset),
    cmocka_unit_test (test_tries_count_down_and_block),
    cmocka_unit_test (test_blocked_profile),
    cmocka_unit_test (test_no_application),
    cmocka_unit_test (test_odd_commands),
    cmocka_unit_test (test_fault_status_words),
    cmocka_unit_test (test_fault_t0),
    cmocka_unit_test (test_fault_truncate),
    cmocka_unit_test (test_fault_remove),
    cmocka_unit_test (test_fault_pin_ef_not_selectable),
    cmocka_unit_test (test_fault_short_reads_6282),
    cmocka_unit_test (test_fault_no_extended_length),
    cmocka_unit_test (test_fault_cut_256_byte_answers),
    cmocka_unit_test (test_fault_malformed),
    cmocka_unit_test (test_fault_delay),
    cmocka_unit_test (test_atr),
    cmocka_unit_test (test_threads),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
