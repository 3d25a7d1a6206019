/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printer.c: printing from memory through a real cupsd (run under tests/with-cups) */
#define G_LOG_DOMAIN "test-printer"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kakanai-printer.h"

#define MARKER "KAKANAI PRINT TEST 4711"
#define WAIT_SECONDS 30

static const char *printer_name;
static const char *cups_dir;
static GThread *main_thread;

/* ---- helpers ---- */

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static void
run_tool (const char *tool, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = g_find_program_in_path (tool);
  int status = 0;
  va_list args;
  const char *arg;

  if (found == NULL)
    found = g_build_filename ("/usr/sbin", tool, NULL);
  g_ptr_array_add (argv, g_strdup (found));
  va_start (args, tool);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
control_path (const char *name)
{
  return g_build_filename (cups_dir, "control", name, NULL);
}

static char *
job_output_path (int job_id)
{
  g_autofree char *name = g_strdup_printf ("job-%d.prn", job_id);

  return g_build_filename (cups_dir, "out", name, NULL);
}

static void
assert_job_printed (int job_id, GBytes *pdf)
{
  g_autofree char *path = job_output_path (job_id);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  int status = 0;
  const char *argv[] = { "pdftotext", path, "-", NULL };

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, MARKER));
}

static void
reset_printer (void)
{
  g_autofree char *paper_out = control_path ("paper-out");
  g_autofree char *delay = control_path ("delay");
  g_autofree char *offline = control_path ("offline");

  g_unlink (paper_out);
  g_unlink (delay);
  g_unlink (offline);
  run_tool ("cupsenable", printer_name, NULL);
  run_tool ("cupsaccept", printer_name, NULL);
}

typedef struct
{
  GArray *states;            /* KakanaiPrintState, as signalled */
  KakanaiPrinterProblem last_problems;
  gboolean done;
  gboolean ok;
  GError *error;
} Watch;

static void
on_state_changed (KakanaiPrintJob *job, int state, guint problems, gpointer data)
{
  Watch *watch = data;

  /* Signals arrive in the test's thread, also when the job runs in a worker. */
  g_assert_true (g_thread_self () == main_thread);
  g_array_append_val (watch->states, state);
  watch->last_problems = problems;
}

static void
on_run_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Watch *watch = data;

  watch->ok = kakanai_print_job_run_finish (KAKANAI_PRINT_JOB (source), result, &watch->error);
  watch->done = TRUE;
}

static Watch *
watch_new (KakanaiPrintJob *job)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->states = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (job, "state-changed", G_CALLBACK (on_state_changed), watch);
  return watch;
}

static void
watch_free (Watch *watch)
{
  g_array_unref (watch->states);
  g_clear_error (&watch->error);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

static gboolean
watch_saw (Watch *watch, KakanaiPrintState state)
{
  for (guint i = 0; i < watch->states->len; i++)
    if (g_array_index (watch->states, int, i) == (int) state)
      return TRUE;
  return FALSE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @watch saw @state (or the run ended when @state is -1). */
static void
wait_for (Watch *watch, int state)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (!timed_out && !(state < 0 ? watch->done : watch_saw (watch, state)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static KakanaiPrintJob *
new_job (GBytes *pdf)
{
  KakanaiPrintJob *job = kakanai_print_job_new (printer_name, pdf, "kakanai-test");

  kakanai_print_job_set_poll_interval (job, 50);
  return job;
}

/* ---- tests ---- */

static void
test_list_printers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = kakanai_printer_list (&error);
  g_autoptr(KakanaiPrinterInfo) info = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < printers->len; i++)
    {
      KakanaiPrinterInfo *one = g_ptr_array_index (printers, i);
      if (g_str_equal (one->name, printer_name))
        found = one->accepting_jobs && !one->stopped;
    }
  g_assert_true (found);
  info = kakanai_printer_get_info (printer_name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->problems, ==, KAKANAI_PRINTER_PROBLEM_NONE);
}

static void
test_prints_pdf_from_memory (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autoptr(GError) error = NULL;

  reset_printer ();
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_NEW);
  g_assert_true (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_COMPLETED);
  g_assert_true (watch_saw (watch, KAKANAI_PRINT_STATE_SENDING));
  g_assert_true (watch_saw (watch, KAKANAI_PRINT_STATE_COMPLETED));
  g_assert_cmpint (kakanai_print_job_get_job_id (job), >, 0);
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
}

static void
test_missing_printer (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = kakanai_print_job_new ("no-such-printer", pdf, "kakanai-test");

  kakanai_print_job_set_poll_interval (job, 50);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiPrinterInfo) info = NULL;

  g_assert_false (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, &error));
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_NO_PRINTER);
  g_assert_nonnull (strstr (error->message, "no-such-printer"));
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_FAILED);
  g_clear_error (&error);
  info = kakanai_printer_get_info ("no-such-printer", &error);
  g_assert_null (info);
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_NO_PRINTER);
  g_clear_error (&error);

  /* The clerk picks a printer that exists: the same bytes print there. */
  reset_printer ();
  g_assert_true (kakanai_print_job_set_printer (job, printer_name, &error));
  g_assert_true (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
}

static void
test_stopped_printer_reported_then_resumed (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autofree char *output = NULL;

  reset_printer ();
  run_tool ("cupsdisable", "-r", "paused for the test", printer_name, NULL);
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_STOPPED);
  g_assert_true (watch->last_problems & KAKANAI_PRINTER_PROBLEM_PAUSED);
  g_assert_false (watch->done);
  output = job_output_path (kakanai_print_job_get_job_id (job));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  run_tool ("cupsenable", printer_name, NULL);
  wait_for (watch, -1);
  g_assert_no_error (watch->error);
  g_assert_true (watch->ok);
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_COMPLETED);
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
}

static void
test_paper_out_reported (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autofree char *paper_out = control_path ("paper-out");
  g_autofree char *message = NULL;
  g_autofree char *sentence = NULL;

  reset_printer ();
  g_assert_true (g_file_set_contents (paper_out, "", 0, NULL));
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_STOPPED);
  /* The backend's paper-out shows up even if the queue stop is seen first. */
  while (!(kakanai_print_job_get_problems (job) & KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY))
    g_main_context_iteration (NULL, TRUE);
  message = kakanai_print_job_dup_message (job);
  g_assert_nonnull (strstr (message, "out of paper"));
  sentence = kakanai_printer_problem_describe (kakanai_print_job_get_problems (job));
  g_assert_cmpstr (sentence, ==, "The printer is out of paper.");
  g_assert_false (watch->done);

  /* Paper refilled, the clerk resumes the printer: the same job prints. */
  g_unlink (paper_out);
  run_tool ("cupsenable", printer_name, NULL);
  wait_for (watch, -1);
  g_assert_true (watch->ok);
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
  g_assert_cmpuint (kakanai_print_job_get_n_sends (job), ==, 1);
}

static void
test_offline_printer_reported (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autofree char *offline = control_path ("offline");
  g_autofree char *delay = control_path ("delay");
  g_autofree char *sentence = NULL;

  reset_printer ();
  g_assert_true (g_file_set_contents (offline, "", 0, NULL));
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_STOPPED);
  g_assert_true (watch->last_problems & KAKANAI_PRINTER_PROBLEM_OFFLINE);
  sentence = kakanai_printer_problem_describe (watch->last_problems);
  g_assert_cmpstr (sentence, ==, "The printer is off or not connected.");
  g_assert_false (watch->done);

  /* Switched on again: it prints without anyone resuming the queue. The backend then takes
   * half a second (ten polls) to print, so that "printing" is seen, not raced past. */
  g_assert_true (g_file_set_contents (delay, "0.5", -1, NULL));
  g_unlink (offline);
  wait_for (watch, -1);
  g_assert_true (watch->ok);
  g_assert_true (watch_saw (watch, KAKANAI_PRINT_STATE_PRINTING));
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
}

static void
test_fail_when_stopped_then_cancel_and_resend (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_output = NULL;
  int first_id;

  reset_printer ();
  run_tool ("cupsdisable", printer_name, NULL);
  g_assert_false (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_FAIL_WHEN_STOPPED, NULL, &error));
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_STOPPED);
  g_clear_error (&error);
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_STOPPED);
  first_id = kakanai_print_job_get_job_id (job);
  g_assert_cmpint (first_id, >, 0);

  /* The clerk cancels the waiting job; it never prints. */
  g_assert_true (kakanai_print_job_cancel (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_CANCELLED);
  run_tool ("cupsenable", printer_name, NULL);

  /* ... and re-sends the same bytes, kept in memory. */
  g_assert_true (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_FAIL_WHEN_STOPPED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kakanai_print_job_get_job_id (job), !=, first_id);
  g_assert_cmpuint (kakanai_print_job_get_n_sends (job), ==, 2);
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
  first_output = job_output_path (first_id);
  g_assert_false (g_file_test (first_output, G_FILE_TEST_EXISTS));
}

static void
test_cancel_while_printing (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *delay = control_path ("delay");

  reset_printer ();
  g_assert_true (g_file_set_contents (delay, "5", 1, NULL));
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_PRINTING);
  g_assert_true (kakanai_print_job_cancel (job, &error));
  g_assert_no_error (error);
  wait_for (watch, -1);
  g_assert_false (watch->ok);
  g_assert_error (watch->error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_CANCELLED);
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_CANCELLED);

  /* Nothing to cancel any more. */
  g_assert_false (kakanai_print_job_cancel (job, &error));
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_FAILED);
  g_unlink (delay);
}

static void
test_rejecting_queue (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(GError) error = NULL;
  int job_id = -1;

  reset_printer ();
  run_tool ("cupsreject", printer_name, NULL);
  g_assert_false (kakanai_printer_print_bytes_sync (printer_name, pdf, "kakanai-test", &job_id, &error));
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_REJECTED);
  g_assert_cmpint (job_id, ==, 0);
  reset_printer ();
}

static void
test_busy_while_running (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autoptr(GError) error = NULL;

  reset_printer ();
  run_tool ("cupsdisable", printer_name, NULL);
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_STOPPED);
  g_assert_false (kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_DEFAULT, NULL, &error));
  g_assert_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_BUSY);
  g_assert_true (kakanai_print_job_cancel (job, NULL));
  wait_for (watch, -1);
  g_assert_error (watch->error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_CANCELLED);
  reset_printer ();
}

static void
test_stop_following (void)
{
  g_autoptr(GBytes) pdf = make_pdf (MARKER);
  g_autoptr(KakanaiPrintJob) job = new_job (pdf);
  g_autoptr(Watch) watch = watch_new (job);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  reset_printer ();
  run_tool ("cupsdisable", printer_name, NULL);
  kakanai_print_job_run_async (job, KAKANAI_PRINT_FOLLOW_DEFAULT, cancellable, on_run_done, watch);
  wait_for (watch, KAKANAI_PRINT_STATE_STOPPED);
  g_cancellable_cancel (cancellable);
  wait_for (watch, -1);
  g_assert_error (watch->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Only the following stopped: the job still waits in the queue, and prints on resume. */
  g_assert_cmpint (kakanai_print_job_get_state (job), ==, KAKANAI_PRINT_STATE_STOPPED);
  run_tool ("cupsenable", printer_name, NULL);
  {
    g_autofree char *output = job_output_path (kakanai_print_job_get_job_id (job));
    for (int i = 0; i < WAIT_SECONDS * 10 && !g_file_test (output, G_FILE_TEST_EXISTS); i++)
      g_usleep (100 * 1000);
  }
  g_usleep (200 * 1000); /* let the backend finish writing */
  assert_job_printed (kakanai_print_job_get_job_id (job), pdf);
}

/* A print server that accepts connections (the kernel's backlog does) and never answers. */
static GSocket *
silent_server_new (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

typedef struct
{
  guint timeout_ms;
  GCancellable *cancellable;
  GError *error;
  gint64 elapsed_us;
} SilentListing;

/* libcups reads CUPS_SERVER once per thread: a new thread sees the silent server. */
static gpointer
list_from_silent_server (gpointer data)
{
  SilentListing *listing = data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) printers = kakanai_printer_list_within (listing->timeout_ms, listing->cancellable,
                                                               &listing->error);

  listing->elapsed_us = g_get_monotonic_time () - start;
  g_assert_null (printers);
  return NULL;
}

static void
list_with_silent_server (SilentListing *listing)
{
  guint16 port;
  g_autoptr(GSocket) server = silent_server_new (&port);
  g_autofree char *saved = g_strdup (g_getenv ("CUPS_SERVER"));
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);

  g_setenv ("CUPS_SERVER", address, TRUE);
  g_thread_join (g_thread_new ("silent-listing", list_from_silent_server, listing));
  g_setenv ("CUPS_SERVER", saved, TRUE);
  g_assert_true (g_socket_close (server, NULL));
}

static void
test_list_within_gives_up_on_a_silent_server (void)
{
  SilentListing listing = { .timeout_ms = 500 };

  list_with_silent_server (&listing);
  g_assert_error (listing.error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (listing.error->message, "did not answer within 1 second."));
  g_assert_cmpint (listing.elapsed_us, >=, 500 * G_TIME_SPAN_MILLISECOND);
  g_clear_error (&listing.error);
}

static gpointer
cancel_soon (gpointer cancellable)
{
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (cancellable);
  return NULL;
}

static void
test_list_within_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GThread) canceller = g_thread_new ("canceller", cancel_soon, cancellable);
  /* Far beyond the test's time limit: only the cancellation can end it. */
  SilentListing listing = { .timeout_ms = 3600 * 1000, .cancellable = cancellable };

  list_with_silent_server (&listing);
  g_assert_error (listing.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&listing.error);
  g_thread_join (g_steal_pointer (&canceller));
}

static void
on_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static void
test_list_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  kakanai_printer_list_async (WAIT_SECONDS * 1000, NULL, on_listed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  printers = kakanai_printer_list_finish (result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < printers->len; i++)
    found |= g_str_equal (((KakanaiPrinterInfo *) g_ptr_array_index (printers, i))->name, printer_name);
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  printer_name = g_getenv ("KAKANAI_TEST_PRINTER");
  cups_dir = g_getenv ("KAKANAI_TEST_CUPS_DIR");
  if (printer_name == NULL || cups_dir == NULL)
    {
      g_printerr ("test-printer: run under tests/with-cups\n");
      return 77;
    }
  g_test_add_func ("/printer/list", test_list_printers);
  g_test_add_func ("/printer/list-async", test_list_async);
  g_test_add_func ("/printer/list-within-gives-up-on-a-silent-server", test_list_within_gives_up_on_a_silent_server);
  g_test_add_func ("/printer/list-within-cancelled", test_list_within_cancelled);
  g_test_add_func ("/printer/prints-pdf-from-memory", test_prints_pdf_from_memory);
  g_test_add_func ("/printer/missing-printer", test_missing_printer);
  g_test_add_func ("/printer/stopped-reported-then-resumed", test_stopped_printer_reported_then_resumed);
  g_test_add_func ("/printer/paper-out-reported", test_paper_out_reported);
  g_test_add_func ("/printer/offline-reported", test_offline_printer_reported);
  g_test_add_func ("/printer/fail-when-stopped-cancel-resend", test_fail_when_stopped_then_cancel_and_resend);
  g_test_add_func ("/printer/cancel-while-printing", test_cancel_while_printing);
  g_test_add_func ("/printer/rejecting-queue", test_rejecting_queue);
  g_test_add_func ("/printer/busy-while-running", test_busy_while_running);
  g_test_add_func ("/printer/stop-following", test_stop_following);
  status = g_test_run ();
  /* Give back cairo's and fontconfig's caches so LeakSanitizer sees only our leaks. */
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
