/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-pdfme-import.c: the pdfme importer (kakanai_pdfme_import_new) on arbitrary bytes: a
 * pdfme template, its base PDF (a data URI) read by qpdf. What it converts must be a
 * template the model reads, and one on a blank page must validate and lay out. Errors are
 * expected; crashes, leaks and undefined behaviour are not. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kakanai-forms.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiPdfmeImport) import = NULL;
  const char * const *report;

  import = kakanai_pdfme_import_new ((const char *) data, size, "fuzz/pdfme.json", "fuzz", &error);
  if (import == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_FORMS_ERROR);
      return 0;
    }
  report = kakanai_pdfme_import_get_report (import);
  for (guint i = 0; report[i] != NULL; i++)
    g_assert (g_utf8_validate (report[i], -1, NULL));
  g_assert (kakanai_pdfme_import_get_n_pages (import) > 0);
  for (guint page = 0; page < kakanai_pdfme_import_get_n_pages (import); page++)
    {
      const char *json = kakanai_pdfme_import_get_json (import, page);
      g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new_from_data (json, -1, "fuzz/fuzz.json", &error);

      /* The importer writes only what the model reads. */
      g_assert_no_error (error);
      if (kakanai_pdfme_import_get_base_pdf (import) == NULL && kakanai_pdfme_import_get_n_files (import) == 0)
        {
          g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_data (json, -1, "fuzz/fuzz.json", &error);
          g_autoptr(KakanaiFormData) form_data = kakanai_form_data_new ();
          g_autoptr(KakanaiLayout) layout = NULL;

          /* On a blank page nothing depends on a file: it must validate. */
          g_assert_no_error (error);
          layout = kakanai_layout_new (&tpl, 1, form_data, &error);
          g_assert (layout != NULL || error != NULL);
          g_clear_error (&error);
        }
    }
  return 0;
}
