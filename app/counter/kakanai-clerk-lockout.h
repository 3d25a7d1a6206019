/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-lockout.h: how long the clerk PIN pad stays locked after wrong PINs
 *
 * After 5 wrong PINs in a row the pad locks for 60 s; every further run of 5 wrong PINs
 * doubles the time (120 s, 240 s, ...) up to a day; the right PIN starts afresh. The
 * state lives in a small file in the kiosk's state folder (written whole, mode 0600), so
 * that restarting the kiosk does not reset it. A file that cannot be read locks the pad
 * for the first period rather than opening it; IT staff reset a lockout by deleting the
 * file while the kiosk is stopped.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_CLERK_LOCKOUT_TRIES 5
#define KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS 60
#define KAKANAI_CLERK_LOCKOUT_MAX_SECONDS 86400

typedef struct _KakanaiClerkLockout KakanaiClerkLockout;

/* @path: the state file (its folder is made when first written); NULL keeps it in memory. */
KakanaiClerkLockout *kakanai_clerk_lockout_new            (const char *path);
void                 kakanai_clerk_lockout_free           (KakanaiClerkLockout *lockout);
/* Seconds the pad stays locked at @now (Unix time, seconds); 0 when a PIN may be tried. */
guint                kakanai_clerk_lockout_get_remaining  (KakanaiClerkLockout *lockout, gint64 now);
/* Counts a wrong PIN; returns the seconds of the lockout it starts, or 0. An error only
 * says the file could not be written (the lockout then holds in memory). */
guint                kakanai_clerk_lockout_record_failure (KakanaiClerkLockout *lockout, gint64 now,
                                                           GError **error);
void                 kakanai_clerk_lockout_record_success (KakanaiClerkLockout *lockout, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiClerkLockout, kakanai_clerk_lockout_free)

G_END_DECLS
