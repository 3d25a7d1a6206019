/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli.h: the subcommands of the kakanai command-line tool
 *
 * Each subcommand gets argv starting at its own name and returns the process exit status
 * (see the README for the documented statuses).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kakanai_cli_card     (int argc, char **argv);
int kakanai_cli_forms    (int argc, char **argv);
int kakanai_cli_fill     (int argc, char **argv);
int kakanai_cli_preview  (int argc, char **argv);
int kakanai_cli_print    (int argc, char **argv);
int kakanai_cli_stats    (int argc, char **argv);
int kakanai_cli_clerk_pin_hash (int argc, char **argv);
int kakanai_cli_doctor   (int argc, char **argv);

/* Shared by `print` and `fill --print`: the configured printer (NULL: CUPS's default). */
gboolean kakanai_cli_configured_printer (char **printer, GError **error);

G_END_DECLS
