/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-input.c: reading untrusted files within limits */
#define G_LOG_DOMAIN "kakanai-base"

#include "kakanai-input.h"
#include "kakanai-secure.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (kakanai-input-error-quark, kakanai_input_error)

static gboolean
read_exactly (int          fd,
              char        *buffer,
              gsize        size,
              const char  *path,
              GError     **error)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = read (fd, buffer + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO,
                       _("Cannot read %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO,
                       _("Cannot read %s: it became shorter while it was read"), path);
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

/* The file must not grow between fstat() and the read either: a byte past the size
 * read means it is being written, and what we read is not what validation saw. */
static gboolean
check_at_end (int          fd,
              const char  *path,
              GError     **error)
{
  char extra;
  ssize_t n;

  do
    n = read (fd, &extra, 1);
  while (n < 0 && errno == EINTR);

  if (n != 0)
    {
      g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO,
                   _("Cannot read %s: it changed while it was read"), path);
      return FALSE;
    }
  return TRUE;
}

static int
open_regular_file (const char  *path,
                   gsize        max_bytes,
                   gsize       *size_out,
                   GError     **error)
{
  struct stat st;
  int fd;

  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO,
                   _("Cannot open %s: %s"), path, g_strerror (saved_errno));
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_NOT_REGULAR,
                   _("%s is not a regular file (a folder, a device or a pipe); give the path of a file"),
                   path);
      close (fd);
      return -1;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_LARGE,
                   /* TRANSLATORS: the numbers are byte counts */
                   _("%s is too large: %lu bytes, at most %lu are accepted"),
                   path, (unsigned long) st.st_size, (unsigned long) max_bytes);
      close (fd);
      return -1;
    }
  /* A regular file never blocks; clear O_NONBLOCK all the same for plain reads. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  *size_out = (gsize) st.st_size;
  return fd;
}

GBytes *
kakanai_file_read_limited (const char  *path,
                           gsize        max_bytes,
                           GError     **error)
{
  char *data;
  gsize size;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_regular_file (path, max_bytes, &size, error);
  if (fd < 0)
    return NULL;

  /* One byte more for the NUL that follows the bytes. */
  data = g_malloc0 (size + 1);

  if (!read_exactly (fd, data, size, path, error) ||
      !check_at_end (fd, path, error))
    {
      close (fd);
      kakanai_wipe (data, size + 1);
      g_free (data);
      return NULL;
    }
  close (fd);

  return kakanai_secure_bytes_new_take (data, size, size + 1);
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

/* The code unit of the \uXXXX at @at (just after its backslash), or -1. */
static int
unicode_escape_at (const char *data,
                   gsize       length,
                   gsize       at)
{
  int unit = 0;

  if (at + 5 > length || data[at] != 'u')
    return -1;
  for (gsize i = at + 1; i < at + 5; i++)
    {
      int digit = g_ascii_xdigit_value (data[i]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/* The escape at @at (just after its backslash) is one JSON has and json-glib reads as
 * written; returns how many bytes it takes after the backslash, 0 if it is refused.
 * json-glib 1.6 also reads octal (\777 as the byte 0xFF), any other letter as itself,
 * \u0000 as the string's end and a lone surrogate as bytes that are not UTF-8. */
static gsize
json_escape_length (const char *data,
                    gsize       length,
                    gsize       at)
{
  int unit, low;

  if (at >= length)
    return 0;
  if (strchr ("\"\\/bfnrt", data[at]) != NULL && data[at] != '\0')
    return 1;
  unit = unicode_escape_at (data, length, at);
  if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    return 5;
  /* A high surrogate: its low half must follow. */
  if (at + 6 >= length || data[at + 5] != '\\')
    return 0;
  low = unicode_escape_at (data, length, at + 6);
  return low >= 0xdc00 && low <= 0xdfff ? 11 : 0;
}

gboolean
kakanai_json_check_limits (const char  *data,
                           gsize        length,
                           gsize        max_bytes,
                           guint        max_depth,
                           GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length > max_bytes)
    {
      g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_LARGE,
                   _("The JSON is too large: %lu bytes, at most %lu are accepted"),
                   (unsigned long) length, (unsigned long) max_bytes);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize taken = json_escape_length (data, length, i + 1);

              if (taken == 0)
                {
                  g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_NOT_JSON,
                               _("Line %u: a backslash in a string starts something JSON does not "
                                 "have (write \\\\ for a backslash; \\u0000 and half a "
                                 "\\uD800 pair are not accepted)"),
                               line_of_offset (data, i));
                  return FALSE;
                }
              i += taken;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_TOO_DEEP,
                           _("Line %u: the JSON nests more than %u levels deep"),
                           line_of_offset (data, i), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* Unbalanced closers are the parser's to report. */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}
