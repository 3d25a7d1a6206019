/* kakanai-kiosk-session.c: one resident's visit, apart from any display.
 *
 * Everything personal of a visit lives here (PIN digits, card record, answers, layout)
 * and every way a visit ends (finished, "Start over", idle timeout, card taken away,
 * clerk reset) goes through end_session(), which wipes it all before anyone hears of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-session.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "kakanai-card-fill.h"

#define PIN_LENGTH 4
/* The countdown shows for the last seconds before the idle timeout. */
#define COUNTDOWN_SECONDS 20
/* "Please take your card" stays this long when the card is not taken. */
#define FINISH_SECONDS 12

struct _KakanaiKioskSession {
  GObject               parent_instance;

  KakanaiConfig        *config;        /* not owned: the application's */
  KakanaiKioskCard     *card;
  GPtrArray            *templates;
  GPtrArray            *clerk_questions; /* KakanaiQuestion*, the catalogue's clerk ones */
  GPtrArray            *procedures;
  char                 *output_dir;
  gboolean              demo;

  KakanaiKioskStep      step;
  gboolean              running;
  char                 *problem;
  KakanaiKioskNotice    notice;

  /* Card screen state (no personal data). */
  gboolean              probing;
  gboolean              card_refused;  /* not a My Number card / unreadable: wait for removal */
  char                 *card_message;
  double                reading_fraction;
  KakanaiReadStep       reading_step;

  /* ---- personal data: wiped by wipe_session() ---- */
  KakanaiProcedure     *procedure;
  GPtrArray            *chosen;        /* KakanaiTemplate* */
  char                  pin[PIN_LENGTH + 1];
  guint                 pin_length;
  gboolean              pin_was_wrong;
  guint                 tries_left;
  gboolean              last_try_allowed;
  KakanaiCardRecord    *record;
  gboolean              record_from_card;
  GHashTable           *clerk_answers; /* key -> value: what a clerk noted (聞き取り) */
  GPtrArray            *questions;     /* KakanaiQuestion*, the resident's */
  GPtrArray            *merged;        /* KakanaiQuestion*, all of them */
  guint                 question_index;
  KakanaiFormData      *answers;       /* what the resident answered, checked */
  GHashTable           *answer_keys;   /* key set of @answers (the map cannot list them) */
  GHashTable           *refused;       /* key set: typed, not accepted */
  GHashTable           *group_counts;  /* group key -> GUINT_TO_POINTER (members) */
  KakanaiFormData      *data;
  KakanaiLayout        *layout;
  char                 *finish_message;
  GCancellable         *cancellable;   /* the card work of this session */

  gboolean              paused;
  gint64                last_activity;
  guint                 countdown;
  guint                 idle_source;
  guint                 finish_source;
  gint64                pin_submitted_at;  /* timings for bench/kiosk (debug log) */
};

G_DEFINE_FINAL_TYPE (KakanaiKioskSession, kakanai_kiosk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STEP,
  PROP_RUNNING,
  PROP_CAN_GO_NEXT,
  PROP_PIN_LENGTH,
  PROP_TRIES_LEFT,
  PROP_LAST_TRY_PENDING,
  PROP_CARD_MESSAGE,
  PROP_READING_FRACTION,
  PROP_READING_STEP,
  PROP_QUESTION_INDEX,
  PROP_N_QUESTIONS,
  PROP_COUNTDOWN,
  PROP_NOTICE,
  PROP_PAUSED,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_STEP_CHANGED,
  SIGNAL_SESSION_STARTED,
  SIGNAL_SESSION_ENDED,
  SIGNAL_DOCUMENT_READY,
  SIGNAL_CHOSEN_CHANGED,
  SIGNAL_ANSWERS_CHANGED,
  SIGNAL_WELCOME_IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void go_to_step   (KakanaiKioskSession *self,
                          KakanaiKioskStep     step);
static void end_session  (KakanaiKioskSession *self,
                          KakanaiKioskOutcome  outcome);
static void go_to_preview (KakanaiKioskSession *self);

static const char * const step_names[] = {
  "welcome", "choose", "card", "pin", "reading", "confirm", "supplements", "preview", "finish",
  "problem",
};

static const char * const outcome_names[] = {
  "finished", "cancelled", "timed_out", "card_removed", "card_error", "clerk_reset",
};

const char *
kakanai_kiosk_step_to_string (KakanaiKioskStep step)
{
  g_return_val_if_fail (step < G_N_ELEMENTS (step_names), "unknown");
  return step_names[step];
}

const char *
kakanai_kiosk_outcome_to_string (KakanaiKioskOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), "unknown");
  return outcome_names[outcome];
}

/* ------------------------------------------------------------------------- */
/* Personal data                                                              */

static void
wipe_pin (KakanaiKioskSession *self)
{
  kakanai_wipe (self->pin, sizeof self->pin);
  self->pin_length = 0;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PIN_LENGTH]);
}

static void
renew_cancellable (KakanaiKioskSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
clear_answers (KakanaiKioskSession *self)
{
  g_clear_pointer (&self->answers, kakanai_form_data_free);
  self->answers = kakanai_form_data_new ();
  g_hash_table_remove_all (self->answer_keys);
  g_hash_table_remove_all (self->refused);
  g_hash_table_remove_all (self->group_counts);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->merged, g_ptr_array_unref);
  self->question_index = 0;
}

static void
clear_card_state (KakanaiKioskSession *self)
{
  self->probing = FALSE;
  self->card_refused = FALSE;
  g_clear_pointer (&self->card_message, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CARD_MESSAGE]);
}

static void
wipe_session (KakanaiKioskSession *self)
{
  renew_cancellable (self);
  wipe_pin (self);
  g_clear_pointer (&self->record, kakanai_card_record_free);
  g_clear_pointer (&self->data, kakanai_form_data_free);
  g_clear_pointer (&self->layout, kakanai_layout_free);
  g_hash_table_remove_all (self->clerk_answers);
  g_clear_pointer (&self->procedure, kakanai_procedure_unref);
  g_clear_pointer (&self->finish_message, g_free);
  clear_answers (self);
  g_ptr_array_set_size (self->chosen, 0);
  self->record_from_card = FALSE;
  self->tries_left = 0;
  self->last_try_allowed = FALSE;
  self->pin_was_wrong = FALSE;
  self->reading_fraction = 0;
  clear_card_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRIES_LEFT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_TRY_PENDING]);
  g_signal_emit (self, signals[SIGNAL_CHOSEN_CHANGED], 0);
}

char *
kakanai_kiosk_session_dup_chosen_ids (KakanaiKioskSession *self)
{
  g_autoptr (GString) ids = g_string_new ("");

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);

  for (guint i = 0; i < self->chosen->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, kakanai_template_get_id (g_ptr_array_index (self->chosen, i)));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* ------------------------------------------------------------------------- */
/* Idle timeout                                                               */

static gboolean
step_has_idle_timeout (KakanaiKioskStep step)
{
  return step != KAKANAI_KIOSK_STEP_WELCOME && step != KAKANAI_KIOSK_STEP_READING &&
         step != KAKANAI_KIOSK_STEP_FINISH && step != KAKANAI_KIOSK_STEP_PROBLEM;
}

static guint
idle_timeout_seconds (KakanaiKioskSession *self)
{
  return self->config != NULL ? kakanai_config_get_idle_timeout (self->config) : 60;
}

static void
set_countdown (KakanaiKioskSession *self,
               guint                seconds)
{
  if (self->countdown == seconds)
    return;
  self->countdown = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_COUNTDOWN]);
}

void
kakanai_kiosk_session_note_activity (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  self->last_activity = g_get_monotonic_time ();
  set_countdown (self, 0);
}

static gboolean
on_idle_tick (gpointer data)
{
  KakanaiKioskSession *self = data;
  gint64 idle_seconds = (g_get_monotonic_time () - self->last_activity) / G_USEC_PER_SEC;
  gint64 remaining = (gint64) idle_timeout_seconds (self) - idle_seconds;

  if (self->paused)
    {
      kakanai_kiosk_session_note_activity (self);
      return G_SOURCE_CONTINUE;
    }
  /* A resident who switched the language or the look and walked away without
   * starting: the window puts the start screen back as it normally is. */
  if (self->step == KAKANAI_KIOSK_STEP_WELCOME && remaining <= 0)
    {
      kakanai_kiosk_session_note_activity (self);
      g_signal_emit (self, signals[SIGNAL_WELCOME_IDLE], 0);
      return G_SOURCE_CONTINUE;
    }
  if (!step_has_idle_timeout (self->step))
    {
      kakanai_kiosk_session_note_activity (self);
      return G_SOURCE_CONTINUE;
    }
  if (remaining <= 0)
    {
      g_info ("idle timeout on step %s", kakanai_kiosk_step_to_string (self->step));
      end_session (self, KAKANAI_KIOSK_OUTCOME_TIMED_OUT);
      return G_SOURCE_CONTINUE;
    }
  set_countdown (self, remaining <= COUNTDOWN_SECONDS ? (guint) remaining : 0);
  return G_SOURCE_CONTINUE;
}

void
kakanai_kiosk_session_set_paused (KakanaiKioskSession *self,
                                  gboolean             paused)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  kakanai_kiosk_session_note_activity (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PAUSED]);
}

/* ------------------------------------------------------------------------- */
/* Choosing                                                                   */

static void
notify_can_go_next (KakanaiKioskSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_GO_NEXT]);
}

static KakanaiTemplate *
find_template (KakanaiKioskSession *self,
               const char          *id)
{
  for (guint i = 0; i < self->templates->len; i++)
    if (g_str_equal (kakanai_template_get_id (g_ptr_array_index (self->templates, i)), id))
      return g_ptr_array_index (self->templates, i);
  return NULL;
}

/* Keeps the installed order, whatever order the forms were touched in. */
static void
reorder_chosen (KakanaiKioskSession *self)
{
  g_autoptr (GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);

  for (guint i = 0; i < self->templates->len; i++)
    if (g_ptr_array_find (self->chosen, g_ptr_array_index (self->templates, i), NULL))
      g_ptr_array_add (ordered, kakanai_template_ref (g_ptr_array_index (self->templates, i)));
  g_ptr_array_set_size (self->chosen, 0);
  g_ptr_array_extend_and_steal (self->chosen, g_steal_pointer (&ordered));
}

static void
chosen_changed (KakanaiKioskSession *self)
{
  /* Other forms ask other questions: the answers so far belong to the old choice. */
  clear_answers (self);
  g_clear_pointer (&self->layout, kakanai_layout_free);
  g_signal_emit (self, signals[SIGNAL_CHOSEN_CHANGED], 0);
  notify_can_go_next (self);
}

void
kakanai_kiosk_session_choose_procedure (KakanaiKioskSession *self,
                                        KakanaiProcedure    *procedure)
{
  const char * const *forms;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));
  g_return_if_fail (procedure != NULL);

  g_clear_pointer (&self->procedure, kakanai_procedure_unref);
  self->procedure = kakanai_procedure_ref (procedure);
  g_ptr_array_set_size (self->chosen, 0);
  forms = kakanai_procedure_get_forms (procedure);
  for (guint i = 0; forms != NULL && forms[i] != NULL; i++)
    {
      KakanaiTemplate *tpl = find_template (self, forms[i]);

      if (tpl != NULL && !g_ptr_array_find (self->chosen, tpl, NULL))
        g_ptr_array_add (self->chosen, kakanai_template_ref (tpl));
    }
  reorder_chosen (self);
  chosen_changed (self);
}

KakanaiProcedure *
kakanai_kiosk_session_get_procedure (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->procedure;
}

void
kakanai_kiosk_session_set_form_chosen (KakanaiKioskSession *self,
                                       KakanaiTemplate     *tpl,
                                       gboolean             chosen)
{
  gboolean is_chosen;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));
  g_return_if_fail (tpl != NULL);

  is_chosen = g_ptr_array_find (self->chosen, tpl, NULL);
  if (!!chosen == is_chosen)
    return;
  if (chosen)
    {
      g_ptr_array_add (self->chosen, kakanai_template_ref (tpl));
      reorder_chosen (self);
    }
  else
    g_ptr_array_remove (self->chosen, tpl);
  chosen_changed (self);
}

gboolean
kakanai_kiosk_session_is_form_chosen (KakanaiKioskSession *self,
                                      KakanaiTemplate     *tpl)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  return g_ptr_array_find (self->chosen, tpl, NULL);
}

GPtrArray *
kakanai_kiosk_session_get_chosen (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->chosen;
}

static gboolean
chosen_forms_need (KakanaiKioskSession *self,
                   const char          *key)
{
  for (guint i = 0; i < self->chosen->len; i++)
    if (kakanai_template_has_key (g_ptr_array_index (self->chosen, i), key))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Card                                                                       */

static void
refuse_card (KakanaiKioskSession *self,
             const char          *message)
{
  self->card_refused = TRUE;
  g_free (self->card_message);
  self->card_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CARD_MESSAGE]);
}

static void start_probe (KakanaiKioskSession *self);

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (KakanaiKioskSession) self = data;
  g_autoptr (GError) error = NULL;
  guint tries_left = 0;

  if (!kakanai_kiosk_card_probe_finish (KAKANAI_KIOSK_CARD (source), result, &tries_left, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->probing = FALSE;
      g_info ("card check failed: %s", error->domain == KAKANAI_CARD_ERROR
                                         ? kakanai_card_error_to_code (error->code) : "other");
      if (self->step != KAKANAI_KIOSK_STEP_CARD)
        return;
      if (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD))
        refuse_card (self, _("This is not a My Number card."));
      else if (!g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED) &&
               !g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD))
        refuse_card (self, _("The card could not be read. Please place it again."));
      return;
    }
  self->probing = FALSE;
  if (self->step != KAKANAI_KIOSK_STEP_CARD)
    return;
  self->tries_left = tries_left;
  self->record_from_card = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRIES_LEFT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_TRY_PENDING]);
  go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
}

static void
start_probe (KakanaiKioskSession *self)
{
  if (self->probing || self->card_refused)
    return;
  self->probing = TRUE;
  kakanai_kiosk_card_probe_async (self->card, self->cancellable, on_probe_done, g_object_ref (self));
}

static gboolean
step_holds_card (KakanaiKioskStep step)
{
  return step == KAKANAI_KIOSK_STEP_PIN || step == KAKANAI_KIOSK_STEP_READING ||
         step == KAKANAI_KIOSK_STEP_CONFIRM || step == KAKANAI_KIOSK_STEP_SUPPLEMENTS ||
         step == KAKANAI_KIOSK_STEP_PREVIEW;
}

static void
on_reader_state_changed (KakanaiKioskCard    *card,
                         guint                state,
                         KakanaiKioskSession *self)
{
  gboolean present = state == KAKANAI_KIOSK_READER_CARD_PRESENT;

  if (self->step == KAKANAI_KIOSK_STEP_CARD)
    {
      if (!present && self->card_refused)
        clear_card_state (self);
      if (present)
        start_probe (self);
      return;
    }
  if (!present && self->record_from_card && step_holds_card (self->step))
    {
      g_info ("card removed on step %s", kakanai_kiosk_step_to_string (self->step));
      end_session (self, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
      return;
    }
  if (!present && self->step == KAKANAI_KIOSK_STEP_FINISH)
    go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
}

/* Main thread; KakanaiKioskCard drops the steps of cancelled or replaced reads. */
static void
on_read_progress (KakanaiKioskCard    *card,
                  guint                steps_done,
                  guint                n_steps,
                  guint                what,
                  KakanaiKioskSession *self)
{
  if (self->step != KAKANAI_KIOSK_STEP_READING || n_steps == 0 || steps_done > n_steps)
    return;
  /* Connecting, done before the card reports anything, counts as one step:
   * the bar never stands empty and still, and a finished read fills it. */
  self->reading_fraction = (double) (steps_done + 1) / (n_steps + 1);
  self->reading_step = (KakanaiReadStep) what;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_READING_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_READING_FRACTION]);
}

/* ------------------------------------------------------------------------- */
/* PIN                                                                        */

gboolean
kakanai_kiosk_session_can_enter_pin (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);

  return self->step == KAKANAI_KIOSK_STEP_PIN && self->tries_left > 0 &&
         (self->tries_left > 1 || self->last_try_allowed);
}

static void on_read_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data);

void
kakanai_kiosk_session_add_pin_digit (KakanaiKioskSession *self,
                                     guint                digit)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (!kakanai_kiosk_session_can_enter_pin (self) || self->pin_length >= PIN_LENGTH || digit > 9)
    return;
  self->pin[self->pin_length++] = (char) ('0' + digit);
  self->pin_was_wrong = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PIN_LENGTH]);
}

void
kakanai_kiosk_session_erase_pin_digit (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (self->step != KAKANAI_KIOSK_STEP_PIN || self->pin_length == 0)
    return;
  self->pin[--self->pin_length] = '\0';
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PIN_LENGTH]);
}

static gboolean
chosen_forms_need_my_number (KakanaiKioskSession *self)
{
  return chosen_forms_need (self, "card.my_number");
}

/* Only OK sends the PIN: until then every digit can still be erased. */
void
kakanai_kiosk_session_confirm_pin (KakanaiKioskSession *self)
{
  KakanaiReadFlags flags = KAKANAI_READ_DEFAULT;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (!kakanai_kiosk_session_can_enter_pin (self) || self->pin_length != PIN_LENGTH)
    return;
  if (self->tries_left == 1 && self->last_try_allowed)
    flags |= KAKANAI_READ_ALLOW_LAST_TRY;
  /* The My Number is read only when a chosen form prints it. */
  if (chosen_forms_need_my_number (self))
    flags |= KAKANAI_READ_WITH_MY_NUMBER;
  self->reading_fraction = 0;
  self->reading_step = KAKANAI_READ_STEP_OPENING;
  go_to_step (self, KAKANAI_KIOSK_STEP_READING);
  self->pin_submitted_at = g_get_monotonic_time ();
  kakanai_kiosk_card_read_async (self->card, self->pin, flags, self->cancellable,
                                 on_read_done, g_object_ref (self));
  wipe_pin (self);
}

static void
back_to_pin (KakanaiKioskSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRIES_LEFT]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_TRY_PENDING]);
  go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
}

static void
back_to_card (KakanaiKioskSession *self,
              const char          *message)
{
  go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
  refuse_card (self, message);
}

static void
read_failed (KakanaiKioskSession *self,
             GError              *error)
{
  g_info ("card read failed: %s", error->domain == KAKANAI_CARD_ERROR
                                    ? kakanai_card_error_to_code (error->code) : "other");
  if (error->domain != KAKANAI_CARD_ERROR)
    {
      back_to_card (self, _("The card could not be read. Please place it again."));
      return;
    }
  switch ((KakanaiCardError) error->code)
    {
    case KAKANAI_CARD_ERROR_WRONG_PIN:
      self->pin_was_wrong = TRUE;
      back_to_pin (self);
      break;
    case KAKANAI_CARD_ERROR_LAST_TRY_REFUSED:
      self->tries_left = 1;
      self->last_try_allowed = FALSE;
      back_to_pin (self);
      break;
    case KAKANAI_CARD_ERROR_PIN_BLOCKED:
      self->tries_left = 0;
      back_to_pin (self);
      break;
    case KAKANAI_CARD_ERROR_CARD_REMOVED:
    case KAKANAI_CARD_ERROR_NO_CARD:
      end_session (self, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
      break;
    case KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD:
      back_to_card (self, _("This is not a My Number card."));
      break;
    default:
      back_to_card (self, _("The card could not be read. Please place it again."));
      break;
    }
}

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (KakanaiKioskSession) self = data;
  g_autoptr (GError) error = NULL;
  KakanaiCardRecord *record;

  record = kakanai_kiosk_card_read_finish (KAKANAI_KIOSK_CARD (source), result, &self->tries_left,
                                           &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        read_failed (self, error);
      return;
    }
  g_clear_pointer (&self->record, kakanai_card_record_free);
  self->record = record;
  self->record_from_card = TRUE;
  self->last_try_allowed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRIES_LEFT]);
  go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
  g_debug ("timing: card read, confirm screen shown %.1f ms after the last digit",
           (g_get_monotonic_time () - self->pin_submitted_at) / 1000.0);
}

/* ------------------------------------------------------------------------- */
/* Questions                                                                  */

static int
index_of_key (GPtrArray  *questions,
              const char *key)
{
  for (guint i = 0; i < questions->len; i++)
    if (g_str_equal (kakanai_question_get_key (g_ptr_array_index (questions, i)), key))
      return (int) i;
  return -1;
}

static void
place_question (GPtrArray       *ordered,
                GPtrArray       *questions,
                GHashTable      *dependents,
                KakanaiQuestion *question)
{
  GPtrArray *waiting;

  if (g_ptr_array_find (ordered, question, NULL))
    return;
  g_ptr_array_add (ordered, kakanai_question_ref (question));
  waiting = g_hash_table_lookup (dependents, kakanai_question_get_key (question));
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    place_question (ordered, questions, dependents, g_ptr_array_index (waiting, i));
}

/* The templates' order, except that a question asked only after another answer comes
 * right after the question it depends on (a form may list 通数 before 種類). */
static GPtrArray *
order_questions (GPtrArray *questions)
{
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  g_autoptr (GHashTable) dependents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (questions, i);
      const char *key = NULL, *value = NULL;
      int on;
      GPtrArray *waiting;

      if (!kakanai_question_get_condition (question, &key, &value) ||
          (on = index_of_key (questions, key)) < 0 ||
          g_ptr_array_find (ordered, g_ptr_array_index (questions, on), NULL))
        {
          place_question (ordered, questions, dependents, question);
          continue;
        }
      waiting = g_hash_table_lookup (dependents, key);
      if (waiting == NULL)
        g_hash_table_insert (dependents, (gpointer) key, waiting = g_ptr_array_new ());
      g_ptr_array_add (waiting, question);
    }
  /* A condition on a question that never comes (a loop): asked at the end. */
  for (guint i = 0; i < questions->len; i++)
    if (!g_ptr_array_find (ordered, g_ptr_array_index (questions, i), NULL))
      g_ptr_array_add (ordered, kakanai_question_ref (g_ptr_array_index (questions, i)));
  return ordered;
}

static gboolean
prepare_questions (KakanaiKioskSession *self,
                   GError             **error)
{
  g_autoptr (GPtrArray) resident = NULL;
  g_autoptr (GPtrArray) merged = NULL;

  if (self->questions != NULL)
    return TRUE;
  merged = kakanai_questions_merge ((KakanaiTemplate **) self->chosen->pdata, self->chosen->len, error);
  if (merged == NULL)
    return FALSE;
  resident = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  for (guint i = 0; i < merged->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (merged, i);

      if (!kakanai_question_is_for_clerk (question))
        g_ptr_array_add (resident, kakanai_question_ref (question));
    }
  self->questions = order_questions (resident);
  self->merged = g_steal_pointer (&merged);
  self->question_index = 0;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_QUESTIONS]);
  return TRUE;
}

static gboolean
question_applies (KakanaiKioskSession *self,
                  KakanaiQuestion     *question)
{
  return kakanai_question_applies (question, self->answers);
}

/* The next question from @from (included) in @direction that applies, or -1. */
static int
find_applying (KakanaiKioskSession *self,
               int                  from,
               int                  direction)
{
  for (int i = from; self->questions != NULL && i >= 0 && i < (int) self->questions->len; i += direction)
    if (question_applies (self, g_ptr_array_index (self->questions, i)))
      return i;
  return -1;
}

static gboolean
has_questions (KakanaiKioskSession *self)
{
  return self->questions != NULL && find_applying (self, 0, 1) >= 0;
}

static void
show_question (KakanaiKioskSession *self,
               guint                index)
{
  self->question_index = index;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_QUESTION_INDEX]);
  notify_can_go_next (self);
}

static KakanaiQuestion *
find_question (KakanaiKioskSession *self,
               const char          *key,
               guint               *member,
               KakanaiQuestion    **field)
{
  *member = 0;
  *field = NULL;
  for (guint i = 0; self->questions != NULL && i < self->questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (self->questions, i);
      const char *qkey = kakanai_question_get_key (question);
      gsize len = strlen (qkey);
      GPtrArray *fields;
      char *end = NULL;
      guint64 n;

      if (g_str_equal (qkey, key))
        return question;
      if (kakanai_question_get_kind (question) != KAKANAI_QUESTION_GROUP ||
          strncmp (key, qkey, len) != 0 || key[len] != '.')
        continue;
      n = g_ascii_strtoull (key + len + 1, &end, 10);
      if (end == NULL || *end != '.' || n == 0 || n > kakanai_question_get_max_count (question))
        continue;
      fields = kakanai_question_get_fields (question);
      for (guint f = 0; f < fields->len; f++)
        if (g_str_equal (kakanai_question_get_key (g_ptr_array_index (fields, f)), end + 1))
          {
            *member = (guint) n;
            *field = g_ptr_array_index (fields, f);
            return question;
          }
    }
  return NULL;
}

static void
store_answer (KakanaiKioskSession *self,
              const char          *key,
              const char          *value)
{
  g_autoptr (GError) error = NULL;

  if (value == NULL || value[0] == '\0')
    {
      kakanai_form_data_set (self->answers, key, NULL, NULL);
      g_hash_table_remove (self->answer_keys, key);
      return;
    }
  if (!kakanai_form_data_set (self->answers, key, value, &error))
    {
      /* The questions were checked when the templates loaded: not expected. */
      g_warning ("answer key %s refused", key);
      return;
    }
  g_hash_table_add (self->answer_keys, g_strdup (key));
}

gboolean
kakanai_kiosk_session_set_answer (KakanaiKioskSession *self,
                                  const char          *key,
                                  const char          *typed,
                                  GError             **error)
{
  KakanaiQuestion *question, *field;
  KakanaiQuestion *asked;
  g_autofree char *answer = NULL;
  guint member;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  g_return_val_if_fail (key != NULL && typed != NULL, FALSE);

  question = find_question (self, key, &member, &field);
  if (question == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                   "no chosen form asks %s", key);
      return FALSE;
    }
  asked = field != NULL ? field : question;
  kakanai_kiosk_session_note_activity (self);
  if (typed[0] == '\0')
    {
      /* Nothing typed yet is not a mistake: the question waits for it. */
      g_hash_table_remove (self->refused, key);
      store_answer (self, key, NULL);
    }
  else if ((answer = kakanai_question_normalize_answer (asked, typed, error)) == NULL)
    {
      g_hash_table_add (self->refused, g_strdup (key));
      store_answer (self, key, NULL);
    }
  else
    {
      g_hash_table_remove (self->refused, key);
      store_answer (self, key, answer);
      kakanai_wipe (answer, strlen (answer));
    }
  g_signal_emit (self, signals[SIGNAL_ANSWERS_CHANGED], 0);
  notify_can_go_next (self);
  return answer != NULL || typed[0] == '\0';
}

const char *
kakanai_kiosk_session_get_answer (KakanaiKioskSession *self,
                                  const char          *key)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return kakanai_form_data_get (self->answers, key);
}

static gboolean
part_is_answered (KakanaiKioskSession *self,
                  KakanaiQuestion     *question,
                  const char          *key)
{
  const char *value = kakanai_form_data_get (self->answers, key);

  if (g_hash_table_contains (self->refused, key))
    return FALSE;
  return !kakanai_question_is_required (question) || (value != NULL && value[0] != '\0');
}

gboolean
kakanai_kiosk_session_question_is_answered (KakanaiKioskSession *self,
                                            KakanaiQuestion     *question)
{
  const char *key;
  guint count;
  GPtrArray *fields;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);

  key = kakanai_question_get_key (question);
  if (kakanai_question_get_kind (question) != KAKANAI_QUESTION_GROUP)
    return part_is_answered (self, question, key);
  count = kakanai_kiosk_session_get_group_count (self, key);
  if (count == 0 && kakanai_question_is_required (question))
    return FALSE;
  fields = kakanai_question_get_fields (question);
  for (guint n = 1; n <= count; n++)
    for (guint f = 0; f < fields->len; f++)
      {
        KakanaiQuestion *field = g_ptr_array_index (fields, f);
        g_autofree char *part = g_strdup_printf ("%s.%u.%s", key, n, kakanai_question_get_key (field));

        if (!part_is_answered (self, field, part))
          return FALSE;
      }
  return TRUE;
}

guint
kakanai_kiosk_session_get_group_count (KakanaiKioskSession *self,
                                       const char          *key)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->group_counts, key));
}

static void
forget_member (KakanaiKioskSession *self,
               KakanaiQuestion     *group,
               guint                member)
{
  GPtrArray *fields = kakanai_question_get_fields (group);

  for (guint f = 0; f < fields->len; f++)
    {
      g_autofree char *part = g_strdup_printf ("%s.%u.%s", kakanai_question_get_key (group), member,
                                               kakanai_question_get_key (g_ptr_array_index (fields, f)));

      g_hash_table_remove (self->refused, part);
      store_answer (self, part, NULL);
    }
}

void
kakanai_kiosk_session_set_group_count (KakanaiKioskSession *self,
                                       const char          *key,
                                       guint                count)
{
  KakanaiQuestion *group, *field;
  guint member, old;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  group = find_question (self, key, &member, &field);
  g_return_if_fail (group != NULL && kakanai_question_get_kind (group) == KAKANAI_QUESTION_GROUP);
  count = MIN (count, kakanai_question_get_max_count (group));
  old = kakanai_kiosk_session_get_group_count (self, key);
  /* A member taken away takes the answers about them along. */
  for (guint n = count + 1; n <= old; n++)
    forget_member (self, group, n);
  g_hash_table_insert (self->group_counts, g_strdup (key), GUINT_TO_POINTER (count));
  kakanai_kiosk_session_note_activity (self);
  g_signal_emit (self, signals[SIGNAL_ANSWERS_CHANGED], 0);
  notify_can_go_next (self);
}

GPtrArray *
kakanai_kiosk_session_get_questions (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->questions;
}

KakanaiQuestion *
kakanai_kiosk_session_get_question (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);

  if (self->step != KAKANAI_KIOSK_STEP_SUPPLEMENTS || self->questions == NULL ||
      self->question_index >= self->questions->len)
    return NULL;
  return g_ptr_array_index (self->questions, self->question_index);
}

guint
kakanai_kiosk_session_get_question_index (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return self->question_index;
}

void
kakanai_kiosk_session_get_question_position (KakanaiKioskSession *self,
                                             guint               *position,
                                             guint               *count)
{
  guint n = 0, at = 0;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  for (guint i = 0; self->questions != NULL && i < self->questions->len; i++)
    if (question_applies (self, g_ptr_array_index (self->questions, i)))
      {
        n++;
        if (i == self->question_index)
          at = n;
      }
  if (position != NULL)
    *position = at;
  if (count != NULL)
    *count = n;
}

/* ------------------------------------------------------------------------- */
/* Form data, layout                                                          */

static void
set_data (KakanaiKioskSession *self,
          const char          *key,
          const char          *value)
{
  g_autoptr (GError) error = NULL;

  if (!kakanai_form_data_set (self->data, key, value, &error))
    g_warning ("form data key %s refused: %s", key,
               error->code == KAKANAI_FORMS_ERROR_UNKNOWN_KEY ? "unknown key" : "invalid value");
}

/* Whether an answer still counts: its question applies, its group member was not taken away. */
static gboolean
answer_counts (KakanaiKioskSession *self,
               const char          *key)
{
  KakanaiQuestion *field;
  guint member;
  KakanaiQuestion *question = find_question (self, key, &member, &field);

  if (question == NULL || !question_applies (self, question))
    return FALSE;
  return member == 0 || member <= kakanai_kiosk_session_get_group_count (self, kakanai_question_get_key (question));
}

static gboolean
build_form_data (KakanaiKioskSession *self,
                 GError             **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_clear_pointer (&self->data, kakanai_form_data_free);
  self->data = kakanai_form_data_new ();
  if (!kakanai_form_data_add_card_record (self->data, self->record, error))
    return FALSE;
  if (!kakanai_form_data_set_counter_defaults (self->data,
                                               self->config != NULL ? kakanai_config_get_municipality (self->config) : NULL,
                                               error))
    return FALSE;
  g_hash_table_iter_init (&iter, self->answer_keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (answer_counts (self, key))
      set_data (self, key, kakanai_form_data_get (self->answers, key));
  /* What a clerk noted instead of the card (聞き取り). */
  g_hash_table_iter_init (&iter, self->clerk_answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (chosen_forms_need (self, key))
      set_data (self, key, value);
  if (self->record_from_card && self->merged != NULL)
    return kakanai_questions_add_card_answers (self->merged, self->data, error);
  return TRUE;
}

static gboolean
make_layout (KakanaiKioskSession *self,
             GError             **error)
{
  g_clear_pointer (&self->layout, kakanai_layout_free);
  if (!prepare_questions (self, error) || !build_form_data (self, error))
    return FALSE;
  self->layout = kakanai_layout_new ((KakanaiTemplate **) self->chosen->pdata, self->chosen->len,
                                     self->data, error);
  return self->layout != NULL;
}

KakanaiFormData *
kakanai_kiosk_session_get_form_data (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->layout != NULL ? self->data : NULL;
}

KakanaiLayout *
kakanai_kiosk_session_get_layout (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->layout;
}

/* ------------------------------------------------------------------------- */
/* Finish                                                                     */

static char *
write_to_output_folder (KakanaiKioskSession *self,
                        GBytes              *pdf,
                        GError             **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *ids = kakanai_kiosk_session_dup_chosen_ids (self);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_strdelimit (ids, ",", '+');
  name = g_strdup_printf ("kakanai-%s-%s.pdf", stamp, ids);
  path = g_build_filename (self->output_dir, name, NULL);
  if (g_mkdir_with_parents (self->output_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", self->output_dir, g_strerror (saved));
      return NULL;
    }
  if (!kakanai_output_write (path, pdf, error))
    return NULL;
  return g_steal_pointer (&path);
}

static char *
deliver (KakanaiKioskSession *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = kakanai_pdf_render (self->layout, &error);
  g_autofree char *path = NULL;
  gboolean handled = FALSE;

  if (pdf == NULL)
    {
      g_warning ("the PDF could not be made: %s", error->message);
      return g_strdup (_("Your forms could not be made. Please ask a member of staff."));
    }
  g_signal_emit (self, signals[SIGNAL_DOCUMENT_READY], 0, pdf, &handled);
  if (handled)
    return g_strdup (_("Your forms are being printed. Please take them to the counter."));
  path = write_to_output_folder (self, pdf, &error);
  if (path == NULL)
    {
      g_warning ("the PDF could not be written: %s", error->message);
      return g_strdup (_("Your forms could not be saved. Please ask a member of staff."));
    }
  g_message ("forms written to %s", path);
  if (self->demo)
    return g_strdup_printf (_("Demo: your forms were saved as %s"), path);
  return g_strdup (_("Your forms are ready. Please go to the counter."));
}

static gboolean
on_finish_timeout (gpointer data)
{
  KakanaiKioskSession *self = data;

  self->finish_source = 0;
  if (self->step == KAKANAI_KIOSK_STEP_FINISH)
    go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
  return G_SOURCE_REMOVE;
}

static void
finish_session (KakanaiKioskSession *self)
{
  g_autofree char *message = deliver (self);

  end_session (self, KAKANAI_KIOSK_OUTCOME_FINISHED);
  /* Set after the wipe: the message holds no personal data (a demo's file name at most). */
  self->finish_message = g_steal_pointer (&message);
  go_to_step (self, KAKANAI_KIOSK_STEP_FINISH);
}

const char *
kakanai_kiosk_session_get_finish_message (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->finish_message != NULL ? self->finish_message : "";
}

/* ------------------------------------------------------------------------- */
/* Moving between steps                                                       */

static void
enter_step (KakanaiKioskSession *self)
{
  g_clear_handle_id (&self->finish_source, g_source_remove);

  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CARD:
      if (kakanai_kiosk_card_get_state (self->card) == KAKANAI_KIOSK_READER_CARD_PRESENT)
        start_probe (self);
      break;
    case KAKANAI_KIOSK_STEP_PIN:
      wipe_pin (self);
      break;
    case KAKANAI_KIOSK_STEP_FINISH:
      self->finish_source = g_timeout_add_seconds (self->demo ? FINISH_SECONDS * 2 : FINISH_SECONDS,
                                                   on_finish_timeout, self);
      break;
    default:
      break;
    }
}

static void
go_to_step (KakanaiKioskSession *self,
            KakanaiKioskStep     step)
{
  KakanaiKioskStep old_step = self->step;

  self->step = step;
  kakanai_kiosk_session_note_activity (self);
  enter_step (self);
  g_debug ("step %s -> %s", kakanai_kiosk_step_to_string (old_step), kakanai_kiosk_step_to_string (step));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STEP]);
  notify_can_go_next (self);
  if (old_step != step)
    g_signal_emit (self, signals[SIGNAL_STEP_CHANGED], 0, (guint) old_step, (guint) step);
}

static void
set_notice (KakanaiKioskSession *self,
            KakanaiKioskNotice   notice)
{
  if (self->notice == notice)
    return;
  self->notice = notice;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NOTICE]);
}

static void
end_session (KakanaiKioskSession *self,
             KakanaiKioskOutcome  outcome)
{
  g_autofree char *forms = kakanai_kiosk_session_dup_chosen_ids (self);
  gboolean was_running = self->running;

  wipe_session (self);
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  if (outcome == KAKANAI_KIOSK_OUTCOME_TIMED_OUT)
    set_notice (self, KAKANAI_KIOSK_NOTICE_TIMED_OUT);
  else if (outcome == KAKANAI_KIOSK_OUTCOME_CARD_REMOVED)
    set_notice (self, KAKANAI_KIOSK_NOTICE_CARD_REMOVED);
  if (outcome != KAKANAI_KIOSK_OUTCOME_FINISHED)
    go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
  if (was_running)
    g_signal_emit (self, signals[SIGNAL_SESSION_ENDED], 0, (guint) outcome, forms);
}

static void
begin (KakanaiKioskSession *self)
{
  set_notice (self, KAKANAI_KIOSK_NOTICE_NONE);
  if (self->running)
    return;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_SESSION_STARTED], 0);
}

void
kakanai_kiosk_session_start (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (self->step != KAKANAI_KIOSK_STEP_WELCOME)
    return;
  begin (self);
  go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
}

/* After the confirm screen (or a clerk's record): the questions, else the preview. */
static void
go_to_questions (KakanaiKioskSession *self)
{
  g_autoptr (GError) error = NULL;
  int first;

  if (!prepare_questions (self, &error))
    {
      /* Two chosen forms that cannot be asked together: a template problem. */
      g_warning ("the questions could not be put together: %s", error->message);
      kakanai_kiosk_session_show_problem (self, error->message);
      return;
    }
  first = find_applying (self, 0, 1);
  if (first < 0)
    {
      go_to_preview (self);
      return;
    }
  self->question_index = (guint) first;
  go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
  show_question (self, (guint) first);
}

static void
go_to_preview (KakanaiKioskSession *self)
{
  g_autoptr (GError) error = NULL;

  if (!make_layout (self, &error))
    {
      g_warning ("the forms could not be laid out: %s", error->message);
      kakanai_kiosk_session_show_problem (self, error->message);
      return;
    }
  go_to_step (self, KAKANAI_KIOSK_STEP_PREVIEW);
}

void
kakanai_kiosk_session_next (KakanaiKioskSession *self)
{
  int next;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (!kakanai_kiosk_session_can_go_next (self))
    return;
  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      /* A clerk already typed the data of a resident without a card. */
      if (self->record != NULL && !self->record_from_card)
        go_to_questions (self);
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
      break;
    case KAKANAI_KIOSK_STEP_CONFIRM:
      go_to_questions (self);
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      next = find_applying (self, (int) self->question_index + 1, 1);
      if (next >= 0)
        show_question (self, (guint) next);
      else
        go_to_preview (self);
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      finish_session (self);
      break;
    case KAKANAI_KIOSK_STEP_FINISH:
      go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
      break;
    default:
      break;
    }
}

void
kakanai_kiosk_session_back (KakanaiKioskSession *self)
{
  int previous;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      end_session (self, KAKANAI_KIOSK_OUTCOME_CANCELLED);
      break;
    case KAKANAI_KIOSK_STEP_CARD:
      renew_cancellable (self);
      clear_card_state (self);
      go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      previous = find_applying (self, (int) self->question_index - 1, -1);
      if (previous >= 0)
        show_question (self, (guint) previous);
      else if (self->record_from_card)
        go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      g_clear_pointer (&self->layout, kakanai_layout_free);
      g_clear_pointer (&self->data, kakanai_form_data_free);
      if (has_questions (self))
        {
          /* Back to the last question, answers kept. */
          go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
          show_question (self, (guint) find_applying (self, (int) self->questions->len - 1, -1));
        }
      else if (self->record_from_card)
        go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
      break;
    default:
      break;
    }
}

void
kakanai_kiosk_session_cancel (KakanaiKioskSession *self)
{
  gboolean card_blocked;

  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (self->step == KAKANAI_KIOSK_STEP_PROBLEM)
    return;
  card_blocked = self->step == KAKANAI_KIOSK_STEP_PIN && self->tries_left == 0;
  end_session (self, card_blocked ? KAKANAI_KIOSK_OUTCOME_CARD_ERROR : KAKANAI_KIOSK_OUTCOME_CANCELLED);
}

void
kakanai_kiosk_session_reset (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (self->step == KAKANAI_KIOSK_STEP_PROBLEM)
    return;
  end_session (self, KAKANAI_KIOSK_OUTCOME_CLERK_RESET);
}

void
kakanai_kiosk_session_show_problem (KakanaiKioskSession *self,
                                    const char          *details)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  if (self->running)
    end_session (self, KAKANAI_KIOSK_OUTCOME_CANCELLED);
  g_free (self->problem);
  self->problem = g_strdup (details);
  go_to_step (self, KAKANAI_KIOSK_STEP_PROBLEM);
}

const char *
kakanai_kiosk_session_get_problem (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->problem;
}

void
kakanai_kiosk_session_allow_last_try (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));

  self->last_try_allowed = TRUE;
  g_info ("a person allowed the last PIN try");
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_TRY_PENDING]);
}

/* Every template of the catalogue, merged: the interview comes before the resident
 * chooses forms. The catalogue was checked on loading, so merging does not fail. */
GPtrArray *
kakanai_kiosk_session_get_clerk_questions (KakanaiKioskSession *self)
{
  g_autoptr (GPtrArray) merged = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  if (self->clerk_questions != NULL)
    return self->clerk_questions;
  self->clerk_questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  merged = kakanai_questions_merge ((KakanaiTemplate **) self->templates->pdata, self->templates->len, &error);
  if (merged == NULL)
    {
      g_warning ("the forms cannot be asked together: %s", error->message);
      return self->clerk_questions;
    }
  for (guint i = 0; i < merged->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (merged, i);

      if (kakanai_question_is_for_clerk (question))
        g_ptr_array_add (self->clerk_questions, kakanai_question_ref (question));
    }
  return self->clerk_questions;
}

static KakanaiQuestion *
find_clerk_question (KakanaiKioskSession *self,
                     const char          *key)
{
  GPtrArray *questions = kakanai_kiosk_session_get_clerk_questions (self);

  for (guint i = 0; i < questions->len; i++)
    if (g_str_equal (kakanai_question_get_key (g_ptr_array_index (questions, i)), key))
      return g_ptr_array_index (questions, i);
  return NULL;
}

const char **
kakanai_kiosk_session_dup_clerk_options (KakanaiKioskSession *self,
                                         KakanaiQuestion     *question)
{
  const char * const *options;
  const char *card_answer;
  GPtrArray *kept;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  g_return_val_if_fail (question != NULL, NULL);
  options = kakanai_question_get_options (question);
  card_answer = kakanai_question_get_card_answer (question);
  kept = g_ptr_array_new ();
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    if (g_strcmp0 (options[i], card_answer) != 0)
      g_ptr_array_add (kept, (gpointer) options[i]);
  g_ptr_array_add (kept, NULL);
  return (const char **) g_ptr_array_free (kept, FALSE);
}

static gboolean
check_clerk_answers (KakanaiKioskSession *self,
                     GHashTable          *clerk_answers,
                     GError             **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, clerk_answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KakanaiQuestion *question = find_clerk_question (self, key);

      if (question == NULL)
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                       _("No form leaves “%s” to the clerk."), (const char *) key);
          return FALSE;
        }
      /* A clerk's interview means the card was not used. */
      if (g_strcmp0 (value, kakanai_question_get_card_answer (question)) == 0)
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                       _("Without a card, “%s” cannot be answered with the card."),
                       kakanai_question_get_prompt (question, NULL));
          return FALSE;
        }
      if (!kakanai_question_check_answer (question, value, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kakanai_kiosk_session_continue_with_record (KakanaiKioskSession *self,
                                            KakanaiCardRecord   *record,
                                            GHashTable          *clerk_answers,
                                            GError             **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (clerk_answers != NULL && !check_clerk_answers (self, clerk_answers, error))
    {
      kakanai_card_record_free (record);
      return FALSE;
    }
  begin (self);
  renew_cancellable (self);
  wipe_pin (self);
  g_clear_pointer (&self->record, kakanai_card_record_free);
  self->record = record;
  self->record_from_card = FALSE;
  g_hash_table_remove_all (self->clerk_answers);
  if (clerk_answers != NULL)
    {
      g_hash_table_iter_init (&iter, clerk_answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->clerk_answers, g_strdup (key), kakanai_secure_strdup (value));
    }
  if (self->chosen->len == 0)
    go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
  else
    go_to_questions (self);
  return TRUE;
}

const char *
kakanai_kiosk_session_get_clerk_answer (KakanaiKioskSession *self,
                                        const char          *key)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return g_hash_table_lookup (self->clerk_answers, key);
}

/* ------------------------------------------------------------------------- */
/* Getters                                                                    */

KakanaiKioskStep
kakanai_kiosk_session_get_step (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), KAKANAI_KIOSK_STEP_WELCOME);
  return self->step;
}

gboolean
kakanai_kiosk_session_is_running (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  return self->running;
}

gboolean
kakanai_kiosk_session_can_go_next (KakanaiKioskSession *self)
{
  KakanaiQuestion *question;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);

  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      return self->chosen->len > 0;
    case KAKANAI_KIOSK_STEP_CONFIRM:
    case KAKANAI_KIOSK_STEP_FINISH:
      return TRUE;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      question = kakanai_kiosk_session_get_question (self);
      return question != NULL && kakanai_kiosk_session_question_is_answered (self, question);
    case KAKANAI_KIOSK_STEP_PREVIEW:
      return self->layout != NULL;
    default:
      return FALSE;
    }
}

KakanaiKioskCard *
kakanai_kiosk_session_get_card (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->card;
}

KakanaiConfig *
kakanai_kiosk_session_get_config (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->config;
}

const char *
kakanai_kiosk_session_get_output_dir (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->output_dir;
}

GPtrArray *
kakanai_kiosk_session_get_templates (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->templates;
}

GPtrArray *
kakanai_kiosk_session_get_procedures (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->procedures;
}

guint
kakanai_kiosk_session_get_pin_length (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return self->pin_length;
}

guint
kakanai_kiosk_session_get_tries_left (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return self->tries_left;
}

gboolean
kakanai_kiosk_session_is_last_try_pending (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  return self->step == KAKANAI_KIOSK_STEP_PIN && self->tries_left == 1 && !self->last_try_allowed;
}

gboolean
kakanai_kiosk_session_is_last_try_allowed (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  return self->last_try_allowed;
}

gboolean
kakanai_kiosk_session_get_pin_was_wrong (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), FALSE);
  return self->pin_was_wrong;
}

const char *
kakanai_kiosk_session_get_card_message (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->card_message;
}

double
kakanai_kiosk_session_get_reading_fraction (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return self->reading_fraction;
}

KakanaiReadStep
kakanai_kiosk_session_get_reading_step (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), KAKANAI_READ_STEP_OPENING);
  return self->reading_step;
}

const KakanaiCardRecord *
kakanai_kiosk_session_get_record (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), NULL);
  return self->record;
}

KakanaiKioskNotice
kakanai_kiosk_session_get_notice (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), KAKANAI_KIOSK_NOTICE_NONE);
  return self->notice;
}

void
kakanai_kiosk_session_clear_notice (KakanaiKioskSession *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (self));
  set_notice (self, KAKANAI_KIOSK_NOTICE_NONE);
}

guint
kakanai_kiosk_session_get_countdown (KakanaiKioskSession *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_SESSION (self), 0);
  return self->countdown;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                    */

static void
kakanai_kiosk_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KakanaiKioskSession *self = KAKANAI_KIOSK_SESSION (object);
  guint n_questions = 0;

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_CAN_GO_NEXT:
      g_value_set_boolean (value, kakanai_kiosk_session_can_go_next (self));
      break;
    case PROP_PIN_LENGTH:
      g_value_set_uint (value, self->pin_length);
      break;
    case PROP_TRIES_LEFT:
      g_value_set_uint (value, self->tries_left);
      break;
    case PROP_LAST_TRY_PENDING:
      g_value_set_boolean (value, kakanai_kiosk_session_is_last_try_pending (self));
      break;
    case PROP_CARD_MESSAGE:
      g_value_set_string (value, self->card_message);
      break;
    case PROP_READING_FRACTION:
      g_value_set_double (value, self->reading_fraction);
      break;
    case PROP_READING_STEP:
      g_value_set_uint (value, self->reading_step);
      break;
    case PROP_QUESTION_INDEX:
      g_value_set_uint (value, self->question_index);
      break;
    case PROP_N_QUESTIONS:
      kakanai_kiosk_session_get_question_position (self, NULL, &n_questions);
      g_value_set_uint (value, n_questions);
      break;
    case PROP_COUNTDOWN:
      g_value_set_uint (value, self->countdown);
      break;
    case PROP_NOTICE:
      g_value_set_uint (value, self->notice);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_kiosk_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KakanaiKioskSession *self = KAKANAI_KIOSK_SESSION (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      kakanai_kiosk_session_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_kiosk_session_dispose (GObject *object)
{
  KakanaiKioskSession *self = KAKANAI_KIOSK_SESSION (object);

  if (self->chosen != NULL)
    wipe_session (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->finish_source, g_source_remove);
  if (self->card != NULL)
    g_signal_handlers_disconnect_by_data (self->card, self);
  g_clear_object (&self->card);
  G_OBJECT_CLASS (kakanai_kiosk_session_parent_class)->dispose (object);
}

static void
kakanai_kiosk_session_finalize (GObject *object)
{
  KakanaiKioskSession *self = KAKANAI_KIOSK_SESSION (object);

  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  g_clear_pointer (&self->answers, kakanai_form_data_free);
  g_clear_pointer (&self->answer_keys, g_hash_table_unref);
  g_clear_pointer (&self->clerk_answers, g_hash_table_unref);
  g_clear_pointer (&self->clerk_questions, g_ptr_array_unref);
  g_clear_pointer (&self->refused, g_hash_table_unref);
  g_clear_pointer (&self->group_counts, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->merged, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->card_message, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->output_dir, g_free);
  g_clear_pointer (&self->finish_message, g_free);
  G_OBJECT_CLASS (kakanai_kiosk_session_parent_class)->finalize (object);
}

static void
kakanai_kiosk_session_class_init (KakanaiKioskSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kakanai_kiosk_session_get_property;
  object_class->set_property = kakanai_kiosk_session_set_property;
  object_class->dispose = kakanai_kiosk_session_dispose;
  object_class->finalize = kakanai_kiosk_session_finalize;

  props[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, KAKANAI_KIOSK_N_STEPS - 1, 0, ro);
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  props[PROP_CAN_GO_NEXT] = g_param_spec_boolean ("can-go-next", NULL, NULL, FALSE, ro);
  props[PROP_PIN_LENGTH] = g_param_spec_uint ("pin-length", NULL, NULL, 0, PIN_LENGTH, 0, ro);
  props[PROP_TRIES_LEFT] = g_param_spec_uint ("tries-left", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_LAST_TRY_PENDING] = g_param_spec_boolean ("last-try-pending", NULL, NULL, FALSE, ro);
  props[PROP_CARD_MESSAGE] = g_param_spec_string ("card-message", NULL, NULL, NULL, ro);
  props[PROP_READING_FRACTION] = g_param_spec_double ("reading-fraction", NULL, NULL, 0, 1, 0, ro);
  props[PROP_READING_STEP] = g_param_spec_uint ("reading-step", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_QUESTION_INDEX] = g_param_spec_uint ("question-index", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_N_QUESTIONS] = g_param_spec_uint ("n-questions", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_COUNTDOWN] = g_param_spec_uint ("countdown", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_NOTICE] = g_param_spec_uint ("notice", NULL, NULL, 0, KAKANAI_KIOSK_NOTICE_CARD_REMOVED, 0, ro);
  props[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_SESSION_STARTED] =
    g_signal_new ("session-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_DOCUMENT_READY] =
    g_signal_new ("document-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_BYTES);
  signals[SIGNAL_CHOSEN_CHANGED] =
    g_signal_new ("chosen-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ANSWERS_CHANGED] =
    g_signal_new ("answers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_WELCOME_IDLE] =
    g_signal_new ("welcome-idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
kakanai_kiosk_session_init (KakanaiKioskSession *self)
{
  self->chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  self->answers = kakanai_form_data_new ();
  self->answer_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clerk_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) kakanai_secure_strfree);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->group_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->step = KAKANAI_KIOSK_STEP_WELCOME;
  self->last_activity = g_get_monotonic_time ();
}

KakanaiKioskSession *
kakanai_kiosk_session_new (KakanaiConfig    *config,
                           KakanaiKioskCard *card,
                           GPtrArray        *templates,
                           GPtrArray        *procedures,
                           const char       *output_dir)
{
  KakanaiKioskSession *self;

  g_return_val_if_fail (KAKANAI_IS_KIOSK_CARD (card), NULL);

  self = g_object_new (KAKANAI_TYPE_KIOSK_SESSION, NULL);
  self->config = config;
  self->card = g_object_ref (card);
  self->templates = templates != NULL ? g_ptr_array_ref (templates)
                                      : g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  self->procedures = procedures != NULL ? g_ptr_array_ref (procedures)
                                        : g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_procedure_unref);
  self->output_dir = g_strdup (output_dir != NULL ? output_dir : ".");
  g_signal_connect (card, "state-changed", G_CALLBACK (on_reader_state_changed), self);
  g_signal_connect (card, "read-progress", G_CALLBACK (on_read_progress), self);
  self->idle_source = g_timeout_add_seconds (1, on_idle_tick, self);
  return self;
}
