/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-error.h: the errors of card reading, with stable string codes */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_CARD_ERROR (kakanai_card_error_quark ())

/* Every failure of libkakanai-card is one of these, in the KAKANAI_CARD_ERROR
 * domain. The order is part of the API (the CLI derives exit statuses from it). */
typedef enum
{
  KAKANAI_CARD_ERROR_NO_READER,         /* "no_reader" */
  KAKANAI_CARD_ERROR_NO_CARD,           /* "no_card" */
  KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD, /* "not_mynumber_card" */
  KAKANAI_CARD_ERROR_WRONG_PIN,         /* "wrong_pin" (also: the PIN is not 4 digits) */
  KAKANAI_CARD_ERROR_LAST_TRY_REFUSED,  /* "last_try_refused" */
  KAKANAI_CARD_ERROR_PIN_BLOCKED,       /* "pin_blocked" */
  KAKANAI_CARD_ERROR_CARD_REMOVED,      /* "card_removed" */
  KAKANAI_CARD_ERROR_IO,                /* "io_error": transport failure or an unexpected status word */
  KAKANAI_CARD_ERROR_BAD_DATA,          /* "bad_data": malformed, truncated or implausible data */
  KAKANAI_CARD_ERROR_CANCELLED,         /* "cancelled" */
} KakanaiCardError;

#define KAKANAI_CARD_ERROR_LAST KAKANAI_CARD_ERROR_CANCELLED

GQuark      kakanai_card_error_quark   (void);

/* The stable code ("no_reader", "wrong_pin", "io_error", ...); never NULL
 * ("unknown" for a value outside the enum). */
const char *kakanai_card_error_to_code (KakanaiCardError error);

G_END_DECLS
