/* kakanai-choose-page.c: the procedures (life events, certificates) as large cards;
 * one touched chooses its forms, each of which can still be added or taken away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-choose-page.h"

#include <glib/gi18n.h>

#include "kakanai-kiosk-ruby.h"

#define PROCEDURES_PER_ROW 2
#define FORMS_PER_ROW 3

struct _KakanaiChoosePage {
  GtkWidget            parent_instance;

  GtkGrid             *procedures_grid;
  GtkLabel            *forms_title;
  GtkGrid             *forms_grid;
  GtkLabel            *choose_message;

  KakanaiKioskSession *session;
  char                *language;
  GPtrArray           *procedure_toggles; /* GtkToggleButton*, with "procedure" data */
  GPtrArray           *form_toggles;      /* GtkToggleButton*, with "template" data */
  gboolean             syncing;
};

G_DEFINE_FINAL_TYPE (KakanaiChoosePage, kakanai_choose_page, GTK_TYPE_WIDGET)

/* A card: a title over a short explanation; its accessible name the title. */
static GtkWidget *
new_card (const char *name,
          const char *title,
          const char *explanation,
          const char *css_class)
{
  GtkWidget *toggle = gtk_toggle_button_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *check = gtk_label_new ("✓");
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *explanation_label = gtk_label_new (explanation);

  gtk_widget_add_css_class (check, "check");
  gtk_widget_set_halign (check, GTK_ALIGN_END);
  gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_add_css_class (title_label, "card-title");
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (explanation_label, "card-description");
  gtk_label_set_wrap (GTK_LABEL (explanation_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation_label), 0);
  gtk_widget_set_visible (explanation_label, explanation != NULL && explanation[0] != '\0');
  gtk_box_append (GTK_BOX (inner), check);
  gtk_box_append (GTK_BOX (inner), title_label);
  gtk_box_append (GTK_BOX (inner), explanation_label);
  gtk_button_set_child (GTK_BUTTON (toggle), inner);
  gtk_widget_add_css_class (toggle, css_class);
  gtk_widget_set_name (toggle, name);
  kakanai_kiosk_ruby_set_accessible (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, title);
  kakanai_kiosk_ruby_set_accessible (toggle, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation);
  return toggle;
}

/* The toggles follow the session (a procedure changes the forms, a form the procedure). */
static void
sync_toggles (KakanaiChoosePage *self)
{
  KakanaiProcedure *procedure = kakanai_kiosk_session_get_procedure (self->session);

  self->syncing = TRUE;
  for (guint i = 0; i < self->procedure_toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->procedure_toggles, i);

      gtk_toggle_button_set_active (toggle, g_object_get_data (G_OBJECT (toggle), "procedure") == procedure);
    }
  for (guint i = 0; i < self->form_toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->form_toggles, i);
      KakanaiTemplate *tpl = g_object_get_data (G_OBJECT (toggle), "template");

      gtk_toggle_button_set_active (toggle, kakanai_kiosk_session_is_form_chosen (self->session, tpl));
    }
  self->syncing = FALSE;
}

static void
on_procedure_toggled (GtkToggleButton   *toggle,
                      KakanaiChoosePage *self)
{
  if (self->syncing)
    return;
  if (gtk_toggle_button_get_active (toggle))
    kakanai_kiosk_session_choose_procedure (self->session, g_object_get_data (G_OBJECT (toggle), "procedure"));
  else
    sync_toggles (self);
}

static void
on_form_toggled (GtkToggleButton   *toggle,
                 KakanaiChoosePage *self)
{
  if (self->syncing)
    return;
  kakanai_kiosk_session_set_form_chosen (self->session, g_object_get_data (G_OBJECT (toggle), "template"),
                                         gtk_toggle_button_get_active (toggle));
}

static void
on_chosen_changed (KakanaiKioskSession *session,
                   KakanaiChoosePage   *self)
{
  sync_toggles (self);
}

static void
fill (KakanaiChoosePage *self)
{
  GPtrArray *procedures = kakanai_kiosk_session_get_procedures (self->session);
  GPtrArray *templates = kakanai_kiosk_session_get_templates (self->session);

  for (guint i = 0; i < procedures->len; i++)
    {
      KakanaiProcedure *procedure = g_ptr_array_index (procedures, i);
      g_autofree char *name = g_strdup_printf ("procedure:%s", kakanai_procedure_get_id (procedure));
      GtkWidget *toggle = new_card (name, kakanai_procedure_get_title (procedure, self->language),
                                    kakanai_procedure_get_description (procedure, self->language), "procedure");

      g_object_set_data_full (G_OBJECT (toggle), "procedure", kakanai_procedure_ref (procedure),
                              (GDestroyNotify) kakanai_procedure_unref);
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_procedure_toggled), self);
      gtk_grid_attach (self->procedures_grid, toggle, (int) (i % PROCEDURES_PER_ROW), (int) (i / PROCEDURES_PER_ROW), 1, 1);
      g_ptr_array_add (self->procedure_toggles, toggle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->procedures_grid), procedures->len > 0);
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (templates, i);
      g_autofree char *name = g_strdup_printf ("form:%s", kakanai_template_get_id (tpl));
      GtkWidget *toggle = new_card (name, kakanai_template_get_title_for (tpl, self->language), NULL, "form");

      g_object_set_data_full (G_OBJECT (toggle), "template", kakanai_template_ref (tpl),
                              (GDestroyNotify) kakanai_template_unref);
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_form_toggled), self);
      gtk_grid_attach (self->forms_grid, toggle, (int) (i % FORMS_PER_ROW), (int) (i / FORMS_PER_ROW), 1, 1);
      g_ptr_array_add (self->form_toggles, toggle);
    }
  if (templates == NULL || templates->len == 0)
    {
      gtk_label_set_text (self->choose_message, _("No forms are installed. Please ask a member of staff."));
      gtk_widget_set_visible (GTK_WIDGET (self->choose_message), TRUE);
    }
  sync_toggles (self);
}

static gboolean
kakanai_choose_page_grab_focus (GtkWidget *widget)
{
  KakanaiChoosePage *self = KAKANAI_CHOOSE_PAGE (widget);
  GPtrArray *toggles = self->procedure_toggles->len > 0 ? self->procedure_toggles : self->form_toggles;

  return toggles->len > 0 && gtk_widget_grab_focus (g_ptr_array_index (toggles, 0));
}

static void
kakanai_choose_page_dispose (GObject *object)
{
  KakanaiChoosePage *self = KAKANAI_CHOOSE_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->procedure_toggles, g_ptr_array_unref);
  g_clear_pointer (&self->form_toggles, g_ptr_array_unref);
  g_clear_pointer (&self->language, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_CHOOSE_PAGE);
  G_OBJECT_CLASS (kakanai_choose_page_parent_class)->dispose (object);
}

static void
kakanai_choose_page_class_init (KakanaiChoosePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_choose_page_dispose;
  widget_class->grab_focus = kakanai_choose_page_grab_focus;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-choose-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiChoosePage, procedures_grid);
  gtk_widget_class_bind_template_child (widget_class, KakanaiChoosePage, forms_title);
  gtk_widget_class_bind_template_child (widget_class, KakanaiChoosePage, forms_grid);
  gtk_widget_class_bind_template_child (widget_class, KakanaiChoosePage, choose_message);
}

static void
kakanai_choose_page_init (KakanaiChoosePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->procedure_toggles = g_ptr_array_new ();
  self->form_toggles = g_ptr_array_new ();
}

GtkWidget *
kakanai_choose_page_new (KakanaiKioskSession *session,
                         const char          *language)
{
  KakanaiChoosePage *self = g_object_new (KAKANAI_TYPE_CHOOSE_PAGE, NULL);

  self->session = g_object_ref (session);
  self->language = g_strdup (language);
  fill (self);
  g_signal_connect (session, "chosen-changed", G_CALLBACK (on_chosen_changed), self);
  return GTK_WIDGET (self);
}
