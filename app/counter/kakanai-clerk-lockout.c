/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-lockout.c: the clerk PIN pad's lockout, kept in the state folder */
#define G_LOG_DOMAIN "kakanai-clerk-lockout"

#include "config.h"

#include "kakanai-clerk-lockout.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define MAX_STATE_BYTES 256

typedef struct
{
  guint failures;   /* wrong PINs since the last lockout or the right PIN */
  guint lockouts;   /* lockouts since the right PIN */
  gint64 until;     /* end of the current lockout (Unix seconds), 0 for none */
} LockoutState;

struct _KakanaiClerkLockout
{
  char *path;
  LockoutState memory; /* when there is no file, or it cannot be written */
};

KakanaiClerkLockout *
kakanai_clerk_lockout_new (const char *path)
{
  KakanaiClerkLockout *lockout = g_new0 (KakanaiClerkLockout, 1);

  lockout->path = g_strdup (path);
  return lockout;
}

void
kakanai_clerk_lockout_free (KakanaiClerkLockout *lockout)
{
  if (lockout == NULL)
    return;
  g_free (lockout->path);
  g_free (lockout);
}

static guint
period_of (guint lockouts)
{
  guint seconds = KAKANAI_CLERK_LOCKOUT_FIRST_SECONDS;

  for (guint i = 1; i < lockouts && seconds < KAKANAI_CLERK_LOCKOUT_MAX_SECONDS; i++)
    seconds *= 2;
  return MIN (seconds, KAKANAI_CLERK_LOCKOUT_MAX_SECONDS);
}

static gboolean
parse_field (const char *line, const char *name, guint64 max, guint64 *value)
{
  gsize length = strlen (name);

  return strncmp (line, name, length) == 0 && line[length] == '='
         && g_ascii_string_to_unsigned (line + length + 1, 10, 0, max, value, NULL);
}

static gboolean
parse_state (const char *text, LockoutState *state)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint64 failures = G_MAXUINT64, lockouts = G_MAXUINT64, until = G_MAXUINT64;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0'
        && !parse_field (lines[i], "failures", KAKANAI_CLERK_LOCKOUT_TRIES, &failures)
        && !parse_field (lines[i], "lockouts", G_MAXUINT16, &lockouts)
        && !parse_field (lines[i], "until", G_MAXINT64, &until))
      return FALSE;
  if (failures == G_MAXUINT64 || lockouts == G_MAXUINT64 || until == G_MAXUINT64)
    return FALSE;
  *state = (LockoutState) { (guint) failures, (guint) lockouts, (gint64) until };
  return TRUE;
}

/* The state at @now; a damaged file counts as a fresh first lockout. */
static LockoutState
load_state (KakanaiClerkLockout *lockout, gint64 now)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  LockoutState state = { 0 };

  if (lockout->path == NULL)
    return lockout->memory;
  if (!g_file_get_contents (lockout->path, &text, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return lockout->memory;
      g_warning ("clerk lockout %s cannot be read (%s): the PIN pad stays locked", lockout->path, error->message);
    }
  else if (length <= MAX_STATE_BYTES && memchr (text, '\0', length) == NULL && parse_state (text, &state))
    {
      /* A clock set back would otherwise lock for as long as it went back. */
      if (state.until > now + (gint64) period_of (state.lockouts))
        state.until = now + period_of (state.lockouts);
      return state;
    }
  else
    g_warning ("clerk lockout %s is damaged: the PIN pad stays locked", lockout->path);
  return (LockoutState) { 0, MAX (lockout->memory.lockouts, 1), now + period_of (MAX (lockout->memory.lockouts, 1)) };
}

static gboolean
save_state (KakanaiClerkLockout *lockout, const LockoutState *state, GError **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;

  lockout->memory = *state;
  if (lockout->path == NULL)
    return TRUE;
  folder = g_path_get_dirname (lockout->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder %s for the clerk lockout: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  text = g_strdup_printf ("failures=%u\nlockouts=%u\nuntil=%" G_GINT64_FORMAT "\n",
                          state->failures, state->lockouts, state->until);
  return g_file_set_contents_full (lockout->path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

guint
kakanai_clerk_lockout_get_remaining (KakanaiClerkLockout *lockout, gint64 now)
{
  LockoutState state = load_state (lockout, now);

  return state.until > now ? (guint) (state.until - now) : 0;
}

guint
kakanai_clerk_lockout_record_failure (KakanaiClerkLockout *lockout, gint64 now, GError **error)
{
  LockoutState state = load_state (lockout, now);
  guint locked = 0;

  if (state.until > now) /* already locked: the pad takes no PIN, nothing more to count */
    return (guint) (state.until - now);
  if (++state.failures >= KAKANAI_CLERK_LOCKOUT_TRIES)
    {
      state.failures = 0;
      state.lockouts = MIN (state.lockouts + 1, G_MAXUINT16);
      locked = period_of (state.lockouts);
      state.until = now + locked;
    }
  save_state (lockout, &state, error);
  return locked;
}

void
kakanai_clerk_lockout_record_success (KakanaiClerkLockout *lockout, GError **error)
{
  LockoutState fresh = { 0 };

  save_state (lockout, &fresh, error);
}
