/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-wareki.c: 和暦 formatting and parsing, every era boundary */
#define G_LOG_DOMAIN "kakanai-test"

#include <glib.h>

#include "kakanai-wareki.h"

typedef struct
{
  const char *iso;
  const char *wareki;
  const char *era_year;
} Boundary;

/* The first day of each era and the day before it (docs: shared municipal-forms reference). */
static const Boundary boundaries[] = {
  { "1873-01-01", "明治6年1月1日",   "明治6年" },  /* first Gregorian day in Japan */
  { "1912-07-29", "明治45年7月29日", "明治45年" },
  { "1912-07-30", "大正元年7月30日", "大正元年" },
  { "1926-12-24", "大正15年12月24日", "大正15年" },
  { "1926-12-25", "昭和元年12月25日", "昭和元年" },
  { "1989-01-07", "昭和64年1月7日",  "昭和64年" },
  { "1989-01-08", "平成元年1月8日",  "平成元年" },
  { "2019-04-30", "平成31年4月30日", "平成31年" },
  { "2019-05-01", "令和元年5月1日",  "令和元年" },
  { "2024-04-25", "令和6年4月25日",  "令和6年" },
  { "1980-01-01", "昭和55年1月1日",  "昭和55年" },
  { "2000-02-29", "平成12年2月29日", "平成12年" },
  { "3414-04-01", "令和1396年4月1日", "令和1396年" }, /* found by fuzz-wareki-parse */
};

static void
test_format_boundaries (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (boundaries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *wareki = kakanai_wareki_format_date (boundaries[i].iso, KAKANAI_DATE_STYLE_WAREKI, &error);
      g_autofree char *era_year = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (wareki, ==, boundaries[i].wareki);
      era_year = kakanai_wareki_format_date (boundaries[i].iso, KAKANAI_DATE_STYLE_WAREKI_ERA_YEAR, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (era_year, ==, boundaries[i].era_year);
    }
}

static void
test_parse_round_trip (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (boundaries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = kakanai_wareki_parse (boundaries[i].wareki, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, boundaries[i].iso);
    }
}

static void
test_split_date (void)
{
  g_autoptr(GError) error = NULL;
  KakanaiWarekiDate date = { 0 };

  g_assert_true (kakanai_wareki_from_gregorian (1989, 1, 8, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (date.era_name, ==, "平成");
  g_assert_cmpstr (date.era_letter, ==, "H");
  g_assert_cmpint (date.era_year, ==, 1);
  g_assert_cmpint (date.month, ==, 1);
  g_assert_cmpint (date.day, ==, 8);
}

static void
test_gregorian_style (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = kakanai_wareki_format_date ("2024-04-25", KAKANAI_DATE_STYLE_GREGORIAN, &error);
  g_autofree char *direct = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "2024年4月25日");
  direct = kakanai_wareki_format (2019, 5, 1, KAKANAI_DATE_STYLE_WAREKI, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (direct, ==, "令和元年5月1日");
}

static void
test_fiscal_year (void)
{
  static const struct { int year; const char *text; } cases[] = {
    { 2024, "令和6年度" }, { 2019, "令和元年度" }, { 2018, "平成30年度" }, { 1989, "平成元年度" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = kakanai_wareki_format_fiscal_year (cases[i].year, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_invalid_dates_rejected (void)
{
  static const char *invalid[] = {
    "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-25", "2024/04/25",
    "20240425", "", "2024-04-25x", "abcd-ef-gh", "1900-02-29",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = kakanai_wareki_format_date (invalid[i], KAKANAI_DATE_STYLE_WAREKI, &error);

      g_assert_null (text);
      g_assert_error (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_INVALID);
    }
}

/* Before 1873 Japan used a lunisolar calendar: 明治元年 (1868-01-25 Gregorian) and the
 * years after it cannot be written from a Gregorian month and day. */
static void
test_lunisolar_years_refused (void)
{
  static const char *too_early[] = { "1868-01-25", "1872-12-31", "0001-01-01" };

  for (gsize i = 0; i < G_N_ELEMENTS (too_early); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = kakanai_wareki_format_date (too_early[i], KAKANAI_DATE_STYLE_WAREKI, &error);

      g_assert_null (text);
      g_assert_error (error, KAKANAI_WAREKI_ERROR, KAKANAI_WAREKI_ERROR_OUT_OF_RANGE);
    }
}

static void
test_parse_typed_forms (void)
{
  static const struct { const char *typed; const char *iso; } cases[] = {
    { "S55.1.1", "1980-01-01" },
    { "s55/1/1", "1980-01-01" },
    { "Ｓ５５．１．１", "1980-01-01" },
    { "H31-4-30", "2019-04-30" },
    { "R1.5.1", "2019-05-01" },
    { "令和元年5月1日", "2019-05-01" },
    { "令和 元年 5月 1日", "2019-05-01" },
    { "令和６年４月２５日", "2024-04-25" },
    { "昭和55年1月1", "1980-01-01" },
    { "T1.7.30", "1912-07-30" },
    { "昭55.1.1", "1980-01-01" },
    { "平元年1月8日", "1989-01-08" },
    { "令6.4.25", "2024-04-25" },
    { "明45.7.29", "1912-07-29" },
    { "M45.7.29", "1912-07-29" },
    { "1980年1月1日", "1980-01-01" },
    { "1980-01-01", "1980-01-01" },
    { "1980/1/1", "1980-01-01" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = kakanai_wareki_parse (cases[i].typed, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
}

static void
test_parse_refuses (void)
{
  static const struct { const char *typed; KakanaiWarekiError code; } cases[] = {
    { "平成31年5月1日", KAKANAI_WAREKI_ERROR_INVALID },  /* 平成 ended 2019-04-30 */
    { "令和1年4月30日", KAKANAI_WAREKI_ERROR_INVALID },  /* 令和 began 2019-05-01 */
    { "昭和64年1月8日", KAKANAI_WAREKI_ERROR_INVALID },
    { "令和5年2月29日", KAKANAI_WAREKI_ERROR_INVALID },
    { "令和0年1月1日", KAKANAI_WAREKI_ERROR_INVALID },
    { "明治5年12月1日", KAKANAI_WAREKI_ERROR_OUT_OF_RANGE },
    { "X55.1.1", KAKANAI_WAREKI_ERROR_INVALID },
    { "和55.1.1", KAKANAI_WAREKI_ERROR_INVALID },
    { "平31.5.1", KAKANAI_WAREKI_ERROR_INVALID },
    { "S55.1/1", KAKANAI_WAREKI_ERROR_INVALID },
    { "S55.1.1.", KAKANAI_WAREKI_ERROR_INVALID },
    { "昭和", KAKANAI_WAREKI_ERROR_INVALID },
    { "55.1.1", KAKANAI_WAREKI_ERROR_INVALID },
    { "", KAKANAI_WAREKI_ERROR_INVALID },
    { "\xff\xfe", KAKANAI_WAREKI_ERROR_INVALID },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = kakanai_wareki_parse (cases[i].typed, &error);

      g_assert_null (iso);
      g_assert_error (error, KAKANAI_WAREKI_ERROR, (int) cases[i].code);
    }
}

/* Every day from 1873 to 2100 survives format → parse unchanged. */
static void
test_every_day_round_trips (void)
{
  g_autoptr(GDate) day = g_date_new_dmy (1, G_DATE_JANUARY, 1873);

  for (; g_date_get_year (day) <= 2100; g_date_add_days (day, 1))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *wareki = kakanai_wareki_format (g_date_get_year (day), g_date_get_month (day),
                                                      g_date_get_day (day), KAKANAI_DATE_STYLE_WAREKI, &error);
      g_autofree char *iso = NULL;
      char expected[16];

      g_assert_no_error (error);
      iso = kakanai_wareki_parse (wareki, &error);
      g_assert_no_error (error);
      g_snprintf (expected, sizeof expected, "%04d-%02d-%02d",
                  g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
      g_assert_cmpstr (iso, ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wareki/format/boundaries", test_format_boundaries);
  g_test_add_func ("/wareki/format/split", test_split_date);
  g_test_add_func ("/wareki/format/gregorian", test_gregorian_style);
  g_test_add_func ("/wareki/format/fiscal-year", test_fiscal_year);
  g_test_add_func ("/wareki/format/invalid", test_invalid_dates_rejected);
  g_test_add_func ("/wareki/format/lunisolar", test_lunisolar_years_refused);
  g_test_add_func ("/wareki/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/wareki/parse/typed", test_parse_typed_forms);
  g_test_add_func ("/wareki/parse/refuses", test_parse_refuses);
  g_test_add_func ("/wareki/parse/every-day", test_every_day_round_trips);
  return g_test_run ();
}
