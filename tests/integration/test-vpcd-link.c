/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vpcd-link.c: KakanaiVpcdLink against a fake vpcd (no pcscd needed; suite 'unit')
 *
 * The test plays vpcd: it listens on a loopback port, the link connects to it, and the test
 * sends what vpcd sends (controls and APDUs as 2-byte-length-prefixed messages).
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <gio/gio.h>
#include <string.h>

#include <kakanai-card.h>
#include <kakanai-sim-card.h>
#include <kakanai-vpcd.h>

#define ACCEPT_TIMEOUT_MS 5000

static const char good_profile[] =
  "{\"name\": \"山口　花子\", \"address\": \"山口県山口市亀山町2番1号\", \"birth\": \"19800101\","
  " \"sex\": \"2\", \"my_number\": \"123456789018\", \"pin\": \"1234\", \"pin_tries_left\": 3}";
static const char removed_at_second_apdu_profile[] =
  "{\"name\": \"山口　花子\", \"address\": \"山口県山口市亀山町2番1号\", \"birth\": \"19800101\","
  " \"sex\": \"2\", \"my_number\": \"123456789018\", \"pin\": \"1234\", \"pin_tries_left\": 3,"
  " \"faults\": {\"remove_after_apdu\": 2}}";

static const guint8 select_ap[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00,
                                    0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };
static const guint8 select_pin_ef[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
static const guint8 tries_left[] = { 0x00, 0x20, 0x00, 0x80 };

typedef struct
{
  GSocket *listener;
  guint16 port;
  KakanaiSimCard *sim;
  KakanaiVpcdLink *link;
  GCancellable *cancellable;
  GThread *thread;
  gboolean served;
  GError *serve_error;
} Fixture;

static gpointer
serve_thread (gpointer data)
{
  Fixture *f = data;

  f->served = kakanai_vpcd_link_serve (f->link, f->cancellable, &f->serve_error);
  return NULL;
}

static void
fixture_start (Fixture *f, const char *profile)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  f->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (f->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (f->listener, &error));
  bound = g_socket_get_local_address (f->listener, &error);
  g_assert_no_error (error);
  f->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  f->sim = kakanai_sim_card_new_from_data (profile, -1, &error);
  g_assert_no_error (error);
  f->link = kakanai_vpcd_link_new (f->sim, "127.0.0.1", f->port);
  f->cancellable = g_cancellable_new ();
  f->thread = g_thread_new ("vpcd-link", serve_thread, f);
}

static void
fixture_stop (Fixture *f)
{
  g_cancellable_cancel (f->cancellable);
  g_thread_join (f->thread);
  g_assert_false (f->served);
  g_assert_error (f->serve_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&f->serve_error);
  g_clear_pointer (&f->link, kakanai_vpcd_link_free);
  g_clear_pointer (&f->sim, kakanai_sim_card_unref);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->listener);
}

/* The link's next connection, or NULL when none comes within @timeout_ms. */
static GSocket *
accept_within (Fixture *f, guint timeout_ms)
{
  g_autoptr(GError) error = NULL;
  GSocket *connection;

  if (!g_socket_condition_timed_wait (f->listener, G_IO_IN, (gint64) timeout_ms * 1000, NULL, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      return NULL;
    }
  connection = g_socket_accept (f->listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (connection, 5);
  return connection;
}

static void
send_message (GSocket *connection, const guint8 *data, gsize length)
{
  g_autofree guint8 *message = g_malloc (length + 2);
  g_autoptr(GError) error = NULL;

  message[0] = (guint8) (length >> 8);
  message[1] = (guint8) length;
  memcpy (message + 2, data, length);
  g_assert_cmpint (g_socket_send (connection, (const char *) message, length + 2, NULL, &error), ==,
                   (gssize) length + 2);
  g_assert_no_error (error);
}

static void
send_control (GSocket *connection, guint8 control)
{
  send_message (connection, &control, 1);
}

static gboolean
receive_exactly (GSocket *connection, guint8 *buffer, gsize length)
{
  gsize done = 0;

  while (done < length)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (connection, (char *) buffer + done, length - done, NULL, &error);

      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

/* One answer from the card; NULL when the link closed the connection instead. */
static GBytes *
receive_message (GSocket *connection)
{
  guint8 header[2];
  g_autofree guint8 *body = NULL;
  gsize length;

  if (!receive_exactly (connection, header, 2))
    return NULL;
  length = (gsize) header[0] << 8 | header[1];
  body = g_malloc (length + 1);
  g_assert_true (receive_exactly (connection, body, length));
  return g_bytes_new_take (g_steal_pointer (&body), length);
}

static void
assert_answer (GSocket *connection, const guint8 *expected, gsize expected_length)
{
  g_autoptr(GBytes) answer = receive_message (connection);

  g_assert_nonnull (answer);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), expected, expected_length);
}

static void
assert_atr (Fixture *f, GSocket *connection)
{
  g_autoptr(GBytes) atr = kakanai_sim_card_get_atr (f->sim);
  g_autoptr(GBytes) answer = NULL;

  send_control (connection, 0x04);
  answer = receive_message (connection);
  g_assert_nonnull (answer);
  g_assert_true (g_bytes_equal (answer, atr));
}

static void
assert_closed_by_link (GSocket *connection)
{
  g_autoptr(GBytes) answer = receive_message (connection);

  g_assert_null (answer);
}

static void
test_answers_controls_and_apdus (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocket) connection = NULL;
  static const guint8 ok[] = { 0x90, 0x00 };
  static const guint8 three_tries[] = { 0x63, 0xC3 };

  fixture_start (&f, good_profile);
  connection = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (connection);

  assert_atr (&f, connection);
  send_control (connection, 0x01); /* power on: no answer */
  send_message (connection, select_ap, sizeof select_ap);
  assert_answer (connection, ok, sizeof ok);
  send_message (connection, select_pin_ef, sizeof select_pin_ef);
  assert_answer (connection, ok, sizeof ok);
  send_message (connection, tries_left, sizeof tries_left);
  assert_answer (connection, three_tries, sizeof three_tries);
  send_control (connection, 0x02); /* reset: no answer */
  send_control (connection, 0x00); /* power off: no answer */
  assert_atr (&f, connection);
  g_assert_true (kakanai_vpcd_link_is_connected (f.link));

  fixture_stop (&f);
}

/* vpcd going away (pcscd restart) is followed by a new connection. */
static void
test_reconnects_after_vpcd_restart (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocket) first = NULL;
  g_autoptr(GSocket) second = NULL;

  fixture_start (&f, good_profile);
  first = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (first);
  assert_atr (&f, first);
  g_socket_close (first, NULL);

  second = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (second);
  assert_atr (&f, second);
  fixture_stop (&f);
}

static void
test_remove_and_insert (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocket) first = NULL;
  g_autoptr(GSocket) while_out = NULL;
  g_autoptr(GSocket) second = NULL;

  fixture_start (&f, good_profile);
  first = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (first);
  assert_atr (&f, first);

  kakanai_vpcd_link_set_inserted (f.link, FALSE);
  g_assert_false (kakanai_vpcd_link_get_inserted (f.link));
  assert_closed_by_link (first);
  while_out = accept_within (&f, 400);
  g_assert_null (while_out);
  g_assert_false (kakanai_vpcd_link_is_connected (f.link));

  kakanai_vpcd_link_set_inserted (f.link, TRUE);
  second = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (second);
  assert_atr (&f, second);
  fixture_stop (&f);
}

/* The profile's remove_after_apdu: no answer, the connection closes, and the card stays out. */
static void
test_fault_removal_stays_out (void)
{
  Fixture f = { 0 };
  g_autoptr(GSocket) connection = NULL;
  g_autoptr(GSocket) after = NULL;
  static const guint8 ok[] = { 0x90, 0x00 };

  fixture_start (&f, removed_at_second_apdu_profile);
  connection = accept_within (&f, ACCEPT_TIMEOUT_MS);
  g_assert_nonnull (connection);
  send_message (connection, select_ap, sizeof select_ap);
  assert_answer (connection, ok, sizeof ok);
  send_message (connection, tries_left, sizeof tries_left);
  assert_closed_by_link (connection);
  g_assert_false (kakanai_sim_card_is_present (f.sim));

  after = accept_within (&f, 400);
  g_assert_null (after);
  fixture_stop (&f);
}

/* Cancelling while nobody listens (pcscd not started yet) ends the retries. */
static void
test_cancel_while_vpcd_absent (void)
{
  Fixture f = { 0 };

  fixture_start (&f, good_profile);
  g_clear_object (&f.listener); /* closes the port: connections are refused */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (kakanai_vpcd_link_is_connected (f.link));
  fixture_stop (&f);
}

static void
test_serve_vpcd_entry_point_cancels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_data (good_profile, -1, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (kakanai_sim_card_serve_vpcd (sim, "127.0.0.1", 9, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vpcd-link/answers-controls-and-apdus", test_answers_controls_and_apdus);
  g_test_add_func ("/vpcd-link/reconnects-after-vpcd-restart", test_reconnects_after_vpcd_restart);
  g_test_add_func ("/vpcd-link/remove-and-insert", test_remove_and_insert);
  g_test_add_func ("/vpcd-link/fault-removal-stays-out", test_fault_removal_stays_out);
  g_test_add_func ("/vpcd-link/cancel-while-vpcd-absent", test_cancel_while_vpcd_absent);
  g_test_add_func ("/vpcd-link/serve-vpcd-entry-point-cancels", test_serve_vpcd_entry_point_cancels);
  return g_test_run ();
}
