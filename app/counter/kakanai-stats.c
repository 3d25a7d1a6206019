/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-stats.c: the counter's wait-time statistics in SQLite, nothing personal */
#define G_LOG_DOMAIN "kakanai-stats"

#include "config.h"

#include "kakanai-stats.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 1
#define MAX_PENDING 1000
#define MAX_IDENTIFIER 64
#define DEFAULT_BUSY_TIMEOUT_MS 1000

G_DEFINE_QUARK (kakanai-stats-error-quark, kakanai_stats_error)

static const char * const outcome_names[KAKANAI_STATS_N_OUTCOMES] = {
  [KAKANAI_STATS_OUTCOME_PRINTED] = "printed",
  [KAKANAI_STATS_OUTCOME_WRITTEN] = "written",
  [KAKANAI_STATS_OUTCOME_CANCELLED] = "cancelled",
  [KAKANAI_STATS_OUTCOME_TIMED_OUT] = "timed_out",
  [KAKANAI_STATS_OUTCOME_CARD_ERROR] = "card_error",
  [KAKANAI_STATS_OUTCOME_PRINT_ERROR] = "print_error",
  [KAKANAI_STATS_OUTCOME_CLERK_RESET] = "clerk_reset",
  [KAKANAI_STATS_OUTCOME_CARD_REMOVED] = "card_removed",
};

/* The order steps are shown in; steps the kiosk adds later follow alphabetically. */
static const char * const flow_order[] = {
  KAKANAI_STATS_STEP_CHOOSE, KAKANAI_STATS_STEP_CARD, KAKANAI_STATS_STEP_PIN,
  KAKANAI_STATS_STEP_READING, KAKANAI_STATS_STEP_CONFIRM, KAKANAI_STATS_STEP_INTERVIEW,
  KAKANAI_STATS_STEP_SUPPLEMENTS, KAKANAI_STATS_STEP_PREVIEW, KAKANAI_STATS_STEP_FINISH,
};

static const char schema_v1[] =
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  day TEXT NOT NULL,"              /* local YYYY-MM-DD the session started */
  "  started_at TEXT NOT NULL,"       /* ISO 8601, local time with offset */
  "  ended_at TEXT NOT NULL,"
  "  total_ms INTEGER NOT NULL,"
  "  language TEXT NOT NULL,"
  "  identity TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  forms TEXT NOT NULL"             /* template ids, space separated */
  ");"
  "CREATE INDEX IF NOT EXISTS sessions_day ON sessions (day);"
  "CREATE TABLE IF NOT EXISTS session_steps ("
  "  session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  step TEXT NOT NULL,"
  "  duration_ms INTEGER NOT NULL,"
  "  PRIMARY KEY (session_id, step)"
  ");";

const char *
kakanai_stats_outcome_to_string (KakanaiStatsOutcome outcome)
{
  g_return_val_if_fail (outcome < KAKANAI_STATS_N_OUTCOMES, "unknown");
  return outcome_names[outcome];
}

gboolean
kakanai_stats_outcome_from_string (const char *text, KakanaiStatsOutcome *outcome)
{
  for (guint i = 0; i < KAKANAI_STATS_N_OUTCOMES; i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      {
        *outcome = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kakanai_stats_is_identifier (const char *text)
{
  gsize length;

  if (text == NULL || (length = strlen (text)) == 0 || length > MAX_IDENTIFIER)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '-' || *p == '.'))
      return FALSE;
  return TRUE;
}

typedef enum { NAME_STEP, NAME_FORM, NAME_LANGUAGE, NAME_IDENTITY } NameKind;

static gboolean
check_identifier (const char *text, NameKind kind, GError **error)
{
  const char *message;

  if (kakanai_stats_is_identifier (text))
    return TRUE;
  /* Never echo the text: it might be exactly what must not be stored. */
  switch (kind)
    {
    case NAME_STEP:     message = _("A step name for the statistics must be a short identifier (a–z, 0–9, “_”, “-”, “.”)."); break;
    case NAME_FORM:     message = _("A form id for the statistics must be a short identifier (a–z, 0–9, “_”, “-”, “.”)."); break;
    case NAME_LANGUAGE: message = _("A language code for the statistics must be a short identifier (a–z, 0–9, “_”, “-”, “.”)."); break;
    case NAME_IDENTITY:
    default:            message = _("An identity method for the statistics must be a short identifier (a–z, 0–9, “_”, “-”, “.”)."); break;
    }
  g_set_error_literal (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_INVALID, message);
  return FALSE;
}

/* ---- KakanaiStatsSession ---- */

struct _KakanaiStatsSession
{
  GDateTime *start;
  GDateTime *end;
  char *current_step;
  GDateTime *step_started;
  GPtrArray *step_names;   /* in the order first entered */
  GHashTable *step_ms;     /* step name -> GUINT_TO_POINTER (ms) */
  GPtrArray *forms;
  char *language;
  char *identity;
  KakanaiStatsOutcome outcome;
};

KakanaiStatsSession *
kakanai_stats_session_new_at (GDateTime *start)
{
  KakanaiStatsSession *session = g_new0 (KakanaiStatsSession, 1);

  session->start = g_date_time_to_local (start);
  session->step_names = g_ptr_array_new_with_free_func (g_free);
  session->step_ms = g_hash_table_new (g_str_hash, g_str_equal);
  session->forms = g_ptr_array_new_with_free_func (g_free);
  session->language = g_strdup ("ja");
  session->identity = g_strdup (KAKANAI_STATS_IDENTITY_CARD);
  return session;
}

KakanaiStatsSession *
kakanai_stats_session_new (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return kakanai_stats_session_new_at (now);
}

void
kakanai_stats_session_free (KakanaiStatsSession *session)
{
  if (session == NULL)
    return;
  g_clear_pointer (&session->start, g_date_time_unref);
  g_clear_pointer (&session->end, g_date_time_unref);
  g_clear_pointer (&session->step_started, g_date_time_unref);
  g_free (session->current_step);
  g_hash_table_unref (session->step_ms);
  g_ptr_array_unref (session->step_names);
  g_ptr_array_unref (session->forms);
  g_free (session->language);
  g_free (session->identity);
  g_free (session);
}

static guint
milliseconds_between (GDateTime *from, GDateTime *to)
{
  GTimeSpan span = g_date_time_difference (to, from);

  /* A clock set back mid-session must not produce a negative time. */
  return span > 0 ? (guint) MIN (span / G_TIME_SPAN_MILLISECOND, G_MAXUINT) : 0;
}

static void
close_current_step (KakanaiStatsSession *session, GDateTime *when)
{
  guint spent;

  if (session->current_step == NULL)
    return;
  spent = milliseconds_between (session->step_started, when);
  spent += GPOINTER_TO_UINT (g_hash_table_lookup (session->step_ms, session->current_step));
  g_hash_table_insert (session->step_ms, session->current_step, GUINT_TO_POINTER (spent));
  session->current_step = NULL; /* owned by step_names */
  g_clear_pointer (&session->step_started, g_date_time_unref);
}

gboolean
kakanai_stats_session_enter_step_at (KakanaiStatsSession *session, const char *step,
                                     GDateTime *when, GError **error)
{
  char *name;

  g_return_val_if_fail (session != NULL && session->end == NULL, FALSE);
  if (!check_identifier (step, NAME_STEP, error))
    return FALSE;
  close_current_step (session, when);
  name = NULL;
  for (guint i = 0; i < session->step_names->len && name == NULL; i++)
    if (g_str_equal (g_ptr_array_index (session->step_names, i), step))
      name = g_ptr_array_index (session->step_names, i);
  if (name == NULL)
    {
      name = g_strdup (step);
      g_ptr_array_add (session->step_names, name);
      g_hash_table_insert (session->step_ms, name, GUINT_TO_POINTER (0));
    }
  session->current_step = name;
  session->step_started = g_date_time_ref (when);
  return TRUE;
}

gboolean
kakanai_stats_session_enter_step (KakanaiStatsSession *session, const char *step, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return kakanai_stats_session_enter_step_at (session, step, now, error);
}

gboolean
kakanai_stats_session_add_form (KakanaiStatsSession *session, const char *template_id, GError **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  if (!check_identifier (template_id, NAME_FORM, error))
    return FALSE;
  for (guint i = 0; i < session->forms->len; i++)
    if (g_str_equal (g_ptr_array_index (session->forms, i), template_id))
      return TRUE;
  g_ptr_array_add (session->forms, g_strdup (template_id));
  return TRUE;
}

static gboolean
replace_identifier (char **field, const char *value, NameKind kind, GError **error)
{
  if (!check_identifier (value, kind, error))
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gboolean
kakanai_stats_session_set_language (KakanaiStatsSession *session, const char *language, GError **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  return replace_identifier (&session->language, language, NAME_LANGUAGE, error);
}

gboolean
kakanai_stats_session_set_identity (KakanaiStatsSession *session, const char *identity, GError **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  return replace_identifier (&session->identity, identity, NAME_IDENTITY, error);
}

void
kakanai_stats_session_end_at (KakanaiStatsSession *session, KakanaiStatsOutcome outcome, GDateTime *when)
{
  g_return_if_fail (session != NULL && session->end == NULL);
  g_return_if_fail (outcome < KAKANAI_STATS_N_OUTCOMES);
  close_current_step (session, when);
  session->end = g_date_time_to_local (when);
  session->outcome = outcome;
}

void
kakanai_stats_session_end (KakanaiStatsSession *session, KakanaiStatsOutcome outcome)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  kakanai_stats_session_end_at (session, outcome, now);
}

gboolean
kakanai_stats_session_is_ended (const KakanaiStatsSession *session)
{
  return session->end != NULL;
}

guint
kakanai_stats_session_get_step_ms (const KakanaiStatsSession *session, const char *step)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (session->step_ms, step));
}

/* ---- a row waiting to be written: a copy, so the kiosk may free its session ---- */

typedef struct
{
  char *day;
  char *started_at;
  char *ended_at;
  gint64 total_ms;
  char *language;
  char *identity;
  char *outcome;
  char *forms;
  GPtrArray *step_names;
  GArray *step_ms;
} PendingRow;

static void
pending_row_free (PendingRow *row)
{
  g_free (row->day);
  g_free (row->started_at);
  g_free (row->ended_at);
  g_free (row->language);
  g_free (row->identity);
  g_free (row->outcome);
  g_free (row->forms);
  g_ptr_array_unref (row->step_names);
  g_array_unref (row->step_ms);
  g_free (row);
}

static PendingRow *
pending_row_new (const KakanaiStatsSession *session)
{
  PendingRow *row = g_new0 (PendingRow, 1);

  row->day = g_date_time_format (session->start, "%Y-%m-%d");
  row->started_at = g_date_time_format (session->start, "%Y-%m-%dT%H:%M:%S%:z");
  row->ended_at = g_date_time_format (session->end, "%Y-%m-%dT%H:%M:%S%:z");
  row->total_ms = milliseconds_between (session->start, session->end);
  row->language = g_strdup (session->language);
  row->identity = g_strdup (session->identity);
  row->outcome = g_strdup (outcome_names[session->outcome]);
  g_ptr_array_add (session->forms, NULL);
  row->forms = g_strjoinv (" ", (char **) session->forms->pdata);
  g_ptr_array_remove_index (session->forms, session->forms->len - 1);
  row->step_names = g_ptr_array_new_with_free_func (g_free);
  row->step_ms = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < session->step_names->len; i++)
    {
      const char *step = g_ptr_array_index (session->step_names, i);
      guint ms = kakanai_stats_session_get_step_ms (session, step);

      g_ptr_array_add (row->step_names, g_strdup (step));
      g_array_append_val (row->step_ms, ms);
    }
  return row;
}

/* ---- KakanaiStats ---- */

struct _KakanaiStats
{
  gatomicrefcount ref;  /* the owner's, plus one per record in flight */
  char *path;
  gboolean read_only; /* kakanai_stats_open_read_only: opened once, never written */
  guint busy_timeout_ms;
  GMutex lock;        /* guards everything below */
  sqlite3 *db;
  GQueue pending;     /* PendingRow, oldest first */
  char *notice;
};

KakanaiStats *
kakanai_stats_new (const char *path)
{
  KakanaiStats *stats;

  g_return_val_if_fail (path != NULL, NULL);
  stats = g_new0 (KakanaiStats, 1);
  g_atomic_ref_count_init (&stats->ref);
  stats->path = g_strdup (path);
  stats->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
  g_mutex_init (&stats->lock);
  g_queue_init (&stats->pending);
  return stats;
}

static void
close_database (KakanaiStats *stats)
{
  /* sqlite3_close_v2 finishes once the last statement is finalized; we keep none. */
  g_clear_pointer (&stats->db, sqlite3_close_v2);
}

static KakanaiStats *
stats_ref (KakanaiStats *stats)
{
  g_atomic_ref_count_inc (&stats->ref);
  return stats;
}

void
kakanai_stats_free (KakanaiStats *stats)
{
  if (stats == NULL || !g_atomic_ref_count_dec (&stats->ref))
    return;
  if (stats->pending.length > 0)
    g_warning ("%u statistics sessions could not be written and are lost", stats->pending.length);
  close_database (stats);
  g_queue_clear_full (&stats->pending, (GDestroyNotify) pending_row_free);
  g_free (stats->notice);
  g_free (stats->path);
  g_mutex_clear (&stats->lock);
  g_free (stats);
}

const char *
kakanai_stats_get_path (KakanaiStats *stats)
{
  return stats->path;
}

void
kakanai_stats_set_busy_timeout (KakanaiStats *stats, guint timeout_ms)
{
  g_mutex_lock (&stats->lock);
  stats->busy_timeout_ms = timeout_ms;
  if (stats->db != NULL)
    sqlite3_busy_timeout (stats->db, (int) timeout_ms);
  g_mutex_unlock (&stats->lock);
}

guint
kakanai_stats_get_n_pending (KakanaiStats *stats)
{
  guint n;

  g_mutex_lock (&stats->lock);
  n = stats->pending.length;
  g_mutex_unlock (&stats->lock);
  return n;
}

char *
kakanai_stats_take_notice (KakanaiStats *stats)
{
  char *notice;

  g_mutex_lock (&stats->lock);
  notice = g_steal_pointer (&stats->notice);
  g_mutex_unlock (&stats->lock);
  return notice;
}

static gboolean
is_corruption (int code)
{
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

typedef enum { ACTION_OPEN, ACTION_WRITE, ACTION_READ } DatabaseAction;

static void
set_sqlite_error (GError **error, KakanaiStats *stats, int code, DatabaseAction action)
{
  const char *detail = stats->db ? sqlite3_errmsg (stats->db) : sqlite3_errstr (code);
  int primary = code & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_LOCKED,
                 _("The statistics database %s is locked by another program; the session is kept and will be written later."),
                 stats->path);
  else if (is_corruption (code))
    g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_CORRUPT,
                 _("The statistics database %s is damaged (%s)."), stats->path, detail);
  else if (action == ACTION_OPEN)
    g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                 _("Cannot open the statistics database %s: %s"), stats->path, detail);
  else if (action == ACTION_WRITE)
    g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                 _("Cannot write to the statistics database %s: %s"), stats->path, detail);
  else
    g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                 _("Cannot read the statistics database %s: %s"), stats->path, detail);
}

static int
exec_sql (sqlite3 *db, const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/* Runs a one-value query; SQLITE_ROW becomes SQLITE_OK. */
static int
query_text (sqlite3 *db, const char *sql, char **value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static int
check_integrity (sqlite3 *db)
{
  g_autofree char *result = NULL;
  int rc = query_text (db, "PRAGMA quick_check", &result);

  if (rc == SQLITE_OK && g_strcmp0 (result, "ok") != 0)
    return SQLITE_CORRUPT;
  return rc;
}

static int
migrate (sqlite3 *db, int *version)
{
  g_autofree char *text = NULL;
  int rc = query_text (db, "PRAGMA user_version", &text);

  if (rc != SQLITE_OK)
    return rc;
  *version = text ? atoi (text) : 0;
  if (*version == SCHEMA_VERSION || *version > SCHEMA_VERSION)
    return SQLITE_OK;
  /* Future versions add steps here: if (*version < 2) ... */
  rc = exec_sql (db, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK)
    rc = exec_sql (db, schema_v1);
  if (rc == SQLITE_OK)
    rc = exec_sql (db, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION));
  if (rc == SQLITE_OK)
    rc = exec_sql (db, "COMMIT");
  else
    exec_sql (db, "ROLLBACK");
  if (rc == SQLITE_OK)
    *version = SCHEMA_VERSION;
  return rc;
}

/* Opens and prepares the file; an SQLite result code. */
static int
open_and_prepare (KakanaiStats *stats, int *version)
{
  g_autofree char *mode = NULL;
  int rc;

  rc = sqlite3_open_v2 (stats->path, &stats->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_busy_timeout (stats->db, (int) stats->busy_timeout_ms);
  rc = query_text (stats->db, "PRAGMA journal_mode = WAL", &mode);
  if (rc == SQLITE_OK && g_strcmp0 (mode, "wal") != 0 && g_strcmp0 (stats->path, ":memory:") != 0)
    g_warning ("statistics database: journal mode is %s, not wal", mode);
  if (rc == SQLITE_OK)
    rc = exec_sql (stats->db, "PRAGMA synchronous = FULL");
  if (rc == SQLITE_OK)
    rc = exec_sql (stats->db, "PRAGMA foreign_keys = ON");
  if (rc == SQLITE_OK)
    rc = check_integrity (stats->db);
  if (rc == SQLITE_OK)
    rc = migrate (stats->db, version);
  return rc;
}

static char *
free_corrupt_name (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *candidate = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (candidate, G_FILE_TEST_EXISTS); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  return candidate;
}

/* Moves the damaged file (with its WAL) aside; the caller then starts a new one. */
static gboolean
move_corrupt_aside (KakanaiStats *stats, GError **error)
{
  g_autofree char *aside = free_corrupt_name (stats->path);

  close_database (stats);
  if (g_rename (stats->path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_CORRUPT,
                   _("The statistics database %s is damaged and cannot be moved aside: %s"),
                   stats->path, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *suffix = i == 0 ? "-wal" : "-shm";
      g_autofree char *from = g_strconcat (stats->path, suffix, NULL);
      g_autofree char *to = g_strconcat (aside, suffix, NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_unlink (from);
    }
  g_warning ("statistics database was damaged; moved to %s", aside);
  g_free (stats->notice);
  stats->notice = g_strdup_printf (_("The statistics database was damaged. It was moved to %s and a new one was started."),
                                   aside);
  return TRUE;
}

static gboolean
ensure_folder (KakanaiStats *stats, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (stats->path);

  if (g_mkdir_with_parents (folder, 0750) != 0)
    {
      int saved = errno;
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                   _("Cannot create the folder %s for the statistics database: %s"),
                   folder, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* With stats->lock held. */
static gboolean
ensure_open (KakanaiStats *stats, GError **error)
{
  int version = 0;
  int rc;

  if (stats->db != NULL)
    return TRUE;
  if (stats->read_only)
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                   _("Cannot read the statistics database %s: it was closed after an error."), stats->path);
      return FALSE;
    }
  if (!ensure_folder (stats, error))
    return FALSE;
  rc = open_and_prepare (stats, &version);
  if (is_corruption (rc))
    {
      if (!move_corrupt_aside (stats, error))
        return FALSE;
      rc = open_and_prepare (stats, &version);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, stats, rc, ACTION_OPEN);
      close_database (stats);
      return FALSE;
    }
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_VERSION,
                   _("The statistics database %s was made by a newer version of Kakanai (schema %d); it is left untouched."),
                   stats->path, version);
      close_database (stats);
      return FALSE;
    }
  return TRUE;
}

/* ---- reading only ---- */

static gboolean
check_regular_file (const char *path, GError **error)
{
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_FOUND,
                     _("There is no statistics database at %s. Check the path (--db, or [statistics] database in the configuration); the kiosk creates it when its first session ends."),
                     path);
      else
        g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                     _("Cannot read the statistics database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  /* A FIFO or a device would block or never end: only a regular file is opened. */
  if (!S_ISREG (info.st_mode))
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_STATISTICS,
                   _("%s is not a regular file, so not a statistics database. Give the path of the kiosk's statistics.sqlite."),
                   path);
      return FALSE;
    }
  if (info.st_size == 0)
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_STATISTICS,
                   _("%s is empty: not a Kakanai statistics database. Give the path of the kiosk's statistics.sqlite."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* file: URI for @path; mode=ro, or immutable=1 for media nobody can write (no -shm then). */
static char *
read_only_uri (const char *path, gboolean immutable)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);

  return g_strconcat ("file:", escaped, immutable ? "?immutable=1" : "?mode=ro", NULL);
}

static int
open_read_only_with (KakanaiStats *stats, gboolean immutable, int *version)
{
  g_autofree char *uri = read_only_uri (stats->path, immutable);
  g_autofree char *text = NULL;
  int rc;

  close_database (stats);
  rc = sqlite3_open_v2 (uri, &stats->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_busy_timeout (stats->db, (int) stats->busy_timeout_ms);
  rc = check_integrity (stats->db);
  if (rc == SQLITE_OK)
    rc = query_text (stats->db, "PRAGMA user_version", &text);
  if (rc == SQLITE_OK)
    *version = text ? atoi (text) : 0;
  return rc;
}

/* The reading functions' tables, with the columns they read: a foreign file says so here
 * rather than with an SQL error later. */
static gboolean
has_statistics_tables (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (db,
                                    "SELECT s.id, s.day, s.started_at, s.ended_at, s.total_ms, s.language,"
                                    " s.identity, s.outcome, s.forms, st.session_id, st.step, st.duration_ms"
                                    " FROM sessions s, session_steps st LIMIT 0", -1, &stmt, NULL) == SQLITE_OK;

  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
open_read_only (KakanaiStats *stats, GError **error)
{
  g_autofree char *wal = g_strconcat (stats->path, "-wal", NULL);
  gboolean in_use = g_file_test (wal, G_FILE_TEST_EXISTS);
  int version = 0;
  int rc;

  /* The last connection to close removes the WAL: without one, no kiosk has the file open
   * (it keeps its connection for its lifetime), and reading it as immutable creates no
   * -wal or -shm beside it. With one, the WAL holds sessions not yet in the main file: read
   * it in read-only mode, through the shared memory index the kiosk made. */
  rc = open_read_only_with (stats, !in_use, &version);
  if (in_use && ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY))
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO,
                   _("Cannot read the statistics database %s with its journal %s: %s. Copy the database while the kiosk is stopped, or read it where it can be written."),
                   stats->path, wal, stats->db ? sqlite3_errmsg (stats->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  if (is_corruption (rc))
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_CORRUPT,
                   _("The statistics database %s is damaged (%s). Read a backup copy; the kiosk moves a damaged database aside and starts a new one when it next starts."),
                   stats->path, stats->db ? sqlite3_errmsg (stats->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, stats, rc, ACTION_READ);
      return FALSE;
    }
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_VERSION,
                   _("The statistics database %s was made by a newer version of Kakanai (schema %d, this one reads %d); read it with that version, or update Kakanai here."),
                   stats->path, version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version < 1 || !has_statistics_tables (stats->db))
    {
      g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_STATISTICS,
                   _("%s is not a Kakanai statistics database. Give the path of the kiosk's statistics.sqlite."),
                   stats->path);
      return FALSE;
    }
  return TRUE;
}

KakanaiStats *
kakanai_stats_open_read_only (const char *path, GError **error)
{
  g_autoptr(KakanaiStats) stats = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  if (!check_regular_file (path, error))
    return NULL;
  stats = kakanai_stats_new (path);
  stats->read_only = TRUE;
  if (!open_read_only (stats, error))
    return NULL;
  return g_steal_pointer (&stats);
}

gboolean
kakanai_stats_check (KakanaiStats *stats, GError **error)
{
  gboolean ok;

  g_mutex_lock (&stats->lock);
  ok = ensure_open (stats, error);
  g_mutex_unlock (&stats->lock);
  return ok;
}

static int
insert_row (sqlite3 *db, const PendingRow *row)
{
  static const char insert_session[] =
    "INSERT INTO sessions (day, started_at, ended_at, total_ms, language, identity, outcome, forms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static const char insert_step[] =
    "INSERT INTO session_steps (session_id, step, duration_ms) VALUES (?, ?, ?)";
  sqlite3_stmt *stmt = NULL;
  sqlite3_int64 session_id;
  int rc;

  rc = sqlite3_prepare_v2 (db, insert_session, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, row->day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row->started_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->ended_at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, row->total_ms);
  sqlite3_bind_text (stmt, 5, row->language, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->identity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, row->outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, row->forms, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  session_id = sqlite3_last_insert_rowid (db);

  rc = sqlite3_prepare_v2 (db, insert_step, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  for (guint i = 0; i < row->step_names->len && rc == SQLITE_OK; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, session_id);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (row->step_names, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_array_index (row->step_ms, guint, i));
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Writes every pending row in one transaction; an SQLite result code. */
static int
write_pending (KakanaiStats *stats)
{
  int rc = exec_sql (stats->db, "BEGIN IMMEDIATE");

  for (GList *l = stats->pending.head; l != NULL && rc == SQLITE_OK; l = l->next)
    rc = insert_row (stats->db, l->data);
  if (rc == SQLITE_OK)
    rc = exec_sql (stats->db, "COMMIT");
  if (rc != SQLITE_OK && !sqlite3_get_autocommit (stats->db))
    exec_sql (stats->db, "ROLLBACK");
  if (rc == SQLITE_OK)
    g_queue_clear_full (&stats->pending, (GDestroyNotify) pending_row_free);
  return rc;
}

/* With stats->lock held. */
static gboolean
flush_pending (KakanaiStats *stats, GError **error)
{
  int rc;

  g_return_val_if_fail (!stats->read_only, FALSE);
  if (!ensure_open (stats, error))
    return FALSE;
  rc = write_pending (stats);
  if (is_corruption (rc))
    {
      if (!move_corrupt_aside (stats, error) || !ensure_open (stats, error))
        return FALSE;
      rc = write_pending (stats);
    }
  if (rc != SQLITE_OK)
    {
      int primary = rc & 0xff;

      set_sqlite_error (error, stats, rc, ACTION_WRITE);
      /* A lock passes; anything else may need a fresh connection next time. */
      if (primary != SQLITE_BUSY && primary != SQLITE_LOCKED)
        close_database (stats);
      return FALSE;
    }
  return TRUE;
}

gboolean
kakanai_stats_record (KakanaiStats *stats, const KakanaiStatsSession *session, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (stats != NULL && session != NULL, FALSE);
  g_return_val_if_fail (session->end != NULL, FALSE);

  g_mutex_lock (&stats->lock);
  g_queue_push_tail (&stats->pending, pending_row_new (session));
  while (stats->pending.length > MAX_PENDING)
    {
      g_warning ("statistics: the oldest unwritten session is dropped");
      pending_row_free (g_queue_pop_head (&stats->pending));
    }
  ok = flush_pending (stats, error);
  g_mutex_unlock (&stats->lock);
  return ok;
}

typedef struct
{
  KakanaiStats *stats;
  PendingRow *row;
} RecordTask;

static void
record_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RecordTask *record = task_data;
  KakanaiStats *stats = record->stats;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&stats->lock);
  g_queue_push_tail (&stats->pending, g_steal_pointer (&record->row));
  ok = flush_pending (stats, &error);
  g_mutex_unlock (&stats->lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
record_task_free (gpointer data)
{
  RecordTask *record = data;

  g_clear_pointer (&record->row, pending_row_free);
  kakanai_stats_free (record->stats);
  g_free (record);
}

void
kakanai_stats_record_async (KakanaiStats *stats, const KakanaiStatsSession *session,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RecordTask *record = g_new0 (RecordTask, 1);

  g_return_if_fail (session->end != NULL);
  record->stats = stats_ref (stats);
  record->row = pending_row_new (session);
  g_task_set_source_tag (task, kakanai_stats_record_async);
  g_task_set_task_data (task, record, record_task_free);
  g_task_run_in_thread (task, record_in_thread);
}

gboolean
kakanai_stats_record_finish (KakanaiStats *stats, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- reading ---- */

gboolean
kakanai_stats_parse_date (const char *text, GDate *date, GError **error)
{
  unsigned year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text != NULL && strlen (text) == 10
      && sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3
      && g_date_valid_dmy (day, month, year))
    {
      g_date_set_dmy (date, day, month, year);
      return TRUE;
    }
  g_set_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_INVALID,
               _("“%s” is not a date of the form YYYY-MM-DD."), text ? text : "");
  return FALSE;
}

static char *
format_date (GDate *date)
{
  char buffer[16];

  if (date == NULL || !g_date_valid (date))
    return NULL;
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

static gboolean
prepare_range_query (KakanaiStats *stats, const char *sql, GDate *from, GDate *to,
                     sqlite3_stmt **stmt, GError **error)
{
  g_autofree char *from_text = format_date (from);
  g_autofree char *to_text = format_date (to);
  int rc;

  if (!ensure_open (stats, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (stats->db, sql, -1, stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, stats, rc, ACTION_READ);
      return FALSE;
    }
  sqlite3_bind_text (*stmt, 1, from_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (*stmt, 2, to_text, -1, SQLITE_TRANSIENT);
  return TRUE;
}

#define RANGE_CONDITION "(?1 IS NULL OR s.day >= ?1) AND (?2 IS NULL OR s.day <= ?2)"

/* Finalizes the query of prepare_range_query(); @rc is its last sqlite3_step(): anything
 * but SQLITE_DONE (a damaged file, a locked database) is a read error. */
static gboolean
finish_range_query (KakanaiStats *stats, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, stats, rc, ACTION_READ);
      return FALSE;
    }
  return TRUE;
}

static int
flow_rank (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (flow_order); i++)
    if (g_str_equal (flow_order[i], step))
      return (int) i;
  return G_N_ELEMENTS (flow_order);
}

static int
compare_steps (const char *a, const char *b)
{
  int rank_a = flow_rank (a), rank_b = flow_rank (b);

  return rank_a != rank_b ? rank_a - rank_b : strcmp (a, b);
}

static int
compare_step_medians (gconstpointer a, gconstpointer b)
{
  const KakanaiStatsStepMedian *x = *(KakanaiStatsStepMedian * const *) a;
  const KakanaiStatsStepMedian *y = *(KakanaiStatsStepMedian * const *) b;

  return compare_steps (x->step, y->step);
}

static int
compare_step_names (gconstpointer a, gconstpointer b)
{
  return compare_steps (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static guint
median_of (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return 0;
  g_array_sort (values, compare_uint);
  if (n % 2 == 1)
    return g_array_index (values, guint, n / 2);
  return (guint) (((guint64) g_array_index (values, guint, n / 2 - 1)
                   + g_array_index (values, guint, n / 2)) / 2);
}

void
kakanai_stats_summary_free (KakanaiStatsSummary *summary)
{
  if (summary == NULL)
    return;
  g_ptr_array_unref (summary->steps);
  g_free (summary);
}

static void
step_median_free (KakanaiStatsStepMedian *median)
{
  g_free (median->step);
  g_free (median);
}

static void
guint_array_free (gpointer array)
{
  g_array_unref (array);
}

/* A duration read back: a crafted file may hold anything in the column. */
static guint
column_ms (sqlite3_stmt *stmt, int column)
{
  sqlite3_int64 ms = sqlite3_column_int64 (stmt, column);

  return (guint) CLAMP (ms, 0, (sqlite3_int64) G_MAXUINT);
}

/* What the summary is computed from, gathered over one database or several. */
typedef struct
{
  GArray *totals;        /* guint ms per session */
  GHashTable *by_step;   /* step -> GArray of guint ms */
} SummaryValues;

static gboolean
gather_sessions (KakanaiStats *stats, GDate *from, GDate *to, KakanaiStatsSummary *summary,
                 SummaryValues *values, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare_range_query (stats, "SELECT s.total_ms, s.outcome, s.identity FROM sessions s WHERE "
                            RANGE_CONDITION, from, to, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint total = column_ms (stmt, 0);
      KakanaiStatsOutcome outcome;

      summary->n_sessions++;
      g_array_append_val (values->totals, total);
      if (kakanai_stats_outcome_from_string ((const char *) sqlite3_column_text (stmt, 1), &outcome))
        summary->n_by_outcome[outcome]++;
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), KAKANAI_STATS_IDENTITY_INTERVIEW) == 0)
        summary->n_interview++;
    }
  return finish_range_query (stats, stmt, rc, error);
}

static gboolean
gather_steps (KakanaiStats *stats, GDate *from, GDate *to, SummaryValues *values, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare_range_query (stats, "SELECT st.step, st.duration_ms FROM session_steps st"
                            " JOIN sessions s ON s.id = st.session_id WHERE " RANGE_CONDITION
                            " AND st.step IS NOT NULL", from, to, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *step = (const char *) sqlite3_column_text (stmt, 0);
      guint ms = column_ms (stmt, 1);
      GArray *durations;

      if (step == NULL) /* out of memory converting the value */
        continue;
      durations = g_hash_table_lookup (values->by_step, step);
      if (durations == NULL)
        {
          durations = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (values->by_step, g_strdup (step), durations);
        }
      g_array_append_val (durations, ms);
    }
  return finish_range_query (stats, stmt, rc, error);
}

static void
finish_summary (KakanaiStatsSummary *summary, SummaryValues *values)
{
  GHashTableIter iter;
  gpointer key, value;

  summary->median_total_ms = median_of (values->totals);
  g_hash_table_iter_init (&iter, values->by_step);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KakanaiStatsStepMedian *median = g_new0 (KakanaiStatsStepMedian, 1);

      median->step = g_strdup (key);
      median->n_sessions = ((GArray *) value)->len;
      median->median_ms = median_of (value);
      g_ptr_array_add (summary->steps, median);
    }
  g_ptr_array_sort (summary->steps, compare_step_medians);
}

KakanaiStatsSummary *
kakanai_stats_summarize_many (KakanaiStats * const *stats, guint n_stats, GDate *from, GDate *to,
                              GError **error)
{
  g_autoptr(KakanaiStatsSummary) summary = g_new0 (KakanaiStatsSummary, 1);
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) by_step = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, guint_array_free);
  SummaryValues values = { totals, by_step };
  gboolean ok = TRUE;

  summary->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_median_free);
  for (guint i = 0; i < n_stats && ok; i++)
    {
      g_mutex_lock (&stats[i]->lock);
      ok = gather_sessions (stats[i], from, to, summary, &values, error)
           && gather_steps (stats[i], from, to, &values, error);
      g_mutex_unlock (&stats[i]->lock);
    }
  if (!ok)
    return NULL;
  finish_summary (summary, &values);
  return g_steal_pointer (&summary);
}

KakanaiStatsSummary *
kakanai_stats_summarize (KakanaiStats *stats, GDate *from, GDate *to, GError **error)
{
  return kakanai_stats_summarize_many (&stats, 1, from, to, error);
}

KakanaiStatsSummary *
kakanai_stats_summarize_today (KakanaiStats *stats, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return kakanai_stats_summarize (stats, &today, &today, error);
}

/* ---- CSV ---- */

static void
append_csv_field (GString *line, const char *value, gboolean first)
{
  if (!first)
    g_string_append_c (line, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* session id -> (step -> ms), and the steps seen (added to @columns once each). */
static gboolean
load_steps_for_csv (KakanaiStats *stats, GDate *from, GDate *to, GHashTable *per_session,
                    GHashTable *seen, GPtrArray *columns, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare_range_query (stats, "SELECT st.session_id, st.step, st.duration_ms FROM session_steps st"
                            " JOIN sessions s ON s.id = st.session_id WHERE " RANGE_CONDITION
                            " AND st.step IS NOT NULL", from, to, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *step = (const char *) sqlite3_column_text (stmt, 1);
      GHashTable *steps = g_hash_table_lookup (per_session, &id);

      if (step == NULL)
        continue;
      if (steps == NULL)
        {
          gint64 *key = g_new (gint64, 1);
          *key = id;
          steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (per_session, key, steps);
        }
      g_hash_table_insert (steps, g_strdup (step),
                           g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 2)));
      if (!g_hash_table_contains (seen, step))
        {
          char *copy = g_strdup (step);
          g_ptr_array_add (columns, copy);
          g_hash_table_add (seen, copy);
        }
    }
  return finish_range_query (stats, stmt, rc, error);
}

static gboolean
write_line (GOutputStream *out, GString *line, GError **error)
{
  g_string_append (line, "\r\n");
  return g_output_stream_write_all (out, line->str, line->len, NULL, NULL, error);
}

static const char * const csv_fixed_columns[] = {
  "id", "day", "started_at", "ended_at", "total_ms", "language", "identity", "outcome", "forms",
};

/* The rows of one database; @source, when not NULL, goes first on each. */
static gboolean
write_csv_rows (KakanaiStats *stats, const char *source, GDate *from, GDate *to,
                GHashTable *per_session, GPtrArray *columns, GOutputStream *out, GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare_range_query (stats, "SELECT s.id, s.day, s.started_at, s.ended_at, s.total_ms,"
                            " s.language, s.identity, s.outcome, s.forms FROM sessions s WHERE "
                            RANGE_CONDITION " ORDER BY s.started_at, s.id", from, to, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GHashTable *steps = g_hash_table_lookup (per_session, &id);

      g_string_truncate (line, 0);
      if (source != NULL)
        append_csv_field (line, source, TRUE);
      for (int c = 0; c < (int) G_N_ELEMENTS (csv_fixed_columns); c++)
        append_csv_field (line, (const char *) sqlite3_column_text (stmt, c), c == 0 && source == NULL);
      for (guint i = 0; i < columns->len; i++)
        append_csv_field (line, steps ? g_hash_table_lookup (steps, g_ptr_array_index (columns, i)) : NULL,
                          FALSE);
      if (!write_line (out, line, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  return finish_range_query (stats, stmt, rc, error);
}

static GHashTable *
new_per_session_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_hash_table_unref);
}

static gboolean
export_csv_locked (KakanaiStats * const *stats, guint n_stats, GDate *from, GDate *to,
                   GOutputStream *out, GError **error)
{
  g_autoptr(GPtrArray) per_session = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean with_source = n_stats > 1;

  for (guint i = 0; i < n_stats; i++)
    {
      g_ptr_array_add (per_session, new_per_session_table ());
      if (!load_steps_for_csv (stats[i], from, to, g_ptr_array_index (per_session, i), seen, columns, error))
        return FALSE;
    }
  g_ptr_array_sort (columns, compare_step_names);
  if (with_source)
    append_csv_field (line, "database", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (csv_fixed_columns); i++)
    append_csv_field (line, csv_fixed_columns[i], i == 0 && !with_source);
  for (guint i = 0; i < columns->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_ms", (char *) g_ptr_array_index (columns, i));
      append_csv_field (line, name, FALSE);
    }
  if (!write_line (out, line, error))
    return FALSE;
  for (guint i = 0; i < n_stats; i++)
    if (!write_csv_rows (stats[i], with_source ? stats[i]->path : NULL, from, to,
                         g_ptr_array_index (per_session, i), columns, out, error))
      return FALSE;
  return TRUE;
}

gboolean
kakanai_stats_export_csv_many (KakanaiStats * const *stats, guint n_stats, GDate *from, GDate *to,
                               GOutputStream *out, GError **error)
{
  gboolean ok;

  for (guint i = 0; i < n_stats; i++)
    g_mutex_lock (&stats[i]->lock);
  ok = export_csv_locked (stats, n_stats, from, to, out, error);
  for (guint i = n_stats; i > 0; i--)
    g_mutex_unlock (&stats[i - 1]->lock);
  return ok;
}

gboolean
kakanai_stats_export_csv (KakanaiStats *stats, GDate *from, GDate *to, GOutputStream *out,
                          GError **error)
{
  return kakanai_stats_export_csv_many (&stats, 1, from, to, out, error);
}
