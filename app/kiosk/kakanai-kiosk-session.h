/* kakanai-kiosk-session.h: one resident's visit, from Start to "please take your card".
 *
 * GLib and GIO only: the step machine, the chosen forms, the PIN buffer, the card
 * record, the answers, the layout and the wiping, with properties and signals the
 * screens bind to. Configuration, card access and templates are handed in, so the
 * whole flow runs (and is tested) without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <kakanai-card.h>
#include <kakanai-forms.h>

#include "kakanai-config.h"
#include "kakanai-kiosk-card.h"

G_BEGIN_DECLS

/* The steps of a session, in order. Stable: statistics store their names. */
typedef enum {
  KAKANAI_KIOSK_STEP_WELCOME,
  KAKANAI_KIOSK_STEP_CHOOSE,
  KAKANAI_KIOSK_STEP_CARD,
  KAKANAI_KIOSK_STEP_PIN,
  KAKANAI_KIOSK_STEP_READING,
  KAKANAI_KIOSK_STEP_CONFIRM,
  KAKANAI_KIOSK_STEP_SUPPLEMENTS,   /* the questions of the chosen forms */
  KAKANAI_KIOSK_STEP_PREVIEW,
  KAKANAI_KIOSK_STEP_FINISH,
  KAKANAI_KIOSK_STEP_PROBLEM,       /* not ready: configuration or forms are broken */
} KakanaiKioskStep;

#define KAKANAI_KIOSK_N_STEPS (KAKANAI_KIOSK_STEP_PROBLEM + 1)

/* How a session ended. Stable: statistics store their names. */
typedef enum {
  KAKANAI_KIOSK_OUTCOME_FINISHED,     /* the forms were made */
  KAKANAI_KIOSK_OUTCOME_CANCELLED,    /* "Start over" */
  KAKANAI_KIOSK_OUTCOME_TIMED_OUT,    /* nobody touched the screen */
  KAKANAI_KIOSK_OUTCOME_CARD_REMOVED, /* the card was taken away */
  KAKANAI_KIOSK_OUTCOME_CARD_ERROR,   /* PIN locked, card unreadable */
  KAKANAI_KIOSK_OUTCOME_CLERK_RESET,  /* kakanai_kiosk_session_reset() */
} KakanaiKioskOutcome;

/* What the welcome screen says about the session before (for a few seconds). */
typedef enum {
  KAKANAI_KIOSK_NOTICE_NONE,
  KAKANAI_KIOSK_NOTICE_TIMED_OUT,
  KAKANAI_KIOSK_NOTICE_CARD_REMOVED,
} KakanaiKioskNotice;

/* "welcome", "choose", "card", "pin", "reading", "confirm", "supplements",
 * "preview", "finish", "problem" (also the names of the window's screens). */
const char *kakanai_kiosk_step_to_string    (KakanaiKioskStep    step);
/* "finished", "cancelled", "timed_out", "card_removed", "card_error", "clerk_reset" */
const char *kakanai_kiosk_outcome_to_string (KakanaiKioskOutcome outcome);

#define KAKANAI_TYPE_KIOSK_SESSION (kakanai_kiosk_session_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskSession, kakanai_kiosk_session, KAKANAI, KIOSK_SESSION, GObject)

/* @config may be NULL (defaults: 60 s idle timeout, no municipality); @card the reader;
 * @templates (KakanaiTemplate*) and @procedures (KakanaiProcedure*, may be NULL) what is
 * offered; @output_dir where a finished PDF goes when nobody prints it.
 *
 * Properties (read-only unless said): "step" (KakanaiKioskStep), "running", "can-go-next",
 * "pin-length", "tries-left", "last-try-pending" (one try left, no person decided yet),
 * "card-message" (why the card on the reader was refused, or NULL), "reading-fraction",
 * "reading-step" (KakanaiReadStep), "question-index", "n-questions", "countdown" (seconds
 * before the idle timeout once it shows, 0 otherwise), "notice" (KakanaiKioskNotice),
 * "paused" (read-write: an overlay is shown, the idle timer waits), "demo" (read-write).
 *
 * Signals:
 *  "step-changed" (guint old, guint new): after every change of step.
 *  "session-started" (): the resident touched Start (or a clerk began an interview).
 *  "session-ended" (guint outcome, const char *forms): after all personal data was
 *    wiped; @forms the chosen template ids, comma-separated.
 *  "document-ready" (GBytes *pdf) -> gboolean: the finished PDF; return TRUE when you
 *    took it (a printer); else the session writes it to the output folder.
 *  "chosen-changed" (): the chosen forms changed.
 *  "answers-changed" (): an answer changed (the current question's validity with it).
 *  "welcome-idle" (): nobody touched the start screen for the idle timeout (the window
 *    puts language and look back for the next resident).
 */
KakanaiKioskSession *kakanai_kiosk_session_new (KakanaiConfig    *config,
                                                KakanaiKioskCard *card,
                                                GPtrArray        *templates,
                                                GPtrArray        *procedures,
                                                const char       *output_dir);

KakanaiKioskStep  kakanai_kiosk_session_get_step         (KakanaiKioskSession *self);
gboolean          kakanai_kiosk_session_is_running       (KakanaiKioskSession *self);
gboolean          kakanai_kiosk_session_can_go_next      (KakanaiKioskSession *self);
KakanaiKioskCard *kakanai_kiosk_session_get_card         (KakanaiKioskSession *self);
KakanaiConfig    *kakanai_kiosk_session_get_config       (KakanaiKioskSession *self);
const char       *kakanai_kiosk_session_get_output_dir   (KakanaiKioskSession *self);

/* ---- moving ---- */
void              kakanai_kiosk_session_start            (KakanaiKioskSession *self);
/* "Next" and "Back" of the step shown (and of the question shown). */
void              kakanai_kiosk_session_next             (KakanaiKioskSession *self);
void              kakanai_kiosk_session_back             (KakanaiKioskSession *self);
/* "Start over" (outcome CANCELLED; CARD_ERROR on a locked PIN). */
void              kakanai_kiosk_session_cancel           (KakanaiKioskSession *self);
/* A clerk's reset (CLERK_RESET); nothing on the problem screen. */
void              kakanai_kiosk_session_reset            (KakanaiKioskSession *self);
/* The "not ready" screen until restart; ends a running session first. */
void              kakanai_kiosk_session_show_problem     (KakanaiKioskSession *self,
                                                          const char          *details);
const char       *kakanai_kiosk_session_get_problem      (KakanaiKioskSession *self);
/* A touch, a key: the idle timer starts again. */
void              kakanai_kiosk_session_note_activity    (KakanaiKioskSession *self);
void              kakanai_kiosk_session_set_paused       (KakanaiKioskSession *self,
                                                          gboolean             paused);
void              kakanai_kiosk_session_clear_notice     (KakanaiKioskSession *self);
KakanaiKioskNotice kakanai_kiosk_session_get_notice      (KakanaiKioskSession *self);
guint             kakanai_kiosk_session_get_countdown    (KakanaiKioskSession *self);

/* ---- what to do ---- */
GPtrArray        *kakanai_kiosk_session_get_templates    (KakanaiKioskSession *self);
/* KakanaiProcedure*; never NULL (empty when none are installed). */
GPtrArray        *kakanai_kiosk_session_get_procedures   (KakanaiKioskSession *self);
/* Chooses the forms of @procedure (those installed), replacing the choice so far. */
void              kakanai_kiosk_session_choose_procedure (KakanaiKioskSession *self,
                                                          KakanaiProcedure    *procedure);
/* The procedure last chosen, or NULL. */
KakanaiProcedure *kakanai_kiosk_session_get_procedure    (KakanaiKioskSession *self);
void              kakanai_kiosk_session_set_form_chosen  (KakanaiKioskSession *self,
                                                          KakanaiTemplate     *tpl,
                                                          gboolean             chosen);
gboolean          kakanai_kiosk_session_is_form_chosen   (KakanaiKioskSession *self,
                                                          KakanaiTemplate     *tpl);
/* KakanaiTemplate*, in the installed order. */
GPtrArray        *kakanai_kiosk_session_get_chosen       (KakanaiKioskSession *self);
/* The chosen template ids, comma-separated. */
char             *kakanai_kiosk_session_dup_chosen_ids   (KakanaiKioskSession *self);

/* ---- card and PIN ---- */
void              kakanai_kiosk_session_add_pin_digit    (KakanaiKioskSession *self,
                                                          guint                digit);
void              kakanai_kiosk_session_erase_pin_digit  (KakanaiKioskSession *self);
/* Only this sends the PIN, and only with 4 digits and the pad usable. */
void              kakanai_kiosk_session_confirm_pin      (KakanaiKioskSession *self);
guint             kakanai_kiosk_session_get_pin_length   (KakanaiKioskSession *self);
guint             kakanai_kiosk_session_get_tries_left   (KakanaiKioskSession *self);
/* TRUE when the PIN pad may be used (tries left, and not the unguarded last one). */
gboolean          kakanai_kiosk_session_can_enter_pin    (KakanaiKioskSession *self);
gboolean          kakanai_kiosk_session_is_last_try_pending (KakanaiKioskSession *self);
gboolean          kakanai_kiosk_session_is_last_try_allowed (KakanaiKioskSession *self);
/* A person decided the resident may spend the last try. */
void              kakanai_kiosk_session_allow_last_try   (KakanaiKioskSession *self);
/* Set when the last PIN was wrong (cleared with the next digit). */
gboolean          kakanai_kiosk_session_get_pin_was_wrong (KakanaiKioskSession *self);
const char       *kakanai_kiosk_session_get_card_message (KakanaiKioskSession *self);
double            kakanai_kiosk_session_get_reading_fraction (KakanaiKioskSession *self);
KakanaiReadStep   kakanai_kiosk_session_get_reading_step (KakanaiKioskSession *self);
/* The record read (or typed by a clerk), NULL before. Personal data. */
const KakanaiCardRecord *kakanai_kiosk_session_get_record (KakanaiKioskSession *self);
/* 聞き取り: what the clerk answers for a resident without a card: the questions the
 * templates leave to the clerk ("answered_by": "clerk"), from the whole catalogue (the
 * interview comes before the forms are chosen), merged: each key once. Never NULL. */
GPtrArray        *kakanai_kiosk_session_get_clerk_questions (KakanaiKioskSession *self);
/* The options of @question a clerk may choose: all but its card answer (no card was
 * used). NULL-terminated; free the array with g_free(), the strings are @question's. */
const char      **kakanai_kiosk_session_dup_clerk_options (KakanaiKioskSession *self,
                                                           KakanaiQuestion     *question);
/* A clerk typed the record of a resident without a card; takes @record. @clerk_answers
 * (question key → answer as stored; may be NULL) are copied, each checked by its clerk
 * question; when one is refused (not a clerk question, the card answer, not accepted)
 * nothing changes, @record is freed and @error says why. Set in the forms that ask them;
 * wiped with the other answers. */
gboolean          kakanai_kiosk_session_continue_with_record (KakanaiKioskSession *self,
                                                              KakanaiCardRecord   *record,
                                                              GHashTable          *clerk_answers,
                                                              GError             **error);
/* What the clerk noted for @key, or NULL. Personal data. */
const char       *kakanai_kiosk_session_get_clerk_answer (KakanaiKioskSession *self,
                                                          const char          *key);

/* ---- questions ---- */
/* The questions the resident answers for the chosen forms (KakanaiQuestion*, merged:
 * each key once; the clerk's own left out), NULL before the question step. */
GPtrArray        *kakanai_kiosk_session_get_questions    (KakanaiKioskSession *self);
/* The question shown, NULL outside the question step. */
KakanaiQuestion  *kakanai_kiosk_session_get_question     (KakanaiKioskSession *self);
guint             kakanai_kiosk_session_get_question_index (KakanaiKioskSession *self);
/* The position among the questions that apply now (from 1), and how many apply. */
void              kakanai_kiosk_session_get_question_position (KakanaiKioskSession *self,
                                                               guint               *position,
                                                               guint               *count);
/* What the resident typed for @key (a question's key, or "<group>.<n>.<field>"):
 * normalized and checked by its question. A refused answer is kept out of the forms and
 * holds the question until corrected; the error says why in plain words. "" clears. */
gboolean          kakanai_kiosk_session_set_answer       (KakanaiKioskSession *self,
                                                          const char          *key,
                                                          const char          *typed,
                                                          GError             **error);
/* The stored answer, or NULL. Personal data. */
const char       *kakanai_kiosk_session_get_answer       (KakanaiKioskSession *self,
                                                          const char          *key);
/* Whether @question's answer is complete (required parts given, nothing refused). */
gboolean          kakanai_kiosk_session_question_is_answered (KakanaiKioskSession *self,
                                                              KakanaiQuestion     *question);
/* A group: how many members the resident added (0 to the group's most). */
guint             kakanai_kiosk_session_get_group_count  (KakanaiKioskSession *self,
                                                          const char          *key);
void              kakanai_kiosk_session_set_group_count  (KakanaiKioskSession *self,
                                                          const char          *key,
                                                          guint                count);

/* ---- preview and finish ---- */
KakanaiLayout    *kakanai_kiosk_session_get_layout       (KakanaiKioskSession *self);
/* The data the chosen forms are filled with (card record, answers, clerk answers), NULL
 * before the preview. Personal data. */
KakanaiFormData  *kakanai_kiosk_session_get_form_data    (KakanaiKioskSession *self);
/* The message of the finish screen (in the language of the moment). */
const char       *kakanai_kiosk_session_get_finish_message (KakanaiKioskSession *self);

G_END_DECLS
