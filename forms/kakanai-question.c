/* kakanai-question.c: the questions of a format-2 template: reading, checking answers,
 * asking a key several forms share once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <kakanai-secure.h>

#include "kakanai-form-data.h"
#include "kakanai-forms-error.h"
#include "kakanai-question-private.h"
#include "kakanai-template-private.h"
#include "kakanai-wareki.h"

#define MAX_GROUP_COUNT 20
#define MAX_OPTIONS 64

typedef struct {
  char  *value;
  char **label; /* localized pairs */
} QuestionOption;

struct _KakanaiQuestion
{
  gatomicrefcount      ref_count;
  char                *key;
  KakanaiQuestionKind  kind;
  gboolean             required;
  gboolean             for_clerk;
  char               **prompt;
  char               **help;
  char                *when_key;
  char                *when_value;
  KakanaiDateInput     date_input;
  gboolean             has_range;
  double               min, max;
  gboolean             has_length;
  guint                min_length, max_length;
  GPtrArray           *options;       /* QuestionOption* */
  GPtrArray           *option_values; /* borrowed from options, NULL-terminated */
  char                *card_answer;   /* the option that answers it when the card was read */
  guint                max_count;
  GPtrArray           *fields;        /* KakanaiQuestion* */
};

static const char * const kind_names[] = {
  "text", "katakana", "digits", "phone", "postal_code", "date", "fiscal_year", "number",
  "choice", "multiple_choice", "yes_no", "group", NULL
};
static const char * const answered_by_names[] = { "resident", "clerk", NULL };
static const char * const date_input_names[] = { "wareki", "gregorian", NULL };

#define fail(loader, ...) kakanai_loader_fail_template ((loader), __VA_ARGS__)

const char * const *
kakanai_question_members (void)
{
  static const char * const members[] = {
    "key", "kind", "required", "answered_by", "prompt", "help", "when", "input",
    "min_length", "max_length", "min", "max", "options", "card_answer", "max_count", "fields", NULL
  };

  return members;
}

/* ---- life cycle ------------------------------------------------------------------- */

static void
question_option_free (gpointer data)
{
  QuestionOption *option = data;

  g_free (option->value);
  g_strfreev (option->label);
  g_free (option);
}

static KakanaiQuestion *
question_new (void)
{
  KakanaiQuestion *question = g_new0 (KakanaiQuestion, 1);

  g_atomic_ref_count_init (&question->ref_count);
  question->options = g_ptr_array_new_with_free_func (question_option_free);
  question->option_values = g_ptr_array_new ();
  g_ptr_array_add (question->option_values, NULL);
  question->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  return question;
}

KakanaiQuestion *
kakanai_question_ref (KakanaiQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);
  g_atomic_ref_count_inc (&question->ref_count);
  return question;
}

void
kakanai_question_unref (KakanaiQuestion *question)
{
  if (question == NULL || !g_atomic_ref_count_dec (&question->ref_count))
    return;
  g_free (question->key);
  g_strfreev (question->prompt);
  g_strfreev (question->help);
  g_free (question->when_key);
  g_free (question->when_value);
  g_free (question->card_answer);
  g_ptr_array_unref (question->option_values);
  g_ptr_array_unref (question->options);
  g_ptr_array_unref (question->fields);
  g_free (question);
}

static void
add_option (KakanaiQuestion *question,
            const char      *value,
            char           **label)
{
  QuestionOption *option = g_new0 (QuestionOption, 1);

  option->value = g_strdup (value);
  option->label = label;
  g_ptr_array_add (question->options, option);
  g_ptr_array_insert (question->option_values, question->option_values->len - 1, option->value);
}

/* ---- reading --------------------------------------------------------------------- */

static gboolean
check_key (Loader     *loader,
           const char *key,
           const char *group_key)
{
  if (group_key != NULL)
    {
      if (!kakanai_form_data_is_name (key))
        return fail (loader, _("a group's field “key” must be made of a–z, 0–9 and “_”, not “%s”"), key);
      return TRUE;
    }
  if (g_str_has_prefix (key, "card."))
    return fail (loader, _("“%s” comes from the card and is never asked"), key);
  if (!kakanai_form_data_is_known_key (key) && !kakanai_form_data_is_template_key (key))
    return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                                _("unknown data key “%s” (the template's own keys are written “form.name”)"), key);
  return TRUE;
}

static gboolean
parse_options (Loader          *loader,
               JsonObject      *object,
               KakanaiQuestion *question)
{
  static const char * const allowed[] = { "value", "label", NULL };
  JsonNode *node = json_object_get_member (object, "options");
  JsonArray *array;

  if (question->kind == KAKANAI_QUESTION_YES_NO)
    {
      char **yes, **no;

      if (node != NULL)
        return fail (loader, _("a yes_no question has the options yes and no only"));
      yes = g_new0 (char *, 5), no = g_new0 (char *, 5);
      yes[0] = g_strdup ("ja"), yes[1] = g_strdup ("はい"), yes[2] = g_strdup ("en"), yes[3] = g_strdup ("Yes");
      no[0] = g_strdup ("ja"), no[1] = g_strdup ("いいえ"), no[2] = g_strdup ("en"), no[3] = g_strdup ("No");
      add_option (question, "yes", yes);
      add_option (question, "no", no);
      return TRUE;
    }
  if (question->kind != KAKANAI_QUESTION_CHOICE && question->kind != KAKANAI_QUESTION_MULTIPLE_CHOICE)
    {
      if (node != NULL)
        return fail (loader, _("“options” belongs to choice and multiple_choice questions only"));
      return TRUE;
    }
  if (node == NULL)
    return fail (loader, _("a %s question needs “options”"), kind_names[question->kind]);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return fail (loader, _("“options” must be a non-empty array"));
  if (json_array_get_length (array) > MAX_OPTIONS)
    return fail (loader, _("“options” has more than %d options"), MAX_OPTIONS);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *option_node = json_array_get_element (array, i);
      JsonObject *option;
      const char *value;
      char **label = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (option_node))
        return fail (loader, _("option %u must be an object"), i);
      option = json_node_get_object (option_node);
      if (!kakanai_loader_check_members (loader, option, allowed) ||
          !kakanai_loader_read_string (loader, option, "value", TRUE, NULL, &value) ||
          !kakanai_loader_read_localized (loader, option, "label", TRUE, &label))
        return FALSE;
      if (!kakanai_form_data_is_name (value))
        {
          g_strfreev (label);
          return fail (loader, _("option %u: “value” must be made of a–z, 0–9 and “_”, not “%s”"), i, value);
        }
      if (g_strv_contains ((const char * const *) question->option_values->pdata, value))
        {
          g_strfreev (label);
          return fail (loader, _("option value “%s” appears twice"), value);
        }
      add_option (question, value, label);
    }
  return TRUE;
}

/* "card_answer": the option that is the answer once the resident's My Number card was
 * read (the card itself as the identity document checked). */
static gboolean
parse_card_answer (Loader          *loader,
                   JsonObject      *object,
                   KakanaiQuestion *question,
                   const char      *group_key)
{
  const char *value;

  if (!json_object_has_member (object, "card_answer"))
    return TRUE;
  if (group_key != NULL)
    return fail (loader, _("a group's field cannot have a “card_answer”"));
  if (question->kind != KAKANAI_QUESTION_CHOICE && question->kind != KAKANAI_QUESTION_MULTIPLE_CHOICE &&
      question->kind != KAKANAI_QUESTION_YES_NO)
    return fail (loader, _("“card_answer” belongs to choice, multiple_choice and yes_no questions only"));
  if (!kakanai_loader_read_string (loader, object, "card_answer", TRUE, NULL, &value))
    return FALSE;
  if (!g_strv_contains (kakanai_question_get_options (question), value))
    return fail (loader, _("“card_answer” is “%s”, which is not one of the question's options"), value);
  question->card_answer = g_strdup (value);
  return TRUE;
}

static gboolean
parse_limits (Loader          *loader,
              JsonObject      *object,
              KakanaiQuestion *question)
{
  gboolean numeric = question->kind == KAKANAI_QUESTION_NUMBER ||
                     question->kind == KAKANAI_QUESTION_FISCAL_YEAR;
  gboolean textual = question->kind <= KAKANAI_QUESTION_POSTAL_CODE;
  double min_length, max_length;

  if (!numeric && (json_object_has_member (object, "min") || json_object_has_member (object, "max")))
    return fail (loader, _("“min” and “max” belong to number and fiscal_year questions only"));
  if (!textual && (json_object_has_member (object, "min_length") || json_object_has_member (object, "max_length")))
    return fail (loader, _("“min_length” and “max_length” belong to text questions only"));
  if (question->kind != KAKANAI_QUESTION_DATE && json_object_has_member (object, "input"))
    return fail (loader, _("“input” belongs to date questions only"));
  if (question->kind != KAKANAI_QUESTION_GROUP &&
      (json_object_has_member (object, "max_count") || json_object_has_member (object, "fields")))
    return fail (loader, _("“max_count” and “fields” belong to group questions only"));

  if (numeric)
    {
      question->has_range = json_object_has_member (object, "min") || json_object_has_member (object, "max");
      if (!kakanai_loader_read_number (loader, object, "min", FALSE, 0, &question->min) ||
          !kakanai_loader_read_number (loader, object, "max", FALSE, 9999, &question->max))
        return FALSE;
      if (question->min > question->max)
        return fail (loader, _("“min” is above “max”"));
    }
  if (textual)
    {
      question->has_length = json_object_has_member (object, "min_length") ||
                             json_object_has_member (object, "max_length");
      if (!kakanai_loader_read_number (loader, object, "min_length", FALSE, 0, &min_length) ||
          !kakanai_loader_read_number (loader, object, "max_length", FALSE, 1000, &max_length))
        return FALSE;
      if (min_length < 0 || max_length < 1 || max_length > 1000 || min_length > max_length ||
          min_length != floor (min_length) || max_length != floor (max_length))
        return fail (loader, _("“min_length” and “max_length” must be whole numbers, 0 ≤ min_length ≤ max_length ≤ 1000"));
      question->min_length = (guint) min_length;
      question->max_length = (guint) max_length;
    }
  if (question->kind == KAKANAI_QUESTION_DATE)
    {
      int input;

      if (!kakanai_loader_read_enum (loader, object, "input", date_input_names,
                                     KAKANAI_DATE_INPUT_WAREKI, &input))
        return FALSE;
      question->date_input = input;
    }
  return TRUE;
}

static gboolean
parse_condition (Loader          *loader,
                 JsonObject      *object,
                 KakanaiQuestion *question)
{
  static const char * const allowed[] = { "key", "equals", NULL };
  JsonNode *node = json_object_get_member (object, "when");
  JsonObject *when;
  const char *key, *value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("“when” must be an object such as {\"key\": \"request.purpose\", \"equals\": \"other\"}"));
  when = json_node_get_object (node);
  if (!kakanai_loader_check_members (loader, when, allowed) ||
      !kakanai_loader_read_string (loader, when, "key", TRUE, NULL, &key) ||
      !kakanai_loader_read_string (loader, when, "equals", FALSE, NULL, &value))
    return FALSE;
  if (g_str_equal (key, question->key))
    return fail (loader, _("“when” names the question's own key"));
  if (!kakanai_form_data_is_known_key (key) && !kakanai_form_data_is_template_key (key))
    return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                                _("“when”: unknown data key “%s”"), key);
  question->when_key = g_strdup (key);
  question->when_value = g_strdup (value);
  return TRUE;
}

static gboolean
parse_fields (Loader          *loader,
              JsonObject      *object,
              KakanaiQuestion *question)
{
  JsonNode *node = json_object_get_member (object, "fields");
  JsonArray *array;
  double max_count;

  if (!kakanai_loader_read_number (loader, object, "max_count", TRUE, 0, &max_count))
    return FALSE;
  if (max_count < 1 || max_count > MAX_GROUP_COUNT || max_count != floor (max_count))
    return fail (loader, _("“max_count” must be a whole number from 1 to %d"), MAX_GROUP_COUNT);
  question->max_count = (guint) max_count;

  if (node == NULL)
    return fail (loader, _("a group needs “fields”"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) == 0)
    return fail (loader, _("“fields” must be a non-empty array"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      KakanaiQuestion *field = kakanai_question_parse (loader, json_array_get_element (array, i),
                                                       i, question->key);
      if (field == NULL)
        return FALSE;
      g_ptr_array_add (question->fields, field);
      for (guint j = 0; j + 1 < question->fields->len; j++)
        if (g_str_equal (((KakanaiQuestion *) g_ptr_array_index (question->fields, j))->key, field->key))
          return fail (loader, _("the field “%s” appears twice"), field->key);
    }
  return TRUE;
}

KakanaiQuestion *
kakanai_question_parse (Loader     *loader,
                        JsonNode   *node,
                        guint       index,
                        const char *group_key)
{
  const char * const *allowed = kakanai_question_members ();
  g_autoptr(KakanaiQuestion) question = question_new ();
  JsonObject *object;
  const char *key;
  int kind, answered_by;

  if (group_key == NULL)
    {
      loader->item_kind = "question";
      loader->element_index = index;
      loader->element_id = NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("a question must be an object")), NULL;
  object = json_node_get_object (node);
  if (!kakanai_loader_read_string (loader, object, "key", TRUE, NULL, &key))
    return NULL;
  question->key = g_strdup (key);
  if (group_key == NULL)
    loader->element_id = question->key;

  if (!kakanai_loader_check_members (loader, object, allowed) ||
      !check_key (loader, key, group_key) ||
      !kakanai_loader_read_enum (loader, object, "kind", kind_names, -1, &kind))
    return NULL;
  if (kind < 0)
    return fail (loader, _("missing member “kind”")), NULL;
  question->kind = kind;
  if (group_key != NULL && kind == KAKANAI_QUESTION_GROUP)
    return fail (loader, _("a group's field “%s” cannot be a group itself"), key), NULL;
  if (kind == KAKANAI_QUESTION_GROUP && !kakanai_form_data_is_template_key (key))
    return fail (loader, _("a group's key must be the template's own (“form.…”), not “%s”"), key), NULL;

  if (!kakanai_loader_read_boolean (loader, object, "required", &question->required) ||
      !kakanai_loader_read_enum (loader, object, "answered_by", answered_by_names, 0, &answered_by) ||
      !kakanai_loader_read_localized (loader, object, "prompt", TRUE, &question->prompt) ||
      !kakanai_loader_read_localized (loader, object, "help", FALSE, &question->help) ||
      !parse_condition (loader, object, question) ||
      !parse_limits (loader, object, question) ||
      !parse_options (loader, object, question) ||
      !parse_card_answer (loader, object, question, group_key))
    return NULL;
  question->for_clerk = answered_by == 1;
  if (kind == KAKANAI_QUESTION_GROUP && !parse_fields (loader, object, question))
    return NULL;
  return g_steal_pointer (&question);
}

/* ---- keys ------------------------------------------------------------------------ */

void
kakanai_question_add_keys (KakanaiQuestion *question,
                           GHashTable      *keys)
{
  if (question->kind != KAKANAI_QUESTION_GROUP)
    {
      g_hash_table_insert (keys, g_strdup (question->key), question);
      return;
    }
  for (guint n = 1; n <= question->max_count; n++)
    for (guint i = 0; i < question->fields->len; i++)
      {
        KakanaiQuestion *field = g_ptr_array_index (question->fields, i);

        g_hash_table_insert (keys, g_strdup_printf ("%s.%u.%s", question->key, n, field->key), field);
      }
}

gboolean
kakanai_question_key_is_date (GHashTable *keys,
                              const char *key)
{
  KakanaiQuestion *question = keys != NULL ? g_hash_table_lookup (keys, key) : NULL;

  return question != NULL && question->kind == KAKANAI_QUESTION_DATE;
}

gboolean
kakanai_question_key_is_fiscal_year (GHashTable *keys,
                                     const char *key)
{
  KakanaiQuestion *question = keys != NULL ? g_hash_table_lookup (keys, key) : NULL;

  return question != NULL && question->kind == KAKANAI_QUESTION_FISCAL_YEAR;
}

/* ---- getters ----------------------------------------------------------------------- */

const char *
kakanai_question_kind_to_string (KakanaiQuestionKind kind)
{
  g_return_val_if_fail (kind <= KAKANAI_QUESTION_GROUP, NULL);
  return kind_names[kind];
}

const char *
kakanai_question_get_key (KakanaiQuestion *question)
{
  return question->key;
}

KakanaiQuestionKind
kakanai_question_get_kind (KakanaiQuestion *question)
{
  return question->kind;
}

gboolean
kakanai_question_is_required (KakanaiQuestion *question)
{
  return question->required;
}

gboolean
kakanai_question_is_for_clerk (KakanaiQuestion *question)
{
  return question->for_clerk;
}

const char *
kakanai_question_get_prompt (KakanaiQuestion *question,
                             const char      *language)
{
  return kakanai_localized_get (question->prompt, language);
}

const char *
kakanai_question_get_help (KakanaiQuestion *question,
                           const char      *language)
{
  return question->help != NULL ? kakanai_localized_get (question->help, language) : "";
}

gboolean
kakanai_question_get_condition (KakanaiQuestion *question,
                                const char     **key,
                                const char     **value)
{
  if (key != NULL)
    *key = question->when_key;
  if (value != NULL)
    *value = question->when_value;
  return question->when_key != NULL;
}

static gboolean
list_holds (const char *list,
            const char *value)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  return g_strv_contains ((const char * const *) parts, value);
}

gboolean
kakanai_question_applies (KakanaiQuestion *question,
                          KakanaiFormData *answers)
{
  const char *answer;

  if (question->when_key == NULL)
    return TRUE;
  answer = kakanai_form_data_get (answers, question->when_key);
  if (answer == NULL || *answer == '\0')
    return FALSE;
  if (question->when_value == NULL)
    return !g_str_equal (answer, "no");
  return list_holds (answer, question->when_value);
}

KakanaiDateInput
kakanai_question_get_date_input (KakanaiQuestion *question)
{
  return question->date_input;
}

gboolean
kakanai_question_get_range (KakanaiQuestion *question,
                            double          *min,
                            double          *max)
{
  if (min != NULL)
    *min = question->min;
  if (max != NULL)
    *max = question->max;
  return question->has_range;
}

gboolean
kakanai_question_get_length (KakanaiQuestion *question,
                             guint           *min,
                             guint           *max)
{
  if (min != NULL)
    *min = question->min_length;
  if (max != NULL)
    *max = question->max_length;
  return question->has_length;
}

const char * const *
kakanai_question_get_options (KakanaiQuestion *question)
{
  return (const char * const *) question->option_values->pdata;
}

const char *
kakanai_question_get_option_label (KakanaiQuestion *question,
                                   const char      *value,
                                   const char      *language)
{
  for (guint i = 0; i < question->options->len; i++)
    {
      QuestionOption *option = g_ptr_array_index (question->options, i);

      if (g_str_equal (option->value, value))
        return kakanai_localized_get (option->label, language);
    }
  return NULL;
}

const char *
kakanai_question_get_card_answer (KakanaiQuestion *question)
{
  return question->card_answer;
}

guint
kakanai_question_get_max_count (KakanaiQuestion *question)
{
  return question->max_count;
}

GPtrArray *
kakanai_question_get_fields (KakanaiQuestion *question)
{
  return question->fields;
}

/* ---- answers ---------------------------------------------------------------------- */

static gboolean G_GNUC_PRINTF (2, 3)
refuse (GError    **error,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE, message);
  return FALSE;
}

static gboolean
all_chars (const char *value,
           gboolean  (*accept) (gunichar ch))
{
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    if (!accept (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_katakana_char (gunichar ch)
{
  /* ァ–ヺ, ー, ・, full-width and ideographic spaces between given name and family name. */
  return (ch >= 0x30A1 && ch <= 0x30FA) || ch == 0x30FC || ch == 0x30FB || ch == 0x3000 || ch == ' ';
}

static gboolean
is_digit_char (gunichar ch)
{
  return ch >= '0' && ch <= '9';
}

static gboolean
is_phone_char (gunichar ch)
{
  return is_digit_char (ch) || ch == '-';
}

static gboolean
count_digits_is (const char *value,
                 guint       min,
                 guint       max)
{
  guint n = 0;

  for (const char *p = value; *p; p++)
    n += g_ascii_isdigit (*p) ? 1 : 0;
  return n >= min && n <= max;
}

static gboolean
parse_whole_number (const char *value,
                    double     *out)
{
  char *end;
  gint64 n;

  if (*value == '\0' || strlen (value) > 9 || !all_chars (value, is_digit_char))
    return FALSE;
  n = g_ascii_strtoll (value, &end, 10);
  *out = (double) n;
  return *end == '\0';
}

static gboolean
check_length (KakanaiQuestion *question,
              const char      *value,
              GError         **error)
{
  glong length = g_utf8_strlen (value, -1);

  if (length < (glong) question->min_length)
    return refuse (error, _("Please enter at least %u characters."), question->min_length);
  if (question->max_length > 0 && length > (glong) question->max_length)
    return refuse (error, _("Please enter at most %u characters."), question->max_length);
  return TRUE;
}

static gboolean
check_choices (KakanaiQuestion *question,
               const char      *value,
               GError         **error)
{
  g_auto(GStrv) parts = question->kind == KAKANAI_QUESTION_MULTIPLE_CHOICE
                        ? g_strsplit (value, ",", -1) : g_strsplit (value, "\x01", 1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!g_strv_contains (kakanai_question_get_options (question), parts[i]))
        return refuse (error, _("“%s” is not one of the choices."), parts[i]);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (parts[i], parts[j]))
          return refuse (error, _("“%s” is chosen twice."), parts[i]);
    }
  return TRUE;
}

gboolean
kakanai_question_check_answer (KakanaiQuestion *question,
                               const char      *value,
                               GError         **error)
{
  double number;

  g_return_val_if_fail (question != NULL && value != NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    return refuse (error, _("The answer is not valid text."));
  if (*value == '\0')
    return question->required ? refuse (error, _("Please answer this question.")) : TRUE;

  switch (question->kind)
    {
    case KAKANAI_QUESTION_TEXT:
      return check_length (question, value, error);
    case KAKANAI_QUESTION_KATAKANA:
      if (!all_chars (value, is_katakana_char))
        return refuse (error, _("Please use katakana only (for example ヤマダ　タロウ)."));
      return check_length (question, value, error);
    case KAKANAI_QUESTION_DIGITS:
      if (!all_chars (value, is_digit_char))
        return refuse (error, _("Please use the digits 0 to 9 only."));
      return check_length (question, value, error);
    case KAKANAI_QUESTION_PHONE:
      if (!all_chars (value, is_phone_char) || !count_digits_is (value, 10, 11) ||
          value[0] != '0' || strstr (value, "--") != NULL)
        return refuse (error, _("Please enter a phone number of 10 or 11 digits starting with 0 (for example 090-1234-5678)."));
      return check_length (question, value, error);
    case KAKANAI_QUESTION_POSTAL_CODE:
      if (!((strlen (value) == 7 && all_chars (value, is_digit_char)) ||
            (strlen (value) == 8 && value[3] == '-' && count_digits_is (value, 7, 7) &&
             all_chars (value, is_phone_char))))
        return refuse (error, _("Please enter a postal code of 7 digits (for example 100-0001)."));
      return TRUE;
    case KAKANAI_QUESTION_DATE:
      if (!kakanai_form_data_is_iso_date (value))
        return refuse (error, _("This is not a date."));
      return TRUE;
    case KAKANAI_QUESTION_FISCAL_YEAR:
    case KAKANAI_QUESTION_NUMBER:
      if (!parse_whole_number (value, &number))
        return refuse (error, _("Please enter a whole number."));
      if (question->has_range && (number < question->min || number > question->max))
        return refuse (error, _("Please enter a number from %g to %g."), question->min, question->max);
      return TRUE;
    case KAKANAI_QUESTION_CHOICE:
    case KAKANAI_QUESTION_MULTIPLE_CHOICE:
    case KAKANAI_QUESTION_YES_NO:
      return check_choices (question, value, error);
    case KAKANAI_QUESTION_GROUP:
    default:
      return refuse (error, _("A group is answered field by field."));
    }
}

/* ０–９ → 0–9 and the dashes people type in a number → "-". */
static char *
ascii_digits (const char *typed)
{
  GString *out = g_string_new (NULL);

  for (const char *p = typed; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch >= 0xFF10 && ch <= 0xFF19)
        g_string_append_c (out, (char) ('0' + (ch - 0xFF10)));
      else if (ch == 0xFF0D || ch == 0x30FC || ch == 0x2010 || ch == 0x2011 || ch == 0x2212 ||
               ch == 0x2013 || ch == 0x2014 || ch == 0xFF70)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, ch);
    }
  return g_string_free (out, FALSE);
}

/* ぁ–ゖ → ァ–ヶ, ゝゞ → ヽヾ; a half-width space between names → the full-width one. */
static char *
katakana_of (const char *typed)
{
  GString *out = g_string_new (NULL);

  for (const char *p = typed; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if ((ch >= 0x3041 && ch <= 0x3096) || ch == 0x309D || ch == 0x309E)
        ch += 0x60;
      else if (ch == ' ')
        ch = 0x3000;
      g_string_append_unichar (out, ch);
    }
  return g_string_free (out, FALSE);
}

/* "令和6" / "R6" / "2024" → "2024": the Gregorian year of the 年度, through the 和暦 parser. */
static char *
fiscal_year_of (const char *typed,
                GError    **error)
{
  g_autofree char *digits = ascii_digits (typed);
  g_autofree char *with_day = NULL;
  g_autofree char *iso = NULL;
  const char *end = digits + strlen (digits);

  if (*digits != '\0' && strspn (digits, "0123456789") == strlen (digits))
    return g_steal_pointer (&digits);
  /* 令和6年度, 令和6年: the parser wants a whole day. */
  if (g_str_has_suffix (digits, "年度"))
    end -= strlen ("年度");
  else if (g_str_has_suffix (digits, "年"))
    end -= strlen ("年");
  /* An era's first or last year holds the end or the start of it (令和元年, 平成31年). */
  with_day = g_strdup_printf ("%.*s年12月31日", (int) (end - digits), digits);
  iso = kakanai_wareki_parse (with_day, NULL);
  if (iso == NULL)
    {
      g_free (with_day);
      with_day = g_strdup_printf ("%.*s年1月1日", (int) (end - digits), digits);
      iso = kakanai_wareki_parse (with_day, NULL);
    }
  if (iso == NULL)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE,
                           _("Please enter a year such as 令和6 or 2024."));
      return NULL;
    }
  return g_strndup (iso, 4);
}

char *
kakanai_question_normalize_answer (KakanaiQuestion *question,
                                   const char      *typed,
                                   GError         **error)
{
  GString *trimmed;
  char *answer = NULL;

  g_return_val_if_fail (question != NULL && typed != NULL, NULL);
  if (!g_utf8_validate (typed, -1, NULL))
    return refuse (error, _("The answer is not valid text.")), NULL;

  /* Spaces around the answer, full-width ones included, are never meant. */
  trimmed = g_string_new (typed);
  while (trimmed->len > 0 && (trimmed->str[trimmed->len - 1] == ' ' ||
                              g_str_has_suffix (trimmed->str, "\u3000")))
    g_string_truncate (trimmed, trimmed->len - (trimmed->str[trimmed->len - 1] == ' ' ? 1 : 3));
  while (trimmed->len > 0 && (trimmed->str[0] == ' ' || g_str_has_prefix (trimmed->str, "\u3000")))
    g_string_erase (trimmed, 0, trimmed->str[0] == ' ' ? 1 : 3);

  switch (question->kind)
    {
    case KAKANAI_QUESTION_DIGITS:
    case KAKANAI_QUESTION_PHONE:
    case KAKANAI_QUESTION_POSTAL_CODE:
    case KAKANAI_QUESTION_NUMBER:
      answer = ascii_digits (trimmed->str);
      break;
    case KAKANAI_QUESTION_KATAKANA:
      answer = katakana_of (trimmed->str);
      break;
    case KAKANAI_QUESTION_DATE:
      if (trimmed->len == 0)
        answer = g_strdup ("");
      else if ((answer = kakanai_wareki_parse (trimmed->str, NULL)) == NULL)
        {
          kakanai_secure_string_free (trimmed);
          return refuse (error, _("This is not a date.")), NULL;
        }
      break;
    case KAKANAI_QUESTION_FISCAL_YEAR:
      if (trimmed->len == 0)
        answer = g_strdup ("");
      else if ((answer = fiscal_year_of (trimmed->str, error)) == NULL)
        {
          kakanai_secure_string_free (trimmed);
          return NULL;
        }
      break;
    default:
      answer = g_strdup (trimmed->str);
      break;
    }
  kakanai_secure_string_free (trimmed);
  if (!kakanai_question_check_answer (question, answer, error))
    {
      kakanai_secure_strfree (answer);
      return NULL;
    }
  return answer;
}

/* ---- several forms ------------------------------------------------------------------ */

static char **
pairs_copy (char **pairs)
{
  return pairs != NULL ? g_strdupv (pairs) : NULL;
}

static KakanaiQuestion *
question_copy (KakanaiQuestion *source)
{
  KakanaiQuestion *copy = question_new ();

  copy->key = g_strdup (source->key);
  copy->kind = source->kind;
  copy->required = source->required;
  copy->for_clerk = source->for_clerk;
  copy->prompt = pairs_copy (source->prompt);
  copy->help = pairs_copy (source->help);
  copy->when_key = g_strdup (source->when_key);
  copy->when_value = g_strdup (source->when_value);
  copy->date_input = source->date_input;
  copy->has_range = source->has_range;
  copy->min = source->min;
  copy->max = source->max;
  copy->has_length = source->has_length;
  copy->min_length = source->min_length;
  copy->max_length = source->max_length;
  for (guint i = 0; i < source->options->len; i++)
    {
      QuestionOption *option = g_ptr_array_index (source->options, i);
      add_option (copy, option->value, pairs_copy (option->label));
    }
  copy->card_answer = g_strdup (source->card_answer);
  copy->max_count = source->max_count;
  for (guint i = 0; i < source->fields->len; i++)
    g_ptr_array_add (copy->fields, kakanai_question_ref (g_ptr_array_index (source->fields, i)));
  return copy;
}

/* One key is one question: a choice that two forms offer with different values would
 * let the resident pick what one of the forms cannot print. */
static gboolean
same_options (KakanaiQuestion *a,
              KakanaiQuestion *b)
{
  if (a->options->len != b->options->len)
    return FALSE;
  for (guint i = 0; i < b->options->len; i++)
    {
      QuestionOption *option = g_ptr_array_index (b->options, i);

      if (!g_strv_contains (kakanai_question_get_options (a), option->value))
        return FALSE;
    }
  return TRUE;
}

/* "household, extract" */
static char *
options_text (KakanaiQuestion *question)
{
  g_autofree char *joined = g_strjoinv (", ", (GStrv) kakanai_question_get_options (question));

  return g_strdup_printf ("“%s”", joined);
}

static void
merge_into (KakanaiQuestion *merged,
            KakanaiQuestion *other)
{
  merged->required = merged->required || other->required;
  merged->for_clerk = merged->for_clerk && other->for_clerk;
  for (guint i = 0; i < other->options->len; i++)
    {
      QuestionOption *option = g_ptr_array_index (other->options, i);

      if (!g_strv_contains (kakanai_question_get_options (merged), option->value))
        add_option (merged, option->value, pairs_copy (option->label));
    }
  if (other->has_range)
    {
      merged->min = merged->has_range ? MAX (merged->min, other->min) : other->min;
      merged->max = merged->has_range ? MIN (merged->max, other->max) : other->max;
      merged->has_range = TRUE;
    }
  if (merged->card_answer == NULL)
    merged->card_answer = g_strdup (other->card_answer);
  merged->max_count = MAX (merged->max_count, other->max_count);
}

GPtrArray *
kakanai_questions_merge (KakanaiTemplate **templates,
                         guint             n_templates,
                         GError          **error)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) asked_by = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < n_templates; t++)
    {
      GPtrArray *questions = kakanai_template_get_questions (templates[t]);

      for (guint i = 0; i < questions->len; i++)
        {
          KakanaiQuestion *question = g_ptr_array_index (questions, i);
          KakanaiQuestion *seen = g_hash_table_lookup (by_key, question->key);

          if (seen == NULL)
            {
              KakanaiQuestion *copy = question_copy (question);

              g_ptr_array_add (merged, copy);
              g_hash_table_insert (by_key, copy->key, copy);
              g_hash_table_insert (asked_by, copy->key, (gpointer) kakanai_template_get_id (templates[t]));
              continue;
            }
          if (seen->kind != question->kind)
            {
              g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("%s asks “%s” as %s, but %s asks it as %s"),
                           (const char *) g_hash_table_lookup (asked_by, question->key), question->key,
                           kind_names[seen->kind], kakanai_template_get_id (templates[t]),
                           kind_names[question->kind]);
              return NULL;
            }
          if (seen->card_answer != NULL && question->card_answer != NULL &&
              !g_str_equal (seen->card_answer, question->card_answer))
            {
              g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("%s answers “%s” with “%s” when the card was read, but %s with “%s”"),
                           (const char *) g_hash_table_lookup (asked_by, question->key), question->key,
                           seen->card_answer, kakanai_template_get_id (templates[t]), question->card_answer);
              return NULL;
            }
          if (!same_options (seen, question))
            {
              g_autofree char *first = options_text (seen);
              g_autofree char *second = options_text (question);

              g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("%s asks “%s” with the choices %s, but %s with %s: a key means one "
                             "question in every form (give a form's own question a key of its own, "
                             "form.…)"),
                           (const char *) g_hash_table_lookup (asked_by, question->key), question->key,
                           first, kakanai_template_get_id (templates[t]), second);
              return NULL;
            }
          merge_into (seen, question);
        }
    }
  return g_steal_pointer (&merged);
}

gboolean
kakanai_questions_check_together (KakanaiTemplate **templates,
                                  guint             n_templates,
                                  GError          **error)
{
  g_autoptr(GPtrArray) merged = kakanai_questions_merge (templates, n_templates, error);

  return merged != NULL;
}

gboolean
kakanai_questions_add_card_answers (GPtrArray       *questions,
                                    KakanaiFormData *data,
                                    GError         **error)
{
  g_return_val_if_fail (questions != NULL && data != NULL, FALSE);

  for (guint i = 0; i < questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (questions, i);

      if (question->card_answer == NULL || kakanai_form_data_contains (data, question->key))
        continue;
      if (!kakanai_form_data_set (data, question->key, question->card_answer, error))
        return FALSE;
    }
  return TRUE;
}
