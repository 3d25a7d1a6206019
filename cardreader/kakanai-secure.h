/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-secure.h: wiping PINs and personal data from memory */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Zeroes @size bytes at @data in a way the compiler cannot drop (explicit_bzero).
 * @data may be NULL when @size is 0. */
void  kakanai_wipe                (gpointer data,
                                   gsize    size);

/* Wipes the whole string, then frees it. NULL is fine. */
void  kakanai_secure_strfree      (char *string);

/* g_strdup() whose result the caller releases with kakanai_secure_strfree(). */
char *kakanai_secure_strdup       (const char *string);

/* Wipes the contents of @array (its length), then frees it. NULL is fine. */
void  kakanai_secure_byte_array_free (GByteArray *array);

G_END_DECLS
