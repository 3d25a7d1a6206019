/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-pin.c: the clerk PIN, kept only as a salted, slow hash */
#define G_LOG_DOMAIN "kakanai-clerk-pin"

#include "config.h"

#include "kakanai-clerk-pin.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <kakanai-secure.h>

#define SHA256_LENGTH 32
#define SHA256_BLOCK 64
#define SALT_LENGTH 16
#define HASH_PREFIX "pbkdf2-sha256"

G_DEFINE_QUARK (kakanai-clerk-pin-error-quark, kakanai_clerk_pin_error)

/* HMAC-SHA256 with the keyed pads absorbed once. GLib's GHmac would keep copies of the
 * pads (the key XOR a constant, i.e. the PIN in clear) in memory it frees without wiping;
 * here the pads live in our buffers, are fed to GChecksum as whole blocks (which it hashes
 * without copying) and are wiped. */
typedef struct
{
  GChecksum *inner;
  GChecksum *outer;
} KeyedHmac;

static void
keyed_hmac_init (KeyedHmac *hmac, const guint8 *key, gsize key_length)
{
  guint8 block[SHA256_BLOCK] = { 0 };
  guint8 pad[SHA256_BLOCK];

  if (key_length > SHA256_BLOCK)
    {
      GChecksum *digest = g_checksum_new (G_CHECKSUM_SHA256);
      gsize length = SHA256_LENGTH;

      g_checksum_update (digest, key, key_length);
      g_checksum_get_digest (digest, block, &length);
      g_checksum_free (digest);
    }
  else
    memcpy (block, key, key_length);

  for (gsize i = 0; i < SHA256_BLOCK; i++)
    pad[i] = block[i] ^ 0x36;
  hmac->inner = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (hmac->inner, pad, SHA256_BLOCK);
  for (gsize i = 0; i < SHA256_BLOCK; i++)
    pad[i] = block[i] ^ 0x5c;
  hmac->outer = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (hmac->outer, pad, SHA256_BLOCK);

  kakanai_wipe (block, sizeof block);
  kakanai_wipe (pad, sizeof pad);
}

static void
keyed_hmac_clear (KeyedHmac *hmac)
{
  g_clear_pointer (&hmac->inner, g_checksum_free);
  g_clear_pointer (&hmac->outer, g_checksum_free);
}

static void
keyed_hmac_digest (const KeyedHmac *hmac, const guint8 *first, gsize first_length,
                   const guint8 *second, gsize second_length, guint8 out[SHA256_LENGTH])
{
  GChecksum *inner = g_checksum_copy (hmac->inner);
  GChecksum *outer = g_checksum_copy (hmac->outer);
  gsize length = SHA256_LENGTH;

  g_checksum_update (inner, first, first_length);
  if (second_length > 0)
    g_checksum_update (inner, second, second_length);
  g_checksum_get_digest (inner, out, &length);
  g_checksum_update (outer, out, SHA256_LENGTH);
  length = SHA256_LENGTH;
  g_checksum_get_digest (outer, out, &length);
  g_checksum_free (inner);
  g_checksum_free (outer);
}

void
kakanai_pbkdf2_sha256 (const guint8 *password, gsize password_length,
                       const guint8 *salt, gsize salt_length, guint iterations,
                       guint8 *out, gsize out_length)
{
  KeyedHmac hmac;
  guint8 u[SHA256_LENGTH];
  guint8 t[SHA256_LENGTH];

  g_return_if_fail (iterations > 0);
  keyed_hmac_init (&hmac, password, password_length);
  for (guint32 block = 1; out_length > 0; block++)
    {
      guint8 counter[4] = { block >> 24, block >> 16, block >> 8, block };
      gsize take = MIN (out_length, SHA256_LENGTH);

      keyed_hmac_digest (&hmac, salt, salt_length, counter, sizeof counter, u);
      memcpy (t, u, SHA256_LENGTH);
      for (guint i = 1; i < iterations; i++)
        {
          keyed_hmac_digest (&hmac, u, SHA256_LENGTH, NULL, 0, u);
          for (gsize j = 0; j < SHA256_LENGTH; j++)
            t[j] ^= u[j];
        }
      memcpy (out, t, take);
      out += take;
      out_length -= take;
    }
  keyed_hmac_clear (&hmac);
  kakanai_wipe (u, sizeof u);
  kakanai_wipe (t, sizeof t);
}

gboolean
kakanai_clerk_pin_is_well_formed (const char *pin)
{
  gsize length;

  if (pin == NULL)
    return FALSE;
  length = strlen (pin);
  if (length < KAKANAI_CLERK_PIN_MIN_DIGITS || length > KAKANAI_CLERK_PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

static gboolean
decode_hex (const char *hex, guint8 *out, gsize out_length)
{
  if (strlen (hex) != out_length * 2)
    return FALSE;
  for (gsize i = 0; i < out_length; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      out[i] = (guint8) (high << 4 | low);
    }
  return TRUE;
}

static void
append_hex (GString *text, const guint8 *bytes, gsize length)
{
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
}

char *
kakanai_clerk_pin_hash (const char *pin, guint iterations, GError **error)
{
  guint8 salt[SALT_LENGTH];
  guint8 derived[SHA256_LENGTH];
  GString *text;

  if (!kakanai_clerk_pin_is_well_formed (pin))
    {
      g_set_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_PIN,
                   _("A clerk PIN is %d to %d digits."),
                   KAKANAI_CLERK_PIN_MIN_DIGITS, KAKANAI_CLERK_PIN_MAX_DIGITS);
      return NULL;
    }
  if (iterations == 0)
    iterations = KAKANAI_CLERK_PIN_DEFAULT_ITERATIONS;
  if (iterations < KAKANAI_CLERK_PIN_MIN_ITERATIONS || iterations > KAKANAI_CLERK_PIN_MAX_ITERATIONS)
    {
      g_set_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_ITERATIONS,
                   _("The number of iterations must be from %u to %u."),
                   KAKANAI_CLERK_PIN_MIN_ITERATIONS, KAKANAI_CLERK_PIN_MAX_ITERATIONS);
      return NULL;
    }
  if (getrandom (salt, sizeof salt, 0) != (ssize_t) sizeof salt)
    {
      g_set_error_literal (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_NO_RANDOM,
                           _("The system gave no random numbers for the salt."));
      return NULL;
    }
  kakanai_pbkdf2_sha256 ((const guint8 *) pin, strlen (pin), salt, sizeof salt, iterations,
                         derived, sizeof derived);
  text = g_string_new (HASH_PREFIX);
  g_string_append_printf (text, ":%u:", iterations);
  append_hex (text, salt, sizeof salt);
  g_string_append_c (text, ':');
  append_hex (text, derived, sizeof derived);
  kakanai_wipe (derived, sizeof derived);
  return g_string_free (text, FALSE);
}

typedef struct
{
  guint iterations;
  guint8 salt[SALT_LENGTH];
  guint8 hash[SHA256_LENGTH];
} StoredPin;

static gboolean
parse_stored (const char *stored, StoredPin *parsed, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (stored ? stored : ""));
  g_auto(GStrv) parts = g_strsplit (trimmed, ":", -1);
  guint64 iterations = 0;

  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], HASH_PREFIX)
      || !g_ascii_string_to_unsigned (parts[1], 10, KAKANAI_CLERK_PIN_MIN_ITERATIONS,
                                      KAKANAI_CLERK_PIN_MAX_ITERATIONS, &iterations, NULL)
      || !decode_hex (parts[2], parsed->salt, sizeof parsed->salt)
      || !decode_hex (parts[3], parsed->hash, sizeof parsed->hash))
    {
      g_set_error (error, KAKANAI_CLERK_PIN_ERROR, KAKANAI_CLERK_PIN_ERROR_BAD_HASH,
                   _("The clerk PIN hash is not of the form %s:ITERATIONS:SALT:HASH with %u to %u iterations; make one with “kakanai clerk-pin-hash” and put its line in the configuration."),
                   HASH_PREFIX, KAKANAI_CLERK_PIN_MIN_ITERATIONS, KAKANAI_CLERK_PIN_MAX_ITERATIONS);
      return FALSE;
    }
  parsed->iterations = (guint) iterations;
  return TRUE;
}

gboolean
kakanai_clerk_pin_check (const char *pin, const char *stored, GError **error)
{
  StoredPin parsed;
  guint8 derived[SHA256_LENGTH];
  guint8 difference = 0;

  if (!parse_stored (stored, &parsed, error))
    return FALSE;
  /* A malformed PIN still costs the full derivation, so timing tells nothing. */
  kakanai_pbkdf2_sha256 ((const guint8 *) (pin ? pin : ""), pin ? strlen (pin) : 0,
                         parsed.salt, sizeof parsed.salt, parsed.iterations,
                         derived, sizeof derived);
  for (gsize i = 0; i < SHA256_LENGTH; i++)
    difference |= derived[i] ^ parsed.hash[i];
  kakanai_wipe (derived, sizeof derived);
  kakanai_wipe (&parsed, sizeof parsed);
  return difference == 0 && kakanai_clerk_pin_is_well_formed (pin);
}

gboolean
kakanai_clerk_pin_stored_is_valid (const char *stored, GError **error)
{
  StoredPin parsed;
  gboolean ok = parse_stored (stored, &parsed, error);

  kakanai_wipe (&parsed, sizeof parsed);
  return ok;
}

/* ---- off the main thread ---- */

#define PIN_COPY_SIZE (KAKANAI_CLERK_PIN_MAX_DIGITS + 2)

typedef struct
{
  char pin[PIN_COPY_SIZE]; /* wiped when the task ends */
  char *stored;
  gboolean too_long;
} PinCheck;

static void
pin_check_free (gpointer data)
{
  PinCheck *check = data;

  kakanai_wipe (check->pin, sizeof check->pin);
  g_free (check->stored);
  g_free (check);
}

static void
check_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PinCheck *check = task_data;
  GError *error = NULL;
  gboolean ok = kakanai_clerk_pin_check (check->too_long ? "" : check->pin, check->stored, &error);

  kakanai_wipe (check->pin, sizeof check->pin);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, ok && !check->too_long);
}

void
kakanai_clerk_pin_check_async (const char *pin, const char *stored, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PinCheck *check = g_new0 (PinCheck, 1);
  gsize length = pin ? strlen (pin) : 0;

  /* Too long to be a clerk PIN: never copied, checked as wrong (at the same cost). */
  check->too_long = length >= sizeof check->pin;
  if (!check->too_long && pin != NULL)
    memcpy (check->pin, pin, length);
  check->stored = g_strdup (stored);
  g_task_set_source_tag (task, kakanai_clerk_pin_check_async);
  g_task_set_task_data (task, check, pin_check_free);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
kakanai_clerk_pin_check_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
