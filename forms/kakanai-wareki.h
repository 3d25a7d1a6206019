/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-wareki.h: dates in 和暦 (the Japanese era calendar) for forms
 *
 * Gregorian → 和暦 for printing (令和6年4月25日, 元年 for the first year of an era) and
 * 和暦 → Gregorian for what a clerk types (昭和55年1月1日, 昭55.1.1, S55.1.1, 令和元年5月1日).
 * Eras come from ICU's Japanese calendar, so a new era arrives with new ICU data.
 *
 * Dates before 1873-01-01 (明治6年1月1日) are refused: until then Japan counted months
 * and days by the lunisolar calendar, so a Gregorian month and day are not the 和暦 ones.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_WAREKI_ERROR (kakanai_wareki_error_quark ())

typedef enum
{
  KAKANAI_WAREKI_ERROR_INVALID,      /* not a date, or a day that does not exist */
  KAKANAI_WAREKI_ERROR_OUT_OF_RANGE, /* before 1873-01-01 or after 9999-12-31 */
  KAKANAI_WAREKI_ERROR_ICU,          /* ICU failed (missing calendar data) */
} KakanaiWarekiError;

typedef enum
{
  KAKANAI_DATE_STYLE_WAREKI,          /* 令和6年4月25日, 令和元年5月1日 */
  KAKANAI_DATE_STYLE_WAREKI_ERA_YEAR, /* 令和6年 */
  KAKANAI_DATE_STYLE_GREGORIAN,       /* 2024年4月25日 */
} KakanaiDateStyle;

/* One day in 和暦. era_name points to data owned by this module (valid for the process). */
typedef struct
{
  const char *era_name; /* 令和 */
  const char *era_letter; /* R (M, T, S, H, R for the modern eras; the name for older ones) */
  int era_year; /* 1 is written 元年 */
  int month;
  int day;
} KakanaiWarekiDate;

GQuark   kakanai_wareki_error_quark (void);

gboolean kakanai_wareki_from_gregorian (int                year,
                                        int                month,
                                        int                day,
                                        KakanaiWarekiDate *out,
                                        GError           **error);

char    *kakanai_wareki_format       (int              year,
                                      int              month,
                                      int              day,
                                      KakanaiDateStyle style,
                                      GError         **error);

/* iso_date is YYYY-MM-DD. */
char    *kakanai_wareki_format_date  (const char      *iso_date,
                                      KakanaiDateStyle style,
                                      GError         **error);

/* A fiscal year (年度) given by its Gregorian year, e.g. 2024 → 令和6年度. The era is the
 * one in force at the end of that calendar year, as written after an era change
 * (2019 → 令和元年度). */
char    *kakanai_wareki_format_fiscal_year (int      year,
                                            GError **error);

/* Typed input → YYYY-MM-DD. Accepts 昭和55年1月1日, 令和元年5月1日, 昭55.1.1, S55.1.1, s55/1/1,
 * H31-4-30, full-width digits and letters, and Gregorian 1980年1月1日, 1980-01-01,
 * 1980/1/1. A day outside its era (平成31年5月1日) is refused, never moved. */
char    *kakanai_wareki_parse        (const char *text,
                                      GError    **error);

G_END_DECLS
