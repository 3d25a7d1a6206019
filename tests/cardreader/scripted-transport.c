/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scripted-transport.c: a transport that answers from a script (unit tests, fuzzing) */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>

#include "kakanai-transport-private.h"
#include "scripted-transport.h"

typedef struct
{
  GBytes *response; /* NULL: fail with error */
  GError *error;
} ScriptStep;

typedef struct
{
  KakanaiTransport parent;
  GArray          *steps;    /* ScriptStep */
  guint            next_step;
  GPtrArray       *commands; /* GBytes */
  guint            n_begins;
  guint            n_ends;
  gboolean         fail_begin;
} ScriptedTransport;

static ScriptedTransport *
scripted (KakanaiTransport *transport)
{
  return (ScriptedTransport *) transport;
}

static gboolean
scripted_transmit (KakanaiTransport *transport,
                   const guint8     *command,
                   gsize             command_length,
                   guint8           *response,
                   gsize             response_capacity,
                   gsize            *response_length,
                   GError          **error)
{
  ScriptedTransport *self = scripted (transport);
  ScriptStep *step;
  gsize length;

  g_ptr_array_add (self->commands, g_bytes_new (command, command_length));
  if (self->next_step >= self->steps->len)
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED, "script ended");
      return FALSE;
    }

  step = &g_array_index (self->steps, ScriptStep, self->next_step++);
  if (step->response == NULL)
    {
      g_propagate_error (error, g_error_copy (step->error));
      return FALSE;
    }

  length = g_bytes_get_size (step->response);
  if (length > response_capacity)
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO, "response too long");
      return FALSE;
    }
  if (length > 0)
    memcpy (response, g_bytes_get_data (step->response, NULL), length);
  *response_length = length;
  return TRUE;
}

static gboolean
scripted_begin (KakanaiTransport *transport,
                GError          **error)
{
  ScriptedTransport *self = scripted (transport);

  if (self->fail_begin)
    {
      g_set_error_literal (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO, "begin refused");
      return FALSE;
    }
  self->n_begins++;
  return TRUE;
}

static gboolean
scripted_end (KakanaiTransport *transport,
              GError          **error)
{
  scripted (transport)->n_ends++;
  return TRUE;
}

static void
clear_step (gpointer data)
{
  ScriptStep *step = data;

  g_clear_pointer (&step->response, g_bytes_unref);
  g_clear_error (&step->error);
}

static void
scripted_free (KakanaiTransport *transport)
{
  ScriptedTransport *self = scripted (transport);

  g_array_unref (self->steps);
  g_ptr_array_unref (self->commands);
  g_free (self);
}

static const KakanaiTransportVTable scripted_vtable = {
  .transmit = scripted_transmit,
  .begin_transaction = scripted_begin,
  .end_transaction = scripted_end,
  .free = scripted_free,
};

KakanaiTransport *
scripted_transport_new (void)
{
  ScriptedTransport *self = g_new0 (ScriptedTransport, 1);

  kakanai_transport_init (&self->parent, &scripted_vtable);
  self->steps = g_array_new (FALSE, TRUE, sizeof (ScriptStep));
  g_array_set_clear_func (self->steps, clear_step);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return &self->parent;
}

void
scripted_transport_add_response (KakanaiTransport *transport,
                                 const guint8     *bytes,
                                 gsize             length)
{
  ScriptStep step = { .response = g_bytes_new (bytes, length) };

  g_array_append_val (scripted (transport)->steps, step);
}

void
scripted_transport_add_hex (KakanaiTransport *transport,
                            const char       *hex)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (const char *p = hex; *p != '\0'; p++)
    {
      guint8 byte;

      if (*p == ' ')
        continue;
      g_assert (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (bytes, &byte, 1);
      p++;
    }
  scripted_transport_add_response (transport, bytes->data, bytes->len);
}

void
scripted_transport_add_error (KakanaiTransport *transport,
                              GError           *error)
{
  ScriptStep step = { .response = NULL, .error = error };

  g_array_append_val (scripted (transport)->steps, step);
}

void
scripted_transport_fail_begin (KakanaiTransport *transport)
{
  scripted (transport)->fail_begin = TRUE;
}

guint
scripted_transport_get_n_commands (KakanaiTransport *transport)
{
  return scripted (transport)->commands->len;
}

GBytes *
scripted_transport_get_command (KakanaiTransport *transport,
                                guint             index)
{
  g_assert (index < scripted (transport)->commands->len);
  return g_ptr_array_index (scripted (transport)->commands, index);
}

guint
scripted_transport_get_n_begins (KakanaiTransport *transport)
{
  return scripted (transport)->n_begins;
}

guint
scripted_transport_get_n_ends (KakanaiTransport *transport)
{
  return scripted (transport)->n_ends;
}
