/* test-procedures.c: the bundled procedures, their languages and the forms they name;
 * every refusal names the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"

static GPtrArray *
bundled_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "assets", "forms", NULL);
  GPtrArray *templates = kakanai_template_load_dir (dir, &error);

  g_assert_no_error (error);
  return templates;
}

static void
test_bundled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = bundled_templates ();
  g_autofree char *dir = g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "assets", "procedures", NULL);
  g_autoptr(GPtrArray) procedures = kakanai_procedure_load_dir (dir, templates, &error);
  KakanaiProcedure *shomeisho, *tennyu;

  g_assert_no_error (error);
  g_assert_cmpuint (procedures->len, ==, 2);
  shomeisho = g_ptr_array_index (procedures, 0);
  tennyu = g_ptr_array_index (procedures, 1);
  g_assert_cmpstr (kakanai_procedure_get_id (shomeisho), ==, "shomeisho");
  g_assert_cmpint (kakanai_procedure_get_kind (shomeisho), ==, KAKANAI_PROCEDURE_CERTIFICATE);
  g_assert_cmpint (kakanai_procedure_get_kind (tennyu), ==, KAKANAI_PROCEDURE_LIFE_EVENT);
  g_assert_cmpstr (kakanai_procedure_get_title (tennyu, "en_US"), ==, "I moved here from another town");
  g_assert_cmpstr (kakanai_procedure_get_title (tennyu, "zh"), ==, "引っ越してきた（転入）");
  g_assert_cmpstr (kakanai_procedure_get_icon (tennyu), !=, "");
  g_assert_cmpstr (kakanai_procedure_get_description (shomeisho, "pt"), !=, kakanai_procedure_get_description (shomeisho, "ja"));
  g_assert_cmpstr (kakanai_procedure_get_forms (tennyu)[0], ==, "tennyu");
  g_assert_true (g_strv_contains (kakanai_procedure_get_forms (shomeisho), "inkan"));

  /* Every bundled form has its title in English too. */
  for (guint i = 0; i < templates->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (templates, i);
      g_assert_cmpstr (kakanai_template_get_title_for (tpl, "en"), !=, kakanai_template_get_title (tpl));
    }
}

static void
test_refused (void)
{
  static const struct { const char *json, *message; } cases[] = {
    { "{ \"format\": 1, \"id\": \"x\", \"kind\": \"holiday\", \"icon\": \"i\", \"title\": \"t\", \"forms\": [ \"juminhyo\" ] }", "“kind” must be one of life_event, certificate" },
    { "{ \"format\": 1, \"id\": \"x\", \"kind\": \"certificate\", \"icon\": \"i\", \"title\": \"t\", \"forms\": [] }", "“forms” must be an array" },
    { "{ \"format\": 1, \"id\": \"x\", \"kind\": \"certificate\", \"icon\": \"i\", \"title\": \"t\", \"forms\": [ \"nosuchform\" ] }", "there is no form “nosuchform”" },
    { "{ \"format\": 1, \"id\": \"x\", \"kind\": \"certificate\", \"title\": \"t\", \"forms\": [ \"inkan\" ] }", "missing member “icon”" },
    { "{ \"format\": 2 }", "procedure format 2 is not supported" },
    { "{ \"format\": 1, \"id\": \"x\", \"kind\": \"certificate\", \"icon\": \"i\", \"title\": { \"en\": \"t\" }, \"forms\": [ \"inkan\" ] }", "needs its Japanese text" },
  };
  g_autoptr(GPtrArray) templates = bundled_templates ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("kakanai-procedure-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
      g_autoptr(GPtrArray) procedures = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].json, -1, NULL));
      procedures = kakanai_procedure_load_dir (dir, templates, &error);
      g_assert_null (procedures);
      g_assert_nonnull (error);
      if (strstr (error->message, path) == NULL || strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” lacks “%s”", error->message, cases[i].message);
      g_unlink (path);
      g_rmdir (dir);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/procedures/bundled", test_bundled);
  g_test_add_func ("/forms/procedures/refused", test_refused);
  return g_test_run ();
}
