/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-apdu.c: one command/response exchange, with the T=0 status words handled */
#define G_LOG_DOMAIN "kakanai-card"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-apdu.h"
#include <kakanai-secure.h>

/* Bounds the GET RESPONSE chain and the 6Cxx re-send, so an odd card cannot
 * keep us looping. */
#define MAX_GET_RESPONSES 8

void
kakanai_apdu_response_clear (KakanaiApduResponse *response)
{
  kakanai_wipe (response, sizeof *response);
}

/* The position of Le in a short command APDU, or 0 when it has none (cases 1 and 3). */
static gsize
find_le_offset (const guint8 *command,
                gsize         command_length)
{
  if (command_length == 5)
    return 4;
  if (command_length > 5 && command_length == 5u + command[4] + 1u)
    return command_length - 1;
  return 0;
}

/* Errors from a transport in another domain become IO, so that callers only
 * see KAKANAI_CARD_ERROR. */
static void
propagate_as_card_error (GError  *transport_error,
                         GError **error)
{
  if (transport_error->domain == KAKANAI_CARD_ERROR)
    {
      g_propagate_error (error, transport_error);
      return;
    }
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
               _("Could not talk to the card: %s"), transport_error->message);
  g_error_free (transport_error);
}

/* One transmit: its data is appended to @response, its status word replaces response->sw. */
static gboolean
transmit_appending (KakanaiTransport    *transport,
                    const guint8        *command,
                    gsize                command_length,
                    KakanaiApduResponse *response,
                    GError             **error)
{
  guint8 raw[KAKANAI_APDU_MAX_RESPONSE];
  gsize raw_length = 0;
  GError *transport_error = NULL;
  gboolean ok = FALSE;

  if (!kakanai_transport_transmit (transport, command, command_length,
                                   raw, sizeof raw, &raw_length, &transport_error))
    propagate_as_card_error (transport_error, error);
  else if (raw_length < 2 || raw_length > sizeof raw)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
                 _("The card’s answer was too short to hold a status word."));
  else if (raw_length - 2 > sizeof response->data - response->length)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
                 _("The card’s answer was longer than %u bytes."), KAKANAI_APDU_MAX_DATA);
  else
    {
      memcpy (response->data + response->length, raw, raw_length - 2);
      response->length += raw_length - 2;
      response->sw = (guint16) ((raw[raw_length - 2] << 8) | raw[raw_length - 1]);
      ok = TRUE;
    }

  kakanai_wipe (raw, sizeof raw);
  return ok;
}

static gboolean
resend_with_le (KakanaiTransport    *transport,
                const guint8        *command,
                gsize                command_length,
                guint8               le,
                KakanaiApduResponse *response,
                GError             **error)
{
  gsize le_offset = find_le_offset (command, command_length);
  guint8 again[5 + 255 + 1];
  gboolean ok;

  if (le_offset == 0 || command_length > sizeof again)
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                   _("The card asked for a different answer length on a command that has none."));
      return FALSE;
    }

  memcpy (again, command, command_length);
  again[le_offset] = le;
  response->length = 0;
  ok = transmit_appending (transport, again, command_length, response, error);
  kakanai_wipe (again, command_length);
  return ok;
}

static gboolean
fetch_remaining (KakanaiTransport    *transport,
                 KakanaiApduResponse *response,
                 GError             **error)
{
  for (guint i = 0; i < MAX_GET_RESPONSES && (response->sw >> 8) == 0x61; i++)
    {
      const guint8 get_response[] = { 0x00, 0xC0, 0x00, 0x00, (guint8) (response->sw & 0xFF) };

      if (!transmit_appending (transport, get_response, sizeof get_response, response, error))
        return FALSE;
    }

  if ((response->sw >> 8) == 0x61)
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
                   _("The card kept announcing more data."));
      return FALSE;
    }
  return TRUE;
}

gboolean
kakanai_apdu_exchange (KakanaiTransport    *transport,
                       const guint8        *command,
                       gsize                command_length,
                       KakanaiApduResponse *response,
                       GError             **error)
{
  g_return_val_if_fail (response != NULL, FALSE);

  kakanai_apdu_response_clear (response);

  if (!transmit_appending (transport, command, command_length, response, error))
    goto failed;

  if ((response->sw >> 8) == 0x6C
      && !resend_with_le (transport, command, command_length, response->sw & 0xFF, response, error))
    goto failed;

  if (!fetch_remaining (transport, response, error))
    goto failed;

  return TRUE;

failed:
  kakanai_apdu_response_clear (response);
  return FALSE;
}

gboolean
kakanai_sw_is_success (guint16 sw)
{
  return sw == KAKANAI_SW_OK || sw == KAKANAI_SW_END_OF_FILE;
}

gboolean
kakanai_sw_is_tries_left (guint16  sw,
                          guint   *tries_left)
{
  if ((sw & 0xFFF0) != 0x63C0)
    return FALSE;
  if (tries_left != NULL)
    *tries_left = sw & 0x0F;
  return TRUE;
}

gboolean
kakanai_sw_is_pin_blocked (guint16 sw)
{
  return sw == KAKANAI_SW_AUTH_BLOCKED || sw == KAKANAI_SW_REFERENCE_DATA_UNUSABLE;
}

KakanaiCardError
kakanai_sw_to_error (guint16 sw)
{
  guint tries;

  if (kakanai_sw_is_tries_left (sw, &tries))
    return tries == 0 ? KAKANAI_CARD_ERROR_PIN_BLOCKED : KAKANAI_CARD_ERROR_WRONG_PIN;
  if (kakanai_sw_is_pin_blocked (sw))
    return KAKANAI_CARD_ERROR_PIN_BLOCKED;
  if (sw == KAKANAI_SW_FILE_NOT_FOUND)
    return KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD;
  return KAKANAI_CARD_ERROR_IO;
}

void
kakanai_sw_set_error (guint16      sw,
                      const char  *what,
                      GError     **error)
{
  KakanaiCardError code = kakanai_sw_to_error (sw);
  guint tries = 0;

  switch (code)
    {
    case KAKANAI_CARD_ERROR_WRONG_PIN:
      kakanai_sw_is_tries_left (sw, &tries);
      g_set_error (error, KAKANAI_CARD_ERROR, code,
                   g_dngettext (GETTEXT_PACKAGE, "Wrong PIN: %u try left.", "Wrong PIN: %u tries left.", tries),
                   tries);
      break;
    case KAKANAI_CARD_ERROR_PIN_BLOCKED:
      g_set_error (error, KAKANAI_CARD_ERROR, code,
                   _("The card’s PIN is blocked; it can be reset at the municipal office."));
      break;
    case KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD:
      g_set_error (error, KAKANAI_CARD_ERROR, code,
                   _("This is not a My Number card (no card-face input application)."));
      break;
    default:
      g_set_error (error, KAKANAI_CARD_ERROR, code,
                   _("The card answered %s with the unexpected status %04X."), what, sw);
      break;
    }
}
