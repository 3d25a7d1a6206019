/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-catalog.c: where the programs find bundled data and the form templates */
#define G_LOG_DOMAIN "kakanai-catalog"

#include "config.h"

#include "kakanai-catalog.h"

#include <glib/gi18n-lib.h>

static gboolean
running_from_build_tree (void)
{
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (KAKANAI_BUILD_LOCALEDIR);
  g_autofree char *build_prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);

  return program != NULL && g_str_has_prefix (program, build_prefix);
}

char *
kakanai_bundled_path (const char *relative)
{
  return g_build_filename (running_from_build_tree () ? KAKANAI_SOURCE_ASSETS : KAKANAI_DATADIR,
                           relative, NULL);
}

GStrv
kakanai_catalog_template_dirs (KakanaiConfig *config,
                               const char    *extra_dir)
{
  g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();
  const char * const *configured = kakanai_config_get_template_dirs (config);
  g_autofree char *bundled = kakanai_bundled_path ("forms");

  if (extra_dir != NULL)
    g_strv_builder_add (dirs, extra_dir);
  if (configured[0] != NULL)
    g_strv_builder_addv (dirs, (const char **) configured);
  else
    g_strv_builder_add (dirs, bundled);
  return g_strv_builder_end (dirs);
}

GPtrArray *
kakanai_catalog_load (KakanaiConfig *config,
                      const char    *extra_dir,
                      GError       **error)
{
  g_auto(GStrv) dirs = kakanai_catalog_template_dirs (config, extra_dir);
  g_autoptr(GPtrArray) catalog = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) templates = NULL;
      gboolean required = extra_dir != NULL && i == 0;

      if (!required && !g_file_test (dirs[i], G_FILE_TEST_IS_DIR))
        continue;
      templates = kakanai_template_load_dir (dirs[i], error);
      if (templates == NULL)
        return NULL;
      for (guint t = 0; t < templates->len; t++)
        {
          KakanaiTemplate *tpl = g_ptr_array_index (templates, t);
          if (g_hash_table_add (seen, (gpointer) kakanai_template_get_id (tpl)))
            g_ptr_array_add (catalog, kakanai_template_ref (tpl));
        }
    }
  return g_steal_pointer (&catalog);
}

KakanaiTemplate *
kakanai_catalog_find (GPtrArray  *catalog,
                      const char *id,
                      GError    **error)
{
  for (guint i = 0; i < catalog->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (catalog, i);
      if (g_str_equal (kakanai_template_get_id (tpl), id))
        return kakanai_template_ref (tpl);
    }
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
               _("No form with the id “%s” (see “kakanai forms list”)"), id);
  return NULL;
}
