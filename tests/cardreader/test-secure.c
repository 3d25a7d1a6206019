/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secure.c: what the card reader wipes (the helpers themselves: tests/base/test-wipe.c),
 * seen through explicit_bzero (tests/support/wipe-recorder.h). */
#include <string.h>

#include "card-test-utils.h"
#include "wipe-recorder.h"

static void
test_record_free_wipes_everything (void **state)
{
  KakanaiCardRecord *record = kakanai_card_record_new ();
  char *name, *address, *my_number;

  record->name = name = kakanai_secure_strdup ("髙﨑　𠮷");
  record->address = address = kakanai_secure_strdup ("山口県山口市亀山町2番1号");
  record->my_number = my_number = kakanai_secure_strdup ("123456789018");
  memcpy (record->birth_date, "19800101", 9);
  record->sex = KAKANAI_SEX_FEMALE;

  kakanai_card_record_free (record);
  assert_true (wipe_recorder_saw (name, strlen ("髙﨑　𠮷")));
  assert_true (wipe_recorder_saw (address, strlen ("山口県山口市亀山町2番1号")));
  assert_true (wipe_recorder_saw (my_number, 12));
  assert_true (wipe_recorder_saw (record, sizeof *record));
}

/* After a read, the APDU that carried the PIN and every buffer that held the
 * face data have been wiped. */
static void
test_read_wipes_pin_and_data (void **state)
{
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_file (KAKANAI_DEMO_PROFILE, NULL);
  g_autoptr(KakanaiTransport) transport = kakanai_sim_transport_new (sim);
  g_autoptr(KakanaiMyNumberCard) card = kakanai_mynumber_card_new (transport);
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 verify_apdu[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };

  record = kakanai_mynumber_card_read (card, "1234", KAKANAI_READ_WITH_MY_NUMBER, NULL, &error);
  assert_no_error (error);
  assert_true (wipe_recorder_held (verify_apdu, sizeof verify_apdu));
  assert_true (wipe_recorder_held ("\xDF\x22", 2));
  assert_true (wipe_recorder_held ("123456789018", 12));
}

static void
test_sim_unref_wipes_profile (void **state)
{
  KakanaiSimCard *sim = kakanai_sim_card_new_from_file (KAKANAI_DEMO_PROFILE, NULL);

  assert_non_null (sim);
  kakanai_sim_card_unref (sim);
  assert_true (wipe_recorder_held ("山口　花子", strlen ("山口　花子")));
  assert_true (wipe_recorder_held ("123456789018", 12));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_record_free_wipes_everything, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_read_wipes_pin_and_data, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_sim_unref_wipes_profile, wipe_recorder_setup, wipe_recorder_teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
