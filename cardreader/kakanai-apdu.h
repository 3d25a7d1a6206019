/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-apdu.h: ISO/IEC 7816-4 command/response exchange and status words */
#pragma once

#include <glib.h>

#include "kakanai-card-error.h"
#include "kakanai-transport.h"

G_BEGIN_DECLS

/* Short APDUs only: at most 256 data bytes per response, plus SW1 SW2. */
#define KAKANAI_APDU_MAX_DATA      256
#define KAKANAI_APDU_MAX_RESPONSE  (KAKANAI_APDU_MAX_DATA + 2)

#define KAKANAI_SW_OK                    0x9000
#define KAKANAI_SW_END_OF_FILE           0x6282 /* fewer bytes than Le: still data */
#define KAKANAI_SW_WRONG_LENGTH          0x6700
#define KAKANAI_SW_INCOMPATIBLE_FILE     0x6981
#define KAKANAI_SW_SECURITY_NOT_SATISFIED 0x6982
#define KAKANAI_SW_AUTH_BLOCKED          0x6983
#define KAKANAI_SW_REFERENCE_DATA_UNUSABLE 0x6984
#define KAKANAI_SW_COMMAND_NOT_ALLOWED   0x6986 /* e.g. no current EF */
#define KAKANAI_SW_FILE_NOT_FOUND        0x6A82
#define KAKANAI_SW_REFERENCE_NOT_FOUND   0x6A88
#define KAKANAI_SW_WRONG_P1P2            0x6B00
#define KAKANAI_SW_INCORRECT_P1P2        0x6A86
#define KAKANAI_SW_INS_NOT_SUPPORTED     0x6D00
#define KAKANAI_SW_CLA_NOT_SUPPORTED     0x6E00

/* A response with the data and the status word apart. Holds personal data:
 * wipe it with kakanai_apdu_response_clear() when done. */
typedef struct
{
  guint8  data[KAKANAI_APDU_MAX_DATA];
  gsize   length;
  guint16 sw;
} KakanaiApduResponse;

void     kakanai_apdu_response_clear   (KakanaiApduResponse *response);

/* Sends @command and fills @response. Handles 61xx (fetches the rest with GET
 * RESPONSE, chained) and 6Cxx (re-sends with Le = xx). Returns FALSE only when
 * no usable response came: transport errors (CARD_REMOVED, IO, ...), a
 * response shorter than a status word or more than KAKANAI_APDU_MAX_DATA
 * bytes (BAD_DATA). Any status word is a TRUE return: check response->sw. */
gboolean kakanai_apdu_exchange         (KakanaiTransport    *transport,
                                        const guint8        *command,
                                        gsize                command_length,
                                        KakanaiApduResponse *response,
                                        GError             **error);

/* 90 00 or 62 82 (warning: end of file reached, the data is valid). */
gboolean kakanai_sw_is_success         (guint16 sw);

/* 63 Cx: a wrong PIN, or the answer to VERIFY without data; *tries_left = x. */
gboolean kakanai_sw_is_tries_left      (guint16  sw,
                                        guint   *tries_left);

/* 69 83 or 69 84: the PIN is blocked. */
gboolean kakanai_sw_is_pin_blocked     (guint16 sw);

/* The error a status word means without further context: 63Cx → WRONG_PIN,
 * 6983/6984 → PIN_BLOCKED, 6A82 → NOT_MYNUMBER_CARD, anything else that is
 * not a success → IO (the card said something we did not expect). Callers
 * with more context (e.g. 6A82 when selecting an EF) decide for themselves. */
KakanaiCardError kakanai_sw_to_error   (guint16 sw);

/* Sets @error from @sw as kakanai_sw_to_error() says, with a message naming
 * @what (e.g. "SELECT") and the status word. */
void     kakanai_sw_set_error          (guint16      sw,
                                        const char  *what,
                                        GError     **error);

G_END_DECLS
