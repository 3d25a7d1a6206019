/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-card-source.h: where the CLI finds its card
 *
 * One piece for every subcommand that reads a card (card read, fill, preview): the simulated
 * card in process, a PC/SC reader, and a secret line from standard input.
 */
#pragma once

#include <kakanai-card.h>

G_BEGIN_DECLS

/* The simulated card of @profile_path, in process (no pcscd). */
KakanaiTransport *kakanai_cli_open_profile   (const char *profile_path,
                                              GError    **error);

/* The reader whose name contains @reader_substring, or the first holding a card when NULL. */
KakanaiTransport *kakanai_cli_open_reader    (const char *reader_substring,
                                              GError    **error);

/* One line of @fd, read byte by byte so that no stdio buffer keeps a copy, the line end
 * dropped. A line that does not fit @size leaves @buffer empty and wiped. FALSE at end of
 * input with nothing read. */
gboolean          kakanai_cli_read_secret_line (int    fd,
                                                char  *buffer,
                                                gsize  size);

G_END_DECLS
