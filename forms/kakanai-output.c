/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-output.c: writing a file of personal data whole, new, private, or not at all. */
#define G_LOG_DOMAIN "kakanai-forms"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kakanai-forms-error.h"
#include "kakanai-output.h"

struct _KakanaiOutputFile
{
  char *path;
  char *temporary; /* NULL when writing straight to a device */
  int   fd;
  int   failure;   /* the errno of the first failure, 0 while all is well */
};

static gboolean
set_write_error (const char  *path,
                 int          failure,
                 GError     **error)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
               _("Cannot write %s: %s"), path, g_strerror (failure));
  return FALSE;
}

/* /dev/null and the like: there is nothing to create or rename. */
static gboolean
is_character_device (const char *path)
{
  struct stat status;

  return lstat (path, &status) == 0 && S_ISCHR (status.st_mode);
}

static int
open_temporary (KakanaiOutputFile *file)
{
  g_autofree char *folder = g_path_get_dirname (file->path);
  g_autofree char *name = g_path_get_basename (file->path);
  g_autofree char *pattern = g_strdup_printf (".%s.XXXXXX", name);

  file->temporary = g_build_filename (folder, pattern, NULL);
  /* O_CREAT | O_EXCL (added by g_mkstemp_full) never opens an existing file or a link. */
  file->fd = g_mkstemp_full (file->temporary, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (file->fd < 0)
    {
      g_clear_pointer (&file->temporary, g_free);
      return errno;
    }
  /* The umask may only take permissions away; make it exactly the owner's. */
  if (fchmod (file->fd, 0600) != 0)
    return errno;
  return 0;
}

KakanaiOutputFile *
kakanai_output_file_begin (const char  *path,
                           GError     **error)
{
  g_autoptr(KakanaiOutputFile) file = NULL;
  int failure;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  file = g_new0 (KakanaiOutputFile, 1);
  file->path = g_strdup (path);
  file->fd = -1;
  if (is_character_device (path))
    {
      file->fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0);
      failure = file->fd < 0 ? errno : 0;
    }
  else
    failure = open_temporary (file);
  if (failure != 0)
    {
      set_write_error (path, failure, error);
      return NULL;
    }
  return g_steal_pointer (&file);
}

gboolean
kakanai_output_file_write (KakanaiOutputFile  *file,
                           const void         *data,
                           gsize               size,
                           GError            **error)
{
  const guint8 *bytes = data;

  g_return_val_if_fail (file != NULL, FALSE);

  while (size > 0 && file->failure == 0)
    {
      ssize_t written = write (file->fd, bytes, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        file->failure = errno;
      else
        {
          bytes += written;
          size -= written;
        }
    }
  if (file->failure != 0)
    return set_write_error (file->path, file->failure, error);
  return TRUE;
}

/* So that the rename is not on disk before the bytes it names. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
kakanai_output_file_commit (KakanaiOutputFile  *file,
                            GError            **error)
{
  g_autoptr(KakanaiOutputFile) owned = file;

  g_return_val_if_fail (file != NULL, FALSE);

  if (file->failure == 0 && file->temporary != NULL && fsync (file->fd) != 0)
    file->failure = errno;
  if (close (file->fd) != 0 && file->failure == 0)
    file->failure = errno;
  file->fd = -1;
  if (file->failure == 0 && file->temporary != NULL)
    {
      if (g_rename (file->temporary, file->path) != 0)
        file->failure = errno;
      else
        {
          g_clear_pointer (&file->temporary, g_free);
          sync_folder (file->path);
        }
    }
  if (file->failure != 0)
    return set_write_error (file->path, file->failure, error);
  return TRUE;
}

void
kakanai_output_file_abort (KakanaiOutputFile *file)
{
  if (file == NULL)
    return;
  if (file->fd >= 0)
    close (file->fd);
  if (file->temporary != NULL)
    g_unlink (file->temporary);
  g_free (file->temporary);
  g_free (file->path);
  g_free (file);
}

gboolean
kakanai_output_write (const char  *path,
                      GBytes      *contents,
                      GError     **error)
{
  g_autoptr(KakanaiOutputFile) file = kakanai_output_file_begin (path, error);
  gsize size;
  const void *data = g_bytes_get_data (contents, &size);

  if (file == NULL || !kakanai_output_file_write (file, data, size, error))
    return FALSE;
  return kakanai_output_file_commit (g_steal_pointer (&file), error);
}
