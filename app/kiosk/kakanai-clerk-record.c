/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-record.c: the data of a resident without a card, as a clerk typed it */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-record.h"

#include <glib/gi18n.h>
#include <string.h>

#include <kakanai-wareki.h>

G_DEFINE_QUARK (kakanai-clerk-record-error-quark, kakanai_clerk_record_error)

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000; /* 全角スペース */
}

/* A trimmed copy (release with kakanai_secure_strfree), or NULL when @text is not UTF-8. */
static char *
trimmed_copy (const char *text)
{
  const char *start = text;
  const char *end;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  while (*start != '\0' && is_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *previous = g_utf8_prev_char (end);
      if (!is_space (g_utf8_get_char (previous)))
        break;
      end = previous;
    }
  return g_strndup (start, (gsize) (end - start));
}

static char *
take_field (const char *text, glong max_chars, KakanaiClerkRecordError code, GError **error)
{
  char *value = trimmed_copy (text);

  if (value == NULL || *value == '\0' || g_utf8_strlen (value, -1) > max_chars)
    {
      if (code == KAKANAI_CLERK_RECORD_ERROR_NAME)
        g_set_error (error, KAKANAI_CLERK_RECORD_ERROR, code,
                     _("Type the resident's name (up to %ld characters)."), max_chars);
      else
        g_set_error (error, KAKANAI_CLERK_RECORD_ERROR, code,
                     _("Type the resident's address (up to %ld characters)."), max_chars);
      kakanai_secure_strfree (value);
      return NULL;
    }
  return value;
}

static gboolean
take_birth_date (const char *text, char out[9], GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  char *trimmed = trimmed_copy (text);
  char *iso = trimmed && *trimmed ? kakanai_wareki_parse (trimmed, NULL) : NULL;
  gboolean ok = iso != NULL && strlen (iso) == 10 && strcmp (iso, today) <= 0;

  if (ok)
    {
      memcpy (out, iso, 4);
      memcpy (out + 4, iso + 5, 2);
      memcpy (out + 6, iso + 8, 2);
      out[8] = '\0';
    }
  else
    /* The parser's own message may quote the input: say it in our words. */
    g_set_error_literal (error, KAKANAI_CLERK_RECORD_ERROR, KAKANAI_CLERK_RECORD_ERROR_BIRTH_DATE,
                         _("Type the birth date as 昭和55年4月1日, S55.4.1 or 1980-04-01 (not in the future)."));
  kakanai_secure_strfree (trimmed);
  kakanai_secure_strfree (iso);
  return ok;
}

KakanaiCardRecord *
kakanai_clerk_record_build (const char *name, const char *address, const char *birth_date,
                            KakanaiSex sex, GError **error)
{
  g_autoptr(KakanaiCardRecord) record = kakanai_card_record_new ();

  record->name = take_field (name, KAKANAI_CLERK_RECORD_MAX_NAME, KAKANAI_CLERK_RECORD_ERROR_NAME, error);
  if (record->name == NULL)
    return NULL;
  record->address = take_field (address, KAKANAI_CLERK_RECORD_MAX_ADDRESS, KAKANAI_CLERK_RECORD_ERROR_ADDRESS, error);
  if (record->address == NULL)
    return NULL;
  if (!take_birth_date (birth_date, record->birth_date, error))
    return NULL;
  record->sex = sex;
  return g_steal_pointer (&record);
}
