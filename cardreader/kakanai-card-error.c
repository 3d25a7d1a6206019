/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-error.c: the card error domain and its stable codes */
#define G_LOG_DOMAIN "kakanai-card"

#include "kakanai-card-error.h"

G_DEFINE_QUARK (kakanai-card-error-quark, kakanai_card_error)

const char *
kakanai_card_error_to_code (KakanaiCardError error)
{
  static const char * const codes[] = {
    [KAKANAI_CARD_ERROR_NO_READER] = "no_reader",
    [KAKANAI_CARD_ERROR_NO_CARD] = "no_card",
    [KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD] = "not_mynumber_card",
    [KAKANAI_CARD_ERROR_WRONG_PIN] = "wrong_pin",
    [KAKANAI_CARD_ERROR_LAST_TRY_REFUSED] = "last_try_refused",
    [KAKANAI_CARD_ERROR_PIN_BLOCKED] = "pin_blocked",
    [KAKANAI_CARD_ERROR_CARD_REMOVED] = "card_removed",
    [KAKANAI_CARD_ERROR_IO] = "io_error",
    [KAKANAI_CARD_ERROR_BAD_DATA] = "bad_data",
    [KAKANAI_CARD_ERROR_CANCELLED] = "cancelled",
  };

  if ((guint) error >= G_N_ELEMENTS (codes))
    return "unknown";
  return codes[error];
}
