/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tlv.c: the BER-TLV parser, and parsing the card's files with it */
#include <string.h>

#include "card-test-utils.h"
#include "kakanai-mynumber-private.h"

static GByteArray *
bytes_from_hex (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = hex; *p != '\0'; p++)
    {
      guint8 byte;

      if (*p == ' ')
        continue;
      byte = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (bytes, &byte, 1);
      p++;
    }
  return bytes;
}

static void
assert_parse_fails (const char *hex)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex (hex);
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;

  /* Copied to an exact-size heap block so that ASan catches any read past it. */
  g_autofree guint8 *exact = g_memdup2 (bytes->data, bytes->len);
  assert_false (kakanai_tlv_parse_one (exact, bytes->len, &tlv, NULL, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_short_length (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("DF 22 03 41 42 43 FF");
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;
  gsize consumed = 0;

  assert_true (kakanai_tlv_parse_one (bytes->data, bytes->len, &tlv, &consumed, &error));
  assert_no_error (error);
  assert_int_equal (tlv.tag, 0xDF22);
  assert_int_equal (tlv.length, 3);
  assert_memory_equal (tlv.value, "ABC", 3);
  assert_int_equal (consumed, 6);
}

static void
test_one_byte_tag (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("04 01 AA");
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;

  assert_true (kakanai_tlv_parse_one (bytes->data, bytes->len, &tlv, NULL, &error));
  assert_int_equal (tlv.tag, 0x04);
  assert_int_equal (tlv.length, 1);
  assert_int_equal (tlv.value[0], 0xAA);
}

static void
test_three_byte_tag (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("DF 81 05 00");
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;

  assert_true (kakanai_tlv_parse_one (bytes->data, bytes->len, &tlv, NULL, &error));
  assert_int_equal (tlv.tag, 0xDF8105);
  assert_int_equal (tlv.length, 0);
}

/* Each long form (81, 82, 83) with a value exactly filling the buffer. */
static void
test_long_lengths (void **state)
{
  const struct { const char *header; gsize length; } cases[] = {
    { "DF 23 81 80", 0x80 },
    { "DF 23 81 FF", 0xFF },
    { "DF 23 82 01 00", 0x100 },
    { "DF 23 83 00 01 2C", 0x12C },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) bytes = bytes_from_hex (cases[i].header);
      gsize header_length = bytes->len;
      g_autoptr(GError) error = NULL;
      KakanaiTlv tlv;
      gsize consumed;

      g_byte_array_set_size (bytes, (guint) (header_length + cases[i].length));
      memset (bytes->data + header_length, 'x', cases[i].length);
      assert_true (kakanai_tlv_parse_one (bytes->data, bytes->len, &tlv, &consumed, &error));
      assert_no_error (error);
      assert_int_equal (tlv.length, cases[i].length);
      assert_ptr_equal (tlv.value, bytes->data + header_length);
      assert_int_equal (consumed, bytes->len);
    }
}

static void
test_truncated (void **state)
{
  assert_parse_fails ("");                 /* no tag */
  assert_parse_fails ("DF");               /* tag cut */
  assert_parse_fails ("DF 22");            /* no length */
  assert_parse_fails ("DF 22 82 01");      /* length cut */
  assert_parse_fails ("DF 22 03 41 42");   /* value one byte short */
  assert_parse_fails ("DF 22 81 80 41");   /* long form, value short */
}

static void
test_oversized_lengths (void **state)
{
  assert_parse_fails ("DF 22 80 41 00 00");             /* indefinite */
  assert_parse_fails ("DF 22 85 00 00 00 00 01 41");    /* length field of 5 bytes */
  assert_parse_fails ("DF 22 84 FF FF FF FF 41");       /* 4 GiB announced */
  assert_parse_fails ("DF 22 83 FF FF FF 41");          /* 16 MiB announced */
  assert_parse_fails ("FF 20 82 FF FF DF 22 01 41");    /* outer length past the data */
}

static void
test_tag_too_long (void **state)
{
  assert_parse_fails ("DF 81 81 81 01 00");
  assert_parse_fails ("1F 80 80 80 80 80 01 00");
}

static void
test_header_without_value (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("FF 20 82 01 C2 DF 21");
  g_autoptr(GError) error = NULL;
  guint32 tag;
  gsize header_length, value_length;

  assert_true (kakanai_tlv_parse_header (bytes->data, bytes->len, &tag, &header_length, &value_length, &error));
  assert_int_equal (tag, 0xFF20);
  assert_int_equal (header_length, 5);
  assert_int_equal (value_length, 0x1C2);
}

static void
test_find (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("DF 21 00 DF 22 02 41 42 DF 23 01 43");
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;

  assert_true (kakanai_tlv_find (bytes->data, bytes->len, 0xDF23, &tlv, &error));
  assert_int_equal (tlv.length, 1);
  assert_int_equal (tlv.value[0], 0x43);

  assert_false (kakanai_tlv_find (bytes->data, bytes->len, 0xDF25, &tlv, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_find_behind_malformed_sibling (void **state)
{
  g_autoptr(GByteArray) bytes = bytes_from_hex ("DF 22 09 41 DF 23 01 43");
  g_autoptr(GError) error = NULL;
  KakanaiTlv tlv;

  assert_false (kakanai_tlv_find (bytes->data, bytes->len, 0xDF23, &tlv, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_append_round_trip (void **state)
{
  const gsize lengths[] = { 0, 1, 127, 128, 255, 256, 65535, 65536 };

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();
      g_autofree guint8 *value = g_malloc0 (lengths[i] + 1);
      g_autoptr(GError) error = NULL;
      KakanaiTlv tlv;
      gsize consumed;

      kakanai_tlv_append (out, 0xDF22, value, lengths[i]);
      assert_true (kakanai_tlv_parse_one (out->data, out->len, &tlv, &consumed, &error));
      assert_int_equal (tlv.tag, 0xDF22);
      assert_int_equal (tlv.length, lengths[i]);
      assert_int_equal (consumed, out->len);
    }
}

/* ---- EF 0002 and EF 0001 ---- */

static GByteArray *
basic_four (const char *name,
            const char *birth,
            const char *sex)
{
  g_autoptr(GByteArray) inner = g_byte_array_new ();
  GByteArray *file = g_byte_array_new ();

  kakanai_tlv_append (inner, 0xDF21, (const guint8 *) "\0\0\0\0\0\0\0\0", 8);
  if (name != NULL)
    kakanai_tlv_append (inner, 0xDF22, (const guint8 *) name, strlen (name));
  kakanai_tlv_append (inner, 0xDF23, (const guint8 *) "東京都", strlen ("東京都"));
  kakanai_tlv_append (inner, 0xDF24, (const guint8 *) birth, strlen (birth));
  kakanai_tlv_append (inner, 0xDF25, (const guint8 *) sex, strlen (sex));
  kakanai_tlv_append (file, 0xFF20, inner->data, inner->len);
  return file;
}

static void
assert_basic_four_fails (GByteArray *file)
{
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;

  assert_false (kakanai_mynumber_parse_basic_four (file->data, file->len, record, &error));
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

static void
test_basic_four (void **state)
{
  g_autoptr(GByteArray) file = basic_four ("髙﨑　𠮷", "20000229", "9");
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();
  g_autoptr(GError) error = NULL;
  const guint8 padding[] = { 0xFF, 0xFF, 0x00 };

  g_byte_array_append (file, padding, sizeof padding);
  assert_true (kakanai_mynumber_parse_basic_four (file->data, file->len, record, &error));
  assert_no_error (error);
  assert_string_equal (record->name, "髙﨑　𠮷");
  assert_string_equal (record->address, "東京都");
  assert_string_equal (record->birth_date, "20000229");
  assert_int_equal (record->sex, KAKANAI_SEX_NOT_APPLICABLE);
}

static void
test_basic_four_invalid_values (void **state)
{
  g_autoptr(GByteArray) bad_date = basic_four ("A", "19000229", "1");
  g_autoptr(GByteArray) bad_month = basic_four ("A", "19801301", "1");
  g_autoptr(GByteArray) short_date = basic_four ("A", "1980010", "1");
  g_autoptr(GByteArray) letters_date = basic_four ("A", "1980O101", "1");
  g_autoptr(GByteArray) bad_sex = basic_four ("A", "19800101", "3");
  g_autoptr(GByteArray) long_sex = basic_four ("A", "19800101", "12");
  g_autoptr(GByteArray) bad_utf8 = basic_four ("\xE5\xB1", "19800101", "1");
  g_autoptr(GByteArray) surrogate = basic_four ("\xED\xA0\x80", "19800101", "1");
  g_autoptr(GByteArray) empty_name = basic_four ("", "19800101", "1");
  g_autoptr(GByteArray) no_name = basic_four (NULL, "19800101", "1");

  assert_basic_four_fails (bad_date);
  assert_basic_four_fails (bad_month);
  assert_basic_four_fails (short_date);
  assert_basic_four_fails (letters_date);
  assert_basic_four_fails (bad_sex);
  assert_basic_four_fails (long_sex);
  assert_basic_four_fails (bad_utf8);
  assert_basic_four_fails (surrogate);
  assert_basic_four_fails (empty_name);
  assert_basic_four_fails (no_name);
}

static void
test_basic_four_embedded_nul (void **state)
{
  g_autoptr(GByteArray) file = basic_four ("AB", "19800101", "1");
  guint8 *b = memchr (file->data, 'B', file->len);

  *b = '\0';
  assert_basic_four_fails (file);
}

static void
test_basic_four_wrong_outer_tag (void **state)
{
  g_autoptr(GByteArray) file = basic_four ("A", "19800101", "1");

  file->data[1] = 0x21; /* FF 21 */
  assert_basic_four_fails (file);
}

static void
test_my_number_file (void **state)
{
  g_autoptr(GError) error = NULL;
  char *number;

  number = kakanai_mynumber_parse_my_number ((const guint8 *) "\xDF\x10\x0C" "123456789018", 15, &error);
  assert_no_error (error);
  assert_string_equal (number, "123456789018");
  kakanai_secure_strfree (number);

  number = kakanai_mynumber_parse_my_number ((const guint8 *) "\xDF\x10\x0C" "123456789012", 15, &error);
  assert_null (number);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  g_clear_error (&error);

  number = kakanai_mynumber_parse_my_number ((const guint8 *) "\xDF\x10\x0B" "12345678901", 14, &error);
  assert_null (number);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  g_clear_error (&error);

  number = kakanai_mynumber_parse_my_number ((const guint8 *) "\xDF\x11\x0C" "123456789018", 15, &error);
  assert_null (number);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_short_length),
    cmocka_unit_test (test_one_byte_tag),
    cmocka_unit_test (test_three_byte_tag),
    cmocka_unit_test (test_long_lengths),
    cmocka_unit_test (test_truncated),
    cmocka_unit_test (test_oversized_lengths),
    cmocka_unit_test (test_tag_too_long),
    cmocka_unit_test (test_header_without_value),
    cmocka_unit_test (test_find),
    cmocka_unit_test (test_find_behind_malformed_sibling),
    cmocka_unit_test (test_append_round_trip),
    cmocka_unit_test (test_basic_four),
    cmocka_unit_test (test_basic_four_invalid_values),
    cmocka_unit_test (test_basic_four_embedded_nul),
    cmocka_unit_test (test_basic_four_wrong_outer_tag),
    cmocka_unit_test (test_my_number_file),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
