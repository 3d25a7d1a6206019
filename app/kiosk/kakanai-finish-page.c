/* kakanai-finish-page.c: the last screen, "please take your card", and where the forms went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-finish-page.h"

struct _KakanaiFinishPage {
  GtkWidget            parent_instance;

  GtkLabel            *finish_message;

  KakanaiKioskSession *session;
};

G_DEFINE_FINAL_TYPE (KakanaiFinishPage, kakanai_finish_page, GTK_TYPE_WIDGET)

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiFinishPage  *self)
{
  const char *text = kakanai_kiosk_session_get_finish_message (session);

  gtk_label_set_text (self->finish_message, text != NULL ? text : "");
}

static void
kakanai_finish_page_dispose (GObject *object)
{
  KakanaiFinishPage *self = KAKANAI_FINISH_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_FINISH_PAGE);
  G_OBJECT_CLASS (kakanai_finish_page_parent_class)->dispose (object);
}

static void
kakanai_finish_page_class_init (KakanaiFinishPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_finish_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-finish-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiFinishPage, finish_message);
}

static void
kakanai_finish_page_init (KakanaiFinishPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_finish_page_new (KakanaiKioskSession *session)
{
  KakanaiFinishPage *self = g_object_new (KAKANAI_TYPE_FINISH_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
