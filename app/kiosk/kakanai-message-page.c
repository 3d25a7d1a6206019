/* kakanai-message-page.c: a screen that says one thing: the finish screen ("please take
 * your card", where the forms went) and the problem screen ("not ready", what is wrong).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-message-page.h"

#include <glib/gi18n.h>

typedef const char *(*SessionText) (KakanaiKioskSession *session);

/* What differs between the screens built from this one. */
typedef struct {
  KakanaiKioskStep  step;
  const char       *title;
  const char       *title_style;
  const char       *message_style;
  gboolean          offers_done;
  SessionText       message;
} MessageKind;

static const MessageKind kinds[] = {
  { KAKANAI_KIOSK_STEP_FINISH, N_("Please take your card"), "hero", "lead", TRUE,
    kakanai_kiosk_session_get_finish_message },
  /* The details are for the clerk: the resident is sent to staff. */
  { KAKANAI_KIOSK_STEP_PROBLEM, N_("This counter is not ready. Please ask a member of staff."), "title",
    "clerk-note", FALSE, kakanai_kiosk_session_get_problem },
};

struct _KakanaiMessagePage {
  GtkWidget            parent_instance;

  GtkLabel            *message_title;
  GtkLabel            *message_text;
  GtkWidget           *done_button;

  KakanaiKioskSession *session;
  const MessageKind   *kind;
};

G_DEFINE_FINAL_TYPE (KakanaiMessagePage, kakanai_message_page, GTK_TYPE_WIDGET)

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiMessagePage  *self)
{
  const char *text = self->kind->message (session);

  gtk_label_set_text (self->message_text, text != NULL ? text : "");
}

static void
kakanai_message_page_dispose (GObject *object)
{
  KakanaiMessagePage *self = KAKANAI_MESSAGE_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_MESSAGE_PAGE);
  G_OBJECT_CLASS (kakanai_message_page_parent_class)->dispose (object);
}

static void
kakanai_message_page_class_init (KakanaiMessagePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_message_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-message-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiMessagePage, message_title);
  gtk_widget_class_bind_template_child (widget_class, KakanaiMessagePage, message_text);
  gtk_widget_class_bind_template_child (widget_class, KakanaiMessagePage, done_button);
}

static void
kakanai_message_page_init (KakanaiMessagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_message_page_new (KakanaiKioskSession *session,
                          KakanaiKioskStep     step)
{
  KakanaiMessagePage *self = g_object_new (KAKANAI_TYPE_MESSAGE_PAGE, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].step == step)
      self->kind = &kinds[i];
  g_return_val_if_fail (self->kind != NULL, GTK_WIDGET (self));
  gtk_label_set_text (self->message_title, _(self->kind->title));
  gtk_widget_add_css_class (GTK_WIDGET (self->message_title), self->kind->title_style);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_text), self->kind->message_style);
  gtk_widget_set_visible (self->done_button, self->kind->offers_done);
  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
