/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card-fill.h: the card record as form data
 *
 * The one place where what the card holds becomes what a form is filled with
 * (card.name, card.address, card.birth_date as YYYY-MM-DD, card.sex as a code,
 * card.my_number only when it was read).
 */
#pragma once

#include <kakanai-card.h>
#include <kakanai-forms.h>

G_BEGIN_DECLS

/* Sets the card.* keys of @data from @record; keys the record lacks are removed, so no
 * value of an earlier resident survives. Errors: KAKANAI_FORMS_ERROR_INVALID_VALUE when
 * the record holds something a form cannot take (never expected from a card read). */
gboolean kakanai_form_data_add_card_record (KakanaiFormData         *data,
                                            const KakanaiCardRecord *record,
                                            GError                 **error);

G_END_DECLS
