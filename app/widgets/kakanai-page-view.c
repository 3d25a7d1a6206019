/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-page-view.c: one page of a form layout, drawn by the forms cairo renderer */
#define G_LOG_DOMAIN "kakanai-page-view"

#include "kakanai-page-view.h"

#include <cairo-gobject.h>
#include <math.h>

struct _KakanaiPageView {
  GtkWidget      parent_instance;

  KakanaiLayout *layout;   /* borrowed */
  guint          page;
  double         px_per_mm;
  /* The page as last drawn: kept while only the overlay changes (a selection moving over
   * 200 elements must not lay them out again). */
  GskRenderNode *page_node;
};

G_DEFINE_FINAL_TYPE (KakanaiPageView, kakanai_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_PX_PER_MM,
  N_PROPS
};

enum {
  SIGNAL_DRAW_OVERLAY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
shown_page (KakanaiPageView *self)
{
  guint n_pages = self->layout != NULL ? kakanai_layout_get_n_pages (self->layout) : 0;

  return n_pages == 0 ? 0 : MIN (self->page, n_pages - 1);
}

void
kakanai_page_view_get_page_size (KakanaiPageView *self,
                                 double          *width_mm,
                                 double          *height_mm)
{
  g_return_if_fail (KAKANAI_IS_PAGE_VIEW (self));

  *width_mm = 0;
  *height_mm = 0;
  if (self->layout != NULL && kakanai_layout_get_n_pages (self->layout) > 0)
    kakanai_layout_get_page_size (self->layout, shown_page (self), width_mm, height_mm);
}

static void
redraw_page (KakanaiPageView *self)
{
  g_clear_pointer (&self->page_node, gsk_render_node_unref);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GskRenderNode *
render_page_node (KakanaiPageView *self,
                  double           width_px,
                  double           height_px)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GError) error = NULL;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width_px, height_px));

  /* Images are checked when the templates load; what is left is cairo out of memory. The
   * message names a template file and cairo's status, never a resident's data. */
  if (!kakanai_cairo_render_page (self->layout, shown_page (self), cr, self->px_per_mm, &error))
    g_warning ("%s", error->message);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
kakanai_page_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  KakanaiPageView *self = KAKANAI_PAGE_VIEW (widget);
  double width_mm, height_mm;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  kakanai_page_view_get_page_size (self, &width_mm, &height_mm);
  if (width_mm > 0 && height_mm > 0)
    {
      if (self->page_node == NULL)
        self->page_node = render_page_node (self, width_mm * self->px_per_mm,
                                            height_mm * self->px_per_mm);
      if (self->page_node != NULL)
        gtk_snapshot_append_node (snapshot, self->page_node);
    }
  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_signal_emit (self, signals[SIGNAL_DRAW_OVERLAY], 0, cr, self->px_per_mm);
  cairo_destroy (cr);
}

static void
kakanai_page_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  KakanaiPageView *self = KAKANAI_PAGE_VIEW (widget);
  double width_mm, height_mm;
  double mm;

  kakanai_page_view_get_page_size (self, &width_mm, &height_mm);
  mm = orientation == GTK_ORIENTATION_HORIZONTAL ? width_mm : height_mm;
  *minimum = *natural = (int) ceil (mm * self->px_per_mm);
}

static void
kakanai_page_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KakanaiPageView *self = KAKANAI_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_PX_PER_MM:
      g_value_set_double (value, self->px_per_mm);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_page_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KakanaiPageView *self = KAKANAI_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      kakanai_page_view_set_page (self, g_value_get_uint (value));
      break;
    case PROP_PX_PER_MM:
      kakanai_page_view_set_px_per_mm (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_page_view_finalize (GObject *object)
{
  KakanaiPageView *self = KAKANAI_PAGE_VIEW (object);

  g_clear_pointer (&self->page_node, gsk_render_node_unref);
  G_OBJECT_CLASS (kakanai_page_view_parent_class)->finalize (object);
}

static void
kakanai_page_view_class_init (KakanaiPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kakanai_page_view_get_property;
  object_class->set_property = kakanai_page_view_set_property;
  object_class->finalize = kakanai_page_view_finalize;
  widget_class->snapshot = kakanai_page_view_snapshot;
  widget_class->measure = kakanai_page_view_measure;

  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PX_PER_MM] =
    g_param_spec_double ("px-per-mm", NULL, NULL,
                         KAKANAI_PAGE_VIEW_MIN_PX_PER_MM, KAKANAI_PAGE_VIEW_MAX_PX_PER_MM, 3.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DRAW_OVERLAY] =
    g_signal_new ("draw-overlay", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, CAIRO_GOBJECT_TYPE_CONTEXT, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "kakanai-page-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kakanai_page_view_init (KakanaiPageView *self)
{
  self->px_per_mm = 3.0;
}

GtkWidget *
kakanai_page_view_new (void)
{
  return g_object_new (KAKANAI_TYPE_PAGE_VIEW, NULL);
}

void
kakanai_page_view_set_layout (KakanaiPageView *self,
                              KakanaiLayout   *layout)
{
  g_return_if_fail (KAKANAI_IS_PAGE_VIEW (self));

  self->layout = layout;
  redraw_page (self);
}

KakanaiLayout *
kakanai_page_view_get_layout (KakanaiPageView *self)
{
  g_return_val_if_fail (KAKANAI_IS_PAGE_VIEW (self), NULL);
  return self->layout;
}

void
kakanai_page_view_set_page (KakanaiPageView *self,
                            guint            page)
{
  g_return_if_fail (KAKANAI_IS_PAGE_VIEW (self));

  if (self->page == page)
    return;
  self->page = page;
  redraw_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
kakanai_page_view_get_page (KakanaiPageView *self)
{
  g_return_val_if_fail (KAKANAI_IS_PAGE_VIEW (self), 0);
  return self->page;
}

void
kakanai_page_view_set_px_per_mm (KakanaiPageView *self,
                                 double           px_per_mm)
{
  g_return_if_fail (KAKANAI_IS_PAGE_VIEW (self));

  px_per_mm = CLAMP (px_per_mm, KAKANAI_PAGE_VIEW_MIN_PX_PER_MM, KAKANAI_PAGE_VIEW_MAX_PX_PER_MM);
  if (self->px_per_mm == px_per_mm)
    return;
  self->px_per_mm = px_per_mm;
  redraw_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PX_PER_MM]);
}

double
kakanai_page_view_get_px_per_mm (KakanaiPageView *self)
{
  g_return_val_if_fail (KAKANAI_IS_PAGE_VIEW (self), 3.0);
  return self->px_per_mm;
}
