/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-pin.h: the clerk PIN, kept only as a salted, slow hash in the configuration
 *
 * Format of the stored value (the "clerk-pin-hash" key):
 *   pbkdf2-sha256:ITERATIONS:SALT-HEX:HASH-HEX
 * PBKDF2-HMAC-SHA256 (RFC 8018) with a 16-byte random salt and a 32-byte result. A clerk
 * PIN is 4 to 12 digits. Every copy of the PIN and of the derived key is wiped after use,
 * and the comparison takes the same time whatever the PIN.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_CLERK_PIN_ERROR (kakanai_clerk_pin_error_quark ())
GQuark kakanai_clerk_pin_error_quark (void);

typedef enum
{
  KAKANAI_CLERK_PIN_ERROR_BAD_PIN,     /* not 4 to 12 digits */
  KAKANAI_CLERK_PIN_ERROR_BAD_HASH,    /* the configured value is not in the format above */
  KAKANAI_CLERK_PIN_ERROR_NO_RANDOM,   /* the system gave no random bytes for the salt */
} KakanaiClerkPinError;

#define KAKANAI_CLERK_PIN_MIN_DIGITS 4
#define KAKANAI_CLERK_PIN_MAX_DIGITS 12
#define KAKANAI_CLERK_PIN_DEFAULT_ITERATIONS 200000

gboolean kakanai_clerk_pin_is_well_formed (const char *pin);

/* The value to store for @pin; iterations 0 means the default. */
char    *kakanai_clerk_pin_hash  (const char *pin, guint iterations, GError **error);

/* TRUE when @pin matches @stored. FALSE without an error: a wrong PIN. FALSE with an
 * error: @stored is malformed (the clerk mode cannot be opened; say so). */
gboolean kakanai_clerk_pin_check (const char *pin, const char *stored, GError **error);

/* PBKDF2-HMAC-SHA256 itself (exposed for the RFC test vectors). */
void     kakanai_pbkdf2_sha256   (const guint8 *password, gsize password_length,
                                  const guint8 *salt, gsize salt_length, guint iterations,
                                  guint8 *out, gsize out_length);

G_END_DECLS
