/* kakanai-pin-page.c: the card's 4-digit PIN, on the pad or the keyboard; the last try
 * is guarded until a person decides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-pin-page.h"

#include <glib/gi18n.h>

#include "kakanai-alert.h"
#include "kakanai-kiosk-ruby.h"
#include "kakanai-pin-pad.h"

#define PIN_LENGTH 4

struct _KakanaiPinPage {
  GtkWidget            parent_instance;

  GtkLabel            *pin_title;
  GtkLabel            *pin_hint;
  GtkLabel            *pin_dots;
  GtkLabel            *pin_tries_label;
  GtkLabel            *pin_message;
  KakanaiPinPad       *pin_pad;

  KakanaiKioskSession *session;
};

G_DEFINE_FINAL_TYPE (KakanaiPinPage, kakanai_pin_page, GTK_TYPE_WIDGET)

static void
update_dots (KakanaiPinPage *self)
{
  guint length = kakanai_kiosk_session_get_pin_length (self->session);
  g_autoptr (GString) dots = g_string_new ("");
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < PIN_LENGTH; i++)
    g_string_append (dots, i < length ? "●" : "○");
  gtk_label_set_text (self->pin_dots, dots->str);
  g_object_set (self->pin_pad, "can-confirm", length == PIN_LENGTH, NULL);
  if (length == PIN_LENGTH)
    accessible = g_strdup (_("4 of 4 digits entered. Press OK to send the PIN to the card."));
  else
    accessible = g_strdup_printf (_("%u of 4 digits entered"), length);
  kakanai_kiosk_ruby_set_accessible (GTK_WIDGET (self->pin_dots), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible);
}

static void
set_message (KakanaiPinPage *self,
             const char     *message)
{
  kakanai_alert_show (self->pin_message, message, FALSE);
}

static void
update (KakanaiPinPage *self)
{
  guint tries_left = kakanai_kiosk_session_get_tries_left (self->session);
  gboolean blocked = tries_left == 0;
  gboolean guarded = kakanai_kiosk_session_is_last_try_pending (self->session);
  g_autofree char *tries = NULL;

  if (blocked)
    tries = g_strdup (_("Your PIN is locked because it was entered wrongly too many times."));
  else
    tries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "You have %u try left.",
                                          "You have %u tries left.", tries_left), tries_left);
  gtk_label_set_text (self->pin_tries_label, tries);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_pad), !blocked && !guarded);
  /* Nothing to type on a blocked card: only the way to the counter remains. */
  gtk_widget_set_visible (GTK_WIDGET (self->pin_pad), !blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_dots), !blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_hint), !blocked);
  gtk_label_set_text (self->pin_title, blocked ? _("Your PIN is locked") : _("Enter your 4-digit PIN"));
  if (blocked)
    set_message (self, _("The PIN can be reset at this counter. Please touch “Call staff” and take your card with you."));
  else if (guarded)
    set_message (self, _("Only one try is left: if it is wrong, the PIN will be locked. Please touch “Call staff” before you go on."));
  else if (tries_left == 1 && kakanai_kiosk_session_is_last_try_allowed (self->session))
    set_message (self, _("A member of staff has allowed the last try. Enter the PIN carefully."));
  else if (kakanai_kiosk_session_get_pin_was_wrong (self->session))
    set_message (self, _("That PIN was not right. Please try again."));
  else
    set_message (self, NULL);
  update_dots (self);
}

static void
on_session_notify (KakanaiKioskSession *session,
                   GParamSpec          *pspec,
                   KakanaiPinPage      *self)
{
  if (g_str_equal (pspec->name, "pin-length"))
    update_dots (self);
  else
    update (self);
}

static void
on_digit (KakanaiPinPad  *pad,
          guint           digit,
          KakanaiPinPage *self)
{
  kakanai_kiosk_session_add_pin_digit (self->session, digit);
}

static void
on_erase (KakanaiPinPad  *pad,
          KakanaiPinPage *self)
{
  kakanai_kiosk_session_erase_pin_digit (self->session);
}

static void
on_confirm (KakanaiPinPad  *pad,
            KakanaiPinPage *self)
{
  kakanai_kiosk_session_confirm_pin (self->session);
}

static gboolean
kakanai_pin_page_grab_focus (GtkWidget *widget)
{
  KakanaiPinPage *self = KAKANAI_PIN_PAGE (widget);

  update (self);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->pin_pad)) &&
         gtk_widget_child_focus (GTK_WIDGET (self->pin_pad), GTK_DIR_TAB_FORWARD);
}

static void
kakanai_pin_page_dispose (GObject *object)
{
  KakanaiPinPage *self = KAKANAI_PIN_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_PIN_PAGE);
  G_OBJECT_CLASS (kakanai_pin_page_parent_class)->dispose (object);
}

static void
kakanai_pin_page_class_init (KakanaiPinPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_pin_page_dispose;
  widget_class->grab_focus = kakanai_pin_page_grab_focus;
  g_type_ensure (KAKANAI_TYPE_PIN_PAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-pin-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_title);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_hint);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_dots);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_tries_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_message);
  gtk_widget_class_bind_template_child (widget_class, KakanaiPinPage, pin_pad);
}

static void
kakanai_pin_page_init (KakanaiPinPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_pin_page_new (KakanaiKioskSession *session)
{
  KakanaiPinPage *self = g_object_new (KAKANAI_TYPE_PIN_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (self->pin_pad, "digit", G_CALLBACK (on_digit), self);
  g_signal_connect (self->pin_pad, "erase", G_CALLBACK (on_erase), self);
  g_signal_connect (self->pin_pad, "confirm", G_CALLBACK (on_confirm), self);
  g_signal_connect (session, "notify::pin-length", G_CALLBACK (on_session_notify), self);
  g_signal_connect (session, "notify::tries-left", G_CALLBACK (on_session_notify), self);
  g_signal_connect (session, "notify::last-try-pending", G_CALLBACK (on_session_notify), self);
  update (self);
  return GTK_WIDGET (self);
}
