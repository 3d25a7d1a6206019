/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pcsc.c: readers, waiting and a transport over pcsclite */
#define G_LOG_DOMAIN "kakanai-pcsc"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <PCSC/pcsclite.h>
#include <string.h>

#include "kakanai-pcsc.h"
#include "kakanai-transport-private.h"

/* pcsclite's pseudo-reader whose state changes when readers come and go. */
#define PNP_NOTIFICATION "\\\\?PnP?\\Notification"

/* A blocking wait is cut into slices so that a kakanai_pcsc_cancel() that lands just
 * before SCardGetStatusChange() starts (SCardCancel then has nothing to cancel) still
 * ends the wait within one slice. */
#define WAIT_SLICE_MS 1000
/* How often to look for pcscd while it is not running. */
#define SERVICE_RETRY_MS 250
/* pcscd polls readers such as vpcd every 400 ms: how long a failed exchange may take to
 * show up as the card leaving. */
#define REMOVAL_CONFIRM_MS 1500

struct _KakanaiPcsc
{
  gint ref_count;

  GMutex lock;           /* guards context, has_context, sleeping */
  GCond wake;            /* wakes a service-retry sleep on cancel */
  SCARDCONTEXT context;
  gboolean has_context;

  gint cancel_requested; /* atomic */
};

typedef struct
{
  KakanaiTransport parent;
  KakanaiPcsc *pcsc;
  char *reader;
  SCARDHANDLE card;
  DWORD protocol;
  gboolean in_transaction;
} KakanaiPcscTransport;

/* pcscd went away (restart, crash): the context must be established again.
 * SCARD_F_COMM_ERROR is pcsclite's "RPC transport error", the socket to pcscd breaking. */
static gboolean
is_service_gone (LONG rv)
{
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
         rv == SCARD_E_INVALID_HANDLE || rv == SCARD_F_COMM_ERROR;
}

static void
set_service_error (GError **error, LONG rv)
{
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER,
               _("The PC/SC service (pcscd) is not running (%s)"), pcsc_stringify_error (rv));
}

void
kakanai_reader_info_free (KakanaiReaderInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info);
}

KakanaiPcsc *
kakanai_pcsc_new (void)
{
  KakanaiPcsc *pcsc = g_new0 (KakanaiPcsc, 1);

  pcsc->ref_count = 1;
  g_mutex_init (&pcsc->lock);
  g_cond_init (&pcsc->wake);
  return pcsc;
}

KakanaiPcsc *
kakanai_pcsc_ref (KakanaiPcsc *pcsc)
{
  g_return_val_if_fail (pcsc != NULL, NULL);
  g_atomic_int_inc (&pcsc->ref_count);
  return pcsc;
}

static void
drop_context (KakanaiPcsc *pcsc)
{
  g_mutex_lock (&pcsc->lock);
  if (pcsc->has_context)
    SCardReleaseContext (pcsc->context);
  pcsc->has_context = FALSE;
  g_mutex_unlock (&pcsc->lock);
}

void
kakanai_pcsc_free (KakanaiPcsc *pcsc)
{
  if (pcsc == NULL || !g_atomic_int_dec_and_test (&pcsc->ref_count))
    return;
  drop_context (pcsc);
  g_mutex_clear (&pcsc->lock);
  g_cond_clear (&pcsc->wake);
  g_free (pcsc);
}

/* The context, established if needed. FALSE (rv set) when pcscd is not there. */
static gboolean
ensure_context (KakanaiPcsc *pcsc, SCARDCONTEXT *context, LONG *rv)
{
  gboolean ok = TRUE;

  g_mutex_lock (&pcsc->lock);
  *rv = SCARD_S_SUCCESS;
  if (!pcsc->has_context)
    {
      *rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &pcsc->context);
      pcsc->has_context = *rv == SCARD_S_SUCCESS;
      if (pcsc->has_context)
        g_debug ("PC/SC context established");
    }
  ok = pcsc->has_context;
  *context = pcsc->context;
  g_mutex_unlock (&pcsc->lock);
  return ok;
}

/* Reader names as a NULL-terminated vector (empty when there is none). */
static LONG
list_reader_names (SCARDCONTEXT context, GStrv *names_out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *buffer = NULL;
  DWORD length = 0;
  LONG rv;

  *names_out = NULL;
  rv = SCardListReaders (context, NULL, NULL, &length);
  if (rv == SCARD_S_SUCCESS)
    {
      buffer = g_malloc0 (length + 1);
      rv = SCardListReaders (context, NULL, buffer, &length);
    }
  if (rv == SCARD_E_NO_READERS_AVAILABLE)
    rv = SCARD_S_SUCCESS;
  else if (rv != SCARD_S_SUCCESS)
    return rv;

  /* A multi-string: names separated by NULs, ended by an empty one. */
  for (const char *name = buffer; name != NULL && *name != '\0'; name += strlen (name) + 1)
    g_strv_builder_add (builder, name);
  *names_out = g_strv_builder_end (builder);
  return SCARD_S_SUCCESS;
}

/* Current states of @names; the last entry is the PnP pseudo-reader. */
static SCARD_READERSTATE *
new_reader_states (GStrv names, guint *n_states)
{
  guint n_names = g_strv_length (names);
  SCARD_READERSTATE *states = g_new0 (SCARD_READERSTATE, n_names + 1);

  for (guint i = 0; i < n_names; i++)
    {
      states[i].szReader = names[i];
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
  states[n_names].szReader = PNP_NOTIFICATION;
  states[n_names].dwCurrentState = SCARD_STATE_UNAWARE;
  *n_states = n_names + 1;
  return states;
}

static gboolean
state_has_card (DWORD event_state)
{
  return (event_state & SCARD_STATE_PRESENT) && !(event_state & SCARD_STATE_MUTE);
}

static gboolean
state_is_empty (DWORD event_state)
{
  return !(event_state & SCARD_STATE_PRESENT);
}

static gboolean
state_is_gone (DWORD event_state)
{
  return (event_state & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE | SCARD_STATE_IGNORE)) != 0;
}

/* One pass over the readers: the names and their card presence right now. */
static LONG
snapshot_readers (KakanaiPcsc *pcsc, GStrv *names_out, SCARD_READERSTATE **states_out,
                  guint *n_states)
{
  SCARDCONTEXT context;
  LONG rv;

  if (!ensure_context (pcsc, &context, &rv))
    return rv;
  rv = list_reader_names (context, names_out);
  if (rv != SCARD_S_SUCCESS)
    return rv;
  *states_out = new_reader_states (*names_out, n_states);
  rv = SCardGetStatusChange (context, 0, *states_out, *n_states);
  if (rv == SCARD_E_TIMEOUT)
    rv = SCARD_S_SUCCESS;
  if (rv != SCARD_S_SUCCESS)
    {
      g_clear_pointer (states_out, g_free);
      g_clear_pointer (names_out, g_strfreev);
    }
  return rv;
}

/* snapshot_readers(), re-establishing the context once if pcscd was restarted. */
static LONG
snapshot_readers_recovering (KakanaiPcsc *pcsc, GStrv *names_out,
                             SCARD_READERSTATE **states_out, guint *n_states)
{
  LONG rv = snapshot_readers (pcsc, names_out, states_out, n_states);

  if (is_service_gone (rv))
    {
      drop_context (pcsc);
      rv = snapshot_readers (pcsc, names_out, states_out, n_states);
    }
  return rv;
}

GPtrArray *
kakanai_pcsc_list_readers (KakanaiPcsc *pcsc, GError **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree SCARD_READERSTATE *states = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  guint n_states = 0;
  LONG rv;

  g_return_val_if_fail (pcsc != NULL, NULL);

  rv = snapshot_readers_recovering (pcsc, &names, &states, &n_states);
  if (rv != SCARD_S_SUCCESS)
    {
      if (is_service_gone (rv))
        drop_context (pcsc);
      set_service_error (error, rv);
      return NULL;
    }

  readers = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_reader_info_free);
  for (guint i = 0; i + 1 < n_states; i++)
    {
      KakanaiReaderInfo *info = g_new0 (KakanaiReaderInfo, 1);

      info->name = g_strdup (states[i].szReader);
      info->card_present = state_has_card (states[i].dwEventState);
      g_ptr_array_add (readers, info);
    }
  return g_steal_pointer (&readers);
}

static gboolean
reader_matches (const char *name, const char *substring)
{
  return substring == NULL || *substring == '\0' || strstr (name, substring) != NULL;
}

char *
kakanai_pcsc_choose_reader (KakanaiPcsc *pcsc, const char *reader_substring, GError **error)
{
  g_autoptr(GPtrArray) readers = kakanai_pcsc_list_readers (pcsc, error);
  gboolean any_substring = reader_substring == NULL || *reader_substring == '\0';

  if (readers == NULL)
    return NULL;

  for (guint i = 0; i < readers->len; i++)
    {
      KakanaiReaderInfo *info = g_ptr_array_index (readers, i);

      if (any_substring ? info->card_present : reader_matches (info->name, reader_substring))
        return g_strdup (info->name);
    }

  if (readers->len == 0)
    g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER,
                         _("No card reader is connected"));
  else if (!any_substring)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER,
                 _("No card reader's name contains “%s”"), reader_substring);
  else
    g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD,
                         _("No card is in any reader"));
  return NULL;
}

/* Whether the readers matching @substring are in the @wanted state; *reader_out gets the
 * reader that shows it, when there is one. */
static gboolean
wanted_state_reached (const SCARD_READERSTATE *states, guint n_readers, const char *substring,
                      KakanaiReaderState wanted, const char **reader_out)
{
  const char *empty_reader = NULL;
  gboolean any_reader = FALSE;
  gboolean any_card = FALSE;

  *reader_out = NULL;
  for (guint i = 0; i < n_readers; i++)
    {
      DWORD state = states[i].dwEventState;

      if (!reader_matches (states[i].szReader, substring) || state_is_gone (state))
        continue;
      any_reader = TRUE;
      if (state_has_card (state))
        {
          any_card = TRUE;
          if (wanted == KAKANAI_READER_STATE_CARD_PRESENT)
            {
              *reader_out = states[i].szReader;
              return TRUE;
            }
        }
      else if (state_is_empty (state) && empty_reader == NULL)
        empty_reader = states[i].szReader;
    }

  switch (wanted)
    {
    case KAKANAI_READER_STATE_NO_READER:
      return !any_reader;
    case KAKANAI_READER_STATE_EMPTY:
      *reader_out = empty_reader;
      return !any_card;
    case KAKANAI_READER_STATE_CARD_PRESENT:
    default:
      return FALSE;
    }
}

static gboolean
take_cancel_request (KakanaiPcsc *pcsc, GError **error)
{
  if (!g_atomic_int_compare_and_exchange (&pcsc->cancel_requested, 1, 0))
    return FALSE;
  g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CANCELLED,
                       _("Waiting for the card was cancelled"));
  return TRUE;
}

/* Milliseconds left before @deadline_us (G_MAXINT64: none), capped at @cap_ms. */
static guint
remaining_ms (gint64 deadline_us, guint cap_ms)
{
  gint64 left_us;

  if (deadline_us == G_MAXINT64)
    return cap_ms;
  left_us = deadline_us - g_get_monotonic_time ();
  if (left_us <= 0)
    return 0;
  return (guint) MIN ((gint64) cap_ms, (left_us + 999) / 1000);
}

/* Sleeps while pcscd is away; kakanai_pcsc_cancel() wakes it. */
static void
sleep_until_retry (KakanaiPcsc *pcsc, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&pcsc->lock);
  while (!g_atomic_int_get (&pcsc->cancel_requested))
    if (!g_cond_wait_until (&pcsc->wake, &pcsc->lock, end))
      break;
  g_mutex_unlock (&pcsc->lock);
}

static void
set_timeout_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("Timed out waiting for the card reader"));
}

static gboolean
finish_wait (const char *reader, char **reader_out)
{
  if (reader_out != NULL)
    *reader_out = g_strdup (reader);
  return TRUE;
}

/* Follows the current readers until the wanted state, a reader list change (returns
 * SCARD_S_SUCCESS with *reached FALSE: list again), the deadline, a cancel or an error. */
static LONG
follow_readers (KakanaiPcsc *pcsc, const char *substring, KakanaiReaderState wanted,
                gint64 deadline_us, SCARD_READERSTATE *states, guint n_states,
                char **reader_out, gboolean *reached)
{
  guint n_readers = n_states - 1;
  const char *reader = NULL;
  SCARDCONTEXT context;
  LONG rv;

  *reached = FALSE;
  for (;;)
    {
      if (wanted_state_reached (states, n_readers, substring, wanted, &reader))
        {
          *reached = finish_wait (reader, reader_out);
          return SCARD_S_SUCCESS;
        }
      if (g_atomic_int_get (&pcsc->cancel_requested))
        return SCARD_E_CANCELLED;
      if (remaining_ms (deadline_us, 1) == 0)
        return SCARD_E_TIMEOUT;

      for (guint i = 0; i < n_states; i++)
        states[i].dwCurrentState = states[i].dwEventState & ~SCARD_STATE_CHANGED;
      if (!ensure_context (pcsc, &context, &rv))
        return rv;
      rv = SCardGetStatusChange (context, remaining_ms (deadline_us, WAIT_SLICE_MS),
                                 states, n_states);
      if (rv == SCARD_E_TIMEOUT)
        continue;
      if (rv != SCARD_S_SUCCESS)
        return rv;
      if (states[n_readers].dwEventState & SCARD_STATE_CHANGED)
        return SCARD_S_SUCCESS; /* readers came or went */
      for (guint i = 0; i < n_readers; i++)
        if (states[i].dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
          return SCARD_S_SUCCESS;
    }
}

gboolean
kakanai_pcsc_wait (KakanaiPcsc *pcsc, const char *reader_substring, KakanaiReaderState wanted,
                   guint timeout_ms, char **reader_out, GError **error)
{
  gint64 deadline_us = timeout_ms == KAKANAI_PCSC_WAIT_FOREVER
                         ? G_MAXINT64
                         : g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  g_return_val_if_fail (pcsc != NULL, FALSE);
  if (reader_out != NULL)
    *reader_out = NULL;

  for (;;)
    {
      g_auto(GStrv) names = NULL;
      g_autofree SCARD_READERSTATE *states = NULL;
      guint n_states = 0;
      gboolean reached = FALSE;
      LONG rv;

      if (take_cancel_request (pcsc, error))
        return FALSE;

      rv = snapshot_readers (pcsc, &names, &states, &n_states);
      if (rv == SCARD_S_SUCCESS)
        rv = follow_readers (pcsc, reader_substring, wanted, deadline_us, states, n_states,
                             reader_out, &reached);
      else if (is_service_gone (rv))
        {
          /* pcscd is away: no reader exists until it is back. */
          const char *none = NULL;

          drop_context (pcsc);
          if (wanted_state_reached (NULL, 0, reader_substring, wanted, &none))
            return finish_wait (NULL, reader_out);
          if (remaining_ms (deadline_us, 1) == 0)
            rv = SCARD_E_TIMEOUT;
          else
            {
              sleep_until_retry (pcsc, remaining_ms (deadline_us, SERVICE_RETRY_MS));
              continue;
            }
        }

      if (reached)
        return TRUE;
      if (rv == SCARD_E_CANCELLED)
        {
          if (take_cancel_request (pcsc, error))
            return FALSE;
          continue; /* someone else cancelled the context: go on */
        }
      if (rv == SCARD_E_TIMEOUT)
        {
          set_timeout_error (error);
          return FALSE;
        }
      if (is_service_gone (rv))
        drop_context (pcsc);
      else if (rv != SCARD_S_SUCCESS && rv != SCARD_E_UNKNOWN_READER &&
               rv != SCARD_E_READER_UNAVAILABLE)
        {
          g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                       _("Waiting for the card reader failed (%s)"), pcsc_stringify_error (rv));
          return FALSE;
        }
    }
}

void
kakanai_pcsc_cancel (KakanaiPcsc *pcsc)
{
  g_return_if_fail (pcsc != NULL);

  g_atomic_int_set (&pcsc->cancel_requested, 1);
  g_mutex_lock (&pcsc->lock);
  if (pcsc->has_context)
    SCardCancel (pcsc->context);
  g_cond_broadcast (&pcsc->wake);
  g_mutex_unlock (&pcsc->lock);
}

/* ---- the transport ---------------------------------------------------------------- */

/* After a failed exchange: did the card leave? pcscd notices within its polling period. */
static gboolean
card_has_left (KakanaiPcscTransport *self)
{
  SCARD_READERSTATE state = { .szReader = self->reader, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 deadline_us = g_get_monotonic_time () + REMOVAL_CONFIRM_MS * G_TIME_SPAN_MILLISECOND;
  SCARDCONTEXT context;
  LONG rv;

  if (!ensure_context (self->pcsc, &context, &rv))
    return FALSE;
  for (;;)
    {
      rv = SCardGetStatusChange (context, remaining_ms (deadline_us, REMOVAL_CONFIRM_MS),
                                 &state, 1);
      if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE)
        return TRUE;
      if (rv != SCARD_S_SUCCESS)
        return FALSE;
      if (!state_has_card (state.dwEventState) || state_is_gone (state.dwEventState))
        return TRUE;
      if (remaining_ms (deadline_us, 1) == 0)
        return FALSE;
      state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
}

static gboolean
is_removal (LONG rv)
{
  return rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD ||
         rv == SCARD_E_READER_UNAVAILABLE || rv == SCARD_E_UNKNOWN_READER;
}

static gboolean
set_transport_error (KakanaiPcscTransport *self, LONG rv, const char *what, GError **error)
{
  /* These say the card is there: no need to wait for pcscd's view of the reader. */
  gboolean card_is_there = rv == SCARD_E_INSUFFICIENT_BUFFER || rv == SCARD_W_RESET_CARD;

  if (is_removal (rv) || (!is_service_gone (rv) && !card_is_there && card_has_left (self)))
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED,
                           _("The card was removed"));
      return FALSE;
    }
  if (is_service_gone (rv))
    drop_context (self->pcsc);
  if (rv == SCARD_E_INSUFFICIENT_BUFFER)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
                 _("The card sent a longer answer than allowed (%s)"), what);
  else
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                 _("Talking to the card failed: %s (%s)"), what, pcsc_stringify_error (rv));
  return FALSE;
}

static const SCARD_IO_REQUEST *
protocol_pci (DWORD protocol)
{
  return protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
}

static gboolean
pcsc_transport_transmit (KakanaiTransport *transport, const guint8 *command, gsize command_length,
                         guint8 *response, gsize response_capacity, gsize *response_length,
                         GError **error)
{
  KakanaiPcscTransport *self = (KakanaiPcscTransport *) transport;
  DWORD received = (DWORD) MIN (response_capacity, (gsize) G_MAXUINT32);
  LONG rv;

  *response_length = 0;
  rv = SCardTransmit (self->card, protocol_pci (self->protocol), command, (DWORD) command_length,
                      NULL, response, &received);
  if (rv != SCARD_S_SUCCESS)
    return set_transport_error (self, rv, "SCardTransmit", error);
  /* No status word at all: some readers (vpcd among them) report a card that left in the
   * middle of the exchange as an empty answer. Anything else is the card's own answer. */
  if (received < 2 && card_has_left (self))
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED,
                           _("The card was removed"));
      return FALSE;
    }
  *response_length = received;
  return TRUE;
}

static gboolean
pcsc_transport_begin_transaction (KakanaiTransport *transport, GError **error)
{
  KakanaiPcscTransport *self = (KakanaiPcscTransport *) transport;
  LONG rv = SCardBeginTransaction (self->card);

  if (rv == SCARD_W_RESET_CARD)
    {
      /* Another program reset the card since we connected: take it as it is now. */
      rv = SCardReconnect (self->card, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                           SCARD_LEAVE_CARD, &self->protocol);
      if (rv == SCARD_S_SUCCESS)
        rv = SCardBeginTransaction (self->card);
    }
  if (rv != SCARD_S_SUCCESS)
    return set_transport_error (self, rv, "SCardBeginTransaction", error);
  self->in_transaction = TRUE;
  return TRUE;
}

static gboolean
pcsc_transport_end_transaction (KakanaiTransport *transport, GError **error)
{
  KakanaiPcscTransport *self = (KakanaiPcscTransport *) transport;
  LONG rv;

  if (!self->in_transaction)
    return TRUE;
  self->in_transaction = FALSE;
  rv = SCardEndTransaction (self->card, SCARD_LEAVE_CARD);
  if (rv != SCARD_S_SUCCESS)
    return set_transport_error (self, rv, "SCardEndTransaction", error);
  return TRUE;
}

static void
pcsc_transport_free (KakanaiTransport *transport)
{
  KakanaiPcscTransport *self = (KakanaiPcscTransport *) transport;

  if (self->in_transaction)
    SCardEndTransaction (self->card, SCARD_LEAVE_CARD);
  /* Resetting drops the verified PIN: no other program inherits our access. */
  SCardDisconnect (self->card, SCARD_RESET_CARD);
  kakanai_pcsc_free (self->pcsc);
  g_free (self->reader);
  g_free (self);
}

static const KakanaiTransportVTable pcsc_transport_vtable = {
  .transmit = pcsc_transport_transmit,
  .begin_transaction = pcsc_transport_begin_transaction,
  .end_transaction = pcsc_transport_end_transaction,
  .free = pcsc_transport_free,
};

static void
set_connect_error (LONG rv, const char *reader, GError **error)
{
  if (rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD,
                 _("No card is in the reader “%s”"), reader);
  else if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE ||
           rv == SCARD_E_NO_READERS_AVAILABLE)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_READER,
                 _("The card reader “%s” is not connected"), reader);
  else if (is_service_gone (rv))
    set_service_error (error, rv);
  else if (rv == SCARD_E_SHARING_VIOLATION)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                 _("Another program holds the card in “%s”"), reader);
  else
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                 _("Cannot connect to the card in “%s” (%s)"), reader, pcsc_stringify_error (rv));
}

static LONG
connect_card (KakanaiPcsc *pcsc, const char *reader, SCARDHANDLE *card, DWORD *protocol)
{
  SCARDCONTEXT context;
  LONG rv;

  if (!ensure_context (pcsc, &context, &rv))
    return rv;
  /* Shared, not exclusive: SCardBeginTransaction already keeps other programs out for
   * the read sequence, and an exclusive hold would lock out monitoring tools (and fail
   * outright when one of them is connected) for no gain. */
  return SCardConnect (context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                       card, protocol);
}

KakanaiTransport *
kakanai_pcsc_connect (KakanaiPcsc *pcsc, const char *reader, GError **error)
{
  KakanaiPcscTransport *self;
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  LONG rv;

  g_return_val_if_fail (pcsc != NULL, NULL);
  g_return_val_if_fail (reader != NULL, NULL);

  rv = connect_card (pcsc, reader, &card, &protocol);
  if (is_service_gone (rv))
    {
      drop_context (pcsc);
      rv = connect_card (pcsc, reader, &card, &protocol);
    }
  if (rv != SCARD_S_SUCCESS)
    {
      if (is_service_gone (rv))
        drop_context (pcsc);
      set_connect_error (rv, reader, error);
      return NULL;
    }

  self = g_new0 (KakanaiPcscTransport, 1);
  kakanai_transport_init (&self->parent, &pcsc_transport_vtable);
  self->pcsc = kakanai_pcsc_ref (pcsc);
  self->reader = g_strdup (reader);
  self->card = card;
  self->protocol = protocol;
  return &self->parent;
}
