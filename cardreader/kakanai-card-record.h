/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-record.h: the face data read from a My Number card */
#pragma once

#include <glib.h>
#include <kakanai-secure.h> /* the record's strings are kakanai_secure_strdup()'s */

G_BEGIN_DECLS

/* ISO/IEC 5218, as the card stores it. */
typedef enum
{
  KAKANAI_SEX_NOT_KNOWN      = 0,
  KAKANAI_SEX_MALE           = 1,
  KAKANAI_SEX_FEMALE         = 2,
  KAKANAI_SEX_NOT_APPLICABLE = 9,
} KakanaiSex;

/* Personal data: never log it; release it with kakanai_card_record_free(),
 * which wipes every byte. Strings are valid UTF-8, allocated with
 * kakanai_secure_strdup(). */
typedef struct
{
  char       *name;
  char       *address;
  char        birth_date[9]; /* YYYYMMDD, a real Gregorian date, NUL-terminated */
  KakanaiSex  sex;
  char       *my_number;     /* 12 digits with a valid check digit; NULL unless asked */
} KakanaiCardRecord;

KakanaiCardRecord *kakanai_card_record_new  (void);
void               kakanai_card_record_free (KakanaiCardRecord *record);

/* "male", "female", "not_known" or "not_applicable"; NULL for a value outside the enum. */
const char        *kakanai_card_sex_to_code (KakanaiSex sex);

/* Maps the card's one ASCII digit ('0', '1', '2', '9') to @sex. */
gboolean           kakanai_card_sex_from_digit (char        digit,
                                                KakanaiSex *sex);

/* TRUE when @yyyymmdd is 8 ASCII digits naming a real Gregorian date. */
gboolean           kakanai_card_birth_date_is_valid (const char *yyyymmdd);

/* Writes "YYYY-MM-DD" and a NUL into @iso (11 bytes). FALSE (and @iso set to
 * "") when @yyyymmdd is not a valid date. */
gboolean           kakanai_card_birth_date_to_iso (const char *yyyymmdd,
                                                   char        iso[11]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiCardRecord, kakanai_card_record_free)

G_END_DECLS
