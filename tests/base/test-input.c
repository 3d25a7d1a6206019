/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-input.c: reading untrusted files and JSON within limits */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "kakanai-input.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kakanai-test-input-XXXXXX", &error);

  assert_non_null (dir);
  return dir;
}

static void
remove_temp_dir (char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
}

static void
assert_input_error (GError *error,
                    KakanaiInputError code)
{
  assert_non_null (error);
  assert_true (error->domain == KAKANAI_INPUT_ERROR);
  assert_int_equal (error->code, code);
}

static void
test_reads_a_regular_file_with_a_trailing_nul (void **state)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "f.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  assert_true (g_file_set_contents (path, "{\"a\": 1}", -1, NULL));
  bytes = kakanai_file_read_limited (path, 8, &error);
  assert_null (error);
  data = g_bytes_get_data (bytes, &size);
  assert_int_equal (size, 8);
  assert_memory_equal (data, "{\"a\": 1}", 8);
  assert_int_equal (data[8], '\0');
  remove_temp_dir (dir, "f.json");
}

static void
test_refuses_a_file_over_the_limit (void **state)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "f.json", NULL);
  g_autoptr(GError) error = NULL;

  assert_true (g_file_set_contents (path, "123456789", -1, NULL));
  assert_null (kakanai_file_read_limited (path, 8, &error));
  assert_input_error (error, KAKANAI_INPUT_ERROR_TOO_LARGE);
  assert_non_null (strstr (error->message, path));
  remove_temp_dir (dir, "f.json");
}

/* Opening a FIFO for reading blocks until a writer comes: the test would hang. */
static void
test_refuses_a_fifo_without_blocking (void **state)
{
  char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "fifo", NULL);
  g_autoptr(GError) error = NULL;

  assert_int_equal (mkfifo (path, 0600), 0);
  alarm (10);
  assert_null (kakanai_file_read_limited (path, 1024, &error));
  alarm (0);
  assert_input_error (error, KAKANAI_INPUT_ERROR_NOT_REGULAR);
  remove_temp_dir (dir, "fifo");
}

static void
test_refuses_a_folder_and_a_device (void **state)
{
  g_autoptr(GError) folder_error = NULL;
  g_autoptr(GError) device_error = NULL;

  assert_null (kakanai_file_read_limited ("/", 1024, &folder_error));
  assert_input_error (folder_error, KAKANAI_INPUT_ERROR_NOT_REGULAR);
  assert_null (kakanai_file_read_limited ("/dev/zero", 1024, &device_error));
  assert_input_error (device_error, KAKANAI_INPUT_ERROR_NOT_REGULAR);
}

static void
test_missing_file_names_the_path (void **state)
{
  g_autoptr(GError) error = NULL;

  assert_null (kakanai_file_read_limited ("/nonexistent/kakanai.json", 1024, &error));
  assert_input_error (error, KAKANAI_INPUT_ERROR_IO);
  assert_non_null (strstr (error->message, "/nonexistent/kakanai.json"));
}

static char *
nested_arrays (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_json_depth_at_the_limit_passes (void **state)
{
  g_autofree char *json = nested_arrays (KAKANAI_JSON_MAX_DEPTH);
  g_autoptr(GError) error = NULL;

  assert_true (kakanai_json_check_limits (json, strlen (json), 1 << 20,
                                          KAKANAI_JSON_MAX_DEPTH, &error));
  assert_null (error);
}

static void
test_json_one_level_too_deep_fails_with_its_line (void **state)
{
  g_autofree char *deep = nested_arrays (KAKANAI_JSON_MAX_DEPTH + 1);
  g_autofree char *json = g_strconcat ("{\n\"a\":\n", deep, "\n}", NULL);
  g_autoptr(GError) error = NULL;

  /* The object itself is one level: the arrays pass the limit on line 3. */
  assert_false (kakanai_json_check_limits (json, strlen (json), 1 << 20,
                                           KAKANAI_JSON_MAX_DEPTH, &error));
  assert_input_error (error, KAKANAI_INPUT_ERROR_TOO_DEEP);
  assert_non_null (strstr (error->message, "Line 3"));
}

static void
test_json_a_hundred_thousand_deep_fails (void **state)
{
  g_autofree char *json = nested_arrays (100000);
  g_autoptr(GError) error = NULL;

  assert_false (kakanai_json_check_limits (json, strlen (json), 1 << 20,
                                           KAKANAI_JSON_MAX_DEPTH, &error));
  assert_input_error (error, KAKANAI_INPUT_ERROR_TOO_DEEP);
}

static void
test_json_brackets_inside_strings_do_not_count (void **state)
{
  const char *json = "{\"a\": \"[[[[{{{{\\\"[[[[\", \"b\": [1, \"]]]]\"]}";
  g_autoptr(GError) error = NULL;

  assert_true (kakanai_json_check_limits (json, strlen (json), 1 << 20, 2, &error));
  assert_null (error);
}

static void
test_json_over_the_byte_limit_fails (void **state)
{
  const char *json = "[1, 2, 3]";
  g_autoptr(GError) error = NULL;

  assert_false (kakanai_json_check_limits (json, strlen (json), 8, 4, &error));
  assert_input_error (error, KAKANAI_INPUT_ERROR_TOO_LARGE);
}

static void
test_json_escapes_of_json_pass (void **state)
{
  const char *json = "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"]";
  g_autoptr(GError) error = NULL;

  assert_true (kakanai_json_check_limits (json, strlen (json), 1 << 20, 4, &error));
  assert_null (error);
}

/* json-glib reads these without a word, into something else than was written: octal
 * (\777 became the byte 0xFF, not UTF-8), a letter for itself, a NUL that cut the string,
 * a lone surrogate as bytes that are not UTF-8. */
static void
test_json_escapes_json_does_not_have_fail_with_their_line (void **state)
{
  static const char *const escapes[] = {
    "\\777", "\\101", "\\a", "\\x41", "\\'", "\\u0000", "\\uD800", "\\udc00", "\\ud800\\u0041",
    "\\ud800x", "\\u12", "\\u12g4",
  };

  for (guint i = 0; i < G_N_ELEMENTS (escapes); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\n\"a\": \"x%s\"}", escapes[i]);
      g_autoptr(GError) error = NULL;

      assert_false (kakanai_json_check_limits (json, strlen (json), 1 << 20, 4, &error));
      assert_input_error (error, KAKANAI_INPUT_ERROR_NOT_JSON);
      assert_non_null (strstr (error->message, "Line 2"));
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_reads_a_regular_file_with_a_trailing_nul),
    cmocka_unit_test (test_refuses_a_file_over_the_limit),
    cmocka_unit_test (test_refuses_a_fifo_without_blocking),
    cmocka_unit_test (test_refuses_a_folder_and_a_device),
    cmocka_unit_test (test_missing_file_names_the_path),
    cmocka_unit_test (test_json_depth_at_the_limit_passes),
    cmocka_unit_test (test_json_one_level_too_deep_fails_with_its_line),
    cmocka_unit_test (test_json_a_hundred_thousand_deep_fails),
    cmocka_unit_test (test_json_brackets_inside_strings_do_not_count),
    cmocka_unit_test (test_json_over_the_byte_limit_fails),
    cmocka_unit_test (test_json_escapes_of_json_pass),
    cmocka_unit_test (test_json_escapes_json_does_not_have_fail_with_their_line),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
