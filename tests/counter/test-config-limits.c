/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-config-limits.c: configuration files that must be refused with the file (and line)
 * at fault: placeholder or malformed clerk PIN hashes, files that are not regular, too big.
 */
#define G_LOG_DOMAIN "test-config-limits"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kakanai-clerk-pin.h"
#include "kakanai-config.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kakanai-config-limits-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "kakanai.conf", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_remove (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
write_config (Fixture *f, const char *contents)
{
  g_assert_true (g_file_set_contents (f->path, contents, -1, NULL));
}

/* Loading fails with @code, names FILE:LINE, and leaves the configuration as it was. */
static void
assert_refused_at (Fixture *f, int code, guint line, const char *expected)
{
  g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *location = line ? g_strdup_printf ("%s:%u:", f->path, line) : g_strdup (f->path);

  g_assert_false (kakanai_config_load_file (config, f->path, &error));
  g_assert_error (error, KAKANAI_CONFIG_ERROR, code);
  if (strstr (error->message, location) == NULL || strstr (error->message, expected) == NULL)
    g_error ("expected “%s” and “%s” in: %s", location, expected, error->message);
  g_assert_null (kakanai_config_get_clerk_pin_hash (config));
}

static void
test_placeholder_pin_hash (Fixture *f, gconstpointer data)
{
  /* The example of docs/configuration.md, copied as is. */
  write_config (f, "[kiosk]\nidle-timeout=60\n\n[clerk]\npin-hash=pbkdf2-sha256:ITERATIONS:SALT:HASH\n");
  assert_refused_at (f, KAKANAI_CONFIG_ERROR_INVALID_VALUE, 5, "kakanai clerk-pin-hash");
}

static void
test_malformed_pin_hashes (Fixture *f, gconstpointer data)
{
  const char *bad[] = {
    "pbkdf2-sha256:1:000102030405060708090a0b0c0d0e0f:00000000000000000000000000000000000000000000000000000000000000ff",
    "pbkdf2-sha256:4294967291:000102030405060708090a0b0c0d0e0f:00000000000000000000000000000000000000000000000000000000000000ff",
    "pbkdf2-sha256:200000:0001:00",
    "pbkdf2-sha256:200000:000102030405060708090a0b0c0d0e0f:not-hex",
    "sha1:abc",
    "1234",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *contents = g_strdup_printf ("# clerk\n[clerk]\nkeys=<Control><Alt>k\npin-hash=%s\n", bad[i]);

      write_config (f, contents);
      assert_refused_at (f, KAKANAI_CONFIG_ERROR_INVALID_VALUE, 4, "pbkdf2-sha256:ITERATIONS:SALT:HASH");
    }
}

static void
test_good_pin_hash (Fixture *f, gconstpointer data)
{
  g_autofree char *stored = kakanai_clerk_pin_hash ("482915", KAKANAI_CLERK_PIN_MIN_ITERATIONS, NULL);
  g_autofree char *contents = g_strdup_printf ("[clerk]\npin-hash=%s\n", stored);
  g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr(GError) error = NULL;

  write_config (f, contents);
  g_assert_true (kakanai_config_load_file (config, f->path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_config_get_clerk_pin_hash (config), ==, stored);
}

typedef struct
{
  const char *path;
  GMutex lock;
  GCond done_cond;
  gboolean done;
  gboolean ok;
  GError *error;
} LoadInThread;

static gpointer
load_in_thread (gpointer data)
{
  LoadInThread *load = data;
  g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
  GError *error = NULL;
  gboolean ok = kakanai_config_load_file (config, load->path, &error);

  g_mutex_lock (&load->lock);
  load->ok = ok;
  load->error = error;
  load->done = TRUE;
  g_cond_signal (&load->done_cond);
  g_mutex_unlock (&load->lock);
  return NULL;
}

/* A FIFO with no writer would block a plain read forever: it must be refused at once. */
static void
test_fifo_refused (Fixture *f, gconstpointer data)
{
  LoadInThread load = { .path = f->path };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GThread *thread;

  g_assert_cmpint (mkfifo (f->path, 0600), ==, 0);
  g_mutex_init (&load.lock);
  g_cond_init (&load.done_cond);
  thread = g_thread_new ("load", load_in_thread, &load);
  g_mutex_lock (&load.lock);
  while (!load.done)
    if (!g_cond_wait_until (&load.done_cond, &load.lock, deadline))
      g_error ("loading a FIFO as the configuration blocked for 10 s");
  g_mutex_unlock (&load.lock);
  g_thread_join (thread);
  g_assert_false (load.ok);
  g_assert_error (load.error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_IO);
  g_assert_nonnull (strstr (load.error->message, f->path));
  g_clear_error (&load.error);
  g_mutex_clear (&load.lock);
  g_cond_clear (&load.done_cond);
}

static void
test_folder_and_device_refused (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->dir, "/dev/zero" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
      g_autoptr(GError) error = NULL;

      g_assert_false (kakanai_config_load_file (config, paths[i], &error));
      g_assert_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_IO);
      g_assert_nonnull (strstr (error->message, paths[i]));
    }
}

static void
test_too_large_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) contents = g_string_new ("[kiosk]\n");

  while (contents->len <= KAKANAI_CONFIG_MAX_BYTES)
    g_string_append (contents, "# a comment line that makes the file long, long, long\n");
  write_config (f, contents->str);
  assert_refused_at (f, KAKANAI_CONFIG_ERROR_IO, 0, "too large");

  /* Just under the limit is read. */
  g_string_truncate (contents, KAKANAI_CONFIG_MAX_BYTES - 200);
  g_string_append (contents, "\n[kiosk]\nidle-timeout=90\n");
  write_config (f, contents->str);
  {
    g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
    g_assert_true (kakanai_config_load_file (config, f->path, NULL));
    g_assert_cmpuint (kakanai_config_get_idle_timeout (config), ==, 90);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/config-limits/placeholder-pin-hash", test_placeholder_pin_hash);
  ADD ("/config-limits/malformed-pin-hashes", test_malformed_pin_hashes);
  ADD ("/config-limits/good-pin-hash", test_good_pin_hash);
  ADD ("/config-limits/fifo-refused", test_fifo_refused);
  ADD ("/config-limits/folder-and-device-refused", test_folder_and_device_refused);
  ADD ("/config-limits/too-large-refused", test_too_large_refused);
#undef ADD
  return g_test_run ();
}
