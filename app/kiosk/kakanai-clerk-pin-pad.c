/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-pin-pad.c: the clerk's PIN pad */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-pin-pad.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kakanai-clerk-pin.h"
#include <kakanai-secure.h>

struct _KakanaiClerkPinPad
{
  GtkBox parent_instance;

  GtkLabel *dots_label;
  GtkGrid *digit_grid;
  GtkLabel *message_label;

  char digits[KAKANAI_CLERK_PIN_MAX_DIGITS + 1];
  guint length;
  gboolean locked;
};

G_DEFINE_FINAL_TYPE (KakanaiClerkPinPad, kakanai_clerk_pin_pad, GTK_TYPE_BOX)

static void
update_dots (KakanaiClerkPinPad *self)
{
  GString *dots = g_string_new (NULL);

  for (guint i = 0; i < self->length; i++)
    g_string_append (dots, "● ");
  gtk_label_set_label (self->dots_label, self->length > 0 ? dots->str : " ");
  g_string_free (dots, TRUE);
}

void
kakanai_clerk_pin_pad_clear (KakanaiClerkPinPad *self)
{
  g_return_if_fail (KAKANAI_IS_CLERK_PIN_PAD (self));
  kakanai_wipe (self->digits, sizeof self->digits);
  self->length = 0;
  update_dots (self);
}

static void
add_digit (KakanaiClerkPinPad *self, char digit)
{
  if (self->locked || self->length >= KAKANAI_CLERK_PIN_MAX_DIGITS)
    return;
  self->digits[self->length++] = digit;
  update_dots (self);
}

static void
remove_digit (KakanaiClerkPinPad *self)
{
  if (self->length == 0)
    return;
  self->digits[--self->length] = '\0';
  update_dots (self);
}

static void
on_digit_clicked (GtkButton *button, KakanaiClerkPinPad *self)
{
  add_digit (self, (char) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "digit")));
}

static void
on_backspace_clicked (GtkButton *button, KakanaiClerkPinPad *self)
{
  remove_digit (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, KakanaiClerkPinPad *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (c >= '0' && c <= '9')
    add_digit (self, (char) c);
  else if (keyval == GDK_KEY_BackSpace)
    remove_digit (self);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    gtk_widget_activate_action (GTK_WIDGET (self), "clerk.pin-submit", NULL);
  else if (keyval == GDK_KEY_Escape)
    gtk_widget_activate_action (GTK_WIDGET (self), "clerk.pin-cancel", NULL);
  else
    return FALSE;
  return TRUE;
}

/* The clerk's layout differs from the resident's on purpose (0 first, like a phone's
 * reverse), so a PIN watched over the shoulder on one pad does not map onto the other. */
static void
build_digit_buttons (KakanaiClerkPinPad *self)
{
  static const char order[] = "0123456789";

  for (guint i = 0; i < 10; i++)
    {
      char label[2] = { order[i], '\0' };
      GtkWidget *button = gtk_button_new_with_label (label);

      g_autofree char *name = g_strdup_printf ("clerk_digit_%c", order[i]);

      gtk_widget_set_name (button, name); /* for the GUI tests' "find" */
      g_object_set_data (G_OBJECT (button), "digit", GINT_TO_POINTER (order[i]));
      gtk_widget_add_css_class (button, "clerk-digit");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (on_digit_clicked), self);
      gtk_grid_attach (self->digit_grid, button, (int) (i % 5), (int) (i / 5), 1, 1);
    }
  {
    GtkWidget *backspace = gtk_button_new_from_icon_name ("edit-clear-symbolic");
    gtk_widget_add_css_class (backspace, "clerk-digit");
    gtk_accessible_update_property (GTK_ACCESSIBLE (backspace), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Delete the last digit"), -1);
    g_signal_connect (backspace, "clicked", G_CALLBACK (on_backspace_clicked), self);
    gtk_grid_attach (self->digit_grid, backspace, 5, 0, 1, 2);
  }
}

void
kakanai_clerk_pin_pad_check_async (KakanaiClerkPinPad *self, const char *stored_hash,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_return_if_fail (KAKANAI_IS_CLERK_PIN_PAD (self));
  self->digits[self->length] = '\0';
  kakanai_clerk_pin_check_async (self->digits, stored_hash, cancellable, callback, user_data);
  kakanai_clerk_pin_pad_clear (self);
}

guint
kakanai_clerk_pin_pad_get_length (KakanaiClerkPinPad *self)
{
  return self->length;
}

void
kakanai_clerk_pin_pad_set_message (KakanaiClerkPinPad *self, const char *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

void
kakanai_clerk_pin_pad_set_locked (KakanaiClerkPinPad *self, gboolean locked)
{
  self->locked = locked;
  if (locked)
    kakanai_clerk_pin_pad_clear (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->digit_grid), !locked);
}

static void
kakanai_clerk_pin_pad_dispose (GObject *object)
{
  KakanaiClerkPinPad *self = KAKANAI_CLERK_PIN_PAD (object);

  kakanai_wipe (self->digits, sizeof self->digits);
  self->length = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_CLERK_PIN_PAD);
  G_OBJECT_CLASS (kakanai_clerk_pin_pad_parent_class)->dispose (object);
}

static void
kakanai_clerk_pin_pad_class_init (KakanaiClerkPinPadClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_clerk_pin_pad_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/clerk/kakanai-clerk-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPinPad, dots_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPinPad, digit_grid);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPinPad, message_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kakanai_clerk_pin_pad_init (KakanaiClerkPinPad *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_digit_buttons (self);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
kakanai_clerk_pin_pad_new (void)
{
  return g_object_new (KAKANAI_TYPE_CLERK_PIN_PAD, NULL);
}
