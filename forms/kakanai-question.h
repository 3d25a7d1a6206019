/* kakanai-question.h: what a template asks that the card does not say (format 2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kakanai-form-data.h"
#include "kakanai-template.h"

G_BEGIN_DECLS

typedef enum {
  KAKANAI_QUESTION_TEXT,
  KAKANAI_QUESTION_KATAKANA,
  KAKANAI_QUESTION_DIGITS,
  KAKANAI_QUESTION_PHONE,
  KAKANAI_QUESTION_POSTAL_CODE,
  KAKANAI_QUESTION_DATE,
  KAKANAI_QUESTION_FISCAL_YEAR,
  KAKANAI_QUESTION_NUMBER,
  KAKANAI_QUESTION_CHOICE,
  KAKANAI_QUESTION_MULTIPLE_CHOICE,
  KAKANAI_QUESTION_YES_NO,
  KAKANAI_QUESTION_GROUP,
} KakanaiQuestionKind;

typedef enum {
  KAKANAI_DATE_INPUT_WAREKI,
  KAKANAI_DATE_INPUT_GREGORIAN,
} KakanaiDateInput;

typedef struct _KakanaiQuestion KakanaiQuestion;

KakanaiQuestion     *kakanai_question_ref             (KakanaiQuestion *question);
void                 kakanai_question_unref           (KakanaiQuestion *question);

/* "text", "katakana", …, "group": the names docs/templates.md uses. */
const char          *kakanai_question_kind_to_string  (KakanaiQuestionKind kind);
/* The members a question may have, in the order a saved template writes them (static). */
const char * const  *kakanai_question_members         (void);

/* The data key ("applicant.phone", "form.previous_address"); in a group's fields, the
 * field's own name ("relationship"): its values are "<group key>.<n>.<name>", n from 1. */
const char          *kakanai_question_get_key         (KakanaiQuestion *question);
KakanaiQuestionKind  kakanai_question_get_kind        (KakanaiQuestion *question);
gboolean             kakanai_question_is_required     (KakanaiQuestion *question);
/* TRUE when only the clerk answers it (the resident is never asked). */
gboolean             kakanai_question_is_for_clerk    (KakanaiQuestion *question);
/* In @language (a code such as "en"; "en_US" falls back to "en"), else Japanese. */
const char          *kakanai_question_get_prompt      (KakanaiQuestion *question,
                                                       const char      *language);
/* "" when the template gives none. */
const char          *kakanai_question_get_help        (KakanaiQuestion *question,
                                                       const char      *language);
/* The condition: asked only when @key has a value (and, when @value is not NULL, that
 * value or, for a multiple choice, a list holding it). FALSE when always asked. */
gboolean             kakanai_question_get_condition   (KakanaiQuestion *question,
                                                       const char     **key,
                                                       const char     **value);
gboolean             kakanai_question_applies         (KakanaiQuestion *question,
                                                       KakanaiFormData *answers);
KakanaiDateInput     kakanai_question_get_date_input  (KakanaiQuestion *question);
/* number, fiscal_year: the range; text kinds: the length in characters. FALSE when the
 * template sets none. */
gboolean             kakanai_question_get_range       (KakanaiQuestion *question,
                                                       double          *min,
                                                       double          *max);
gboolean             kakanai_question_get_length      (KakanaiQuestion *question,
                                                       guint           *min,
                                                       guint           *max);
/* choice, multiple_choice (yes_no: "yes", "no"): the option values, NULL-terminated. */
const char * const  *kakanai_question_get_options     (KakanaiQuestion *question);
const char          *kakanai_question_get_option_label (KakanaiQuestion *question,
                                                        const char      *value,
                                                        const char      *language);
/* The option that answers the question once the resident's My Number card was read
 * ("card_answer": the card as the identity document checked); NULL when none. */
const char          *kakanai_question_get_card_answer (KakanaiQuestion *question);
/* group: the most members (household members, children) and the fields of one. */
guint                kakanai_question_get_max_count   (KakanaiQuestion *question);
/* KakanaiQuestion*, owned by @question. */
GPtrArray           *kakanai_question_get_fields      (KakanaiQuestion *question);

/* Whether @value is an answer the question accepts (as stored: dates YYYY-MM-DD,
 * fiscal years 2024, choices by value, several comma-separated). "" is accepted unless
 * the question is required. Errors (KAKANAI_FORMS_ERROR_INVALID_VALUE) say why, in words
 * for the resident. */
gboolean             kakanai_question_check_answer    (KakanaiQuestion *question,
                                                       const char      *value,
                                                       GError         **error);

/* What the resident typed → the answer as stored, or NULL with the error of
 * kakanai_question_check_answer(): spaces around it dropped; for digits, phone and postal
 * code, full-width digits and hyphens (０-９, －, ー) made ASCII; for katakana, hiragana
 * made katakana and half-width spaces full-width; a date typed in 和暦 or Gregorian
 * (令和6年4月1日, R6.4.1, 2024/4/1) written YYYY-MM-DD; a fiscal year typed 令和6 or
 * R6 written 2024. The result is personal data: wipe it when done. */
char                *kakanai_question_normalize_answer (KakanaiQuestion *question,
                                                        const char      *typed,
                                                        GError         **error);

/* What a set of forms asks, each key once, in the order of the forms and their
 * questions: a key several forms ask is asked once (required if any form requires it;
 * the options of every form's choice, in order of first appearance; asked by the
 * resident unless every form leaves it to the clerk; the card answer a form gives). Forms
 * that ask one key as different kinds, with different choices, or give it different card
 * answers, cannot be asked together: the error names both. A GPtrArray of new
 * KakanaiQuestion*. */
GPtrArray           *kakanai_questions_merge          (KakanaiTemplate **templates,
                                                       guint             n_templates,
                                                       GError          **error);

/* Whether @templates can be asked together (kakanai_questions_merge() succeeds): the
 * kiosk checks its whole catalogue on loading, since a resident may choose any forms. */
gboolean             kakanai_questions_check_together (KakanaiTemplate **templates,
                                                       guint             n_templates,
                                                       GError          **error);

/* Once the resident's My Number card was read: each of @questions (KakanaiQuestion*, as
 * kakanai_questions_merge() gives them) that has a card answer gets it in @data, unless
 * @data already holds a value for its key (what was typed wins). */
gboolean             kakanai_questions_add_card_answers (GPtrArray       *questions,
                                                         KakanaiFormData *data,
                                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiQuestion, kakanai_question_unref)

G_END_DECLS
