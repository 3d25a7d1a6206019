/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scripted-transport.h: a transport that answers from a script and records what was sent */
#pragma once

#include <kakanai-card.h>

G_BEGIN_DECLS

KakanaiTransport *scripted_transport_new             (void);

/* Queues one raw response (data + SW). When the script runs out, transmit
 * fails with CARD_REMOVED, as if the card had gone. */
void              scripted_transport_add_response    (KakanaiTransport *transport,
                                                      const guint8     *bytes,
                                                      gsize             length);
/* The same from hex, spaces allowed: "6A 82". */
void              scripted_transport_add_hex         (KakanaiTransport *transport,
                                                      const char       *hex);
/* Queues a failed transmit with @error (taken). */
void              scripted_transport_add_error       (KakanaiTransport *transport,
                                                      GError           *error);
/* Makes begin_transaction fail with IO. */
void              scripted_transport_fail_begin      (KakanaiTransport *transport);

guint             scripted_transport_get_n_commands  (KakanaiTransport *transport);
GBytes           *scripted_transport_get_command     (KakanaiTransport *transport,
                                                      guint             index);
guint             scripted_transport_get_n_begins    (KakanaiTransport *transport);
guint             scripted_transport_get_n_ends      (KakanaiTransport *transport);

G_END_DECLS
