/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-vpcd.h: a simulated card in vsmartcard's vpcd reader (libkakanai-cardsim)
 *
 * vpcd is a pcscd reader driver that listens on a TCP port (the CHANNELID of its
 * reader.conf entry; a second slot listens on the next port). The card side connects to
 * it; each message is a 2-byte big-endian length and that many bytes. A 1-byte message is
 * a control (00 power off, 01 power on, 02 reset, 04 send the ATR); anything longer is a
 * command APDU, answered with the response APDU. vpcd sees the card as present while the
 * card side is connected and answers the ATR request, so "removing" the card is closing
 * the connection.
 *
 * kakanai_sim_card_serve_vpcd() (kakanai-sim-card.h) is the simple entry point; the
 * object below adds inserting and removing the card at run time (kakanai-cardsim's
 * SIGUSR1/SIGUSR2).
 */
#pragma once

#include <gio/gio.h>

#include "kakanai-sim-card.h"

G_BEGIN_DECLS

typedef struct _KakanaiVpcdLink KakanaiVpcdLink;

/* Takes a reference on @sim. The card starts inserted. */
KakanaiVpcdLink *kakanai_vpcd_link_new          (KakanaiSimCard  *sim,
                                                 const char      *host,
                                                 guint16          port);
void             kakanai_vpcd_link_free         (KakanaiVpcdLink *link);

/* Any thread. Removing closes the connection at once (vpcd reports the card absent at
 * its next poll); inserting connects again. */
void             kakanai_vpcd_link_set_inserted (KakanaiVpcdLink *link,
                                                 gboolean         inserted);
gboolean         kakanai_vpcd_link_get_inserted (KakanaiVpcdLink *link);

/* TRUE while connected to vpcd (the reader can see the card). Any thread. */
gboolean         kakanai_vpcd_link_is_connected (KakanaiVpcdLink *link);

/* Serves the card until @cancellable is cancelled, then fails with G_IO_ERROR_CANCELLED.
 * Connects to vpcd, and again whenever the connection ends (pcscd restarted, the card
 * removed and inserted again), retrying while nobody listens. A card removed by its
 * profile's fault (remove_after_apdu) stays out. Other errors: G_IO_ERROR_INVALID_ARGUMENT
 * for a host that cannot be resolved. */
gboolean         kakanai_vpcd_link_serve        (KakanaiVpcdLink *link,
                                                 GCancellable    *cancellable,
                                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiVpcdLink, kakanai_vpcd_link_free)

G_END_DECLS
