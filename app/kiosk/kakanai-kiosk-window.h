/* kakanai-kiosk-window.h: the counter flow, from welcome to "please take your card".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <kakanai-card.h>

G_BEGIN_DECLS

/* The steps of a session, in order. Stable: statistics store their names. */
typedef enum {
  KAKANAI_KIOSK_STEP_WELCOME,
  KAKANAI_KIOSK_STEP_CHOOSE,
  KAKANAI_KIOSK_STEP_CARD,
  KAKANAI_KIOSK_STEP_PIN,
  KAKANAI_KIOSK_STEP_READING,
  KAKANAI_KIOSK_STEP_CONFIRM,
  KAKANAI_KIOSK_STEP_SUPPLEMENTS,
  KAKANAI_KIOSK_STEP_PREVIEW,
  KAKANAI_KIOSK_STEP_FINISH,
  KAKANAI_KIOSK_STEP_PROBLEM,   /* not ready: configuration or forms are broken */
} KakanaiKioskStep;

/* How a session ended. Stable: statistics store their names. */
typedef enum {
  KAKANAI_KIOSK_OUTCOME_FINISHED,     /* the forms were made */
  KAKANAI_KIOSK_OUTCOME_CANCELLED,    /* "Start over" */
  KAKANAI_KIOSK_OUTCOME_TIMED_OUT,    /* nobody touched the screen */
  KAKANAI_KIOSK_OUTCOME_CARD_REMOVED, /* the card was taken away */
  KAKANAI_KIOSK_OUTCOME_CARD_ERROR,   /* PIN locked, card unreadable */
  KAKANAI_KIOSK_OUTCOME_CLERK_RESET,  /* kakanai_kiosk_window_reset() */
} KakanaiKioskOutcome;

/* "welcome", "choose", "card", "pin", "reading", "confirm", "supplements",
 * "preview", "finish", "problem" (also the GtkStack page names). */
const char *kakanai_kiosk_step_to_string    (KakanaiKioskStep    step);
/* "finished", "cancelled", "timed_out", "card_removed", "card_error", "clerk_reset" */
const char *kakanai_kiosk_outcome_to_string (KakanaiKioskOutcome outcome);

#define KAKANAI_TYPE_KIOSK_WINDOW (kakanai_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskWindow, kakanai_kiosk_window, KAKANAI, KIOSK_WINDOW,
                      GtkApplicationWindow)

/* Hooks for clerk mode, printing and statistics (issue 5). Signals:
 *
 *  "step-changed" (guint old_step, guint new_step): every change of step,
 *    emitted after the new page is shown (statistics time the steps).
 *  "session-started" (): the resident touched Start.
 *  "session-ended" (guint outcome, const char *forms): @forms the chosen
 *    template ids, comma-separated ("" when none); after all personal data
 *    was wiped.
 *  "document-ready" (GBytes *pdf) -> gboolean: the finished PDF of all chosen
 *    forms (the bytes the preview showed). Return TRUE when you took it (sent
 *    to a printer; keep your own ref); when no handler does, the window writes
 *    it to the configured output folder.
 *  "clerk-requested" () -> gboolean: the clerk key combination ([clerk] keys,
 *    Ctrl+Alt+K by default) was pressed. Return TRUE when clerk mode handled
 *    it. When no handler does, the only clerk decision of this issue applies:
 *    on the last-try warning it allows the resident's last PIN try.
 */
KakanaiKioskWindow *kakanai_kiosk_window_new                (GtkApplication     *application);

/* Wipes every piece of personal data (PIN digits, card record, form data,
 * layout, PDF) and shows the welcome screen (outcome CLERK_RESET when a
 * session was running). */
void                kakanai_kiosk_window_reset              (KakanaiKioskWindow *self);

KakanaiKioskStep    kakanai_kiosk_window_get_step           (KakanaiKioskWindow *self);

/* How full the reading screen's bar was last (0 to 1; 0 until the card
 * reported a step of the latest read). */
double              kakanai_kiosk_window_get_reading_fraction (KakanaiKioskWindow *self);

/* Shows @widget over the resident's screens (modal; the idle timeout pauses
 * while it shows). The window keeps a reference until hidden. */
void                kakanai_kiosk_window_show_overlay       (KakanaiKioskWindow *self,
                                                             GtkWidget          *widget);
void                kakanai_kiosk_window_hide_overlay       (KakanaiKioskWindow *self,
                                                             GtkWidget          *widget);

/* A clerk decided the resident may spend the last PIN try. */
void                kakanai_kiosk_window_allow_last_try     (KakanaiKioskWindow *self);

/* 聞き取り: a clerk typed the data of a resident without a card. Takes
 * @record; the flow continues from the supplements (or the procedures when
 * none is chosen yet). @identity_document is a request.identity_document
 * value ("driver_license", ...), NULL for none. */
void                kakanai_kiosk_window_continue_with_record (KakanaiKioskWindow *self,
                                                               KakanaiCardRecord  *record,
                                                               const char         *identity_document);

/* The PC/SC reader to follow from now on (part of its name). */
void                kakanai_kiosk_window_set_reader         (KakanaiKioskWindow *self,
                                                             const char         *reader_substring);

/* Shows the "not ready" screen with @details (for the clerk) until restart. */
void                kakanai_kiosk_window_show_problem       (KakanaiKioskWindow *self,
                                                             const char         *details);

/* The language code now shown ("ja", "en", ...). */
const char         *kakanai_kiosk_window_get_language       (KakanaiKioskWindow *self);

G_END_DECLS
