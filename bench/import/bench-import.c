/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-import.c: a template imported from pdfme, filled from pdfme's own inputs, in one
 * process: the counterpart of bench/pdfme/pdfme-original.mjs (docs/benchmarks.md, Imported
 * forms; bench/import/run-import.sh runs both).
 *
 *   bench-import TEMPLATE_DIR FORM INPUTS.json ROUNDS [OUT.pdf]
 *
 * FORM is the imported template's id (its other pages, FORM-2 …, are taken along). Each
 * round lays out and writes one PDF of every input (one copy of the form each), as pdfme's
 * generate() does; 5 rounds are not counted. Prints the mean and median ms per form and the
 * bytes of the PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include <kakanai-forms.h>

#define WARM_UP_ROUNDS 5

static GPtrArray *
load_pages (const char *dir, const char *form)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);

  for (guint page = 1;; page++)
    {
      g_autofree char *name = page == 1 ? g_strdup_printf ("%s.json", form) : g_strdup_printf ("%s-%u.json", form, page);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      KakanaiTemplate *tpl;

      if (page > 1 && !g_file_test (path, G_FILE_TEST_EXISTS))
        return templates;
      tpl = kakanai_template_new_from_file (path, &error);
      if (tpl == NULL)
        g_error ("%s", error->message);
      g_ptr_array_add (templates, tpl);
    }
}

/* pdfme's inputs as form data, one per document, as kakanai fill --data reads them. */
static GPtrArray *
form_data_of_inputs (const char *path, GPtrArray *templates)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *documents = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_form_data_free);
  JsonArray *inputs;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  inputs = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject *input = json_array_get_object_element (inputs, i);
      KakanaiFormData *data = kakanai_form_data_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, input);
      while (json_object_iter_next (&iter, &name, &node))
        {
          const char *key = NULL;
          char *value = kakanai_pdfme_input_value ((KakanaiTemplate **) templates->pdata, templates->len,
                                                   name, json_node_get_string (node), &key);

          if (value != NULL)
            kakanai_form_data_set (data, key, value, NULL);
          g_free (value);
        }
      g_ptr_array_add (documents, data);
    }
  return documents;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree double *times = NULL;
  double total = 0;
  int rounds;

  if (argc < 5)
    {
      fprintf (stderr, "usage: bench-import TEMPLATE_DIR FORM INPUTS.json ROUNDS [OUT.pdf]\n");
      return 2;
    }
  templates = load_pages (argv[1], argv[2]);
  documents = form_data_of_inputs (argv[3], templates);
  rounds = atoi (argv[4]);
  times = g_new0 (double, MAX (rounds, 1));
  for (int round = -WARM_UP_ROUNDS; round < rounds; round++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiLayout) layout = kakanai_layout_new_documents ((KakanaiTemplate **) templates->pdata, templates->len,
                                                                       (KakanaiFormData **) documents->pdata,
                                                                       documents->len, &error);

      if (layout == NULL)
        g_error ("%s", error->message);
      g_clear_pointer (&pdf, g_bytes_unref);
      pdf = kakanai_pdf_render (layout, &error);
      if (pdf == NULL)
        g_error ("%s", error->message);
      if (round >= 0)
        {
          times[round] = (g_get_monotonic_time () - start) / 1000.0 / documents->len;
          total += times[round];
        }
    }
  qsort (times, rounds, sizeof (double), compare_doubles);
  printf ("kakanai\t%.2f ms/form (median %.2f)\t%zu bytes\t%u forms\n", total / MAX (rounds, 1),
          rounds > 0 ? times[rounds / 2] : 0, g_bytes_get_size (pdf), documents->len);
  if (argc > 5 && !g_file_set_contents (argv[5], g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL))
    return 1;
  return 0;
}
