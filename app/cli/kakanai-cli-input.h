/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-input.h: what the CLI reads from files the user names: card profiles
 * (within size and JSON nesting limits) and form values (`--data`), kept out of argv and
 * wiped after use */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A card profile is a few KB; anything past this is not one. */
#define KAKANAI_CLI_PROFILE_MAX_BYTES (1024 * 1024)
/* --data: KEY=VALUE lines, at most this many bytes. */
#define KAKANAI_CLI_DATA_MAX_BYTES (64 * 1024)

/* Parses the JSON file @path: a regular file of at most @max_bytes, nested at most
 * KAKANAI_JSON_MAX_DEPTH deep (checked before json-glib sees it), read into a buffer that
 * is wiped afterwards. Errors name the file. */
JsonParser *kakanai_cli_load_json_file (const char *path,
                                        gsize       max_bytes,
                                        GError    **error);

/* --data from @source ("-": standard input; a file, a pipe such as /dev/fd/3 or <(…)):
 * KEY=VALUE lines (empty lines and lines starting with # skipped, \r\n taken as \n; errors
 * name SOURCE:LINE, never the line's text), a JSON object of key → value (one document), or
 * pdfme's inputs, a JSON list of objects of schema name → value (one document per object;
 * @by_name set: the names are the fields' ids, not keys). GPtrArray of NULL-terminated
 * NAME=VALUE arrays, every string wiped when freed; the buffer read is wiped here. */
GPtrArray  *kakanai_cli_read_documents (const char *source,
                                        gboolean   *by_name,
                                        GError    **error);

G_END_DECLS
