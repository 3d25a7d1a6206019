/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-editor: kakanai-editor's page with 200 elements over a scanned background
 * (docs/benchmarks.md, Editor). Each step is what a drag's motion or a click does — a
 * command of the model, the page laid out again, the frame painted — timed from the
 * command to the end of the frame the frame clock paints (GdkFrameClock::after-paint).
 *   bench-editor [ELEMENTS] [STEPS] [BACKGROUND.pdf]   (needs a display: run-under-xvfb)
 * With a PDF, its first page is the background instead of the scan.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "kakanai-editor-canvas.h"
#include "kakanai-editor-document.h"

static guint frames;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  frames++;
}

/* Runs the main loop until one more frame has been painted. */
static void
wait_frame (void)
{
  guint seen = frames;

  while (frames == seen)
    g_main_context_iteration (NULL, TRUE);
}

/* An A4 scan at 150 dpi of a ruled form: the background a municipality's paper form gives. */
static char *
write_background (const char *dir)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1240, 1754);
  cairo_t *cr = cairo_create (surface);
  char *path = g_build_filename (dir, "scan.png", NULL);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 2);
  for (int y = 100; y < 1700; y += 60)
    {
      cairo_move_to (cr, 80, y);
      cairo_line_to (cr, 1160, y);
    }
  for (int x = 80; x <= 1160; x += 270)
    {
      cairo_move_to (cr, x, 100);
      cairo_line_to (cr, x, 1660);
    }
  cairo_stroke (cr);
  cairo_surface_write_to_png (surface, path);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

/* @n elements in a grid: fields with keys and labels, rectangles and lines, as forms have. */
static KakanaiTemplateModel *
make_model (const char *dir,
            guint       n,
            gboolean    pdf_background)
{
  /* The first element: the scan, or (with a PDF background) a frame round the page. */
  g_autoptr(GString) json = g_string_new (pdf_background
    ? "{\"format\": 2, \"id\": \"bench\", \"title\": \"bench\", \"page\": {\"size\": \"A4\", "
      "\"background\": {\"pdf\": \"background.pdf\", \"page\": 1}}, \"elements\": [\n"
      "{\"type\": \"rect\", \"x\": 5, \"y\": 5, \"width\": 200, \"height\": 287}"
    : "{\"format\": 2, \"id\": \"bench\", \"title\": \"bench\", "
      "\"page\": {\"size\": \"A4\"}, \"elements\": [\n"
      "{\"type\": \"image\", \"x\": 0, \"y\": 0, \"width\": 210, \"height\": 297, "
      "\"src\": \"scan.png\"}");
  static const char * const keys[] = { "card.name", "card.address", "card.birth_date", "applicant.phone" };
  g_autofree char *path = g_build_filename (dir, "bench.json", NULL);
  KakanaiTemplateModel *model;

  for (guint i = 1; i < n; i++)
    {
      double x = 12 + (i % 6) * 31, y = 16 + (i / 6) * 8;

      switch (i % 4)
        {
        case 0:
          g_string_append_printf (json, ",\n{\"type\": \"text\", \"x\": %g, \"y\": %g, \"width\": 28, \"height\": 6, "
                                  "\"text\": \"項目%u\", \"font\": \"gothic\", \"size\": 9}", x, y, i);
          break;
        case 1:
          g_string_append_printf (json, ",\n{\"type\": \"field\", \"key\": \"%s\", \"x\": %g, \"y\": %g, "
                                  "\"width\": 28, \"height\": 6, \"size\": 10}", keys[i / 4 % 4], x, y);
          break;
        case 2:
          g_string_append_printf (json, ",\n{\"type\": \"rect\", \"x\": %g, \"y\": %g, \"width\": 28, \"height\": 6}",
                                  x, y);
          break;
        default:
          g_string_append_printf (json, ",\n{\"type\": \"line\", \"x1\": %g, \"y1\": %g, \"x2\": %g, \"y2\": %g}",
                                  x, y + 7, x + 28, y + 7);
          break;
        }
    }
  g_string_append (json, "\n]}\n");
  g_file_set_contents (path, json->str, -1, NULL);
  model = kakanai_template_model_new_from_file (path, NULL);
  g_assert (model != NULL && kakanai_template_model_validate (model, NULL));
  return model;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_double);
  g_print ("%-44s median %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%u steps)\n", what,
           g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, ms->len * 95 / 100),
           g_array_index (ms, double, ms->len - 1), ms->len);
}

typedef void (*Step) (KakanaiEditorCanvas *canvas, guint i);

static void
step_drag_one (KakanaiEditorCanvas *canvas, guint i)
{
  kakanai_editor_canvas_move_by (canvas, i % 2 ? 0.5 : -0.5, 0.25);
}

static void
step_select (KakanaiEditorCanvas *canvas, guint i)
{
  guint index = 1 + i % 199;
  kakanai_editor_canvas_select (canvas, &index, 1);
}

/* The command and the layout pass alone, no frame: what the drag costs before painting. */
static void
measure_layout (const char *what, KakanaiEditorCanvas *canvas, guint steps)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < steps; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      step_drag_one (canvas, i);
      kakanai_editor_canvas_get_layout (canvas);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  report (what, ms);
}

static void
measure (const char *what, KakanaiEditorCanvas *canvas, Step step, guint steps)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < steps; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      step (canvas, i);
      gtk_widget_queue_draw (GTK_WIDGET (canvas));
      wait_frame ();
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  report (what, ms);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200;
  guint steps = argc > 2 ? (guint) atoi (argv[2]) : 100;
  g_autofree char *dir = g_dir_make_tmp ("bench-editor-XXXXXX", NULL);
  g_autofree char *background = NULL;
  g_autoptr(KakanaiTemplateModel) model = NULL;
  g_autoptr(KakanaiEditorDocument) document = NULL;
  GtkWidget *window, *canvas;
  g_autoptr(GArray) selection = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_init ();
  if (argc > 3)
    {
      g_autofree char *contents = NULL;
      gsize length;

      background = g_build_filename (dir, "background.pdf", NULL);
      if (!g_file_get_contents (argv[3], &contents, &length, NULL)
          || !g_file_set_contents (background, contents, length, NULL))
        g_error ("cannot copy %s", argv[3]);
    }
  else
    background = write_background (dir);
  model = make_model (dir, n, argc > 3);
  document = kakanai_editor_document_new_for_model (model, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  canvas = kakanai_editor_canvas_new ();
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  kakanai_editor_canvas_set_document (KAKANAI_EDITOR_CANVAS (canvas), document);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (canvas);
  wait_frame ();
  g_print ("%u elements (%s under them), %.1f px/mm, %s renderer\n", n,
           argc > 3 ? "a PDF page" : "a full-page 150 dpi scan",
           kakanai_editor_canvas_get_px_per_mm (KAKANAI_EDITOR_CANVAS (canvas)),
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default");

  measure ("select an element (overlay only)", KAKANAI_EDITOR_CANVAS (canvas), step_select, steps);
  {
    guint index = 5;
    kakanai_editor_canvas_select (KAKANAI_EDITOR_CANVAS (canvas), &index, 1);
  }
  measure_layout ("drag one element: command + layout, no frame", KAKANAI_EDITOR_CANVAS (canvas), steps);
  measure ("drag one element: command → frame", KAKANAI_EDITOR_CANVAS (canvas), step_drag_one, steps);
  for (guint i = 1; i <= 20; i++)
    g_array_append_val (selection, i);
  kakanai_editor_canvas_select (KAKANAI_EDITOR_CANVAS (canvas), (guint *) selection->data, selection->len);
  measure ("drag 20 selected elements: command → frame", KAKANAI_EDITOR_CANVAS (canvas), step_drag_one, steps);
  kakanai_editor_canvas_set_px_per_mm (KAKANAI_EDITOR_CANVAS (canvas), 8);
  wait_frame ();
  measure ("drag 20 elements at 8 px/mm (about 200%)", KAKANAI_EDITOR_CANVAS (canvas), step_drag_one, steps);

  gtk_window_destroy (GTK_WINDOW (window));
  g_autofree char *json = g_build_filename (dir, "bench.json", NULL);
  g_unlink (json);
  g_unlink (background);
  g_rmdir (dir);
  return 0;
}
