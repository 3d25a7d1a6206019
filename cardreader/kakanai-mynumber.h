/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-mynumber.h: the My Number card's 券面事項入力補助AP over a transport */
#pragma once

#include <glib.h>

#include "kakanai-card-record.h"
#include "kakanai-transport.h"

G_BEGIN_DECLS

/* The PIN of the 券面事項入力補助AP allows this many tries; a successful
 * VERIFY resets the counter to it. */
#define KAKANAI_MYNUMBER_PIN_MAX_TRIES 3

typedef enum
{
  KAKANAI_READ_DEFAULT        = 0,
  /* Send the PIN even when only one try is left (a person decided to). */
  KAKANAI_READ_ALLOW_LAST_TRY = 1 << 0,
  /* Also read the My Number (EF 0001); only for procedures the law allows. */
  KAKANAI_READ_WITH_MY_NUMBER = 1 << 1,
} KakanaiReadFlags;

/* What a read does now, in the order a read goes (KakanaiReadProgressFunc). */
typedef enum
{
  KAKANAI_READ_STEP_OPENING,           /* SELECT the AP and the PIN EF, ask the tries left */
  KAKANAI_READ_STEP_CHECKING_PIN,      /* VERIFY with the PIN */
  KAKANAI_READ_STEP_READING_FACE,      /* EF 0002: name, address, birth date, sex */
  KAKANAI_READ_STEP_READING_MY_NUMBER, /* EF 0001, only with KAKANAI_READ_WITH_MY_NUMBER */
  KAKANAI_READ_STEP_DONE,              /* all data read and checked */
} KakanaiReadStep;

/* Called by kakanai_mynumber_card_read(), on the thread that reads, as each
 * step begins: @steps_done of @n_steps are done and @what begins now (the
 * fraction to show is @steps_done / @n_steps). @n_steps is fixed for a read
 * (3, or 4 with the My Number); @steps_done rises by one from 0, and a
 * successful read ends with (n_steps, n_steps, DONE). A failed read stops
 * where it failed: a wrong PIN never reports READING_FACE, a refused last
 * try never reports CHECKING_PIN. Nothing of the PIN or the card's data is
 * passed. */
typedef void (*KakanaiReadProgressFunc) (guint           steps_done,
                                         guint           n_steps,
                                         KakanaiReadStep what,
                                         gpointer        user_data);

typedef struct _KakanaiMyNumberCard KakanaiMyNumberCard;

/* Borrows @transport, which must outlive the card object. */
KakanaiMyNumberCard *kakanai_mynumber_card_new  (KakanaiTransport    *transport);
void                 kakanai_mynumber_card_free (KakanaiMyNumberCard *card);

/* Reports the steps of every later kakanai_mynumber_card_read() to @func
 * (NULL: none). @destroy (may be NULL) releases @user_data when replaced or
 * when @card is freed. */
void kakanai_mynumber_card_set_progress_func (KakanaiMyNumberCard     *card,
                                              KakanaiReadProgressFunc  func,
                                              gpointer                 user_data,
                                              GDestroyNotify           destroy);

/* Selects the AP and the PIN EF and asks for the tries left (VERIFY without
 * data). Spends no try. A blocked PIN is a success with *tries_left = 0. */
gboolean kakanai_mynumber_card_get_tries_left (KakanaiMyNumberCard *card,
                                               guint               *tries_left,
                                               GError             **error);

/* Reads the basic four (and the My Number with KAKANAI_READ_WITH_MY_NUMBER)
 * in one transaction: SELECT AP, SELECT EF 0011 (the PIN), tries left, the
 * last-try guard, VERIFY, SELECT EF 0002 and READ BINARY (and the same for EF
 * 0001). A card that answers SELECT EF 0011 with 6A82 or 6A86 is asked for
 * the tries and the PIN by the PIN EF's short id (VERIFY P2 = 91) instead.
 * READ BINARY asks for at most 255 bytes: 6 APDUs when EF 0002 fits in 255
 * bytes, one more per further 255 bytes (a 150-character address takes 7);
 * the My Number adds 2. A T=0 card adds its 6Cxx/GET RESPONSE round trips.
 *
 * @pin must be exactly 4 ASCII digits (else WRONG_PIN before any APDU; no try
 * spent). The PIN is not kept: the APDU that carried it is wiped.
 *
 * @tries_left (may be NULL) is set whenever the count is known: the count
 * left after a WRONG_PIN, 1 for LAST_TRY_REFUSED, 0 for PIN_BLOCKED, and
 * KAKANAI_MYNUMBER_PIN_MAX_TRIES after a success.
 *
 * Errors: NOT_MYNUMBER_CARD, WRONG_PIN, LAST_TRY_REFUSED (no PIN sent),
 * PIN_BLOCKED, CARD_REMOVED, IO, BAD_DATA (malformed or invalid data: bad
 * TLV, invalid UTF-8, impossible birth date, unknown sex code, bad check
 * digit). */
KakanaiCardRecord *kakanai_mynumber_card_read (KakanaiMyNumberCard *card,
                                               const char          *pin,
                                               KakanaiReadFlags     flags,
                                               guint               *tries_left,
                                               GError             **error);

/* TRUE when @pin is exactly 4 ASCII digits. */
gboolean kakanai_mynumber_pin_is_well_formed     (const char *pin);

/* TRUE when @twelve_digits is 12 ASCII digits whose last one checks the others. */
gboolean kakanai_my_number_check_digit_valid     (const char *twelve_digits);

/* The check digit (0..9) for 11 ASCII digits, or -1 when they are not 11 digits. */
int      kakanai_my_number_compute_check_digit   (const char *eleven_digits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiMyNumberCard, kakanai_mynumber_card_free)

G_END_DECLS
