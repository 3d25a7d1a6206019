/* kakanai-preview-page.c: the session's layout, page by page (KakanaiPageView, the
 * widget the editor draws its pages with), and a
 * short summary of what each chosen form asks for, in the resident's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-preview-page.h"

#include <glib/gi18n.h>

#include "kakanai-page-view.h"

#define PREVIEW_PX_PER_MM 3.0
#define PREVIEW_MIN_ZOOM 0.5
#define PREVIEW_MAX_ZOOM 3.0

struct _KakanaiPreviewPage {
  GtkWidget            parent_instance;

  GtkBox              *summary_box;
  GtkButton           *preview_previous;
  GtkLabel            *preview_page_label;
  GtkButton           *preview_next;
  GtkButton           *preview_zoom_out;
  GtkButton           *preview_zoom_in;
  KakanaiPageView     *preview_area;
  GtkLabel            *preview_problems;

  KakanaiKioskSession *session;
  char                *language;
  guint                page;
  double               zoom;
  gint64               asked_at;  /* timing for bench/kiosk (debug log) */
};

G_DEFINE_FINAL_TYPE (KakanaiPreviewPage, kakanai_preview_page, GTK_TYPE_WIDGET)

static void
update (KakanaiPreviewPage *self)
{
  KakanaiLayout *layout = kakanai_kiosk_session_get_layout (self->session);
  guint n_pages = layout != NULL ? kakanai_layout_get_n_pages (layout) : 0;
  g_autofree char *page_text = NULL;

  if (n_pages == 0)
    return;
  self->page = MIN (self->page, n_pages - 1);
  kakanai_page_view_set_page (self->preview_area, self->page);
  kakanai_page_view_set_px_per_mm (self->preview_area, PREVIEW_PX_PER_MM * self->zoom);
  page_text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n_pages);
  gtk_label_set_text (self->preview_page_label, page_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_previous), self->page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_next), self->page + 1 < n_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_zoom_out), self->zoom > PREVIEW_MIN_ZOOM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_zoom_in), self->zoom < PREVIEW_MAX_ZOOM);
}

/* The first frame after the layout was handed over: the preview is on screen. */
static gboolean
on_preview_frame (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  KakanaiPreviewPage *self = data;
  KakanaiLayout *layout = kakanai_kiosk_session_get_layout (self->session);

  g_debug ("timing: preview of %u forms drawn %.1f ms after the last answer",
           layout != NULL ? kakanai_layout_get_n_pages (layout) : 0,
           (g_get_monotonic_time () - self->asked_at) / 1000.0);
  return G_SOURCE_REMOVE;
}

static void
show_problems (KakanaiPreviewPage *self,
               KakanaiLayout      *layout)
{
  GPtrArray *problems = kakanai_layout_get_problems (layout);
  g_autoptr (GString) text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->preview_problems), problems != NULL && problems->len > 0);
  if (problems == NULL || problems->len == 0)
    return;
  text = g_string_new (_("For the clerk: please check these on the printed form."));
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "\n• %s", ((KakanaiLayoutProblem *) g_ptr_array_index (problems, i))->message);
  gtk_label_set_text (self->preview_problems, text->str);
}

static void
show_summary (KakanaiPreviewPage *self)
{
  GPtrArray *chosen = kakanai_kiosk_session_get_chosen (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_box_remove (self->summary_box, child);
  for (guint i = 0; i < chosen->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (chosen, i);
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *title = gtk_label_new (kakanai_template_get_title_for (tpl, self->language));
      GtkWidget *description = gtk_label_new (kakanai_template_get_description_for (tpl, self->language));

      gtk_widget_add_css_class (item, "summary");
      g_object_set (item, "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM, NULL);
      gtk_widget_add_css_class (title, "summary-title");
      gtk_widget_add_css_class (description, "hint");
      for (GtkWidget *label = title; label != NULL; label = label == title ? description : NULL)
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_box_append (GTK_BOX (item), label);
        }
      gtk_box_append (self->summary_box, item);
    }
}

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiPreviewPage  *self)
{
  KakanaiLayout *layout = kakanai_kiosk_session_get_layout (session);

  /* The view borrows the layout: it lets go of it whenever the session may drop it. */
  if (kakanai_kiosk_session_get_step (session) != KAKANAI_KIOSK_STEP_PREVIEW || layout == NULL)
    {
      kakanai_page_view_set_layout (self->preview_area, NULL);
      return;
    }
  self->page = 0;
  self->asked_at = g_get_monotonic_time ();
  kakanai_page_view_set_layout (self->preview_area, layout);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->preview_area), on_preview_frame, self, NULL);
  show_summary (self);
  show_problems (self, layout);
  update (self);
}

static void
on_previous (GtkButton *button, KakanaiPreviewPage *self)
{
  if (self->page > 0)
    self->page--;
  update (self);
}

static void
on_next (GtkButton *button, KakanaiPreviewPage *self)
{
  self->page++;
  update (self);
}

static void
on_zoom_in (GtkButton *button, KakanaiPreviewPage *self)
{
  self->zoom = MIN (PREVIEW_MAX_ZOOM, self->zoom * 1.25);
  update (self);
}

static void
on_zoom_out (GtkButton *button, KakanaiPreviewPage *self)
{
  self->zoom = MAX (PREVIEW_MIN_ZOOM, self->zoom / 1.25);
  update (self);
}

static void
kakanai_preview_page_dispose (GObject *object)
{
  KakanaiPreviewPage *self = KAKANAI_PREVIEW_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->preview_area != NULL)
    kakanai_page_view_set_layout (self->preview_area, NULL);
  g_clear_object (&self->session);
  g_clear_pointer (&self->language, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_PREVIEW_PAGE);
  G_OBJECT_CLASS (kakanai_preview_page_parent_class)->dispose (object);
}

static void
kakanai_preview_page_class_init (KakanaiPreviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_preview_page_dispose;
  g_type_ensure (KAKANAI_TYPE_PAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-preview-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_previous);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_page_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_next);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_zoom_out);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_zoom_in);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_area);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPreviewPage, preview_problems);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_in);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_out);
}

static void
kakanai_preview_page_init (KakanaiPreviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->zoom = 1.0;
}

GtkWidget *
kakanai_preview_page_new (KakanaiKioskSession *session,
                          const char          *language)
{
  KakanaiPreviewPage *self = g_object_new (KAKANAI_TYPE_PREVIEW_PAGE, NULL);

  self->session = g_object_ref (session);
  self->language = g_strdup (language);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
