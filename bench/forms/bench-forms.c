/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-forms.c: how fast one-page forms are filled and how big their PDFs are
 *
 * For each bundled template (or each template file given): layout + PDF of one filled
 * page, repeated, on one thread; then all of them as one document (what a resident who
 * asks for every form gets), per form.
 * Prints the time per form (layout alone and layout + PDF), the processor time of layout +
 * PDF (what the thread itself used, so other programs on a shared machine disturb it
 * less than the elapsed time), forms per second and the PDF size. The first rounds (fonts loaded, caches warm) are not counted: a kiosk fills many
 * forms in one process. See docs/benchmarks.md.
 */
#define G_LOG_DOMAIN "kakanai-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kakanai-forms.h>

#define WARM_UP_ROUNDS 5

typedef struct
{
  const char *key;
  const char *value;
} Entry;

/* The demo card and what a resident chooses at the kiosk: every field of the bundled
 * forms has a value, so the figures are for full forms. */
static const Entry demo_data[] = {
  { "card.name", "山口　花子" },
  { "card.address", "山口県山口市亀山町2番1号" },
  { "card.birth_date", "1980-01-01" },
  { "card.sex", "female" },
  { "applicant.name_kana", "ヤマグチ　ハナコ" },
  { "applicant.phone", "083-922-4111" },
  { "applicant.postal_code", "753-8650" },
  { "applicant.relationship", "self" },
  { "request.date", "2024-04-25" },
  { "request.purpose", "employment" },
  { "request.submit_to", "株式会社やまぐち商事" },
  { "request.kind", "household" },
  { "request.copies", "1" },
  { "request.copies.household", "1" },
  { "request.copies.income_tax", "1" },
  { "request.fiscal_year", "2024" },
  { "request.include_householder", "yes" },
  { "request.include_domicile", "no" },
  { "request.include_my_number", "no" },
  { "request.include_resident_code", "no" },
  { "request.seal_registration_number", "12345678" },
  { "request.identity_document", "mynumber_card" },
  { "office.name", "山口市" },
};

static KakanaiFormData *
demo_form_data (void)
{
  KakanaiFormData *data = kakanai_form_data_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (demo_data); i++)
    {
      g_autoptr(GError) error = NULL;
      if (!kakanai_form_data_set (data, demo_data[i].key, demo_data[i].value, &error))
        g_error ("%s: %s", demo_data[i].key, error->message);
    }
  return data;
}

/* One document of @n_templates filled forms: layout, and the PDF when @with_pdf. Returns
 * the PDF size (0 without). */
static gsize
fill_once (KakanaiTemplate **templates, guint n_templates, KakanaiFormData *data, gboolean with_pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = kakanai_layout_new (templates, n_templates, data, &error);
  g_autoptr(GBytes) pdf = NULL;

  if (layout == NULL)
    g_error ("layout: %s", error->message);
  if (!with_pdf)
    return 0;
  pdf = kakanai_pdf_render (layout, &error);
  if (pdf == NULL)
    g_error ("pdf: %s", error->message);
  return g_bytes_get_size (pdf);
}

static double
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

/* Microseconds per document over @rounds, after the warm-up: elapsed, and of the
 * thread's processor time in @cpu_us. */
static double
time_per_document (KakanaiTemplate **templates, guint n_templates, KakanaiFormData *data,
                   gboolean with_pdf, guint rounds, gsize *bytes, double *cpu_us)
{
  gint64 start;
  double cpu_start;

  for (guint i = 0; i < WARM_UP_ROUNDS; i++)
    *bytes = fill_once (templates, n_templates, data, with_pdf);
  start = g_get_monotonic_time ();
  cpu_start = thread_cpu_us ();
  for (guint i = 0; i < rounds; i++)
    *bytes = fill_once (templates, n_templates, data, with_pdf);
  *cpu_us = (thread_cpu_us () - cpu_start) / rounds;
  return (double) (g_get_monotonic_time () - start) / rounds;
}

/* A row of figures per form, for a document of @n_templates forms. */
static void
print_row (const char *name, KakanaiTemplate **templates, guint n_templates,
           KakanaiFormData *data, guint rounds)
{
  gsize bytes = 0;
  double layout_cpu_us, total_cpu_us;
  double layout_us = time_per_document (templates, n_templates, data, FALSE, rounds, &bytes,
                                        &layout_cpu_us) / n_templates;
  double total_us = time_per_document (templates, n_templates, data, TRUE, rounds, &bytes,
                                       &total_cpu_us) / n_templates;

  printf ("%-10s %10.3f %14.3f %8.3f %10.0f %12" G_GSIZE_FORMAT "\n", name, layout_us / 1000.0,
          total_us / 1000.0, total_cpu_us / n_templates / 1000.0, 1e6 / total_us, bytes / n_templates);
}

static GPtrArray *
load_files (char **paths, GError **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      KakanaiTemplate *tpl = kakanai_template_new_from_file (paths[i], error);
      if (tpl == NULL)
        return NULL;
      g_ptr_array_add (templates, tpl);
    }
  return g_steal_pointer (&templates);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_build_filename (KAKANAI_SOURCE_ASSETS, "forms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(KakanaiFormData) data = demo_form_data ();
  guint rounds = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 500;

  if (rounds == 0)
    {
      fprintf (stderr, "usage: bench-forms [ROUNDS [TEMPLATE.json...]]\n");
      return 2;
    }
  if (argc > 2)
    templates = load_files (argv + 2, &error);
  else
    templates = kakanai_template_load_dir (dir, &error);
  if (templates == NULL)
    {
      fprintf (stderr, "bench-forms: %s\n", error->message);
      return 1;
    }

  printf ("%-10s %10s %14s %8s %10s %12s\n", "form", "layout ms", "layout+pdf ms", "cpu ms",
          "forms/s", "bytes/form");
  for (guint i = 0; i < templates->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (templates, i);

      print_row (kakanai_template_get_id (tpl), &tpl, 1, data, rounds);
    }
  /* What a resident who asks for every form gets: one document, the font shared. */
  if (templates->len > 1)
    print_row ("together", (KakanaiTemplate **) templates->pdata, templates->len, data, rounds);
  return 0;
}
