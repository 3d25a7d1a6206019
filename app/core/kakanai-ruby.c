/* kakanai-ruby.c: {base|reading} markup for furigana.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-ruby"

#include "kakanai-ruby.h"

#include <string.h>

static void
clear_span (gpointer data)
{
  KakanaiRubySpan *span = data;

  g_free (span->reading);
}

/* At @p, a well-formed "{base|reading}": its parts' lengths, else FALSE. */
static gboolean
match_ruby (const char *p,
            gsize      *base_length,
            gsize      *reading_length)
{
  const char *bar, *close;

  if (*p != '{')
    return FALSE;
  bar = strpbrk (p + 1, "|{}");
  if (bar == NULL || *bar != '|' || bar == p + 1)
    return FALSE;
  close = strpbrk (bar + 1, "|{}");
  if (close == NULL || *close != '}' || close == bar + 1)
    return FALSE;
  *base_length = bar - (p + 1);
  *reading_length = close - (bar + 1);
  return TRUE;
}

char *
kakanai_ruby_parse (const char  *markup,
                    GArray     **spans)
{
  g_autoptr (GString) base = g_string_new (NULL);
  g_autoptr (GArray) found = g_array_new (FALSE, TRUE, sizeof (KakanaiRubySpan));

  g_return_val_if_fail (markup != NULL, NULL);
  g_array_set_clear_func (found, clear_span);

  for (const char *p = markup; *p != '\0';)
    {
      gsize base_length, reading_length;

      if (match_ruby (p, &base_length, &reading_length))
        {
          KakanaiRubySpan span = { base->len, base->len + base_length,
                                   g_strndup (p + 1 + base_length + 1, reading_length) };

          g_string_append_len (base, p + 1, base_length);
          g_array_append_val (found, span);
          p += 1 + base_length + 1 + reading_length + 1;
        }
      else
        g_string_append_c (base, *p++);
    }
  if (spans != NULL)
    *spans = g_steal_pointer (&found);
  return g_string_free (g_steal_pointer (&base), FALSE);
}

char *
kakanai_ruby_strip (const char *markup)
{
  return kakanai_ruby_parse (markup, NULL);
}

char *
kakanai_ruby_to_readings (const char *markup)
{
  g_autoptr (GString) spoken = g_string_new (NULL);

  g_return_val_if_fail (markup != NULL, NULL);
  for (const char *p = markup; *p != '\0';)
    {
      gsize base_length, reading_length;

      if (match_ruby (p, &base_length, &reading_length))
        {
          g_string_append_len (spoken, p + 1 + base_length + 1, reading_length);
          p += 1 + base_length + 1 + reading_length + 1;
        }
      else
        g_string_append_c (spoken, *p++);
    }
  return g_string_free (g_steal_pointer (&spoken), FALSE);
}
