/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-vpcd.c: the vpcd framing of kakanai-cardsim on an arbitrary byte stream from
 * "vpcd": 2-byte lengths, control bytes and APDUs to a fresh demo card, over a socket
 * pair whose other end one long-lived thread drains. */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "kakanai-sim-card.h"
#include "kakanai-vpcd-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The demo card (assets/cards/demo.json), without faults. */
static const char profile[] =
  "{\"name\": \"山口　花子\", \"address\": \"山口県山口市亀山町2番1号\", \"birth\": \"19800101\","
  " \"sex\": \"2\", \"my_number\": \"123456789018\", \"pin\": \"1234\", \"pin_tries_left\": 3}";

/* One drainer for the whole run: a thread started per input kept memory the sanitizer's
 * thread bookkeeping never gave back (2 GB after 9.5 million inputs). It takes each
 * input's far end from "streams", reads it to the end and hands it back on "drained". */
static GAsyncQueue *streams, *drained;

static gpointer
drain (gpointer unused)
{
  for (;;)
    {
      int fd = GPOINTER_TO_INT (g_async_queue_pop (streams));
      char buffer[4096];

      while (read (fd, buffer, sizeof buffer) > 0)
        ;
      g_async_queue_push (drained, GINT_TO_POINTER (fd));
    }
  return NULL;
}

static void
start_drainer_once (void)
{
  if (streams != NULL)
    return;
  streams = g_async_queue_new ();
  drained = g_async_queue_new ();
  g_thread_unref (g_thread_new ("drain", drain, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_data (profile, -1, NULL);
  g_autoptr(KakanaiVpcdLink) link = kakanai_vpcd_link_new (sim, "127.0.0.1", 0);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  int fds[2];
  gsize written = 0;

  if (size > 65536) /* more would not fit the socket's buffer before anyone reads */
    return 0;
  g_assert (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  /* The whole input, then the end of the stream. */
  while (written < size)
    {
      ssize_t n = write (fds[1], data + written, size - written);
      g_assert (n > 0);
      written += (gsize) n;
    }
  shutdown (fds[1], SHUT_WR);
  start_drainer_once ();
  /* fds are never 0, so a pushed fd is never the queue's forbidden NULL. */
  g_async_queue_push (streams, GINT_TO_POINTER (fds[1]));

  socket = g_socket_new_from_fd (fds[0], NULL);
  g_assert (socket != NULL);
  connection = g_socket_connection_factory_create_connection (socket);
  kakanai_vpcd_link_serve_connection (link, connection);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_assert (GPOINTER_TO_INT (g_async_queue_pop (drained)) == fds[1]);
  close (fds[1]);
  return 0;
}
