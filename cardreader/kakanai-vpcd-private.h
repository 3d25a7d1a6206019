/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-vpcd-private.h: the vpcd framing without the reconnecting loop, for the fuzz
 * target (tests/fuzz/fuzz-vpcd.c) */
#pragma once

#include "kakanai-vpcd.h"

G_BEGIN_DECLS

/* Serves @connection (vpcd's side of the framing: 2-byte big-endian length, then the
 * message) until it ends or fails. */
void kakanai_vpcd_link_serve_connection (KakanaiVpcdLink   *link,
                                         GSocketConnection *connection);

G_END_DECLS
