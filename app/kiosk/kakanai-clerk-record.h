/* kakanai-clerk-record.h: the data of a resident without a card, as a clerk typed it (聞き取り)
 *
 * Personal data: the result is a KakanaiCardRecord (wiped when freed); error messages name
 * the field at fault, never what was typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <kakanai-card.h>

G_BEGIN_DECLS

#define KAKANAI_CLERK_RECORD_ERROR (kakanai_clerk_record_error_quark ())
GQuark kakanai_clerk_record_error_quark (void);

typedef enum
{
  KAKANAI_CLERK_RECORD_ERROR_NAME,        /* empty or too long */
  KAKANAI_CLERK_RECORD_ERROR_ADDRESS,     /* empty or too long */
  KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE,  /* not a date (和暦 or Gregorian), or in the future */
} KakanaiClerkRecordError;

#define KAKANAI_CLERK_RECORD_MAX_NAME 100    /* characters */
#define KAKANAI_CLERK_RECORD_MAX_ADDRESS 200

/* @birth_date: 昭和55年4月1日, S55.4.1, 1980-04-01, 1980/4/1, ... (kakanai_wareki_parse).
 * Leading and trailing spaces (also full-width) are dropped. */
KakanaiCardRecord *kakanai_clerk_record_build (const char *name,
                                               const char *address,
                                               const char *birth_date,
                                               KakanaiSex  sex,
                                               GError    **error);

G_END_DECLS
