/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-forms.c: kakanai forms list|validate, kakanai fill, kakanai preview
 *
 * fill and preview take the same data options and share one path from options to a
 * layout (prepare_layout); they differ only in the renderer at the end.
 */
#define G_LOG_DOMAIN "kakanai-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kakanai-card.h>
#include <kakanai-forms.h>

#include "kakanai-card-fill.h"
#include "kakanai-catalog.h"
#include "kakanai-cli-card-source.h"
#include "kakanai-cli-input.h"
#include "kakanai-config.h"
#include "kakanai-cli-status.h"
#include "kakanai-cli.h"
#include "kakanai-input.h"

#define DEFAULT_PREVIEW_DPI 150.0
/* A PIN is 4 digits; a longer line is read (and refused by the card logic) but not kept. */
#define SECRET_LINE_MAX 64

/* --- Where templates are --- */

static gboolean
is_template_path (const char *form)
{
  return strchr (form, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (form, ".json");
}

/* Each --form is an id from the catalog or the path of a template file. */
static GPtrArray *
load_requested_templates (char **forms, const char *extra_dir, KakanaiConfig *config, GError **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  g_autoptr(GPtrArray) catalog = NULL;

  for (guint i = 0; forms[i] != NULL; i++)
    {
      KakanaiTemplate *tpl;

      if (is_template_path (forms[i]))
        tpl = kakanai_template_new_from_file (forms[i], error);
      else
        {
          if (catalog == NULL && (catalog = kakanai_catalog_load (config, extra_dir, error)) == NULL)
            return NULL;
          tpl = kakanai_catalog_find (catalog, forms[i], error);
        }
      if (tpl == NULL)
        return NULL;
      g_ptr_array_add (templates, tpl);
    }
  return g_steal_pointer (&templates);
}

/* --- Where procedures are --- */

/* The procedures folders beside @template_dirs (kakanai_procedure_dir_beside()) that
 * exist, each once. */
static GPtrArray *
procedure_dirs (const char * const *template_dirs)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; template_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = kakanai_procedure_dir_beside (template_dirs[i]);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR) && g_hash_table_add (seen, g_canonicalize_filename (dir, NULL)))
        g_ptr_array_add (dirs, g_steal_pointer (&dir));
    }
  return g_steal_pointer (&dirs);
}

/* The procedures beside the template folders, an id met again in a later folder left
 * out (as for templates); each must name forms of @catalog. */
static GPtrArray *
load_procedures (const char * const *template_dirs, GPtrArray *catalog, GError **error)
{
  g_autoptr(GPtrArray) dirs = procedure_dirs (template_dirs);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_procedure_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GPtrArray) procedures = kakanai_procedure_load_dir (g_ptr_array_index (dirs, i), catalog, error);

      if (procedures == NULL)
        return NULL;
      for (guint p = 0; p < procedures->len; p++)
        {
          KakanaiProcedure *procedure = g_ptr_array_index (procedures, p);
          if (g_hash_table_add (seen, (gpointer) kakanai_procedure_get_id (procedure)))
            g_ptr_array_add (all, kakanai_procedure_ref (procedure));
        }
    }
  return g_steal_pointer (&all);
}

/* --- kakanai forms list | validate | procedures --- */

static int
forms_list (const char *extra_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, &error);
  g_autoptr(GPtrArray) catalog = NULL;

  if (config == NULL)
    {
      fprintf (stderr, "kakanai forms list: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }
  catalog = kakanai_catalog_load (config, extra_dir, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "kakanai forms list: %s\n", error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  if (catalog->len == 0)
    {
      g_auto(GStrv) dirs = kakanai_catalog_template_dirs (config, extra_dir);
      g_autofree char *searched = g_strjoinv (", ", dirs);
      fprintf (stderr, _("kakanai forms list: no templates in %s\n"), searched);
    }
  for (guint i = 0; i < catalog->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (catalog, i);
      printf ("%s\t%s\t%s\n", kakanai_template_get_id (tpl), kakanai_template_get_title (tpl),
              kakanai_template_get_source (tpl));
    }
  return KAKANAI_CLI_STATUS_OK;
}

static gboolean
report_validated (const char *path, const GError *error)
{
  if (error != NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
    }
  printf ("%s: ok\n", path); /* not translated: scripts read it */
  return TRUE;
}

/* The templates of @path (a file or a folder) are added to @valid. */
static gboolean
validate_templates (const char *path, GPtrArray *valid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  KakanaiTemplate *tpl;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      templates = kakanai_template_load_dir (path, &error);
      for (guint i = 0; templates != NULL && i < templates->len; i++)
        g_ptr_array_add (valid, kakanai_template_ref (g_ptr_array_index (templates, i)));
    }
  else if ((tpl = kakanai_template_new_from_file (path, &error)) != NULL)
    g_ptr_array_add (valid, tpl);
  return report_validated (path, error);
}

/* The procedures beside the folders validated and beside the folders the CLI takes
 * templates from: each must name forms that exist among the valid templates and the
 * catalog. */
static gboolean
validate_procedures (char **paths, GPtrArray *valid, const char *extra_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, &error);
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GStrvBuilder) folders = g_strv_builder_new ();
  g_auto(GStrv) catalog_folders = NULL;
  g_auto(GStrv) all_folders = NULL;
  g_autoptr(GPtrArray) dirs = NULL;
  gboolean all_valid = TRUE;

  if (config == NULL)
    {
      fprintf (stderr, "kakanai forms validate: %s\n", error->message);
      return FALSE;
    }
  /* A broken catalog is reported; the procedures are still checked against the rest. */
  catalog = kakanai_catalog_load (config, extra_dir, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "kakanai forms validate: %s\n", error->message);
      all_valid = FALSE;
      g_clear_error (&error);
      catalog = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
    }
  for (guint i = 0; i < valid->len; i++)
    g_ptr_array_add (catalog, kakanai_template_ref (g_ptr_array_index (valid, i)));

  for (guint i = 0; paths[i] != NULL; i++)
    if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
      g_strv_builder_add (folders, paths[i]);
  catalog_folders = kakanai_catalog_template_dirs (config, extra_dir);
  g_strv_builder_addv (folders, (const char **) catalog_folders);
  all_folders = g_strv_builder_end (folders);
  dirs = procedure_dirs ((const char * const *) all_folders);
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *dir = g_ptr_array_index (dirs, i);
      g_autoptr(GPtrArray) procedures = kakanai_procedure_load_dir (dir, catalog, &error);

      all_valid &= report_validated (dir, error);
      g_clear_error (&error);
    }
  return all_valid;
}

/* The templates validated, as a kiosk offering them all would ask them: one key, one
 * question. */
static gboolean
validate_together (GPtrArray *valid)
{
  g_autoptr(GError) error = NULL;

  if (kakanai_questions_check_together ((KakanaiTemplate **) valid->pdata, valid->len, &error))
    return TRUE;
  fprintf (stderr, "kakanai forms validate: %s\n", error->message);
  return FALSE;
}

static int
forms_validate (char **paths, const char *extra_dir)
{
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  gboolean all_valid = TRUE;

  if (paths == NULL || paths[0] == NULL)
    {
      fprintf (stderr, "%s\n", _("kakanai forms validate: give at least one template file or folder"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    all_valid &= validate_templates (paths[i], valid);
  all_valid &= validate_together (valid);
  all_valid &= validate_procedures (paths, valid, extra_dir);
  return all_valid ? KAKANAI_CLI_STATUS_OK : KAKANAI_CLI_STATUS_TEMPLATE;
}

/* id, title for residents in @language, the forms: one procedure a line. */
static int
forms_procedures (const char *extra_dir, const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, &error);
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GPtrArray) procedures = NULL;
  g_auto(GStrv) dirs = NULL;

  if (config == NULL)
    {
      fprintf (stderr, "kakanai forms procedures: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }
  dirs = kakanai_catalog_template_dirs (config, extra_dir);
  catalog = kakanai_catalog_load (config, extra_dir, &error);
  if (catalog != NULL)
    procedures = load_procedures ((const char * const *) dirs, catalog, &error);
  if (procedures == NULL)
    {
      fprintf (stderr, "kakanai forms procedures: %s\n", error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  if (procedures->len == 0)
    {
      g_autofree char *searched = g_strjoinv (", ", dirs);
      fprintf (stderr, _("kakanai forms procedures: no procedures beside %s\n"), searched);
    }
  for (guint i = 0; i < procedures->len; i++)
    {
      KakanaiProcedure *procedure = g_ptr_array_index (procedures, i);
      g_autofree char *forms = g_strjoinv (",", (char **) kakanai_procedure_get_forms (procedure));

      printf ("%s\t%s\t%s\n", kakanai_procedure_get_id (procedure),
              kakanai_procedure_get_title (procedure, language), forms);
    }
  return KAKANAI_CLI_STATUS_OK;
}

/* --- kakanai forms normalize | questions --- */

/* Through the model and back: what an editor would save (a format-1 file comes out as
 * format 2). The result is validated before it is written. */
static int
forms_normalize (char **args, const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = NULL;

  if (args == NULL || args[0] == NULL || args[1] != NULL || output == NULL)
    {
      fprintf (stderr, "%s\n", _("Usage: kakanai forms normalize FILE -o OUT"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  model = kakanai_template_model_new_from_file (args[0], &error);
  if (model == NULL || !kakanai_template_model_validate (model, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  if (g_str_equal (output, "-"))
    {
      g_autofree char *json = kakanai_template_model_to_json (model);
      fputs (json, stdout);
      return KAKANAI_CLI_STATUS_OK;
    }
  if (!kakanai_template_model_save (model, output, &error))
    {
      fprintf (stderr, "kakanai forms normalize: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }
  return KAKANAI_CLI_STATUS_OK;
}

/* --- kakanai forms import-pdfme --- */

/* The id of an imported template: its file's name in a–z, 0–9, “_” and “-”. */
static char *
id_from_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  GString *id = g_string_new (NULL);

  if (dot != NULL && dot != base)
    *dot = '\0';
  for (const char *p = base; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '-' || c == '_')
        g_string_append_c (id, c);
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  if (id->len == 0)
    g_string_append (id, "imported");
  return g_string_free (id, FALSE);
}

static int
forms_import_pdfme (char **args, const char *output, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KakanaiPdfmeImport) import = NULL;
  g_autofree char *new_id = NULL;
  const char * const *report;

  if (args == NULL || args[0] == NULL || args[1] != NULL || output == NULL)
    {
      fprintf (stderr, "%s\n", _("Usage: kakanai forms import-pdfme TEMPLATE.json -o DIR [--id ID]"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  new_id = id != NULL ? g_strdup (id) : id_from_file_name (args[0]);
  bytes = kakanai_file_read_limited (args[0], 48u * 1024 * 1024, &error);
  if (bytes != NULL)
    import = kakanai_pdfme_import_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       args[0], new_id, &error);
  if (import == NULL)
    {
      fprintf (stderr, "kakanai forms import-pdfme: %s\n", error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  if (!kakanai_pdfme_import_write (import, output, &error))
    {
      fprintf (stderr, "kakanai forms import-pdfme: %s\n", error->message);
      return g_error_matches (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE)
               ? KAKANAI_CLI_STATUS_TEMPLATE : KAKANAI_CLI_STATUS_OUTPUT;
    }
  report = kakanai_pdfme_import_get_report (import);
  for (guint i = 0; report[i] != NULL; i++)
    fprintf (stderr, _("kakanai forms import-pdfme: not as in pdfme: %s\n"), report[i]);
  for (guint page = 0; page < kakanai_pdfme_import_get_n_pages (import); page++)
    {
      if (page == 0)
        printf ("%s/%s.json\n", output, new_id);
      else
        printf ("%s/%s-%u.json\n", output, new_id, page + 1);
    }
  return KAKANAI_CLI_STATUS_OK;
}

/* --- kakanai forms import-pdf, import-image --- */

/* Writes @source as @copy_name beside @output (a template's background or image must be in
 * its folder), then the template @json made over it, checked; prints the suggestions. */
static int
write_imported (const char *command,
                GBytes     *source,
                const char *copy_name,
                const char *json,
                const char *output,
                GPtrArray  *suggestions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = NULL;
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *copy = g_build_filename (dir, copy_name, NULL);

  if (!g_file_set_contents (copy, g_bytes_get_data (source, NULL), g_bytes_get_size (source), &error))
    {
      fprintf (stderr, "kakanai forms %s: %s\n", command, error->message);
      return KAKANAI_CLI_STATUS_OUTPUT;
    }
  model = kakanai_template_model_new_from_data (json, -1, output, &error);
  if (model == NULL || !kakanai_template_model_validate (model, &error))
    {
      fprintf (stderr, "kakanai forms %s: %s\n", command, error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  if (!kakanai_template_model_save (model, output, &error))
    {
      fprintf (stderr, "kakanai forms %s: %s\n", command, error->message);
      return KAKANAI_CLI_STATUS_OUTPUT;
    }
  for (guint i = 0; i < suggestions->len; i++)
    {
      const KakanaiPdfSuggestion *s = g_ptr_array_index (suggestions, i);
      printf ("%s\t%s\t%.1f %.1f %.1f × %.1f mm\n", s->key, s->label, s->x, s->y, s->width, s->height);
    }
  return KAKANAI_CLI_STATUS_OK;
}

/* A new template over page @page of @pdf_path, the PDF copied beside @output, with the
 * fields suggested from the page. */
static int
forms_import_pdf (char **args, const char *output, const char *id, int page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *new_id = NULL, *pdf_name = NULL, *json = NULL;
  double width, height;

  if (args == NULL || args[0] == NULL || args[1] != NULL || output == NULL || page < 1)
    {
      fprintf (stderr, "%s\n", _("Usage: kakanai forms import-pdf FORM.pdf [--page N] -o TEMPLATE.json [--id ID]"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  new_id = id != NULL ? g_strdup (id) : id_from_file_name (output);
  pdf = kakanai_file_read_limited (args[0], 32u * 1024 * 1024, &error);
  if (pdf != NULL)
    suggestions = kakanai_pdf_suggest_fields (pdf, (guint) page, &width, &height, &error);
  if (suggestions == NULL)
    {
      fprintf (stderr, "kakanai forms import-pdf: %s: %s\n", args[0], error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  pdf_name = g_strdup_printf ("%s.pdf", new_id);
  json = kakanai_pdf_suggested_template (suggestions, width, height, pdf_name, (guint) page, new_id);
  return write_imported ("import-pdf", pdf, pdf_name, json, output, suggestions);
}

/* A new template under the scanned image @args[0], copied beside @output, with the fields
 * its text suggests (read by OCR). */
static int
forms_import_image (char **args, const char *output, const char *id)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G' };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autofree char *new_id = NULL, *image_name = NULL, *base_name = NULL, *json = NULL;
  double width, height;
  gsize size;
  const guint8 *data;

  if (args == NULL || args[0] == NULL || args[1] != NULL || output == NULL)
    {
      fprintf (stderr, "%s\n", _("Usage: kakanai forms import-image SCAN.png|SCAN.jpg -o TEMPLATE.json [--id ID]"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  new_id = id != NULL ? g_strdup (id) : id_from_file_name (output);
  base_name = g_path_get_basename (args[0]);
  image = kakanai_file_read_limited (args[0], 32u * 1024 * 1024, &error);
  if (image != NULL)
    suggestions = kakanai_scan_suggest_fields (image, base_name, &width, &height, &error);
  if (suggestions == NULL)
    {
      fprintf (stderr, "kakanai forms import-image: %s: %s\n", args[0], error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  data = g_bytes_get_data (image, &size);
  image_name = g_strdup_printf ("%s.%s", new_id,
                                size >= 4 && memcmp (data, png_signature, 4) == 0 ? "png" : "jpg");
  json = kakanai_scan_suggested_template (suggestions, width, height, image_name, new_id);
  return write_imported ("import-image", image, image_name, json, output, suggestions);
}

static void
print_question (KakanaiQuestion *question, const char *prefix, const char *language)
{
  const char *when_key = NULL, *when_value = NULL;
  g_autofree char *options = g_strjoinv (",", (char **) kakanai_question_get_options (question));
  g_autofree char *condition = NULL;

  if (kakanai_question_get_condition (question, &when_key, &when_value))
    condition = when_value != NULL ? g_strdup_printf ("when %s=%s", when_key, when_value)
                                   : g_strdup_printf ("when %s", when_key);
  /* key, kind, required/optional, resident/clerk, options, condition, prompt: not
   * translated but the prompt, so that scripts can read it. */
  printf ("%s%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prefix, kakanai_question_get_key (question),
          kakanai_question_kind_to_string (kakanai_question_get_kind (question)),
          kakanai_question_is_required (question) ? "required" : "optional",
          kakanai_question_is_for_clerk (question) ? "clerk" : "resident",
          *options != '\0' ? options : "-", condition != NULL ? condition : "-",
          kakanai_question_get_prompt (question, language));
}

static int
forms_questions (char **forms, const char *extra_dir, const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiConfig) config = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) questions = NULL;

  if (forms == NULL || forms[0] == NULL)
    {
      fprintf (stderr, "%s\n", _("Usage: kakanai forms questions [--language LANG] FORM..."));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  config = kakanai_config_load_standard (NULL, &error);
  if (config == NULL)
    {
      fprintf (stderr, "kakanai forms questions: %s\n", error->message);
      return KAKANAI_CLI_STATUS_FAILURE;
    }
  templates = load_requested_templates (forms, extra_dir, config, &error);
  if (templates != NULL)
    questions = kakanai_questions_merge ((KakanaiTemplate **) templates->pdata, templates->len, &error);
  if (questions == NULL)
    {
      fprintf (stderr, "kakanai forms questions: %s\n", error->message);
      return KAKANAI_CLI_STATUS_TEMPLATE;
    }
  for (guint i = 0; i < questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (questions, i);
      GPtrArray *fields = kakanai_question_get_fields (question);
      g_autofree char *prefix = g_strdup_printf ("%s.N.", kakanai_question_get_key (question));

      print_question (question, "", language);
      for (guint j = 0; j < fields->len; j++)
        print_question (g_ptr_array_index (fields, j), prefix, language);
    }
  return KAKANAI_CLI_STATUS_OK;
}

static gboolean
parse_options (GOptionContext *context, int *argc, char ***argv, const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("kakanai %s", command);

  g_set_prgname (program); /* --help then says "kakanai fill", not "fill" */
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "kakanai %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

int
kakanai_cli_forms (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | validate PATH... | questions FORM... | procedures | normalize FILE -o OUT | import-pdfme TEMPLATE.json -o DIR | import-pdf FORM.pdf [--page N] -o TEMPLATE.json | import-image SCAN.png -o TEMPLATE.json"));
  g_autofree char *extra_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  g_autofree char *id = NULL;
  int page = 1;
  const GOptionEntry entries[] = {
    { "page", 0, 0, G_OPTION_ARG_INT, &page,
      N_("import-pdf: the page of the PDF (from 1; default 1)"), N_("N") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id,
      N_("import-pdfme, import-pdf, import-image: the new template's id (default: from the file's name)"), N_("ID") },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &extra_dir,
      N_("Also look for templates in DIR (before the configured or bundled ones)"), N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("normalize: write the template to OUT (“-”: standard output); import-pdfme: write the templates and their PDF into the folder OUT"), N_("OUT") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("questions: the prompts in LANG (ja, en, …; default ja); procedures: the titles in LANG (default: the current language)"), N_("LANG") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_summary (context, _("List the form templates and procedures, or check template files and the procedures beside them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, "forms"))
    return KAKANAI_CLI_STATUS_USAGE;

  if (argc == 2 && g_str_equal (argv[1], "list"))
    return forms_list (extra_dir);
  if (argc >= 2 && g_str_equal (argv[1], "validate"))
    return forms_validate (argv + 2, extra_dir);
  if (argc == 2 && g_str_equal (argv[1], "procedures"))
    return forms_procedures (extra_dir, language != NULL ? language : g_get_language_names ()[0]);
  if (argc >= 2 && g_str_equal (argv[1], "questions"))
    return forms_questions (argv + 2, extra_dir, language);
  if (argc >= 2 && g_str_equal (argv[1], "normalize"))
    return forms_normalize (argv + 2, output);
  if (argc >= 2 && g_str_equal (argv[1], "import-pdf"))
    return forms_import_pdf (argv + 2, output, id, page);
  if (argc >= 2 && g_str_equal (argv[1], "import-image"))
    return forms_import_image (argv + 2, output, id);
  if (argc >= 2 && g_str_equal (argv[1], "import-pdfme"))
    return forms_import_pdfme (argv + 2, output, id);

  fprintf (stderr, "%s\n", _("Usage: kakanai forms list [--templates DIR] | kakanai forms validate PATH... | kakanai forms questions FORM... | kakanai forms procedures [--language LANG] | kakanai forms normalize FILE -o OUT | kakanai forms import-pdfme TEMPLATE.json -o DIR | kakanai forms import-pdf FORM.pdf [--page N] -o TEMPLATE.json | kakanai forms import-image SCAN.png -o TEMPLATE.json"));
  return KAKANAI_CLI_STATUS_USAGE;
}

/* --- The data options shared by fill and preview --- */

typedef struct
{
  char **forms;
  char *card_profile;
  gboolean demo;
  char *reader;
  gboolean secret_from_stdin;
  gboolean allow_last_try;
  char **sets; /* KEY=VALUE; values may be personal: wiped when freed */
  char *data_source; /* --data: KEY=VALUE lines or JSON (pdfme's inputs too), from a file or "-" */
  char *templates;
  char *output;
} DataOptions;

static void
data_options_clear (DataOptions *options)
{
  g_clear_pointer (&options->forms, g_strfreev);
  g_clear_pointer (&options->card_profile, g_free);
  g_clear_pointer (&options->reader, g_free);
  g_clear_pointer (&options->sets, kakanai_secure_strfreev);
  g_clear_pointer (&options->data_source, g_free);
  g_clear_pointer (&options->templates, g_free);
  g_clear_pointer (&options->output, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DataOptions, data_options_clear)

static void
add_data_options (GOptionContext *context, DataOptions *options)
{
  const GOptionEntry entries[] = {
    { "form", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->forms,
      N_("Form to fill: an id (kakanai forms list) or a template file; repeat for several"), N_("ID") },
    { "card-profile", 0, 0, G_OPTION_ARG_FILENAME, &options->card_profile,
      N_("Read a simulated card built from this profile, in process"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options->demo,
      N_("Read the bundled demo card (山口　花子), in process"), NULL },
    { "reader", 0, 0, G_OPTION_ARG_STRING, &options->reader,
      N_("Use the PC/SC reader whose name contains TEXT"), N_("TEXT") },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &options->secret_from_stdin,
      N_("Read the 4-digit card PIN from the first line of standard input"), NULL },
    { "allow-last-try", 0, 0, G_OPTION_ARG_NONE, &options->allow_last_try,
      N_("Send the PIN even when only one try is left"), NULL },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->sets,
      N_("Set a data key (request.purpose=employment, office.name=…); repeat for several"), N_("KEY=VALUE") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &options->data_source,
      N_("Read values from FILE (“-”: standard input), out of sight of other users: KEY=VALUE lines as for --set, a JSON object of key → value, or pdfme's inputs (a JSON list, one object of name → value per copy of the form)"), N_("FILE") },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &options->templates,
      N_("Also look for templates in DIR (before the configured or bundled ones)"), N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("Write to FILE (“-” for standard output)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* @missing_output: the message when -o is missing, NULL when -o may be left out (fill
 * --print: the PDF goes to the printer from memory). */
static gboolean
check_data_options (const DataOptions *options, int argc, const char *missing_output, GError **error)
{
  /* --pin-stdin goes with any card; alone it means the first reader holding a card. */
  guint n_cards = (options->card_profile != NULL) + options->demo + (options->reader != NULL);

  if (argc > 1)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument"));
  else if (options->forms == NULL || options->forms[0] == NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Give at least one --form"));
  else if (options->output == NULL && missing_output != NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, missing_output);
  else if (n_cards > 1)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("Choose one card: --card-profile, --demo or --reader"));
  else if (options->secret_from_stdin && g_strcmp0 (options->data_source, "-") == 0)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--pin-stdin takes standard input: give --data a file (or /dev/fd/3)"));
  else if (options->reader != NULL && !options->secret_from_stdin)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("Reading a card in a reader needs --pin-stdin"));
  else
    return TRUE;
  return FALSE;
}

/* --- Reading the card --- */

/* The first line of standard input (the caller frees it with kakanai_secure_strfree()). */
static char *
read_secret_from_stdin (GError **error)
{
  char buffer[SECRET_LINE_MAX];
  char *line;

  if (!kakanai_cli_read_secret_line (STDIN_FILENO, buffer, sizeof buffer))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Standard input holds no line to read"));
      return NULL;
    }
  line = kakanai_secure_strdup (buffer);
  kakanai_wipe (buffer, sizeof buffer);
  return line;
}

/* A simulated card's profile names its own PIN ("pin"); tests and the demo use it when
 * no --pin-stdin is given. */
static char *
profile_secret (const char *profile_path, GError **error)
{
  g_autoptr(JsonParser) parser = kakanai_cli_load_json_file (profile_path, KAKANAI_CLI_PROFILE_MAX_BYTES, error);
  JsonNode *root;
  JsonObject *object;
  const char *value;

  if (parser == NULL)
    return NULL;
  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  value = object != NULL ? json_object_get_string_member_with_default (object, "pin", NULL) : NULL;
  if (value == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the profile has no “pin”; give it with --pin-stdin"), profile_path);
      return NULL;
    }
  return kakanai_secure_strdup (value);
}

static KakanaiCardRecord *
read_card_record (KakanaiTransport *transport, const char *secret, KakanaiReadFlags flags, GError **error)
{
  g_autoptr(KakanaiMyNumberCard) card = NULL;

  if (transport == NULL)
    return NULL;
  card = kakanai_mynumber_card_new (transport);
  return kakanai_mynumber_card_read (card, secret, flags, NULL, error);
}

static gboolean
templates_need_key (GPtrArray *templates, const char *key)
{
  for (guint i = 0; i < templates->len; i++)
    if (g_strv_contains (kakanai_template_get_field_keys (g_ptr_array_index (templates, i)), key))
      return TRUE;
  return FALSE;
}

/* The card the options name, or NULL with no error when they name none. */
static KakanaiCardRecord *
read_card (const DataOptions *options, GPtrArray *templates, GError **error)
{
  g_autofree char *profile = options->demo ? kakanai_bundled_path ("cards/demo.json")
                                          : g_strdup (options->card_profile);
  g_autoptr(KakanaiTransport) transport = NULL;
  KakanaiReadFlags flags = KAKANAI_READ_DEFAULT;
  KakanaiCardRecord *record;
  char *secret;

  if (profile == NULL && !options->secret_from_stdin)
    return NULL;
  if (options->allow_last_try)
    flags |= KAKANAI_READ_ALLOW_LAST_TRY;
  /* The My Number is read only when a chosen form has a place for it. */
  if (templates_need_key (templates, "card.my_number"))
    flags |= KAKANAI_READ_WITH_MY_NUMBER;

  secret = options->secret_from_stdin ? read_secret_from_stdin (error) : profile_secret (profile, error);
  if (secret == NULL)
    return NULL;
  transport = profile != NULL ? kakanai_cli_open_profile (profile, error)
                              : kakanai_cli_open_reader (options->reader, error);
  record = read_card_record (transport, secret, flags, error);
  kakanai_secure_strfree (secret);
  return record;
}

/* --- Form data --- */

static gboolean
apply_set_options (KakanaiFormData *data, char **sets, GError **error)
{
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      const char *equals = strchr (sets[i], '=');
      g_autofree char *key = NULL;

      if (equals == NULL || equals == sets[i])
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--set needs KEY=VALUE"));
          return FALSE;
        }
      key = g_strndup (sets[i], equals - sets[i]);
      if (!kakanai_form_data_set (data, key, equals + 1, error))
        return FALSE;
    }
  return TRUE;
}

/* The defaults (today, the configured municipality as the kiosk uses it), then --set.
 * Built before the card is read, so that a mistyped --set never costs a PIN try. */
static KakanaiFormData *
form_data_from_options (char **sets, KakanaiConfig *config, GError **error)
{
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();

  if (!kakanai_form_data_set_counter_defaults (data, kakanai_config_get_municipality (config), error)
      || !apply_set_options (data, sets, error))
    return NULL;
  return g_steal_pointer (&data);
}

/* A template's own key (form.…) given with --set must be one a chosen form asks. */
static gboolean
check_template_keys (char **sets, GPtrArray *templates, GError **error)
{
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      g_autofree char *key = g_strndup (sets[i], strcspn (sets[i], "="));
      gboolean asked = FALSE;

      if (!kakanai_form_data_is_template_key (key))
        continue;
      for (guint j = 0; j < templates->len && !asked; j++)
        asked = kakanai_template_has_key (g_ptr_array_index (templates, j), key);
      if (!asked)
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                       _("No chosen form asks for “%s” (see “kakanai forms questions”)"), key);
          return FALSE;
        }
    }
  return TRUE;
}

/* The card's values and the answers the chosen forms give once the card was read (the
 * card as the identity document: each question's "card_answer"), then --set once more:
 * what is typed wins over the card. */
static gboolean
add_card_under_options (KakanaiFormData *data, const KakanaiCardRecord *record, GPtrArray *questions,
                        char **sets, GError **error)
{
  if (!kakanai_form_data_add_card_record (data, record, error)
      || !kakanai_questions_add_card_answers (questions, data, error))
    return FALSE;
  return apply_set_options (data, sets, error);
}

/* --- From options to a layout, shared by fill and preview --- */

/* Card errors have their own statuses; a value the user gave (--set) is a usage error. */
static int
status_for_error (const GError *error)
{
  if (error->domain == KAKANAI_CARD_ERROR)
    return kakanai_cli_status_from_card_error (error);
  if (error->domain == G_OPTION_ERROR
      || g_error_matches (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY)
      || g_error_matches (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE))
    return KAKANAI_CLI_STATUS_USAGE;
  return KAKANAI_CLI_STATUS_FAILURE;
}

static int
report_error_with_status (const char *command, const GError *error, int status)
{
  fprintf (stderr, "kakanai %s: %s\n", command, error->message);
  return status;
}

static int
report_error (const char *command, const GError *error)
{
  return report_error_with_status (command, error, status_for_error (error));
}

typedef char **WipedStrv;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (WipedStrv, kakanai_secure_strfreev, NULL)

/* NAME=VALUE of pdfme's inputs as KEY=VALUE (kakanai_pdfme_input_value), or NULL. */
static char *
value_by_name (const char *pair, GPtrArray *templates)
{
  const char *equals = strchr (pair, '=');
  g_autofree char *name = g_strndup (pair, equals - pair);
  const char *key = NULL;
  char *value = kakanai_pdfme_input_value ((KakanaiTemplate **) templates->pdata, templates->len,
                                           name, equals + 1, &key);
  char *result;

  if (value == NULL)
    {
      if (key == NULL)
        fprintf (stderr, _("kakanai: no field of the chosen forms is named “%s”: its value is not used\n"), name);
      return NULL;
    }
  result = g_strconcat (key, "=", value, NULL);
  kakanai_secure_strfree (value);
  return result;
}

static void
wiped_strv_free (gpointer strv)
{
  kakanai_secure_strfreev (strv);
}

/* One KEY=VALUE list per document: --data's (pdfme's inputs are several documents), each
 * followed by --set's (which win, coming later). */
static GPtrArray *
collect_documents (const DataOptions *options, GPtrArray *templates, GError **error)
{
  g_autoptr(GPtrArray) from_file = NULL;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (wiped_strv_free);
  gboolean by_name = FALSE;

  if (options->data_source != NULL &&
      (from_file = kakanai_cli_read_documents (options->data_source, &by_name, error)) == NULL)
    return NULL;
  for (guint d = 0; d == 0 || (from_file != NULL && d < from_file->len); d++)
    {
      char **file_values = from_file != NULL ? g_ptr_array_index (from_file, d) : NULL;
      GPtrArray *all = g_ptr_array_new ();

      for (guint i = 0; file_values != NULL && file_values[i] != NULL; i++)
        {
          char *pair = by_name ? value_by_name (file_values[i], templates) : kakanai_secure_strdup (file_values[i]);

          if (pair != NULL)
            g_ptr_array_add (all, pair);
        }
      for (guint i = 0; options->sets != NULL && options->sets[i] != NULL; i++)
        g_ptr_array_add (all, kakanai_secure_strdup (options->sets[i]));
      g_ptr_array_add (all, NULL);
      g_ptr_array_add (documents, g_ptr_array_free (all, FALSE));
    }
  return g_steal_pointer (&documents);
}

static int
prepare_layout (const DataOptions *options, const char *command, KakanaiLayout **layout_out)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_form_data_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(KakanaiCardRecord) record = NULL;
  g_autoptr(KakanaiConfig) config = kakanai_config_load_standard (NULL, &error);

  if (config == NULL)
    return report_error_with_status (command, error, KAKANAI_CLI_STATUS_FAILURE);
  /* Whatever is wrong with a template (unknown key included) is a template error. */
  templates = load_requested_templates (options->forms, options->templates, config, &error);
  if (templates != NULL)
    questions = kakanai_questions_merge ((KakanaiTemplate **) templates->pdata, templates->len, &error);
  if (questions == NULL)
    return report_error_with_status (command, error, KAKANAI_CLI_STATUS_TEMPLATE);
  documents = collect_documents (options, templates, &error);
  if (documents == NULL)
    return report_error_with_status (command, error, KAKANAI_CLI_STATUS_USAGE);
  for (guint d = 0; d < documents->len; d++)
    {
      char **values = g_ptr_array_index (documents, d);
      KakanaiFormData *document = form_data_from_options (values, config, &error);

      if (document == NULL || !check_template_keys (values, templates, &error))
        {
          g_clear_pointer (&document, kakanai_form_data_free);
          return report_error (command, error);
        }
      g_ptr_array_add (data, document);
    }
  record = read_card (options, templates, &error);
  if (error != NULL)
    return report_error (command, error);
  for (guint d = 0; record != NULL && d < documents->len; d++)
    if (!add_card_under_options (g_ptr_array_index (data, d), record, questions,
                                 g_ptr_array_index (documents, d), &error))
      return report_error (command, error);
  *layout_out = kakanai_layout_new_documents ((KakanaiTemplate **) templates->pdata, templates->len,
                                              (KakanaiFormData **) data->pdata, data->len, &error);
  if (*layout_out == NULL)
    return report_error (command, error);
  return KAKANAI_CLI_STATUS_OK;
}

/* Problems go to the person at the terminal (stderr), never to a log: they may quote
 * a character of a name. */
static int
report_problems (KakanaiLayout *layout, const char *command)
{
  GPtrArray *problems = kakanai_layout_get_problems (layout);

  for (guint i = 0; i < problems->len; i++)
    {
      const KakanaiLayoutProblem *problem = g_ptr_array_index (problems, i);
      fprintf (stderr, "kakanai %s: %s: %s: %s\n", command, problem->template_id,
               problem->element_id, problem->message);
    }
  return problems->len > 0 ? KAKANAI_CLI_STATUS_FORM_PROBLEMS : KAKANAI_CLI_STATUS_OK;
}

/* "-" is standard output (a pipe: nothing is created); any other name gets a new private
 * file, complete or not at all (kakanai_output_write). */
static gboolean
write_output (const char *path, GBytes *contents, GError **error)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (contents, &size);

  if (!g_str_equal (path, "-"))
    return kakanai_output_write (path, contents, error);
  while (size > 0)
    {
      ssize_t written = write (STDOUT_FILENO, bytes, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int failure = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (failure),
                       _("Cannot write %s: %s"), _("standard output"), g_strerror (failure));
          return FALSE;
        }
      bytes += written;
      size -= written;
    }
  return TRUE;
}

static GOptionContext *
data_command_context (const char *summary, DataOptions *options)
{
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
    _("Without --card-profile, --demo or --pin-stdin no card is read: only --set values fill the forms.\n"
      "request.date defaults to today and office.name to the configured [kiosk] municipality\n"
      "(kakanai.conf, as the kiosk reads it: see kakanai(1)); a card read gives the questions\n"
      "that name a card answer (the identity document: mynumber_card) that answer unless --set gives one.\n"
      "Exit statuses: 0 ok, 2 usage, 10-19 the card could not be read (see kakanai card read --help),\n"
      "20 a template is broken or unknown, 21 a field overflows or a character cannot be drawn\n"
      "(the output is written all the same, the problems listed on stderr),\n"
      "22 the output file cannot be written (nothing is left at its name; a file there stays as it was).\n"
      "fill --print: 30 no such printer or no default printer, 31 CUPS does not answer,\n"
      "32 the printer stopped (the job waits in its queue), 33 the job was cancelled,\n"
      "34 any other printing failure."));
  add_data_options (context, options);
  return context;
}

/* --- Printing (fill --print) --- */

/* Sends @pdf from memory to @printer (NULL: CUPS's default destination) and follows the
 * job until it is printed; a printer that stops fails at once, the job left in its queue. */
static int
print_pdf (GBytes *pdf, const char *printer)
{
  g_autoptr(GError) error = NULL;
  int job_id = 0;

  if (!kakanai_printer_print_bytes_sync (printer, pdf, "kakanai", &job_id, &error))
    return report_error_with_status ("fill", error, kakanai_cli_status_from_printer_error (error));
  /* stderr: with -o - the PDF itself goes to stdout. */
  fprintf (stderr, _("kakanai fill: printed (job %d)\n"), job_id);
  return KAKANAI_CLI_STATUS_OK;
}

int
kakanai_cli_fill (int argc, char **argv)
{
  g_auto(DataOptions) options = { 0 };
  g_autoptr(GOptionContext) context = data_command_context (_("Fill forms from a card and write one PDF, or print it."), &options);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *printer = NULL;
  gboolean print = FALSE;
  int status;
  const GOptionEntry print_entries[] = {
    { "print", 0, 0, G_OPTION_ARG_NONE, &print,
      N_("Print without a dialog and wait until it is printed (no PDF file is written unless -o is given)"), NULL },
    { "printer", 0, 0, G_OPTION_ARG_STRING, &printer,
      N_("With --print: the CUPS queue (default: the configured printer, else CUPS's default)"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, print_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, "fill"))
    return KAKANAI_CLI_STATUS_USAGE;
  if (printer != NULL && !print)
    {
      fprintf (stderr, "%s\n", _("kakanai fill: --printer goes with --print"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  if (!check_data_options (&options, argc, print ? NULL : _("Give the output file with -o, or --print"), &error))
    return report_error ("fill", error);
  if (print && printer == NULL && !kakanai_cli_configured_printer (&printer, &error))
    return report_error ("fill", error);
  status = prepare_layout (&options, "fill", &layout);
  if (status != KAKANAI_CLI_STATUS_OK)
    return status;

  pdf = kakanai_pdf_render (layout, &error);
  if (pdf == NULL)
    return report_error ("fill", error);
  if (options.output != NULL && !write_output (options.output, pdf, &error))
    return report_error_with_status ("fill", error, KAKANAI_CLI_STATUS_OUTPUT);
  /* Problems first: the person at the terminal learns of them before the paper comes out. */
  status = report_problems (layout, "fill");
  if (print)
    {
      int print_status = print_pdf (pdf, printer);
      if (print_status != KAKANAI_CLI_STATUS_OK)
        return print_status;
    }
  return status;
}

int
kakanai_cli_preview (int argc, char **argv)
{
  g_auto(DataOptions) options = { 0 };
  g_autoptr(GOptionContext) context = data_command_context (_("Render one page of filled forms to PNG (the screen rendering)."), &options);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  double dpi = DEFAULT_PREVIEW_DPI;
  int page = 1;
  int status;
  const GOptionEntry preview_entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution (default 150)"), N_("N") },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("Page to render, from 1 (default 1)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, preview_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, "preview"))
    return KAKANAI_CLI_STATUS_USAGE;
  if (!check_data_options (&options, argc, _("Give the output file with -o"), &error))
    return report_error ("preview", error);
  if (dpi < 10 || dpi > 1200 || g_str_equal (options.output, "-"))
    {
      fprintf (stderr, "%s\n", _("kakanai preview: --dpi must be between 10 and 1200, and -o a file"));
      return KAKANAI_CLI_STATUS_USAGE;
    }
  status = prepare_layout (&options, "preview", &layout);
  if (status != KAKANAI_CLI_STATUS_OK)
    return status;
  if (page < 1 || (guint) page > kakanai_layout_get_n_pages (layout))
    {
      fprintf (stderr, _("kakanai preview: there are %u pages\n"), kakanai_layout_get_n_pages (layout));
      return KAKANAI_CLI_STATUS_USAGE;
    }

  if (!kakanai_png_render_page (layout, page - 1, dpi, options.output, &error))
    return report_error_with_status ("preview", error,
                                     g_error_matches (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO)
                                       ? KAKANAI_CLI_STATUS_OUTPUT : KAKANAI_CLI_STATUS_FAILURE);
  return report_problems (layout, "preview");
}
