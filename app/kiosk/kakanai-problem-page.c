/* kakanai-problem-page.c: the "not ready" screen, with what is wrong (for the clerk).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-problem-page.h"

struct _KakanaiProblemPage {
  GtkWidget            parent_instance;

  GtkLabel            *problem_details;

  KakanaiKioskSession *session;
};

G_DEFINE_FINAL_TYPE (KakanaiProblemPage, kakanai_problem_page, GTK_TYPE_WIDGET)

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiProblemPage  *self)
{
  const char *text = kakanai_kiosk_session_get_problem (session);

  gtk_label_set_text (self->problem_details, text != NULL ? text : "");
}

static void
kakanai_problem_page_dispose (GObject *object)
{
  KakanaiProblemPage *self = KAKANAI_PROBLEM_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_PROBLEM_PAGE);
  G_OBJECT_CLASS (kakanai_problem_page_parent_class)->dispose (object);
}

static void
kakanai_problem_page_class_init (KakanaiProblemPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_problem_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-problem-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiProblemPage, problem_details);
}

static void
kakanai_problem_page_init (KakanaiProblemPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_problem_page_new (KakanaiKioskSession *session)
{
  KakanaiProblemPage *self = g_object_new (KAKANAI_TYPE_PROBLEM_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
