/* kakanai-confirm-page.c: "is this you?", the card's name, address, birth date and sex.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-confirm-page.h"

#include <glib/gi18n.h>
#include <string.h>

struct _KakanaiConfirmPage {
  GtkWidget            parent_instance;

  GtkLabel            *record_name;
  GtkLabel            *record_address;
  GtkLabel            *record_birth_date;
  GtkLabel            *record_sex;

  KakanaiKioskSession *session;
};

G_DEFINE_FINAL_TYPE (KakanaiConfirmPage, kakanai_confirm_page, GTK_TYPE_WIDGET)

static const char *
describe_sex (KakanaiSex sex)
{
  switch (sex)
    {
    case KAKANAI_SEX_MALE:
      return _("Male");
    case KAKANAI_SEX_FEMALE:
      return _("Female");
    case KAKANAI_SEX_NOT_APPLICABLE:
      return _("Not applicable");
    case KAKANAI_SEX_NOT_KNOWN:
    default:
      return _("Not known");
    }
}

static void
clear (KakanaiConfirmPage *self)
{
  gtk_label_set_text (self->record_name, "");
  gtk_label_set_text (self->record_address, "");
  gtk_label_set_text (self->record_birth_date, "");
  gtk_label_set_text (self->record_sex, "");
}

static void
fill (KakanaiConfirmPage      *self,
      const KakanaiCardRecord *record)
{
  char iso[11] = { 0 };
  g_autofree char *wareki = NULL;
  g_autofree char *birth = NULL;

  gtk_label_set_text (self->record_name, record->name);
  gtk_label_set_text (self->record_address, record->address);
  if (kakanai_card_birth_date_to_iso (record->birth_date, iso))
    wareki = kakanai_wareki_format_date (iso, KAKANAI_DATE_STYLE_WAREKI, NULL);
  birth = wareki != NULL ? g_strdup_printf ("%s (%s)", wareki, iso) : g_strdup (iso);
  gtk_label_set_text (self->record_birth_date, birth);
  gtk_label_set_text (self->record_sex, describe_sex (record->sex));
  kakanai_wipe (iso, sizeof iso);
  if (wareki != NULL)
    kakanai_wipe (wareki, strlen (wareki));
  kakanai_wipe (birth, strlen (birth));
}

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiConfirmPage  *self)
{
  const KakanaiCardRecord *record = kakanai_kiosk_session_get_record (session);

  if (kakanai_kiosk_session_get_step (session) == KAKANAI_KIOSK_STEP_CONFIRM && record != NULL)
    fill (self, record);
  else
    clear (self);
}

static void
kakanai_confirm_page_dispose (GObject *object)
{
  KakanaiConfirmPage *self = KAKANAI_CONFIRM_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_CONFIRM_PAGE);
  G_OBJECT_CLASS (kakanai_confirm_page_parent_class)->dispose (object);
}

static void
kakanai_confirm_page_class_init (KakanaiConfirmPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_confirm_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-confirm-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiConfirmPage, record_name);
  gtk_widget_class_bind_template_child (widget_class, KakanaiConfirmPage, record_address);
  gtk_widget_class_bind_template_child (widget_class, KakanaiConfirmPage, record_birth_date);
  gtk_widget_class_bind_template_child (widget_class, KakanaiConfirmPage, record_sex);
}

static void
kakanai_confirm_page_init (KakanaiConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_confirm_page_new (KakanaiKioskSession *session)
{
  KakanaiConfirmPage *self = g_object_new (KAKANAI_TYPE_CONFIRM_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
