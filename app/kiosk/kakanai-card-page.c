/* kakanai-card-page.c: "place your card", following the reader and the card check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-card-page.h"

#include <glib/gi18n.h>

struct _KakanaiCardPage {
  GtkWidget            parent_instance;

  GtkPicture          *card_picture;
  GtkLabel            *reader_state_label;
  GtkLabel            *reader_hint_label;
  GtkSpinner          *card_spinner;

  KakanaiKioskSession *session;
};

G_DEFINE_FINAL_TYPE (KakanaiCardPage, kakanai_card_page, GTK_TYPE_WIDGET)

static void
update (KakanaiCardPage *self)
{
  KakanaiKioskReaderState state = kakanai_kiosk_card_get_state (kakanai_kiosk_session_get_card (self->session));
  const char *message = kakanai_kiosk_session_get_card_message (self->session);
  const char *status, *hint = "";
  gboolean busy = FALSE;

  if (message != NULL)
    {
      status = message;
      hint = _("Please take the card away.");
    }
  else
    switch (state)
      {
      case KAKANAI_KIOSK_READER_NONE:
        status = _("The card reader is not connected.");
        hint = _("Please touch “Call staff”.");
        break;
      case KAKANAI_KIOSK_READER_EMPTY:
        status = _("Waiting for your card…");
        hint = _("Lay the card flat on the reader, face up, as in the picture. Leave it there until you are told to take it.");
        break;
      case KAKANAI_KIOSK_READER_CARD_PRESENT:
        status = _("Card found. Checking it…");
        busy = TRUE;
        break;
      case KAKANAI_KIOSK_READER_UNKNOWN:
      default:
        status = _("Looking for the card reader…");
        busy = TRUE;
        break;
      }
  gtk_label_set_text (self->reader_state_label, status);
  gtk_label_set_text (self->reader_hint_label, hint);
  gtk_spinner_set_spinning (self->card_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->card_spinner), busy);
}

static void
on_card_message (KakanaiKioskSession *session,
                 GParamSpec          *pspec,
                 KakanaiCardPage     *self)
{
  update (self);
}

static void
on_reader_state_changed (KakanaiKioskCard *card,
                         guint             state,
                         KakanaiCardPage  *self)
{
  update (self);
}

static void
kakanai_card_page_dispose (GObject *object)
{
  KakanaiCardPage *self = KAKANAI_CARD_PAGE (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (kakanai_kiosk_session_get_card (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_CARD_PAGE);
  G_OBJECT_CLASS (kakanai_card_page_parent_class)->dispose (object);
}

static void
kakanai_card_page_class_init (KakanaiCardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_card_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-card-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiCardPage, card_picture);
  gtk_widget_class_bind_template_child (widget_class, KakanaiCardPage, reader_state_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiCardPage, reader_hint_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiCardPage, card_spinner);
}

static void
kakanai_card_page_init (KakanaiCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_picture_set_resource (self->card_picture, "/jp/kakanai/Kiosk/card-placement.svg");
}

GtkWidget *
kakanai_card_page_new (KakanaiKioskSession *session)
{
  KakanaiCardPage *self = g_object_new (KAKANAI_TYPE_CARD_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::card-message", G_CALLBACK (on_card_message), self);
  g_signal_connect (kakanai_kiosk_session_get_card (session), "state-changed",
                    G_CALLBACK (on_reader_state_changed), self);
  update (self);
  return GTK_WIDGET (self);
}
