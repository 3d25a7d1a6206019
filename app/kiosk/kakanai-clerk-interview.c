/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-interview.c: the clerk types the data of a resident without a card */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-interview.h"

#include <glib/gi18n.h>

#include "kakanai-clerk-record.h"

struct _KakanaiClerkInterview
{
  GtkBox parent_instance;

  GtkEntry *name_entry;
  GtkEntry *address_entry;
  GtkEntry *birth_entry;
  GtkDropDown *sex_dropdown;
  GtkDropDown *document_dropdown;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (KakanaiClerkInterview, kakanai_clerk_interview, GTK_TYPE_BOX)

/* In the order of the drop-down. */
static const KakanaiSex sex_choices[] = {
  KAKANAI_SEX_MALE, KAKANAI_SEX_FEMALE, KAKANAI_SEX_NOT_KNOWN, KAKANAI_SEX_NOT_APPLICABLE,
};

static GListModel *
sex_model (void)
{
  const char *labels[] = { _("Male"), _("Female"), _("Not known"), _("Not applicable"), NULL };

  return G_LIST_MODEL (gtk_string_list_new (labels));
}

static GListModel *
document_model (void)
{
  guint n;
  const KakanaiClerkIdentityDocument *documents = kakanai_clerk_identity_documents (&n);
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(documents[i].label));
  return G_LIST_MODEL (list);
}

static void
show_error (KakanaiClerkInterview *self, const char *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* GtkEntryBuffer keeps no copy once emptied; deleting the text is what GTK offers. */
static void
empty_entry (GtkEntry *entry)
{
  gtk_entry_buffer_delete_text (gtk_entry_get_buffer (entry), 0, -1);
}

void
kakanai_clerk_interview_clear (KakanaiClerkInterview *self)
{
  g_return_if_fail (KAKANAI_IS_CLERK_INTERVIEW (self));
  empty_entry (self->name_entry);
  empty_entry (self->address_entry);
  empty_entry (self->birth_entry);
  gtk_drop_down_set_selected (self->sex_dropdown, 0);
  gtk_drop_down_set_selected (self->document_dropdown, 0);
  show_error (self, NULL);
}

KakanaiCardRecord *
kakanai_clerk_interview_build (KakanaiClerkInterview *self, const char **identity_document,
                               GError **error)
{
  guint n_documents;
  const KakanaiClerkIdentityDocument *documents = kakanai_clerk_identity_documents (&n_documents);
  guint sex_index = gtk_drop_down_get_selected (self->sex_dropdown);
  guint document_index = gtk_drop_down_get_selected (self->document_dropdown);
  GError *local_error = NULL;
  KakanaiCardRecord *record;

  g_return_val_if_fail (KAKANAI_IS_CLERK_INTERVIEW (self), NULL);
  record = kakanai_clerk_record_build (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                                       gtk_editable_get_text (GTK_EDITABLE (self->address_entry)),
                                       gtk_editable_get_text (GTK_EDITABLE (self->birth_entry)),
                                       sex_index < G_N_ELEMENTS (sex_choices) ? sex_choices[sex_index]
                                                                              : KAKANAI_SEX_NOT_KNOWN,
                                       &local_error);
  if (record == NULL)
    {
      GtkEntry *culprit = local_error->code == KAKANAI_CLERK_RECORD_ERROR_NAME ? self->name_entry
                          : local_error->code == KAKANAI_CLERK_RECORD_ERROR_ADDRESS ? self->address_entry
                          : self->birth_entry;
      show_error (self, local_error->message);
      gtk_widget_grab_focus (GTK_WIDGET (culprit));
      g_propagate_error (error, local_error);
      return NULL;
    }
  show_error (self, NULL);
  *identity_document = documents[MIN (document_index, n_documents - 1)].value;
  return record;
}

static void
kakanai_clerk_interview_dispose (GObject *object)
{
  KakanaiClerkInterview *self = KAKANAI_CLERK_INTERVIEW (object);

  if (self->name_entry != NULL)
    kakanai_clerk_interview_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_CLERK_INTERVIEW);
  G_OBJECT_CLASS (kakanai_clerk_interview_parent_class)->dispose (object);
}

static void
kakanai_clerk_interview_class_init (KakanaiClerkInterviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_clerk_interview_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/clerk/kakanai-clerk-interview.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, name_entry);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, address_entry);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, birth_entry);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, sex_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, error_label);
}

static void
kakanai_clerk_interview_init (KakanaiClerkInterview *self)
{
  g_autoptr(GListModel) sexes = NULL;
  g_autoptr(GListModel) documents = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  sexes = sex_model ();
  documents = document_model ();
  gtk_drop_down_set_model (self->sex_dropdown, sexes);
  gtk_drop_down_set_model (self->document_dropdown, documents);
}

GtkWidget *
kakanai_clerk_interview_new (void)
{
  return g_object_new (KAKANAI_TYPE_CLERK_INTERVIEW, NULL);
}
