/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-secure.c: wiping PINs and personal data from memory */
#define G_LOG_DOMAIN "kakanai-base"

#include <malloc.h>
#include <stdlib.h>
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
kakanai_secure_strfreev (char **strv)
{
  if (strv == NULL)
    return;
  for (char **string = strv; *string != NULL; string++)
    kakanai_secure_strfree (*string);
  g_free (strv);
}

void
kakanai_secure_byte_array_free (GByteArray *array)
{
  if (array == NULL)
    return;
  kakanai_wipe (array->data, array->len);
  g_byte_array_unref (array);
}

void
kakanai_secure_string_free (GString *string)
{
  if (string == NULL)
    return;
  kakanai_wipe (string->str, string->allocated_len);
  g_string_free (string, TRUE);
}

typedef struct
{
  gpointer data;
  gsize    allocated;
} WipedBlock;

static void
wiped_block_free (gpointer user_data)
{
  WipedBlock *block = user_data;

  kakanai_wipe (block->data, block->allocated);
  g_free (block->data);
  g_free (block);
}

GBytes *
kakanai_secure_bytes_new_take (gpointer data,
                               gsize    size,
                               gsize    allocated)
{
  WipedBlock *block = g_new (WipedBlock, 1);

  g_return_val_if_fail (size <= allocated, NULL);
  block->data = data;
  block->allocated = allocated;
  return g_bytes_new_with_free_func (data, size, wiped_block_free, block);
}

void
kakanai_secure_free (void *block)
{
  if (block == NULL)
    return;
  kakanai_wipe (block, malloc_usable_size (block));
  free (block);
}
