/* kakanai-form-data.c: the key → value map a form is filled from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <kakanai-secure.h>

#include "kakanai-form-data.h"
#include "kakanai-forms-error.h"

struct _KakanaiFormData
{
  GHashTable *values; /* key (static or owned) → wiped-on-free value */
};

static const char * const known_keys[] = {
  "card.name",
  "card.address",
  "card.birth_date",
  "card.sex",
  "card.my_number",
  "applicant.name_kana",
  "applicant.phone",
  "applicant.postal_code",
  "applicant.relationship",
  "request.date",
  "request.purpose",
  "request.purpose_other",
  "request.submit_to",
  "request.copies",
  "request.fiscal_year",
  "request.kind",
  "request.include_householder",
  "request.include_domicile",
  "request.include_my_number",
  "request.include_resident_code",
  "request.seal_registration_number",
  "request.identity_document",
  "office.name",
  NULL
};

static const char * const date_keys[] = { "card.birth_date", "request.date", NULL };

#define COPIES_PREFIX "request.copies."

KakanaiFormData *
kakanai_form_data_new (void)
{
  KakanaiFormData *data = g_new0 (KakanaiFormData, 1);

  data->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) kakanai_secure_strfree);
  return data;
}

gboolean
kakanai_form_data_set_counter_defaults (KakanaiFormData *data,
                                        const char      *municipality,
                                        GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  g_return_val_if_fail (data != NULL, FALSE);
  if (!kakanai_form_data_set (data, "request.date", today, error))
    return FALSE;
  return municipality == NULL || municipality[0] == '\0' ||
         kakanai_form_data_set (data, "office.name", municipality, error);
}

void
kakanai_form_data_free (KakanaiFormData *data)
{
  if (data == NULL)
    return;
  g_hash_table_unref (data->values);
  g_free (data);
}

const char * const *
kakanai_form_data_known_keys (void)
{
  return known_keys;
}

gboolean
kakanai_form_data_is_name (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

gboolean
kakanai_form_data_is_known_key (const char *key)
{
  g_return_val_if_fail (key != NULL, FALSE);

  if (g_strv_contains (known_keys, key))
    return TRUE;
  return g_str_has_prefix (key, COPIES_PREFIX) && kakanai_form_data_is_name (key + strlen (COPIES_PREFIX));
}

#define TEMPLATE_KEY_PREFIX "form."
#define MAX_TEMPLATE_KEY_LENGTH 128

gboolean
kakanai_form_data_is_template_key (const char *key)
{
  gboolean name_started = FALSE;

  g_return_val_if_fail (key != NULL, FALSE);
  if (!g_str_has_prefix (key, TEMPLATE_KEY_PREFIX) || strlen (key) > MAX_TEMPLATE_KEY_LENGTH)
    return FALSE;
  for (const char *p = key + strlen (TEMPLATE_KEY_PREFIX); *p; p++)
    {
      if (*p == '.')
        {
          if (!name_started)
            return FALSE;
          name_started = FALSE;
        }
      else if (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_')
        name_started = TRUE;
      else
        return FALSE;
    }
  return name_started;
}

gboolean
kakanai_form_data_is_date_key (const char *key)
{
  return key != NULL && g_strv_contains (date_keys, key);
}

gboolean
kakanai_form_data_is_iso_date (const char *s)
{
  static const char shape[] = "dddd-dd-dd";

  if (strlen (s) != strlen (shape))
    return FALSE;
  for (guint i = 0; shape[i]; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != shape[i])
      return FALSE;

  int year = atoi (s), month = atoi (s + 5), day = atoi (s + 8);
  return g_date_valid_dmy (day, month, year);
}

static gboolean
check_value (const char *key, const char *value, GError **error)
{
  static const char * const sexes[] = { "male", "female", "not_known", "not_applicable", NULL };

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                   _("The value of “%s” is not valid UTF-8"), key);
      return FALSE;
    }
  if (kakanai_form_data_is_date_key (key) && *value != '\0' && !kakanai_form_data_is_iso_date (value))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                   _("The value of “%s” is not a date written YYYY-MM-DD"), key);
      return FALSE;
    }
  if (g_str_equal (key, "card.sex") && *value != '\0' && !g_strv_contains (sexes, value))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                   _("The value of “card.sex” must be male, female, not_known or not_applicable"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kakanai_form_data_set (KakanaiFormData *data,
                       const char      *key,
                       const char      *value,
                       GError         **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!kakanai_form_data_is_known_key (key) && !kakanai_form_data_is_template_key (key))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                   _("Unknown data key “%s”"), key);
      return FALSE;
    }
  if (value == NULL)
    {
      g_hash_table_remove (data->values, key);
      return TRUE;
    }
  if (!check_value (key, value, error))
    return FALSE;

  g_hash_table_replace (data->values, g_strdup (key), g_strdup (value));
  return TRUE;
}

const char *
kakanai_form_data_get (KakanaiFormData *data,
                       const char      *key)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (data->values, key);
}

gboolean
kakanai_form_data_contains (KakanaiFormData *data,
                            const char      *key)
{
  g_return_val_if_fail (data != NULL, FALSE);
  return g_hash_table_contains (data->values, key);
}
