/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-config.c: the counter's configuration loader on arbitrary bytes. Every error must
 * be a KakanaiConfigError naming the file; whatever loads must answer every getter. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kakanai-config.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KakanaiConfig) config = kakanai_config_new_default ();
  g_autoptr(GError) error = NULL;

  if (!kakanai_config_load_data (config, "fuzz.conf", (const char *) data, size, &error))
    {
      g_assert (error != NULL && error->domain == KAKANAI_CONFIG_ERROR);
      g_assert (strstr (error->message, "fuzz.conf") != NULL);
      return 0;
    }
  g_assert_no_error (error);
  kakanai_config_get_municipality (config);
  g_assert (kakanai_config_get_template_dirs (config) != NULL);
  g_assert (kakanai_config_get_languages (config)[0] != NULL);
  g_assert (kakanai_config_get_idle_timeout (config) >= 3);
  g_assert (kakanai_config_get_clerk_keys (config)[0] != '\0');
  kakanai_config_get_location (config, "clerk", "pin-hash");
  return 0;
}
