/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-transport.c: dispatch to a transport implementation */
#define G_LOG_DOMAIN "kakanai-card"

#include "kakanai-transport-private.h"

void
kakanai_transport_init (KakanaiTransport             *transport,
                        const KakanaiTransportVTable *vtable)
{
  g_return_if_fail (vtable != NULL && vtable->transmit != NULL && vtable->free != NULL);

  transport->vtable = vtable;
  transport->n_transmitted = 0;
}

gboolean
kakanai_transport_transmit (KakanaiTransport *transport,
                            const guint8     *command,
                            gsize             command_length,
                            guint8           *response,
                            gsize             response_capacity,
                            gsize            *response_length,
                            GError          **error)
{
  g_return_val_if_fail (transport != NULL, FALSE);
  g_return_val_if_fail (command != NULL && command_length >= 4, FALSE);
  g_return_val_if_fail (response != NULL && response_length != NULL, FALSE);

  transport->n_transmitted++;
  return transport->vtable->transmit (transport, command, command_length,
                                      response, response_capacity, response_length, error);
}

gboolean
kakanai_transport_begin_transaction (KakanaiTransport *transport,
                                     GError          **error)
{
  g_return_val_if_fail (transport != NULL, FALSE);

  if (transport->vtable->begin_transaction == NULL)
    return TRUE;
  return transport->vtable->begin_transaction (transport, error);
}

gboolean
kakanai_transport_end_transaction (KakanaiTransport *transport,
                                   GError          **error)
{
  g_return_val_if_fail (transport != NULL, FALSE);

  if (transport->vtable->end_transaction == NULL)
    return TRUE;
  return transport->vtable->end_transaction (transport, error);
}

guint
kakanai_transport_get_n_transmitted (KakanaiTransport *transport)
{
  g_return_val_if_fail (transport != NULL, 0);

  return transport->n_transmitted;
}

void
kakanai_transport_free (KakanaiTransport *transport)
{
  if (transport == NULL)
    return;
  transport->vtable->free (transport);
}
