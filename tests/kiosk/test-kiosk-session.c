/* test-kiosk-session.c: a resident's visit without a display, on the simulated card.
 *
 * Every step change, the answers checked as typed, the wiping on every way out (finish,
 * start over, card taken away, idle timeout, clerk reset), the last-try guard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <glib/gstdio.h>
#include <string.h>

#include "kakanai-kiosk-session.h"

/* Long enough for a sanitizer build on a loaded machine; a pass takes far less. */
#define WAIT_SECONDS 60

typedef struct {
  KakanaiConfig       *config;
  KakanaiKioskCard    *card;
  KakanaiKioskSession *session;
  char                *output_dir;
  GPtrArray           *steps;       /* the steps entered, as names */
  int                  outcome;     /* -1 until "session-ended" */
  char                *ended_forms;
  GBytes              *pdf;         /* what "document-ready" handed over */
  gboolean             take_pdf;
} Fixture;

/* @forms_dir: under the source root. */
static GPtrArray *
load_templates (const char *forms_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), forms_dir, NULL);
  GPtrArray *templates = kakanai_template_load_dir (dir, &error);

  g_assert_no_error (error);
  return templates;
}

static void
on_step_changed (KakanaiKioskSession *session,
                 guint                old_step,
                 guint                new_step,
                 Fixture             *fixture)
{
  g_ptr_array_add (fixture->steps, g_strdup (kakanai_kiosk_step_to_string (new_step)));
}

static void
on_session_ended (KakanaiKioskSession *session,
                  guint                outcome,
                  const char          *forms,
                  Fixture             *fixture)
{
  /* Everything personal is gone before anyone hears of the end. */
  g_assert_null (kakanai_kiosk_session_get_record (session));
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 0);
  g_assert_null (kakanai_kiosk_session_get_layout (session));
  g_assert_null (kakanai_kiosk_session_get_questions (session));
  g_assert_cmpuint (kakanai_kiosk_session_get_chosen (session)->len, ==, 0);
  fixture->outcome = (int) outcome;
  g_free (fixture->ended_forms);
  fixture->ended_forms = g_strdup (forms);
}

static gboolean
on_document_ready (KakanaiKioskSession *session,
                   GBytes              *pdf,
                   Fixture             *fixture)
{
  g_clear_pointer (&fixture->pdf, g_bytes_unref);
  fixture->pdf = g_bytes_ref (pdf);
  return fixture->take_pdf;
}

/* @forms_dir: the catalogue, under the source root; the bundled procedures go with the
 * bundled forms only. */
static void
fixture_set_up_with_forms (Fixture    *fixture,
                           const char *profile,
                           const char *config_text,
                           const char *forms_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) templates = load_templates (forms_dir);
  g_autofree char *procedures_dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "assets", "procedures", NULL);
  g_autofree char *profile_path = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "cardreader",
                                                    "profiles", profile, NULL);
  g_autoptr (GPtrArray) procedures = NULL;

  if (g_str_equal (forms_dir, "assets/forms"))
    {
      procedures = kakanai_procedure_load_dir (procedures_dir, templates, &error);
      g_assert_no_error (error);
    }
  fixture->config = kakanai_config_new_default ();
  if (config_text != NULL)
    {
      kakanai_config_load_data (fixture->config, "test.conf", config_text, strlen (config_text), &error);
      g_assert_no_error (error);
    }
  fixture->card = kakanai_kiosk_card_new_simulated (profile_path, &error);
  g_assert_no_error (error);
  kakanai_kiosk_card_set_simulated_delay (fixture->card, 0);
  fixture->output_dir = g_dir_make_tmp ("kakanai-session-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->session = kakanai_kiosk_session_new (fixture->config, fixture->card, templates, procedures,
                                                fixture->output_dir);
  fixture->steps = g_ptr_array_new_with_free_func (g_free);
  fixture->outcome = -1;
  g_signal_connect (fixture->session, "step-changed", G_CALLBACK (on_step_changed), fixture);
  g_signal_connect (fixture->session, "session-ended", G_CALLBACK (on_session_ended), fixture);
  g_signal_connect (fixture->session, "document-ready", G_CALLBACK (on_document_ready), fixture);
}

static void
fixture_set_up_with (Fixture    *fixture,
                     const char *profile,
                     const char *config_text)
{
  fixture_set_up_with_forms (fixture, profile, config_text, "assets/forms");
}

/* A catalogue whose clerk question is not the bundled forms' (tests/kiosk/clerk-forms). */
static void
fixture_set_up_clerk_forms (Fixture       *fixture,
                            gconstpointer  data)
{
  fixture_set_up_with_forms (fixture, "good.json", "[kiosk]\nmunicipality=テスト市\n", "tests/kiosk/clerk-forms");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, data != NULL ? data : "good.json", "[kiosk]\nmunicipality=テスト市\n");
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->card);
  g_clear_pointer (&fixture->config, kakanai_config_free);
  g_clear_pointer (&fixture->steps, g_ptr_array_unref);
  g_clear_pointer (&fixture->ended_forms, g_free);
  g_clear_pointer (&fixture->pdf, g_bytes_unref);
  remove_tree (fixture->output_dir);
  g_free (fixture->output_dir);
}

static gboolean
on_wait_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the session shows @step (the card works on threads). */
static void
wait_for_step (Fixture         *fixture,
               KakanaiKioskStep step)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_wait_timeout, &timed_out);

  while (kakanai_kiosk_session_get_step (fixture->session) != step && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_cmpstr (kakanai_kiosk_step_to_string (kakanai_kiosk_session_get_step (fixture->session)), ==,
                   kakanai_kiosk_step_to_string (step));
}

static KakanaiProcedure *
find_procedure (Fixture    *fixture,
                const char *id)
{
  GPtrArray *procedures = kakanai_kiosk_session_get_procedures (fixture->session);

  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (kakanai_procedure_get_id (g_ptr_array_index (procedures, i)), id))
      return g_ptr_array_index (procedures, i);
  g_assert_not_reached ();
}

static KakanaiTemplate *
find_template (Fixture    *fixture,
               const char *id)
{
  GPtrArray *templates = kakanai_kiosk_session_get_templates (fixture->session);

  for (guint i = 0; i < templates->len; i++)
    if (g_str_equal (kakanai_template_get_id (g_ptr_array_index (templates, i)), id))
      return g_ptr_array_index (templates, i);
  g_assert_not_reached ();
}

static void
type_pin (Fixture    *fixture,
          const char *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    kakanai_kiosk_session_add_pin_digit (fixture->session, (guint) (*p - '0'));
}

/* Start → the forms of @forms → card → the PIN screen. */
static void
go_to_pin_for (Fixture            *fixture,
               const char * const *forms)
{
  KakanaiKioskSession *session = fixture->session;

  kakanai_kiosk_session_start (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CHOOSE);
  for (guint i = 0; forms[i] != NULL; i++)
    kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, forms[i]), TRUE);
  kakanai_kiosk_session_next (session);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_PIN);
}

/* Start → the forms of @forms → card → PIN → confirm. */
static void
read_card_for (Fixture            *fixture,
               const char * const *forms)
{
  KakanaiKioskSession *session = fixture->session;

  go_to_pin_for (fixture, forms);
  type_pin (fixture, "1234");
  kakanai_kiosk_session_confirm_pin (session);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_CONFIRM);
}

static KakanaiQuestion *
current_question (Fixture *fixture)
{
  KakanaiQuestion *question = kakanai_kiosk_session_get_question (fixture->session);

  g_assert_nonnull (question);
  return question;
}

static const char *
current_key (Fixture *fixture)
{
  return kakanai_question_get_key (current_question (fixture));
}

static void
answer (Fixture    *fixture,
        const char *key,
        const char *typed)
{
  g_autoptr (GError) error = NULL;

  kakanai_kiosk_session_set_answer (fixture->session, key, typed, &error);
  g_assert_no_error (error);
}

/* Answers whatever the bundled forms ask, with answers every kind accepts. */
static void
answer_current (Fixture *fixture)
{
  KakanaiQuestion *question = current_question (fixture);
  const char *key = kakanai_question_get_key (question);
  const char * const *options;

  switch (kakanai_question_get_kind (question))
    {
    case KAKANAI_QUESTION_KATAKANA:
      answer (fixture, key, "やまぐち はなこ");
      break;
    case KAKANAI_QUESTION_PHONE:
      answer (fixture, key, "083-922-1111");
      break;
    case KAKANAI_QUESTION_POSTAL_CODE:
      answer (fixture, key, "７５３－００１１");
      break;
    case KAKANAI_QUESTION_DATE:
      answer (fixture, key, "令和6年4月1日");
      break;
    case KAKANAI_QUESTION_DIGITS:
      answer (fixture, key, "1234567");
      break;
    case KAKANAI_QUESTION_CHOICE:
    case KAKANAI_QUESTION_MULTIPLE_CHOICE:
      options = kakanai_question_get_options (question);
      answer (fixture, key, options[0]);
      break;
    case KAKANAI_QUESTION_NUMBER:
    case KAKANAI_QUESTION_FISCAL_YEAR:
      if (kakanai_kiosk_session_get_answer (fixture->session, key) == NULL)
        {
          double min = 1, max = 1;

          kakanai_question_get_range (question, &min, &max);
          answer (fixture, key, kakanai_question_get_kind (question) == KAKANAI_QUESTION_NUMBER ? "1" : "2024");
        }
      break;
    case KAKANAI_QUESTION_YES_NO:
      answer (fixture, key, "no");
      break;
    case KAKANAI_QUESTION_GROUP:
      /* Members are optional unless the group is required: none. */
      break;
    case KAKANAI_QUESTION_TEXT:
    default:
      answer (fixture, key, "山口市役所");
      break;
    }
}

static void
answer_all_questions (Fixture *fixture)
{
  for (guint guard = 0; kakanai_kiosk_session_get_step (fixture->session) == KAKANAI_KIOSK_STEP_SUPPLEMENTS; guard++)
    {
      g_assert_cmpuint (guard, <, 60);
      answer_current (fixture);
      g_assert_true (kakanai_kiosk_session_can_go_next (fixture->session));
      kakanai_kiosk_session_next (fixture->session);
    }
}

static void
assert_steps (Fixture            *fixture,
              const char * const *expected)
{
  g_autofree char *seen = NULL;
  g_autofree char *wanted = g_strjoinv (" ", (GStrv) expected);

  g_ptr_array_add (fixture->steps, NULL);
  seen = g_strjoinv (" ", (GStrv) fixture->steps->pdata);
  g_ptr_array_set_size (fixture->steps, fixture->steps->len - 1);
  g_assert_cmpstr (seen, ==, wanted);
}

/* ------------------------------------------------------------------------- */

static void
test_whole_visit (Fixture       *fixture,
                  gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "juminhyo", NULL };
  const char * const expected[] = { "choose", "card", "pin", "reading", "confirm", "supplements",
                                    "preview", "finish", NULL };
  GBytes *pdf;

  g_assert_false (kakanai_kiosk_session_is_running (session));
  kakanai_kiosk_session_start (session);
  g_assert_true (kakanai_kiosk_session_is_running (session));
  /* Nothing chosen: Next does nothing. */
  g_assert_false (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_next (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CHOOSE);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, forms[0]), TRUE);
  g_assert_true (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_next (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CARD);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_PIN);
  g_assert_cmpuint (kakanai_kiosk_session_get_tries_left (session), ==, 3);

  /* Four digits send nothing; erasing is allowed until OK. */
  type_pin (fixture, "1235");
  type_pin (fixture, "9");
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 4);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PIN);
  kakanai_kiosk_session_erase_pin_digit (session);
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 3);
  kakanai_kiosk_session_confirm_pin (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PIN);
  type_pin (fixture, "4");
  kakanai_kiosk_session_confirm_pin (session);
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 0);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_CONFIRM);
  g_assert_cmpfloat (kakanai_kiosk_session_get_reading_fraction (session), ==, 1.0);
  g_assert_nonnull (kakanai_kiosk_session_get_record (session));

  kakanai_kiosk_session_next (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
  answer_all_questions (fixture);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
  g_assert_nonnull (kakanai_kiosk_session_get_layout (session));
  kakanai_kiosk_session_next (session);
  assert_steps (fixture, expected);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_FINISHED);
  g_assert_cmpstr (fixture->ended_forms, ==, "juminhyo");
  /* Nobody printed it: it went to the output folder, and nothing else did. */
  pdf = fixture->pdf;
  g_assert_nonnull (pdf);
  g_assert_true (g_bytes_get_size (pdf) > 4 && memcmp (g_bytes_get_data (pdf, NULL), "%PDF", 4) == 0);
  {
    g_autoptr (GDir) dir = g_dir_open (fixture->output_dir, 0, NULL);
    const char *name = g_dir_read_name (dir);

    g_assert_nonnull (name);
    g_assert_true (g_str_has_suffix (name, "-juminhyo.pdf"));
    g_assert_null (g_dir_read_name (dir));
  }
  g_assert_false (kakanai_kiosk_session_is_running (session));
  /* Taking the card back ends the finish screen. */
  kakanai_kiosk_card_set_simulated_present (fixture->card, FALSE);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_WELCOME);
}

static void
test_printed (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const forms[] = { "inkan", NULL };

  fixture->take_pdf = TRUE;
  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (fixture->session);
  answer_all_questions (fixture);
  kakanai_kiosk_session_next (fixture->session);
  g_assert_nonnull (fixture->pdf);
  g_assert_cmpstr (kakanai_kiosk_session_get_finish_message (fixture->session), !=, "");
  {
    g_autoptr (GDir) dir = g_dir_open (fixture->output_dir, 0, NULL);

    g_assert_null (g_dir_read_name (dir));
  }
}

static void
test_back_steps (Fixture       *fixture,
                 gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "shotoku", NULL };
  guint first;

  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (session);
  first = kakanai_kiosk_session_get_question_index (session);
  answer_current (fixture);
  kakanai_kiosk_session_next (session);
  g_assert_cmpuint (kakanai_kiosk_session_get_question_index (session), >, first);
  kakanai_kiosk_session_back (session);
  g_assert_cmpuint (kakanai_kiosk_session_get_question_index (session), ==, first);
  /* The answer given is kept. */
  g_assert_true (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_back (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CONFIRM);
  kakanai_kiosk_session_next (session);
  answer_all_questions (fixture);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
  kakanai_kiosk_session_back (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
  g_assert_null (kakanai_kiosk_session_get_layout (session));
  kakanai_kiosk_session_next (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
}

static void
test_back_from_card (Fixture       *fixture,
                     gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;

  kakanai_kiosk_card_set_simulated_present (fixture->card, FALSE);
  kakanai_kiosk_session_start (session);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "inkan"), TRUE);
  kakanai_kiosk_session_next (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CARD);
  kakanai_kiosk_session_back (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CHOOSE);
  /* The choice is kept; back again from choose ends the session. */
  g_assert_true (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_back (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_WELCOME);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CANCELLED);
  g_assert_cmpstr (fixture->ended_forms, ==, "inkan");
}

static void
test_procedure_preselects (Fixture       *fixture,
                           gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  g_autofree char *ids = NULL;
  g_autofree char *after = NULL;

  kakanai_kiosk_session_start (session);
  kakanai_kiosk_session_choose_procedure (session, find_procedure (fixture, "tennyu"));
  ids = kakanai_kiosk_session_dup_chosen_ids (session);
  /* The installed order, whatever order the procedure names them in. */
  g_assert_cmpstr (ids, ==, "jidoteate,juminhyo,tennyu");
  /* Still changeable. */
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "juminhyo"), FALSE);
  after = kakanai_kiosk_session_dup_chosen_ids (session);
  g_assert_cmpstr (after, ==, "jidoteate,tennyu");
  g_assert_true (kakanai_kiosk_session_get_procedure (session) == find_procedure (fixture, "tennyu"));
}

static void
test_tennyu_visit (Fixture       *fixture,
                   gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "tennyu", "jidoteate", NULL };
  gboolean saw_group = FALSE;

  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (session);
  for (guint guard = 0; kakanai_kiosk_session_get_step (session) == KAKANAI_KIOSK_STEP_SUPPLEMENTS; guard++)
    {
      KakanaiQuestion *question = current_question (fixture);

      g_assert_cmpuint (guard, <, 60);
      if (g_str_equal (kakanai_question_get_key (question), "form.household"))
        {
          saw_group = TRUE;
          kakanai_kiosk_session_set_group_count (session, "form.household", 1);
          /* A member added: their required fields hold the question. */
          g_assert_false (kakanai_kiosk_session_can_go_next (session));
          answer (fixture, "form.household.1.name", "山口　太郎");
          answer (fixture, "form.household.1.birth_date", "2015/5/5");
          answer (fixture, "form.household.1.relationship", "child");
          g_assert_true (kakanai_kiosk_session_can_go_next (session));
          g_assert_cmpstr (kakanai_kiosk_session_get_answer (session, "form.household.1.birth_date"), ==,
                           "2015-05-05");
          /* A second one added and taken away again takes nothing along. */
          kakanai_kiosk_session_set_group_count (session, "form.household", 2);
          answer (fixture, "form.household.2.name", "山口　次郎");
          kakanai_kiosk_session_set_group_count (session, "form.household", 1);
          g_assert_null (kakanai_kiosk_session_get_answer (session, "form.household.2.name"));
        }
      else
        answer_current (fixture);
      kakanai_kiosk_session_next (session);
    }
  g_assert_true (saw_group);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
  g_assert_cmpuint (kakanai_layout_get_n_pages (kakanai_kiosk_session_get_layout (session)), ==, 2);
  kakanai_kiosk_session_next (session);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_FINISHED);
  g_assert_cmpstr (fixture->ended_forms, ==, "jidoteate,tennyu");
}

/* Walks to the question with @key, answering the ones before. */
static void
go_to_question (Fixture    *fixture,
                const char *key)
{
  for (guint guard = 0; !g_str_equal (current_key (fixture), key); guard++)
    {
      g_assert_cmpuint (guard, <, 60);
      answer_current (fixture);
      kakanai_kiosk_session_next (fixture->session);
    }
}

static void
assert_refused (Fixture    *fixture,
                const char *key,
                const char *typed)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (kakanai_kiosk_session_set_answer (fixture->session, key, typed, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  /* In plain words, never empty. */
  g_assert_cmpuint (strlen (error->message), >, 5);
  g_assert_null (kakanai_kiosk_session_get_answer (fixture->session, key));
  g_assert_false (kakanai_kiosk_session_can_go_next (fixture->session));
}

static void
test_answers_checked (Fixture       *fixture,
                      gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "inkan", NULL };
  guint before, after;

  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (session);

  go_to_question (fixture, "applicant.name_kana");
  /* Required: nothing typed holds the question, without calling it a mistake. */
  g_assert_false (kakanai_kiosk_session_can_go_next (session));
  assert_refused (fixture, "applicant.name_kana", "yamada 1");
  answer (fixture, "applicant.name_kana", "やまだ");
  g_assert_cmpstr (kakanai_kiosk_session_get_answer (session, "applicant.name_kana"), ==, "ヤマダ");
  g_assert_true (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_next (session);

  go_to_question (fixture, "applicant.phone");
  assert_refused (fixture, "applicant.phone", "083a9");
  assert_refused (fixture, "applicant.phone", "0839");
  /* Optional: cleared, it no longer holds the question. */
  answer (fixture, "applicant.phone", "");
  g_assert_true (kakanai_kiosk_session_can_go_next (session));
  kakanai_kiosk_session_next (session);

  go_to_question (fixture, "request.copies");
  assert_refused (fixture, "request.copies", "0");
  assert_refused (fixture, "request.copies", "11");
  answer (fixture, "request.copies", "2");
  kakanai_kiosk_session_next (session);

  go_to_question (fixture, "request.purpose");
  kakanai_kiosk_session_get_question_position (session, &before, NULL);
  kakanai_kiosk_session_get_question_position (session, NULL, &before);
  answer (fixture, "request.purpose", "other");
  kakanai_kiosk_session_get_question_position (session, NULL, &after);
  /* 「その他」 asks what for. */
  g_assert_cmpuint (after, ==, before + 1);
  kakanai_kiosk_session_next (session);
  g_assert_cmpstr (current_key (fixture), ==, "request.purpose_other");
  g_assert_false (kakanai_kiosk_session_can_go_next (session));
  answer (fixture, "request.purpose_other", "パスポート");
  kakanai_kiosk_session_back (session);
  answer (fixture, "request.purpose", "pension");
  kakanai_kiosk_session_next (session);
  g_assert_cmpstr (current_key (fixture), !=, "request.purpose_other");
}

/* A form may list a question before the one it depends on: it is asked right after it. */
static void
test_condition_follows (Fixture       *fixture,
                        gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "juminhyo", NULL };

  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (session);
  go_to_question (fixture, "request.kind");
  answer (fixture, "request.kind", "household,removed");
  kakanai_kiosk_session_next (session);
  g_assert_cmpstr (current_key (fixture), ==, "request.copies.household");
  answer (fixture, "request.copies.household", "2");
  kakanai_kiosk_session_next (session);
  g_assert_cmpstr (current_key (fixture), ==, "request.copies.removed");
  answer (fixture, "request.copies.removed", "1");
  kakanai_kiosk_session_next (session);
  g_assert_cmpstr (current_key (fixture), !=, "request.copies.extract");
  answer_all_questions (fixture);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
}

static void
test_wiped_on_start_over (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const forms[] = { "juminhyo", NULL };

  read_card_for (fixture, forms);
  kakanai_kiosk_session_next (fixture->session);
  answer_current (fixture);
  kakanai_kiosk_session_cancel (fixture->session);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CANCELLED);
  g_assert_cmpint (kakanai_kiosk_session_get_step (fixture->session), ==, KAKANAI_KIOSK_STEP_WELCOME);
  g_assert_cmpint (kakanai_kiosk_session_get_notice (fixture->session), ==, KAKANAI_KIOSK_NOTICE_NONE);
  g_assert_false (kakanai_kiosk_session_is_running (fixture->session));
}

static void
test_wiped_on_clerk_reset (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const forms[] = { "juminhyo", NULL };

  read_card_for (fixture, forms);
  kakanai_kiosk_session_reset (fixture->session);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CLERK_RESET);
  g_assert_cmpint (kakanai_kiosk_session_get_step (fixture->session), ==, KAKANAI_KIOSK_STEP_WELCOME);
}

static void
test_wiped_on_card_removed (Fixture       *fixture,
                            gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char * const forms[] = { "juminhyo", NULL };

  /* On the PIN screen, a digit typed. */
  go_to_pin_for (fixture, forms);
  type_pin (fixture, "1");
  kakanai_kiosk_card_set_simulated_present (fixture->card, FALSE);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_WELCOME);
  g_assert_cmpint (kakanai_kiosk_session_get_notice (session), ==, KAKANAI_KIOSK_NOTICE_CARD_REMOVED);

  /* On a question, answers given. */
  fixture->outcome = -1;
  kakanai_kiosk_card_set_simulated_present (fixture->card, TRUE);
  read_card_for (fixture, forms);
  g_assert_cmpint (kakanai_kiosk_session_get_notice (session), ==, KAKANAI_KIOSK_NOTICE_NONE);
  kakanai_kiosk_session_next (session);
  answer_current (fixture);
  kakanai_kiosk_card_set_simulated_present (fixture->card, FALSE);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
}

static void
test_idle_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  gboolean saw_countdown = FALSE;

  kakanai_kiosk_session_start (session);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "inkan"), TRUE);
  /* The timer waits while an overlay (clerk mode, a question) shows. */
  kakanai_kiosk_session_set_paused (session, TRUE);
  {
    gboolean waited = FALSE;
    guint source = g_timeout_add_seconds (3, on_wait_timeout, &waited);

    while (!waited)
      g_main_context_iteration (NULL, TRUE);
    (void) source;
  }
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CHOOSE);
  kakanai_kiosk_session_set_paused (session, FALSE);
  {
    gboolean timed_out = FALSE;
    guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_wait_timeout, &timed_out);

    while (kakanai_kiosk_session_get_step (session) != KAKANAI_KIOSK_STEP_WELCOME && !timed_out)
      {
        g_main_context_iteration (NULL, TRUE);
        saw_countdown |= kakanai_kiosk_session_get_countdown (session) > 0;
      }
    if (!timed_out)
      g_source_remove (timeout);
  }
  g_assert_true (saw_countdown);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_TIMED_OUT);
  g_assert_cmpint (kakanai_kiosk_session_get_notice (session), ==, KAKANAI_KIOSK_NOTICE_TIMED_OUT);
  g_assert_cmpuint (kakanai_kiosk_session_get_countdown (session), ==, 0);
}

static void
fixture_set_up_idle (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_set_up_with (fixture, "good.json", "[kiosk]\nidle-timeout=3\n");
}

static void
test_last_try_guard (Fixture       *fixture,
                     gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;

  go_to_pin_for (fixture, (const char *[]) { "inkan", NULL });
  g_assert_cmpuint (kakanai_kiosk_session_get_tries_left (session), ==, 1);
  g_assert_true (kakanai_kiosk_session_is_last_try_pending (session));
  g_assert_false (kakanai_kiosk_session_can_enter_pin (session));
  /* No digit taken, nothing sent. */
  type_pin (fixture, "1234");
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 0);
  kakanai_kiosk_session_confirm_pin (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PIN);

  kakanai_kiosk_session_allow_last_try (session);
  g_assert_false (kakanai_kiosk_session_is_last_try_pending (session));
  g_assert_true (kakanai_kiosk_session_can_enter_pin (session));
  type_pin (fixture, "1234");
  kakanai_kiosk_session_confirm_pin (session);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_CONFIRM);
  /* The right PIN gives the card its tries back; the permission is spent. */
  g_assert_false (kakanai_kiosk_session_is_last_try_allowed (session));
}

static void
test_wrong_pin (Fixture       *fixture,
                gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;

  go_to_pin_for (fixture, (const char *[]) { "inkan", NULL });
  type_pin (fixture, "9999");
  kakanai_kiosk_session_confirm_pin (session);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_READING);
  wait_for_step (fixture, KAKANAI_KIOSK_STEP_PIN);
  g_assert_true (kakanai_kiosk_session_get_pin_was_wrong (session));
  g_assert_cmpuint (kakanai_kiosk_session_get_tries_left (session), ==, 2);
  g_assert_cmpuint (kakanai_kiosk_session_get_pin_length (session), ==, 0);
  g_assert_null (kakanai_kiosk_session_get_record (session));
}

static void
test_blocked_card (Fixture       *fixture,
                   gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;

  go_to_pin_for (fixture, (const char *[]) { "inkan", NULL });
  g_assert_cmpuint (kakanai_kiosk_session_get_tries_left (session), ==, 0);
  g_assert_false (kakanai_kiosk_session_can_enter_pin (session));
  kakanai_kiosk_session_cancel (session);
  g_assert_cmpint (fixture->outcome, ==, KAKANAI_KIOSK_OUTCOME_CARD_ERROR);
}

static void
test_not_mynumber (Fixture       *fixture,
                   gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  gboolean timed_out = FALSE;
  guint timeout;

  kakanai_kiosk_session_start (session);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "inkan"), TRUE);
  kakanai_kiosk_session_next (session);
  timeout = g_timeout_add_seconds (WAIT_SECONDS, on_wait_timeout, &timed_out);
  while (kakanai_kiosk_session_get_card_message (session) == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_nonnull (kakanai_kiosk_session_get_card_message (session));
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CARD);
  /* Taken away: the message goes, the screen waits for the next card. */
  kakanai_kiosk_card_set_simulated_present (fixture->card, FALSE);
  g_assert_null (kakanai_kiosk_session_get_card_message (session));
}

static KakanaiCardRecord *
clerk_typed_record (void)
{
  KakanaiCardRecord *record = kakanai_card_record_new ();

  record->name = kakanai_secure_strdup ("山口　花子");
  record->address = kakanai_secure_strdup ("山口県山口市亀山町2番1号");
  memcpy (record->birth_date, "19800101", sizeof record->birth_date);
  record->sex = KAKANAI_SEX_FEMALE;
  return record;
}

static GHashTable *
clerk_answers (const char *key,
               const char *value)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (answers, g_strdup (key), g_strdup (value));
  return answers;
}

/* The keys of the catalogue's clerk questions, and the options a clerk may choose for
 * each ("key=a,b;…"). */
static char *
clerk_offer (KakanaiKioskSession *session)
{
  GPtrArray *questions = kakanai_kiosk_session_get_clerk_questions (session);
  g_autoptr (GString) offer = g_string_new ("");

  for (guint i = 0; i < questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (questions, i);
      g_autofree const char **options = kakanai_kiosk_session_dup_clerk_options (session, question);
      g_autofree char *joined = g_strjoinv (",", (char **) options);

      g_string_append_printf (offer, "%s%s=%s", i > 0 ? ";" : "", kakanai_question_get_key (question), joined);
    }
  return g_string_free (g_steal_pointer (&offer), FALSE);
}

static void
test_clerk_record (Fixture       *fixture,
                   gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  g_autoptr (GHashTable) answers = clerk_answers ("request.identity_document", "passport");
  g_autoptr (GError) error = NULL;
  g_autofree char *offer = clerk_offer (session);

  /* The bundled forms' own clerk question, without the card's answer. */
  g_assert_cmpstr (offer, ==, "request.identity_document=driver_license,passport,health_insurance,other");
  g_assert_true (kakanai_kiosk_session_continue_with_record (session, clerk_typed_record (), answers, &error));
  g_assert_no_error (error);
  g_assert_true (kakanai_kiosk_session_is_running (session));
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_CHOOSE);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "inkan"), TRUE);
  kakanai_kiosk_session_next (session);
  /* No card: straight to the questions, none of them the clerk's. */
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
  for (guint i = 0; i < kakanai_kiosk_session_get_questions (session)->len; i++)
    g_assert_cmpstr (kakanai_question_get_key (g_ptr_array_index (kakanai_kiosk_session_get_questions (session), i)),
                     !=, "request.identity_document");
  answer_all_questions (fixture);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
  /* What the clerk chose, under the template's key (not the card's answer). */
  g_assert_cmpstr (kakanai_form_data_get (kakanai_kiosk_session_get_form_data (session), "request.identity_document"),
                   ==, "passport");
  g_assert_cmpuint (kakanai_layout_get_problems (kakanai_kiosk_session_get_layout (session))->len, ==, 0);
  kakanai_kiosk_session_cancel (session);
  g_assert_null (kakanai_kiosk_session_get_clerk_answer (session, "request.identity_document"));
}

static void
test_clerk_answers_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  const char *refused[][2] = {
    { "request.identity_document", "mynumber_card" },  /* no card in an interview */
    { "request.identity_document", "residence_card" }, /* not an option of the forms */
    { "request.submit_to", "山口市役所" },             /* the resident's to answer */
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GHashTable) answers = clerk_answers (refused[i][0], refused[i][1]);
      g_autoptr (GError) error = NULL;

      g_assert_false (kakanai_kiosk_session_continue_with_record (session, clerk_typed_record (), answers, &error));
      g_assert_nonnull (error);
      g_assert_false (kakanai_kiosk_session_is_running (session));
      g_assert_null (kakanai_kiosk_session_get_record (session));
    }
}

/* Another catalogue, another clerk question: the interview offers what the templates say. */
static void
test_clerk_questions_from_catalogue (Fixture       *fixture,
                                     gconstpointer  data)
{
  KakanaiKioskSession *session = fixture->session;
  g_autoptr (GHashTable) answers = clerk_answers ("form.document_seen", "residence_card");
  g_autoptr (GHashTable) bundled = clerk_answers ("request.identity_document", "passport");
  g_autoptr (GError) error = NULL;
  g_autofree char *offer = clerk_offer (session);
  KakanaiQuestion *question;

  g_assert_cmpstr (offer, ==, "form.document_seen=residence_card,special_permanent");
  question = g_ptr_array_index (kakanai_kiosk_session_get_clerk_questions (session), 0);
  g_assert_cmpstr (kakanai_question_get_prompt (question, "en"), ==, "Residence document seen");
  g_assert_cmpstr (kakanai_question_get_option_label (question, "residence_card", "ja"), ==, "在留カード");
  /* The bundled forms' question is not this catalogue's. */
  g_assert_false (kakanai_kiosk_session_continue_with_record (session, clerk_typed_record (), bundled, &error));
  g_clear_error (&error);

  g_assert_true (kakanai_kiosk_session_continue_with_record (session, clerk_typed_record (), answers, &error));
  g_assert_no_error (error);
  kakanai_kiosk_session_set_form_chosen (session, find_template (fixture, "zairyu"), TRUE);
  kakanai_kiosk_session_next (session);
  answer_all_questions (fixture);
  g_assert_cmpint (kakanai_kiosk_session_get_step (session), ==, KAKANAI_KIOSK_STEP_PREVIEW);
  g_assert_cmpstr (kakanai_form_data_get (kakanai_kiosk_session_get_form_data (session), "form.document_seen"),
                   ==, "residence_card");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add ("/kiosk-session/whole-visit", Fixture, NULL, fixture_set_up, test_whole_visit, fixture_tear_down);
  g_test_add ("/kiosk-session/printed", Fixture, NULL, fixture_set_up, test_printed, fixture_tear_down);
  g_test_add ("/kiosk-session/back", Fixture, NULL, fixture_set_up, test_back_steps, fixture_tear_down);
  g_test_add ("/kiosk-session/back-from-card", Fixture, NULL, fixture_set_up, test_back_from_card, fixture_tear_down);
  g_test_add ("/kiosk-session/procedure-preselects", Fixture, NULL, fixture_set_up, test_procedure_preselects, fixture_tear_down);
  g_test_add ("/kiosk-session/tennyu", Fixture, NULL, fixture_set_up, test_tennyu_visit, fixture_tear_down);
  g_test_add ("/kiosk-session/answers-checked", Fixture, NULL, fixture_set_up, test_answers_checked, fixture_tear_down);
  g_test_add ("/kiosk-session/condition-follows", Fixture, NULL, fixture_set_up, test_condition_follows, fixture_tear_down);
  g_test_add ("/kiosk-session/wiped/start-over", Fixture, NULL, fixture_set_up, test_wiped_on_start_over, fixture_tear_down);
  g_test_add ("/kiosk-session/wiped/clerk-reset", Fixture, NULL, fixture_set_up, test_wiped_on_clerk_reset, fixture_tear_down);
  g_test_add ("/kiosk-session/wiped/card-removed", Fixture, NULL, fixture_set_up, test_wiped_on_card_removed, fixture_tear_down);
  g_test_add ("/kiosk-session/wiped/idle-timeout", Fixture, NULL, fixture_set_up_idle, test_idle_timeout, fixture_tear_down);
  g_test_add ("/kiosk-session/last-try-guard", Fixture, "one-try.json", fixture_set_up, test_last_try_guard, fixture_tear_down);
  g_test_add ("/kiosk-session/wrong-pin", Fixture, NULL, fixture_set_up, test_wrong_pin, fixture_tear_down);
  g_test_add ("/kiosk-session/blocked", Fixture, "blocked.json", fixture_set_up, test_blocked_card, fixture_tear_down);
  g_test_add ("/kiosk-session/not-mynumber", Fixture, "not-mynumber.json", fixture_set_up, test_not_mynumber, fixture_tear_down);
  g_test_add ("/kiosk-session/clerk-record", Fixture, NULL, fixture_set_up, test_clerk_record, fixture_tear_down);
  g_test_add ("/kiosk-session/clerk-answers-refused", Fixture, NULL, fixture_set_up, test_clerk_answers_refused,
              fixture_tear_down);
  g_test_add ("/kiosk-session/clerk-questions-from-catalogue", Fixture, NULL, fixture_set_up_clerk_forms,
              test_clerk_questions_from_catalogue, fixture_tear_down);
  return g_test_run ();
}
