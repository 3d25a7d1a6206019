/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pcsc.c: KakanaiPcsc against a real pcscd + vpcd + kakanai-cardsim
 *
 * Run inside tests/with-virtual-card with tests/cardreader/profiles/good.json. Uses the
 * environment it provides (KAKANAI_TEST_READER, KAKANAI_CARDSIM_PID, KAKANAI_PCSCD_PID,
 * KAKANAI_PCSCD_CONFIG_DIR). The pcscd restart and reader unplug tests come last: they
 * replace pcscd, always on with-virtual-card's configuration directory, so that it stops
 * whichever one is left.
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <kakanai-card.h>
#include <kakanai-pcsc.h>

#define EXPECTED_NAME "山口　花子"
/* The card needs at most this many APDUs for the basic four, the tries check included. */
#define MAX_APDUS_BASIC_FOUR 6
/* How long the reader stays unplugged while a wait watches for it to come back. */
#define UNPLUGGED_WATCH_MS 1500

/* The pcscd this program started after stopping with-virtual-card's (0: none). */
static GPid our_pcscd;

static const char *
test_reader (void)
{
  return g_getenv ("KAKANAI_TEST_READER");
}

static GPid
env_pid (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return (GPid) g_ascii_strtoll (value, NULL, 10);
}

/* Running and not a zombie (pcscd is with-virtual-card's child, reaped only at its end). */
static gboolean
process_is_running (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z';
}

static void
signal_cardsim (int signal_number)
{
  g_assert_cmpint (kill (env_pid ("KAKANAI_CARDSIM_PID"), signal_number), ==, 0);
}

static void
assert_wait (KakanaiPcsc *pcsc, KakanaiReaderState wanted, guint timeout_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reader = NULL;

  g_assert_true (kakanai_pcsc_wait (pcsc, test_reader (), wanted, timeout_ms, &reader, &error));
  g_assert_no_error (error);
  if (wanted == KAKANAI_READER_STATE_CARD_PRESENT)
    g_assert_cmpstr (reader, ==, test_reader ());
}

static KakanaiReaderInfo *
find_test_reader (GPtrArray *readers)
{
  for (guint i = 0; i < readers->len; i++)
    {
      KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

      if (g_str_equal (info->name, test_reader ()))
        return info;
    }
  return NULL;
}

static void
test_list_readers (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  KakanaiReaderInfo *info;

  readers = kakanai_pcsc_list_readers (pcsc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (readers);
  info = find_test_reader (readers);
  g_assert_nonnull (info);
  g_assert_true (info->card_present);
}

static void
test_choose_reader (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first_with_card = NULL;
  g_autofree char *named = NULL;
  g_autofree char *missing = NULL;

  first_with_card = kakanai_pcsc_choose_reader (pcsc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first_with_card, ==, test_reader ());

  named = kakanai_pcsc_choose_reader (pcsc, "Virtual Reader 00 00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (named, ==, test_reader ());

  missing = kakanai_pcsc_choose_reader (pcsc, "Sony RC-S300", &error);
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER);
  g_assert_null (missing);
}

/* vpcd's second slot never holds our card: connecting there is NO_CARD. */
static void
test_connect_empty_slot (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_slot = kakanai_pcsc_choose_reader (pcsc, "Virtual Reader 00 01", &error);
  g_autoptr(KakanaiTransport) transport = NULL;

  g_assert_no_error (error);
  transport = kakanai_pcsc_connect (pcsc, empty_slot, &error);
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD);
  g_assert_null (transport);
}

static void
assert_good_read (KakanaiPcsc *pcsc, KakanaiReadFlags flags, guint max_apdus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTransport) transport = kakanai_pcsc_connect (pcsc, test_reader (), &error);
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  g_autoptr(KakanaiCardRecord) record = NULL;
  guint tries_left = 0;

  g_assert_no_error (error);
  card = kakanai_mynumber_card_new (transport);
  record = kakanai_mynumber_card_read (card, "1234", flags, &tries_left, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->name, ==, EXPECTED_NAME);
  g_assert_cmpstr (record->birth_date, ==, "19800101");
  g_assert_cmpint (record->sex, ==, KAKANAI_SEX_FEMALE);
  g_assert_cmpuint (tries_left, ==, 3);
  if (flags & KAKANAI_READ_WITH_MY_NUMBER)
    g_assert_cmpstr (record->my_number, ==, "123456789018");
  else
    g_assert_null (record->my_number);
  g_assert_cmpuint (kakanai_transport_get_n_transmitted (transport), <=, max_apdus);
}

static void
test_read_through_pcscd (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();

  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR);
  /* EF 0001 costs a SELECT and a READ BINARY more. */
  assert_good_read (pcsc, KAKANAI_READ_WITH_MY_NUMBER, MAX_APDUS_BASIC_FOUR + 2);
}

/* The transport keeps the context alive after the KakanaiPcsc is released. */
static void
test_transport_outlives_pcsc (void)
{
  KakanaiPcsc *pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTransport) transport = kakanai_pcsc_connect (pcsc, test_reader (), &error);
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  guint tries_left = 0;

  g_assert_no_error (error);
  kakanai_pcsc_free (pcsc);
  card = kakanai_mynumber_card_new (transport);
  g_assert_true (kakanai_mynumber_card_get_tries_left (card, &tries_left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries_left, ==, 3);
}

static void
test_wait_timeout (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reader = NULL;
  gint64 start = g_get_monotonic_time ();

  /* The card stays in: waiting for it to leave times out. */
  g_assert_false (kakanai_pcsc_wait (pcsc, test_reader (), KAKANAI_READER_STATE_EMPTY, 300,
                                     &reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (reader);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 290 * G_TIME_SPAN_MILLISECOND);

  /* Timeout 0 looks once. */
  assert_wait (pcsc, KAKANAI_READER_STATE_CARD_PRESENT, 0);
}

typedef struct
{
  KakanaiPcsc *pcsc;
  KakanaiReaderState wanted;
  guint timeout_ms;
  gboolean result;
  char *reader;
  GError *error;
  gint finished; /* atomic */
} WaitJob;

static gpointer
run_wait (gpointer data)
{
  WaitJob *job = data;

  job->result = kakanai_pcsc_wait (job->pcsc, test_reader (), job->wanted, job->timeout_ms,
                                   &job->reader, &job->error);
  g_atomic_int_set (&job->finished, TRUE);
  return NULL;
}

static void
wait_job_clear (WaitJob *job)
{
  g_clear_pointer (&job->reader, g_free);
  g_clear_error (&job->error);
  g_atomic_int_set (&job->finished, FALSE);
}

/* The waiting thread saw the card arrive in the test reader, and the card reads as it
 * should afterwards. */
static void
join_wait_then_read (GThread *thread, WaitJob *job, KakanaiPcsc *pcsc)
{
  g_thread_join (thread);
  g_assert_no_error (job->error);
  g_assert_true (job->result);
  g_assert_cmpstr (job->reader, ==, test_reader ());
  wait_job_clear (job);
  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR);
}

static void
test_wait_cancel (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  WaitJob job = { .pcsc = pcsc, .wanted = KAKANAI_READER_STATE_EMPTY,
                  .timeout_ms = KAKANAI_PCSC_WAIT_FOREVER };
  GThread *thread = g_thread_new ("wait", run_wait, &job);
  gint64 cancelled_at;

  g_usleep (300 * G_TIME_SPAN_MILLISECOND); /* inside SCardGetStatusChange by now */
  cancelled_at = g_get_monotonic_time ();
  kakanai_pcsc_cancel (pcsc);
  g_thread_join (thread);
  g_assert_false (job.result);
  g_assert_error (job.error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 500 * G_TIME_SPAN_MILLISECOND);
  wait_job_clear (&job);

  /* The request was used up: the next wait runs normally. */
  assert_wait (pcsc, KAKANAI_READER_STATE_CARD_PRESENT, 1000);
}

static void
test_cancel_before_wait (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;

  kakanai_pcsc_cancel (pcsc);
  g_assert_false (kakanai_pcsc_wait (pcsc, test_reader (), KAKANAI_READER_STATE_EMPTY,
                                     KAKANAI_PCSC_WAIT_FOREVER, NULL, &error));
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED);
  assert_wait (pcsc, KAKANAI_READER_STATE_CARD_PRESENT, 0);
}

static void
test_wait_removal_and_insertion (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTransport) transport = NULL;

  signal_cardsim (SIGUSR1);
  assert_wait (pcsc, KAKANAI_READER_STATE_EMPTY, 5000);
  transport = kakanai_pcsc_connect (pcsc, test_reader (), &error);
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  signal_cardsim (SIGUSR2);
  assert_wait (pcsc, KAKANAI_READER_STATE_CARD_PRESENT, 5000);
  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR);
}

static void
stop_pcscd (GPid pid)
{
  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  for (int i = 0; i < 100 && process_is_running (pid); i++)
    g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (process_is_running (pid));
}

static GPid
start_pcscd (void)
{
  const char *config_dir = g_getenv ("KAKANAI_PCSCD_CONFIG_DIR");
  const char *argv[] = { "pcscd", "-f", "-c", config_dir, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_nonnull (config_dir);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                  G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
stop_our_pcscd (void)
{
  int status = 0;

  g_assert_cmpint (our_pcscd, >, 0);
  kill (our_pcscd, SIGTERM);
  g_assert_cmpint (waitpid (our_pcscd, &status, 0), ==, our_pcscd);
  our_pcscd = 0;
}

/* The pcscd serving now: the one this program started last, else with-virtual-card's
 * (which then has not been stopped yet). */
static void
stop_serving_pcscd (void)
{
  if (our_pcscd > 0)
    stop_our_pcscd ();
  else
    stop_pcscd (env_pid ("KAKANAI_PCSCD_PID"));
}

/* pcscd goes away and comes back while a wait is in progress: the same KakanaiPcsc
 * follows, finds the card, and reads it, with no restart of the program. */
static void
test_pcscd_restart_during_wait (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(KakanaiPcsc) other = kakanai_pcsc_new ();
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  WaitJob job = { .pcsc = pcsc, .wanted = KAKANAI_READER_STATE_CARD_PRESENT,
                  .timeout_ms = 30000 };
  GThread *thread;
  GPid new_pcscd;

  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR); /* context in use */
  signal_cardsim (SIGUSR1);
  assert_wait (pcsc, KAKANAI_READER_STATE_EMPTY, 5000);

  thread = g_thread_new ("wait", run_wait, &job);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  stop_pcscd (env_pid ("KAKANAI_PCSCD_PID"));

  /* With pcscd away there is no reader, and the wait goes on. */
  readers = kakanai_pcsc_list_readers (other, &error);
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER);
  g_assert_null (readers);
  g_clear_error (&error);
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);

  new_pcscd = start_pcscd ();
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  signal_cardsim (SIGUSR2);

  join_wait_then_read (thread, &job, pcsc);
  our_pcscd = new_pcscd;
}

static char *
reader_conf_path (void)
{
  const char *config_dir = g_getenv ("KAKANAI_PCSCD_CONFIG_DIR");

  g_assert_nonnull (config_dir);
  return g_build_filename (config_dir, "reader.conf", NULL);
}

/* pcscd comes back with @reader_conf as its reader configuration. Same directory, same
 * command line: with-virtual-card stops this pcscd too if the test dies. */
static void
restart_pcscd_with_reader_conf (const char *reader_conf)
{
  g_autofree char *path = reader_conf_path ();
  g_autoptr(GError) error = NULL;

  stop_serving_pcscd ();
  g_file_set_contents (path, reader_conf, -1, &error);
  g_assert_no_error (error);
  our_pcscd = start_pcscd ();
}

/* Until a pcscd answers without the test reader (pcscd not running yet is an error,
 * not an answer). Only a USB reader plugged into this machine would be listed. */
static void
wait_until_test_reader_unlisted (KakanaiPcsc *observer)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) readers = kakanai_pcsc_list_readers (observer, NULL);

      if (readers != NULL && find_test_reader (readers) == NULL)
        return;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_error ("pcscd never came back without the test reader");
}

static gint64
cpu_time_used_us (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* The reader is unplugged while a program waits for the card, and plugged back; vpcd
 * cannot be unplugged, so pcscd comes back once without the reader, then with it. One
 * KakanaiPcsc waits through both changes with no error and no busy loop, reports that
 * there is no reader meanwhile, then finds the card and reads it. */
static void
test_reader_unplugged_during_wait (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(KakanaiPcsc) observer = kakanai_pcsc_new ();
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = reader_conf_path ();
  g_autofree char *plugged_reader_conf = NULL;
  WaitJob job = { .pcsc = pcsc, .wanted = KAKANAI_READER_STATE_CARD_PRESENT,
                  .timeout_ms = 30000 };
  GThread *thread;
  gint64 cpu_used_us;

  g_assert_true (g_file_get_contents (path, &plugged_reader_conf, NULL, NULL));
  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR); /* context in use */
  signal_cardsim (SIGUSR1);
  assert_wait (pcsc, KAKANAI_READER_STATE_EMPTY, 5000);

  /* Unplugged during the wait: the wait goes on, without spinning. */
  thread = g_thread_new ("wait", run_wait, &job);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  restart_pcscd_with_reader_conf ("# The reader is unplugged.\n");
  wait_until_test_reader_unlisted (observer);
  cpu_used_us = cpu_time_used_us ();
  g_usleep (UNPLUGGED_WATCH_MS * G_TIME_SPAN_MILLISECOND);
  cpu_used_us = cpu_time_used_us () - cpu_used_us;
  g_assert_false (g_atomic_int_get (&job.finished));
  /* A waiting thread sleeps in pcscd's answer; a busy loop would burn most of a core. */
  g_assert_cmpint (cpu_used_us, <, UNPLUGGED_WATCH_MS * G_TIME_SPAN_MILLISECOND / 10);

  /* What the waiting context reports while the reader is away: pcscd answers, no reader. */
  kakanai_pcsc_cancel (pcsc);
  g_thread_join (thread);
  g_assert_false (job.result);
  g_assert_error (job.error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED);
  wait_job_clear (&job);
  readers = kakanai_pcsc_list_readers (pcsc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (readers);
  g_assert_null (find_test_reader (readers));
  assert_wait (pcsc, KAKANAI_READER_STATE_NO_READER, 0);
  g_test_message ("no_reader observed by the waiting context");

  /* Plugged back during the next wait, then the card goes in. */
  thread = g_thread_new ("wait", run_wait, &job);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  restart_pcscd_with_reader_conf (plugged_reader_conf);
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  signal_cardsim (SIGUSR2);

  join_wait_then_read (thread, &job, pcsc);
}

/* pcscd dies under an open transport: the exchange fails as io_error (no crash, no hang),
 * freeing the dead transport is safe, and once pcscd is back the same KakanaiPcsc reads. */
static void
test_pcscd_restart_during_read (void)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTransport) transport = NULL;
  g_autoptr(KakanaiMyNumberCard) card = NULL;
  guint tries_left = 0;

  g_assert_cmpint (our_pcscd, >, 0); /* started by an earlier test */
  transport = kakanai_pcsc_connect (pcsc, test_reader (), &error);
  g_assert_no_error (error);
  card = kakanai_mynumber_card_new (transport);

  stop_our_pcscd ();
  g_assert_false (kakanai_mynumber_card_get_tries_left (card, &tries_left, &error));
  g_assert_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO);
  g_clear_error (&error);
  g_clear_pointer (&card, kakanai_mynumber_card_free);
  g_clear_pointer (&transport, kakanai_transport_free);

  our_pcscd = start_pcscd ();
  assert_wait (pcsc, KAKANAI_READER_STATE_CARD_PRESENT, 10000);
  assert_good_read (pcsc, KAKANAI_READ_DEFAULT, MAX_APDUS_BASIC_FOUR);

  /* Stop what this program started (with-virtual-card's pcscd is gone already). */
  stop_our_pcscd ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (test_reader () == NULL)
    {
      g_printerr ("Run inside tests/with-virtual-card (KAKANAI_TEST_READER is not set)\n");
      return 77;
    }

  g_test_add_func ("/pcsc/list-readers", test_list_readers);
  g_test_add_func ("/pcsc/choose-reader", test_choose_reader);
  g_test_add_func ("/pcsc/connect-empty-slot", test_connect_empty_slot);
  g_test_add_func ("/pcsc/read-through-pcscd", test_read_through_pcscd);
  g_test_add_func ("/pcsc/transport-outlives-pcsc", test_transport_outlives_pcsc);
  g_test_add_func ("/pcsc/wait-timeout", test_wait_timeout);
  g_test_add_func ("/pcsc/wait-cancel", test_wait_cancel);
  g_test_add_func ("/pcsc/cancel-before-wait", test_cancel_before_wait);
  g_test_add_func ("/pcsc/wait-removal-and-insertion", test_wait_removal_and_insertion);
  /* Last, in this order: they replace pcscd. */
  g_test_add_func ("/pcsc/pcscd-restart-during-wait", test_pcscd_restart_during_wait);
  g_test_add_func ("/pcsc/reader-unplugged-during-wait", test_reader_unplugged_during_wait);
  g_test_add_func ("/pcsc/pcscd-restart-during-read", test_pcscd_restart_during_read);
  return g_test_run ();
}
