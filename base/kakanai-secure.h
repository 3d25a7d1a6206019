/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-secure.h: wiping PINs and personal data from memory */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Zeroes @size bytes at @data in a way the compiler cannot drop (explicit_bzero).
 * A NULL @data or a @size of 0 wipes nothing (an empty array has no data). */
void  kakanai_wipe                (gpointer data,
                                   gsize    size);

/* Wipes the whole string, then frees it. NULL is fine. */
void  kakanai_secure_strfree      (char *string);

/* g_strdup() whose result the caller releases with kakanai_secure_strfree(). */
char *kakanai_secure_strdup       (const char *string);

/* Wipes every string of the NULL-terminated @strv, then frees them and it (g_strfreev()
 * with a wipe). NULL is fine. */
void  kakanai_secure_strfreev     (char **strv);

/* Wipes the contents of @array (its length), then drops a reference. NULL is fine. */
void  kakanai_secure_byte_array_free (GByteArray *array);

/* Wipes all that @string has allocated (not only its length: a truncated GString keeps
 * what was cut), then frees it. NULL is fine. */
void  kakanai_secure_string_free  (GString *string);

/* A GBytes of the first @size bytes of @data, which it takes (from g_malloc(), @allocated
 * bytes long, @allocated >= @size): all @allocated are wiped, then freed, when the last
 * reference goes. For a file read or a document written that holds personal data. */
GBytes *kakanai_secure_bytes_new_take (gpointer data,
                                       gsize    size,
                                       gsize    allocated);

/* Wipes a block from malloc() of a size the caller does not know (malloc_usable_size),
 * then frees it: the free function of an allocator that is given only the pointer
 * (libharu, libdeflate, C++'s operator delete). NULL is fine. */
void  kakanai_secure_free         (void *block);

G_END_DECLS
