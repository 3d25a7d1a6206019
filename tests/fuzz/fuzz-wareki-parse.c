/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-wareki-parse.c: what a clerk may type as a date, arbitrary bytes included.
 *
 * Besides no crash, leak or undefined behaviour: whatever kakanai_wareki_parse() accepts is
 * a real date that formats in 和暦 and parses back to itself. */
#include <stddef.h>
#include <stdint.h>

#include <kakanai-wareki.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = kakanai_wareki_parse (text, &error);
  g_autofree char *wareki = NULL;
  g_autofree char *again = NULL;

  if (iso == NULL)
    {
      g_assert_true (error != NULL && error->domain == KAKANAI_WAREKI_ERROR);
      return 0;
    }
  wareki = kakanai_wareki_format_date (iso, KAKANAI_DATE_STYLE_WAREKI, &error);
  g_assert_no_error (error);
  again = kakanai_wareki_parse (wareki, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, iso);
  return 0;
}
