/* kakanai-form-data.h: the data a form is filled with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KakanaiFormData:
 *
 * A map from a known data key (see kakanai_form_data_known_keys()) to a UTF-8
 * value. Values are personal data: they are wiped when replaced, removed or
 * freed, and never logged.
 */
typedef struct _KakanaiFormData KakanaiFormData;

KakanaiFormData     *kakanai_form_data_new          (void);
void                 kakanai_form_data_free         (KakanaiFormData *data);

/* Copies @value (valid UTF-8). @value NULL removes the key. Fails with
 * KAKANAI_FORMS_ERROR_UNKNOWN_KEY or _INVALID_VALUE (bad UTF-8, a date key
 * that is not YYYY-MM-DD, a card.sex that is not male|female|not_known|
 * not_applicable). */
gboolean             kakanai_form_data_set          (KakanaiFormData *data,
                                                     const char      *key,
                                                     const char      *value,
                                                     GError         **error);
/* Borrowed; NULL when unset. */
const char          *kakanai_form_data_get          (KakanaiFormData *data,
                                                     const char      *key);
/* What the counter itself answers on every form: request.date (today) and office.name
 * (@municipality, left unset when NULL or empty). */
gboolean             kakanai_form_data_set_counter_defaults (KakanaiFormData *data,
                                                             const char      *municipality,
                                                             GError         **error);
gboolean             kakanai_form_data_contains     (KakanaiFormData *data,
                                                     const char      *key);

/* NULL-terminated, static: every key a template may name, except the
 * per-kind copies "request.copies.<option>" (see kakanai_form_data_is_known_key()). */
const char * const  *kakanai_form_data_known_keys   (void);
/* TRUE for the keys above and for "request.copies.<option>" where <option>
 * is [a-z0-9_]+. */
gboolean             kakanai_form_data_is_known_key (const char *key);
/* TRUE for a template's own key: "form." and names of a–z, 0–9, "_" joined by "."
 * ("form.previous_address", "form.household.2.relationship"). Which a template has, its
 * questions say (kakanai_template_has_key()); the map accepts any of this shape. */
gboolean             kakanai_form_data_is_template_key (const char *key);
/* TRUE for a name of a–z, 0–9 and "_" (an option value, a part of a key). */
gboolean             kakanai_form_data_is_name      (const char *s);
/* TRUE for a real day written YYYY-MM-DD. */
gboolean             kakanai_form_data_is_iso_date  (const char *value);
/* TRUE for the keys whose values are dates (YYYY-MM-DD). */
gboolean             kakanai_form_data_is_date_key  (const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiFormData, kakanai_form_data_free)

G_END_DECLS
