/* test-language-config.c: a configured language without its catalogue or fonts is a
 * configuration error naming the languages= line (kakanai_config_check_languages).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-language-config"

#include "config.h"

#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "kakanai-config.h"
#include "kakanai-language.h"
#include "test-temp-dir.h"

/* The first bytes of a compiled catalogue (little-endian magic), enough for the check. */
static const char mo_header[] = "\xde\x12\x04\x95\0\0\0\0";

typedef struct {
  char *dir;
  char *localedir;
} Fixture;

static void
add_catalogue (Fixture    *fixture,
               const char *code,
               const char *contents,
               gsize       length)
{
  g_autofree char *folder = g_build_filename (fixture->localedir, code, "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (folder, GETTEXT_PACKAGE ".mo", NULL);

  assert_int_equal (g_mkdir_with_parents (folder, 0700), 0);
  assert_true (g_file_set_contents (path, contents, length, NULL));
}

static int
setup (void **state)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->dir = test_temp_dir_new ("kakanai-language-config-XXXXXX");
  fixture->localedir = g_build_filename (fixture->dir, "locale", NULL);
  add_catalogue (fixture, "ja", mo_header, sizeof mo_header - 1);
  add_catalogue (fixture, "en", mo_header, sizeof mo_header - 1);
  add_catalogue (fixture, "ko", mo_header, sizeof mo_header - 1);
  *state = fixture;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *fixture = *state;

  test_temp_dir_remove (fixture->dir);
  g_free (fixture->localedir);
  g_free (fixture->dir);
  g_free (fixture);
  return 0;
}

static KakanaiConfig *
load (Fixture    *fixture,
      const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kakanai.conf", NULL);
  KakanaiConfig *config = kakanai_config_new_default ();

  assert_true (g_file_set_contents (path, contents, -1, NULL));
  assert_true (kakanai_config_load_file (config, path, NULL));
  return config;
}

static void
expect_not_installed (Fixture    *fixture,
                      const char *contents,
                      const char *first,
                      const char *second)
{
  g_autoptr (KakanaiConfig) config = load (fixture, contents);
  g_autoptr (GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("%s/kakanai.conf:3: ", fixture->dir);

  assert_false (kakanai_config_check_languages (config, fixture->localedir, &error));
  assert_true (g_error_matches (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_NOT_INSTALLED));
  if (!g_str_has_prefix (error->message, where) || strstr (error->message, first) == NULL ||
      strstr (error->message, second) == NULL)
    fail_msg ("“%s” should start with “%s” and name “%s” and “%s”", error->message, where, first, second);
}

static void
test_installed_languages (void **state)
{
  Fixture *fixture = *state;
  g_autoptr (KakanaiConfig) config = load (fixture, "[kiosk]\n# ja, en, ko\nlanguages=ja;en;ko\n");
  g_autoptr (KakanaiConfig) defaults = kakanai_config_new_default ();
  g_autoptr (GError) error = NULL;

  assert_true (kakanai_config_check_languages (config, fixture->localedir, &error));
  assert_null (error);
  assert_true (kakanai_config_check_languages (defaults, fixture->localedir, NULL));
}

static void
test_language_without_catalogue (void **state)
{
  Fixture *fixture = *state;

  expect_not_installed (fixture, "[kiosk]\n\nlanguages=ja;en;ko;vi\n", "“vi”", "vi/LC_MESSAGES/kakanai.mo");
  /* A file that is not a compiled catalogue is no catalogue. */
  add_catalogue (fixture, "vi", "msgid \"\"\n", 9);
  expect_not_installed (fixture, "[kiosk]\n\nlanguages=ja;vi\n", "“vi”", "catalogue");
}

/* Without Noto CJK, Korean cannot be drawn: a fontconfig that knows only DejaVu. */
static void
test_language_without_font (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *cache = g_build_filename (fixture->dir, "fontconfig", NULL);
  g_autofree char *fonts_conf = g_build_filename (fixture->dir, "fonts.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
                                                "<cachedir>%s</cachedir></fontconfig>", cache);
  g_autofree char *system_conf = g_strdup (g_getenv ("FONTCONFIG_FILE"));

  assert_true (g_file_set_contents (fonts_conf, conf_text, -1, NULL));
  g_setenv ("FONTCONFIG_FILE", fonts_conf, TRUE);
  {
    g_autoptr (KakanaiConfig) english = load (fixture, "[kiosk]\n\nlanguages=en\n");

    /* English is in DejaVu: the check does not refuse everything. */
    assert_true (kakanai_config_check_languages (english, fixture->localedir, NULL));
    expect_not_installed (fixture, "[kiosk]\n\nlanguages=en;ko\n", "“ko”", "fonts-noto-cjk");
  }
  if (system_conf != NULL)
    g_setenv ("FONTCONFIG_FILE", system_conf, TRUE);
  else
    g_unsetenv ("FONTCONFIG_FILE");
  test_temp_dir_remove (cache);
}

/* [voice]: the counter may turn the voice guide off, and choose its output and voice. */
static void
test_voice_keys (void **state)
{
  Fixture *fixture = *state;
  g_autoptr (KakanaiConfig) defaults = kakanai_config_new_default ();
  g_autoptr (KakanaiConfig) config = load (fixture, "[voice]\nenabled=false\n"
                                           "output=plughw:CARD=Headphones\n"
                                           "japanese-voice=/opt/voices/mei.htsvoice\n");
  g_autofree char *path = g_build_filename (fixture->dir, "bad.conf", NULL);
  g_autoptr (KakanaiConfig) unchanged = kakanai_config_new_default ();
  g_autoptr (GError) error = NULL;

  assert_true (kakanai_config_get_voice_enabled (defaults));
  assert_string_equal (kakanai_config_get_voice_output (defaults), "default");
  assert_null (kakanai_config_get_voice_japanese (defaults));
  assert_false (kakanai_config_get_voice_enabled (config));
  assert_string_equal (kakanai_config_get_voice_output (config), "plughw:CARD=Headphones");
  assert_string_equal (kakanai_config_get_voice_japanese (config), "/opt/voices/mei.htsvoice");

  assert_true (g_file_set_contents (path, "[voice]\n\nenabled=off\n", -1, NULL));
  assert_false (kakanai_config_load_file (unchanged, path, &error));
  assert_true (g_error_matches (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_INVALID_VALUE));
  assert_non_null (strstr (error->message, "bad.conf:3: "));
  assert_true (kakanai_config_get_voice_enabled (unchanged));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_installed_languages, setup, teardown),
    cmocka_unit_test_setup_teardown (test_language_without_catalogue, setup, teardown),
    cmocka_unit_test_setup_teardown (test_language_without_font, setup, teardown),
    cmocka_unit_test_setup_teardown (test_voice_keys, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
