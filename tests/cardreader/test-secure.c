/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-secure.c: what the card reader wipes (the helpers themselves: tests/base/test-wipe.c).
 * explicit_bzero is wrapped (-Wl,--wrap) to record each wipe. */
#include <string.h>

#include "card-test-utils.h"

void __real_explicit_bzero (void *data, size_t size);
void __wrap_explicit_bzero (void *data, size_t size);

typedef struct
{
  gconstpointer address;
  gsize         size;
  GBytes       *contents; /* what was there before the wipe */
} Wipe;

static GArray *wipes;

void
__wrap_explicit_bzero (void   *data,
                       size_t  size)
{
  if (wipes != NULL)
    {
      Wipe wipe = { data, size, g_bytes_new (data, size) };

      g_array_append_val (wipes, wipe);
    }
  __real_explicit_bzero (data, size);
  for (size_t i = 0; i < size; i++)
    assert_int_equal (((guint8 *) data)[i], 0);
}

static void
clear_wipe (gpointer data)
{
  g_bytes_unref (((Wipe *) data)->contents);
}

static int
start_recording (void **state)
{
  wipes = g_array_new (FALSE, FALSE, sizeof (Wipe));
  g_array_set_clear_func (wipes, clear_wipe);
  return 0;
}

static int
stop_recording (void **state)
{
  g_clear_pointer (&wipes, g_array_unref);
  return 0;
}

static gboolean
was_wiped (gconstpointer address,
           gsize         size)
{
  for (guint i = 0; i < wipes->len; i++)
    {
      Wipe *wipe = &g_array_index (wipes, Wipe, i);

      if (wipe->address == address && wipe->size >= size)
        return TRUE;
    }
  return FALSE;
}

static gboolean
wiped_contents_contain (gconstpointer needle,
                        gsize         size)
{
  for (guint i = 0; i < wipes->len; i++)
    {
      gsize length;
      const guint8 *contents = g_bytes_get_data (g_array_index (wipes, Wipe, i).contents, &length);

      if (length >= size && memmem (contents, length, needle, size) != NULL)
        return TRUE;
    }
  return FALSE;
}

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
  assert_true (was_wiped (name, strlen ("髙﨑　𠮷")));
  assert_true (was_wiped (address, strlen ("山口県山口市亀山町2番1号")));
  assert_true (was_wiped (my_number, 12));
  assert_true (was_wiped (record, sizeof *record));
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
  assert_true (wiped_contents_contain (verify_apdu, sizeof verify_apdu));
  assert_true (wiped_contents_contain ("\xDF\x22", 2));
  assert_true (wiped_contents_contain ("123456789018", 12));
}

static void
test_sim_unref_wipes_profile (void **state)
{
  KakanaiSimCard *sim = kakanai_sim_card_new_from_file (KAKANAI_DEMO_PROFILE, NULL);

  assert_non_null (sim);
  kakanai_sim_card_unref (sim);
  assert_true (wiped_contents_contain ("山口　花子", strlen ("山口　花子")));
  assert_true (wiped_contents_contain ("123456789018", 12));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_record_free_wipes_everything, start_recording, stop_recording),
    cmocka_unit_test_setup_teardown (test_read_wipes_pin_and_data, start_recording, stop_recording),
    cmocka_unit_test_setup_teardown (test_sim_unref_wipes_profile, start_recording, stop_recording),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
