/* kakanai-pin-pad.c: a large on-screen digit keypad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-pin-pad.h"

#include <glib/gi18n.h>

#include "kakanai-kiosk-ruby.h"

struct _KakanaiPinPad {
  GtkWidget  parent_instance;
  GtkGrid   *grid;
  GtkWidget *confirm_key;
};

G_DEFINE_FINAL_TYPE (KakanaiPinPad, kakanai_pin_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOWS_CONFIRM,
  PROP_CAN_CONFIRM,
  N_PROPS
};

enum {
  SIGNAL_DIGIT,
  SIGNAL_ERASE,
  SIGNAL_CONFIRM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_digit_clicked (GtkButton     *button,
                  KakanaiPinPad *self)
{
  guint digit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "digit"));

  g_signal_emit (self, signals[SIGNAL_DIGIT], 0, digit);
}

static void
on_erase_clicked (GtkButton     *button,
                  KakanaiPinPad *self)
{
  g_signal_emit (self, signals[SIGNAL_ERASE], 0);
}

static void
on_confirm_clicked (GtkButton     *button,
                    KakanaiPinPad *self)
{
  g_signal_emit (self, signals[SIGNAL_CONFIRM], 0);
}

/* @id names the key for tests and themes: the digit itself, "erase" or "ok". */
static GtkWidget *
make_key (const char *id,
          const char *label,
          const char *accessible_name)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf ("pad-key-%s", id);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "pad-key");
  /* A pad key never takes focus from the field the resident types into. */
  gtk_widget_set_focus_on_click (button, FALSE);
  if (accessible_name != NULL)
    kakanai_kiosk_ruby_set_accessible (button, GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name);
  return button;
}

static void
kakanai_pin_pad_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KakanaiPinPad *self = KAKANAI_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_SHOWS_CONFIRM:
      g_value_set_boolean (value, gtk_widget_get_visible (self->confirm_key));
      break;
    case PROP_CAN_CONFIRM:
      g_value_set_boolean (value, gtk_widget_get_sensitive (self->confirm_key));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_pin_pad_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KakanaiPinPad *self = KAKANAI_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_SHOWS_CONFIRM:
      gtk_widget_set_visible (self->confirm_key, g_value_get_boolean (value));
      break;
    case PROP_CAN_CONFIRM:
      gtk_widget_set_sensitive (self->confirm_key, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_pin_pad_dispose (GObject *object)
{
  KakanaiPinPad *self = KAKANAI_PIN_PAD (object);

  g_clear_pointer ((GtkWidget **) &self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (kakanai_pin_pad_parent_class)->dispose (object);
}

static void
kakanai_pin_pad_class_init (KakanaiPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_pin_pad_dispose;
  object_class->get_property = kakanai_pin_pad_get_property;
  object_class->set_property = kakanai_pin_pad_set_property;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pinpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  signals[SIGNAL_DIGIT] = g_signal_new ("digit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ERASE] = g_signal_new ("erase", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONFIRM] = g_signal_new ("confirm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  properties[PROP_SHOWS_CONFIRM] =
    g_param_spec_boolean ("shows-confirm", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_CONFIRM] =
    g_param_spec_boolean ("can-confirm", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kakanai_pin_pad_init (KakanaiPinPad *self)
{
  /* Telephone order: 1 2 3 / 4 5 6 / 7 8 9 / erase 0 OK. */
  static const guint order[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  GtkWidget *erase;
  GtkWidget *zero;

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 12);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_grid_set_row_homogeneous (self->grid, TRUE);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      char label[2] = { (char) ('0' + order[i]), '\0' };
      GtkWidget *key = make_key (label, label, NULL);

      g_object_set_data (G_OBJECT (key), "digit", GUINT_TO_POINTER (order[i]));
      g_signal_connect (key, "clicked", G_CALLBACK (on_digit_clicked), self);
      gtk_grid_attach (self->grid, key, (int) (i % 3), (int) (i / 3), 1, 1);
    }
  zero = make_key ("0", "0", NULL);
  g_object_set_data (G_OBJECT (zero), "digit", GUINT_TO_POINTER (0));
  g_signal_connect (zero, "clicked", G_CALLBACK (on_digit_clicked), self);
  gtk_grid_attach (self->grid, zero, 1, 3, 1, 1);

  erase = make_key ("erase", _("Erase"), _("Erase the last digit"));
  gtk_widget_add_css_class (erase, "erase");
  g_signal_connect (erase, "clicked", G_CALLBACK (on_erase_clicked), self);
  gtk_grid_attach (self->grid, erase, 0, 3, 1, 1);

  /* The PIN goes to the card only on OK, so a mistyped last digit can still be erased
   * instead of costing one of the card's three tries. */
  self->confirm_key = make_key ("ok", _("OK"), _("Send the PIN to the card"));
  gtk_widget_add_css_class (self->confirm_key, "confirm");
  gtk_widget_add_css_class (self->confirm_key, "suggested-action");
  gtk_widget_set_visible (self->confirm_key, FALSE);
  gtk_widget_set_sensitive (self->confirm_key, FALSE);
  g_signal_connect (self->confirm_key, "clicked", G_CALLBACK (on_confirm_clicked), self);
  gtk_grid_attach (self->grid, self->confirm_key, 2, 3, 1, 1);
}

GtkWidget *
kakanai_pin_pad_new (void)
{
  return g_object_new (KAKANAI_TYPE_PIN_PAD, NULL);
}
