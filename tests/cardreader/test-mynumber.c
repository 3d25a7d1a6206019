/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mynumber.c: reading the card through the simulated card in process: PIN flows, data, faults */
#include <string.h>

#include "card-test-utils.h"

typedef struct
{
  KakanaiSimCard      *sim;
  KakanaiTransport    *transport;
  KakanaiMyNumberCard *card;
} Reader;

static Reader *
reader_new (KakanaiSimCard *sim)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->sim = sim;
  reader->transport = kakanai_sim_transport_new (sim);
  reader->card = kakanai_mynumber_card_new (reader->transport);
  return reader;
}

static void
reader_free (Reader *reader)
{
  kakanai_mynumber_card_free (reader->card);
  kakanai_transport_free (reader->transport);
  kakanai_sim_card_unref (reader->sim);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

static KakanaiCardRecord *
reader_read (Reader          *reader,
             const char      *pin,
             KakanaiReadFlags flags,
             guint           *tries_left,
             GError         **error)
{
  return kakanai_mynumber_card_read (reader->card, pin, flags, tries_left, error);
}

static guint
reader_n_apdus (Reader *reader)
{
  return kakanai_transport_get_n_transmitted (reader->transport);
}

static void
assert_read_fails (Reader          *reader,
                   const char      *pin,
                   KakanaiReadFlags flags,
                   KakanaiCardError expected)
{
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, pin, flags, NULL, &error);
  assert_null (record);
  assert_card_error (error, expected);
}

/* ---- Good reads ---- */

static void
test_read_demo_card (void **state)
{
  g_autoptr(KakanaiSimCard) sim = NULL;
  g_autoptr(Reader) reader = NULL;
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  char iso[11];
  guint tries = 0;

  sim = kakanai_sim_card_new_from_file (KAKANAI_DEMO_PROFILE, &error);
  assert_no_error (error);
  reader = reader_new (g_steal_pointer (&sim));

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, &tries, &error);
  assert_no_error (error);
  assert_string_equal (record->name, "山口　花子");
  assert_string_equal (record->address, "山口県山口市亀山町2番1号");
  assert_string_equal (record->birth_date, "19800101");
  assert_int_equal (record->sex, KAKANAI_SEX_FEMALE);
  assert_string_equal (kakanai_card_sex_to_code (record->sex), "female");
  assert_true (kakanai_card_birth_date_to_iso (record->birth_date, iso));
  assert_string_equal (iso, "1980-01-01");
  assert_null (record->my_number);
  assert_int_equal (tries, 3);
  /* SELECT AP, SELECT EF 0011, tries, VERIFY, SELECT EF 0002, READ BINARY. */
  assert_int_equal (reader_n_apdus (reader), 6);
}

static void
test_read_with_my_number (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
  assert_no_error (error);
  assert_string_equal (record->my_number, "123456789018");
  assert_int_equal (reader_n_apdus (reader), 8);
}

/* Cards seen with real readers: each profile still reads, with the My Number,
 * in the usual number of APDUs. */
static void
test_read_real_card_variants (void **state)
{
  const struct { const char *profile; guint n_apdus; } cases[] = {
    /* SELECT EF 0011 refused: VERIFY by short EF id, same count. */
    { "pin-ef-not-found.json", 9 },
    { "pin-ef-wrong-p1p2.json", 9 },
    /* Short reads end with 62 82. */
    { "short-reads-6282.json", 9 },
    /* No extended length: the reader never needs it. */
    { "no-extended-length.json", 9 },
    /* A reader that loses the status word after 256 bytes: never asked for 256. */
    { "cut-256-byte-answers.json", 9 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reader) reader = reader_new (card_test_load_profile (cases[i].profile));
      g_autoptr(KakanaiCardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
      assert_no_error (error);
      assert_int_equal (g_utf8_strlen (record->address, -1), 150);
      assert_true (g_str_has_prefix (record->name, "𠮷"));
      assert_string_equal (record->my_number, "123456789018");
      if (reader_n_apdus (reader) != cases[i].n_apdus)
        fail_msg ("%s: %u APDUs, expected %u", cases[i].profile, reader_n_apdus (reader), cases[i].n_apdus);
      assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 3);
    }
}

/* The fallback keeps the PIN flows: a wrong PIN counts, the guard holds. */
static void
test_fallback_pin_flows (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("pin-ef-not-found.json"));
  guint tries = 99;

  assert_read_fails (reader, "0000", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_read_fails (reader, "0000", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 1);
  assert_true (kakanai_mynumber_card_get_tries_left (reader->card, &tries, NULL));
  assert_int_equal (tries, 1);
}

static void
test_read_rare_kanji (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("rare-kanji.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gunichar expected[] = { 0x9AD9, 0xFA11, 0x3000, 0x20BB7, 0x592A, 0x90CE };
  const char *p;

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, NULL, &error);
  assert_no_error (error);
  /* Byte for byte: nothing dropped, replaced or normalised (﨑 stays U+FA11). */
  assert_string_equal (record->name, "\xE9\xAB\x99\xEF\xA8\x91\xE3\x80\x80\xF0\xA0\xAE\xB7\xE5\xA4\xAA\xE9\x83\x8E");
  p = record->name;
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++, p = g_utf8_next_char (p))
    assert_int_equal (g_utf8_get_char (p), expected[i]);
  assert_int_equal (*p, '\0');
  assert_int_equal (record->sex, KAKANAI_SEX_MALE);
  assert_string_equal (record->birth_date, "19751231");
}

static void
test_read_long_address (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("long-address.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
  assert_no_error (error);
  assert_int_equal (g_utf8_strlen (record->address, -1), 150);
  assert_true (g_str_has_prefix (record->address, "北海道札幌市中央区"));
  assert_true (strlen (record->address) > 256);
  /* EF 0002 takes two READ BINARY of at most 255 bytes; the whole read takes
   * 7 APDUs without the My Number, 9 with it. */
  assert_int_equal (reader_n_apdus (reader), 7 + 2);
}

static void
test_read_long_address_apdu_count (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("long-address.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, NULL, &error);
  assert_no_error (error);
  assert_int_equal (reader_n_apdus (reader), 7);
}

static void
test_read_t0_card (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("t0.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
  assert_no_error (error);
  assert_string_equal (record->name, "山口　花子");
  assert_string_equal (record->my_number, "123456789018");
  /* Each READ BINARY: 6Cxx, re-send (61xx), GET RESPONSE: two extra APDUs per file. */
  assert_int_equal (reader_n_apdus (reader), 8 + 2 * 2);
}

/* ---- PIN flows ---- */

static void
test_wrong_pin_lowers_tries (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  record = reader_read (reader, "9999", KAKANAI_READ_DEFAULT, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_int_equal (tries, 2);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 2);
  g_clear_error (&error);

  /* The right PIN restores the counter. */
  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, &tries, &error);
  assert_no_error (error);
  assert_non_null (record);
  assert_int_equal (tries, 3);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 3);
}

/* Two wrong PINs leave one try; the guard then refuses, sends no PIN (not even
 * a wrong one: the count stays 1) and a read with the right PIN and the
 * explicit permission still works afterwards. */
static void
test_last_try_refused_spends_no_try (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 99;
  guint before;

  assert_read_fails (reader, "0000", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_read_fails (reader, "0000", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 1);

  before = reader_n_apdus (reader);
  record = reader_read (reader, "0000", KAKANAI_READ_DEFAULT, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED);
  assert_int_equal (tries, 1);
  assert_int_equal (reader_n_apdus (reader) - before, 3); /* two SELECTs and the tries query only */
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 1);
  g_clear_error (&error);

  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 1);

  record = reader_read (reader, "1234", KAKANAI_READ_ALLOW_LAST_TRY, &tries, &error);
  assert_no_error (error);
  assert_string_equal (record->name, "山口　花子");
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 3);
}

static void
test_one_try_profile (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("one-try.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  assert_true (kakanai_mynumber_card_get_tries_left (reader->card, &tries, &error));
  assert_int_equal (tries, 1);
  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 1);

  record = reader_read (reader, "1234", KAKANAI_READ_ALLOW_LAST_TRY, NULL, &error);
  assert_no_error (error);
  assert_non_null (record);
}

static void
test_allowed_last_try_wrong_blocks (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("one-try.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  record = reader_read (reader, "4321", KAKANAI_READ_ALLOW_LAST_TRY, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_PIN_BLOCKED);
  assert_int_equal (tries, 0);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 0);
  g_clear_error (&error);

  /* Now even the right PIN, even allowed, is not sent. */
  tries = 99;
  record = reader_read (reader, "1234", KAKANAI_READ_ALLOW_LAST_TRY, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_PIN_BLOCKED);
  assert_int_equal (tries, 0);
}

static void
test_blocked_card (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("blocked.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  record = reader_read (reader, "1234", KAKANAI_READ_ALLOW_LAST_TRY, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_PIN_BLOCKED);
  assert_int_equal (tries, 0);
  assert_int_equal (reader_n_apdus (reader), 3);
  g_clear_error (&error);

  tries = 99;
  assert_true (kakanai_mynumber_card_get_tries_left (reader->card, &tries, &error));
  assert_no_error (error);
  assert_int_equal (tries, 0);
}

static void
test_verify_answers_blocked (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("status-verify-blocked.json"));
  guint tries = 99;
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, &tries, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_PIN_BLOCKED);
  assert_int_equal (tries, 0);
}

static void
test_malformed_pins_send_nothing (void **state)
{
  const char *pins[] = { NULL, "", "123", "12345", "12a4", "１２３４", "12 4", "-123" };
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("good.json"));

  for (gsize i = 0; i < G_N_ELEMENTS (pins); i++)
    {
      g_autoptr(KakanaiCardRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      guint tries = 99;

      record = reader_read (reader, pins[i], KAKANAI_READ_ALLOW_LAST_TRY, &tries, &error);
      assert_null (record);
      assert_card_error (error, KAKANAI_CARD_ERROR_WRONG_PIN);
      assert_int_equal (tries, 99);
    }
  assert_int_equal (reader_n_apdus (reader), 0);
  assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 3);
  assert_true (kakanai_mynumber_pin_is_well_formed ("0000"));
}

static void
test_get_tries_left_spends_none (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("good.json"));
  g_autoptr(GError) error = NULL;
  guint tries = 0;

  for (guint i = 0; i < 5; i++)
    {
      assert_true (kakanai_mynumber_card_get_tries_left (reader->card, &tries, &error));
      assert_no_error (error);
      assert_int_equal (tries, 3);
    }
  assert_read_fails (reader, "1111", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_true (kakanai_mynumber_card_get_tries_left (reader->card, &tries, &error));
  assert_int_equal (tries, 2);
}

/* Tries belong to the card, not the connection. */
static void
test_tries_persist_across_connections (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(GError) error = NULL;
  guint tries = 0;

  {
    g_autoptr(Reader) first = reader_new (kakanai_sim_card_ref (sim));

    assert_read_fails (first, "1111", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_WRONG_PIN);
  }
  kakanai_sim_card_reset (sim);
  kakanai_sim_card_power_off (sim);
  {
    g_autoptr(Reader) second = reader_new (kakanai_sim_card_ref (sim));

    assert_true (kakanai_mynumber_card_get_tries_left (second->card, &tries, &error));
    assert_int_equal (tries, 2);
  }
}

/* ---- Not a My Number card, bad data ---- */

static void
test_not_mynumber_card (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("not-mynumber.json"));
  g_autoptr(GError) error = NULL;
  guint tries = 99;

  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD);
  assert_int_equal (reader_n_apdus (reader), 1);
  assert_false (kakanai_mynumber_card_get_tries_left (reader->card, &tries, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD);
  assert_int_equal (tries, 99);
}

static void
test_bad_data_profiles (void **state)
{
  const struct { const char *profile; KakanaiReadFlags flags; } cases[] = {
    { "malformed.json", KAKANAI_READ_DEFAULT },
    { "truncated.json", KAKANAI_READ_DEFAULT },
    { "bad-check-digit.json", KAKANAI_READ_WITH_MY_NUMBER },
    { "bad-birth-date.json", KAKANAI_READ_DEFAULT },
    { "bad-sex.json", KAKANAI_READ_DEFAULT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reader) reader = reader_new (card_test_load_profile (cases[i].profile));

      assert_read_fails (reader, "1234", cases[i].flags, KAKANAI_CARD_ERROR_BAD_DATA);
    }
}

/* Without the My Number asked for, its bad check digit does not matter: it is never read. */
static void
test_bad_check_digit_not_read (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("bad-check-digit.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, NULL, &error);
  assert_no_error (error);
  assert_null (record->my_number);
}

/* Each APDU in turn gets a truncated answer: every one is caught. */
static void
test_truncated_answer_at_each_apdu (void **state)
{
  for (guint n = 1; n <= 7; n++)
    {
      g_autofree char *json = g_strdup_printf (CARD_TEST_PROFILE ("\"faults\": {\"truncate_response_of_apdu\": %u},"), n);
      g_autoptr(Reader) reader = reader_new (card_test_sim_from_json (json));
      g_autoptr(KakanaiCardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
      assert_null (record);
      assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
    }
}

/* ---- The record's helpers ---- */

static void
test_sex_codes (void **state)
{
  const struct { char digit; KakanaiSex sex; const char *code; } cases[] = {
    { '0', KAKANAI_SEX_NOT_KNOWN, "not_known" },
    { '1', KAKANAI_SEX_MALE, "male" },
    { '2', KAKANAI_SEX_FEMALE, "female" },
    { '9', KAKANAI_SEX_NOT_APPLICABLE, "not_applicable" },
  };
  KakanaiSex sex = KAKANAI_SEX_MALE;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_true (kakanai_card_sex_from_digit (cases[i].digit, &sex));
      assert_int_equal (sex, cases[i].sex);
      assert_string_equal (kakanai_card_sex_to_code (sex), cases[i].code);
    }
  assert_false (kakanai_card_sex_from_digit ('3', &sex));
  assert_false (kakanai_card_sex_from_digit ('\0', &sex));
  assert_null (kakanai_card_sex_to_code ((KakanaiSex) 5));
}

static void
test_birth_dates (void **state)
{
  const char *valid[] = { "19800101", "20000229", "20241231", "19260101" };
  const char *invalid[] = { "19000229", "20230229", "19800001", "19800100", "19801301", "19800132",
                            "00000101", "1980010", "198001011", "1980-1-1", "", NULL };
  char iso[11];

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    assert_true (kakanai_card_birth_date_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      assert_false (kakanai_card_birth_date_is_valid (invalid[i]));
      memset (iso, 'x', sizeof iso);
      assert_false (kakanai_card_birth_date_to_iso (invalid[i], iso));
      assert_string_equal (iso, "");
    }
  assert_true (kakanai_card_birth_date_to_iso ("20000229", iso));
  assert_string_equal (iso, "2000-02-29");
}

/* ---- The check digit ---- */

static void
test_check_digit (void **state)
{
  /* r = Σ Pn·Qn mod 11; r ≤ 1 gives 0 (the first two rows), else 11 − r. */
  const char *valid[] = { "123456789050", "123456789000", "123456789018", "111111111118", "000000000000", "200000000000" };
  const char *invalid[] = { "123456789051", "123456789001", "123456789012", "12345678901", "1234567890180",
                            "12345678901a", "a23456789018", "", "１23456789018" };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    if (!kakanai_my_number_check_digit_valid (valid[i]))
      fail_msg ("%s should be valid", valid[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    if (kakanai_my_number_check_digit_valid (invalid[i]))
      fail_msg ("%s should be invalid", invalid[i]);
  assert_false (kakanai_my_number_check_digit_valid (NULL));

  /* Exactly one check digit fits any 11 digits. */
  for (char last = '0'; last <= '9'; last++)
    {
      char number[13] = "12345678901?";
      int n_valid = 0;

      number[10] = last;
      for (char check = '0'; check <= '9'; check++)
        {
          number[11] = check;
          n_valid += kakanai_my_number_check_digit_valid (number);
        }
      assert_int_equal (n_valid, 1);
    }
  assert_int_equal (kakanai_my_number_compute_check_digit ("12345678901"), 8);
  assert_int_equal (kakanai_my_number_compute_check_digit ("1234567890"), -1);
}

/* ---- Removal ---- */

static void
test_card_removed_at_each_apdu (void **state)
{
  const char *profiles[] = { "good.json", "long-address.json" };

  for (gsize p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      g_autoptr(Reader) full = reader_new (card_test_load_profile (profiles[p]));
      g_autoptr(KakanaiCardRecord) full_record = NULL;
      g_autoptr(GError) full_error = NULL;
      guint n_apdus;

      full_record = reader_read (full, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &full_error);
      assert_no_error (full_error);
      n_apdus = reader_n_apdus (full);

      for (guint n = 1; n <= n_apdus; n++)
        {
          g_autofree char *path = g_build_filename (CARD_TEST_PROFILES_DIR, profiles[p], NULL);
          g_autofree char *json = NULL;
          g_autofree char *with_fault = NULL;
          g_autoptr(Reader) reader = NULL;
          g_autoptr(KakanaiCardRecord) record = NULL;
          g_autoptr(GError) error = NULL;

          assert_true (g_file_get_contents (path, &json, NULL, NULL));
          with_fault = g_strdup_printf ("{\"faults\": {\"remove_after_apdu\": %u},%s", n, strchr (json, '{') + 1);
          reader = reader_new (card_test_sim_from_json (with_fault));

          record = reader_read (reader, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
          assert_null (record);
          assert_card_error (error, KAKANAI_CARD_ERROR_CARD_REMOVED);
          assert_int_equal (reader_n_apdus (reader), n);
          assert_false (kakanai_sim_card_is_present (reader->sim));
          /* A removal is not a wrong PIN: the count is untouched. */
          assert_int_equal (kakanai_sim_card_get_pin_tries_left (reader->sim), 3);
        }
    }
}

static void
test_removed_profile (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("removed-at-verify.json"));

  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_CARD_REMOVED);
  assert_int_equal (reader_n_apdus (reader), 4);
  /* Removed stays removed. */
  assert_read_fails (reader, "1234", KAKANAI_READ_DEFAULT, KAKANAI_CARD_ERROR_CARD_REMOVED);
}

/* ---- Delay ---- */

/* The delay is applied per APDU (a lower bound only: no timing goal here). */
static void
test_delay_per_apdu (void **state)
{
  g_autoptr(Reader) reader = reader_new (card_test_load_profile ("slow.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  record = reader_read (reader, "1234", KAKANAI_READ_DEFAULT, NULL, &error);
  assert_no_error (error);
  assert_true (g_get_monotonic_time () - start >= (gint64) reader_n_apdus (reader) * 20 * 1000);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_read_demo_card),
    cmocka_unit_test (test_read_with_my_number),
    cmocka_unit_test (test_read_real_card_variants),
    cmocka_unit_test (test_fallback_pin_flows),
    cmocka_unit_test (test_read_rare_kanji),
    cmocka_unit_test (test_read_long_address),
    cmocka_unit_test (test_read_long_address_apdu_count),
    cmocka_unit_test (test_read_t0_card),
    cmocka_unit_test (test_wrong_pin_lowers_tries),
    cmocka_unit_test (test_last_try_refused_spends_no_try),
    cmocka_unit_test (test_one_try_profile),
    cmocka_unit_test (test_allowed_last_try_wrong_blocks),
    cmocka_unit_test (test_blocked_card),
    cmocka_unit_test (test_verify_answers_blocked),
    cmocka_unit_test (test_malformed_pins_send_nothing),
    cmocka_unit_test (test_get_tries_left_spends_none),
    cmocka_unit_test (test_tries_persist_across_connections),
    cmocka_unit_test (test_not_mynumber_card),
    cmocka_unit_test (test_bad_data_profiles),
    cmocka_unit_test (test_bad_check_digit_not_read),
    cmocka_unit_test (test_truncated_answer_at_each_apdu),
    cmocka_unit_test (test_check_digit),
    cmocka_unit_test (test_sex_codes),
    cmocka_unit_test (test_birth_dates),
    cmocka_unit_test (test_card_removed_at_each_apdu),
    cmocka_unit_test (test_removed_profile),
    cmocka_unit_test (test_delay_per_apdu),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
