/* test-voice-guide.c: KakanaiVoiceGuide with the real engines (eSpeak NG, MeCab) and sox:
 * a Japanese and an English screen text render to audio that is not silence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-voice-guide"

#include "config.h"

#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kakanai-voice-guide-private.h"
#include "test-temp-dir.h"

#define JAPANESE_SCREEN "マイナンバーカードを読み取り機に置いて、4桁の暗証番号を入力してください。"
#define ENGLISH_SCREEN "Place your My Number Card on the reader and enter your 4-digit PIN."
#define WAIT_SECONDS 60

typedef struct {
  char              *dir;
  KakanaiVoiceGuide *guide;
} Fixture;

static int
setup (void **state)
{
  Fixture *fixture = g_new0 (Fixture, 1);

  fixture->dir = test_temp_dir_new ("kakanai-voice-XXXXXX");
  /* ALSA's null device: played, heard by no one (a test machine has no sound card). */
  fixture->guide = kakanai_voice_guide_new ("null");
  *state = fixture;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *fixture = *state;

  test_temp_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_object_unref (fixture->guide);
  g_free (fixture);
  return 0;
}

/* sox's measure of @path: its length in seconds and its RMS amplitude (0..1). */
static void
measure (const char *path,
         double     *seconds,
         double     *rms)
{
  g_autoptr (GSubprocess) sox = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *report = NULL;
  g_auto (GStrv) lines = NULL;

  sox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          "sox", path, "-n", "stat", NULL);
  assert_non_null (sox);
  assert_true (g_subprocess_communicate_utf8 (sox, NULL, NULL, NULL, &report, &error));
  assert_true (g_subprocess_get_successful (sox));
  *seconds = *rms = -1;
  lines = g_strsplit (report, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      if (g_str_has_prefix (lines[i], "Length (seconds)"))
        *seconds = g_ascii_strtod (colon + 1, NULL);
      else if (g_str_has_prefix (lines[i], "RMS     amplitude"))
        *rms = g_ascii_strtod (colon + 1, NULL);
    }
  assert_true (*seconds >= 0 && *rms >= 0);
}

static void
render_and_measure (Fixture    *fixture,
                    const char *language,
                    const char *text,
                    double     *seconds,
                    double     *rms)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.wav", fixture->dir, language);
  g_autoptr (GError) error = NULL;

  if (!kakanai_voice_guide_render_to_file (fixture->guide, language, text, path, NULL, &error))
    fail_msg ("%s: %s", language, error->message);
  measure (path, seconds, rms);
}

static void
test_japanese_screen (void **state)
{
  Fixture *fixture = *state;
  double seconds, rms;

  assert_true (kakanai_voice_guide_can_speak (fixture->guide, "ja"));
  render_and_measure (fixture, "ja", JAPANESE_SCREEN, &seconds, &rms);
  assert_true (seconds > 2.0);
  assert_true (rms > 0.02);
}

static void
test_english_screen (void **state)
{
  Fixture *fixture = *state;
  double seconds, rms;

  render_and_measure (fixture, "en", ENGLISH_SCREEN, &seconds, &rms);
  assert_true (seconds > 2.0);
  assert_true (rms > 0.02);
}

/* The volume reaches the engine: at 0 the same text is silence (the measure can fail). */
static void
test_volume (void **state)
{
  Fixture *fixture = *state;
  double loud_seconds, loud_rms, quiet_seconds, quiet_rms;

  render_and_measure (fixture, "en", ENGLISH_SCREEN, &loud_seconds, &loud_rms);
  kakanai_voice_guide_set_volume (fixture->guide, 0.25);
  render_and_measure (fixture, "en", ENGLISH_SCREEN, &quiet_seconds, &quiet_rms);
  assert_true (quiet_rms < loud_rms * 0.5 && quiet_rms > 0);
  kakanai_voice_guide_set_volume (fixture->guide, 0.0);
  render_and_measure (fixture, "en", ENGLISH_SCREEN, &quiet_seconds, &quiet_rms);
  assert_true (quiet_rms < 0.001);
}

/* eSpeak NG reads hiragana only: kanji go through their readings, ruby by its readings. */
static void
test_japanese_readings (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *plain = NULL;
  g_autofree char *easy = NULL;
  g_autofree char *english = NULL;

  if (kakanai_voice_guide_can_speak (fixture->guide, "ja") && g_file_test ("/usr/share/hts-voice", G_FILE_TEST_IS_DIR))
    skip ();  /* Open JTalk reads kanji itself */
  plain = kakanai_voice_guide_engine_text (fixture->guide, "ja", "住民票の写しをください", NULL);
  assert_non_null (plain);
  assert_non_null (strstr (plain, "じゅうみんひょうのうつしをください"));
  easy = kakanai_voice_guide_engine_text (fixture->guide, "ja@easy", "{住民票|じゅうみんひょう}を　ください", NULL);
  assert_non_null (easy);
  assert_non_null (strstr (easy, "じゅうみんひょう"));
  english = kakanai_voice_guide_engine_text (fixture->guide, "en", ENGLISH_SCREEN, NULL);
  assert_string_equal (english, ENGLISH_SCREEN);
}

static void
test_no_voice (void **state)
{
  Fixture *fixture = *state;
  g_autofree char *path = g_build_filename (fixture->dir, "tl.wav", NULL);
  g_autoptr (GError) error = NULL;

  /* eSpeak NG has no Tagalog; an unknown code has nothing at all. */
  assert_false (kakanai_voice_guide_can_speak (fixture->guide, "tl"));
  assert_false (kakanai_voice_guide_can_speak (fixture->guide, "xx"));
  assert_false (kakanai_voice_guide_render_to_file (fixture->guide, "tl", "Magandang umaga", path, NULL, &error));
  assert_true (g_error_matches (error, KAKANAI_VOICE_GUIDE_ERROR, KAKANAI_VOICE_GUIDE_ERROR_NO_VOICE));
  assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spoken through the pipe to the player, which ends when the engine has said it all. */
static void
test_speak (void **state)
{
  Fixture *fixture = *state;
  gboolean timed_out = FALSE;
  guint timeout;

  assert_false (kakanai_voice_guide_get_active (fixture->guide));
  kakanai_voice_guide_speak (fixture->guide, "en", ENGLISH_SCREEN);
  assert_false (kakanai_voice_guide_get_speaking (fixture->guide));  /* off: silent */

  kakanai_voice_guide_set_active (fixture->guide, TRUE);
  kakanai_voice_guide_speak (fixture->guide, "ja", JAPANESE_SCREEN);
  assert_true (kakanai_voice_guide_get_speaking (fixture->guide));
  /* A new text stops the one before. */
  kakanai_voice_guide_speak (fixture->guide, "en", ENGLISH_SCREEN);
  assert_true (kakanai_voice_guide_get_speaking (fixture->guide));
  timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);
  while (!timed_out && kakanai_voice_guide_get_speaking (fixture->guide))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  assert_false (kakanai_voice_guide_get_speaking (fixture->guide));

  kakanai_voice_guide_speak (fixture->guide, "en", ENGLISH_SCREEN);
  kakanai_voice_guide_set_active (fixture->guide, FALSE);  /* turning it off silences it */
  assert_false (kakanai_voice_guide_get_speaking (fixture->guide));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_japanese_screen, setup, teardown),
    cmocka_unit_test_setup_teardown (test_english_screen, setup, teardown),
    cmocka_unit_test_setup_teardown (test_volume, setup, teardown),
    cmocka_unit_test_setup_teardown (test_japanese_readings, setup, teardown),
    cmocka_unit_test_setup_teardown (test_no_voice, setup, teardown),
    cmocka_unit_test_setup_teardown (test_speak, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
