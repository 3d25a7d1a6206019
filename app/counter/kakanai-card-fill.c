/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-fill.c: the card record as form data */
#define G_LOG_DOMAIN "kakanai-card-fill"

#include "kakanai-card-fill.h"

#include <glib/gi18n-lib.h>

gboolean
kakanai_form_data_add_card_record (KakanaiFormData         *data,
                                   const KakanaiCardRecord *record,
                                   GError                 **error)
{
  char birth_date[11];
  const char *sex;
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sex = kakanai_card_sex_to_code (record->sex);
  if (!kakanai_card_birth_date_to_iso (record->birth_date, birth_date) || sex == NULL)
    {
      kakanai_wipe (birth_date, sizeof birth_date);
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                           _("The card gave a birth date or sex that a form cannot hold"));
      return FALSE;
    }

  ok = kakanai_form_data_set (data, "card.name", record->name, error)
    && kakanai_form_data_set (data, "card.address", record->address, error)
    && kakanai_form_data_set (data, "card.birth_date", birth_date, error)
    && kakanai_form_data_set (data, "card.sex", sex, error)
    && kakanai_form_data_set (data, "card.my_number", record->my_number, error);
  kakanai_wipe (birth_date, sizeof birth_date);
  return ok;
}
