/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-read-progress.c: the steps a card read reports, checked against the APDUs really sent */
#include <string.h>

#include "card-test-utils.h"
#include "kakanai-transport-private.h"

/* ---- A transport that passes everything to the simulated card and notes
 *      what each command was ---- */

typedef enum
{
  APDU_SELECT_AP,
  APDU_SELECT_PIN,
  APDU_TRIES_QUERY,
  APDU_VERIFY_PIN,
  APDU_SELECT_FACE,
  APDU_SELECT_MY_NUMBER,
  APDU_FOLLOW_UP, /* READ BINARY, GET RESPONSE, a re-send: part of the step before */
  APDU_OTHER,
} ApduKind;

typedef struct
{
  KakanaiTransport  parent;
  KakanaiTransport *inner;
  GArray           *kinds; /* ApduKind, one per command sent */
} SpyTransport;

static ApduKind
classify_command (const guint8 *command,
                  gsize         length)
{
  static const guint8 select_face[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
  static const guint8 select_my_number[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01 };
  static const guint8 select_pin[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };

  if (length >= 4 && command[1] == 0xA4 && command[2] == 0x04)
    return APDU_SELECT_AP;
  if (length == sizeof select_pin && memcmp (command, select_pin, length) == 0)
    return APDU_SELECT_PIN;
  if (length == sizeof select_face && memcmp (command, select_face, length) == 0)
    return APDU_SELECT_FACE;
  if (length == sizeof select_my_number && memcmp (command, select_my_number, length) == 0)
    return APDU_SELECT_MY_NUMBER;
  if (command[1] == 0x20)
    return length == 4 ? APDU_TRIES_QUERY : APDU_VERIFY_PIN;
  if (command[1] == 0xB0 || command[1] == 0xC0)
    return APDU_FOLLOW_UP;
  return APDU_OTHER;
}

static gboolean
spy_transmit (KakanaiTransport *transport,
              const guint8     *command,
              gsize             command_length,
              guint8           *response,
              gsize             response_capacity,
              gsize            *response_length,
              GError          **error)
{
  SpyTransport *self = (SpyTransport *) transport;
  ApduKind kind = classify_command (command, command_length);

  g_array_append_val (self->kinds, kind);
  return kakanai_transport_transmit (self->inner, command, command_length, response,
                                     response_capacity, response_length, error);
}

static void
spy_free (KakanaiTransport *transport)
{
  SpyTransport *self = (SpyTransport *) transport;

  kakanai_transport_free (self->inner);
  g_array_unref (self->kinds);
  g_free (self);
}

static const KakanaiTransportVTable spy_vtable = {
  .transmit = spy_transmit,
  .free = spy_free,
};

static SpyTransport *
spy_transport_new (KakanaiSimCard *sim)
{
  SpyTransport *self = g_new0 (SpyTransport, 1);

  kakanai_transport_init (&self->parent, &spy_vtable);
  self->inner = kakanai_sim_transport_new (sim);
  self->kinds = g_array_new (FALSE, FALSE, sizeof (ApduKind));
  return self;
}

/* ---- What the progress function saw ---- */

typedef struct
{
  guint           steps_done;
  guint           n_steps;
  KakanaiReadStep what;
  guint           apdus_before; /* commands sent when it was called */
} Report;

typedef struct
{
  SpyTransport        *spy;
  KakanaiMyNumberCard *card;
  GArray              *reports; /* Report */
} Session;

static void
record_progress (guint           steps_done,
                 guint           n_steps,
                 KakanaiReadStep what,
                 gpointer        user_data)
{
  Session *session = user_data;
  Report report = { steps_done, n_steps, what, session->spy->kinds->len };

  g_array_append_val (session->reports, report);
}

static Session *
session_new (KakanaiSimCard *sim)
{
  Session *session = g_new0 (Session, 1);

  session->spy = spy_transport_new (sim);
  session->card = kakanai_mynumber_card_new (&session->spy->parent);
  session->reports = g_array_new (FALSE, FALSE, sizeof (Report));
  kakanai_mynumber_card_set_progress_func (session->card, record_progress, session, NULL);
  kakanai_sim_card_unref (sim);
  return session;
}

static void
session_free (Session *session)
{
  kakanai_mynumber_card_free (session->card);
  kakanai_transport_free (&session->spy->parent);
  g_array_unref (session->reports);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Session, session_free)

static KakanaiCardRecord *
session_read (Session         *session,
              const char      *pin,
              KakanaiReadFlags flags,
              GError         **error)
{
  return kakanai_mynumber_card_read (session->card, pin, flags, NULL, error);
}

static const Report *
report_at (Session *session,
           guint    index)
{
  return &g_array_index (session->reports, Report, index);
}

static gboolean
session_reported (Session        *session,
                  KakanaiReadStep what)
{
  for (guint i = 0; i < session->reports->len; i++)
    if (report_at (session, i)->what == what)
      return TRUE;
  return FALSE;
}

/* The step a command belongs to; FOLLOW_UP continues the step before. */
static gboolean
step_of_apdu (ApduKind         kind,
              KakanaiReadStep *step)
{
  switch (kind)
    {
    case APDU_SELECT_AP:
    case APDU_SELECT_PIN:
    case APDU_TRIES_QUERY:
      *step = KAKANAI_READ_STEP_OPENING;
      return TRUE;
    case APDU_VERIFY_PIN:
      *step = KAKANAI_READ_STEP_CHECKING_PIN;
      return TRUE;
    case APDU_SELECT_FACE:
      *step = KAKANAI_READ_STEP_READING_FACE;
      return TRUE;
    case APDU_SELECT_MY_NUMBER:
      *step = KAKANAI_READ_STEP_READING_MY_NUMBER;
      return TRUE;
    case APDU_FOLLOW_UP:
    case APDU_OTHER:
    default:
      return FALSE;
    }
}

/* Steps rise by one from 0 with a fixed total, each report comes before the
 * first command of its step, and every command sent falls in the step
 * reported last before it. */
static void
assert_reports_follow_apdus (Session *session)
{
  GArray *kinds = session->spy->kinds;
  guint report = 0;

  assert_true (session->reports->len > 0);
  for (guint i = 0; i < session->reports->len; i++)
    {
      assert_int_equal (report_at (session, i)->steps_done, i);
      assert_int_equal (report_at (session, i)->n_steps, report_at (session, 0)->n_steps);
      if (i > 0)
        assert_true (report_at (session, i)->apdus_before >= report_at (session, i - 1)->apdus_before);
    }

  for (guint apdu = 0; apdu < kinds->len; apdu++)
    {
      ApduKind kind = g_array_index (kinds, ApduKind, apdu);
      KakanaiReadStep expected;

      while (report + 1 < session->reports->len && report_at (session, report + 1)->apdus_before <= apdu)
        report++;
      assert_true (report_at (session, report)->apdus_before <= apdu);
      assert_int_not_equal (kind, APDU_OTHER);
      if (step_of_apdu (kind, &expected))
        {
          if (report_at (session, report)->what != expected)
            fail_msg ("command %u (kind %d) was sent during step %d, expected step %d", apdu, kind,
                      report_at (session, report)->what, expected);
        }
      else
        assert_true (apdu > 0); /* a follow-up never starts a read */
    }
}

static void
assert_complete_read (Session *session,
                      guint    expected_n_steps)
{
  const Report *last;

  assert_reports_follow_apdus (session);
  assert_int_equal (session->reports->len, expected_n_steps + 1);
  last = report_at (session, session->reports->len - 1);
  assert_int_equal (last->steps_done, expected_n_steps);
  assert_int_equal (last->n_steps, expected_n_steps);
  assert_int_equal (last->what, KAKANAI_READ_STEP_DONE);
  /* Done means done: nothing is sent after it. */
  assert_int_equal (last->apdus_before, session->spy->kinds->len);
}

/* ---- Successful reads ---- */

static void
test_progress_basic_four (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  static const KakanaiReadStep expected[] = {
    KAKANAI_READ_STEP_OPENING, KAKANAI_READ_STEP_CHECKING_PIN, KAKANAI_READ_STEP_READING_FACE,
    KAKANAI_READ_STEP_DONE,
  };

  record = session_read (session, "1234", KAKANAI_READ_DEFAULT, &error);
  assert_no_error (error);
  assert_non_null (record);
  assert_complete_read (session, 3);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_int_equal (report_at (session, i)->what, expected[i]);
  /* Before anything is sent; VERIFY after SELECT AP, SELECT EF 0011 and the
   * tries query; SELECT EF 0002 after VERIFY; done after the one READ BINARY. */
  assert_int_equal (report_at (session, 0)->apdus_before, 0);
  assert_int_equal (report_at (session, 1)->apdus_before, 3);
  assert_int_equal (report_at (session, 2)->apdus_before, 4);
  assert_int_equal (report_at (session, 3)->apdus_before, 6);
}

static void
test_progress_with_my_number (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = session_read (session, "1234", KAKANAI_READ_WITH_MY_NUMBER, &error);
  assert_no_error (error);
  assert_non_null (record->my_number);
  assert_complete_read (session, 4);
  assert_int_equal (report_at (session, 3)->what, KAKANAI_READ_STEP_READING_MY_NUMBER);
  assert_int_equal (report_at (session, 3)->apdus_before, 6);
}

/* Several READ BINARY for one file, and T=0's re-sends and GET RESPONSE,
 * stay inside their step: the totals do not change with them. */
static void
test_progress_with_follow_up_apdus (void **state)
{
  const char *profiles[] = { "long-address.json", "t0.json" };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(Session) session = session_new (card_test_load_profile (profiles[i]));
      g_autoptr(KakanaiCardRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = session_read (session, "1234", KAKANAI_READ_WITH_MY_NUMBER, &error);
      assert_no_error (error);
      assert_true (session->spy->kinds->len > 7);
      assert_complete_read (session, 4);
    }
}

static void
test_progress_each_read (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("good.json"));
  g_autoptr(GError) error = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(KakanaiCardRecord) record = NULL;

      g_array_set_size (session->reports, 0);
      g_array_set_size (session->spy->kinds, 0);
      record = session_read (session, "1234", KAKANAI_READ_DEFAULT, &error);
      assert_no_error (error);
      assert_complete_read (session, 3);
    }
}

/* ---- Failed reads stop where they failed ---- */

static void
test_progress_wrong_pin (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = session_read (session, "9999", KAKANAI_READ_DEFAULT, &error);
  assert_null (record);
  assert_card_error (error, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_reports_follow_apdus (session);
  assert_int_equal (session->reports->len, 2);
  assert_int_equal (report_at (session, 0)->what, KAKANAI_READ_STEP_OPENING);
  assert_int_equal (report_at (session, 1)->what, KAKANAI_READ_STEP_CHECKING_PIN);
  assert_false (session_reported (session, KAKANAI_READ_STEP_READING_FACE));
  assert_false (session_reported (session, KAKANAI_READ_STEP_DONE));
  assert_true (report_at (session, 1)->steps_done < report_at (session, 1)->n_steps);
}

static void
test_progress_last_try_refused (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("one-try.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = session_read (session, "1234", KAKANAI_READ_DEFAULT, &error);
  assert_card_error (error, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED);
  assert_reports_follow_apdus (session);
  /* No PIN sent, so no PIN check announced. */
  assert_int_equal (session->reports->len, 1);
  assert_int_equal (report_at (session, 0)->what, KAKANAI_READ_STEP_OPENING);
}

static void
test_progress_bad_data (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("bad-birth-date.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = session_read (session, "1234", KAKANAI_READ_DEFAULT, &error);
  assert_card_error (error, KAKANAI_CARD_ERROR_BAD_DATA);
  assert_reports_follow_apdus (session);
  assert_true (session_reported (session, KAKANAI_READ_STEP_READING_FACE));
  assert_false (session_reported (session, KAKANAI_READ_STEP_DONE));
}

static void
test_progress_malformed_pin_reports_nothing (void **state)
{
  g_autoptr(Session) session = session_new (card_test_load_profile ("good.json"));
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = session_read (session, "12a4", KAKANAI_READ_DEFAULT, &error);
  assert_card_error (error, KAKANAI_CARD_ERROR_WRONG_PIN);
  assert_int_equal (session->spy->kinds->len, 0);
  assert_int_equal (session->reports->len, 0);
}

/* ---- Ownership of the user data ---- */

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_progress_user_data_released (void **state)
{
  g_autoptr(KakanaiSimCard) sim = card_test_load_profile ("good.json");
  g_autoptr(KakanaiTransport) transport = kakanai_sim_transport_new (sim);
  KakanaiMyNumberCard *card = kakanai_mynumber_card_new (transport);
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  guint first = 0, second = 0;

  kakanai_mynumber_card_set_progress_func (card, record_progress, &first, count_destroy);
  kakanai_mynumber_card_set_progress_func (card, record_progress, &second, count_destroy);
  assert_int_equal (first, 1);
  assert_int_equal (second, 0);
  /* Removed: the read runs without reporting. */
  kakanai_mynumber_card_set_progress_func (card, NULL, NULL, NULL);
  assert_int_equal (second, 1);
  record = kakanai_mynumber_card_read (card, "1234", KAKANAI_READ_DEFAULT, NULL, &error);
  assert_no_error (error);

  kakanai_mynumber_card_set_progress_func (card, record_progress, &first, count_destroy);
  kakanai_mynumber_card_free (card);
  assert_int_equal (first, 2);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_progress_basic_four),
    cmocka_unit_test (test_progress_with_my_number),
    cmocka_unit_test (test_progress_with_follow_up_apdus),
    cmocka_unit_test (test_progress_each_read),
    cmocka_unit_test (test_progress_wrong_pin),
    cmocka_unit_test (test_progress_last_try_refused),
    cmocka_unit_test (test_progress_bad_data),
    cmocka_unit_test (test_progress_malformed_pin_reports_nothing),
    cmocka_unit_test (test_progress_user_data_released),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
