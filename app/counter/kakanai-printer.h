/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-printer.h: silent printing of an in-memory PDF through CUPS, following the job
 *
 * A KakanaiPrintJob holds the PDF bytes (never written to disk by us) and the printer's
 * name. Running it sends the bytes as a new CUPS job and follows that job until it is
 * completed, cancelled or aborted, reporting every change of state: a printer that stops
 * (out of paper, offline, paused by an administrator) shows at once. The job keeps its
 * bytes, so a clerk can run it again (re-send) or cancel it; nothing is lost silently.
 *
 * When no printer is configured, callers write the PDF to the output folder instead.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KAKANAI_PRINTER_ERROR (kakanai_printer_error_quark ())
GQuark kakanai_printer_error_quark (void);

typedef enum
{
  KAKANAI_PRINTER_ERROR_NO_PRINTER,   /* no such queue (or no default queue) */
  KAKANAI_PRINTER_ERROR_UNREACHABLE,  /* the CUPS scheduler does not answer */
  KAKANAI_PRINTER_ERROR_REJECTED,     /* the queue does not accept jobs, or refused this one */
  KAKANAI_PRINTER_ERROR_STOPPED,      /* the printer stopped; the job waits in the queue */
  KAKANAI_PRINTER_ERROR_CANCELLED,    /* the job was cancelled */
  KAKANAI_PRINTER_ERROR_ABORTED,      /* the printer gave up on the job */
  KAKANAI_PRINTER_ERROR_BUSY,         /* this KakanaiPrintJob is already running */
  KAKANAI_PRINTER_ERROR_FAILED,       /* any other CUPS error (the message says which) */
} KakanaiPrinterError;

/* What the printer reports about itself (printer-state-reasons), as flags. */
typedef enum
{
  KAKANAI_PRINTER_PROBLEM_NONE        = 0,
  KAKANAI_PRINTER_PROBLEM_PAUSED      = 1 << 0, /* stopped by an administrator or a backend */
  KAKANAI_PRINTER_PROBLEM_MEDIA_EMPTY = 1 << 1, /* out of paper */
  KAKANAI_PRINTER_PROBLEM_MEDIA_JAM   = 1 << 2,
  KAKANAI_PRINTER_PROBLEM_OFFLINE     = 1 << 3,
  KAKANAI_PRINTER_PROBLEM_DOOR_OPEN   = 1 << 4,
  KAKANAI_PRINTER_PROBLEM_TONER_EMPTY = 1 << 5,
  KAKANAI_PRINTER_PROBLEM_OTHER       = 1 << 6, /* another "-error" reason */
} KakanaiPrinterProblem;

typedef enum
{
  KAKANAI_PRINT_STATE_NEW,        /* not sent yet */
  KAKANAI_PRINT_STATE_SENDING,    /* bytes going to the scheduler */
  KAKANAI_PRINT_STATE_PENDING,    /* queued, waiting for the printer */
  KAKANAI_PRINT_STATE_PRINTING,
  KAKANAI_PRINT_STATE_STOPPED,    /* waiting for someone: printer stopped, paper out, job held */
  KAKANAI_PRINT_STATE_COMPLETED,
  KAKANAI_PRINT_STATE_CANCELLED,
  KAKANAI_PRINT_STATE_ABORTED,
  KAKANAI_PRINT_STATE_FAILED,     /* could not be sent, or following it failed */
} KakanaiPrintState;

const char *kakanai_print_state_to_string (KakanaiPrintState state);
/* A short translated sentence for the clerk, e.g. "The printer is out of paper." */
char *kakanai_printer_problem_describe (KakanaiPrinterProblem problems);

typedef enum
{
  KAKANAI_PRINT_FOLLOW_DEFAULT           = 0,
  /* Fail with KAKANAI_PRINTER_ERROR_STOPPED as soon as the printer stops, leaving the job
   * queued (the CLI). Without it, following goes on until the clerk resumes or cancels. */
  KAKANAI_PRINT_FOLLOW_FAIL_WHEN_STOPPED = 1 << 0,
} KakanaiPrintFollowFlags;

/* ---- printers ---- */

typedef struct
{
  char *name;
  char *description;          /* printer-info, may be empty */
  gboolean accepting_jobs;
  gboolean stopped;           /* printer-state is "stopped" */
  KakanaiPrinterProblem problems;
  char *message;              /* printer-state-message, may be empty */
} KakanaiPrinterInfo;

void kakanai_printer_info_free (KakanaiPrinterInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiPrinterInfo, kakanai_printer_info_free)

/* The queues of the scheduler in CUPS_SERVER / client.conf: a GPtrArray of KakanaiPrinterInfo.
 * Blocks up to 30 s when the scheduler does not answer (UNREACHABLE then). */
GPtrArray          *kakanai_printer_list       (GError **error);
/* The same, giving up after @timeout_ms without an answer (UNREACHABLE: a print server
 * that accepts the connection and then says nothing), or when @cancellable is cancelled
 * (G_IO_ERROR_CANCELLED, within a fraction of a second). */
GPtrArray          *kakanai_printer_list_within (guint timeout_ms, GCancellable *cancellable,
                                                GError **error);
/* kakanai_printer_list_within in a worker thread; callback in the caller's thread-default
 * main context. */
void                kakanai_printer_list_async  (guint timeout_ms, GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
GPtrArray          *kakanai_printer_list_finish (GAsyncResult *result, GError **error);
/* One queue; NULL name means the default queue. NO_PRINTER when it does not exist. */
KakanaiPrinterInfo *kakanai_printer_get_info   (const char *name, GError **error);

/* ---- jobs ---- */

#define KAKANAI_TYPE_PRINT_JOB (kakanai_print_job_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiPrintJob, kakanai_print_job, KAKANAI, PRINT_JOB, GObject)

/* printer NULL: the default queue. Takes a reference on pdf. title: the job name CUPS shows
 * (never personal data: e.g. "kakanai"). */
KakanaiPrintJob   *kakanai_print_job_new           (const char *printer, GBytes *pdf, const char *title);

const char        *kakanai_print_job_get_printer   (KakanaiPrintJob *job); /* NULL: default queue */
/* Another queue for the next run (a re-send after the clerk chose another printer).
 * FALSE (BUSY) while the job runs. */
gboolean           kakanai_print_job_set_printer   (KakanaiPrintJob *job, const char *printer,
                                                    GError **error);
GBytes            *kakanai_print_job_get_pdf       (KakanaiPrintJob *job);
/* The state getters are thread-safe and read what the follower saw last. */
KakanaiPrintState  kakanai_print_job_get_state     (KakanaiPrintJob *job);
KakanaiPrinterProblem kakanai_print_job_get_problems (KakanaiPrintJob *job);
int                kakanai_print_job_get_job_id    (KakanaiPrintJob *job); /* 0 before sending */
guint              kakanai_print_job_get_n_sends   (KakanaiPrintJob *job);
char              *kakanai_print_job_dup_message   (KakanaiPrintJob *job); /* printer's message */

/* Seconds between two looks at the job (default 0.25). */
void kakanai_print_job_set_poll_interval (KakanaiPrintJob *job, guint interval_ms);

/* Sends the bytes as a new CUPS job and follows it to the end, blocking the calling thread.
 * The "state-changed" signal is emitted in the calling thread. Returns TRUE when the job
 * completed. Cancelling @cancellable stops following; the CUPS job itself goes on (use
 * kakanai_print_job_cancel to cancel it). Running again after the end re-sends the bytes. */
gboolean kakanai_print_job_run        (KakanaiPrintJob *job, KakanaiPrintFollowFlags flags,
                                       GCancellable *cancellable, GError **error);

/* The same in a worker thread; "state-changed" is emitted in the thread-default main
 * context of the caller, callback called there when the job ends. */
void     kakanai_print_job_run_async  (KakanaiPrintJob *job, KakanaiPrintFollowFlags flags,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean kakanai_print_job_run_finish (KakanaiPrintJob *job, GAsyncResult *result, GError **error);

/* Cancels the CUPS job (any thread). A running follower then ends with CANCELLED. */
gboolean kakanai_print_job_cancel     (KakanaiPrintJob *job, GError **error);

/* The CLI path: prints and waits, failing at once when the printer stops. */
gboolean kakanai_printer_print_bytes_sync (const char *printer, GBytes *pdf, const char *title,
                                           int *job_id_out, GError **error);

G_END_DECLS
