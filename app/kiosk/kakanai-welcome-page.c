/* kakanai-welcome-page.c: the start screen; after a time-out or a card taken away it
 * says for a few seconds why the visit ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-welcome-page.h"

#include <glib/gi18n.h>

#include "kakanai-kiosk-application.h"
#include "kakanai-language-chooser.h"

/* How long the start screen says why the last visit ended. */
#define NOTICE_SECONDS 10

struct _KakanaiWelcomePage {
  GtkWidget               parent_instance;

  GtkLabel               *notice_label;
  GtkButton              *start_button;
  KakanaiLanguageChooser *language_chooser;

  KakanaiKioskSession    *session;
  guint                   notice_source;
};

G_DEFINE_FINAL_TYPE (KakanaiWelcomePage, kakanai_welcome_page, GTK_TYPE_WIDGET)

static gboolean
on_notice_timeout (gpointer data)
{
  KakanaiWelcomePage *self = data;

  self->notice_source = 0;
  kakanai_kiosk_session_clear_notice (self->session);
  return G_SOURCE_REMOVE;
}

static void
show_notice (KakanaiWelcomePage *self)
{
  const char *text = NULL;

  switch (kakanai_kiosk_session_get_notice (self->session))
    {
    case KAKANAI_KIOSK_NOTICE_TIMED_OUT:
      text = _("Nobody touched the screen for a while, so everything you entered was erased. Touch Start to begin again.");
      break;
    case KAKANAI_KIOSK_NOTICE_CARD_REMOVED:
      text = _("The card was taken off the reader, so everything you entered was erased. Touch Start to begin again.");
      break;
    case KAKANAI_KIOSK_NOTICE_NONE:
    default:
      break;
    }
  g_clear_handle_id (&self->notice_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text != NULL);
  if (text == NULL)
    return;
  /* An alert (the .ui gives the role): screen readers say it as it shows. */
  gtk_label_set_text (self->notice_label, text);
  self->notice_source = g_timeout_add_seconds (NOTICE_SECONDS, on_notice_timeout, self);
}

static void
on_notice_changed (KakanaiKioskSession *session,
                   GParamSpec          *pspec,
                   KakanaiWelcomePage  *self)
{
  show_notice (self);
}

/* The window rebuilds the screens in the language chosen (kiosk.language). */
static void
on_language_chosen (KakanaiLanguageChooser *chooser,
                    GParamSpec             *pspec,
                    KakanaiWelcomePage     *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.language", "s",
                              kakanai_language_chooser_get_language (chooser));
}

static gboolean
kakanai_welcome_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KAKANAI_WELCOME_PAGE (widget)->start_button));
}

static void
kakanai_welcome_page_dispose (GObject *object)
{
  KakanaiWelcomePage *self = KAKANAI_WELCOME_PAGE (object);

  g_clear_handle_id (&self->notice_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (kakanai_welcome_page_parent_class)->dispose (object);
}

static void
kakanai_welcome_page_class_init (KakanaiWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_welcome_page_dispose;
  widget_class->grab_focus = kakanai_welcome_page_grab_focus;
  g_type_ensure (KAKANAI_TYPE_LANGUAGE_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-welcome-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiWelcomePage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiWelcomePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiWelcomePage, language_chooser);
}

static void
kakanai_welcome_page_init (KakanaiWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_welcome_page_new (KakanaiKioskSession *session,
                          const char * const  *languages,
                          const char          *language)
{
  KakanaiWelcomePage *self = g_object_new (KAKANAI_TYPE_WELCOME_PAGE, NULL);

  self->session = g_object_ref (session);
  kakanai_language_chooser_set_languages (self->language_chooser, languages);
  kakanai_language_chooser_set_language (self->language_chooser, language);
  g_signal_connect (self->language_chooser, "notify::language", G_CALLBACK (on_language_chosen), self);
  g_signal_connect (session, "notify::notice", G_CALLBACK (on_notice_changed), self);
  show_notice (self);
  return GTK_WIDGET (self);
}
