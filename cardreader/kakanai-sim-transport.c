/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-sim-transport.c: the simulated card as an in-process transport */
#define G_LOG_DOMAIN "kakanai-cardsim"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-card-error.h"
#include <kakanai-secure.h>
#include "kakanai-sim-card.h"
#include "kakanai-transport-private.h"

typedef struct
{
  KakanaiTransport  parent;
  KakanaiSimCard   *sim;
} KakanaiSimTransport;

static gboolean
sim_transport_transmit (KakanaiTransport *transport,
                        const guint8     *command,
                        gsize             command_length,
                        guint8           *response,
                        gsize             response_capacity,
                        gsize            *response_length,
                        GError          **error)
{
  KakanaiSimTransport *self = (KakanaiSimTransport *) transport;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  gboolean ok = FALSE;

  if (!kakanai_sim_card_process_apdu (self->sim, command, command_length, answer, error))
    return FALSE;

  if (answer->len > response_capacity)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                 _("The card’s answer did not fit in %zu bytes."), response_capacity);
  else
    {
      memcpy (response, answer->data, answer->len);
      *response_length = answer->len;
      ok = TRUE;
    }
  kakanai_wipe (answer->data, answer->len);
  return ok;
}

static void
sim_transport_free (KakanaiTransport *transport)
{
  KakanaiSimTransport *self = (KakanaiSimTransport *) transport;

  g_clear_pointer (&self->sim, kakanai_sim_card_unref);
  g_free (self);
}

static const KakanaiTransportVTable sim_transport_vtable = {
  .transmit = sim_transport_transmit,
  .free = sim_transport_free,
};

KakanaiTransport *
kakanai_sim_transport_new (KakanaiSimCard *sim)
{
  KakanaiSimTransport *self;

  g_return_val_if_fail (sim != NULL, NULL);

  self = g_new0 (KakanaiSimTransport, 1);
  kakanai_transport_init (&self->parent, &sim_transport_vtable);
  self->sim = kakanai_sim_card_ref (sim);
  /* Like a reader's connect: the card starts a fresh session (tries are kept). */
  kakanai_sim_card_power_on (sim);
  return &self->parent;
}
