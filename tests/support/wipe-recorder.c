/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wipe-recorder.c: what was wiped, seen through explicit_bzero (-Wl,--wrap) */
#include "wipe-recorder.h"

#include <string.h>

void __real_explicit_bzero (void *data, size_t size);
void __wrap_explicit_bzero (void *data, size_t size);

typedef struct
{
  gconstpointer address;
  gsize         size;
  GBytes       *contents;   /* what was there before the wipe */
  gboolean      zero_after; /* every byte was 0 once explicit_bzero returned */
} Wipe;

static GArray *wipes;

void
__wrap_explicit_bzero (void   *data,
                       size_t  size)
{
  Wipe wipe = { data, size, NULL, TRUE };

  if (wipes != NULL)
    wipe.contents = g_bytes_new (data, size);
  __real_explicit_bzero (data, size);
  for (size_t i = 0; i < size; i++)
    if (((guint8 *) data)[i] != 0)
      wipe.zero_after = FALSE;
  if (wipes != NULL)
    g_array_append_val (wipes, wipe);
}

static void
clear_wipe (gpointer data)
{
  g_bytes_unref (((Wipe *) data)->contents);
}

int
wipe_recorder_setup (void **state)
{
  wipes = g_array_new (FALSE, FALSE, sizeof (Wipe));
  g_array_set_clear_func (wipes, clear_wipe);
  return 0;
}

int
wipe_recorder_teardown (void **state)
{
  g_clear_pointer (&wipes, g_array_unref);
  return 0;
}

guint
wipe_recorder_count (void)
{
  return wipes != NULL ? wipes->len : 0;
}

gboolean
wipe_recorder_saw (gconstpointer address,
                   gsize         size)
{
  for (guint i = 0; wipes != NULL && i < wipes->len; i++)
    {
      Wipe *wipe = &g_array_index (wipes, Wipe, i);

      if (wipe->address == address && wipe->size >= size && wipe->zero_after)
        return TRUE;
    }
  return FALSE;
}

gboolean
wipe_recorder_held (gconstpointer needle,
                    gsize         size)
{
  for (guint i = 0; wipes != NULL && i < wipes->len; i++)
    {
      Wipe *wipe = &g_array_index (wipes, Wipe, i);
      gsize length;
      const guint8 *contents = g_bytes_get_data (wipe->contents, &length);

      if (wipe->zero_after && length >= size && memmem (contents, length, needle, size) != NULL)
        return TRUE;
    }
  return FALSE;
}
