/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wipe-recorder.h: what was wiped, seen through explicit_bzero. A test that uses it links
 * with -Wl,--wrap=explicit_bzero (test_wipe_recorder_dep does): every wipe of the
 * program, ours and the libraries' we build, passes through the recorder. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* cmocka's setup and teardown: start and stop recording (@state is not used). */
int      wipe_recorder_setup    (void **state);
int      wipe_recorder_teardown (void **state);

guint    wipe_recorder_count    (void);

/* A wipe of at least @size bytes from @address, all zero after it. */
gboolean wipe_recorder_saw      (gconstpointer address,
                                 gsize         size);

/* A wipe of memory that held @needle (@size bytes), all zero after it. */
gboolean wipe_recorder_held     (gconstpointer needle,
                                 gsize         size);

G_END_DECLS
