/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clerk-record.c: the record a clerk types for a resident without a card (聞き取り) */
#define G_LOG_DOMAIN "test-clerk-record"

#include <glib.h>
#include <string.h>

#include "kakanai-clerk-record.h"

static void
test_wareki_and_gregorian (void)
{
  const struct { const char *typed; const char *expected; } dates[] = {
    { "昭和55年4月1日", "19800401" },
    { "S55.4.1", "19800401" },
    { "　1980-04-01 ", "19800401" },
    { "平成2年1月10日", "19900110" },
    { "令和元年5月1日", "20190501" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiCardRecord) record =
        kakanai_clerk_record_build ("　山田　太郎 ", " 東京都千代田区1-1", dates[i].typed, KAKANAI_SEX_MALE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (record->birth_date, ==, dates[i].expected);
      g_assert_cmpstr (record->name, ==, "山田　太郎");
      g_assert_cmpstr (record->address, ==, "東京都千代田区1-1");
      g_assert_cmpint (record->sex, ==, KAKANAI_SEX_MALE);
      g_assert_null (record->my_number);
    }
}

static void
assert_refused (const char *name, const char *address, const char *birth, KakanaiClerkRecordError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiCardRecord) record = kakanai_clerk_record_build (name, address, birth, KAKANAI_SEX_FEMALE, &error);

  g_assert_null (record);
  g_assert_error (error, KAKANAI_CLERK_RECORD_ERROR, (int) code);
  /* Messages name the field, never what was typed. */
  if (name != NULL && *name != '\0')
    g_assert_null (strstr (error->message, name));
  if (birth != NULL && *birth != '\0')
    g_assert_null (strstr (error->message, birth));
}

static void
test_refusals (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (int i = 0; i < KAKANAI_CLERK_RECORD_MAX_NAME + 1; i++)
    g_string_append (long_name, "あ");
  assert_refused ("", "東京都", "1980-04-01", KAKANAI_CLERK_RECORD_ERROR_NAME);
  assert_refused ("　 ", "東京都", "1980-04-01", KAKANAI_CLERK_RECORD_ERROR_NAME);
  assert_refused (long_name->str, "東京都", "1980-04-01", KAKANAI_CLERK_RECORD_ERROR_NAME);
  assert_refused ("\xff\xfe", "東京都", "1980-04-01", KAKANAI_CLERK_RECORD_ERROR_NAME);
  assert_refused ("山田", NULL, "1980-04-01", KAKANAI_CLERK_RECORD_ERROR_ADDRESS);
  assert_refused ("山田", "東京都", "平成31年5月1日", KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE);
  assert_refused ("山田", "東京都", "1980-02-30", KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE);
  assert_refused ("山田", "東京都", "2999-01-01", KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE);
  assert_refused ("山田", "東京都", "", KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clerk-record/wareki-and-gregorian", test_wareki_and_gregorian);
  g_test_add_func ("/clerk-record/refusals", test_refusals);
  return g_test_run ();
}
