/* kakanai-question-private.h: reading questions, for the template loader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-question.h"
#include "kakanai-template-loader-private.h"

G_BEGIN_DECLS

/* Question @index of the template (@group_key: the group it is a field of, else NULL).
 * NULL with the error set through @loader. */
KakanaiQuestion *kakanai_question_parse         (Loader     *loader,
                                                 JsonNode   *node,
                                                 guint       index,
                                                 const char *group_key);
/* Every data key the question gives a value to (a group: each member's fields). */
void             kakanai_question_add_keys      (KakanaiQuestion *question,
                                                 GHashTable      *keys);
/* TRUE for a key whose value is a date / a fiscal year in @keys (from add_keys). */
gboolean         kakanai_question_key_is_date   (GHashTable *keys,
                                                 const char *key);
gboolean         kakanai_question_key_is_fiscal_year (GHashTable *keys,
                                                      const char *key);

G_END_DECLS
