/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-temp-dir.h: a test's own temporary folder, made for it and removed with all it holds */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new empty folder in the temporary folder, named from @name_template (as
 * g_dir_make_tmp(), ending in XXXXXX). A test cannot go on without it: aborts, saying
 * why, when it cannot be made. Free the name with g_free() after test_temp_dir_remove(). */
char *test_temp_dir_new    (const char *name_template);

/* Removes @path and everything below it (files and folders, not following links out of
 * it). NULL is fine. */
void  test_temp_dir_remove (const char *path);

G_END_DECLS
