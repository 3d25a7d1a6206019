/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-transport.h: where APDUs go (PC/SC reader, or the simulated card in process) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opaque. Created by kakanai_pcsc_connect() or kakanai_sim_transport_new();
 * implementations use kakanai-transport-private.h. Not thread-safe: one
 * thread uses a transport at a time. */
typedef struct _KakanaiTransport KakanaiTransport;

/* Sends one command APDU and stores the raw response (data + SW1 SW2) in
 * @response (room for @response_capacity bytes). No 61xx/6Cxx handling here:
 * use kakanai_apdu_exchange(). Errors are in KAKANAI_CARD_ERROR (CARD_REMOVED,
 * NO_CARD, IO, CANCELLED, ...). */
gboolean kakanai_transport_transmit          (KakanaiTransport *transport,
                                              const guint8     *command,
                                              gsize             command_length,
                                              guint8           *response,
                                              gsize             response_capacity,
                                              gsize            *response_length,
                                              GError          **error);

/* Exclusive access to the card for a sequence of APDUs (SCardBeginTransaction). */
gboolean kakanai_transport_begin_transaction (KakanaiTransport *transport,
                                              GError          **error);
gboolean kakanai_transport_end_transaction   (KakanaiTransport *transport,
                                              GError          **error);

/* How many APDUs this transport has sent (each kakanai_transport_transmit()
 * call counts once, GET RESPONSE and re-sends included). */
guint    kakanai_transport_get_n_transmitted (KakanaiTransport *transport);

void     kakanai_transport_free              (KakanaiTransport *transport);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiTransport, kakanai_transport_free)

G_END_DECLS
