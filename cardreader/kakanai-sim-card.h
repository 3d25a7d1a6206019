/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-sim-card.h: a simulated My Number card (libkakanai-cardsim) */
#pragma once

#include <gio/gio.h>

#include "kakanai-transport.h"

G_BEGIN_DECLS

/* A card built from a profile JSON (see cardreader/README.md). Reference
 * counted and thread-safe: a vpcd serving thread and the test thread may use
 * it at once. PIN tries persist for the life of the object, across resets,
 * power cycles and connections. */
typedef struct _KakanaiSimCard KakanaiSimCard;

/* A profile is a few hundred bytes; larger files are refused unread. */
#define KAKANAI_SIM_PROFILE_MAX_BYTES (64 * 1024)

/* The file is read into a buffer that is wiped after parsing (it holds the
 * PIN and the address); only regular files are read (a FIFO never blocks).
 * Errors: KAKANAI_INPUT_ERROR for a file that is not regular, larger than
 * KAKANAI_SIM_PROFILE_MAX_BYTES, nested deeper than KAKANAI_JSON_MAX_DEPTH or
 * unreadable (the message names the file, and the line for the depth); JSON
 * parser errors; G_IO_ERROR_INVALID_DATA naming the key for a profile that is
 * not valid. */
KakanaiSimCard *kakanai_sim_card_new_from_file (const char  *path,
                                                GError     **error);
KakanaiSimCard *kakanai_sim_card_new_from_data (const char  *json,
                                                gssize       length,
                                                GError     **error);

KakanaiSimCard *kakanai_sim_card_ref           (KakanaiSimCard *sim);
void            kakanai_sim_card_unref         (KakanaiSimCard *sim);

/* Answers one command APDU: appends the response (data + SW1 SW2) to
 * @response. Sleeps the profile's delay_ms first. Returns FALSE with
 * KAKANAI_CARD_ERROR_CARD_REMOVED once the card is removed (fault
 * remove_after_apdu); the caller must then give the reader no answer. */
gboolean        kakanai_sim_card_process_apdu  (KakanaiSimCard *sim,
                                                const guint8   *command,
                                                gsize           command_length,
                                                GByteArray     *response,
                                                GError        **error);

/* FALSE once the card has been removed (fault remove_after_apdu). */
gboolean        kakanai_sim_card_is_present    (KakanaiSimCard *sim);

/* The ATR (the profile's "atr", else a T=1 contactless ATR, or a T=0 ATR
 * with the fault "t0"). */
GBytes         *kakanai_sim_card_get_atr       (KakanaiSimCard *sim);

/* Power events from the reader. All three clear the card's session: the
 * security state (a verified PIN), the current DF and the current EF; none
 * restores tries. */
void            kakanai_sim_card_power_on      (KakanaiSimCard *sim);
void            kakanai_sim_card_power_off     (KakanaiSimCard *sim);
void            kakanai_sim_card_reset         (KakanaiSimCard *sim);

/* For tests and benchmarks. */
guint           kakanai_sim_card_get_pin_tries_left (KakanaiSimCard *sim);
guint           kakanai_sim_card_get_n_apdus        (KakanaiSimCard *sim);

/* Runs the card logic in process (demo, training, unit tests). Takes a
 * reference on @sim. begin/end transaction succeed; the delay comes from
 * kakanai_sim_card_process_apdu(). */
KakanaiTransport *kakanai_sim_transport_new    (KakanaiSimCard *sim);

/* Connects to vsmartcard's vpcd at @host:@port and serves APDUs until
 * @cancellable is cancelled or the connection fails (kakanai-vpcd.c). */
gboolean        kakanai_sim_card_serve_vpcd    (KakanaiSimCard *sim,
                                                const char     *host,
                                                guint16         port,
                                                GCancellable   *cancellable,
                                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiSimCard, kakanai_sim_card_unref)

G_END_DECLS
