/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-output.h: the one way the programs write a file that holds personal data (a
 * filled PDF, a preview PNG, the kiosk's PDF).
 *
 * The file is created new, readable by its owner only (0600), under a temporary name in
 * the same folder (O_CREAT | O_EXCL | O_NOFOLLOW: never through a symbolic link, never an
 * existing file), and renamed to its name only once complete and on disk; on any failure
 * the temporary file is removed and a file already at the name is left as it was. A
 * symbolic link at the name is replaced, never followed. A character device given as the
 * name (/dev/null) is written to directly. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KakanaiOutputFile KakanaiOutputFile;

KakanaiOutputFile *kakanai_output_file_begin  (const char         *path,
                                               GError            **error);
gboolean           kakanai_output_file_write  (KakanaiOutputFile  *file,
                                               const void         *data,
                                               gsize               size,
                                               GError            **error);
/* Completes and frees @file; FALSE (the temporary file removed) if it could not be. */
gboolean           kakanai_output_file_commit (KakanaiOutputFile  *file,
                                               GError            **error);
/* Removes the temporary file and frees @file. NULL is ignored. */
void               kakanai_output_file_abort  (KakanaiOutputFile  *file);

/* begin + write + commit. */
gboolean           kakanai_output_write       (const char         *path,
                                               GBytes             *contents,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiOutputFile, kakanai_output_file_abort)

G_END_DECLS
