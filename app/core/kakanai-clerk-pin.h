/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-pin.h: the clerk PIN, kept only as a salted, slow hash in the configuration
 *
 * Format of the stored value (the "clerk-pin-hash" key):
 *   pbkdf2-sha256:ITERATIONS:SALT-HEX:HASH-HEX
 * PBKDF2-HMAC-SHA256 (RFC 8018) with a 16-byte random salt and a 32-byte result. A clerk
 * PIN is 6 to 12 digits; ITERATIONS is 10 000 to 10 000 000 (default 200 000: about a
 * fifth of a second per check on a counter PC), both when hashing and when reading. Every copy of the PIN and of the derived key is wiped after use,
 * and the comparison takes the same time whatever the PIN.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KAKANAI_CLERK_PIN_ERROR (kakanai_clerk_pin_error_quark ())
GQuark kakanai_clerk_pin_error_quark (void);

typedef enum
{
  KAKANAI_CLERK_PIN_ERROR_BAD_PIN,     /* not 6 to 12 digits */
  KAKANAI_CLERK_PIN_ERROR_BAD_HASH,    /* the configured value is not in the format above */
  KAKANAI_CLERK_PIN_ERROR_NO_RANDOM,   /* the system gave no random bytes for the salt */
  KAKANAI_CLERK_PIN_ERROR_BAD_ITERATIONS, /* an iteration count outside the range below */
} KakanaiClerkPinError;

#define KAKANAI_CLERK_PIN_MIN_DIGITS 6
#define KAKANAI_CLERK_PIN_MAX_DIGITS 12
#define KAKANAI_CLERK_PIN_MIN_ITERATIONS 10000
#define KAKANAI_CLERK_PIN_MAX_ITERATIONS 10000000
#define KAKANAI_CLERK_PIN_DEFAULT_ITERATIONS 200000

gboolean kakanai_clerk_pin_is_well_formed (const char *pin);

/* The value to store for @pin; iterations 0 means the default, others outside the range
 * are refused (BAD_ITERATIONS) before any work. */
char    *kakanai_clerk_pin_hash  (const char *pin, guint iterations, GError **error);

/* TRUE when @stored is in the format above with an iteration count in the range (the
 * configuration checks it when it loads); else BAD_HASH, saying what to do. */
gboolean kakanai_clerk_pin_stored_is_valid (const char *stored, GError **error);

/* TRUE when @pin matches @stored. FALSE without an error: a wrong PIN. FALSE with an
 * error: @stored is malformed (the clerk mode cannot be opened; say so). */
gboolean kakanai_clerk_pin_check (const char *pin, const char *stored, GError **error);

/* The same check in a worker thread, so that the derivation never holds up the screen.
 * @pin is copied (and the copy wiped when done): the caller may wipe its own at once. */
void     kakanai_clerk_pin_check_async  (const char *pin, const char *stored, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean kakanai_clerk_pin_check_finish (GAsyncResult *result, GError **error);

/* PBKDF2-HMAC-SHA256 itself (exposed for the RFC test vectors). */
void     kakanai_pbkdf2_sha256   (const guint8 *password, gsize password_length,
                                  const guint8 *salt, gsize salt_length, guint iterations,
                                  guint8 *out, gsize out_length);

G_END_DECLS
