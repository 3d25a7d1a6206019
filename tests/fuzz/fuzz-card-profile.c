/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-card-profile.c: the simulated card's profile loader on arbitrary bytes. (No APDU is
 * sent: a profile may ask for a minute's delay per answer; fuzz-vpcd sends them.) */
#include <stddef.h>
#include <stdint.h>

#include <kakanai-sim-card.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiSimCard) sim = kakanai_sim_card_new_from_data ((const char *) data, (gssize) size, &error);
  g_autoptr(GBytes) atr = NULL;

  if (sim == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  atr = kakanai_sim_card_get_atr (sim);
  g_assert (atr != NULL && g_bytes_get_size (atr) > 0);
  g_assert (kakanai_sim_card_get_pin_tries_left (sim) <= 3);
  return 0;
}
