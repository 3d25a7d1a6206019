/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-vpcd.c: serving a simulated card to vsmartcard's vpcd over TCP */
#define G_LOG_DOMAIN "kakanai-vpcd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "kakanai-card-error.h"
#include <kakanai-secure.h>
#include "kakanai-vpcd.h"
#include "kakanai-vpcd-private.h"

#define VPCD_CONTROL_POWER_OFF 0x00
#define VPCD_CONTROL_POWER_ON  0x01
#define VPCD_CONTROL_RESET     0x02
#define VPCD_CONTROL_ATR       0x04

/* How long to wait before connecting again while vpcd does not listen (pcscd starting or
 * restarting) or after a connection ended. */
#define RECONNECT_DELAY_MS 100

struct _KakanaiVpcdLink
{
  KakanaiSimCard *sim;
  char *host;
  guint16 port;

  GMutex lock;          /* guards the fields below */
  GCond changed;        /* inserted changed, or the serve was cancelled */
  gboolean inserted;
  gboolean connected;
  gboolean stopping;
  GCancellable *session; /* cancelled to end the current connection */
};

KakanaiVpcdLink *
kakanai_vpcd_link_new (KakanaiSimCard *sim, const char *host, guint16 port)
{
  KakanaiVpcdLink *link;

  g_return_val_if_fail (sim != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  link = g_new0 (KakanaiVpcdLink, 1);
  link->sim = kakanai_sim_card_ref (sim);
  link->host = g_strdup (host);
  link->port = port;
  link->inserted = TRUE;
  g_mutex_init (&link->lock);
  g_cond_init (&link->changed);
  return link;
}

void
kakanai_vpcd_link_free (KakanaiVpcdLink *link)
{
  if (link == NULL)
    return;
  g_clear_object (&link->session);
  g_clear_pointer (&link->sim, kakanai_sim_card_unref);
  g_free (link->host);
  g_mutex_clear (&link->lock);
  g_cond_clear (&link->changed);
  g_free (link);
}

void
kakanai_vpcd_link_set_inserted (KakanaiVpcdLink *link, gboolean inserted)
{
  g_return_if_fail (link != NULL);

  g_mutex_lock (&link->lock);
  link->inserted = inserted;
  if (!inserted && link->session != NULL)
    g_cancellable_cancel (link->session);
  g_cond_broadcast (&link->changed);
  g_mutex_unlock (&link->lock);
}

gboolean
kakanai_vpcd_link_get_inserted (KakanaiVpcdLink *link)
{
  gboolean inserted;

  g_mutex_lock (&link->lock);
  inserted = link->inserted;
  g_mutex_unlock (&link->lock);
  return inserted;
}

gboolean
kakanai_vpcd_link_is_connected (KakanaiVpcdLink *link)
{
  gboolean connected;

  g_mutex_lock (&link->lock);
  connected = link->connected;
  g_mutex_unlock (&link->lock);
  return connected;
}

static void
set_connected (KakanaiVpcdLink *link, gboolean connected)
{
  g_mutex_lock (&link->lock);
  link->connected = connected;
  g_mutex_unlock (&link->lock);
}

/* Runs when the caller's cancellable fires (possibly in another thread). */
static void
on_serve_cancelled (GCancellable *cancellable, gpointer user_data)
{
  KakanaiVpcdLink *link = user_data;

  g_mutex_lock (&link->lock);
  link->stopping = TRUE;
  if (link->session != NULL)
    g_cancellable_cancel (link->session);
  g_cond_broadcast (&link->changed);
  g_mutex_unlock (&link->lock);
}

/* Blocks while the card is out; then opens a session. FALSE when the serve is stopping. */
static gboolean
start_session (KakanaiVpcdLink *link, GCancellable **session_out)
{
  gboolean ok;

  g_mutex_lock (&link->lock);
  while (!link->stopping && !(link->inserted && kakanai_sim_card_is_present (link->sim)))
    g_cond_wait (&link->changed, &link->lock);
  ok = !link->stopping;
  if (ok)
    {
      g_clear_object (&link->session);
      link->session = g_cancellable_new ();
      *session_out = g_object_ref (link->session);
    }
  g_mutex_unlock (&link->lock);
  return ok;
}

static void
end_session (KakanaiVpcdLink *link)
{
  g_mutex_lock (&link->lock);
  g_clear_object (&link->session);
  link->connected = FALSE;
  g_mutex_unlock (&link->lock);
}

/* Sleeps @ms unless the serve stops or the card is inserted/removed meanwhile. */
static void
pause_before_retry (KakanaiVpcdLink *link, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&link->lock);
  if (!link->stopping)
    g_cond_wait_until (&link->changed, &link->lock, end);
  g_mutex_unlock (&link->lock);
}

static gboolean
send_message (GOutputStream *out, const guint8 *data, gsize length, GCancellable *session,
              GError **error)
{
  g_autofree guint8 *message = NULL;
  gboolean ok;

  if (length > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "A vpcd message holds at most 65535 bytes, not %" G_GSIZE_FORMAT, length);
      return FALSE;
    }
  /* One write per message: a split write would meet Nagle + delayed ACK (40 ms). */
  message = g_malloc (length + 2);
  message[0] = (guint8) (length >> 8);
  message[1] = (guint8) (length & 0xFF);
  if (length > 0)
    memcpy (message + 2, data, length);
  ok = g_output_stream_write_all (out, message, length + 2, NULL, session, error);
  kakanai_wipe (message, length + 2);
  return ok;
}

/* vpcd writes a message's length and its body in two send() calls; with Nagle on its
 * side, the body waits for our ACK of the length, which Linux would delay by 40 ms. Quick
 * ACK mode (which the kernel leaves on its own, hence before every read) avoids that. */
static void
ack_quickly (GSocket *socket)
{
#ifdef TCP_QUICKACK
  g_socket_set_option (socket, IPPROTO_TCP, TCP_QUICKACK, 1, NULL);
#endif
}

/* Reads one message into @message; FALSE at the end of the connection. */
static gboolean
receive_message (GSocket *socket, GInputStream *in, GByteArray *message, GCancellable *session,
                 GError **error)
{
  guint8 header[2];
  gsize n_read = 0;
  gsize length;

  ack_quickly (socket);
  if (!g_input_stream_read_all (in, header, sizeof header, &n_read, session, error))
    return FALSE;
  if (n_read < sizeof header)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "vpcd closed the connection");
      return FALSE;
    }
  length = ((gsize) header[0] << 8) | header[1];
  g_byte_array_set_size (message, (guint) length);
  ack_quickly (socket);
  if (!g_input_stream_read_all (in, message->data, length, &n_read, session, error))
    return FALSE;
  if (n_read < length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "vpcd closed the connection");
      return FALSE;
    }
  return TRUE;
}

static gboolean
answer_control (KakanaiVpcdLink *link, guint8 control, GOutputStream *out, GCancellable *session,
                GError **error)
{
  g_autoptr(GBytes) atr = NULL;

  switch (control)
    {
    case VPCD_CONTROL_POWER_OFF:
      kakanai_sim_card_power_off (link->sim);
      return TRUE;
    case VPCD_CONTROL_POWER_ON:
      kakanai_sim_card_power_on (link->sim);
      return TRUE;
    case VPCD_CONTROL_RESET:
      kakanai_sim_card_reset (link->sim);
      return TRUE;
    case VPCD_CONTROL_ATR:
      atr = kakanai_sim_card_get_atr (link->sim);
      return send_message (out, g_bytes_get_data (atr, NULL), g_bytes_get_size (atr), session, error);
    default:
      g_debug ("ignoring unknown vpcd control %02X", control);
      return TRUE;
    }
}

/* FALSE (and no answer) once the card has been removed by its fault settings. */
static gboolean
answer_apdu (KakanaiVpcdLink *link, const GByteArray *command, GOutputStream *out,
             GCancellable *session, GError **error)
{
  static const guint8 no_precise_diagnosis[] = { 0x6F, 0x00 };
  GByteArray *response = g_byte_array_new ();
  g_autoptr(GError) card_error = NULL;
  gboolean ok;

  if (kakanai_sim_card_process_apdu (link->sim, command->data, command->len, response, &card_error))
    ok = send_message (out, response->data, response->len, session, error);
  else if (g_error_matches (card_error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED))
    {
      g_propagate_error (error, g_steal_pointer (&card_error));
      ok = FALSE;
    }
  else
    {
      g_warning ("the simulated card failed an APDU: %s", card_error->message);
      ok = send_message (out, no_precise_diagnosis, sizeof no_precise_diagnosis, session, error);
    }
  kakanai_secure_byte_array_free (response);
  return ok;
}

/* Serves one connection until it ends. */
static void
serve_connection (KakanaiVpcdLink *link, GSocketConnection *connection, GCancellable *session)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GSocket *socket = g_socket_connection_get_socket (connection);
  GByteArray *message = g_byte_array_sized_new (512);
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      gboolean ok;

      if (!receive_message (socket, in, message, session, &error))
        break;
      if (message->len == 1)
        ok = answer_control (link, message->data[0], out, session, &error);
      else if (message->len > 1)
        ok = answer_apdu (link, message, out, session, &error);
      else
        ok = TRUE;
      /* Commands carry the PIN: never leave one in a buffer. */
      kakanai_wipe (message->data, message->len);
      if (!ok)
        break;
    }
  g_debug ("vpcd connection ended: %s", error->message);
  kakanai_secure_byte_array_free (message);
}

static GSocketConnection *
connect_to_vpcd (KakanaiVpcdLink *link, GSocketClient *client, GSocketConnectable *address,
                 GCancellable *session, GError **error)
{
  GSocketConnection *connection = g_socket_client_connect (client, address, session, error);
  GError *option_error = NULL;

  if (connection == NULL)
    return NULL;
  if (!g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP,
                            TCP_NODELAY, 1, &option_error))
    {
      g_debug ("TCP_NODELAY: %s", option_error->message);
      g_clear_error (&option_error);
    }
  return connection;
}

gboolean
kakanai_vpcd_link_serve (KakanaiVpcdLink *link, GCancellable *cancellable, GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (link->host, link->port);
  gulong cancel_handler = 0;

  g_return_val_if_fail (link != NULL, FALSE);

  /* vpcd is on this machine or the local network: never through an HTTP/SOCKS proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_mutex_lock (&link->lock);
  link->stopping = FALSE;
  g_mutex_unlock (&link->lock);
  if (cancellable != NULL)
    cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_serve_cancelled), link, NULL);

  for (;;)
    {
      g_autoptr(GCancellable) session = NULL;
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) connect_error = NULL;

      if (!start_session (link, &session))
        break;
      connection = connect_to_vpcd (link, client, address, session, &connect_error);
      if (connection == NULL)
        {
          end_session (link);
          if (g_error_matches (connect_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
            {
              g_cancellable_disconnect (cancellable, cancel_handler);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Cannot find the host “%s”: %s"), link->host, connect_error->message);
              return FALSE;
            }
          pause_before_retry (link, RECONNECT_DELAY_MS);
          continue;
        }

      g_debug ("connected to vpcd at %s:%u", link->host, link->port);
      set_connected (link, TRUE);
      serve_connection (link, connection, session);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      end_session (link);
      pause_before_retry (link, RECONNECT_DELAY_MS);
    }

  g_cancellable_disconnect (cancellable, cancel_handler);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Serving the card was cancelled"));
  return FALSE;
}

gboolean
kakanai_sim_card_serve_vpcd (KakanaiSimCard *sim, const char *host, guint16 port,
                             GCancellable *cancellable, GError **error)
{
  g_autoptr(KakanaiVpcdLink) link = NULL;

  g_return_val_if_fail (sim != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  link = kakanai_vpcd_link_new (sim, host, port);
  return kakanai_vpcd_link_serve (link, cancellable, error);
}

void
kakanai_vpcd_link_serve_connection (KakanaiVpcdLink *link, GSocketConnection *connection)
{
  g_autoptr(GCancellable) session = g_cancellable_new ();

  serve_connection (link, connection, session);
}
