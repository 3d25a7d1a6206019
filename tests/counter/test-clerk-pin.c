/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clerk-pin.c: PBKDF2-HMAC-SHA256 vectors and the clerk PIN hash check */
#define G_LOG_DOMAIN "test-clerk-pin"

#include <glib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "kakanai-clerk-lockout.h"
#include "kakanai-clerk-pin.h"

#define FAST_ITERATIONS KAKANAI_CLERK_PIN_MIN_ITERATIONS

static char *
to_hex (const guint8 *bytes, gsize length)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static void
assert_pbkdf2 (const char *password, const char *salt, guint iterations, gsize length,
               const char *expected_hex)
{
  guint8 out[64];
  g_autofree char *hex = NULL;

  kakanai_pbkdf2_sha256 ((const guint8 *) password, strlen (password),
                         (const guint8 *) salt, strlen (salt), iterations, out, length);
  hex = to_hex (out, length);
  g_assert_cmpstr (hex, ==, expected_hex);
}

/* The PBKDF2-HMAC-SHA256 vectors of RFC 7914 section 11 and the widely used set after RFC 6070. */
static void
test_pbkdf2_vectors (void)
{
  assert_pbkdf2 ("password", "salt", 1, 32,
                 "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  assert_pbkdf2 ("password", "salt", 2, 32,
                 "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
  assert_pbkdf2 ("password", "salt", 4096, 32,
                 "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
  assert_pbkdf2 ("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40,
                 "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9");
  assert_pbkdf2 ("passwd", "salt", 1, 64,
                 "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                 "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  /* A key longer than the 64-byte block is hashed first (value from Python hashlib). */
  assert_pbkdf2 ("0123456789012345678901234567890123456789012345678901234567890123456789",
                 "salt", 1, 32,
                 "91a3e6790f124879f39ddd8731cd6b0a810b2318c899908a4cad24a4f56d9f6d");
}

static void
test_hash_and_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = kakanai_clerk_pin_hash ("482915", FAST_ITERATIONS, &error);
  g_auto(GStrv) parts = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_true (g_str_has_prefix (stored, "pbkdf2-sha256:10000:"));
  g_assert_null (strstr (stored, "482915"));
  parts = g_strsplit (stored, ":", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpuint (strlen (parts[2]), ==, 32);
  g_assert_cmpuint (strlen (parts[3]), ==, 64);

  g_assert_true (kakanai_clerk_pin_check ("482915", stored, &error));
  g_assert_no_error (error);
  g_assert_false (kakanai_clerk_pin_check ("482916", stored, &error));
  g_assert_no_error (error);
  g_assert_false (kakanai_clerk_pin_check ("48291", stored, &error));
  g_assert_false (kakanai_clerk_pin_check ("", stored, &error));
  g_assert_false (kakanai_clerk_pin_check (NULL, stored, &error));
  g_assert_no_error (error);
}

static void
test_salt_differs (void)
{
  g_autofree char *first = kakanai_clerk_pin_hash ("123456", FAST_ITERATIONS, NULL);
  g_autofree char *second = kakanai_clerk_pin_hash ("123456", FAST_ITERATIONS, NULL);

  g_assert_cmpstr (first, !=, second);
  g_assert_true (kakanai_clerk_pin_check ("123456", first, NULL));
  g_assert_true (kakanai_clerk_pin_check ("123456", second, NULL));
}

static void
test_default_iterations (void)
{
  g_autofree char *stored = kakanai_clerk_pin_hash ("902100", 0, NULL);
  guint iterations = KAKANAI_CLERK_PIN_DEFAULT_ITERATIONS;
  g_autofree char *prefix = g_strdup_printf ("pbkdf2-sha256:%u:", iterations);

  g_assert_true (g_str_has_prefix (stored, prefix));
  g_assert_true (kakanai_clerk_pin_check ("902100", stored, NULL));
}

static void
test_known_value (void)
{
  /* Hand-made: PBKDF2("246802", salt 00..0f, 10000) — shows the stored format is stable. */
  guint8 salt[16];
  guint8 out[32];
  g_autofree char *hash_hex = NULL;
  g_autofree char *salt_hex = NULL;
  g_autofree char *stored = NULL;

  for (guint i = 0; i < 16; i++)
    salt[i] = i;
  kakanai_pbkdf2_sha256 ((const guint8 *) "246802", 6, salt, sizeof salt, 10000, out, sizeof out);
  hash_hex = to_hex (out, sizeof out);
  salt_hex = to_hex (salt, sizeof salt);
  stored = g_strdup_printf ("pbkdf2-sha256:10000:%s:%s\n", salt_hex, hash_hex);
  g_assert_true (kakanai_clerk_pin_check ("246802", stored, NULL));
  g_assert_false (kakanai_clerk_pin_check ("246803", stored, NULL));
}

static void
test_bad_pins_refused (void)
{
  /* Four and five digits are too few: 10 000 or 100 000 PINs are tried in hours. */
  const char *bad[] = { "123", "1234", "12345", "1234567890123", "12a456", " 123456", "１２３４５６" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (kakanai_clerk_pin_hash (bad[i], FAST_ITERATIONS, &error));
      g_assert_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_PIN);
    }
}

static void
test_malformed_hash (void)
{
  const char *bad[] = {
    NULL, "", "1234", "sha256:00:11",
    "pbkdf2-sha256:0:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    "pbkdf2-sha256:1000:0001:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    /* Iteration counts outside the documented range: too weak, or a check that never ends. */
    "pbkdf2-sha256:1:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    "pbkdf2-sha256:9999:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    "pbkdf2-sha256:10000001:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    "pbkdf2-sha256:4294967291:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    "pbkdf2-sha256:-5:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
    /* The placeholder of the documentation. */
    "pbkdf2-sha256:ITERATIONS:SALT:HASH",
    "pbkdf2-sha256:1000:000102030405060708090a0b0c0d0e0f:zz",
    "pbkdf2-sha1:1000:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (kakanai_clerk_pin_check ("123456", bad[i], &error));
      g_assert_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_HASH);
      g_clear_error (&error);
      g_assert_false (kakanai_clerk_pin_stored_is_valid (bad[i], &error));
      g_assert_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_HASH);
    }
}

/* The count is checked before any work: -5 from the command line must not become 4 294 967 291. */
static void
test_iterations_range (void)
{
  const guint bad[] = { 1, KAKANAI_CLERK_PIN_MIN_ITERATIONS - 1, KAKANAI_CLERK_PIN_MAX_ITERATIONS + 1,
                        (guint) -5, G_MAXUINT };
  g_autofree char *lowest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_null (kakanai_clerk_pin_hash ("482915", bad[i], &error));
      g_assert_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_ITERATIONS);
      g_assert_nonnull (strstr (error->message, "10000000"));
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    }
  lowest = kakanai_clerk_pin_hash ("482915", KAKANAI_CLERK_PIN_MIN_ITERATIONS, NULL);
  g_assert_true (kakanai_clerk_pin_stored_is_valid (lowest, NULL));
  g_assert_true (kakanai_clerk_pin_check ("482915", lowest, NULL));
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  guint ticks;
} AsyncCheck;

static void
check_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncCheck *check = data;

  check->ok = kakanai_clerk_pin_check_finish (result, &check->error);
  check->done = TRUE;
}

static gboolean
tick (gpointer data)
{
  AsyncCheck *check = data;

  check->ticks++;
  return G_SOURCE_CONTINUE;
}

/* The derivation runs in a worker: the main loop (the kiosk's screen) keeps turning. */
static void
test_check_off_main_thread (void)
{
  g_autofree char *stored = kakanai_clerk_pin_hash ("482915", 400000, NULL);
  char pin[] = "482915";
  AsyncCheck check = { 0 };
  guint source;

  g_assert_nonnull (stored);
  source = g_timeout_add (5, tick, &check);
  kakanai_clerk_pin_check_async (pin, stored, NULL, check_done, &check);
  /* The caller's copy may be wiped at once: the check has its own. */
  explicit_bzero (pin, sizeof pin);
  while (!check.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_no_error (check.error);
  g_assert_true (check.ok);
  /* 400 000 iterations take well over 50 ms; a check on the main thread would allow one tick. */
  g_assert_cmpuint (check.ticks, >=, 3);

  check = (AsyncCheck) { 0 };
  kakanai_clerk_pin_check_async ("482916", stored, NULL, check_done, &check);
  while (!check.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (check.error);
  g_assert_false (check.ok);

  check = (AsyncCheck) { 0 };
  kakanai_clerk_pin_check_async ("482915", "pbkdf2-sha256:ITERATIONS:SALT:HASH", NULL, check_done, &check);
  while (!check.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (check.error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_HASH);
  g_clear_error (&check.error);
}

/* ---- the lockout: in a file, so that a restart does not reset it ---- */

#define T0 1800000000 /* a fixed "now" (2027-01-15) */

static char *
lockout_path (char **dir)
{
  *dir = g_dir_make_tmp ("kakanai-lockout-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  return g_build_filename (*dir, "state", "clerk-lockout", NULL);
}

static void
remove_lockout (const char *dir, const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (folder);
  g_rmdir (dir);
}

static guint
fail_run (const char *path, gint64 now)
{
  guint locked = 0;

  for (guint i = 0; i < KAKANAI_CLERK_LOCKOUT_TRIES; i++)
    {
      /* A new object each time: what a restarted kiosk would see. */
      g_autoptr(KakanaiClerkLockout) lockout = kakanai_clerk_lockout_new (path);
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (lockout, now), ==, 0);
      locked = kakanai_clerk_lockout_record_failure (lockout, now, &error);
      g_assert_no_error (error);
      if (i + 1 < KAKANAI_CLERK_LOCKOUT_TRIES)
        g_assert_cmpuint (locked, ==, 0);
    }
  return locked;
}

static void
test_lockout_survives_restart_and_doubles (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = lockout_path (&dir);
  gint64 now = T0;
  guint expected = KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS;
  GStatBuf info;

  for (guint run = 0; run < 5; run++)
    {
      g_autoptr(KakanaiClerkLockout) restarted = NULL;

      g_assert_cmpuint (fail_run (path, now), ==, expected);
      restarted = kakanai_clerk_lockout_new (path);
      g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (restarted, now), ==, expected);
      g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (restarted, now + expected - 1), ==, 1);
      now += expected;
      g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (restarted, now), ==, 0);
      expected *= 2;
    }
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* The right PIN starts afresh. */
  {
    g_autoptr(KakanaiClerkLockout) lockout = kakanai_clerk_lockout_new (path);
    g_autoptr(GError) error = NULL;

    kakanai_clerk_lockout_record_success (lockout, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (fail_run (path, now), ==, KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS);
  remove_lockout (dir, path);
}

static void
test_lockout_has_a_ceiling (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = lockout_path (&dir);
  gint64 now = T0;
  guint locked = 0;

  /* 60 s doubled 11 times passes a day. */
  for (guint run = 0; run < 14; run++)
    {
      locked = fail_run (path, now);
      g_assert_cmpuint (locked, <=, KAKANAI_CLERK_LOCKOUT_MAX_SECONDS);
      now += locked;
    }
  g_assert_cmpuint (locked, ==, KAKANAI_CLERK_LOCKOUT_MAX_SECONDS);
  remove_lockout (dir, path);
}

/* A clock set back must not lock for years; a file that cannot be read locks (not opens). */
static void
test_lockout_clock_and_damage (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = lockout_path (&dir);
  g_autoptr(KakanaiClerkLockout) lockout = NULL;

  g_assert_cmpuint (fail_run (path, T0), ==, KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS);
  lockout = kakanai_clerk_lockout_new (path);
  g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (lockout, T0 - 365 * 86400), ==,
                    KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS);

  g_assert_true (g_file_set_contents (path, "\x01garbage\nuntil=zz\n", -1, NULL));
  g_assert_cmpuint (kakanai_clerk_lockout_get_remaining (lockout, T0), ==, KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS);
  remove_lockout (dir, path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A damaged lockout file is logged as a warning on purpose; the tests check the answers. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_test_add_func ("/clerk-pin/pbkdf2-vectors", test_pbkdf2_vectors);
  g_test_add_func ("/clerk-pin/hash-and-check", test_hash_and_check);
  g_test_add_func ("/clerk-pin/salt-differs", test_salt_differs);
  g_test_add_func ("/clerk-pin/default-iterations", test_default_iterations);
  g_test_add_func ("/clerk-pin/known-value", test_known_value);
  g_test_add_func ("/clerk-pin/bad-pins-refused", test_bad_pins_refused);
  g_test_add_func ("/clerk-pin/malformed-hash", test_malformed_hash);
  g_test_add_func ("/clerk-pin/iterations-range", test_iterations_range);
  g_test_add_func ("/clerk-pin/check-off-main-thread", test_check_off_main_thread);
  g_test_add_func ("/clerk-pin/lockout/survives-restart-and-doubles", test_lockout_survives_restart_and_doubles);
  g_test_add_func ("/clerk-pin/lockout/ceiling", test_lockout_has_a_ceiling);
  g_test_add_func ("/clerk-pin/lockout/clock-and-damage", test_lockout_clock_and_damage);
  return g_test_run ();
}
