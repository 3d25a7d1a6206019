/* kakanai-kiosk-card.c: the card reader as the kiosk sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-card.h"

#include <kakanai-sim-card.h>
#include <string.h>

/* How long one wait for a change lasts before the monitor looks again (so a
 * changed reader name or a stop request is noticed). */
#define MONITOR_WAIT_MS 500
#define DEMO_PLACE_DELAY_MS 1500

struct _KakanaiKioskCard {
  GObject                  parent_instance;

  KakanaiSimCard          *sim;          /* demo: the card in process */
  gint                     sim_taken;    /* atomic: the simulated card was taken away */
  guint                    place_delay_ms; /* set before any work starts */
  KakanaiPcsc             *monitor_pcsc; /* used by the monitor thread only */
  KakanaiPcsc             *worker_pcsc;  /* used by one GTask worker at a time */
  GMutex                   worker_lock;
  GThread                 *monitor;
  gint                     stopping;     /* atomic */
  GMutex                   reader_lock;
  char                    *reader_substring;
  GMainContext            *context;
  KakanaiKioskReaderState  state;        /* main thread */
  guint                    read_serial;  /* main thread: the latest read started */
};

G_DEFINE_FINAL_TYPE (KakanaiKioskCard, kakanai_kiosk_card, G_TYPE_OBJECT)

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_READ_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  KakanaiKioskCard        *self;
  KakanaiKioskReaderState  state;
} StateUpdate;

static void
state_update_free (gpointer data)
{
  StateUpdate *update = data;

  g_object_unref (update->self);
  g_free (update);
}

static gboolean
deliver_state (gpointer data)
{
  StateUpdate *update = data;
  KakanaiKioskCard *self = update->self;

  if (g_atomic_int_get (&self->stopping) || self->state == update->state)
    return G_SOURCE_REMOVE;
  self->state = update->state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, (guint) update->state);
  return G_SOURCE_REMOVE;
}

static void
post_state (KakanaiKioskCard        *self,
            KakanaiKioskReaderState  state)
{
  StateUpdate *update = g_new0 (StateUpdate, 1);

  update->self = g_object_ref (self);
  update->state = state;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, deliver_state, update,
                              state_update_free);
}

static char *
dup_reader_substring (KakanaiKioskCard *self)
{
  char *copy;

  g_mutex_lock (&self->reader_lock);
  copy = g_strdup (self->reader_substring);
  g_mutex_unlock (&self->reader_lock);
  return copy;
}

static KakanaiKioskReaderState
look_at_readers (KakanaiKioskCard *self,
                 const char       *substring)
{
  g_autoptr (GPtrArray) readers = kakanai_pcsc_list_readers (self->monitor_pcsc, NULL);
  gboolean any_reader = FALSE;

  if (readers == NULL)
    return KAKANAI_KIOSK_READER_NONE;
  for (guint i = 0; i < readers->len; i++)
    {
      KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

      if (substring[0] != '\0' && strstr (info->name, substring) == NULL)
        continue;
      any_reader = TRUE;
      if (info->card_present)
        return KAKANAI_KIOSK_READER_CARD_PRESENT;
    }
  return any_reader ? KAKANAI_KIOSK_READER_EMPTY : KAKANAI_KIOSK_READER_NONE;
}

static gpointer
monitor_thread (gpointer data)
{
  KakanaiKioskCard *self = data;

  while (!g_atomic_int_get (&self->stopping))
    {
      g_autofree char *substring = dup_reader_substring (self);
      KakanaiKioskReaderState state = look_at_readers (self, substring);
      KakanaiReaderState awaited = state == KAKANAI_KIOSK_READER_CARD_PRESENT
                                     ? KAKANAI_READER_STATE_EMPTY
                                     : KAKANAI_READER_STATE_CARD_PRESENT;
      g_autoptr (GError) error = NULL;
      gint64 started = g_get_monotonic_time ();

      post_state (self, state);
      if (!kakanai_pcsc_wait (self->monitor_pcsc, substring, awaited, MONITOR_WAIT_MS, NULL,
                              &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) &&
          !g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED))
        {
          /* pcscd gone or similar: do not spin, look again shortly. */
          gint64 elapsed_ms = (g_get_monotonic_time () - started) / 1000;

          if (elapsed_ms < MONITOR_WAIT_MS)
            g_usleep ((MONITOR_WAIT_MS - elapsed_ms) * 1000);
        }
    }
  return NULL;
}

static void
kakanai_kiosk_card_dispose (GObject *object)
{
  KakanaiKioskCard *self = KAKANAI_KIOSK_CARD (object);

  g_atomic_int_set (&self->stopping, TRUE);
  if (self->monitor != NULL)
    {
      kakanai_pcsc_cancel (self->monitor_pcsc);
      g_thread_join (g_steal_pointer (&self->monitor));
    }
  G_OBJECT_CLASS (kakanai_kiosk_card_parent_class)->dispose (object);
}

static void
kakanai_kiosk_card_finalize (GObject *object)
{
  KakanaiKioskCard *self = KAKANAI_KIOSK_CARD (object);

  g_clear_pointer (&self->sim, kakanai_sim_card_unref);
  g_clear_pointer (&self->monitor_pcsc, kakanai_pcsc_free);
  g_clear_pointer (&self->worker_pcsc, kakanai_pcsc_free);
  g_clear_pointer (&self->reader_substring, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->reader_lock);
  g_mutex_clear (&self->worker_lock);
  G_OBJECT_CLASS (kakanai_kiosk_card_parent_class)->finalize (object);
}

static void
kakanai_kiosk_card_class_init (KakanaiKioskCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kakanai_kiosk_card_dispose;
  object_class->finalize = kakanai_kiosk_card_finalize;

  /* KakanaiKioskCard::state-changed: (state: KakanaiKioskReaderState) */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* KakanaiKioskCard::read-progress: (steps_done, n_steps, what: KakanaiReadStep) */
  signals[SIGNAL_READ_PROGRESS] =
    g_signal_new ("read-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
kakanai_kiosk_card_init (KakanaiKioskCard *self)
{
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->worker_lock);
  self->context = g_main_context_ref_thread_default ();
  self->state = KAKANAI_KIOSK_READER_UNKNOWN;
}

KakanaiKioskCard *
kakanai_kiosk_card_new_pcsc (const char *reader_substring)
{
  KakanaiKioskCard *self = g_object_new (KAKANAI_TYPE_KIOSK_CARD, NULL);

  self->reader_substring = g_strdup (reader_substring != NULL ? reader_substring : "");
  self->monitor_pcsc = kakanai_pcsc_new ();
  self->worker_pcsc = kakanai_pcsc_new ();
  self->monitor = g_thread_new ("kakanai-reader", monitor_thread, self);
  return self;
}

KakanaiKioskCard *
kakanai_kiosk_card_new_simulated (const char *profile_path,
                                  GError    **error)
{
  g_autoptr (KakanaiSimCard) sim = kakanai_sim_card_new_from_file (profile_path, error);
  KakanaiKioskCard *self;

  if (sim == NULL)
    return NULL;
  self = g_object_new (KAKANAI_TYPE_KIOSK_CARD, NULL);
  self->sim = g_steal_pointer (&sim);
  self->place_delay_ms = DEMO_PLACE_DELAY_MS;
  self->reader_substring = g_strdup ("");
  self->state = KAKANAI_KIOSK_READER_CARD_PRESENT;
  return self;
}

void
kakanai_kiosk_card_set_simulated_present (KakanaiKioskCard *self,
                                          gboolean          present)
{
  KakanaiKioskReaderState state = present ? KAKANAI_KIOSK_READER_CARD_PRESENT : KAKANAI_KIOSK_READER_EMPTY;

  g_return_if_fail (KAKANAI_IS_KIOSK_CARD (self));
  g_return_if_fail (self->sim != NULL);

  g_atomic_int_set (&self->sim_taken, !present);
  if (self->state == state)
    return;
  self->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, (guint) state);
}

void
kakanai_kiosk_card_set_simulated_delay (KakanaiKioskCard *self,
                                        guint             milliseconds)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_CARD (self));
  g_return_if_fail (self->sim != NULL);

  self->place_delay_ms = milliseconds;
}

KakanaiKioskReaderState
kakanai_kiosk_card_get_state (KakanaiKioskCard *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_CARD (self), KAKANAI_KIOSK_READER_UNKNOWN);

  return self->state;
}

void
kakanai_kiosk_card_set_reader (KakanaiKioskCard *self,
                               const char       *reader_substring)
{
  g_mutex_lock (&self->reader_lock);
  g_free (self->reader_substring);
  self->reader_substring = g_strdup (reader_substring != NULL ? reader_substring : "");
  g_mutex_unlock (&self->reader_lock);
}

/* Worker threads only, under worker_lock. */
static KakanaiTransport *
connect_card (KakanaiKioskCard *self,
              GError          **error)
{
  g_autofree char *substring = NULL;
  g_autofree char *reader = NULL;

  if (self->sim != NULL && g_atomic_int_get (&self->sim_taken))
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD,
                           "the simulated card is not on the reader");
      return NULL;
    }
  if (self->sim != NULL)
    return kakanai_sim_transport_new (self->sim);
  substring = dup_reader_substring (self);
  reader = kakanai_pcsc_choose_reader (self->worker_pcsc, substring, error);
  if (reader == NULL)
    return NULL;
  return kakanai_pcsc_connect (self->worker_pcsc, reader, error);
}

/* Worker threads only, under worker_lock. */
static void
probe_card (KakanaiKioskCard *self,
            GTask            *task)
{
  g_autoptr (KakanaiTransport) transport = NULL;
  g_autoptr (KakanaiMyNumberCard) card = NULL;
  g_autoptr (GError) error = NULL;
  guint tries_left = 0;

  /* The demo card is "placed" a moment after the card screen shows, so the
   * resident sees what a real counter asks for. */
  if (self->sim != NULL)
    g_usleep (self->place_delay_ms * 1000);
  transport = connect_card (self, &error);
  if (transport == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  card = kakanai_mynumber_card_new (transport);
  if (!kakanai_mynumber_card_get_tries_left (card, &tries_left, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, tries_left);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KakanaiKioskCard *self = source_object;

  g_mutex_lock (&self->worker_lock);
  probe_card (self, task);
  g_mutex_unlock (&self->worker_lock);
}

void
kakanai_kiosk_card_probe_async (KakanaiKioskCard    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kakanai_kiosk_card_probe_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, probe_thread);
}

gboolean
kakanai_kiosk_card_probe_finish (KakanaiKioskCard *self,
                                 GAsyncResult     *result,
                                 guint            *tries_left,
                                 GError          **error)
{
  gssize value = g_task_propagate_int (G_TASK (result), error);

  if (value < 0)
    return FALSE;
  *tries_left = (guint) value;
  return TRUE;
}

#define TRIES_UNKNOWN G_MAXUINT

typedef struct {
  KakanaiKioskCard *self;
  char             *pin;        /* kakanai_secure_strdup */
  KakanaiReadFlags  flags;
  guint             tries_left; /* TRIES_UNKNOWN until the card tells */
  guint             serial;     /* which read this is (read_serial) */
  GCancellable     *cancellable; /* may be NULL */
} ReadRequest;

/* One step of a read, on its way from the worker to the main thread. */
typedef struct {
  KakanaiKioskCard *self;
  GCancellable     *cancellable;
  guint             serial;
  guint             steps_done;
  guint             n_steps;
  KakanaiReadStep   what;
} ProgressUpdate;

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_clear_object (&update->cancellable);
  g_object_unref (update->self);
  g_free (update);
}

/* Main thread. A read that was cancelled (its session ended) or that a
 * newer read replaced has nothing left to show. */
static gboolean
deliver_progress (gpointer data)
{
  ProgressUpdate *update = data;
  KakanaiKioskCard *self = update->self;

  if (g_atomic_int_get (&self->stopping) ||
      (update->cancellable != NULL && g_cancellable_is_cancelled (update->cancellable)) ||
      update->serial != self->read_serial)
    return G_SOURCE_REMOVE;
  g_signal_emit (self, signals[SIGNAL_READ_PROGRESS], 0, update->steps_done, update->n_steps,
                 (guint) update->what);
  return G_SOURCE_REMOVE;
}

/* The reading thread: only step numbers cross over, never the PIN or data. */
static void
post_progress (guint           steps_done,
               guint           n_steps,
               KakanaiReadStep what,
               gpointer        user_data)
{
  ReadRequest *request = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->self = g_object_ref (request->self);
  update->cancellable = request->cancellable != NULL ? g_object_ref (request->cancellable) : NULL;
  update->serial = request->serial;
  update->steps_done = steps_done;
  update->n_steps = n_steps;
  update->what = what;
  g_main_context_invoke_full (request->self->context, G_PRIORITY_DEFAULT, deliver_progress, update,
                              progress_update_free);
}

static void
read_request_free (gpointer data)
{
  ReadRequest *request = data;

  kakanai_secure_strfree (request->pin);
  g_clear_object (&request->cancellable);
  g_free (request);
}

/* Worker threads only, under worker_lock. */
static void
read_card (KakanaiKioskCard *self,
           GTask            *task,
           ReadRequest      *request)
{
  g_autoptr (KakanaiTransport) transport = NULL;
  g_autoptr (KakanaiMyNumberCard) card = NULL;
  g_autoptr (GError) error = NULL;
  KakanaiCardRecord *record;

  transport = connect_card (self, &error);
  if (transport == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  card = kakanai_mynumber_card_new (transport);
  kakanai_mynumber_card_set_progress_func (card, post_progress, request, NULL);
  record = kakanai_mynumber_card_read (card, request->pin, request->flags, &request->tries_left,
                                       &error);
  if (record == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, record, (GDestroyNotify) kakanai_card_record_free);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KakanaiKioskCard *self = source_object;
  ReadRequest *request = task_data;

  g_mutex_lock (&self->worker_lock);
  read_card (self, task, request);
  g_mutex_unlock (&self->worker_lock);
  /* The PIN is not kept a moment longer than the read. */
  g_clear_pointer (&request->pin, kakanai_secure_strfree);
}

void
kakanai_kiosk_card_read_async (KakanaiKioskCard    *self,
                               const char          *pin,
                               KakanaiReadFlags     flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadRequest *request = g_new0 (ReadRequest, 1);

  request->self = self; /* the task holds a reference */
  request->pin = kakanai_secure_strdup (pin);
  request->flags = flags;
  request->tries_left = TRIES_UNKNOWN;
  request->serial = ++self->read_serial;
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_source_tag (task, kakanai_kiosk_card_read_async);
  g_task_set_task_data (task, request, read_request_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

KakanaiCardRecord *
kakanai_kiosk_card_read_finish (KakanaiKioskCard *self,
                                GAsyncResult     *result,
                                guint            *tries_left,
                                GError          **error)
{
  ReadRequest *request = g_task_get_task_data (G_TASK (result));

  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  /* A cancelled task may have returned while the worker still runs: only a
   * task that ran to its end has a count to trust. */
  if (tries_left != NULL && request->tries_left != TRIES_UNKNOWN &&
      (cancellable == NULL || !g_cancellable_is_cancelled (cancellable)))
    *tries_left = request->tries_left;
  return g_task_propagate_pointer (G_TASK (result), error);
}
