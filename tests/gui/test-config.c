/* test-config.c: the kiosk configuration file (app/core/kakanai-config.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-config"

#include "config.h"

#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "kakanai-config.h"
#include "test-temp-dir.h"

typedef struct {
  char *dir;
} Fixture;

static int
setup (void **state)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->dir = test_temp_dir_new ("kakanai-config-XXXXXX");
  *state = fixture;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *fixture = *state;

  test_temp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture);
  return 0;
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_defaults (void **state)
{
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();
  const char * const *languages = kakanai_config_get_languages (config);

  assert_int_equal (kakanai_config_get_idle_timeout (config), 60);
  assert_string_equal (languages[0], "ja");
  assert_string_equal (languages[1], "en");
  assert_null (languages[2]);
  assert_string_equal (kakanai_config_get_clerk_keys (config), "<Control><Alt>k");
  assert_string_equal (kakanai_config_get_reader (config), "");
  assert_string_equal (kakanai_config_get_municipality (config), "");
  assert_null (kakanai_config_get_template_dirs (config)[0]);
  assert_null (kakanai_config_get_printer (config));
  assert_string_equal (kakanai_config_get_location (config, "kiosk", "idle-timeout"), "default");
}

static void
test_full_file (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *path = write_file (fixture, "full.conf",
    "# a comment\n"
    "[kiosk]\n"
    "municipality=山口市\n"
    "municipality[en]=Yamaguchi City\n"
    "template-dirs=/srv/forms;~/more-forms\n"
    "reader=ACS\n"
    "output-dir=/var/lib/kakanai/out\n"
    "idle-timeout=90\n"
    "languages=en;ja;pt_BR\n"
    "\n"
    "[clerk]\n"
    "keys=<Control><Shift>F12\n"
    "\n"
    "[printer]\n"
    "name=counter-1\n");
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr (GError) error = NULL;
  g_autofree char *more_forms = g_build_filename (g_get_home_dir (), "more-forms", NULL);
  g_autofree char *where = g_strdup_printf ("%s:8", path);

  assert_true (kakanai_config_load_file (config, path, &error));
  assert_null (error);
  assert_string_equal (kakanai_config_get_template_dirs (config)[0], "/srv/forms");
  assert_string_equal (kakanai_config_get_template_dirs (config)[1], more_forms);
  assert_string_equal (kakanai_config_get_reader (config), "ACS");
  assert_string_equal (kakanai_config_get_output_dir (config), "/var/lib/kakanai/out");
  assert_int_equal (kakanai_config_get_idle_timeout (config), 90);
  assert_string_equal (kakanai_config_get_languages (config)[2], "pt_BR");
  assert_string_equal (kakanai_config_get_clerk_keys (config), "<Control><Shift>F12");
  assert_string_equal (kakanai_config_get_printer (config), "counter-1");
  assert_string_equal (kakanai_config_get_location (config, "kiosk", "idle-timeout"), where);
  assert_string_equal (kakanai_config_get_files (config)[0], path);

  g_setenv ("LANGUAGE", "en", TRUE);
  assert_string_equal (kakanai_config_get_municipality (config), "Yamaguchi City");
  g_setenv ("LANGUAGE", "ja", TRUE);
  assert_string_equal (kakanai_config_get_municipality (config), "山口市");
}

static void
test_local_file_overrides (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *system = write_file (fixture, "system.conf",
                                        "[kiosk]\nmunicipality=A市\nidle-timeout=30\nreader=X\n");
  g_autofree char *local = write_file (fixture, "local.conf", "[kiosk]\nidle-timeout=45\n");
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();

  assert_true (kakanai_config_load_file (config, system, NULL));
  assert_true (kakanai_config_load_file (config, local, NULL));
  assert_int_equal (kakanai_config_get_idle_timeout (config), 45);
  assert_string_equal (kakanai_config_get_reader (config), "X");
  assert_string_equal (kakanai_config_get_municipality (config), "A市");
}

/* A bad file names its line and leaves the configuration exactly as before. */
static void
expect_refused (Fixture    *fixture,
                const char *contents,
                int         code,
                guint       line)
{
  g_autofree char *path = write_file (fixture, "bad.conf", contents);
  g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, line);
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr (GError) error = NULL;

  assert_false (kakanai_config_load_file (config, path, &error));
  assert_non_null (error);
  assert_int_equal (error->domain, KAKANAI_CONFIG_ERROR);
  assert_int_equal (error->code, code);
  if (!g_str_has_prefix (error->message, prefix))
    fail_msg ("“%s” does not start with “%s”", error->message, prefix);
  assert_int_equal (kakanai_config_get_idle_timeout (config), 60);
  assert_string_equal (kakanai_config_get_reader (config), "");
  assert_null (kakanai_config_get_files (config)[0]);
}

static void
test_bad_files (void **state)
{
  Fixture *fixture = *state;

  expect_refused (fixture, "[kiosk]\nreader=ok\nthis is not a key\n", KAKANAI_CONFIG_ERROR_SYNTAX, 3);
  expect_refused (fixture, "reader=ok\n", KAKANAI_CONFIG_ERROR_SYNTAX, 1);
  expect_refused (fixture, "[kiosk]\n[kiosk\n", KAKANAI_CONFIG_ERROR_SYNTAX, 2);
  expect_refused (fixture, "[kiosk]\nreader=ok\nidel-timeout=5\n", KAKANAI_CONFIG_ERROR_UNKNOWN_KEY, 3);
  expect_refused (fixture, "[kiosk]\n\n[screen]\n", KAKANAI_CONFIG_ERROR_UNKNOWN_KEY, 3);
  expect_refused (fixture, "[kiosk]\nreader=ok\n# idle\nidle-timeout=soon\n",
                  KAKANAI_CONFIG_ERROR_INVALID_VALUE, 4);
  expect_refused (fixture, "[kiosk]\nidle-timeout=0\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, "[kiosk]\nlanguages=ja;日本語\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, "[kiosk]\nlanguages=\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, "[kiosk]\nreader=ok\n[clerk]\nkeys=\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 4);
  expect_refused (fixture, "[kiosk]\nreader[en]=ok\n", KAKANAI_CONFIG_ERROR_UNKNOWN_KEY, 2);
}

/* [staff] call-command is checked on loading: a call for help that cannot run is a
 * configuration error, with the line, like any other. */
static void
test_staff_command_must_run (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *not_executable = write_file (fixture, "pager", "#!/bin/sh\n");
  g_autofree char *bad_mode = g_strdup_printf ("[staff]\ncall-command=%s --desk 1\n", not_executable);
  g_autofree char *good = write_file (fixture, "good.conf", "[staff]\ncall-command=true --desk 1\n");
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();

  expect_refused (fixture, "[kiosk]\nreader=ok\n[staff]\ncall-command=/no/such/pager --desk 1\n",
                  KAKANAI_CONFIG_ERROR_INVALID_VALUE, 4);
  expect_refused (fixture, "[staff]\ncall-command=no-such-pager-anywhere\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, bad_mode, KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, "[staff]\ncall-command=/tmp\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  expect_refused (fixture, "[staff]\ncall-command=\"unclosed\n", KAKANAI_CONFIG_ERROR_INVALID_VALUE, 2);
  assert_true (kakanai_config_load_file (config, good, NULL));
  assert_string_equal (kakanai_config_get_staff_call_command (config), "true --desk 1");
}

static void
test_half_good_file_changes_nothing (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *good = write_file (fixture, "good.conf", "[kiosk]\nidle-timeout=30\n");
  g_autofree char *bad = write_file (fixture, "half.conf",
                                     "[kiosk]\nreader=new\nidle-timeout=never\n");
  g_autoptr (KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr (GError) error = NULL;

  assert_true (kakanai_config_load_file (config, good, NULL));
  assert_false (kakanai_config_load_file (config, bad, &error));
  assert_int_equal (kakanai_config_get_idle_timeout (config), 30);
  assert_string_equal (kakanai_config_get_reader (config), "");
  assert_null (kakanai_config_get_files (config)[1]);
}

static void
test_explicit_file_must_exist (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.conf", NULL);
  g_autoptr (GError) error = NULL;
  KakanaiConfig *config;

  g_setenv ("XDG_CONFIG_HOME", fixture->dir, TRUE);
  config = kakanai_config_load_standard (missing, &error);
  assert_null (config);
  assert_true (g_error_matches (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_NOT_FOUND));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_defaults),
    cmocka_unit_test_setup_teardown (test_full_file, setup, teardown),
    cmocka_unit_test_setup_teardown (test_local_file_overrides, setup, teardown),
    cmocka_unit_test_setup_teardown (test_bad_files, setup, teardown),
    cmocka_unit_test_setup_teardown (test_staff_command_must_run, setup, teardown),
    cmocka_unit_test_setup_teardown (test_half_good_file_changes_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown (test_explicit_file_must_exist, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
