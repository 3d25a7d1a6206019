/* kakanai-kiosk-dialog.c: a question or a notice over the resident's screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-dialog.h"

#include "kakanai-kiosk-ruby.h"

struct _KakanaiKioskDialog {
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *message_label;
  GtkButton *primary_button;
  GtkButton *secondary_button;
};

G_DEFINE_FINAL_TYPE (KakanaiKioskDialog, kakanai_kiosk_dialog, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_primary_clicked (GtkButton          *button,
                    KakanaiKioskDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, TRUE);
}

static void
on_secondary_clicked (GtkButton          *button,
                      KakanaiKioskDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_RESPONSE], 0, FALSE);
}

static gboolean
kakanai_kiosk_dialog_grab_focus (GtkWidget *widget)
{
  KakanaiKioskDialog *self = KAKANAI_KIOSK_DIALOG (widget);
  GtkWidget *safe = gtk_widget_get_visible (GTK_WIDGET (self->secondary_button))
                      ? GTK_WIDGET (self->secondary_button) : GTK_WIDGET (self->primary_button);

  return gtk_widget_grab_focus (safe);
}

static void
kakanai_kiosk_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_KIOSK_DIALOG);
  G_OBJECT_CLASS (kakanai_kiosk_dialog_parent_class)->dispose (object);
}

static void
kakanai_kiosk_dialog_class_init (KakanaiKioskDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_kiosk_dialog_dispose;
  widget_class->grab_focus = kakanai_kiosk_dialog_grab_focus;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-kiosk-dialog.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskDialog, primary_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskDialog, secondary_button);
  gtk_widget_class_bind_template_callback (widget_class, on_primary_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_secondary_clicked);
  signals[SIGNAL_RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kakanai_kiosk_dialog_init (KakanaiKioskDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_kiosk_dialog_new (const char *title,
                          const char *message,
                          const char *primary_label,
                          const char *primary_name,
                          const char *secondary_label,
                          const char *secondary_name)
{
  KakanaiKioskDialog *self = g_object_new (KAKANAI_TYPE_KIOSK_DIALOG, NULL);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && message[0] != '\0');
  gtk_button_set_label (self->primary_button, primary_label);
  gtk_widget_set_name (GTK_WIDGET (self->primary_button), primary_name);
  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), secondary_label != NULL);
  if (secondary_label != NULL)
    {
      gtk_button_set_label (self->secondary_button, secondary_label);
      gtk_widget_set_name (GTK_WIDGET (self->secondary_button), secondary_name);
    }
  kakanai_kiosk_ruby_set_accessible (GTK_WIDGET (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title);
  return GTK_WIDGET (self);
}
