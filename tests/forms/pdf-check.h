/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf-check.h: looking at PDFs from the outside (poppler's and qpdf's tools), shared by the
 * forms tests. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "kakanai-layout.h"

#define KAKANAI_TEST_PREVIEW_DPI 100

typedef struct {
  double   x_min, y_min, x_max, y_max;
  char    *text;
} Word;

/* Runs @argv (searched in PATH); its standard output. With @status_out NULL a failure ends
 * the test. */
char      *kakanai_test_run_tool   (const char * const *argv,
                                    int                *status_out);
/* pdftotext -bbox: Word* in points from the top-left corner of page 1 (all pages). */
GPtrArray *kakanai_test_extract_words (const char *pdf_path);
void       kakanai_test_word_free  (gpointer data);
/* pdftoppm's rendering of page 1 of @pdf_path and the cairo rendering of @layout's page 1
 * at the same DPI differ in at most 0.5 % of the pixels by more than 64 grey levels, each
 * pixel allowed to match any within 1 px. @dir is for pdftoppm's file. */
void       kakanai_test_assert_preview_equals_print (KakanaiLayout *layout,
                                                     const char    *pdf_path,
                                                     const char    *dir);
/* Removes the files of @path (no subfolders) and @path itself. */
void       kakanai_test_remove_dir (const char *path);
