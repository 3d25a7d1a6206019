/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-transport-private.h: for implementations of KakanaiTransport */
#pragma once

#include "kakanai-transport.h"

G_BEGIN_DECLS

typedef struct
{
  /* Required. Same contract as kakanai_transport_transmit(). */
  gboolean (*transmit)          (KakanaiTransport *transport,
                                 const guint8     *command,
                                 gsize             command_length,
                                 guint8           *response,
                                 gsize             response_capacity,
                                 gsize            *response_length,
                                 GError          **error);
  /* Optional (NULL: always succeeds). */
  gboolean (*begin_transaction) (KakanaiTransport *transport,
                                 GError          **error);
  gboolean (*end_transaction)   (KakanaiTransport *transport,
                                 GError          **error);
  /* Required: releases everything, the struct included. */
  void     (*free)              (KakanaiTransport *transport);
} KakanaiTransportVTable;

/* Implementations embed this as their FIRST member and call
 * kakanai_transport_init() on it:
 *
 *   typedef struct { KakanaiTransport parent; SCARDHANDLE card; } KakanaiPcscTransport;
 */
struct _KakanaiTransport
{
  const KakanaiTransportVTable *vtable;
  guint                         n_transmitted;
};

void kakanai_transport_init (KakanaiTransport             *transport,
                             const KakanaiTransportVTable *vtable);

G_END_DECLS
