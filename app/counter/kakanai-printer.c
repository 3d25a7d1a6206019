/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-printer.c: silent printing of an in-memory PDF through CUPS, following the job */
#define G_LOG_DOMAIN "kakanai-printer"

#include "config.h"

#include "kakanai-printer.h"

#include <cups/cups.h>
#include <glib/gi18n-lib.h>

#define DEFAULT_POLL_INTERVAL_MS 250
/* Consecutive failed looks at the job before following gives up (the scheduler restarting
 * takes a second or two). */
#define MAX_QUERY_FAILURES 8
#define HTTP_TIMEOUT_MS 30000
#define WRITE_CHUNK (64 * 1024)

G_DEFINE_QUARK (kakanai-printer-error-quark, kakanai_printer_error)

struct _KakanaiPrintJob
{
  GObject parent_instance;

  char *printer;          /* NULL: the default queue, resolved when sending */
  char *title;
  GBytes *pdf;
  guint poll_interval_ms;

  GMutex lock;            /* guards everything below */
  GCond wake;             /* wakes the follower early: cancel, GCancellable */
  gboolean running;
  gboolean cancel_requested;
  gboolean wake_requested;
  KakanaiPrintState state;
  KakanaiPrinterProblem problems;
  char *message;
  char *resolved_printer;
  int job_id;
  guint n_sends;
};

G_DEFINE_FINAL_TYPE (KakanaiPrintJob, kakanai_print_job, G_TYPE_OBJECT)

enum { SIGNAL_STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What one look at the scheduler told us. */
typedef struct
{
  ipp_jstate_t job_state;
  gboolean printer_stopped;
  gboolean printer_accepting;
  KakanaiPrinterProblem problems;
  KakanaiPrinterProblem blocking_problems; /* the "-error" ones, which stop printing */
  char *message;
} PrinterSnapshot;

static void
printer_snapshot_clear (PrinterSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->message, g_free);
}

/* ---- small helpers over libcups ---- */

/* @cancel: libcups gives up connecting when it becomes non-zero; may be NULL. */
static http_t *
connect_to_scheduler_within (guint timeout_ms, int *cancel, GError **error)
{
  http_t *http = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC, cupsEncryption (),
                               1, (int) MIN (timeout_ms, G_MAXINT), cancel);
  if (http == NULL)
    g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_UNREACHABLE,
                 _("The print service (CUPS) at “%s” does not answer."), cupsServer ());
  return http;
}

static http_t *
connect_to_scheduler (GError **error)
{
  return connect_to_scheduler_within (HTTP_TIMEOUT_MS, NULL, error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (http_t, httpClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ipp_t, ippDelete)

static void
printer_uri (const char *name, char *uri, gsize uri_size)
{
  httpAssembleURIf (HTTP_URI_CODING_ALL, uri, (int) uri_size, "ipp", NULL, "localhost",
                    ippPort (), "/printers/%s", name);
}

static gboolean
ipp_status_ok (void)
{
  return cupsLastError () <= 0x00ff; /* the successful-ok-* range */
}

/* Turns the last libcups error into a GError, naming the printer. */
static void
set_error_from_cups (GError **error, const char *printer, const char *what)
{
  ipp_status_t status = cupsLastError ();
  const char *detail = cupsLastErrorString ();
  KakanaiPrinterError code = KAKANAI_PRINTER_ERROR_FAILED;

  if (status == IPP_STATUS_ERROR_NOT_FOUND)
    code = KAKANAI_PRINTER_ERROR_NO_PRINTER;
  else if (status == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS
           || status == IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED
           || status == IPP_STATUS_ERROR_FORBIDDEN
           || status == IPP_STATUS_ERROR_NOT_AUTHORIZED)
    code = KAKANAI_PRINTER_ERROR_REJECTED;
  else if (status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE
           || (status == IPP_STATUS_ERROR_INTERNAL && detail != NULL
               && g_str_has_prefix (detail, "No such file")))
    code = KAKANAI_PRINTER_ERROR_UNREACHABLE;

  if (code == KAKANAI_PRINTER_ERROR_NO_PRINTER)
    g_set_error (error, KAKANAI_PRINTER_ERROR, code,
                 _("There is no printer named “%s”."), printer);
  else if (code == KAKANAI_PRINTER_ERROR_REJECTED)
    g_set_error (error, KAKANAI_PRINTER_ERROR, code,
                 _("The printer “%s” refused the job: %s"), printer, detail ? detail : "");
  else
    g_set_error (error, KAKANAI_PRINTER_ERROR, code,
                 /* The second %s is an IPP operation name, e.g. Create-Job. */
                 _("Printing on “%s” failed (%s): %s"), printer, what, detail ? detail : "");
}

/* Keywords of printer-state-reasons, with "-error", "-warning" or "-report" at the end. */
static KakanaiPrinterProblem
problem_from_keyword (const char *keyword, gboolean *blocking)
{
  /* always_blocking: whatever the suffix, nothing prints meanwhile (CUPS says
   * "offline-report" for a printer that is switched off or unplugged). */
  static const struct {
    const char *prefix;
    KakanaiPrinterProblem problem;
    gboolean always_blocking;
  } known[] = {
    { "media-empty",         KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY, FALSE },
    { "media-needed",        KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY, FALSE },
    { "input-tray-missing",  KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY, FALSE },
    { "media-jam",           KAKANAI_PRINTER_PROBLEM_MEDIA_JAM,   FALSE },
    { "offline",             KAKANAI_PRINTER_PROBLEM_OFFLINE,     TRUE },
    { "shutdown",            KAKANAI_PRINTER_PROBLEM_OFFLINE,     TRUE },
    { "door-open",           KAKANAI_PRINTER_PROBLEM_DOOR_OPEN,   FALSE },
    { "cover-open",          KAKANAI_PRINTER_PROBLEM_DOOR_OPEN,   FALSE },
    { "toner-empty",         KAKANAI_PRINTER_PROBLEM_TONER_EMPTY, FALSE },
    { "marker-supply-empty", KAKANAI_PRINTER_PROBLEM_TONER_EMPTY, FALSE },
    { "paused",              KAKANAI_PRINTER_PROBLEM_PAUSED,      TRUE },
  };
  gboolean is_report = g_str_has_suffix (keyword, "-report");
  gboolean is_warning = g_str_has_suffix (keyword, "-warning");

  *blocking = FALSE;
  if (g_str_equal (keyword, "none"))
    return KAKANAI_PRINTER_PROBLEM_NONE;
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_prefix (keyword, known[i].prefix))
      {
        if (known[i].always_blocking)
          *blocking = TRUE;
        else if (is_report)
          return KAKANAI_PRINTER_PROBLEM_NONE;
        else
          /* Without a suffix (e.g. "media-empty") the reason is an error. */
          *blocking = !is_warning;
        return known[i].problem;
      }
  if (g_str_has_suffix (keyword, "-error"))
    {
      *blocking = TRUE;
      return KAKANAI_PRINTER_PROBLEM_OTHER;
    }
  return KAKANAI_PRINTER_PROBLEM_NONE;
}

static void
read_printer_attributes (ipp_t *response, PrinterSnapshot *snapshot)
{
  ipp_attribute_t *attr;

  attr = ippFindAttribute (response, "printer-state", IPP_TAG_ENUM);
  snapshot->printer_stopped = attr != NULL && ippGetInteger (attr, 0) == IPP_PSTATE_STOPPED;
  attr = ippFindAttribute (response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
  snapshot->printer_accepting = attr == NULL || ippGetBoolean (attr, 0);
  attr = ippFindAttribute (response, "printer-state-message", IPP_TAG_TEXT);
  g_free (snapshot->message);
  snapshot->message = g_strdup (attr ? ippGetString (attr, 0, NULL) : "");

  snapshot->problems = KAKANAI_PRINTER_PROBLEM_NONE;
  snapshot->blocking_problems = KAKANAI_PRINTER_PROBLEM_NONE;
  attr = ippFindAttribute (response, "printer-state-reasons", IPP_TAG_KEYWORD);
  for (int i = 0; attr != NULL && i < ippGetCount (attr); i++)
    {
      gboolean blocking;
      KakanaiPrinterProblem problem = problem_from_keyword (ippGetString (attr, i, NULL), &blocking);
      snapshot->problems |= problem;
      if (blocking)
        snapshot->blocking_problems |= problem;
    }
  if (snapshot->printer_stopped)
    {
      snapshot->problems |= KAKANAI_PRINTER_PROBLEM_PAUSED;
      snapshot->blocking_problems |= KAKANAI_PRINTER_PROBLEM_PAUSED;
    }
}

static gboolean
query_printer (http_t *http, const char *name, PrinterSnapshot *snapshot, GError **error)
{
  static const char * const wanted[] = {
    "printer-state", "printer-state-reasons", "printer-state-message",
    "printer-is-accepting-jobs", "printer-info",
  };
  char uri[HTTP_MAX_URI];
  ipp_t *request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  g_autoptr(ipp_t) response = NULL;

  printer_uri (name, uri, sizeof uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (http, request, "/");
  if (response == NULL || !ipp_status_ok ())
    {
      set_error_from_cups (error, name, "Get-Printer-Attributes");
      return FALSE;
    }
  read_printer_attributes (response, snapshot);
  return TRUE;
}

static gboolean
query_job (http_t *http, const char *name, int job_id, PrinterSnapshot *snapshot, GError **error)
{
  static const char * const wanted[] = { "job-state", "job-state-reasons" };
  char uri[HTTP_MAX_URI];
  ipp_t *request = ippNewRequest (IPP_OP_GET_JOB_ATTRIBUTES);
  g_autoptr(ipp_t) response = NULL;
  ipp_attribute_t *attr;

  printer_uri (name, uri, sizeof uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = cupsDoRequest (http, request, "/");
  if (response == NULL || !ipp_status_ok ())
    {
      set_error_from_cups (error, name, "Get-Job-Attributes");
      return FALSE;
    }
  attr = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  snapshot->job_state = attr ? (ipp_jstate_t) ippGetInteger (attr, 0) : IPP_JSTATE_PENDING;
  return query_printer (http, name, snapshot, error);
}

static KakanaiPrintState
print_state_from_snapshot (const PrinterSnapshot *snapshot)
{
  switch (snapshot->job_state)
    {
    case IPP_JSTATE_COMPLETED:
      return KAKANAI_PRINT_STATE_COMPLETED;
    case IPP_JSTATE_CANCELED:
      return KAKANAI_PRINT_STATE_CANCELLED;
    case IPP_JSTATE_ABORTED:
      return KAKANAI_PRINT_STATE_ABORTED;
    case IPP_JSTATE_HELD:
    case IPP_JSTATE_STOPPED:
      return KAKANAI_PRINT_STATE_STOPPED;
    case IPP_JSTATE_PROCESSING:
    case IPP_JSTATE_PENDING:
    default:
      if (snapshot->blocking_problems != KAKANAI_PRINTER_PROBLEM_NONE)
        return KAKANAI_PRINT_STATE_STOPPED;
      return snapshot->job_state == IPP_JSTATE_PROCESSING ? KAKANAI_PRINT_STATE_PRINTING
                                                          : KAKANAI_PRINT_STATE_PENDING;
    }
}

/* ---- public helpers ---- */

const char *
kakanai_print_state_to_string (KakanaiPrintState state)
{
  switch (state)
    {
    case KAKANAI_PRINT_STATE_NEW:       return "new";
    case KAKANAI_PRINT_STATE_SENDING:   return "sending";
    case KAKANAI_PRINT_STATE_PENDING:   return "pending";
    case KAKANAI_PRINT_STATE_PRINTING:  return "printing";
    case KAKANAI_PRINT_STATE_STOPPED:   return "stopped";
    case KAKANAI_PRINT_STATE_COMPLETED: return "completed";
    case KAKANAI_PRINT_STATE_CANCELLED: return "cancelled";
    case KAKANAI_PRINT_STATE_ABORTED:   return "aborted";
    case KAKANAI_PRINT_STATE_FAILED:    return "failed";
    default:                            return "unknown";
    }
}

char *
kakanai_printer_problem_describe (KakanaiPrinterProblem problems)
{
  /* The most useful sentence first: paper out also pauses the queue. */
  if (problems & KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY)
    return g_strdup (_("The printer is out of paper."));
  if (problems & KAKANAI_PRINTER_PROBLEM_MEDIA_JAM)
    return g_strdup (_("Paper is jammed in the printer."));
  if (problems & KAKANAI_PRINTER_PROBLEM_DOOR_OPEN)
    return g_strdup (_("A cover of the printer is open."));
  if (problems & KAKANAI_PRINTER_PROBLEM_TONER_EMPTY)
    return g_strdup (_("The printer is out of toner or ink."));
  if (problems & KAKANAI_PRINTER_PROBLEM_OFFLINE)
    return g_strdup (_("The printer is off or not connected."));
  if (problems & KAKANAI_PRINTER_PROBLEM_PAUSED)
    return g_strdup (_("The printer queue is stopped."));
  if (problems & KAKANAI_PRINTER_PROBLEM_OTHER)
    return g_strdup (_("The printer reports a problem."));
  return g_strdup (_("The printer is ready."));
}

void
kakanai_printer_info_free (KakanaiPrinterInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->description);
  g_free (info->message);
  g_free (info);
}

static KakanaiPrinterInfo *
printer_info_from_attributes (ipp_t *attrs, const char *name)
{
  KakanaiPrinterInfo *info = g_new0 (KakanaiPrinterInfo, 1);
  PrinterSnapshot snapshot = { 0 };
  ipp_attribute_t *attr = ippFindAttribute (attrs, "printer-info", IPP_TAG_TEXT);

  read_printer_attributes (attrs, &snapshot);
  info->name = g_strdup (name);
  info->description = g_strdup (attr ? ippGetString (attr, 0, NULL) : "");
  info->accepting_jobs = snapshot.printer_accepting;
  info->stopped = snapshot.printer_stopped;
  info->problems = snapshot.problems;
  info->message = g_steal_pointer (&snapshot.message);
  return info;
}

static char *
resolve_printer_name (http_t *http, const char *name, GError **error)
{
  const char *default_name;

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  default_name = cupsGetDefault2 (http);
  if (default_name == NULL)
    {
      g_set_error_literal (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_NO_PRINTER,
                           _("No printer is named and CUPS has no default printer."));
      return NULL;
    }
  return g_strdup (default_name);
}

KakanaiPrinterInfo *
kakanai_printer_get_info (const char *name, GError **error)
{
  g_autoptr(http_t) http = connect_to_scheduler (error);
  g_autofree char *resolved = NULL;
  char uri[HTTP_MAX_URI];
  ipp_t *request;
  g_autoptr(ipp_t) response = NULL;

  if (http == NULL)
    return NULL;
  resolved = resolve_printer_name (http, name, error);
  if (resolved == NULL)
    return NULL;
  request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  printer_uri (resolved, uri, sizeof uri);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  response = cupsDoRequest (http, request, "/");
  if (response == NULL || !ipp_status_ok ())
    {
      set_error_from_cups (error, resolved, "Get-Printer-Attributes");
      return NULL;
    }
  return printer_info_from_attributes (response, resolved);
}

/* The printers one after the other in a CUPS-Get-Printers response, separated by group tags. */
static GPtrArray *
printers_from_response (ipp_t *response)
{
  g_autoptr(GPtrArray) printers = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_printer_info_free);
  ipp_attribute_t *attr;

  for (attr = ippFirstAttribute (response); attr != NULL; attr = ippNextAttribute (response))
    {
      g_autoptr(ipp_t) one = NULL;
      const char *name = NULL;

      if (ippGetGroupTag (attr) != IPP_TAG_PRINTER)
        continue;
      one = ippNew ();
      for (; attr != NULL && ippGetGroupTag (attr) == IPP_TAG_PRINTER;
           attr = ippNextAttribute (response))
        {
          if (g_strcmp0 (ippGetName (attr), "printer-name") == 0)
            name = ippGetString (attr, 0, NULL);
          ippCopyAttribute (one, attr, 0);
        }
      if (name != NULL)
        g_ptr_array_add (printers, printer_info_from_attributes (one, name));
      if (attr == NULL)
        break;
    }
  return g_steal_pointer (&printers);
}

/* How long libcups may wait for the scheduler: it asks keep_waiting_cb after every slice. */
typedef struct
{
  gint64 deadline;            /* monotonic time */
  GCancellable *cancellable;
  gboolean timed_out;
} WaitLimit;

#define WAIT_SLICE_SECONDS 0.2

static int
keep_waiting_cb (http_t *http, void *data)
{
  WaitLimit *limit = data;

  if (g_cancellable_is_cancelled (limit->cancellable))
    return 0;
  if (g_get_monotonic_time () >= limit->deadline)
    {
      limit->timed_out = TRUE;
      return 0;
    }
  return 1;
}

static void
raise_cancel_flag_cb (GCancellable *cancellable, gpointer data)
{
  g_atomic_int_set ((int *) data, 1);
}

static http_t *
connect_to_scheduler_cancellable (guint timeout_ms, GCancellable *cancellable, GError **error)
{
  int cancel = 0;
  gulong handler = 0;
  http_t *http;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (raise_cancel_flag_cb), &cancel, NULL);
  http = connect_to_scheduler_within (timeout_ms, &cancel, error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_clear_pointer (&http, httpClose);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  return http;
}

GPtrArray *
kakanai_printer_list_within (guint timeout_ms, GCancellable *cancellable, GError **error)
{
  WaitLimit limit = {
    .deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND,
    .cancellable = cancellable,
  };
  g_autoptr(http_t) http = NULL;
  g_autoptr(ipp_t) response = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  http = connect_to_scheduler_cancellable (timeout_ms, cancellable, error);
  if (http == NULL)
    return NULL;
  httpSetTimeout (http, WAIT_SLICE_SECONDS, keep_waiting_cb, &limit);
  response = cupsDoRequest (http, ippNewRequest (IPP_OP_CUPS_GET_PRINTERS), "/");
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (limit.timed_out)
    {
      guint seconds = (timeout_ms + 999) / 1000;

      g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_UNREACHABLE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The print service (CUPS) at “%s” did not answer within %u second.",
                                "The print service (CUPS) at “%s” did not answer within %u seconds.",
                                seconds),
                   cupsServer (), seconds);
      return NULL;
    }
  if (cupsLastError () == IPP_STATUS_ERROR_NOT_FOUND)
    /* no queues at all */
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_printer_info_free);
  if (response == NULL && cupsLastError () == IPP_STATUS_ERROR_INTERNAL)
    {
      /* No IPP answer at all: the connection closed or failed (libcups says "Success"). */
      g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_UNREACHABLE,
                   _("The print service (CUPS) at “%s” does not answer."), cupsServer ());
      return NULL;
    }
  if (response == NULL || !ipp_status_ok ())
    {
      set_error_from_cups (error, cupsServer (), "CUPS-Get-Printers");
      return NULL;
    }
  return printers_from_response (response);
}

GPtrArray *
kakanai_printer_list (GError **error)
{
  return kakanai_printer_list_within (HTTP_TIMEOUT_MS, NULL, error);
}

static void
list_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *printers = kakanai_printer_list_within (GPOINTER_TO_UINT (task_data), cancellable, &error);

  if (printers != NULL)
    g_task_return_pointer (task, printers, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
kakanai_printer_list_async (guint timeout_ms, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kakanai_printer_list_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (timeout_ms), NULL);
  g_task_run_in_thread (task, list_in_thread);
}

GPtrArray *
kakanai_printer_list_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kakanai_printer_list_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- KakanaiPrintJob ---- */

static void
kakanai_print_job_finalize (GObject *object)
{
  KakanaiPrintJob *self = KAKANAI_PRINT_JOB (object);

  g_free (self->printer);
  g_free (self->title);
  g_free (self->message);
  g_free (self->resolved_printer);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  G_OBJECT_CLASS (kakanai_print_job_parent_class)->finalize (object);
}

static void
kakanai_print_job_class_init (KakanaiPrintJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kakanai_print_job_finalize;

  /**
   * KakanaiPrintJob::state-changed:
   * @state: the new KakanaiPrintState
   * @problems: the printer's KakanaiPrinterProblem flags
   *
   * Emitted in the thread that runs the job (sync) or in the caller's main context (async).
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_UINT);
}

static void
kakanai_print_job_init (KakanaiPrintJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->state = KAKANAI_PRINT_STATE_NEW;
  self->message = g_strdup ("");
}

KakanaiPrintJob *
kakanai_print_job_new (const char *printer, GBytes *pdf, const char *title)
{
  KakanaiPrintJob *self;

  g_return_val_if_fail (pdf != NULL, NULL);
  self = g_object_new (KAKANAI_TYPE_PRINT_JOB, NULL);
  self->printer = g_strdup (printer != NULL && *printer != '\0' ? printer : NULL);
  self->title = g_strdup (title != NULL ? title : "kakanai");
  self->pdf = g_bytes_ref (pdf);
  return self;
}

const char *
kakanai_print_job_get_printer (KakanaiPrintJob *self)
{
  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), NULL);
  return self->printer;
}

gboolean
kakanai_print_job_set_printer (KakanaiPrintJob *self, const char *printer, GError **error)
{
  gboolean running;

  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), FALSE);
  g_mutex_lock (&self->lock);
  running = self->running;
  if (!running)
    {
      g_free (self->printer);
      self->printer = g_strdup (printer != NULL && *printer != '\0' ? printer : NULL);
    }
  g_mutex_unlock (&self->lock);
  if (running)
    g_set_error_literal (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_BUSY,
                         _("This print job is already being printed."));
  return !running;
}

GBytes *
kakanai_print_job_get_pdf (KakanaiPrintJob *self)
{
  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), NULL);
  return self->pdf;
}

#define LOCKED_GETTER(type, field, fn)                     \
  type fn (KakanaiPrintJob *self)                          \
  {                                                        \
    type value;                                            \
    g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), 0); \
    g_mutex_lock (&self->lock);                            \
    value = self->field;                                   \
    g_mutex_unlock (&self->lock);                          \
    return value;                                          \
  }

LOCKED_GETTER (KakanaiPrintState, state, kakanai_print_job_get_state)
LOCKED_GETTER (KakanaiPrinterProblem, problems, kakanai_print_job_get_problems)
LOCKED_GETTER (int, job_id, kakanai_print_job_get_job_id)
LOCKED_GETTER (guint, n_sends, kakanai_print_job_get_n_sends)

char *
kakanai_print_job_dup_message (KakanaiPrintJob *self)
{
  char *message;

  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), NULL);
  g_mutex_lock (&self->lock);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->lock);
  return message;
}

void
kakanai_print_job_set_poll_interval (KakanaiPrintJob *self, guint interval_ms)
{
  g_return_if_fail (KAKANAI_IS_PRINT_JOB (self));
  self->poll_interval_ms = MAX (interval_ms, 10);
}

/* ---- running ---- */

typedef struct
{
  KakanaiPrintJob *job;
  KakanaiPrintState state;
  KakanaiPrinterProblem problems;
} StateEmission;

static gboolean
emit_state_changed_cb (gpointer data)
{
  StateEmission *emission = data;

  g_signal_emit (emission->job, signals[SIGNAL_STATE_CHANGED], 0,
                 (int) emission->state, (guint) emission->problems);
  return G_SOURCE_REMOVE;
}

static void
state_emission_free (gpointer data)
{
  StateEmission *emission = data;

  g_object_unref (emission->job);
  g_free (emission);
}

/* emit_context NULL: emit in this thread (the synchronous path). */
static void
set_state (KakanaiPrintJob *self, GMainContext *emit_context, KakanaiPrintState state,
           KakanaiPrinterProblem problems, const char *message)
{
  StateEmission *emission;
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->state != state || self->problems != problems;
  self->state = state;
  self->problems = problems;
  if (message != NULL)
    {
      g_free (self->message);
      self->message = g_strdup (message);
    }
  g_mutex_unlock (&self->lock);
  if (!changed)
    return;

  g_debug ("job %s: %s, problems 0x%x", self->title, kakanai_print_state_to_string (state),
           problems);
  emission = g_new0 (StateEmission, 1);
  emission->job = g_object_ref (self);
  emission->state = state;
  emission->problems = problems;
  if (emit_context == NULL)
    {
      emit_state_changed_cb (emission);
      state_emission_free (emission);
    }
  else
    {
      /* Not g_main_context_invoke: from a worker it may run the callback right there when
       * the default context is free, and the kiosk's handlers touch widgets. */
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_state_changed_cb, emission, state_emission_free);
      g_source_attach (source, emit_context);
      g_source_unref (source);
    }
}

static gboolean
take_cancel_request (KakanaiPrintJob *self)
{
  gboolean requested;

  g_mutex_lock (&self->lock);
  requested = self->cancel_requested;
  self->cancel_requested = FALSE;
  g_mutex_unlock (&self->lock);
  return requested;
}

static void
wake_follower (KakanaiPrintJob *self)
{
  g_mutex_lock (&self->lock);
  self->wake_requested = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
}

static void
wake_follower_cb (GCancellable *cancellable, gpointer data)
{
  wake_follower (data);
}

/* Sleeps one poll interval; FALSE when @cancellable was cancelled meanwhile. */
static gboolean
wait_poll_interval (KakanaiPrintJob *self, GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) self->poll_interval_ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&self->lock);
  while (!self->wake_requested)
    if (!g_cond_wait_until (&self->wake, &self->lock, end))
      break;
  self->wake_requested = FALSE;
  g_mutex_unlock (&self->lock);
  return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
cancel_cups_job (http_t *http, const char *printer, int job_id, GError **error)
{
  if (cupsCancelJob2 (http, printer, job_id, 0) != IPP_STATUS_OK)
    {
      set_error_from_cups (error, printer, "Cancel-Job");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_document (http_t *http, const char *printer, int job_id, GBytes *pdf, GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);

  if (cupsStartDocument (http, printer, job_id, "kakanai.pdf", CUPS_FORMAT_PDF, 1)
      != HTTP_STATUS_CONTINUE)
    {
      set_error_from_cups (error, printer, "Send-Document");
      return FALSE;
    }
  for (gsize offset = 0; offset < size; offset += WRITE_CHUNK)
    if (cupsWriteRequestData (http, data + offset, MIN (WRITE_CHUNK, size - offset))
        != HTTP_STATUS_CONTINUE)
      {
        cupsFinishDocument (http, printer);
        set_error_from_cups (error, printer, "Send-Document");
        return FALSE;
      }
  if (cupsFinishDocument (http, printer) != IPP_STATUS_OK)
    {
      set_error_from_cups (error, printer, "Send-Document");
      return FALSE;
    }
  return TRUE;
}

/* Creates the CUPS job and sends the bytes; the job id, or 0 with @error set. */
static int
send_job (KakanaiPrintJob *self, http_t *http, const char *printer, GError **error)
{
  PrinterSnapshot snapshot = { 0 };
  int job_id;

  if (!query_printer (http, printer, &snapshot, error))
    return 0;
  printer_snapshot_clear (&snapshot);
  if (!snapshot.printer_accepting)
    {
      g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_REJECTED,
                   _("The printer “%s” does not accept jobs now."), printer);
      return 0;
    }
  job_id = cupsCreateJob (http, printer, self->title, 0, NULL);
  if (job_id <= 0)
    {
      set_error_from_cups (error, printer, "Create-Job");
      return 0;
    }
  if (!write_document (http, printer, job_id, self->pdf, error))
    {
      /* Do not leave an empty job behind in the queue. */
      cancel_cups_job (http, printer, job_id, NULL);
      return 0;
    }
  return job_id;
}

static gboolean
fail_for_final_state (KakanaiPrintState state, const char *printer, int job_id, GError **error)
{
  if (state == KAKANAI_PRINT_STATE_CANCELLED)
    g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_CANCELLED,
                 _("Print job %d on “%s” was cancelled."), job_id, printer);
  else
    g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_ABORTED,
                 _("The printer “%s” gave up on print job %d."), printer, job_id);
  return FALSE;
}

/* Follows @job_id until it ends; TRUE when it completed. */
static gboolean
follow_job (KakanaiPrintJob *self, http_t *http, const char *printer, int job_id,
            KakanaiPrintFollowFlags flags, GMainContext *emit_context,
            GCancellable *cancellable, GError **error)
{
  guint failures = 0;

  for (;;)
    {
      PrinterSnapshot snapshot = { 0 };
      g_autoptr(GError) query_error = NULL;
      KakanaiPrintState state;

      if (take_cancel_request (self) && !cancel_cups_job (http, printer, job_id, error))
        return FALSE;

      if (!query_job (http, printer, job_id, &snapshot, &query_error))
        {
          printer_snapshot_clear (&snapshot);
          if (++failures >= MAX_QUERY_FAILURES)
            {
              g_propagate_error (error, g_steal_pointer (&query_error));
              return FALSE;
            }
        }
      else
        {
          failures = 0;
          state = print_state_from_snapshot (&snapshot);
          set_state (self, emit_context, state, snapshot.problems, snapshot.message);
          printer_snapshot_clear (&snapshot);

          if (state == KAKANAI_PRINT_STATE_COMPLETED)
            return TRUE;
          if (state == KAKANAI_PRINT_STATE_CANCELLED || state == KAKANAI_PRINT_STATE_ABORTED)
            return fail_for_final_state (state, printer, job_id, error);
          if (state == KAKANAI_PRINT_STATE_STOPPED
              && (flags & KAKANAI_PRINT_FOLLOW_FAIL_WHEN_STOPPED))
            {
              g_autofree char *why = kakanai_printer_problem_describe (kakanai_print_job_get_problems (self));
              g_set_error (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_STOPPED,
                           _("%s Print job %d waits in the queue of “%s”."), why, job_id, printer);
              return FALSE;
            }
        }

      if (!wait_poll_interval (self, cancellable))
        return !g_cancellable_set_error_if_cancelled (cancellable, error);
    }
}

static gboolean
claim_running (KakanaiPrintJob *self, GError **error)
{
  gboolean claimed;

  g_mutex_lock (&self->lock);
  claimed = !self->running;
  if (claimed)
    {
      self->running = TRUE;
      self->cancel_requested = FALSE;
      self->wake_requested = FALSE;
    }
  g_mutex_unlock (&self->lock);
  if (!claimed)
    g_set_error_literal (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_BUSY,
                         _("This print job is already being printed."));
  return claimed;
}

static void
release_running (KakanaiPrintJob *self)
{
  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_mutex_unlock (&self->lock);
}

static gboolean
run_claimed (KakanaiPrintJob *self, KakanaiPrintFollowFlags flags, GMainContext *emit_context,
             GCancellable *cancellable, GError **error)
{
  g_autoptr(http_t) http = NULL;
  g_autofree char *printer = NULL;
  g_autoptr(GError) local_error = NULL;
  int job_id;

  set_state (self, emit_context, KAKANAI_PRINT_STATE_SENDING, KAKANAI_PRINTER_PROBLEM_NONE, "");
  g_autofree char *wanted = NULL;

  g_mutex_lock (&self->lock);
  wanted = g_strdup (self->printer);
  g_mutex_unlock (&self->lock);
  http = connect_to_scheduler (error);
  if (http != NULL)
    printer = resolve_printer_name (http, wanted, error);
  job_id = printer != NULL ? send_job (self, http, printer, error) : 0;
  if (job_id <= 0)
    {
      set_state (self, emit_context, KAKANAI_PRINT_STATE_FAILED, KAKANAI_PRINTER_PROBLEM_NONE, NULL);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  self->job_id = job_id;
  self->n_sends++;
  g_free (self->resolved_printer);
  self->resolved_printer = g_strdup (printer);
  g_mutex_unlock (&self->lock);
  set_state (self, emit_context, KAKANAI_PRINT_STATE_PENDING, KAKANAI_PRINTER_PROBLEM_NONE, NULL);

  if (!follow_job (self, http, printer, job_id, flags, emit_context, cancellable, &local_error))
    {
      KakanaiPrintState state = kakanai_print_job_get_state (self);
      gboolean ended = state == KAKANAI_PRINT_STATE_CANCELLED || state == KAKANAI_PRINT_STATE_ABORTED;
      /* Stopped, or we only stopped looking: the job is still in the queue. */
      gboolean still_queued = state == KAKANAI_PRINT_STATE_STOPPED
                              || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      if (!ended && !still_queued)
        set_state (self, emit_context, KAKANAI_PRINT_STATE_FAILED,
                   kakanai_print_job_get_problems (self), NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_with_context (KakanaiPrintJob *self, KakanaiPrintFollowFlags flags, GMainContext *emit_context,
                  GCancellable *cancellable, GError **error)
{
  gulong handler = 0;
  gboolean ok;

  if (!claim_running (self, error))
    return FALSE;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wake_follower_cb), self, NULL);
  ok = run_claimed (self, flags, emit_context, cancellable, error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  release_running (self);
  return ok;
}

gboolean
kakanai_print_job_run (KakanaiPrintJob *self, KakanaiPrintFollowFlags flags,
                       GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return run_with_context (self, flags, NULL, cancellable, error);
}

typedef struct
{
  KakanaiPrintFollowFlags flags;
  GMainContext *emit_context;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_main_context_unref (run->emit_context);
  g_free (run);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;

  if (run_with_context (KAKANAI_PRINT_JOB (source), run->flags, run->emit_context, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kakanai_print_job_run_async (KakanaiPrintJob *self, KakanaiPrintFollowFlags flags,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (KAKANAI_IS_PRINT_JOB (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kakanai_print_job_run_async);
  /* The follower may wait for a long time (paper out): it must not hold the GTask pool. */
  run = g_new0 (RunData, 1);
  run->flags = flags;
  run->emit_context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, run, run_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
kakanai_print_job_run_finish (KakanaiPrintJob *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kakanai_print_job_cancel (KakanaiPrintJob *self, GError **error)
{
  g_autoptr(http_t) http = NULL;
  g_autofree char *printer = NULL;
  int job_id;
  gboolean running;
  KakanaiPrintState state;

  g_return_val_if_fail (KAKANAI_IS_PRINT_JOB (self), FALSE);
  g_mutex_lock (&self->lock);
  running = self->running;
  job_id = self->job_id;
  state = self->state;
  printer = g_strdup (self->resolved_printer);
  g_mutex_unlock (&self->lock);

  if (job_id <= 0 || state == KAKANAI_PRINT_STATE_COMPLETED
      || state == KAKANAI_PRINT_STATE_CANCELLED || state == KAKANAI_PRINT_STATE_ABORTED
      || (running && state == KAKANAI_PRINT_STATE_SENDING))
    {
      if (running)
        {
          /* Still sending: the follower cancels as soon as it has a job id. */
          g_mutex_lock (&self->lock);
          self->cancel_requested = TRUE;
          g_mutex_unlock (&self->lock);
          wake_follower (self);
          return TRUE;
        }
      g_set_error_literal (error, KAKANAI_PRINTER_ERROR, KAKANAI_PRINTER_ERROR_FAILED,
                           _("There is no print job waiting to be cancelled."));
      return FALSE;
    }

  http = connect_to_scheduler (error);
  if (http == NULL || !cancel_cups_job (http, printer, job_id, error))
    return FALSE;
  if (running)
    wake_follower (self); /* look now, without waiting for the next poll */
  else
    set_state (self, NULL, KAKANAI_PRINT_STATE_CANCELLED, kakanai_print_job_get_problems (self), NULL);
  return TRUE;
}

gboolean
kakanai_printer_print_bytes_sync (const char *printer, GBytes *pdf, const char *title,
                                  int *job_id_out, GError **error)
{
  g_autoptr(KakanaiPrintJob) job = kakanai_print_job_new (printer, pdf, title);
  gboolean ok = kakanai_print_job_run (job, KAKANAI_PRINT_FOLLOW_FAIL_WHEN_STOPPED, NULL, error);

  if (job_id_out != NULL)
    *job_id_out = kakanai_print_job_get_job_id (job);
  return ok;
}
