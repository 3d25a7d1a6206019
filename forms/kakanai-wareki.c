/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-wareki.c: dates in 和暦 through ICU's Japanese calendar
 *
 * Why ICU and not a table of era start dates: ICU's "japanese" calendar carries every era
 * with its first day, and CLDR gives the era names (令和) and letters (R). When the next era
 * is proclaimed, a new libicu brings it; no Kakanai release is needed for forms to print
 * it. The era names are read from ICU's date format symbols for ja_JP@calendar=japanese,
 * keyed by ICU's era index, and cached once per process.
 *
 * All conversions go through UTC milliseconds with both calendars in UTC, so no time zone
 * or daylight rule can move a day.
 */
#define G_LOG_DOMAIN "kakanai-wareki"

#include "kakanai-wareki.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/udat.h>

#include <kakanai-secure.h>

G_DEFINE_QUARK (kakanai-wareki-error-quark, kakanai_wareki_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UCalendar, ucal_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UDateFormat, udat_close)

/* Japan switched to the Gregorian calendar on 明治6年1月1日; before it, 和暦 months and days
 * were lunisolar and differ from the Gregorian ones. */
#define FIRST_GREGORIAN_YEAR 1873
#define LAST_YEAR 9999

#define JAPANESE_LOCALE "ja_JP@calendar=japanese"
#define GREGORIAN_LOCALE "en_US@calendar=gregorian"

static const UChar utc_zone[] = { 'U', 'T', 'C', 0 };

typedef struct
{
  guint n_eras;
  char **names;   /* by ICU era index: 明治, 大正, … */
  char **letters; /* by ICU era index: M, T, … (the name again where CLDR has no letter) */
} EraTable;

static gboolean
set_icu_error (UErrorCode status, GError **error)
{
  if (U_SUCCESS (status))
    return FALSE;
  g_set_error (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_ICU,
               _("The Japanese calendar of ICU failed: %s"), u_errorName (status));
  return TRUE;
}

static UCalendar *
open_utc_calendar (const char *locale, GError **error)
{
  UErrorCode status = U_ZERO_ERROR;
  UCalendar *calendar = ucal_open (utc_zone, -1, locale, UCAL_DEFAULT, &status);

  if (set_icu_error (status, error))
    {
      g_clear_pointer (&calendar, ucal_close);
      return NULL;
    }
  /* Strict fields: 2023-02-29 is an error, never 2023-03-01. */
  ucal_setAttribute (calendar, UCAL_LENIENT, 0);
  return calendar;
}

static char *
uchars_to_utf8 (const UChar *text, int32_t length)
{
  return g_utf16_to_utf8 ((const gunichar2 *) text, length, NULL, NULL, NULL);
}

static char *
era_name_from_symbols (UDateFormat *format, int32_t era, GError **error)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar buffer[64];
  int32_t length = udat_getSymbols (format, UDAT_ERAS, era, buffer, G_N_ELEMENTS (buffer), &status);

  if (set_icu_error (status, error))
    return NULL;
  return uchars_to_utf8 (buffer, length);
}

/* The narrow era (pattern GGGGG) of the era's first day: M, T, S, H, R for the modern eras. */
static char *
era_letter_from_format (UDateFormat *narrow_format, UCalendar *calendar, int32_t era, GError **error)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar buffer[64];
  UDate first_day;
  int32_t length;

  ucal_clear (calendar);
  ucal_set (calendar, UCAL_ERA, era);
  ucal_set (calendar, UCAL_YEAR, 1);
  first_day = ucal_getMillis (calendar, &status);
  if (set_icu_error (status, error))
    return NULL;
  length = udat_format (narrow_format, first_day, buffer, G_N_ELEMENTS (buffer), NULL, &status);
  if (set_icu_error (status, error))
    return NULL;
  return uchars_to_utf8 (buffer, length);
}

static EraTable *
era_table_build (GError **error)
{
  static const UChar narrow_era_pattern[] = { 'G', 'G', 'G', 'G', 'G', 0 };
  UErrorCode status = U_ZERO_ERROR;
  g_autoptr(UDateFormat) format = NULL;
  g_autoptr(UCalendar) calendar = NULL;
  EraTable *table;
  int32_t n_eras;

  format = udat_open (UDAT_PATTERN, UDAT_PATTERN, JAPANESE_LOCALE, utc_zone, -1,
                      narrow_era_pattern, -1, &status);
  if (set_icu_error (status, error))
    return NULL;
  /* A lenient calendar here: the first day of an era is found from ERA and YEAR alone. */
  calendar = ucal_open (utc_zone, -1, JAPANESE_LOCALE, UCAL_DEFAULT, &status);
  if (set_icu_error (status, error))
    return NULL;

  n_eras = udat_countSymbols (format, UDAT_ERAS);
  if (n_eras <= 0)
    {
      set_icu_error (U_MISSING_RESOURCE_ERROR, error);
      return NULL;
    }

  table = g_new0 (EraTable, 1);
  table->n_eras = n_eras;
  table->names = g_new0 (char *, n_eras + 1);
  table->letters = g_new0 (char *, n_eras + 1);
  for (int32_t era = 0; era < n_eras; era++)
    {
      table->names[era] = era_name_from_symbols (format, era, error);
      if (table->names[era] == NULL)
        break;
      table->letters[era] = era_letter_from_format (format, calendar, era, error);
      if (table->letters[era] == NULL)
        break;
    }
  if (table->letters[n_eras - 1] == NULL)
    {
      g_strfreev (table->names);
      g_strfreev (table->letters);
      g_free (table);
      return NULL;
    }
  return table;
}

/* Built once and kept for the life of the process; a failed build is retried next time. */
static const EraTable *
era_table_get (GError **error)
{
  static GMutex lock;
  static EraTable *table;
  const EraTable *result;

  g_mutex_lock (&lock);
  if (table == NULL)
    table = era_table_build (error);
  result = table;
  g_mutex_unlock (&lock);
  return result;
}

static gboolean
check_gregorian_date (int year, int month, int day, GError **error)
{
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > G_MAXUINT16
      || !g_date_valid_dmy (day, month, year))
    {
      g_set_error_literal (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_INVALID,
                           _("This day does not exist in the calendar"));
      return FALSE;
    }
  if (year < FIRST_GREGORIAN_YEAR || year > LAST_YEAR)
    {
      g_set_error (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_OUT_OF_RANGE,
                   _("Only dates from %d-01-01 (明治6年) to %d-12-31 can be written in 和暦"),
                   FIRST_GREGORIAN_YEAR, LAST_YEAR);
      return FALSE;
    }
  return TRUE;
}

static gboolean
gregorian_to_millis (int year, int month, int day, UDate *millis, GError **error)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autoptr(UCalendar) calendar = open_utc_calendar (GREGORIAN_LOCALE, error);

  if (calendar == NULL)
    return FALSE;
  ucal_clear (calendar);
  ucal_setDate (calendar, year, month - 1, day, &status);
  *millis = ucal_getMillis (calendar, &status);
  return !set_icu_error (status, error);
}

gboolean
kakanai_wareki_from_gregorian (int                year,
                               int                month,
                               int                day,
                               KakanaiWarekiDate *out,
                               GError           **error)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autoptr(UCalendar) japanese = NULL;
  const EraTable *eras;
  UDate millis;
  int32_t era;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_gregorian_date (year, month, day, error))
    return FALSE;
  eras = era_table_get (error);
  if (eras == NULL || !gregorian_to_millis (year, month, day, &millis, error))
    return FALSE;
  japanese = open_utc_calendar (JAPANESE_LOCALE, error);
  if (japanese == NULL)
    return FALSE;
  ucal_setMillis (japanese, millis, &status);
  era = ucal_get (japanese, UCAL_ERA, &status);
  out->era_year = ucal_get (japanese, UCAL_YEAR, &status);
  out->month = ucal_get (japanese, UCAL_MONTH, &status) + 1;
  out->day = ucal_get (japanese, UCAL_DATE, &status);
  if (set_icu_error (status, error))
    return FALSE;
  if (era < 0 || (guint) era >= eras->n_eras)
    {
      set_icu_error (U_INVALID_FORMAT_ERROR, error);
      return FALSE;
    }
  out->era_name = eras->names[era];
  out->era_letter = eras->letters[era];
  return TRUE;
}

static void
append_era_year (GString *text, const KakanaiWarekiDate *date)
{
  g_string_append (text, date->era_name);
  if (date->era_year == 1)
    g_string_append (text, "元");
  else
    g_string_append_printf (text, "%d", date->era_year);
  g_string_append (text, "年");
}

char *
kakanai_wareki_format (int              year,
                       int              month,
                       int              day,
                       KakanaiDateStyle style,
                       GError         **error)
{
  KakanaiWarekiDate date;
  GString *text;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (style == KAKANAI_DATE_STYLE_GREGORIAN)
    {
      if (!check_gregorian_date (year, month, day, error))
        return NULL;
      return g_strdup_printf ("%d年%d月%d日", year, month, day);
    }
  if (!kakanai_wareki_from_gregorian (year, month, day, &date, error))
    return NULL;

  text = g_string_sized_new (64); /* 令和10年12月31日 is 22 bytes: it never grows */
  append_era_year (text, &date);
  if (style == KAKANAI_DATE_STYLE_WAREKI)
    g_string_append_printf (text, "%d月%d日", date.month, date.day);
  return g_string_free (text, FALSE);
}

/* Reads exactly `digits` ASCII digits; returns the position after them or NULL. */
static const char *
read_fixed_digits (const char *p, int digits, int *value)
{
  *value = 0;
  for (int i = 0; i < digits; i++, p++)
    {
      if (!g_ascii_isdigit (*p))
        return NULL;
      *value = *value * 10 + (*p - '0');
    }
  return p;
}

static gboolean
parse_iso_date (const char *iso_date, int *year, int *month, int *day)
{
  const char *p = iso_date;

  if (iso_date == NULL || strlen (iso_date) != 10)
    return FALSE;
  if ((p = read_fixed_digits (p, 4, year)) == NULL || *p++ != '-')
    return FALSE;
  if ((p = read_fixed_digits (p, 2, month)) == NULL || *p++ != '-')
    return FALSE;
  return read_fixed_digits (p, 2, day) != NULL;
}

char *
kakanai_wareki_format_date (const char      *iso_date,
                            KakanaiDateStyle style,
                            GError         **error)
{
  int year, month, day;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_iso_date (iso_date, &year, &month, &day))
    {
      g_set_error_literal (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_INVALID,
                           _("A date must be written YYYY-MM-DD"));
      return NULL;
    }
  return kakanai_wareki_format (year, month, day, style, error);
}

char *
kakanai_wareki_format_fiscal_year (int year, GError **error)
{
  KakanaiWarekiDate last_day;
  GString *text;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kakanai_wareki_from_gregorian (year, 12, 31, &last_day, error))
    return NULL;
  text = g_string_sized_new (64);
  append_era_year (text, &last_day);
  g_string_append (text, "度");
  return g_string_free (text, FALSE);
}

/* --- Parsing what a clerk types --- */

typedef struct
{
  int era; /* ICU era index, or -1 for a Gregorian year */
  int year;
  int month;
  int day;
} TypedDate;

static void
set_unreadable (GError **error)
{
  g_set_error_literal (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_INVALID,
                       _("Not a date; write it like 昭和55年1月1日, S55.1.1 or 1980-01-01"));
}

/* The longest era name at the start of p (天平勝宝 before 天平), the newest on a tie. */
static int
match_era_name (const EraTable *eras, const char **p)
{
  int best = -1;
  gsize best_length = 0;

  for (int era = eras->n_eras - 1; era >= 0; era--)
    {
      gsize length = strlen (eras->names[era]);
      if (length > best_length && strncmp (*p, eras->names[era], length) == 0)
        best = era, best_length = length;
    }
  *p += best_length;
  return best;
}

/* One ASCII letter (S, s) naming a modern era by its CLDR narrow form, newest era first. */
static int
match_era_letter (const EraTable *eras, const char **p)
{
  if (!g_ascii_isalpha (**p))
    return -1;
  for (int era = eras->n_eras - 1; era >= 0; era--)
    {
      const char *letter = eras->letters[era];
      if (letter[0] != '\0' && letter[1] == '\0' && g_ascii_toupper (**p) == g_ascii_toupper (letter[0]))
        {
          *p += 1;
          return era;
        }
    }
  return -1;
}

/* The first character of a modern era's name (昭 for 昭和), as forms print them to circle
 * (明・大・昭・平・令). Only eras with a one-letter narrow form count, newest first. */
static int
match_era_initial (const EraTable *eras, const char **p)
{
  for (int era = eras->n_eras - 1; era >= 0; era--)
    {
      const char *letter = eras->letters[era];
      const char *name = eras->names[era];
      gsize initial_length = g_utf8_next_char (name) - name;

      if (letter[0] != '\0' && letter[1] == '\0' && *name != '\0'
          && strncmp (*p, name, initial_length) == 0)
        {
          *p += initial_length;
          return era;
        }
    }
  return -1;
}

static const char *
read_number (const char *p, int max_digits, int *value)
{
  int digits = 0;

  *value = 0;
  while (g_ascii_isdigit (*p) && digits < max_digits)
    *value = *value * 10 + (*p++ - '0'), digits++;
  return digits > 0 && !g_ascii_isdigit (*p) ? p : NULL;
}

/* After a year: 年M月D日 (日 optional) or a separator . / - used twice. */
static gboolean
parse_month_and_day (const char *p, TypedDate *date)
{
  char separator;

  if (g_str_has_prefix (p, "年"))
    {
      p += strlen ("年");
      if ((p = read_number (p, 2, &date->month)) == NULL || !g_str_has_prefix (p, "月"))
        return FALSE;
      p += strlen ("月");
      if ((p = read_number (p, 2, &date->day)) == NULL)
        return FALSE;
      if (g_str_has_prefix (p, "日"))
        p += strlen ("日");
      return *p == '\0';
    }
  separator = *p;
  if (separator != '.' && separator != '/' && separator != '-')
    return FALSE;
  if ((p = read_number (p + 1, 2, &date->month)) == NULL || *p != separator)
    return FALSE;
  p = read_number (p + 1, 2, &date->day);
  return p != NULL && *p == '\0';
}

static gboolean
parse_typed_date (const EraTable *eras, const char *text, TypedDate *date)
{
  const char *p = text;

  if (g_ascii_isdigit (*p))
    {
      date->era = -1;
      p = read_number (p, 4, &date->year);
      if (p == NULL || p - text != 4)
        return FALSE;
      return parse_month_and_day (p, date);
    }

  date->era = match_era_name (eras, &p);
  if (date->era < 0)
    date->era = match_era_initial (eras, &p);
  if (date->era < 0)
    date->era = match_era_letter (eras, &p);
  if (date->era < 0)
    return FALSE;
  if (g_str_has_prefix (p, "元"))
    {
      date->year = 1;
      p += strlen ("元");
    }
  else if ((p = read_number (p, 4, &date->year)) == NULL)
    return FALSE;
  return parse_month_and_day (p, date);
}

/* NFKC folds full-width digits, letters and spaces; spaces are then dropped. NULL for
 * text that is not UTF-8 (g_utf8_normalize() must never see it: it reads past the end). */
static char *
normalize_typed_text (const char *text)
{
  g_autofree char *folded = NULL;
  GString *compact;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (folded == NULL)
    return NULL;
  /* Sized once, and the folded copy wiped: a typed birth date is personal. */
  compact = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, *p);
  kakanai_wipe (folded, strlen (folded));
  return g_string_free (compact, FALSE);
}

/* Era, year, month, day → Gregorian, refusing days outside the era (平成31年5月1日). */
static gboolean
japanese_to_gregorian (const EraTable *eras, TypedDate *date, GError **error)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autoptr(UCalendar) japanese = open_utc_calendar (JAPANESE_LOCALE, error);
  g_autoptr(UCalendar) gregorian = NULL;
  UDate millis;

  if (japanese == NULL)
    return FALSE;
  ucal_clear (japanese);
  ucal_set (japanese, UCAL_ERA, date->era);
  ucal_set (japanese, UCAL_YEAR, date->year);
  ucal_set (japanese, UCAL_MONTH, date->month - 1);
  ucal_set (japanese, UCAL_DATE, date->day);
  millis = ucal_getMillis (japanese, &status);
  if (U_FAILURE (status))
    {
      set_unreadable (error);
      return FALSE;
    }
  ucal_setMillis (japanese, millis, &status);
  if (ucal_get (japanese, UCAL_ERA, &status) != date->era
      || ucal_get (japanese, UCAL_YEAR, &status) != date->year
      || ucal_get (japanese, UCAL_MONTH, &status) != date->month - 1
      || ucal_get (japanese, UCAL_DATE, &status) != date->day)
    {
      g_set_error (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_INVALID,
                   _("This day is not in the %s era"), eras->names[date->era]);
      return FALSE;
    }

  gregorian = open_utc_calendar (GREGORIAN_LOCALE, error);
  if (gregorian == NULL)
    return FALSE;
  ucal_setMillis (gregorian, millis, &status);
  date->year = ucal_get (gregorian, UCAL_YEAR, &status);
  date->month = ucal_get (gregorian, UCAL_MONTH, &status) + 1;
  date->day = ucal_get (gregorian, UCAL_DATE, &status);
  date->era = -1;
  return !set_icu_error (status, error);
}

char *
kakanai_wareki_parse (const char *text,
                      GError    **error)
{
  g_autofree char *normalized = NULL;
  const EraTable *eras;
  TypedDate date = { 0 };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  eras = era_table_get (error);
  if (eras == NULL)
    return NULL;
  normalized = normalize_typed_text (text);
  if (normalized == NULL || !parse_typed_date (eras, normalized, &date))
    {
      set_unreadable (error);
      return NULL;
    }
  if (date.era >= 0 && !japanese_to_gregorian (eras, &date, error))
    return NULL;
  if (!check_gregorian_date (date.year, date.month, date.day, error))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", date.year, date.month, date.day);
}
