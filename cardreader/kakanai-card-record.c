/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-record.c: the face data read from a card, wiped when freed */
#define G_LOG_DOMAIN "kakanai-card"

#include <string.h>

#include "kakanai-card-record.h"
#include <kakanai-secure.h>

KakanaiCardRecord *
kakanai_card_record_new (void)
{
  return g_new0 (KakanaiCardRecord, 1);
}

void
kakanai_card_record_free (KakanaiCardRecord *record)
{
  if (record == NULL)
    return;
  kakanai_secure_strfree (record->name);
  kakanai_secure_strfree (record->address);
  kakanai_secure_strfree (record->my_number);
  kakanai_wipe (record, sizeof *record);
  g_free (record);
}

const char *
kakanai_card_sex_to_code (KakanaiSex sex)
{
  switch (sex)
    {
    case KAKANAI_SEX_NOT_KNOWN:
      return "not_known";
    case KAKANAI_SEX_MALE:
      return "male";
    case KAKANAI_SEX_FEMALE:
      return "female";
    case KAKANAI_SEX_NOT_APPLICABLE:
      return "not_applicable";
    default:
      return NULL;
    }
}

gboolean
kakanai_card_sex_from_digit (char        digit,
                             KakanaiSex *sex)
{
  switch (digit)
    {
    case '0':
      *sex = KAKANAI_SEX_NOT_KNOWN;
      return TRUE;
    case '1':
      *sex = KAKANAI_SEX_MALE;
      return TRUE;
    case '2':
      *sex = KAKANAI_SEX_FEMALE;
      return TRUE;
    case '9':
      *sex = KAKANAI_SEX_NOT_APPLICABLE;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
all_ascii_digits (const char *text,
                  gsize       count)
{
  for (gsize i = 0; i < count; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static guint
parse_digits (const char *text,
              gsize       count)
{
  guint value = 0;

  for (gsize i = 0; i < count; i++)
    value = value * 10 + (guint) (text[i] - '0');
  return value;
}

gboolean
kakanai_card_birth_date_is_valid (const char *yyyymmdd)
{
  guint year, month, day;

  if (yyyymmdd == NULL || strnlen (yyyymmdd, 9) != 8 || !all_ascii_digits (yyyymmdd, 8))
    return FALSE;

  year = parse_digits (yyyymmdd, 4);
  month = parse_digits (yyyymmdd + 4, 2);
  day = parse_digits (yyyymmdd + 6, 2);
  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
kakanai_card_birth_date_to_iso (const char *yyyymmdd,
                                char        iso[11])
{
  iso[0] = '\0';
  if (!kakanai_card_birth_date_is_valid (yyyymmdd))
    return FALSE;

  memcpy (iso, yyyymmdd, 4);
  iso[4] = '-';
  memcpy (iso + 5, yyyymmdd + 4, 2);
  iso[7] = '-';
  memcpy (iso + 8, yyyymmdd + 6, 2);
  iso[10] = '\0';
  return TRUE;
}
