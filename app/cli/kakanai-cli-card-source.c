/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-card-source.c: where the CLI finds its card */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include "kakanai-cli-card-source.h"

#include <errno.h>
#include <unistd.h>

#include <kakanai-sim-card.h>

KakanaiTransport *
kakanai_cli_open_profile (const char *profile_path, GError **error)
{
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_file (profile_path, error);

  if (sim == NULL)
    return NULL;
  return kakanai_sim_transport_new (sim);
}

KakanaiTransport *
kakanai_cli_open_reader (const char *reader_substring, GError **error)
{
  g_autoptr(KakanaiPcsc) pcsc = kakanai_pcsc_new ();
  g_autofree char *reader = kakanai_pcsc_choose_reader (pcsc, reader_substring, error);

  if (reader == NULL)
    return NULL;
  return kakanai_pcsc_connect (pcsc, reader, error);
}

gboolean
kakanai_cli_read_secret_line (int fd, char *buffer, gsize size)
{
  gsize length = 0;
  gboolean too_long = FALSE;
  char c;

  g_return_val_if_fail (buffer != NULL && size > 0, FALSE);

  for (;;)
    {
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n')
        break;
      if (length + 1 < size)
        buffer[length++] = c;
      else
        too_long = TRUE;
    }
  c = 0;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  buffer[length] = '\0';
  if (too_long)
    kakanai_wipe (buffer, size);
  return length > 0 || too_long;
}
