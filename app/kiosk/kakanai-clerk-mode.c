/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-mode.c: clerk mode, silent printing and statistics for a kiosk window */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-mode.h"

#include <glib/gi18n.h>
#include <string.h>

#include <kakanai-pcsc.h>

#include "kakanai-clerk-interview.h"
#include "kakanai-clerk-lockout.h"
#include "kakanai-clerk-pin.h"
#include "kakanai-clerk-panel.h"
#include "kakanai-clerk-pin-pad.h"
#include "kakanai-kiosk-application.h"
#include "kakanai-printer.h"
#include "kakanai-stats.h"

/* A print server on the network answers within a second; one that accepted the connection
 * and then says nothing gets this long before the clerk is told. */
#define PRINTER_LIST_TIMEOUT_MS 10000


typedef struct
{
  KakanaiKioskWindow *window;       /* owns us (object data) */
  KakanaiKioskSession *visit;       /* the window's session: statistics and printing listen to it */
  char *pin_hash;
  char *printer;                    /* NULL: PDFs go to the output folder */
  char *reader;

  KakanaiStats *stats;
  KakanaiStatsSession *session;
  gboolean session_sent_to_printer;
  char *notice;                     /* for the clerk: statistics or printer trouble */

  KakanaiPrintJob *job;             /* the last print, until printed or given up */
  gboolean job_running;
  GCancellable *listing_printers;   /* while the panel waits for the printer list */

  GSimpleActionGroup *actions;
  GtkWidget *pin_pad;
  GtkWidget *panel;
  GtkWidget *interview;
  GtkWidget *alert;
  GtkLabel *alert_detail;
  GtkWidget *shown;                 /* the overlay on screen, or NULL */

  KakanaiClerkLockout *lockout;     /* wrong PINs, in the state folder */
  guint unlock_source;
  GCancellable *checking_pin;       /* while a PIN is checked in a worker */
} ClerkMode;

static void refresh_panel (ClerkMode *mode);
static void stop_listing_printers (ClerkMode *mode);

/* ---- overlays ---- */

static void
show_only (ClerkMode *mode, GtkWidget *widget)
{
  if (widget != mode->panel)
    stop_listing_printers (mode);
  if (mode->shown == widget)
    return;
  if (mode->shown != NULL)
    kakanai_kiosk_window_hide_overlay (mode->window, mode->shown);
  mode->shown = widget;
  if (widget != NULL)
    {
      kakanai_kiosk_window_show_overlay (mode->window, widget);
      gtk_widget_grab_focus (widget);
    }
}

static gboolean
print_needs_attention (ClerkMode *mode)
{
  KakanaiPrintState state = mode->job ? kakanai_print_job_get_state (mode->job) : KAKANAI_PRINT_STATE_NEW;

  return mode->job != NULL
         && (state == KAKANAI_PRINT_STATE_STOPPED || state == KAKANAI_PRINT_STATE_FAILED
             || state == KAKANAI_PRINT_STATE_ABORTED);
}

/* Leaving clerk mode: back to the resident's screen, or to the printer alert. */
static void
close_clerk_mode (ClerkMode *mode)
{
  kakanai_clerk_pin_pad_clear (KAKANAI_CLERK_PIN_PAD (mode->pin_pad));
  kakanai_clerk_interview_clear (KAKANAI_CLERK_INTERVIEW (mode->interview));
  show_only (mode, print_needs_attention (mode) ? mode->alert : NULL);
}

static gboolean
clerk_mode_open (ClerkMode *mode)
{
  return mode->shown == mode->panel || mode->shown == mode->interview || mode->shown == mode->pin_pad;
}

static void
set_notice (ClerkMode *mode, const char *notice)
{
  g_free (mode->notice);
  mode->notice = g_strdup (notice);
  if (notice != NULL)
    g_warning ("for the clerk: %s", notice);
  refresh_panel (mode);
}

/* ---- statistics ---- */

static const char *
step_label (const char *step)
{
  static const struct { const char *step; const char *label; } labels[] = {
    { KAKANAI_STATS_STEP_CHOOSE, N_("Choosing") },
    { KAKANAI_STATS_STEP_CARD, N_("Placing the card") },
    { KAKANAI_STATS_STEP_PIN, N_("PIN") },
    { KAKANAI_STATS_STEP_READING, N_("Reading") },
    { KAKANAI_STATS_STEP_CONFIRM, N_("Confirming") },
    { KAKANAI_STATS_STEP_SUPPLEMENTS, N_("Supplements") },
    { KAKANAI_STATS_STEP_PREVIEW, N_("Preview") },
    { KAKANAI_STATS_STEP_FINISH, N_("Finish") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].step, step))
      return _(labels[i].label);
  return step;
}

static char *
format_duration (guint ms)
{
  guint seconds = (ms + 500) / 1000;

  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

static char *
describe_today (ClerkMode *mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiStatsSummary) summary = kakanai_stats_summarize_today (mode->stats, &error);
  g_autofree char *median = NULL;
  GString *text;

  if (summary == NULL)
    return g_strdup_printf (_("Statistics cannot be read: %s"), error->message);
  median = format_duration (summary->median_total_ms);
  text = g_string_new (NULL);
  g_string_append_printf (text, _("%u sessions: %u printed, %u saved as PDF, %u cancelled or timed out, %u card problems; %u without a card."),
                          summary->n_sessions,
                          summary->n_by_outcome[KAKANAI_STATS_OUTCOME_PRINTED],
                          summary->n_by_outcome[KAKANAI_STATS_OUTCOME_WRITTEN],
                          summary->n_by_outcome[KAKANAI_STATS_OUTCOME_CANCELLED]
                            + summary->n_by_outcome[KAKANAI_STATS_OUTCOME_TIMED_OUT]
                            + summary->n_by_outcome[KAKANAI_STATS_OUTCOME_CARD_REMOVED],
                          summary->n_by_outcome[KAKANAI_STATS_OUTCOME_CARD_ERROR],
                          summary->n_interview);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Median time per session: %s"), median);
  for (guint i = 0; i < summary->steps->len; i++)
    {
      KakanaiStatsStepMedian *step = g_ptr_array_index (summary->steps, i);
      g_autofree char *duration = format_duration (step->median_ms);

      g_string_append_printf (text, i == 0 ? "\n%s %s" : " · %s %s", step_label (step->step), duration);
    }
  return g_string_free (text, FALSE);
}

static KakanaiStatsOutcome
stats_outcome (ClerkMode *mode, KakanaiKioskOutcome outcome)
{
  switch (outcome)
    {
    case KAKANAI_KIOSK_OUTCOME_FINISHED:
      if (!mode->session_sent_to_printer)
        return KAKANAI_STATS_OUTCOME_WRITTEN;
      return mode->job != NULL && kakanai_print_job_get_state (mode->job) == KAKANAI_PRINT_STATE_FAILED
               ? KAKANAI_STATS_OUTCOME_PRINT_ERROR : KAKANAI_STATS_OUTCOME_PRINTED;
    case KAKANAI_KIOSK_OUTCOME_TIMED_OUT:    return KAKANAI_STATS_OUTCOME_TIMED_OUT;
    case KAKANAI_KIOSK_OUTCOME_CARD_REMOVED: return KAKANAI_STATS_OUTCOME_CARD_REMOVED;
    case KAKANAI_KIOSK_OUTCOME_CARD_ERROR:   return KAKANAI_STATS_OUTCOME_CARD_ERROR;
    case KAKANAI_KIOSK_OUTCOME_CLERK_RESET:  return KAKANAI_STATS_OUTCOME_CLERK_RESET;
    case KAKANAI_KIOSK_OUTCOME_CANCELLED:
    default:                                 return KAKANAI_STATS_OUTCOME_CANCELLED;
    }
}

static void
on_recorded (GObject *source, GAsyncResult *result, gpointer data)
{
  GWeakRef *window_ref = data;
  g_autoptr(KakanaiKioskWindow) window = g_weak_ref_get (window_ref);
  g_autoptr(GError) error = NULL;
  ClerkMode *mode = window ? g_object_get_data (G_OBJECT (window), "kakanai-clerk-mode") : NULL;

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  if (mode == NULL)
    return;
  if (!kakanai_stats_record_finish (mode->stats, result, &error))
    /* The counter goes on; the clerk sees why in clerk mode. */
    set_notice (mode, error->message);
  else
    {
      g_autofree char *notice = kakanai_stats_take_notice (mode->stats);
      set_notice (mode, notice);
    }
}

static void
on_session_started (KakanaiKioskSession *visit, ClerkMode *mode)
{
  const char *language = kakanai_kiosk_window_get_language (mode->window);

  g_clear_pointer (&mode->session, kakanai_stats_session_free);
  mode->session = kakanai_stats_session_new ();
  mode->session_sent_to_printer = FALSE;
  if (language != NULL && !kakanai_stats_session_set_language (mode->session, language, NULL))
    g_debug ("language code not recorded (not an identifier)");
}

static void
on_step_changed (KakanaiKioskSession *visit, guint old_step, guint new_step, ClerkMode *mode)
{
  if (mode->session != NULL && !kakanai_stats_session_is_ended (mode->session)
      && new_step != KAKANAI_KIOSK_STEP_WELCOME && new_step != KAKANAI_KIOSK_STEP_PROBLEM)
    kakanai_stats_session_enter_step (mode->session, kakanai_kiosk_step_to_string (new_step), NULL);
  if (mode->shown == mode->panel)
    refresh_panel (mode);
}

static void
on_session_ended (KakanaiKioskSession *visit, guint outcome, const char *forms, ClerkMode *mode)
{
  g_auto(GStrv) ids = g_strsplit (forms ? forms : "", ",", -1);
  GWeakRef *window_ref;

  if (mode->session == NULL)
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0' && !kakanai_stats_session_add_form (mode->session, ids[i], NULL))
      g_debug ("a form id is not an identifier; not recorded");
  kakanai_stats_session_end (mode->session, stats_outcome (mode, outcome));
  window_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (window_ref, mode->window);
  kakanai_stats_record_async (mode->stats, mode->session, NULL, on_recorded, window_ref);
  g_clear_pointer (&mode->session, kakanai_stats_session_free);
}

/* ---- printing ---- */

static char *
describe_print (ClerkMode *mode)
{
  KakanaiPrintState state;
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;

  if (mode->job == NULL)
    return g_strdup (mode->printer ? _("Nothing waiting to be printed.")
                                   : _("No printer is configured: forms are saved as PDF in the output folder."));
  state = kakanai_print_job_get_state (mode->job);
  problem = kakanai_printer_problem_describe (kakanai_print_job_get_problems (mode->job));
  message = kakanai_print_job_dup_message (mode->job);
  switch (state)
    {
    case KAKANAI_PRINT_STATE_SENDING:
    case KAKANAI_PRINT_STATE_PENDING:
    case KAKANAI_PRINT_STATE_PRINTING:
      return g_strdup_printf (_("Printing on %s…"), kakanai_print_job_get_printer (mode->job));
    case KAKANAI_PRINT_STATE_STOPPED:
      return g_strdup_printf (_("Waiting: %s (%s) Fix the printer and resume it, or cancel the print."),
                              problem, *message != '\0' ? message : kakanai_print_job_get_printer (mode->job));
    case KAKANAI_PRINT_STATE_CANCELLED:
      return g_strdup (_("The print was cancelled. It can be printed again."));
    case KAKANAI_PRINT_STATE_ABORTED:
    case KAKANAI_PRINT_STATE_FAILED:
      return g_strdup_printf (_("The print failed (%s). It can be printed again."),
                              *message != '\0' ? message : kakanai_print_job_get_printer (mode->job));
    case KAKANAI_PRINT_STATE_COMPLETED:
      return g_strdup (_("Printed."));
    case KAKANAI_PRINT_STATE_NEW:
    default:
      return g_strdup ("");
    }
}

static void
update_print_actions (ClerkMode *mode)
{
  KakanaiPrintState state = mode->job ? kakanai_print_job_get_state (mode->job) : KAKANAI_PRINT_STATE_NEW;
  GAction *resend = g_action_map_lookup_action (G_ACTION_MAP (mode->actions), "resend-print");
  GAction *cancel = g_action_map_lookup_action (G_ACTION_MAP (mode->actions), "cancel-print");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (resend), mode->job != NULL && !mode->job_running
                               && state != KAKANAI_PRINT_STATE_COMPLETED);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cancel), mode->job != NULL && mode->job_running);
}

static void
on_job_state_changed (KakanaiPrintJob *job, int state, guint problems, ClerkMode *mode)
{
  g_autofree char *text = describe_print (mode);

  gtk_label_set_label (mode->alert_detail, text);
  kakanai_clerk_panel_set_print_status (KAKANAI_CLERK_PANEL (mode->panel), text);
  update_print_actions (mode);
  /* The clerk must see a stopped printer at once, whatever the resident is doing. */
  if (!clerk_mode_open (mode))
    show_only (mode, print_needs_attention (mode) ? mode->alert
                     : mode->shown == mode->alert ? NULL : mode->shown);
}

static void run_job (ClerkMode *mode);

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GWeakRef *window_ref = data;
  g_autoptr(KakanaiKioskWindow) window = g_weak_ref_get (window_ref);
  ClerkMode *mode = window ? g_object_get_data (G_OBJECT (window), "kakanai-clerk-mode") : NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = kakanai_print_job_run_finish (KAKANAI_PRINT_JOB (source), result, &error);

  g_weak_ref_clear (window_ref);
  g_free (window_ref);
  if (mode == NULL || mode->job != KAKANAI_PRINT_JOB (source))
    return;
  mode->job_running = FALSE;
  if (ok)
    {
      /* Printed: the resident's document need not stay in memory. */
      g_signal_handlers_disconnect_by_data (mode->job, mode);
      g_clear_object (&mode->job);
      kakanai_clerk_panel_set_print_status (KAKANAI_CLERK_PANEL (mode->panel), _("Printed."));
    }
  else
    g_warning ("print job: %s", error->message);
  update_print_actions (mode);
  on_job_state_changed (NULL, 0, 0, mode);
}

static void
run_job (ClerkMode *mode)
{
  GWeakRef *window_ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (window_ref, mode->window);
  mode->job_running = TRUE;
  update_print_actions (mode);
  kakanai_print_job_run_async (mode->job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_job_done, window_ref);
}

static void
drop_job (ClerkMode *mode)
{
  if (mode->job == NULL)
    return;
  g_signal_handlers_disconnect_by_data (mode->job, mode);
  g_clear_object (&mode->job);
  mode->job_running = FALSE;
}

static gboolean
on_document_ready (KakanaiKioskSession *visit, GBytes *pdf, ClerkMode *mode)
{
  if (mode->printer == NULL)
    return FALSE; /* the session writes it to the output folder */
  /* A print still followed goes on in CUPS (its worker keeps it); only the new one is
   * shown to the clerk from now on. */
  if (mode->job != NULL && mode->job_running)
    g_warning ("a new print while the previous one is still followed");
  drop_job (mode);
  mode->job = kakanai_print_job_new (mode->printer, pdf, "kakanai");
  g_signal_connect (mode->job, "state-changed", G_CALLBACK (on_job_state_changed), mode);
  mode->session_sent_to_printer = TRUE;
  run_job (mode);
  return TRUE;
}

/* ---- clerk mode ---- */

static GStrv
reader_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GPtrArray) readers = pcsc ? kakanai_pcsc_list_readers (pcsc, NULL) : NULL;

  for (guint i = 0; readers != NULL && i < readers->len; i++)
    g_strv_builder_add (builder, ((KakanaiReaderInfo *) g_ptr_array_index (readers, i))->name);
  return g_strv_builder_end (builder);
}

static GStrv
printer_names (GPtrArray *printers)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < printers->len; i++)
    g_strv_builder_add (builder, ((KakanaiPrinterInfo *) g_ptr_array_index (printers, i))->name);
  return g_strv_builder_end (builder);
}

static void
stop_listing_printers (ClerkMode *mode)
{
  if (mode->listing_printers == NULL)
    return;
  g_cancellable_cancel (mode->listing_printers);
  g_clear_object (&mode->listing_printers);
}

static void
on_printers_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = kakanai_printer_list_finish (result, &error);
  g_auto(GStrv) names = NULL;
  ClerkMode *mode = data;

  /* Cancelled when the panel closed or the window went: @mode may be freed, so not touched. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&mode->listing_printers);
  if (printers == NULL)
    {
      g_warning ("for the clerk: printers could not be listed: %s", error->message);
      kakanai_clerk_panel_set_printers_failed (KAKANAI_CLERK_PANEL (mode->panel), error->message, mode->printer);
      return;
    }
  names = printer_names (printers);
  kakanai_clerk_panel_set_printers (KAKANAI_CLERK_PANEL (mode->panel), (const char * const *) names, mode->printer);
}

/* libcups blocks, and a print server may hang: listed in a worker, the panel says "loading". */
static void
start_listing_printers (ClerkMode *mode)
{
  stop_listing_printers (mode);
  mode->listing_printers = g_cancellable_new ();
  kakanai_clerk_panel_set_printers_loading (KAKANAI_CLERK_PANEL (mode->panel));
  kakanai_printer_list_async (PRINTER_LIST_TIMEOUT_MS, mode->listing_printers, on_printers_listed, mode);
}

static void
refresh_panel (ClerkMode *mode)
{
  KakanaiClerkPanel *panel = KAKANAI_CLERK_PANEL (mode->panel);
  g_autofree char *print = describe_print (mode);
  g_autofree char *today = NULL;
  GAction *allow = g_action_map_lookup_action (G_ACTION_MAP (mode->actions), "allow-last-try");

  if (mode->shown != mode->panel)
    return;
  today = describe_today (mode);
  kakanai_clerk_panel_set_notice (panel, mode->notice);
  kakanai_clerk_panel_set_print_status (panel, print);
  kakanai_clerk_panel_set_statistics (panel, today);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (allow),
                               kakanai_kiosk_session_get_step (mode->visit) == KAKANAI_KIOSK_STEP_PIN);
  update_print_actions (mode);
}

static void
open_panel (ClerkMode *mode)
{
  g_auto(GStrv) readers = reader_names ();

  kakanai_clerk_panel_set_readers (KAKANAI_CLERK_PANEL (mode->panel), (const char * const *) readers, mode->reader);
  start_listing_printers (mode);
  show_only (mode, mode->panel);
  refresh_panel (mode);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
unlock_pin_pad (gpointer data)
{
  ClerkMode *mode = data;

  mode->unlock_source = 0;
  kakanai_clerk_pin_pad_set_locked (KAKANAI_CLERK_PIN_PAD (mode->pin_pad), FALSE);
  kakanai_clerk_pin_pad_set_message (KAKANAI_CLERK_PIN_PAD (mode->pin_pad), NULL);
  return G_SOURCE_REMOVE;
}

/* Locks the pad while the lockout (from this run or an earlier one) lasts. */
static gboolean
apply_lockout (ClerkMode *mode)
{
  KakanaiClerkPinPad *pad = KAKANAI_CLERK_PIN_PAD (mode->pin_pad);
  guint remaining = kakanai_clerk_lockout_get_remaining (mode->lockout, now_seconds ());
  g_autofree char *message = NULL;

  if (remaining == 0)
    return FALSE;
  /* A doubled lockout runs to hours: minutes read better past two of them. */
  if (remaining < 120)
    message = g_strdup_printf (_("Too many wrong PINs. Try again in %d seconds."), (int) remaining);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u minute.",
                                            "Too many wrong PINs. Try again in %u minutes.", (remaining + 59) / 60),
                               (remaining + 59) / 60);
  kakanai_clerk_pin_pad_set_locked (pad, TRUE);
  kakanai_clerk_pin_pad_set_message (pad, message);
  g_clear_handle_id (&mode->unlock_source, g_source_remove);
  mode->unlock_source = g_timeout_add_seconds (remaining, unlock_pin_pad, mode);
  return TRUE;
}

static void
on_pin_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean right = kakanai_clerk_pin_check_finish (result, &error);
  ClerkMode *mode = data;
  KakanaiClerkPinPad *pad;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window is gone, and @mode with it */
  pad = KAKANAI_CLERK_PIN_PAD (mode->pin_pad);
  g_clear_object (&mode->checking_pin);
  kakanai_clerk_pin_pad_set_locked (pad, FALSE);
  if (right)
    {
      g_autoptr(GError) save_error = NULL;

      kakanai_clerk_lockout_record_success (mode->lockout, &save_error);
      if (save_error != NULL)
        g_warning ("clerk lockout: %s", save_error->message);
      kakanai_clerk_pin_pad_set_message (pad, NULL);
      if (mode->shown != mode->pin_pad)
        return; /* cancelled while the PIN was checked */
      g_info ("clerk mode opened");
      open_panel (mode);
      return;
    }
  if (error != NULL)
    {
      kakanai_clerk_pin_pad_set_message (pad, error->message);
      return;
    }
  if (!apply_lockout (mode))
    kakanai_clerk_pin_pad_set_message (pad, _("That is not the clerk PIN."));
}

static void
pin_submit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;
  KakanaiClerkPinPad *pad = KAKANAI_CLERK_PIN_PAD (mode->pin_pad);
  g_autoptr(GError) error = NULL;
  guint locked;

  if (mode->unlock_source != 0 || mode->checking_pin != NULL || kakanai_clerk_pin_pad_get_length (pad) == 0)
    return;
  /* Counted as wrong before the check, and cleared if right: quitting during the check
   * must not be a free try. */
  locked = kakanai_clerk_lockout_record_failure (mode->lockout, now_seconds (), &error);
  if (error != NULL)
    g_warning ("clerk lockout: %s", error->message);
  if (locked > 0)
    g_warning ("clerk mode: %d wrong PINs in a row; locked for %u s", KAKANAI_CLERK_LOCKOUT_TRIES, locked);
  mode->checking_pin = g_cancellable_new ();
  kakanai_clerk_pin_pad_check_async (pad, mode->pin_hash, mode->checking_pin, on_pin_checked, mode);
  kakanai_clerk_pin_pad_set_locked (pad, TRUE); /* no digits while checking */
}

static void
pin_cancel (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  close_clerk_mode (data);
}

static void
resend_print (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  if (mode->job != NULL && !mode->job_running)
    {
      /* To the printer the clerk chose meanwhile, if any. */
      if (mode->printer != NULL)
        kakanai_print_job_set_printer (mode->job, mode->printer, NULL);
      run_job (mode);
    }
  refresh_panel (mode);
}

static void
cancel_print (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;
  g_autoptr(GError) error = NULL;

  if (mode->job != NULL && !kakanai_print_job_cancel (mode->job, &error))
    set_notice (mode, error->message);
  refresh_panel (mode);
}

static void
allow_last_try (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  close_clerk_mode (mode);
  kakanai_kiosk_session_allow_last_try (mode->visit);
}

static void
start_interview (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  kakanai_clerk_interview_set_questions (KAKANAI_CLERK_INTERVIEW (mode->interview), mode->visit,
                                         kakanai_kiosk_window_get_language (mode->window));
  kakanai_clerk_interview_clear (KAKANAI_CLERK_INTERVIEW (mode->interview));
  show_only (mode, mode->interview);
}

static void
interview_submit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) kakanai_secure_strfree);
  g_autoptr(GError) error = NULL;
  KakanaiCardRecord *record;

  record = kakanai_clerk_interview_build (KAKANAI_CLERK_INTERVIEW (mode->interview), answers, NULL);
  if (record == NULL)
    return; /* the form shows what is wrong */
  if (!kakanai_kiosk_session_continue_with_record (mode->visit, record, answers, &error))
    {
      /* The interview offers only what the session takes: a broken template at most. */
      g_warning ("the clerk's answers were refused: %s", error->message);
      return;
    }
  close_clerk_mode (mode);
  if (mode->session != NULL)
    kakanai_stats_session_set_identity (mode->session, KAKANAI_STATS_IDENTITY_INTERVIEW, NULL);
}

static void
interview_cancel (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  kakanai_clerk_interview_clear (KAKANAI_CLERK_INTERVIEW (mode->interview));
  open_panel (mode);
}

static void
reset_kiosk (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  /* A print still waiting for the printer stays; a finished or given-up one goes. */
  if (mode->job != NULL && !mode->job_running)
    drop_job (mode);
  close_clerk_mode (mode);
  kakanai_kiosk_session_reset (mode->visit);
}

static void
close_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  close_clerk_mode (data);
}

static void
choose_reader (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  g_free (mode->reader);
  mode->reader = g_variant_dup_string (parameter, NULL);
  kakanai_kiosk_window_set_reader (mode->window, mode->reader);
}

static void
choose_printer (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  ClerkMode *mode = data;

  g_free (mode->printer);
  mode->printer = g_variant_dup_string (parameter, NULL);
  g_info ("clerk chose printer %s", mode->printer);
  refresh_panel (mode);
}

static gboolean
on_clerk_requested (KakanaiKioskWindow *window, ClerkMode *mode)
{
  if (mode->pin_hash == NULL)
    {
      g_message ("clerk mode is not set up in the configuration; only the last-try decision applies");
      return FALSE;
    }
  if (clerk_mode_open (mode))
    return TRUE;
  show_only (mode, mode->pin_pad);
  if (mode->checking_pin == NULL && mode->unlock_source == 0)
    apply_lockout (mode);
  return TRUE;
}

/* ---- set-up ---- */

static const GActionEntry action_entries[] = {
  { "pin-submit", pin_submit },
  { "pin-cancel", pin_cancel },
  { "resend-print", resend_print },
  { "cancel-print", cancel_print },
  { "allow-last-try", allow_last_try },
  { "interview", start_interview },
  { "interview-submit", interview_submit },
  { "interview-cancel", interview_cancel },
  { "reset-kiosk", reset_kiosk },
  { "close", close_action },
  { "choose-reader", choose_reader, "s" },
  { "choose-printer", choose_printer, "s" },
};

static GtkWidget *
build_alert (ClerkMode *mode)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);
  GtkWidget *resident = gtk_label_new (_("Please wait a moment: a staff member will come to help you."));
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "clerk-surface");
  gtk_widget_add_css_class (box, "clerk-alert");
  gtk_widget_set_name (box, "clerk_print_alert");
  gtk_label_set_wrap (GTK_LABEL (resident), TRUE);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (resident, "clerk-title");
  gtk_widget_add_css_class (detail, "clerk-error");
  gtk_box_append (GTK_BOX (box), resident);
  gtk_box_append (GTK_BOX (box), detail);
  mode->alert_detail = GTK_LABEL (detail);
  return g_object_ref_sink (box);
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/jp/kakanai/Kiosk/clerk/kakanai-clerk.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
}

static void
clerk_mode_free (gpointer data)
{
  ClerkMode *mode = data;

  g_clear_handle_id (&mode->unlock_source, g_source_remove);
  if (mode->checking_pin != NULL)
    g_cancellable_cancel (mode->checking_pin);
  g_clear_object (&mode->checking_pin);
  g_clear_pointer (&mode->lockout, kakanai_clerk_lockout_free);
  stop_listing_printers (mode);
  if (mode->session != NULL && kakanai_stats_session_is_ended (mode->session))
    kakanai_stats_record (mode->stats, mode->session, NULL);
  g_clear_pointer (&mode->session, kakanai_stats_session_free);
  g_signal_handlers_disconnect_by_data (mode->visit, mode);
  g_clear_object (&mode->visit);
  drop_job (mode);
  g_clear_object (&mode->actions);
  g_clear_object (&mode->pin_pad);
  g_clear_object (&mode->panel);
  g_clear_object (&mode->interview);
  g_clear_object (&mode->alert);
  g_clear_pointer (&mode->stats, kakanai_stats_free);
  g_free (mode->pin_hash);
  g_free (mode->printer);
  g_free (mode->reader);
  g_free (mode->notice);
  g_free (mode);
}

void
kakanai_clerk_mode_attach (KakanaiKioskWindow *window)
{
  KakanaiKioskApplication *app = KAKANAI_KIOSK_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  KakanaiConfig *config = app ? kakanai_kiosk_application_get_config (app) : NULL;
  ClerkMode *mode = g_new0 (ClerkMode, 1);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (g_object_get_data (G_OBJECT (window), "kakanai-clerk-mode") == NULL);
  load_css ();
  mode->window = window;
  if (config != NULL)
    {
      mode->pin_hash = g_strdup (kakanai_config_get_clerk_pin_hash (config));
      mode->printer = g_strdup (kakanai_config_get_printer (config));
      mode->reader = g_strdup (kakanai_config_get_reader (config));
      mode->stats = kakanai_stats_new (kakanai_config_get_statistics_path (config));
      {
        g_autofree char *lockout = g_build_filename (kakanai_config_get_state_dir (config), "clerk-lockout", NULL);
        mode->lockout = kakanai_clerk_lockout_new (lockout);
      }
    }
  else
    {
      mode->stats = kakanai_stats_new (":memory:"); /* not ready: nothing worth keeping */
      mode->lockout = kakanai_clerk_lockout_new (NULL);
    }
  if (!kakanai_stats_check (mode->stats, &error))
    mode->notice = g_strdup (error->message);
  else
    mode->notice = kakanai_stats_take_notice (mode->stats);

  mode->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (mode->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), mode);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "clerk", G_ACTION_GROUP (mode->actions));
  mode->pin_pad = g_object_ref_sink (kakanai_clerk_pin_pad_new ());
  mode->panel = g_object_ref_sink (kakanai_clerk_panel_new ());
  mode->interview = g_object_ref_sink (kakanai_clerk_interview_new ());
  mode->alert = build_alert (mode);
  update_print_actions (mode);

  g_object_set_data_full (G_OBJECT (window), "kakanai-clerk-mode", mode, clerk_mode_free);
  mode->visit = g_object_ref (kakanai_kiosk_window_get_session (window));
  g_signal_connect (mode->visit, "session-started", G_CALLBACK (on_session_started), mode);
  g_signal_connect (mode->visit, "step-changed", G_CALLBACK (on_step_changed), mode);
  g_signal_connect (mode->visit, "session-ended", G_CALLBACK (on_session_ended), mode);
  g_signal_connect (mode->visit, "document-ready", G_CALLBACK (on_document_ready), mode);
  g_signal_connect (window, "clerk-requested", G_CALLBACK (on_clerk_requested), mode);
  if (mode->notice != NULL)
    g_warning ("for the clerk: %s", mode->notice);
}
