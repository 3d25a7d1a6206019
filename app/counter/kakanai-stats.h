/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-stats.h: the counter's wait-time statistics in SQLite, nothing personal
 *
 * One row per session: when it started and ended (local time), the time spent in each
 * step, the forms chosen (template ids), the language, how the resident was identified
 * (card or clerk interview) and the outcome. Names of steps, forms and languages must be
 * short identifiers ([a-z0-9_.-]); anything else is refused, so free text (and with it
 * personal data) cannot reach the file.
 *
 * The database never stops the counter: it is opened lazily and re-opened after a failure;
 * a session that cannot be written (database locked, disk full) stays in memory and is
 * written with the next one; a corrupt file is moved aside (PATH.corrupt-YYYYMMDD-HHMMSS)
 * and a new one is started, which kakanai_stats_take_notice() reports for the clerk.
 * Durability: WAL journal, one transaction per write, synchronous=FULL (a few hundred
 * sessions a day cost nothing, and a power cut loses no committed session).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KAKANAI_STATS_ERROR (kakanai_stats_error_quark ())
GQuark kakanai_stats_error_quark (void);

typedef enum
{
  KAKANAI_STATS_ERROR_LOCKED,      /* another program holds the database; kept for later */
  KAKANAI_STATS_ERROR_IO,          /* cannot open, create or write the file */
  KAKANAI_STATS_ERROR_CORRUPT,     /* damaged and could not be moved aside */
  KAKANAI_STATS_ERROR_VERSION,     /* written by a newer Kakanai; left untouched */
  KAKANAI_STATS_ERROR_INVALID,     /* a name that is not an identifier, a bad date */
  KAKANAI_STATS_ERROR_NOT_FOUND,   /* reading: no database at that path */
  KAKANAI_STATS_ERROR_NOT_STATISTICS, /* reading: not a file, or not a Kakanai statistics database */
} KakanaiStatsError;

typedef enum
{
  KAKANAI_STATS_OUTCOME_PRINTED,
  KAKANAI_STATS_OUTCOME_WRITTEN,     /* PDF written to the output folder */
  KAKANAI_STATS_OUTCOME_CANCELLED,   /* the resident gave up */
  KAKANAI_STATS_OUTCOME_TIMED_OUT,
  KAKANAI_STATS_OUTCOME_CARD_ERROR,
  KAKANAI_STATS_OUTCOME_PRINT_ERROR,
  KAKANAI_STATS_OUTCOME_CLERK_RESET,
  KAKANAI_STATS_OUTCOME_CARD_REMOVED,  /* the card was taken away mid-session */
  KAKANAI_STATS_N_OUTCOMES,
} KakanaiStatsOutcome;

const char *kakanai_stats_outcome_to_string   (KakanaiStatsOutcome outcome);
gboolean    kakanai_stats_outcome_from_string (const char *text, KakanaiStatsOutcome *outcome);

/* How the resident was identified. */
#define KAKANAI_STATS_IDENTITY_CARD      "card"
#define KAKANAI_STATS_IDENTITY_INTERVIEW "interview" /* 聞き取り: typed in by a clerk */

/* Step names the kiosk uses, in the order of the flow (others are allowed). */
#define KAKANAI_STATS_STEP_CHOOSE      "choose"
#define KAKANAI_STATS_STEP_CARD        "card"
#define KAKANAI_STATS_STEP_PIN         "pin"
#define KAKANAI_STATS_STEP_READING     "reading"
#define KAKANAI_STATS_STEP_CONFIRM     "confirm"
#define KAKANAI_STATS_STEP_INTERVIEW   "interview"
#define KAKANAI_STATS_STEP_SUPPLEMENTS "supplements"
#define KAKANAI_STATS_STEP_PREVIEW     "preview"
#define KAKANAI_STATS_STEP_FINISH      "finish"

gboolean kakanai_stats_is_identifier (const char *text);

/* ---- one session, measured in memory ---- */

typedef struct _KakanaiStatsSession KakanaiStatsSession;

KakanaiStatsSession *kakanai_stats_session_new     (void);
/* With explicit times (tests, replay); @start is local or UTC, stored as local time. */
KakanaiStatsSession *kakanai_stats_session_new_at  (GDateTime *start);
void     kakanai_stats_session_free                (KakanaiStatsSession *session);

/* Ends the current step (its time is added to what it had) and starts @step. */
gboolean kakanai_stats_session_enter_step          (KakanaiStatsSession *session, const char *step, GError **error);
gboolean kakanai_stats_session_enter_step_at       (KakanaiStatsSession *session, const char *step, GDateTime *when, GError **error);
gboolean kakanai_stats_session_add_form            (KakanaiStatsSession *session, const char *template_id, GError **error);
gboolean kakanai_stats_session_set_language        (KakanaiStatsSession *session, const char *language, GError **error);
gboolean kakanai_stats_session_set_identity        (KakanaiStatsSession *session, const char *identity, GError **error);
/* Ends the current step and the session. */
void     kakanai_stats_session_end                 (KakanaiStatsSession *session, KakanaiStatsOutcome outcome);
void     kakanai_stats_session_end_at              (KakanaiStatsSession *session, KakanaiStatsOutcome outcome, GDateTime *when);
gboolean kakanai_stats_session_is_ended            (const KakanaiStatsSession *session);
/* Milliseconds spent in @step so far (0 if never entered). */
guint    kakanai_stats_session_get_step_ms         (const KakanaiStatsSession *session, const char *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiStatsSession, kakanai_stats_session_free)

/* ---- the database ---- */

typedef struct _KakanaiStats KakanaiStats;

/* Never fails: the file is opened (and created, with its folder) on first use. */
KakanaiStats *kakanai_stats_new               (const char *path);
/* For reading only (kakanai stats): opens @path read-only now and never creates, moves,
 * converts or migrates it. A read-only copy on read-only media is read as it is. Errors:
 * NOT_FOUND, NOT_STATISTICS (a folder, a FIFO, an empty file, another program's database),
 * CORRUPT (damaged), VERSION (a newer schema), IO. Record functions must not be called. */
KakanaiStats *kakanai_stats_open_read_only    (const char *path, GError **error);
/* Releases the caller's hold; a record_async still running keeps the database until done. */
void          kakanai_stats_free              (KakanaiStats *stats);
const char   *kakanai_stats_get_path          (KakanaiStats *stats);
/* How long to wait for another program's lock (default 1000 ms). */
void          kakanai_stats_set_busy_timeout  (KakanaiStats *stats, guint timeout_ms);
/* Opens now, recovering a corrupt file; the kiosk calls it at start to warn the clerk early. */
gboolean      kakanai_stats_check             (KakanaiStats *stats, GError **error);

/* Writes an ended session, and any session kept from an earlier failure. On failure the
 * session is kept in memory (up to 1000) and the error says why. Thread-safe. */
gboolean      kakanai_stats_record            (KakanaiStats *stats, const KakanaiStatsSession *session, GError **error);
void          kakanai_stats_record_async      (KakanaiStats *stats, const KakanaiStatsSession *session,
                                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean      kakanai_stats_record_finish     (KakanaiStats *stats, GAsyncResult *result, GError **error);
guint         kakanai_stats_get_n_pending     (KakanaiStats *stats);
/* A translated sentence for the clerk about something that happened (a corrupt file moved
 * aside), or NULL. Cleared by reading it. */
char         *kakanai_stats_take_notice       (KakanaiStats *stats);

/* ---- reading ---- */

typedef struct
{
  char *step;
  guint n_sessions;   /* sessions that went through the step */
  guint median_ms;
} KakanaiStatsStepMedian;

typedef struct
{
  guint n_sessions;
  guint n_by_outcome[KAKANAI_STATS_N_OUTCOMES];
  guint n_interview;          /* identified by a clerk, without a card */
  guint median_total_ms;
  GPtrArray *steps;           /* KakanaiStatsStepMedian, flow order first */
} KakanaiStatsSummary;

void kakanai_stats_summary_free (KakanaiStatsSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiStatsSummary, kakanai_stats_summary_free)

/* Sessions that started on local days @from..@to (inclusive; NULL: open-ended). */
KakanaiStatsSummary *kakanai_stats_summarize   (KakanaiStats *stats, GDate *from, GDate *to, GError **error);
KakanaiStatsSummary *kakanai_stats_summarize_today (KakanaiStats *stats, GError **error);
/* One summary over several databases (several counters), medians over all their sessions. */
KakanaiStatsSummary *kakanai_stats_summarize_many  (KakanaiStats * const *stats, guint n_stats,
                                                    GDate *from, GDate *to, GError **error);

/* One line per session: id, day, started_at, ended_at, total_ms, language, identity,
 * outcome, forms (space separated), then one column per step (ms). RFC 4180 quoting. */
gboolean kakanai_stats_export_csv (KakanaiStats *stats, GDate *from, GDate *to,
                                   GOutputStream *out, GError **error);
/* The same over several databases: a first column "database" gives each row's path, and
 * the step columns are those of all of them. */
gboolean kakanai_stats_export_csv_many (KakanaiStats * const *stats, guint n_stats,
                                        GDate *from, GDate *to, GOutputStream *out, GError **error);
/* Parses YYYY-MM-DD into a valid GDate. */
gboolean kakanai_stats_parse_date (const char *text, GDate *date, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiStats, kakanai_stats_free)

G_END_DECLS
