/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-card-fill.c: a card record becomes the card.* keys of the form data */
#define G_LOG_DOMAIN "kakanai-test"

#include <glib.h>

#include "kakanai-card-fill.h"

static KakanaiCardRecord *
record_new (const char *name, const char *address, const char *birth_date, KakanaiSex sex, const char *my_number)
{
  KakanaiCardRecord *record = kakanai_card_record_new ();

  record->name = kakanai_secure_strdup (name);
  record->address = kakanai_secure_strdup (address);
  g_strlcpy (record->birth_date, birth_date, sizeof record->birth_date);
  record->sex = sex;
  record->my_number = kakanai_secure_strdup (my_number);
  return record;
}

static void
test_fills_card_keys (void)
{
  g_autoptr(KakanaiCardRecord) record = record_new ("髙﨑　𠮷太郎", "東京都葛飾区立石5丁目13番1号", "19751231",
                                                    KAKANAI_SEX_MALE, NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_form_data_add_card_record (data, record, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_form_data_get (data, "card.name"), ==, "髙﨑　𠮷太郎");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.address"), ==, "東京都葛飾区立石5丁目13番1号");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.birth_date"), ==, "1975-12-31");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.sex"), ==, "male");
  g_assert_null (kakanai_form_data_get (data, "card.my_number"));
}

static void
test_my_number_only_when_read (void)
{
  g_autoptr(KakanaiCardRecord) with_number = record_new ("山口　花子", "山口県山口市亀山町2番1号", "19800101",
                                                         KAKANAI_SEX_FEMALE, "123456789018");
  g_autoptr(KakanaiCardRecord) without_number = record_new ("山口　太郎", "山口県山口市亀山町2番1号", "19790202",
                                                            KAKANAI_SEX_NOT_KNOWN, NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_form_data_add_card_record (data, with_number, &error));
  g_assert_cmpstr (kakanai_form_data_get (data, "card.my_number"), ==, "123456789018");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.sex"), ==, "female");

  /* The next resident's card replaces every card key: nothing of the first one survives. */
  g_assert_true (kakanai_form_data_add_card_record (data, without_number, &error));
  g_assert_no_error (error);
  g_assert_null (kakanai_form_data_get (data, "card.my_number"));
  g_assert_cmpstr (kakanai_form_data_get (data, "card.name"), ==, "山口　太郎");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.birth_date"), ==, "1979-02-02");
  g_assert_cmpstr (kakanai_form_data_get (data, "card.sex"), ==, "not_known");
}

static void
test_other_keys_untouched (void)
{
  g_autoptr(KakanaiCardRecord) record = record_new ("山口　花子", "山口県山口市亀山町2番1号", "19800101",
                                                    KAKANAI_SEX_FEMALE, NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_form_data_set (data, "office.name", "山口市", &error));
  g_assert_true (kakanai_form_data_add_card_record (data, record, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_form_data_get (data, "office.name"), ==, "山口市");
}

static void
test_impossible_record_refused (void)
{
  g_autoptr(KakanaiCardRecord) bad_date = record_new ("山口　花子", "山口県山口市", "19800230", KAKANAI_SEX_FEMALE, NULL);
  g_autoptr(KakanaiCardRecord) bad_sex = record_new ("山口　花子", "山口県山口市", "19800101", (KakanaiSex) 5, NULL);
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (kakanai_form_data_add_card_record (data, bad_date, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (kakanai_form_data_add_card_record (data, bad_sex, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  g_assert_null (kakanai_form_data_get (data, "card.name"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/card-fill/keys", test_fills_card_keys);
  g_test_add_func ("/card-fill/my-number", test_my_number_only_when_read);
  g_test_add_func ("/card-fill/other-keys", test_other_keys_untouched);
  g_test_add_func ("/card-fill/impossible", test_impossible_record_refused);
  return g_test_run ();
}
