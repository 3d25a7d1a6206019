/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-input.h: reading untrusted files (templates, card profiles, configuration,
 * images) within limits, before any parser sees them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper JSON than this is refused before json-glib (which recurses) sees it. A template
 * nests about 6 levels; 32 leaves room for any real file and keeps the stack safe. */
#define KAKANAI_JSON_MAX_DEPTH 32

#define KAKANAI_INPUT_ERROR (kakanai_input_error_quark ())

typedef enum
{
  KAKANAI_INPUT_ERROR_NOT_REGULAR, /* a FIFO, a device, a folder: never read */
  KAKANAI_INPUT_ERROR_TOO_LARGE,   /* over the caller's byte limit */
  KAKANAI_INPUT_ERROR_TOO_DEEP,    /* JSON nested deeper than the limit */
  KAKANAI_INPUT_ERROR_NOT_JSON,    /* an escape JSON does not have, that json-glib misreads */
  KAKANAI_INPUT_ERROR_IO,          /* cannot be opened or read */
} KakanaiInputError;

GQuark    kakanai_input_error_quark (void);

/* Reads the whole of @path if it is a regular file of at most @max_bytes. A FIFO or a
 * device is refused without blocking. The returned bytes are followed by a NUL (not
 * counted in their size) and are wiped when the last reference is dropped, so a file
 * holding a PIN or an address leaves no copy behind. Errors name the file. */
GBytes   *kakanai_file_read_limited (const char *path,
                                     gsize       max_bytes,
                                     GError    **error);

/* Checks that @data (@length bytes of JSON) is at most @max_bytes long, nests arrays
 * and objects at most @max_depth deep, strings excepted, and that every backslash in a
 * string is an escape JSON has (not \u0000, not half a surrogate pair). It does not
 * validate the JSON otherwise: the parser does that next. The error names the line. */
gboolean  kakanai_json_check_limits (const char *data,
                                     gsize       length,
                                     gsize       max_bytes,
                                     guint       max_depth,
                                     GError    **error);

G_END_DECLS
