/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-clerk-interview.c: the clerk types the data of a resident without a card */
#define G_LOG_DOMAIN "kakanai-clerk"

#include "config.h"

#include "kakanai-clerk-interview.h"

#include <glib/gi18n.h>

#include <kakanai-secure.h>

#include "kakanai-clerk-record.h"
#include "kakanai-question-page.h"

#define FIRST_QUESTION_ROW 4   /* below name, address, birth date and sex */

/* One question the templates leave to the clerk, and the control that answers it. */
typedef struct
{
  KakanaiQuestion *question;
  GtkWidget       *label;
  GtkWidget       *control;   /* GtkDropDown (choices) or GtkEntry */
  const char     **values;    /* a drop-down's option values, in its order */
} ClerkQuestionRow;

static void
clerk_question_row_free (gpointer data)
{
  ClerkQuestionRow *row = data;

  kakanai_question_unref (row->question);
  g_free (row->values);
  g_free (row);
}

struct _KakanaiClerkInterview
{
  GtkBox parent_instance;

  GtkEntry *name_entry;
  GtkEntry *address_entry;
  GtkEntry *birth_entry;
  GtkDropDown *sex_dropdown;
  GtkGrid *fields_grid;
  GtkLabel *error_label;
  GPtrArray *rows;   /* ClerkQuestionRow* */
};

G_DEFINE_FINAL_TYPE (KakanaiClerkInterview, kakanai_clerk_interview, GTK_TYPE_BOX)

static void show_error (KakanaiClerkInterview *self,
                        const char            *message);

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

static GtkWidget *
choice_control (ClerkQuestionRow    *row,
                KakanaiKioskSession *session,
                const char          *language)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  row->values = kakanai_kiosk_session_dup_clerk_options (session, row->question);
  for (guint i = 0; row->values[i] != NULL; i++)
    gtk_string_list_append (labels, kakanai_question_page_option_label (row->question, row->values[i], language));
  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
}

static GtkWidget *
entry_control (void)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  /* The undo history would keep copies of personal data past clear. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  return entry;
}

static void
remove_question_rows (KakanaiClerkInterview *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ClerkQuestionRow *row = g_ptr_array_index (self->rows, i);

      if (GTK_IS_ENTRY (row->control))
        gtk_entry_buffer_delete_text (gtk_entry_get_buffer (GTK_ENTRY (row->control)), 0, -1);
      gtk_grid_remove (self->fields_grid, row->label);
      gtk_grid_remove (self->fields_grid, row->control);
    }
  g_ptr_array_set_size (self->rows, 0);
}

void
kakanai_clerk_interview_set_questions (KakanaiClerkInterview *self,
                                       KakanaiKioskSession   *session,
                                       const char            *language)
{
  GPtrArray *questions;

  g_return_if_fail (KAKANAI_IS_CLERK_INTERVIEW (self));
  g_return_if_fail (KAKANAI_IS_KIOSK_SESSION (session));

  remove_question_rows (self);
  questions = kakanai_kiosk_session_get_clerk_questions (session);
  for (guint i = 0; i < questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (questions, i);
      KakanaiQuestionKind kind = kakanai_question_get_kind (question);
      ClerkQuestionRow *row;
      guint at = FIRST_QUESTION_ROW + self->rows->len;

      /* A list or a group of people is the resident's to give, not a clerk's note. */
      if (kind == KAKANAI_QUESTION_MULTIPLE_CHOICE || kind == KAKANAI_QUESTION_GROUP)
        {
          g_debug ("clerk question %s (%s) is not asked in the interview",
                   kakanai_question_get_key (question), kakanai_question_kind_to_string (kind));
          continue;
        }
      row = g_new0 (ClerkQuestionRow, 1);
      row->question = kakanai_question_ref (question);
      row->control = kind == KAKANAI_QUESTION_CHOICE || kind == KAKANAI_QUESTION_YES_NO
                     ? choice_control (row, session, language) : entry_control ();
      row->label = gtk_label_new (kakanai_question_get_prompt (question, language));
      gtk_label_set_xalign (GTK_LABEL (row->label), 0);
      gtk_label_set_mnemonic_widget (GTK_LABEL (row->label), row->control);
      gtk_grid_attach (self->fields_grid, row->label, 0, (int) at, 1, 1);
      gtk_grid_attach (self->fields_grid, row->control, 1, (int) at, 1, 1);
      g_ptr_array_add (self->rows, row);
    }
}

/* What the clerk gave for @row, as stored (release with kakanai_secure_strfree), or NULL
 * with @error when refused. "" when left empty. */
static char *
row_answer (ClerkQuestionRow *row,
            GError          **error)
{
  if (GTK_IS_DROP_DOWN (row->control))
    {
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (row->control));
      guint n = g_strv_length ((char **) row->values);

      return kakanai_secure_strdup (selected < n ? row->values[selected] : "");
    }
  return kakanai_question_normalize_answer (row->question,
                                            gtk_editable_get_text (GTK_EDITABLE (row->control)),
                                            error);
}

/* The clerk's answers into @answers; FALSE with the control at fault focused. */
static gboolean
take_answers (KakanaiClerkInterview *self,
              GHashTable            *answers,
              GError               **error)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ClerkQuestionRow *row = g_ptr_array_index (self->rows, i);
      GError *local_error = NULL;
      char *value = row_answer (row, &local_error);

      if (value == NULL)
        {
          show_error (self, local_error->message);
          gtk_widget_grab_focus (row->control);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (*value == '\0')
        kakanai_secure_strfree (value);
      else
        g_hash_table_insert (answers, g_strdup (kakanai_question_get_key (row->question)), value);
    }
  return TRUE;
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
  for (guint i = 0; i < self->rows->len; i++)
    {
      ClerkQuestionRow *row = g_ptr_array_index (self->rows, i);

      if (GTK_IS_DROP_DOWN (row->control))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (row->control), 0);
      else
        empty_entry (GTK_ENTRY (row->control));
    }
  show_error (self, NULL);
}

KakanaiCardRecord *
kakanai_clerk_interview_build (KakanaiClerkInterview *self, GHashTable *answers,
                               GError **error)
{
  guint sex_index = gtk_drop_down_get_selected (self->sex_dropdown);
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
  if (!take_answers (self, answers, error))
    {
      kakanai_card_record_free (record);
      return NULL;
    }
  show_error (self, NULL);
  return record;
}

static void
kakanai_clerk_interview_dispose (GObject *object)
{
  KakanaiClerkInterview *self = KAKANAI_CLERK_INTERVIEW (object);

  if (self->name_entry != NULL)
    kakanai_clerk_interview_clear (self);
  if (self->rows != NULL)
    remove_question_rows (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, KakanaiClerkInterview, error_label);
}

static void
kakanai_clerk_interview_init (KakanaiClerkInterview *self)
{
  g_autoptr(GListModel) sexes = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (clerk_question_row_free);
  sexes = sex_model ();
  gtk_drop_down_set_model (self->sex_dropdown, sexes);
}

GtkWidget *
kakanai_clerk_interview_new (void)
{
  return g_object_new (KAKANAI_TYPE_CLERK_INTERVIEW, NULL);
}
