/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stats.c: the statistics database: rows, WAL, locks, corruption, summaries, CSV */
#define G_LOG_DOMAIN "test-stats"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kakanai-stats.h"
#include "test-temp-dir.h"

typedef struct
{
  char *dir;
  char *path;
  KakanaiStats *stats;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_temp_dir_new ("kakanai-stats-XXXXXX");
  f->path = g_build_filename (f->dir, "sub", "statistics.sqlite", NULL);
  f->stats = kakanai_stats_new (f->path);
  kakanai_stats_set_busy_timeout (f->stats, 100);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->stats, kakanai_stats_free);
  test_temp_dir_remove (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GDateTime *
at (int day, int hour, int minute, double seconds)
{
  return g_date_time_new_local (2026, 4, day, hour, minute, seconds);
}

/* A scripted session on 2026-04-DAY at 10:00: choose 20 s, card 5 s, pin (PIN_S), supplements 30 s. */
static KakanaiStatsSession *
scripted_session (int day, double pin_seconds, KakanaiStatsOutcome outcome)
{
  g_autoptr(GDateTime) start = at (day, 10, 0, 0);
  g_autoptr(GDateTime) card = at (day, 10, 0, 20);
  g_autoptr(GDateTime) pin = at (day, 10, 0, 25);
  g_autoptr(GDateTime) supplements = g_date_time_add_seconds (pin, pin_seconds);
  g_autoptr(GDateTime) end = g_date_time_add_seconds (supplements, 30);
  KakanaiStatsSession *session = kakanai_stats_session_new_at (start);
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_CHOOSE, start, &error));
  g_assert_true (kakanai_stats_session_add_form (session, "juminhyo", &error));
  g_assert_true (kakanai_stats_session_add_form (session, "inkan-toroku", &error));
  g_assert_true (kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_CARD, card, &error));
  g_assert_true (kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_PIN, pin, &error));
  g_assert_true (kakanai_stats_session_enter_step_at (session, KAKANAI_STATS_STEP_SUPPLEMENTS, supplements, &error));
  g_assert_true (kakanai_stats_session_set_language (session, "en", &error));
  g_assert_no_error (error);
  kakanai_stats_session_end_at (session, outcome, end);
  return session;
}

static sqlite3 *
open_side_connection (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
record_ok (Fixture *f, KakanaiStatsSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_stats_record (f->stats, session, &error));
  g_assert_no_error (error);
}

static void
test_session_rows (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 12.5, KAKANAI_STATS_OUTCOME_PRINTED);
  sqlite3 *db;
  g_autofree char *started = NULL, *forms = NULL, *outcome = NULL, *language = NULL, *day = NULL;

  g_assert_cmpuint (kakanai_stats_session_get_step_ms (session, KAKANAI_STATS_STEP_PIN), ==, 12500);
  record_ok (f, session);

  db = open_side_connection (f->path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sessions"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT total_ms FROM sessions"), ==, 67500);
  day = query_text (db, "SELECT day FROM sessions");
  g_assert_cmpstr (day, ==, "2026-04-01");
  started = query_text (db, "SELECT started_at FROM sessions");
  g_assert_true (g_str_has_prefix (started, "2026-04-01T10:00:00"));
  forms = query_text (db, "SELECT forms FROM sessions");
  g_assert_cmpstr (forms, ==, "juminhyo inkan-toroku");
  outcome = query_text (db, "SELECT outcome FROM sessions");
  g_assert_cmpstr (outcome, ==, "printed");
  language = query_text (db, "SELECT language FROM sessions");
  g_assert_cmpstr (language, ==, "en");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM session_steps"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT duration_ms FROM session_steps WHERE step = 'choose'"), ==, 20000);
  g_assert_cmpint (query_int (db, "SELECT duration_ms FROM session_steps WHERE step = 'supplements'"), ==, 30000);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);
}

static void
test_step_revisited_adds_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) t0 = at (2, 9, 0, 0);
  g_autoptr(GDateTime) t1 = at (2, 9, 0, 10);
  g_autoptr(GDateTime) t2 = at (2, 9, 0, 15);
  g_autoptr(GDateTime) t3 = at (2, 9, 0, 18);
  g_autoptr(KakanaiStatsSession) session = kakanai_stats_session_new_at (t0);

  g_assert_true (kakanai_stats_session_enter_step_at (session, "card", t0, NULL));
  g_assert_true (kakanai_stats_session_enter_step_at (session, "pin", t1, NULL));
  g_assert_true (kakanai_stats_session_enter_step_at (session, "card", t2, NULL));
  kakanai_stats_session_end_at (session, KAKANAI_STATS_OUTCOME_CANCELLED, t3);
  g_assert_cmpuint (kakanai_stats_session_get_step_ms (session, "card"), ==, 13000);
  g_assert_cmpuint (kakanai_stats_session_get_step_ms (session, "pin"), ==, 5000);
}

static void
test_wal_mode (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_WRITTEN);
  sqlite3 *db;

  g_assert_true (kakanai_stats_check (f->stats, &error));
  g_assert_no_error (error);
  record_ok (f, session);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  db = open_side_connection (f->path);
  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  sqlite3_close (db);
}

static void
test_locked_database_keeps_session (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) first = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autoptr(KakanaiStatsSession) second = scripted_session (1, 4, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autoptr(GError) error = NULL;
  sqlite3 *holder;
  gint64 started;

  g_assert_true (kakanai_stats_check (f->stats, NULL));
  holder = open_side_connection (f->path);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  started = g_get_monotonic_time ();
  g_assert_false (kakanai_stats_record (f->stats, first, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_LOCKED);
  /* The busy timeout is 100 ms: the counter is not held up. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (kakanai_stats_get_n_pending (f->stats), ==, 1);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  record_ok (f, second);
  g_assert_cmpuint (kakanai_stats_get_n_pending (f->stats), ==, 0);
  g_assert_cmpint (query_int (holder, "SELECT count(*) FROM sessions"), ==, 2);
  sqlite3_close (holder);
}

static void
write_file (const char *path, const void *data, gsize length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);
}

static guint
count_corrupt_copies (Fixture *f)
{
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".corrupt-") != NULL && !g_str_has_suffix (name, "-wal")
        && !g_str_has_suffix (name, "-shm"))
      n++;
  return n;
}

static void
assert_recovered (Fixture *f)
{
  g_autoptr(KakanaiStatsSession) session = scripted_session (3, 2, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autofree char *notice = NULL;
  sqlite3 *db;

  record_ok (f, session);
  notice = kakanai_stats_take_notice (f->stats);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, ".corrupt-"));
  g_assert_null (kakanai_stats_take_notice (f->stats));
  g_assert_cmpuint (count_corrupt_copies (f), ==, 1);
  db = open_side_connection (f->path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sessions"), ==, 1);
  sqlite3_close (db);
}

static void
test_garbage_file_is_moved_aside (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autoptr(GString) garbage = g_string_new (NULL);

  g_mkdir_with_parents (folder, 0700);
  for (int i = 0; i < 512; i++)
    g_string_append (garbage, "not a database ");
  write_file (f->path, garbage->str, garbage->len);
  assert_recovered (f);
}

static void
test_damaged_pages_are_moved_aside (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db;

  /* A valid database of many pages, then its inner pages overwritten. */
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(KakanaiStatsSession) session = scripted_session (1 + i % 28, i, KAKANAI_STATS_OUTCOME_PRINTED);
      record_ok (f, session);
    }
  g_clear_pointer (&f->stats, kakanai_stats_free);
  db = open_side_connection (f->path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  for (gsize i = 4096 + 100; i < length; i += 7)
    contents[i] = (char) 0xA5;
  write_file (f->path, contents, length);

  f->stats = kakanai_stats_new (f->path);
  assert_recovered (f);
}

static void
test_newer_schema_is_left_alone (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  sqlite3 *db = NULL;

  g_mkdir_with_parents (folder, 0700);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (kakanai_stats_record (f->stats, session, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_VERSION);
  g_assert_cmpuint (kakanai_stats_get_n_pending (f->stats), ==, 1);
  db = open_side_connection (f->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'sessions'"), ==, 0);
  sqlite3_close (db);
}

static void
test_unwritable_folder_does_not_stop (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStats) stats = NULL;
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "statistics.sqlite", NULL);

  /* A plain file where the folder should be. */
  write_file (blocker, "x", 1);
  stats = kakanai_stats_new (path);
  g_assert_false (kakanai_stats_record (stats, session, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_IO);
  g_assert_cmpuint (kakanai_stats_get_n_pending (stats), ==, 1);
  g_unlink (blocker);
  /* The folder can be made now: the kept session goes in with the next one. */
  record_ok (&(Fixture) { .stats = stats }, session);
  g_assert_cmpuint (kakanai_stats_get_n_pending (stats), ==, 0);
  g_clear_pointer (&stats, kakanai_stats_free);
  test_temp_dir_remove (blocker);
}

static void
test_free_text_is_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = kakanai_stats_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (kakanai_stats_session_add_form (session, "山田 太郎", &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_INVALID);
  g_assert_null (strstr (error->message, "山田"));
  g_clear_error (&error);
  g_assert_false (kakanai_stats_session_enter_step (session, "Tokyo Chiyoda 1-1", &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kakanai_stats_session_set_language (session, "", &error));
  g_clear_error (&error);
  g_assert_false (kakanai_stats_is_identifier ("19800101 male"));
  g_assert_true (kakanai_stats_is_identifier ("zei-shomei_2026.v2"));
}

static void
test_summary_medians (Fixture *f, gconstpointer data)
{
  const double pin_seconds[] = { 4, 10, 6, 8 };
  g_autoptr(KakanaiStatsSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;

  for (guint i = 0; i < G_N_ELEMENTS (pin_seconds); i++)
    {
      g_autoptr(KakanaiStatsSession) session =
        scripted_session (5, pin_seconds[i], i == 3 ? KAKANAI_STATS_OUTCOME_TIMED_OUT : KAKANAI_STATS_OUTCOME_PRINTED);
      if (i == 2)
        g_assert_true (kakanai_stats_session_set_identity (session, KAKANAI_STATS_IDENTITY_INTERVIEW, NULL));
      record_ok (f, session);
    }
  /* Another day, which the range leaves out. */
  {
    g_autoptr(KakanaiStatsSession) other = scripted_session (6, 100, KAKANAI_STATS_OUTCOME_PRINTED);
    record_ok (f, other);
  }

  g_assert_true (kakanai_stats_parse_date ("2026-04-05", &day, NULL));
  summary = kakanai_stats_summarize (f->stats, &day, &day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_sessions, ==, 4);
  g_assert_cmpuint (summary->n_by_outcome[KAKANAI_STATS_OUTCOME_PRINTED], ==, 3);
  g_assert_cmpuint (summary->n_by_outcome[KAKANAI_STATS_OUTCOME_TIMED_OUT], ==, 1);
  g_assert_cmpuint (summary->n_interview, ==, 1);
  g_assert_cmpuint (summary->steps->len, ==, 4);
  /* Flow order, and the pin median of 4, 6, 8, 10 s is 7 s. */
  {
    KakanaiStatsStepMedian *choose = g_ptr_array_index (summary->steps, 0);
    KakanaiStatsStepMedian *pin = g_ptr_array_index (summary->steps, 2);
    g_assert_cmpstr (choose->step, ==, "choose");
    g_assert_cmpuint (choose->median_ms, ==, 20000);
    g_assert_cmpstr (pin->step, ==, "pin");
    g_assert_cmpuint (pin->n_sessions, ==, 4);
    g_assert_cmpuint (pin->median_ms, ==, 7000);
  }
  g_assert_cmpuint (summary->median_total_ms, ==, (20 + 5 + 7 + 30) * 1000);

  g_clear_pointer (&summary, kakanai_stats_summary_free);
  summary = kakanai_stats_summarize (f->stats, NULL, NULL, &error);
  g_assert_cmpuint (summary->n_sessions, ==, 5);
}

static void
test_summary_today (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = kakanai_stats_session_new ();
  g_autoptr(KakanaiStatsSummary) summary = NULL;

  g_assert_true (kakanai_stats_session_enter_step (session, "choose", NULL));
  kakanai_stats_session_end (session, KAKANAI_STATS_OUTCOME_CANCELLED);
  record_ok (f, session);
  summary = kakanai_stats_summarize_today (f->stats, NULL);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->n_sessions, ==, 1);
  g_assert_cmpuint (summary->n_by_outcome[KAKANAI_STATS_OUTCOME_CANCELLED], ==, 1);
}

static void
test_csv_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  GDate from, to;

  for (int day = 7; day <= 9; day++)
    {
      g_autoptr(KakanaiStatsSession) session = scripted_session (day, day, KAKANAI_STATS_OUTCOME_PRINTED);
      record_ok (f, session);
    }
  g_assert_true (kakanai_stats_parse_date ("2026-04-08", &from, NULL));
  g_assert_true (kakanai_stats_parse_date ("2026-04-09", &to, NULL));
  g_assert_true (kakanai_stats_export_csv (f->stats, &from, &to, out, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* header, 2 rows, the empty tail */
  g_assert_cmpstr (lines[0], ==,
                   "id,day,started_at,ended_at,total_ms,language,identity,outcome,forms,"
                   "choose_ms,card_ms,pin_ms,supplements_ms");
  g_assert_true (g_str_has_prefix (lines[1], "2,2026-04-08,2026-04-08T10:00:00"));
  g_assert_true (g_str_has_suffix (lines[1], ",63000,en,card,printed,juminhyo inkan-toroku,20000,5000,8000,30000"));
  g_assert_true (g_str_has_prefix (lines[2], "3,2026-04-09,"));
  g_assert_cmpstr (lines[3], ==, "");
}

static void
test_bad_dates (void)
{
  GDate date;
  g_autoptr(GError) error = NULL;

  g_assert_false (kakanai_stats_parse_date ("2026-02-30", &date, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_INVALID);
  g_assert_false (kakanai_stats_parse_date ("2026-4-1", &date, NULL));
  g_assert_false (kakanai_stats_parse_date ("2026-04-01x", &date, NULL));
  g_assert_true (kakanai_stats_parse_date ("2024-02-29", &date, NULL));
}

typedef struct
{
  KakanaiStats *stats;
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncRecord;

static void
record_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncRecord *record = data;

  record->ok = kakanai_stats_record_finish (record->stats, result, &record->error);
  record->done = TRUE;
}

static void
test_record_async (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_PRINTED);
  g_autoptr(KakanaiStatsSummary) summary = NULL;
  AsyncRecord record = { .stats = f->stats };

  kakanai_stats_record_async (f->stats, session, NULL, record_async_done, &record);
  /* The session was copied: the kiosk may free it at once. */
  g_clear_pointer (&session, kakanai_stats_session_free);
  while (!record.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (record.error);
  g_assert_true (record.ok);
  summary = kakanai_stats_summarize (f->stats, NULL, NULL, NULL);
  g_assert_cmpuint (summary->n_sessions, ==, 1);
}

static void
test_free_while_recording (Fixture *f, gconstpointer data)
{
  g_autoptr(KakanaiStatsSession) session = scripted_session (1, 3, KAKANAI_STATS_OUTCOME_PRINTED);
  AsyncRecord record = { .stats = NULL }; /* gone by the time the callback runs */
  sqlite3 *db;

  kakanai_stats_record_async (f->stats, session, NULL, record_async_done, &record);
  /* The kiosk closes at once: the write still completes. */
  g_clear_pointer (&f->stats, kakanai_stats_free);
  while (!record.done)
    g_main_context_iteration (NULL, TRUE);
  db = open_side_connection (f->path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sessions"), ==, 1);
  sqlite3_close (db);
}

/* kakanai stats' reader: a database the kiosk wrote and closed is read without a byte of
 * it changed and without -wal or -shm made beside it; several are summarised as one. */
static void
test_read_only_leaves_file_alone (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL, *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autoptr(KakanaiStats) other = kakanai_stats_new (other_path);
  g_autoptr(KakanaiStats) reader = NULL;
  g_autoptr(KakanaiStats) other_reader = NULL;
  g_autoptr(KakanaiStatsSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(KakanaiStatsSession) session = scripted_session (1, 2 + 2 * i, KAKANAI_STATS_OUTCOME_PRINTED);
      record_ok (f, session);
      if (i == 0)
        record_ok (&(Fixture) { .stats = other }, session);
    }
  g_clear_pointer (&f->stats, kakanai_stats_free);
  g_clear_pointer (&other, kakanai_stats_free);
  g_assert_true (g_file_get_contents (f->path, &before, &length, NULL));

  reader = kakanai_stats_open_read_only (f->path, &error);
  g_assert_no_error (error);
  other_reader = kakanai_stats_open_read_only (other_path, &error);
  g_assert_no_error (error);
  summary = kakanai_stats_summarize_many ((KakanaiStats *[]) { reader, other_reader }, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_sessions, ==, 4);
  /* PIN steps of 2, 4, 6 and 2 s: the median of all four is 3 s. */
  g_assert_cmpstr (((KakanaiStatsStepMedian *) g_ptr_array_index (summary->steps, 2))->step, ==, "pin");
  g_assert_cmpuint (((KakanaiStatsStepMedian *) g_ptr_array_index (summary->steps, 2))->median_ms, ==, 3000);
  g_clear_pointer (&reader, kakanai_stats_free);
  g_clear_pointer (&other_reader, kakanai_stats_free);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_true (memcmp (before, after, length) == 0);
}

static void
test_read_only_refuses (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);

  g_assert_null (kakanai_stats_open_read_only (f->path, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_null (kakanai_stats_open_read_only (f->dir, &error));
  g_assert_error (error, KAKANAI_STATS_ERROR, KAKANAI_STATS_ERROR_NOT_STATISTICS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Recovering a corrupt file and losing kept sessions are logged as warnings on purpose;
   * the tests check the API's answers instead (criticals stay fatal). */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/stats/session-rows", test_session_rows);
  ADD ("/stats/step-revisited-adds-up", test_step_revisited_adds_up);
  ADD ("/stats/wal-mode", test_wal_mode);
  ADD ("/stats/locked-database-keeps-session", test_locked_database_keeps_session);
  ADD ("/stats/garbage-file-moved-aside", test_garbage_file_is_moved_aside);
  ADD ("/stats/damaged-pages-moved-aside", test_damaged_pages_are_moved_aside);
  ADD ("/stats/newer-schema-left-alone", test_newer_schema_is_left_alone);
  ADD ("/stats/unwritable-folder-does-not-stop", test_unwritable_folder_does_not_stop);
  ADD ("/stats/free-text-refused", test_free_text_is_refused);
  ADD ("/stats/summary-medians", test_summary_medians);
  ADD ("/stats/summary-today", test_summary_today);
  ADD ("/stats/csv-export", test_csv_export);
  ADD ("/stats/record-async", test_record_async);
  ADD ("/stats/free-while-recording", test_free_while_recording);
  ADD ("/stats/read-only/leaves-file-alone", test_read_only_leaves_file_alone);
  ADD ("/stats/read-only/refuses", test_read_only_refuses);
#undef ADD
  g_test_add_func ("/stats/bad-dates", test_bad_dates);
  return g_test_run ();
}
