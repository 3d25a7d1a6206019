/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-secure.c: wiping PINs and personal data from memory */
#define G_LOG_DOMAIN "kakanai-card"

#include <string.h>

#include "kakanai-secure.h"

void
kakanai_wipe (gpointer data,
              gsize    size)
{
  if (data != NULL && size > 0)
    explicit_bzero (data, size);
}

void
kakanai_secure_strfree (char *string)
{
  if (string == NULL)
    return;
  kakanai_wipe (string, strlen (string));
  g_free (string);
}

char *
kakanai_secure_strdup (const char *string)
{
  return g_strdup (string);
}

void
kakanai_secure_byte_array_free (GByteArray *array)
{
  if (array == NULL)
    return;
  kakanai_wipe (array->data, array->len);
  g_byte_array_unref (array);
}
