/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-panel.c: what a clerk can do at the kiosk */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-panel.h"

#include <glib/gi18n.h>

struct _KakanaiClerkPanel
{
  GtkBox parent_instance;

  GtkLabel *notice_label;
  GtkDropDown *reader_dropdown;
  GtkDropDown *printer_dropdown;
  GtkLabel *printer_message_label;
  GtkLabel *print_status_label;
  GtkLabel *statistics_label;

  gboolean filling; /* set while we change the drop-downs ourselves */
};

G_DEFINE_FINAL_TYPE (KakanaiClerkPanel, kakanai_clerk_panel, GTK_TYPE_BOX)

static void
fill_dropdown (KakanaiClerkPanel *self, GtkDropDown *dropdown, const char * const *names,
               const char *current)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = 0;

  for (; names != NULL && names[n] != NULL; n++)
    {
      gtk_string_list_append (list, names[n]);
      if (g_strcmp0 (names[n], current) == 0)
        selected = n;
    }
  if (current != NULL && *current != '\0' && selected == GTK_INVALID_LIST_POSITION)
    {
      gtk_string_list_append (list, current);
      selected = n;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
  self->filling = FALSE;
}

static void
on_selected_changed (GtkDropDown *dropdown, GParamSpec *pspec, KakanaiClerkPanel *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);
  const char *action = dropdown == self->reader_dropdown ? "clerk.choose-reader" : "clerk.choose-printer";

  if (self->filling || item == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), action, "s", gtk_string_object_get_string (item));
}

void
kakanai_clerk_panel_set_readers (KakanaiClerkPanel *self, const char * const *names, const char *current)
{
  fill_dropdown (self, self->reader_dropdown, names, current);
}

static void
set_printer_message (KakanaiClerkPanel *self, const char *text)
{
  gtk_label_set_label (self->printer_message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->printer_message_label), text != NULL);
}

void
kakanai_clerk_panel_set_printers (KakanaiClerkPanel *self, const char * const *names, const char *current)
{
  set_printer_message (self, NULL);
  fill_dropdown (self, self->printer_dropdown, names, current);
  gtk_widget_set_sensitive (GTK_WIDGET (self->printer_dropdown), TRUE);
}

void
kakanai_clerk_panel_set_printers_loading (KakanaiClerkPanel *self)
{
  const char * const loading[] = { _("Loading printers…"), NULL };

  set_printer_message (self, NULL);
  /* Nothing to choose meanwhile: the one item only says why the list is empty. */
  fill_dropdown (self, self->printer_dropdown, loading, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->printer_dropdown), FALSE);
}

void
kakanai_clerk_panel_set_printers_failed (KakanaiClerkPanel *self, const char *reason, const char *current)
{
  g_autofree char *message = g_strdup_printf (_("Printers could not be listed: %s"), reason);
  const char * const none[] = { NULL };

  fill_dropdown (self, self->printer_dropdown, none, current);
  gtk_widget_set_sensitive (GTK_WIDGET (self->printer_dropdown), TRUE);
  set_printer_message (self, message);
}

void
kakanai_clerk_panel_set_print_status (KakanaiClerkPanel *self, const char *text)
{
  gtk_label_set_label (self->print_status_label, text);
}

void
kakanai_clerk_panel_set_statistics (KakanaiClerkPanel *self, const char *text)
{
  gtk_label_set_label (self->statistics_label, text);
}

void
kakanai_clerk_panel_set_notice (KakanaiClerkPanel *self, const char *text)
{
  gtk_label_set_label (self->notice_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text != NULL);
}

static void
kakanai_clerk_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_CLERK_PANEL);
  G_OBJECT_CLASS (kakanai_clerk_panel_parent_class)->dispose (object);
}

static void
kakanai_clerk_panel_class_init (KakanaiClerkPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_clerk_panel_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/clerk/kakanai-clerk-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, notice_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, reader_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, printer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, printer_message_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, print_status_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkPanel, statistics_label);
}

static void
kakanai_clerk_panel_init (KakanaiClerkPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->reader_dropdown, "notify::selected", G_CALLBACK (on_selected_changed), self);
  g_signal_connect (self->printer_dropdown, "notify::selected", G_CALLBACK (on_selected_changed), self);
}

GtkWidget *
kakanai_clerk_panel_new (void)
{
  return g_object_new (KAKANAI_TYPE_CLERK_PANEL, NULL);
}
