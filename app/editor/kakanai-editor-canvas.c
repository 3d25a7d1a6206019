/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-canvas.c: the page being edited */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-canvas.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kakanai-page-view.h"

#define RULER_PX 22
#define PAGE_MARGIN_PX 24
#define HANDLE_PX 8.0
#define SNAP_PX 6.0
/* Thin lines are hard to hit: the pointer may be this far off, in pixels. */
#define HIT_TOLERANCE_PX 4.0
#define DEFAULT_PX_PER_MM 3.0

typedef enum {
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_RUBBER,
} DragMode;

typedef enum {
  SHAPE_BOX,      /* x, y, width, height */
  SHAPE_SQUARE,   /* x, y, size (a QR code) */
  SHAPE_LINE,     /* x1, y1, x2, y2 */
  SHAPE_CIRCLE,   /* cx, cy, r */
  SHAPE_FIXED,    /* moved only (a choice field placed by its options) */
} Shape;

/* Handles: 0 nw, 1 n, 2 ne, 3 e, 4 se, 5 s, 6 sw, 7 w; a line's ends are 0 and 4. */
#define N_HANDLES 8

struct _KakanaiEditorCanvas {
  GtkWidget              parent_instance;

  GtkWidget             *grid;
  GtkWidget             *hruler;
  GtkWidget             *vruler;
  GtkWidget             *scroller;
  KakanaiPageView       *page_view;

  KakanaiEditorDocument *document;
  KakanaiTemplateModel  *model;        /* the document's */
  KakanaiTemplate       *shown;        /* the snapshot laid out, a reference */
  KakanaiLayout         *layout;
  KakanaiFormData       *fill_data;    /* borrowed; NULL: an empty form */
  KakanaiFormData       *empty_data;
  guint                  relayout_source;

  GArray                *selection;    /* guint, ascending */
  GArray                *marked;       /* guint */
  char                  *tool;
  gboolean               show_grid;
  gboolean               snap;
  double                 grid_mm;

  /* the drag under way */
  DragMode               drag;
  double                 start_x, start_y;      /* mm */
  double                 pointer_x, pointer_y;  /* mm, for the rulers; < 0 when outside */
  double                 applied_dx, applied_dy;
  KakanaiBounds          start_bounds;          /* the selection's, or the element's */
  double                 start_geometry[4];
  int                    handle;
  GArray                *snap_x, *snap_y;       /* double: edges and centres to snap to */
  GArray                *ruled_x, *ruled_y;     /* double: the page's ruled lines, mm */
  KakanaiLayout         *ruled_layout;          /* the layout they were found in */
  double                 guide_x, guide_y;      /* a snapped line to show, or NAN */

  /* a suggested field to show (a new form's suggestions): its box, and its label's */
  gboolean               has_highlight, has_highlight_label;
  KakanaiBounds          highlight, highlight_label;
};

G_DEFINE_FINAL_TYPE (KakanaiEditorCanvas, kakanai_editor_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TOOL,
  PROP_SHOW_GRID,
  PROP_SNAP,
  PROP_GRID_MM,
  PROP_PX_PER_MM,
  N_PROPS
};

enum {
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static double
ppm (KakanaiEditorCanvas *self)
{
  return kakanai_page_view_get_px_per_mm (self->page_view);
}

static double
tidy (double mm)
{
  return round (mm * 10) / 10;
}

/* ---- the model's elements ---- */

static guint
n_elements (KakanaiEditorCanvas *self)
{
  return self->model != NULL ? kakanai_template_model_get_n_items (self->model, KAKANAI_MODEL_LIST_ELEMENTS) : 0;
}

static Shape
element_shape (KakanaiEditorCanvas *self,
               guint                index)
{
  const char *type = kakanai_template_model_get_element_type (self->model, index);

  if (g_strcmp0 (type, "line") == 0)
    return SHAPE_LINE;
  if (g_strcmp0 (type, "circle") == 0)
    return SHAPE_CIRCLE;
  if (g_strcmp0 (type, "qr") == 0)
    return SHAPE_SQUARE;
  if (kakanai_template_model_element_has_member (self->model, index, "width"))
    return SHAPE_BOX;
  return SHAPE_FIXED;
}

static const char * const *
shape_members (Shape shape)
{
  static const char * const box[] = { "x", "y", "width", "height", NULL };
  static const char * const square[] = { "x", "y", "size", NULL };
  static const char * const line[] = { "x1", "y1", "x2", "y2", NULL };
  static const char * const circle[] = { "cx", "cy", "r", NULL };
  static const char * const none[] = { NULL };

  switch (shape)
    {
    case SHAPE_BOX: return box;
    case SHAPE_SQUARE: return square;
    case SHAPE_LINE: return line;
    case SHAPE_CIRCLE: return circle;
    case SHAPE_FIXED: default: return none;
    }
}

static double
get_number (KakanaiEditorCanvas *self,
            guint                index,
            const char          *member)
{
  g_autoptr(JsonNode) node = kakanai_template_model_dup_element_member (self->model, index, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0;
}

static void
set_number (KakanaiEditorCanvas *self,
            guint                index,
            const char          *member,
            double               value)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), tidy (value));
  g_autoptr(GError) error = NULL;

  if (!kakanai_template_model_set_item_member (self->model, KAKANAI_MODEL_LIST_ELEMENTS, index,
                                               member, node, &error))
    g_warning ("%s", error->message);
}

static gboolean
union_bounds (KakanaiEditorCanvas *self,
              GArray              *indices,
              KakanaiBounds       *out)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  gboolean any = FALSE;

  for (guint i = 0; i < indices->len; i++)
    {
      KakanaiBounds b;

      if (!kakanai_template_model_get_element_bounds (self->model, g_array_index (indices, guint, i), &b))
        continue;
      x0 = MIN (x0, b.x);
      y0 = MIN (y0, b.y);
      x1 = MAX (x1, b.x + b.width);
      y1 = MAX (y1, b.y + b.height);
      any = TRUE;
    }
  if (any)
    *out = (KakanaiBounds) { x0, y0, x1 - x0, y1 - y0 };
  return any;
}

static gboolean
is_selected (KakanaiEditorCanvas *self,
             guint                index)
{
  for (guint i = 0; i < self->selection->len; i++)
    if (g_array_index (self->selection, guint, i) == index)
      return TRUE;
  return FALSE;
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
selection_changed (KakanaiEditorCanvas *self)
{
  g_array_sort (self->selection, compare_uint);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

void
kakanai_editor_canvas_select (KakanaiEditorCanvas *self,
                              const guint         *indices,
                              guint                n_indices)
{
  g_array_set_size (self->selection, 0);
  for (guint i = 0; i < n_indices; i++)
    if (indices[i] < n_elements (self) && !is_selected (self, indices[i]))
      g_array_append_val (self->selection, indices[i]);
  selection_changed (self);
}

void
kakanai_editor_canvas_select_all (KakanaiEditorCanvas *self)
{
  g_array_set_size (self->selection, 0);
  for (guint i = 0; i < n_elements (self); i++)
    g_array_append_val (self->selection, i);
  selection_changed (self);
}

GArray *
kakanai_editor_canvas_get_selection (KakanaiEditorCanvas *self)
{
  return self->selection;
}

/* ---- layout ---- */

static gboolean
relayout (gpointer data)
{
  KakanaiEditorCanvas *self = data;
  KakanaiTemplate *snapshot;
  KakanaiLayout *layout = NULL;
  g_autoptr(GError) error = NULL;

  self->relayout_source = 0;
  snapshot = self->model != NULL ? kakanai_template_model_get_snapshot (self->model, NULL) : NULL;
  /* An invalid model keeps the last page it laid out: the outlines show the model. */
  if (snapshot != NULL)
    {
      layout = kakanai_layout_new (&snapshot, 1, self->fill_data != NULL ? self->fill_data : self->empty_data,
                                   &error);
      if (layout == NULL)
        g_warning ("%s", error->message);
    }
  if (layout != NULL || self->model == NULL)
    {
      kakanai_page_view_set_layout (self->page_view, layout);
      g_clear_pointer (&self->layout, kakanai_layout_free);
      g_clear_pointer (&self->shown, kakanai_template_unref);
      self->layout = layout;
      self->ruled_layout = NULL;
      self->shown = layout != NULL ? kakanai_template_ref (snapshot) : NULL;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
  gtk_widget_queue_draw (self->hruler);
  gtk_widget_queue_draw (self->vruler);
  g_signal_emit (self, signals[SIGNAL_LAYOUT_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Several changes in one frame (a drag's motion, an undo of a group) are laid out once,
 * just before the frame is drawn. */
static void
queue_relayout (KakanaiEditorCanvas *self)
{
  if (self->relayout_source == 0)
    self->relayout_source = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, relayout, self, NULL);
}

static void
on_model_changed (KakanaiTemplateModel *model,
                  KakanaiEditorCanvas  *self)
{
  guint n = n_elements (self);
  guint kept = 0;

  for (guint i = 0; i < self->selection->len; i++)
    if (g_array_index (self->selection, guint, i) < n)
      g_array_index (self->selection, guint, kept++) = g_array_index (self->selection, guint, i);
  if (kept != self->selection->len)
    {
      g_array_set_size (self->selection, kept);
      selection_changed (self);
    }
  queue_relayout (self);
}

KakanaiLayout *
kakanai_editor_canvas_get_layout (KakanaiEditorCanvas *self)
{
  if (self->relayout_source != 0)
    {
      g_clear_handle_id (&self->relayout_source, g_source_remove);
      relayout (self);
    }
  return self->layout;
}

void
kakanai_editor_canvas_set_fill_data (KakanaiEditorCanvas *self,
                                     KakanaiFormData     *data)
{
  self->fill_data = data;
  queue_relayout (self);
}

void
kakanai_editor_canvas_set_marked (KakanaiEditorCanvas *self,
                                  GArray              *marked)
{
  g_array_set_size (self->marked, 0);
  if (marked != NULL)
    g_array_append_vals (self->marked, marked->data, marked->len);
  gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
}

void
kakanai_editor_canvas_set_document (KakanaiEditorCanvas   *self,
                                    KakanaiEditorDocument *document)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->document, document);
  self->model = document != NULL ? kakanai_editor_document_get_model (document) : NULL;
  if (self->model != NULL)
    g_signal_connect (self->model, "changed", G_CALLBACK (on_model_changed), self);
  g_array_set_size (self->selection, 0);
  g_array_set_size (self->marked, 0);
  g_clear_handle_id (&self->relayout_source, g_source_remove);
  kakanai_page_view_set_layout (self->page_view, NULL);
  g_clear_pointer (&self->layout, kakanai_layout_free);
  g_clear_pointer (&self->shown, kakanai_template_unref);
  relayout (self);
  selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

KakanaiEditorDocument *
kakanai_editor_canvas_get_document (KakanaiEditorCanvas *self)
{
  return self->document;
}

/* ---- drawing over the page ---- */

static void
handle_position (KakanaiEditorCanvas *self,
                 guint                index,
                 int                  handle,
                 double              *x,
                 double              *y)
{
  KakanaiBounds b = { 0 };
  double fx[N_HANDLES] = { 0, 0.5, 1, 1, 1, 0.5, 0, 0 };
  double fy[N_HANDLES] = { 0, 0, 0, 0.5, 1, 1, 1, 0.5 };

  if (element_shape (self, index) == SHAPE_LINE)
    {
      *x = get_number (self, index, handle == 0 ? "x1" : "x2");
      *y = get_number (self, index, handle == 0 ? "y1" : "y2");
      return;
    }
  kakanai_template_model_get_element_bounds (self->model, index, &b);
  *x = b.x + fx[handle] * b.width;
  *y = b.y + fy[handle] * b.height;
}

static gboolean
has_handle (KakanaiEditorCanvas *self,
            guint                index,
            int                  handle)
{
  switch (element_shape (self, index))
    {
    case SHAPE_BOX: return TRUE;
    case SHAPE_LINE: return handle == 0 || handle == 4;
    case SHAPE_SQUARE:
    case SHAPE_CIRCLE: return handle == 4;
    case SHAPE_FIXED: default: return FALSE;
    }
}

static void
draw_grid (KakanaiEditorCanvas *self,
           cairo_t             *cr,
           double               scale,
           double               width_mm,
           double               height_mm)
{
  double step = self->grid_mm;

  while (step * scale < 6)
    step *= 2;
  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.9, 0.15);
  cairo_set_line_width (cr, 1);
  for (double x = step; x < width_mm; x += step)
    {
      cairo_move_to (cr, round (x * scale) + 0.5, 0);
      cairo_line_to (cr, round (x * scale) + 0.5, height_mm * scale);
    }
  for (double y = step; y < height_mm; y += step)
    {
      cairo_move_to (cr, 0, round (y * scale) + 0.5);
      cairo_line_to (cr, width_mm * scale, round (y * scale) + 0.5);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static gboolean
is_marked (KakanaiEditorCanvas *self,
           guint                index)
{
  for (guint i = 0; i < self->marked->len; i++)
    if (g_array_index (self->marked, guint, i) == index)
      return TRUE;
  return FALSE;
}

static void
draw_outlines (KakanaiEditorCanvas *self,
               cairo_t             *cr,
               double               scale)
{
  static const double dash[] = { 3, 2 };
  guint n = n_elements (self);

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  for (guint i = 0; i < n; i++)
    {
      KakanaiBounds b;
      const char *type = kakanai_template_model_get_element_type (self->model, i);
      gboolean field = g_strcmp0 (type, "field") == 0;

      if (!kakanai_template_model_get_element_bounds (self->model, i, &b))
        continue;
      cairo_rectangle (cr, round (b.x * scale) + 0.5, round (b.y * scale) + 0.5,
                       MAX (1, round (b.width * scale)), MAX (1, round (b.height * scale)));
      if (is_marked (self, i))
        {
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.9);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1);
        }
      else
        {
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          if (field)
            cairo_set_source_rgba (cr, 0.1, 0.45, 0.85, 0.7);
          else
            cairo_set_source_rgba (cr, 0.4, 0.4, 0.4, 0.35);
          cairo_stroke (cr);
        }
      /* A field prints nothing until it is filled: its key says what it is. */
      if (field && b.height * scale >= 10 && self->fill_data == NULL)
        {
          g_autoptr(JsonNode) key = kakanai_template_model_dup_element_member (self->model, i, "key");

          if (key != NULL && JSON_NODE_HOLDS_VALUE (key))
            {
              cairo_save (cr);
              cairo_rectangle (cr, b.x * scale, b.y * scale, b.width * scale, b.height * scale);
              cairo_clip (cr);
              cairo_set_source_rgba (cr, 0.1, 0.35, 0.75, 0.8);
              cairo_move_to (cr, b.x * scale + 2, b.y * scale + 9);
              cairo_show_text (cr, json_node_get_string (key));
              cairo_restore (cr);
            }
        }
    }
  cairo_restore (cr);
}

static void
draw_selection (KakanaiEditorCanvas *self,
                cairo_t             *cr,
                double               scale)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.1, 0.4, 0.95);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < self->selection->len; i++)
    {
      guint index = g_array_index (self->selection, guint, i);
      KakanaiBounds b;

      if (!kakanai_template_model_get_element_bounds (self->model, index, &b))
        continue;
      cairo_rectangle (cr, b.x * scale - 1, b.y * scale - 1, b.width * scale + 2, b.height * scale + 2);
      cairo_stroke (cr);
    }
  if (self->selection->len == 1)
    {
      guint index = g_array_index (self->selection, guint, 0);

      for (int h = 0; h < N_HANDLES; h++)
        {
          double x, y;

          if (!has_handle (self, index, h))
            continue;
          handle_position (self, index, h, &x, &y);
          cairo_rectangle (cr, x * scale - HANDLE_PX / 2, y * scale - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.1, 0.4, 0.95);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* A suggestion: its box filled and outlined in orange, dashed, its label underlined, so it
 * stands apart from the elements and the selection (blue). */
static void
draw_highlight (KakanaiEditorCanvas *self,
                cairo_t             *cr,
                double               scale)
{
  const KakanaiBounds *b = &self->highlight;
  static const double dash[] = { 4, 3 };

  cairo_save (cr);
  cairo_rectangle (cr, b->x * scale, b->y * scale, b->width * scale, b->height * scale);
  cairo_set_source_rgba (cr, 1.0, 0.55, 0.0, 0.22);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.85, 0.35, 0.0);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  if (self->has_highlight_label)
    {
      const KakanaiBounds *l = &self->highlight_label;

      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, l->x * scale, (l->y + l->height) * scale + 2);
      cairo_line_to (cr, (l->x + l->width) * scale, (l->y + l->height) * scale + 2);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
kakanai_editor_canvas_set_highlight (KakanaiEditorCanvas *self,
                                     const KakanaiBounds *box,
                                     const KakanaiBounds *label)
{
  g_return_if_fail (KAKANAI_IS_EDITOR_CANVAS (self));
  self->has_highlight = box != NULL;
  self->has_highlight_label = box != NULL && label != NULL;
  if (box != NULL)
    self->highlight = *box;
  if (label != NULL)
    self->highlight_label = *label;
  gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
}

static void
on_draw_overlay (KakanaiPageView     *view,
                 cairo_t             *cr,
                 double               scale,
                 KakanaiEditorCanvas *self)
{
  double width_mm, height_mm;

  if (self->model == NULL)
    return;
  kakanai_page_view_get_page_size (view, &width_mm, &height_mm);
  if (self->show_grid)
    draw_grid (self, cr, scale, width_mm, height_mm);
  draw_outlines (self, cr, scale);
  draw_selection (self, cr, scale);
  if (self->has_highlight)
    draw_highlight (self, cr, scale);
  if (self->drag == DRAG_RUBBER)
    {
      double x0 = MIN (self->start_x, self->pointer_x), y0 = MIN (self->start_y, self->pointer_y);

      cairo_rectangle (cr, x0 * scale, y0 * scale, fabs (self->pointer_x - self->start_x) * scale,
                       fabs (self->pointer_y - self->start_y) * scale);
      cairo_set_source_rgba (cr, 0.1, 0.4, 0.95, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.1, 0.4, 0.95, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  if (self->drag == DRAG_MOVE || self->drag == DRAG_RESIZE)
    {
      cairo_set_source_rgba (cr, 0.9, 0.1, 0.6, 0.8);
      cairo_set_line_width (cr, 1);
      if (!isnan (self->guide_x))
        {
          cairo_move_to (cr, round (self->guide_x * scale) + 0.5, 0);
          cairo_line_to (cr, round (self->guide_x * scale) + 0.5, height_mm * scale);
        }
      if (!isnan (self->guide_y))
        {
          cairo_move_to (cr, 0, round (self->guide_y * scale) + 0.5);
          cairo_line_to (cr, width_mm * scale, round (self->guide_y * scale) + 0.5);
        }
      cairo_stroke (cr);
    }
}

/* ---- rulers ---- */

static void
draw_ruler (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  KakanaiEditorCanvas *self = data;
  gboolean horizontal = GTK_WIDGET (area) == self->hruler;
  double origin_x = 0, origin_y = 0;
  double scale = ppm (self);
  double length = horizontal ? width : height;
  double thickness = horizontal ? height : width;
  double origin, pointer;
  int step = scale >= 4 ? 1 : scale >= 1.5 ? 2 : 5;

  cairo_set_source_rgb (cr, 0.96, 0.96, 0.96);
  cairo_paint (cr);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->page_view), GTK_WIDGET (area), 0, 0,
                                         &origin_x, &origin_y))
    return;
  origin = horizontal ? origin_x : origin_y;
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  for (int mm = (int) floor (-origin / scale / step) * step; mm * scale + origin < length; mm += step)
    {
      double at = round (origin + mm * scale) + 0.5;
      double tick = mm % 10 == 0 ? thickness * 0.6 : mm % 5 == 0 ? thickness * 0.35 : thickness * 0.2;

      if (horizontal)
        {
          cairo_move_to (cr, at, thickness);
          cairo_line_to (cr, at, thickness - tick);
        }
      else
        {
          cairo_move_to (cr, thickness, at);
          cairo_line_to (cr, thickness - tick, at);
        }
      if (mm % (scale >= 2 ? 10 : 50) == 0)
        {
          char label[16];

          g_snprintf (label, sizeof label, "%d", mm);
          if (horizontal)
            cairo_move_to (cr, at + 2, 9);
          else
            cairo_move_to (cr, 1, at + 10);
          cairo_show_text (cr, label);
        }
    }
  cairo_stroke (cr);
  pointer = horizontal ? self->pointer_x : self->pointer_y;
  if (pointer >= 0)
    {
      double at = round (origin + pointer * scale) + 0.5;

      cairo_set_source_rgb (cr, 0.9, 0.1, 0.3);
      if (horizontal)
        {
          cairo_move_to (cr, at, 0);
          cairo_line_to (cr, at, thickness);
        }
      else
        {
          cairo_move_to (cr, 0, at);
          cairo_line_to (cr, thickness, at);
        }
      cairo_stroke (cr);
    }
}

static void
redraw_rulers (KakanaiEditorCanvas *self)
{
  gtk_widget_queue_draw (self->hruler);
  gtk_widget_queue_draw (self->vruler);
}

/* ---- snapping ---- */

static void
add_snap_lines (GArray *lines,
                double  a,
                double  b)
{
  double centre = (a + b) / 2;

  g_array_append_val (lines, a);
  g_array_append_val (lines, b);
  g_array_append_val (lines, centre);
}

/* The ruled lines of the page as printed — a scanned or PDF background's, and the form's
 * own lines and boxes — found in the page drawn by the forms renderer at RULED_DPI: rows
 * and columns holding a dark run of at least RULED_MIN_MM. Found once per layout. */
#define RULED_DPI 100.0
#define RULED_MIN_MM 15.0

static gboolean
is_dark (const guint8 *row,
         int           x)
{
  guint32 pixel = ((const guint32 *) row)[x];
  guint luma = (((pixel >> 16) & 0xff) * 3 + ((pixel >> 8) & 0xff) * 6 + (pixel & 0xff)) / 10;

  return luma < 128;
}

/* Adds the middle of each band of consecutive ruled rows (a line is a few pixels thick). */
static void
add_ruled (GArray   *lines,
           gboolean *ruled,
           int       n,
           double    mm_per_px)
{
  for (int i = 0; i < n; i++)
    {
      int start = i;
      double middle;

      if (!ruled[i])
        continue;
      while (i + 1 < n && ruled[i + 1])
        i++;
      middle = ((start + i) / 2.0 + 0.5) * mm_per_px;
      middle = round (middle * 10) / 10;
      g_array_append_val (lines, middle);
    }
}

static void
find_ruled_lines (KakanaiEditorCanvas *self)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  const guint8 *data;
  int width, height, stride, min_run;
  double mm_per_px = 25.4 / RULED_DPI;
  g_autofree gboolean *rows = NULL;
  g_autofree gboolean *columns = NULL;
  g_autofree int *column_runs = NULL;
  g_autofree int *column_best = NULL;

  g_array_set_size (self->ruled_x, 0);
  g_array_set_size (self->ruled_y, 0);
  self->ruled_layout = self->layout;
  if (self->layout == NULL)
    return;
  surface = kakanai_cairo_render_page_to_surface (self->layout, 0, RULED_DPI, &error);
  if (surface == NULL)
    return;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  min_run = (int) (RULED_MIN_MM / mm_per_px);
  rows = g_new0 (gboolean, height);
  columns = g_new0 (gboolean, width);
  column_runs = g_new0 (int, width);
  column_best = g_new0 (int, width);
  for (int y = 0; y < height; y++)
    {
      const guint8 *row = data + (gsize) y * stride;
      int run = 0, best = 0;

      for (int x = 0; x < width; x++)
        {
          gboolean dark = is_dark (row, x);

          run = dark ? run + 1 : 0;
          best = MAX (best, run);
          column_runs[x] = dark ? column_runs[x] + 1 : 0;
          column_best[x] = MAX (column_best[x], column_runs[x]);
        }
      rows[y] = best >= min_run;
    }
  for (int x = 0; x < width; x++)
    columns[x] = column_best[x] >= min_run;
  add_ruled (self->ruled_y, rows, height, mm_per_px);
  add_ruled (self->ruled_x, columns, width, mm_per_px);
  cairo_surface_destroy (surface);
}

/* The edges and centres of every element not being moved, of the page, and the page's
 * ruled lines. */
static void
collect_snap_lines (KakanaiEditorCanvas *self)
{
  double width_mm, height_mm;

  g_array_set_size (self->snap_x, 0);
  g_array_set_size (self->snap_y, 0);
  if (!self->snap)
    return;
  if (self->ruled_layout != self->layout || self->layout == NULL)
    find_ruled_lines (self);
  g_array_append_vals (self->snap_x, self->ruled_x->data, self->ruled_x->len);
  g_array_append_vals (self->snap_y, self->ruled_y->data, self->ruled_y->len);
  kakanai_page_view_get_page_size (self->page_view, &width_mm, &height_mm);
  add_snap_lines (self->snap_x, 0, width_mm);
  add_snap_lines (self->snap_y, 0, height_mm);
  for (guint i = 0; i < n_elements (self); i++)
    {
      KakanaiBounds b;

      if (is_selected (self, i) || !kakanai_template_model_get_element_bounds (self->model, i, &b))
        continue;
      add_snap_lines (self->snap_x, b.x, b.x + b.width);
      add_snap_lines (self->snap_y, b.y, b.y + b.height);
    }
}

/* The shift that brings one of @edges (n of them) onto a snap line or the grid, within
 * the snapping distance; 0 when none is near. @guide gets the line (or NAN). */
static double
snap_offset (KakanaiEditorCanvas *self,
             GArray              *lines,
             const double        *edges,
             guint                n,
             double              *guide)
{
  double best = SNAP_PX / ppm (self);
  double offset = 0;

  *guide = NAN;
  if (!self->snap)
    return 0;
  for (guint e = 0; e < n; e++)
    {
      for (guint i = 0; i < lines->len; i++)
        {
          double d = g_array_index (lines, double, i) - edges[e];

          if (fabs (d) < best)
            {
              best = fabs (d);
              offset = d;
              *guide = g_array_index (lines, double, i);
            }
        }
      if (self->show_grid)
        {
          double g = round (edges[e] / self->grid_mm) * self->grid_mm;

          if (fabs (g - edges[e]) < best)
            {
              best = fabs (g - edges[e]);
              offset = g - edges[e];
              *guide = g;
            }
        }
    }
  return offset;
}

static double
snap_point (KakanaiEditorCanvas *self,
            GArray              *lines,
            double               value,
            double              *guide)
{
  return value + snap_offset (self, lines, &value, 1, guide);
}

/* ---- edits ---- */

static void
translate_selection (KakanaiEditorCanvas *self,
                     double               dx,
                     double               dy)
{
  g_autoptr(GError) error = NULL;

  if (dx == 0 && dy == 0)
    return;
  kakanai_template_model_begin_group (self->model);
  for (guint i = 0; i < self->selection->len; i++)
    if (!kakanai_template_model_translate_element (self->model, g_array_index (self->selection, guint, i),
                                                   dx, dy, &error))
      {
        g_warning ("%s", error->message);
        g_clear_error (&error);
      }
  kakanai_template_model_end_group (self->model);
}

void
kakanai_editor_canvas_move_by (KakanaiEditorCanvas *self,
                               double               dx,
                               double               dy)
{
  translate_selection (self, dx, dy);
}

void
kakanai_editor_canvas_resize_by (KakanaiEditorCanvas *self,
                                 double               dw,
                                 double               dh)
{
  kakanai_template_model_begin_group (self->model);
  for (guint i = 0; i < self->selection->len; i++)
    {
      guint index = g_array_index (self->selection, guint, i);

      switch (element_shape (self, index))
        {
        case SHAPE_BOX:
          set_number (self, index, "width", MAX (1, get_number (self, index, "width") + dw));
          set_number (self, index, "height", MAX (1, get_number (self, index, "height") + dh));
          break;
        case SHAPE_SQUARE:
          set_number (self, index, "size", MAX (5, get_number (self, index, "size") + (dw != 0 ? dw : dh)));
          break;
        case SHAPE_LINE:
          set_number (self, index, "x2", get_number (self, index, "x2") + dw);
          set_number (self, index, "y2", get_number (self, index, "y2") + dh);
          break;
        case SHAPE_CIRCLE:
          set_number (self, index, "r", MAX (0.5, get_number (self, index, "r") + (dw != 0 ? dw : dh) / 2));
          break;
        case SHAPE_FIXED:
        default:
          break;
        }
    }
  kakanai_template_model_end_group (self->model);
}

void
kakanai_editor_canvas_align (KakanaiEditorCanvas *self,
                             KakanaiAlignEdge     edge)
{
  KakanaiBounds all;
  double width_mm, height_mm;

  if (self->selection->len == 0 || !union_bounds (self, self->selection, &all))
    return;
  /* One element is aligned on the page. */
  if (self->selection->len == 1)
    {
      kakanai_page_view_get_page_size (self->page_view, &width_mm, &height_mm);
      all = (KakanaiBounds) { 0, 0, width_mm, height_mm };
    }
  kakanai_template_model_begin_group (self->model);
  for (guint i = 0; i < self->selection->len; i++)
    {
      guint index = g_array_index (self->selection, guint, i);
      KakanaiBounds b;
      double dx = 0, dy = 0;

      if (!kakanai_template_model_get_element_bounds (self->model, index, &b))
        continue;
      switch (edge)
        {
        case KAKANAI_ALIGN_LEFT: dx = all.x - b.x; break;
        case KAKANAI_ALIGN_HCENTER: dx = all.x + all.width / 2 - (b.x + b.width / 2); break;
        case KAKANAI_ALIGN_RIGHT: dx = all.x + all.width - (b.x + b.width); break;
        case KAKANAI_ALIGN_TOP: dy = all.y - b.y; break;
        case KAKANAI_ALIGN_VCENTER: dy = all.y + all.height / 2 - (b.y + b.height / 2); break;
        case KAKANAI_ALIGN_BOTTOM: dy = all.y + all.height - (b.y + b.height); break;
        default: break;
        }
      if (dx != 0 || dy != 0)
        kakanai_template_model_translate_element (self->model, index, dx, dy, NULL);
    }
  kakanai_template_model_end_group (self->model);
}

typedef struct {
  guint index;
  KakanaiBounds bounds;
} Placed;

static gint
compare_x (gconstpointer a, gconstpointer b)
{
  double d = ((const Placed *) a)->bounds.x - ((const Placed *) b)->bounds.x;
  return d < 0 ? -1 : d > 0;
}

static gint
compare_y (gconstpointer a, gconstpointer b)
{
  double d = ((const Placed *) a)->bounds.y - ((const Placed *) b)->bounds.y;
  return d < 0 ? -1 : d > 0;
}

/* Equal gaps between the elements, the first and the last staying where they are. */
void
kakanai_editor_canvas_distribute (KakanaiEditorCanvas *self,
                                  gboolean             horizontal)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  double total = 0, span, gap, at;
  Placed *first, *last;

  for (guint i = 0; i < self->selection->len; i++)
    {
      Placed p = { g_array_index (self->selection, guint, i) };

      if (kakanai_template_model_get_element_bounds (self->model, p.index, &p.bounds))
        g_array_append_val (placed, p);
    }
  if (placed->len < 3)
    return;
  g_array_sort (placed, horizontal ? compare_x : compare_y);
  first = &g_array_index (placed, Placed, 0);
  last = &g_array_index (placed, Placed, placed->len - 1);
  for (guint i = 0; i < placed->len; i++)
    total += horizontal ? g_array_index (placed, Placed, i).bounds.width : g_array_index (placed, Placed, i).bounds.height;
  span = horizontal ? last->bounds.x + last->bounds.width - first->bounds.x
                    : last->bounds.y + last->bounds.height - first->bounds.y;
  gap = (span - total) / (placed->len - 1);
  at = horizontal ? first->bounds.x : first->bounds.y;
  kakanai_template_model_begin_group (self->model);
  for (guint i = 0; i < placed->len; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);
      double now = horizontal ? p->bounds.x : p->bounds.y;
      double d = tidy (at) - now;

      if (d != 0)
        kakanai_template_model_translate_element (self->model, p->index, horizontal ? d : 0,
                                                  horizontal ? 0 : d, NULL);
      at += (horizontal ? p->bounds.width : p->bounds.height) + gap;
    }
  kakanai_template_model_end_group (self->model);
}

void
kakanai_editor_canvas_delete (KakanaiEditorCanvas *self)
{
  g_autoptr(GArray) doomed = g_array_copy (self->selection);

  if (doomed->len == 0)
    return;
  g_array_set_size (self->selection, 0);
  kakanai_template_model_begin_group (self->model);
  for (guint i = doomed->len; i-- > 0;)
    kakanai_template_model_remove_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS,
                                        g_array_index (doomed, guint, i), NULL);
  kakanai_template_model_end_group (self->model);
  selection_changed (self);
}

void
kakanai_editor_canvas_restack (KakanaiEditorCanvas *self,
                               int                  steps)
{
  guint n = n_elements (self);
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (guint));
  guint len = self->selection->len;

  if (len == 0)
    return;
  kakanai_template_model_begin_group (self->model);
  if (steps > 0)
    {
      /* From the top down, so that one element does not jump over another selected one. */
      guint limit = n - 1;

      for (guint i = len; i-- > 0;)
        {
          guint from = g_array_index (self->selection, guint, i);
          guint to = steps == G_MAXINT ? limit : MIN (limit, from + (guint) steps);

          if (to != from)
            kakanai_template_model_move_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, from, to, NULL);
          g_array_prepend_val (moved, to);
          limit = to > 0 ? to - 1 : 0;
        }
    }
  else
    {
      guint limit = 0;

      for (guint i = 0; i < len; i++)
        {
          guint from = g_array_index (self->selection, guint, i);
          guint down = steps == -G_MAXINT ? from : (guint) -steps;
          guint to = from >= limit + down ? from - down : limit;

          if (to != from)
            kakanai_template_model_move_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, from, to, NULL);
          g_array_append_val (moved, to);
          limit = to + 1;
        }
    }
  kakanai_template_model_end_group (self->model);
  kakanai_editor_canvas_select (self, (guint *) moved->data, moved->len);
}

char *
kakanai_editor_canvas_copy (KakanaiEditorCanvas *self)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  if (self->selection->len == 0)
    return NULL;
  for (guint i = 0; i < self->selection->len; i++)
    json_array_add_object_element (array, json_object_ref (
      kakanai_template_model_get_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS,
                                       g_array_index (self->selection, guint, i))));
  json_node_set_array (root, array);
  return json_to_string (root, TRUE);
}

/* A deep copy (json_node_copy() shares the object), through the text. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);

  return parsed != NULL ? json_object_ref (json_node_get_object (parsed)) : NULL;
}

gboolean
kakanai_editor_canvas_paste (KakanaiEditorCanvas *self,
                             const char          *json,
                             double               offset_mm)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonArray) items = NULL;

  if (root == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (root))
    items = json_array_ref (json_node_get_array (root));
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      items = json_array_new ();
      json_array_add_object_element (items, json_object_ref (json_node_get_object (root)));
    }
  else
    return FALSE;
  kakanai_template_model_begin_group (self->model);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(JsonObject) element = NULL;
      guint index = n_elements (self);

      if (!JSON_NODE_HOLDS_OBJECT (node) || (element = copy_object (json_node_get_object (node))) == NULL)
        continue;
      /* A copy must not keep the id of the original: ids are unique in a template. */
      if (json_object_has_member (element, "id"))
        json_object_remove_member (element, "id");
      if (!kakanai_template_model_insert_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, element, NULL))
        continue;
      if (offset_mm != 0)
        kakanai_template_model_translate_element (self->model, index, offset_mm, offset_mm, NULL);
      g_array_append_val (added, index);
    }
  kakanai_template_model_end_group (self->model);
  if (added->len == 0)
    return FALSE;
  kakanai_editor_canvas_select (self, (guint *) added->data, added->len);
  return TRUE;
}

void
kakanai_editor_canvas_insert (KakanaiEditorCanvas *self,
                              const char          *type,
                              double               x,
                              double               y)
{
  g_autoptr(JsonObject) element = kakanai_template_element_new (type, tidy (x), tidy (y));
  guint index = n_elements (self);
  g_autoptr(GError) error = NULL;

  if (element == NULL)
    return;
  if (!kakanai_template_model_insert_item (self->model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, element, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  kakanai_editor_canvas_select (self, &index, 1);
}

/* ---- the mouse ---- */

static int
handle_at (KakanaiEditorCanvas *self,
           double               x,
           double               y)
{
  guint index;

  if (self->selection->len != 1)
    return -1;
  index = g_array_index (self->selection, guint, 0);
  for (int h = 0; h < N_HANDLES; h++)
    {
      double hx, hy;

      if (!has_handle (self, index, h))
        continue;
      handle_position (self, index, h, &hx, &hy);
      if (fabs (hx - x) * ppm (self) <= HANDLE_PX && fabs (hy - y) * ppm (self) <= HANDLE_PX)
        return h;
    }
  return -1;
}

static void
set_tool (KakanaiEditorCanvas *self,
          const char          *tool)
{
  if (g_strcmp0 (self->tool, tool) == 0)
    return;
  g_free (self->tool);
  self->tool = g_strdup (tool);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

static void
on_drag_begin (GtkGestureDrag      *gesture,
               double               x,
               double               y,
               KakanaiEditorCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  double mm_x = x / ppm (self), mm_y = y / ppm (self);
  int hit;

  gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
  self->drag = DRAG_NONE;
  self->start_x = self->pointer_x = mm_x;
  self->start_y = self->pointer_y = mm_y;
  self->applied_dx = self->applied_dy = 0;
  self->guide_x = self->guide_y = NAN;
  if (self->model == NULL)
    return;

  if (g_strcmp0 (self->tool, "select") != 0)
    {
      g_autofree char *type = g_strdup (self->tool);
      double guide;

      collect_snap_lines (self);
      kakanai_editor_canvas_insert (self, type, snap_point (self, self->snap_x, mm_x, &guide),
                                    snap_point (self, self->snap_y, mm_y, &guide));
      set_tool (self, "select");
      return;
    }

  self->handle = handle_at (self, mm_x, mm_y);
  if (self->handle >= 0)
    {
      guint index = g_array_index (self->selection, guint, 0);
      const char * const *members = shape_members (element_shape (self, index));

      for (guint m = 0; members[m] != NULL; m++)
        self->start_geometry[m] = get_number (self, index, members[m]);
      kakanai_template_model_get_element_bounds (self->model, index, &self->start_bounds);
      collect_snap_lines (self);
      kakanai_template_model_begin_group (self->model);
      self->drag = DRAG_RESIZE;
      return;
    }

  hit = kakanai_template_model_element_at (self->model, mm_x, mm_y, HIT_TOLERANCE_PX / ppm (self));
  if (hit >= 0)
    {
      guint index = hit;

      if (extend)
        {
          if (is_selected (self, index))
            for (guint i = 0; i < self->selection->len; i++)
              {
                if (g_array_index (self->selection, guint, i) == index)
                  {
                    g_array_remove_index (self->selection, i);
                    break;
                  }
              }
          else
            g_array_append_val (self->selection, index);
          selection_changed (self);
          return;
        }
      if (!is_selected (self, index))
        kakanai_editor_canvas_select (self, &index, 1);
      union_bounds (self, self->selection, &self->start_bounds);
      collect_snap_lines (self);
      kakanai_template_model_begin_group (self->model);
      self->drag = DRAG_MOVE;
      return;
    }

  if (!extend && self->selection->len > 0)
    {
      g_array_set_size (self->selection, 0);
      selection_changed (self);
    }
  self->drag = DRAG_RUBBER;
}

static void
drag_move (KakanaiEditorCanvas *self,
           double               dx,
           double               dy)
{
  KakanaiBounds *b = &self->start_bounds;
  double xs[3] = { b->x + dx, b->x + dx + b->width, b->x + dx + b->width / 2 };
  double ys[3] = { b->y + dy, b->y + dy + b->height, b->y + dy + b->height / 2 };

  dx += snap_offset (self, self->snap_x, xs, 3, &self->guide_x);
  dy += snap_offset (self, self->snap_y, ys, 3, &self->guide_y);
  dx = tidy (dx);
  dy = tidy (dy);
  translate_selection (self, dx - self->applied_dx, dy - self->applied_dy);
  self->applied_dx = dx;
  self->applied_dy = dy;
}

static void
drag_resize (KakanaiEditorCanvas *self,
             double               px,
             double               py)
{
  guint index = g_array_index (self->selection, guint, 0);
  double *g = self->start_geometry;
  int h = self->handle;

  px = snap_point (self, self->snap_x, px, &self->guide_x);
  py = snap_point (self, self->snap_y, py, &self->guide_y);
  switch (element_shape (self, index))
    {
    case SHAPE_BOX:
      {
        double x0 = g[0], y0 = g[1], x1 = g[0] + g[2], y1 = g[1] + g[3];

        if (h == 0 || h == 6 || h == 7) x0 = MIN (px, x1 - 1);
        if (h == 2 || h == 3 || h == 4) x1 = MAX (px, x0 + 1);
        if (h == 0 || h == 1 || h == 2) y0 = MIN (py, y1 - 1);
        if (h == 4 || h == 5 || h == 6) y1 = MAX (py, y0 + 1);
        set_number (self, index, "x", x0);
        set_number (self, index, "y", y0);
        set_number (self, index, "width", x1 - x0);
        set_number (self, index, "height", y1 - y0);
        break;
      }
    case SHAPE_SQUARE:
      set_number (self, index, "size", MAX (5, MAX (px - g[0], py - g[1])));
      break;
    case SHAPE_LINE:
      set_number (self, index, h == 0 ? "x1" : "x2", px);
      set_number (self, index, h == 0 ? "y1" : "y2", py);
      break;
    case SHAPE_CIRCLE:
      set_number (self, index, "r", MAX (0.5, hypot (px - g[0], py - g[1])));
      break;
    case SHAPE_FIXED:
    default:
      break;
    }
}

static void
on_drag_update (GtkGestureDrag      *gesture,
                double               offset_x,
                double               offset_y,
                KakanaiEditorCanvas *self)
{
  double dx = offset_x / ppm (self), dy = offset_y / ppm (self);

  self->pointer_x = self->start_x + dx;
  self->pointer_y = self->start_y + dy;
  switch (self->drag)
    {
    case DRAG_MOVE:
      drag_move (self, dx, dy);
      break;
    case DRAG_RESIZE:
      drag_resize (self, self->pointer_x, self->pointer_y);
      break;
    case DRAG_RUBBER:
      gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
      break;
    case DRAG_NONE:
    default:
      break;
    }
  redraw_rulers (self);
}

static void
on_drag_end (GtkGestureDrag      *gesture,
             double               offset_x,
             double               offset_y,
             KakanaiEditorCanvas *self)
{
  DragMode drag = self->drag;

  self->drag = DRAG_NONE;
  if (drag == DRAG_MOVE || drag == DRAG_RESIZE)
    {
      kakanai_template_model_end_group (self->model);
      gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
      g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
    }
  else if (drag == DRAG_RUBBER)
    {
      KakanaiBounds rect = {
        MIN (self->start_x, self->pointer_x), MIN (self->start_y, self->pointer_y),
        fabs (self->pointer_x - self->start_x), fabs (self->pointer_y - self->start_y)
      };
      g_autoptr(GArray) inside = kakanai_template_model_elements_in (self->model, &rect);

      for (guint i = 0; i < inside->len; i++)
        if (!is_selected (self, g_array_index (inside, guint, i)))
          g_array_append_val (self->selection, g_array_index (inside, guint, i));
      selection_changed (self);
    }
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           KakanaiEditorCanvas      *self)
{
  self->pointer_x = x / ppm (self);
  self->pointer_y = y / ppm (self);
  redraw_rulers (self);
}

static void
on_leave (GtkEventControllerMotion *motion,
          KakanaiEditorCanvas      *self)
{
  self->pointer_x = self->pointer_y = -1;
  redraw_rulers (self);
}

/* ---- keyboard actions ---- */

static void
action_move (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  kakanai_editor_canvas_move_by (KAKANAI_EDITOR_CANVAS (widget), dx, dy);
}

static void
action_resize (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  double dw, dh;

  g_variant_get (parameter, "(dd)", &dw, &dh);
  kakanai_editor_canvas_resize_by (KAKANAI_EDITOR_CANVAS (widget), dw, dh);
}

static void
select_step (KakanaiEditorCanvas *self,
             int                  step)
{
  guint n = n_elements (self);
  guint index;

  if (n == 0)
    return;
  if (self->selection->len == 0)
    index = step > 0 ? 0 : n - 1;
  else
    index = (g_array_index (self->selection, guint, 0) + n + step) % n;
  kakanai_editor_canvas_select (self, &index, 1);
}

static void
action_select_next (GtkWidget *widget, const char *name, GVariant *parameter)
{
  select_step (KAKANAI_EDITOR_CANVAS (widget), 1);
}

static void
action_select_previous (GtkWidget *widget, const char *name, GVariant *parameter)
{
  select_step (KAKANAI_EDITOR_CANVAS (widget), -1);
}

/* The middle of the part of the page that is shown. */
static void
visible_centre (KakanaiEditorCanvas *self,
                double              *x,
                double              *y)
{
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  double cx = gtk_adjustment_get_value (h) + gtk_adjustment_get_page_size (h) / 2 - PAGE_MARGIN_PX;
  double cy = gtk_adjustment_get_value (v) + gtk_adjustment_get_page_size (v) / 2 - PAGE_MARGIN_PX;
  double width_mm, height_mm;

  kakanai_page_view_get_page_size (self->page_view, &width_mm, &height_mm);
  *x = CLAMP (round (cx / ppm (self)), 0, MAX (0, width_mm - 40));
  *y = CLAMP (round (cy / ppm (self)), 0, MAX (0, height_mm - 20));
}

static void
action_insert (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (widget);
  g_autofree char *type = g_strdup (self->tool);
  double x, y;

  if (g_strcmp0 (type, "select") == 0 || self->model == NULL)
    return;
  visible_centre (self, &x, &y);
  kakanai_editor_canvas_insert (self, type, x, y);
  set_tool (self, "select");
}

static void
action_cancel (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (widget);

  if (g_strcmp0 (self->tool, "select") != 0)
    set_tool (self, "select");
  else if (self->selection->len > 0)
    kakanai_editor_canvas_select (self, NULL, 0);
}

static void
add_arrow_bindings (GtkWidgetClass *widget_class)
{
  static const struct { guint key; double x, y; } arrows[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 }, { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "canvas.move", "(dd)",
                                           arrows[i].x, arrows[i].y);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_SHIFT_MASK, "canvas.move",
                                           "(dd)", arrows[i].x * 10, arrows[i].y * 10);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_ALT_MASK, "canvas.resize",
                                           "(dd)", arrows[i].x, arrows[i].y);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_ALT_MASK | GDK_SHIFT_MASK,
                                           "canvas.resize", "(dd)", arrows[i].x * 10, arrows[i].y * 10);
    }
}

/* ---- the widget ---- */

gboolean
kakanai_editor_canvas_page_to_widget (KakanaiEditorCanvas *self,
                                      GtkWidget           *target,
                                      double               x_mm,
                                      double               y_mm,
                                      double              *x,
                                      double              *y)
{
  return gtk_widget_translate_coordinates (GTK_WIDGET (self->page_view), target,
                                           x_mm * ppm (self), y_mm * ppm (self), x, y);
}

void
kakanai_editor_canvas_set_px_per_mm (KakanaiEditorCanvas *self,
                                     double               px_per_mm)
{
  kakanai_page_view_set_px_per_mm (self->page_view, px_per_mm);
}

double
kakanai_editor_canvas_get_px_per_mm (KakanaiEditorCanvas *self)
{
  return ppm (self);
}

static void
on_zoom_changed (KakanaiEditorCanvas *self)
{
  redraw_rulers (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PX_PER_MM]);
}

static void
kakanai_editor_canvas_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_TOOL: g_value_set_string (value, self->tool); break;
    case PROP_SHOW_GRID: g_value_set_boolean (value, self->show_grid); break;
    case PROP_SNAP: g_value_set_boolean (value, self->snap); break;
    case PROP_GRID_MM: g_value_set_double (value, self->grid_mm); break;
    case PROP_PX_PER_MM: g_value_set_double (value, ppm (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_editor_canvas_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      kakanai_editor_canvas_set_document (self, g_value_get_object (value));
      break;
    case PROP_TOOL:
      set_tool (self, g_value_get_string (value) != NULL ? g_value_get_string (value) : "select");
      break;
    case PROP_SHOW_GRID:
      self->show_grid = g_value_get_boolean (value);
      gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SNAP:
      self->snap = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_GRID_MM:
      self->grid_mm = g_value_get_double (value);
      gtk_widget_queue_draw (GTK_WIDGET (self->page_view));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PX_PER_MM:
      kakanai_editor_canvas_set_px_per_mm (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_editor_canvas_dispose (GObject *object)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  self->model = NULL;
  g_clear_handle_id (&self->relayout_source, g_source_remove);
  if (self->page_view != NULL)
    kakanai_page_view_set_layout (self->page_view, NULL);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  self->page_view = NULL;
  g_clear_object (&self->document);
  G_OBJECT_CLASS (kakanai_editor_canvas_parent_class)->dispose (object);
}

static void
kakanai_editor_canvas_finalize (GObject *object)
{
  KakanaiEditorCanvas *self = KAKANAI_EDITOR_CANVAS (object);

  g_clear_pointer (&self->layout, kakanai_layout_free);
  g_clear_pointer (&self->shown, kakanai_template_unref);
  g_clear_pointer (&self->empty_data, kakanai_form_data_free);
  g_array_unref (self->selection);
  g_array_unref (self->marked);
  g_array_unref (self->snap_x);
  g_array_unref (self->snap_y);
  g_array_unref (self->ruled_x);
  g_array_unref (self->ruled_y);
  g_free (self->tool);
  G_OBJECT_CLASS (kakanai_editor_canvas_parent_class)->finalize (object);
}

/* The page takes the keys: focusing the canvas focuses it. */
static gboolean
kakanai_editor_canvas_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KAKANAI_EDITOR_CANVAS (widget)->page_view));
}

static void
kakanai_editor_canvas_class_init (KakanaiEditorCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kakanai_editor_canvas_get_property;
  object_class->set_property = kakanai_editor_canvas_set_property;
  object_class->dispose = kakanai_editor_canvas_dispose;
  object_class->finalize = kakanai_editor_canvas_finalize;
  widget_class->grab_focus = kakanai_editor_canvas_grab_focus;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, KAKANAI_TYPE_EDITOR_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP] =
    g_param_spec_boolean ("snap", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRID_MM] =
    g_param_spec_double ("grid-mm", NULL, NULL, 0.5, 50, 5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PX_PER_MM] =
    g_param_spec_double ("px-per-mm", NULL, NULL, KAKANAI_PAGE_VIEW_MIN_PX_PER_MM,
                         KAKANAI_PAGE_VIEW_MAX_PX_PER_MM, DEFAULT_PX_PER_MM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "canvas.move", "(dd)", action_move);
  gtk_widget_class_install_action (widget_class, "canvas.resize", "(dd)", action_resize);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", NULL, action_select_next);
  gtk_widget_class_install_action (widget_class, "canvas.select-previous", NULL, action_select_previous);
  gtk_widget_class_install_action (widget_class, "canvas.insert", NULL, action_insert);
  gtk_widget_class_install_action (widget_class, "canvas.cancel", NULL, action_cancel);
  add_arrow_bindings (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "canvas.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK,
                                       "canvas.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.insert", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "canvas.insert", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kakanai-editor-canvas");
}

static GtkWidget *
new_ruler (KakanaiEditorCanvas *self,
           gboolean             horizontal)
{
  GtkWidget *ruler = gtk_drawing_area_new ();

  if (horizontal)
    gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (ruler), RULER_PX);
  else
    gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (ruler), RULER_PX);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (ruler), draw_ruler, self, NULL);
  gtk_widget_set_name (ruler, horizontal ? "hruler" : "vruler");
  gtk_accessible_update_property (GTK_ACCESSIBLE (ruler), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  horizontal ? _("Horizontal ruler, millimetres")
                                             : _("Vertical ruler, millimetres"), -1);
  return ruler;
}

static void
kakanai_editor_canvas_init (KakanaiEditorCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkWidget *paper_box;

  self->selection = g_array_new (FALSE, FALSE, sizeof (guint));
  self->marked = g_array_new (FALSE, FALSE, sizeof (guint));
  self->snap_x = g_array_new (FALSE, FALSE, sizeof (double));
  self->snap_y = g_array_new (FALSE, FALSE, sizeof (double));
  self->ruled_x = g_array_new (FALSE, FALSE, sizeof (double));
  self->ruled_y = g_array_new (FALSE, FALSE, sizeof (double));
  self->empty_data = kakanai_form_data_new ();
  self->tool = g_strdup ("select");
  self->snap = TRUE;
  self->grid_mm = 5;
  self->pointer_x = self->pointer_y = -1;
  self->guide_x = self->guide_y = NAN;

  self->grid = gtk_grid_new ();
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  self->hruler = new_ruler (self, TRUE);
  self->vruler = new_ruler (self, FALSE);
  gtk_widget_set_hexpand (self->hruler, TRUE);
  gtk_widget_set_vexpand (self->vruler, TRUE);
  gtk_grid_attach (GTK_GRID (self->grid), self->hruler, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), self->vruler, 0, 1, 1, 1);

  self->page_view = KAKANAI_PAGE_VIEW (kakanai_page_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->page_view), "page");
  gtk_widget_set_focusable (GTK_WIDGET (self->page_view), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->page_view), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->page_view), GTK_ALIGN_START);
  gtk_widget_set_margin_start (GTK_WIDGET (self->page_view), PAGE_MARGIN_PX);
  gtk_widget_set_margin_end (GTK_WIDGET (self->page_view), PAGE_MARGIN_PX);
  gtk_widget_set_margin_top (GTK_WIDGET (self->page_view), PAGE_MARGIN_PX);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->page_view), PAGE_MARGIN_PX);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The page being edited"), -1);
  g_signal_connect (self->page_view, "draw-overlay", G_CALLBACK (on_draw_overlay), self);
  g_signal_connect_swapped (self->page_view, "notify::px-per-mm", G_CALLBACK (on_zoom_changed), self);

  paper_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (paper_box, "view");
  gtk_box_append (GTK_BOX (paper_box), GTK_WIDGET (self->page_view));
  self->scroller = gtk_scrolled_window_new ();
  gtk_widget_set_hexpand (self->scroller, TRUE);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), paper_box);
  /* The page is larger than the view: scrolling to it when it takes the focus (back from a
   * panel) would only move what the user was looking at. */
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller))), FALSE);
  gtk_grid_attach (GTK_GRID (self->grid), self->scroller, 1, 1, 1, 1);
  g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                            "value-changed", G_CALLBACK (redraw_rulers), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)),
                            "value-changed", G_CALLBACK (redraw_rulers), self);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_view), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_view), motion);
}

GtkWidget *
kakanai_editor_canvas_new (void)
{
  return g_object_new (KAKANAI_TYPE_EDITOR_CANVAS, NULL);
}
