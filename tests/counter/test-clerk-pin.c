/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clerk-pin.c: PBKDF2-HMAC-SHA256 vectors and the clerk PIN hash check */
#define G_LOG_DOMAIN "test-clerk-pin"

#include <glib.h>
#include <string.h>

#include "kakanai-clerk-pin.h"

#define FAST_ITERATIONS 1000

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
  g_assert_true (g_str_has_prefix (stored, "pbkdf2-sha256:1000:"));
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
  g_autofree char *first = kakanai_clerk_pin_hash ("1234", FAST_ITERATIONS, NULL);
  g_autofree char *second = kakanai_clerk_pin_hash ("1234", FAST_ITERATIONS, NULL);

  g_assert_cmpstr (first, !=, second);
  g_assert_true (kakanai_clerk_pin_check ("1234", first, NULL));
  g_assert_true (kakanai_clerk_pin_check ("1234", second, NULL));
}

static void
test_default_iterations (void)
{
  g_autofree char *stored = kakanai_clerk_pin_hash ("90210", 0, NULL);
  guint iterations = KAKANAI_CLERK_PIN_DEFAULT_ITERATIONS;
  g_autofree char *prefix = g_strdup_printf ("pbkdf2-sha256:%u:", iterations);

  g_assert_true (g_str_has_prefix (stored, prefix));
  g_assert_true (kakanai_clerk_pin_check ("90210", stored, NULL));
}

static void
test_known_value (void)
{
  /* Hand-made: PBKDF2("2468", salt 00..0f, 1000) — shows the stored format is stable. */
  guint8 salt[16];
  guint8 out[32];
  g_autofree char *hash_hex = NULL;
  g_autofree char *salt_hex = NULL;
  g_autofree char *stored = NULL;

  for (guint i = 0; i < 16; i++)
    salt[i] = i;
  kakanai_pbkdf2_sha256 ((const guint8 *) "2468", 4, salt, sizeof salt, 1000, out, sizeof out);
  hash_hex = to_hex (out, sizeof out);
  salt_hex = to_hex (salt, sizeof salt);
  stored = g_strdup_printf ("pbkdf2-sha256:1000:%s:%s\n", salt_hex, hash_hex);
  g_assert_true (kakanai_clerk_pin_check ("2468", stored, NULL));
  g_assert_false (kakanai_clerk_pin_check ("2469", stored, NULL));
}

static void
test_bad_pins_refused (void)
{
  const char *bad[] = { "123", "1234567890123", "12a4", " 1234", "１２３４" };

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
    "pbkdf2-sha256:1000:000102030405060708090a0b0c0d0e0f:zz",
    "pbkdf2-sha1:1000:000102030405060708090a0b0c0d0e0f:" "00000000000000000000000000000000" "00000000000000000000000000000000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (kakanai_clerk_pin_check ("1234", bad[i], &error));
      g_assert_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_HASH);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clerk-pin/pbkdf2-vectors", test_pbkdf2_vectors);
  g_test_add_func ("/clerk-pin/hash-and-check", test_hash_and_check);
  g_test_add_func ("/clerk-pin/salt-differs", test_salt_differs);
  g_test_add_func ("/clerk-pin/default-iterations", test_default_iterations);
  g_test_add_func ("/clerk-pin/known-value", test_known_value);
  g_test_add_func ("/clerk-pin/bad-pins-refused", test_bad_pins_refused);
  g_test_add_func ("/clerk-pin/malformed-hash", test_malformed_hash);
  return g_test_run ();
}
