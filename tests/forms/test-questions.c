/* test-questions.c: the questions of format-2 templates: every kind and its checks,
 * conditions, languages, the template's own keys, one key asked once across forms, and
 * the errors naming the question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>

#include "kakanai-forms.h"

static KakanaiTemplate *
template_with (const char *id,
               const char *questions,
               const char *elements,
               GError    **error)
{
  g_autofree char *json = g_strdup_printf (
    "{ \"format\": 2, \"id\": \"%s\", \"title\": { \"ja\": \"転入届\", \"en\": \"Moving in\" },"
    "  \"page\": { \"size\": \"A4\" }, \"questions\": [ %s ], \"elements\": [ %s ] }",
    id, questions, elements);
  g_autofree char *source = g_strdup_printf ("%s.json", id);

  return kakanai_template_new_from_data (json, -1, source, error);
}

static const char every_kind[] =
  "{ \"key\": \"form.note\", \"kind\": \"text\", \"max_length\": 5, \"prompt\": \"備考\" },"
  "{ \"key\": \"applicant.name_kana\", \"kind\": \"katakana\", \"required\": true,"
  "  \"prompt\": { \"ja\": \"フリガナ\", \"en\": \"Your name in katakana\", \"pt\": \"Nome em katakana\", \"ja@easy\": \"{名前|なまえ}（カタカナ）\" },"
  "  \"help\": { \"ja\": \"カタカナで\", \"en\": \"Touch the letters below.\" } },"
  "{ \"key\": \"form.account_number\", \"kind\": \"digits\", \"min_length\": 7, \"max_length\": 7, \"prompt\": \"口座番号\" },"
  "{ \"key\": \"applicant.phone\", \"kind\": \"phone\", \"prompt\": \"電話番号\" },"
  "{ \"key\": \"applicant.postal_code\", \"kind\": \"postal_code\", \"prompt\": \"郵便番号\" },"
  "{ \"key\": \"form.moving_date\", \"kind\": \"date\", \"input\": \"gregorian\", \"prompt\": \"転入日\" },"
  "{ \"key\": \"request.fiscal_year\", \"kind\": \"fiscal_year\", \"min\": 2019, \"max\": 2030, \"prompt\": \"年度\" },"
  "{ \"key\": \"request.copies\", \"kind\": \"number\", \"min\": 1, \"max\": 10, \"prompt\": \"通数\" },"
  "{ \"key\": \"request.purpose\", \"kind\": \"choice\", \"prompt\": \"使い道\", \"options\": ["
  "  { \"value\": \"employment\", \"label\": { \"ja\": \"就職\", \"en\": \"Work\" } },"
  "  { \"value\": \"other\", \"label\": { \"ja\": \"その他\", \"en\": \"Something else\" } } ] },"
  "{ \"key\": \"request.purpose_other\", \"kind\": \"text\", \"required\": true, \"prompt\": \"その他の使い道\","
  "  \"when\": { \"key\": \"request.purpose\", \"equals\": \"other\" } },"
  "{ \"key\": \"request.kind\", \"kind\": \"multiple_choice\", \"prompt\": \"種類\", \"options\": ["
  "  { \"value\": \"household\", \"label\": \"世帯全員\" }, { \"value\": \"extract\", \"label\": \"一部\" } ] },"
  "{ \"key\": \"request.include_domicile\", \"kind\": \"yes_no\", \"prompt\": \"本籍を載せますか\" },"
  "{ \"key\": \"request.identity_document\", \"kind\": \"choice\", \"answered_by\": \"clerk\", \"prompt\": \"確認書類\","
  "  \"options\": [ { \"value\": \"mynumber_card\", \"label\": \"マイナンバーカード\" } ] },"
  "{ \"key\": \"form.household\", \"kind\": \"group\", \"max_count\": 3, \"prompt\": { \"ja\": \"世帯員\", \"en\": \"Household members\" },"
  "  \"fields\": [ { \"key\": \"name\", \"kind\": \"text\", \"required\": true, \"prompt\": \"氏名\" },"
  "               { \"key\": \"birth_date\", \"kind\": \"date\", \"prompt\": \"生年月日\" },"
  "               { \"key\": \"relationship\", \"kind\": \"choice\", \"prompt\": \"続柄\", \"options\": ["
  "                 { \"value\": \"spouse\", \"label\": \"妻\" }, { \"value\": \"child\", \"label\": \"子\" } ] } ] }";

static const char every_kind_fields[] =
  "{ \"type\": \"field\", \"key\": \"form.moving_date\", \"x\": 10, \"y\": 10, \"width\": 60, \"height\": 8 },"
  "{ \"type\": \"field\", \"key\": \"form.household.3.name\", \"x\": 10, \"y\": 20, \"width\": 60, \"height\": 8 },"
  "{ \"type\": \"field\", \"key\": \"form.household.1.birth_date\", \"x\": 10, \"y\": 30, \"width\": 60, \"height\": 8 },"
  "{ \"type\": \"field\", \"key\": \"request.fiscal_year\", \"format\": \"wareki_fiscal\", \"x\": 10, \"y\": 40, \"width\": 60, \"height\": 8 }";

static KakanaiTemplate *
every_kind_template (void)
{
  g_autoptr(GError) error = NULL;
  KakanaiTemplate *tpl = template_with ("every", every_kind, every_kind_fields, &error);

  g_assert_no_error (error);
  return tpl;
}

static KakanaiQuestion *
question (KakanaiTemplate *tpl,
          const char      *key)
{
  GPtrArray *questions = kakanai_template_get_questions (tpl);

  for (guint i = 0; i < questions->len; i++)
    if (g_str_equal (kakanai_question_get_key (g_ptr_array_index (questions, i)), key))
      return g_ptr_array_index (questions, i);
  g_error ("no question %s", key);
}

static void
assert_answers (KakanaiQuestion    *q,
                const char * const *good,
                const char * const *bad)
{
  for (guint i = 0; good[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      if (!kakanai_question_check_answer (q, good[i], &error))
        g_error ("%s refuses “%s”: %s", kakanai_question_get_key (q), good[i], error->message);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      if (kakanai_question_check_answer (q, bad[i], &error))
        g_error ("%s accepts “%s”", kakanai_question_get_key (q), bad[i]);
      g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
      g_assert_cmpstr (error->message, !=, "");
    }
}

#define STRS(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
test_every_kind (void)
{
  g_autoptr(KakanaiTemplate) tpl = every_kind_template ();
  KakanaiQuestion *group;
  GPtrArray *fields;
  double min, max;

  g_assert_cmpuint (kakanai_template_get_questions (tpl)->len, ==, 14);
  assert_answers (question (tpl, "form.note"), STRS ("", "あいうえお", "abc"), STRS ("あいうえおか"));
  assert_answers (question (tpl, "applicant.name_kana"), STRS ("ヤマダ　タロウ", "ヴァン・デル・ワール"),
                  STRS ("", "やまだ", "YAMADA", "山田"));
  assert_answers (question (tpl, "form.account_number"), STRS ("1234567", ""), STRS ("123456", "12345678", "123456a"));
  assert_answers (question (tpl, "applicant.phone"), STRS ("090-1234-5678", "0312345678", "03-1234-5678"),
                  STRS ("1234567890", "090-1234", "090--1234-5678", "+81 90 1234 5678", "090123456789"));
  assert_answers (question (tpl, "applicant.postal_code"), STRS ("1000001", "100-0001"),
                  STRS ("100001", "10-00001", "100-000a", "１０００００１"));
  assert_answers (question (tpl, "form.moving_date"), STRS ("2024-04-25", "2019-05-01"),
                  STRS ("2024-02-30", "令和6年4月25日", "2024/04/25"));
  assert_answers (question (tpl, "request.fiscal_year"), STRS ("2024", "2019", "2030"), STRS ("2018", "2031", "R6", "2024.5"));
  assert_answers (question (tpl, "request.copies"), STRS ("1", "10"), STRS ("0", "11", "-1", "two"));
  assert_answers (question (tpl, "request.purpose"), STRS ("employment", "other"), STRS ("bank", "employment,other"));
  assert_answers (question (tpl, "request.purpose_other"), STRS ("留学"), STRS (""));
  assert_answers (question (tpl, "request.kind"), STRS ("household", "household,extract"),
                  STRS ("household,household", "income", "household,"));
  assert_answers (question (tpl, "request.include_domicile"), STRS ("yes", "no"), STRS ("true", "はい"));

  g_assert_true (kakanai_question_is_required (question (tpl, "applicant.name_kana")));
  g_assert_false (kakanai_question_is_required (question (tpl, "applicant.phone")));
  g_assert_true (kakanai_question_is_for_clerk (question (tpl, "request.identity_document")));
  g_assert_false (kakanai_question_is_for_clerk (question (tpl, "request.purpose")));
  g_assert_cmpint (kakanai_question_get_date_input (question (tpl, "form.moving_date")), ==, KAKANAI_DATE_INPUT_GREGORIAN);
  g_assert_true (kakanai_question_get_range (question (tpl, "request.copies"), &min, &max));
  g_assert_cmpfloat (min, ==, 1);
  g_assert_cmpfloat (max, ==, 10);
  g_assert_false (kakanai_question_get_range (question (tpl, "form.note"), NULL, NULL));

  group = question (tpl, "form.household");
  g_assert_cmpint (kakanai_question_get_kind (group), ==, KAKANAI_QUESTION_GROUP);
  g_assert_cmpuint (kakanai_question_get_max_count (group), ==, 3);
  fields = kakanai_question_get_fields (group);
  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_cmpstr (kakanai_question_get_key (g_ptr_array_index (fields, 2)), ==, "relationship");
  g_assert_true (kakanai_template_has_key (tpl, "form.household.3.relationship"));
  g_assert_false (kakanai_template_has_key (tpl, "form.household.4.relationship"));
  g_assert_true (kakanai_template_has_key (tpl, "form.moving_date"));
  g_assert_false (kakanai_template_has_key (tpl, "form.moving_dat"));
}

/* What the resident typed becomes the stored answer, or is refused. */
static void
test_normalize_answer (void)
{
  static const struct { const char *key, *typed, *stored; } cases[] = {
    { "applicant.name_kana", "やまだ　たろう", "ヤマダ　タロウ" },
    { "applicant.name_kana", " ヤマダ タロウ　", "ヤマダ　タロウ" },
    { "applicant.phone", "０９０ー１２３４ー５６７８", "090-1234-5678" },
    { "applicant.postal_code", "１００－０００１", "100-0001" },
    { "form.account_number", "１２３４５６７", "1234567" },
    { "request.copies", "２", "2" },
    { "form.moving_date", "令和6年4月1日", "2024-04-01" },
    { "form.moving_date", "R6.4.1", "2024-04-01" },
    { "form.moving_date", "2024/4/1", "2024-04-01" },
    { "request.fiscal_year", "令和6", "2024" },
    { "request.fiscal_year", "令和元年度", "2019" },
    { "request.fiscal_year", "平成31年度", "2019" },
    { "request.fiscal_year", "２０２４", "2024" },
    { "request.kind", "household,extract", "household,extract" },
    { "form.note", "", "" },
  };
  static const struct { const char *key, *typed; } refused[] = {
    { "applicant.name_kana", "山田" }, { "applicant.phone", "090-1234" },
    { "form.moving_date", "平成31年5月1日" }, { "form.moving_date", "きのう" },
    { "request.fiscal_year", "令和99" }, { "request.fiscal_year", "来年" },
    { "request.copies", "11" }, { "applicant.name_kana", "" },
  };
  g_autoptr(KakanaiTemplate) tpl = every_kind_template ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = kakanai_question_normalize_answer (question (tpl, cases[i].key), cases[i].typed, &error);

      if (stored == NULL)
        g_error ("%s: “%s” refused: %s", cases[i].key, cases[i].typed, error->message);
      g_assert_cmpstr (stored, ==, cases[i].stored);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = kakanai_question_normalize_answer (question (tpl, refused[i].key), refused[i].typed, &error);

      if (stored != NULL)
        g_error ("%s: “%s” accepted as “%s”", refused[i].key, refused[i].typed, stored);
      g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
    }
}

static void
test_languages (void)
{
  g_autoptr(KakanaiTemplate) tpl = every_kind_template ();
  KakanaiQuestion *kana = question (tpl, "applicant.name_kana");

  g_assert_cmpstr (kakanai_question_get_prompt (kana, "ja"), ==, "フリガナ");
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "en"), ==, "Your name in katakana");
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "en_GB.UTF-8"), ==, "Your name in katakana");
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "pt"), ==, "Nome em katakana");
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "vi"), ==, "フリガナ");
  g_assert_cmpstr (kakanai_question_get_help (kana, "pt"), ==, "カタカナで");
  /* やさしい日本語: its own text where given, else the Japanese. */
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "ja@easy"), ==, "{名前|なまえ}（カタカナ）");
  g_assert_cmpstr (kakanai_question_get_help (kana, "ja@easy"), ==, "カタカナで");
  g_assert_cmpstr (kakanai_question_get_prompt (kana, "pt_BR"), ==, "Nome em katakana");
  g_assert_cmpstr (kakanai_question_get_help (question (tpl, "applicant.phone"), "en"), ==, "");
  g_assert_cmpstr (kakanai_question_get_option_label (question (tpl, "request.purpose"), "other", "en"), ==, "Something else");
  g_assert_cmpstr (kakanai_template_get_choice_label_for (tpl, "request.purpose", "employment", "en"), ==, "Work");
  g_assert_cmpstr (kakanai_template_get_choice_label_for (tpl, "request.kind", "extract", "en"), ==, "一部");
  g_assert_cmpstr (kakanai_question_get_option_label (question (tpl, "request.include_domicile"), "yes", "en"), ==, "Yes");
  g_assert_cmpstr (kakanai_template_get_title_for (tpl, "en"), ==, "Moving in");
  g_assert_cmpstr (kakanai_template_get_title (tpl), ==, "転入届");
}

static void
test_conditions (void)
{
  g_autoptr(KakanaiTemplate) tpl = every_kind_template ();
  g_autoptr(KakanaiFormData) answers = kakanai_form_data_new ();
  KakanaiQuestion *other = question (tpl, "request.purpose_other");
  const char *key, *value;

  g_assert_true (kakanai_question_get_condition (other, &key, &value));
  g_assert_cmpstr (key, ==, "request.purpose");
  g_assert_cmpstr (value, ==, "other");
  g_assert_false (kakanai_question_get_condition (question (tpl, "applicant.phone"), NULL, NULL));
  g_assert_true (kakanai_question_applies (question (tpl, "applicant.phone"), answers));
  g_assert_false (kakanai_question_applies (other, answers));
  g_assert_true (kakanai_form_data_set (answers, "request.purpose", "employment", NULL));
  g_assert_false (kakanai_question_applies (other, answers));
  g_assert_true (kakanai_form_data_set (answers, "request.purpose", "other", NULL));
  g_assert_true (kakanai_question_applies (other, answers));
}

/* The template's own keys fill fields like the known ones; a date key gets 和暦. */
static void
test_template_keys_fill (void)
{
  g_autoptr(KakanaiTemplate) tpl = every_kind_template ();
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_assert_true (kakanai_form_data_set (data, "form.moving_date", "2024-04-25", &error));
  g_assert_true (kakanai_form_data_set (data, "form.household.3.name", "山田花子", &error));
  g_assert_false (kakanai_form_data_set (data, "form.", "x", NULL));
  g_assert_false (kakanai_form_data_set (data, "form.Bad", "x", NULL));
  g_assert_false (kakanai_form_data_set (data, "form.a..b", "x", NULL));
  layout = kakanai_layout_new (&tpl, 1, data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kakanai_layout_get_problems (layout)->len, ==, 0);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

/* A key several forms ask is asked once, with the union of their options. */
static void
test_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) a = every_kind_template ();
  g_autoptr(KakanaiTemplate) b = template_with ("b",
    "{ \"key\": \"request.purpose\", \"kind\": \"choice\", \"required\": true, \"prompt\": \"目的\", \"options\": ["
    "  { \"value\": \"other\", \"label\": \"ほか\" }, { \"value\": \"employment\", \"label\": \"仕事\" } ] },"
    "{ \"key\": \"applicant.phone\", \"kind\": \"phone\", \"prompt\": \"電話\" },"
    "{ \"key\": \"form.bank_name\", \"kind\": \"text\", \"prompt\": \"金融機関名\" }", "", &error);
  g_autoptr(KakanaiTemplate) c = template_with ("c",
    "{ \"key\": \"applicant.phone\", \"kind\": \"text\", \"prompt\": \"電話\" }", "", &error);
  /* The same key with other choices: what one form offers, the other cannot print. */
  g_autoptr(KakanaiTemplate) d = template_with ("d",
    "{ \"key\": \"request.purpose\", \"kind\": \"choice\", \"prompt\": \"目的\", \"options\": ["
    "  { \"value\": \"bank\", \"label\": \"金融機関\" }, { \"value\": \"other\", \"label\": \"その他\" } ] }", "", &error);
  KakanaiTemplate *ab[] = { a, b }, *ac[] = { a, c }, *ad[] = { a, d }, *bd[] = { b, d };
  g_autoptr(GPtrArray) merged = NULL;
  KakanaiQuestion *purpose = NULL;
  guint phones = 0;

  g_assert_no_error (error);
  merged = kakanai_questions_merge (ab, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 15);
  for (guint i = 0; i < merged->len; i++)
    {
      KakanaiQuestion *q = g_ptr_array_index (merged, i);
      if (g_str_equal (kakanai_question_get_key (q), "applicant.phone"))
        phones++;
      if (g_str_equal (kakanai_question_get_key (q), "request.purpose"))
        purpose = q;
    }
  g_assert_cmpuint (phones, ==, 1);
  g_assert_nonnull (purpose);
  g_assert_true (kakanai_question_is_required (purpose));
  g_assert_cmpuint (g_strv_length ((char **) kakanai_question_get_options (purpose)), ==, 2);
  g_assert_cmpstr (kakanai_question_get_options (purpose)[0], ==, "employment");
  g_assert_cmpstr (kakanai_question_get_key (g_ptr_array_index (merged, 14)), ==, "form.bank_name");

  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = kakanai_questions_merge (ac, 2, &error);
  g_assert_null (merged);
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "every asks “applicant.phone” as phone, but c asks it as text"));
  g_clear_error (&error);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (kakanai_questions_check_together (i == 0 ? ad : bd, 2, &error));
      g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
      g_assert_nonnull (strstr (error->message, "asks “request.purpose” with the choices “"));
      g_assert_nonnull (strstr (error->message, "but d with “bank, other”"));
      g_clear_error (&error);
    }
  g_assert_true (kakanai_questions_check_together (ab, 2, &error));
  g_assert_no_error (error);
}

/* Once the card was read, the answers the templates give for it ("card_answer") are set,
 * whatever option a template names; an answer already there wins. */
static void
test_card_answers (void)
{
  static const char with_card_answers[] =
    "{ \"key\": \"request.identity_document\", \"kind\": \"choice\", \"answered_by\": \"clerk\", \"prompt\": \"確認書類\","
    "  \"options\": [ { \"value\": \"mynumber_card\", \"label\": \"個人番号カード\" } ],"
    "  \"card_answer\": \"mynumber_card\" },"
    "{ \"key\": \"form.card_shown\", \"kind\": \"yes_no\", \"prompt\": \"カードを見せましたか\", \"card_answer\": \"yes\" },"
    "{ \"key\": \"request.purpose\", \"kind\": \"choice\", \"prompt\": \"使い道\","
    "  \"options\": [ { \"value\": \"employment\", \"label\": \"就職\" }, { \"value\": \"other\", \"label\": \"その他\" } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) own = template_with ("own", with_card_answers, "", &error);
  g_autoptr(KakanaiTemplate) other = NULL;
  g_autoptr(KakanaiTemplate) every = every_kind_template ();
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(KakanaiFormData) typed = kakanai_form_data_new ();
  g_autoptr(GPtrArray) merged = NULL;
  KakanaiTemplate *own_and_every[] = { own, every }, *own_and_other[2];

  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_question_get_card_answer (question (own, "request.identity_document")), ==, "mynumber_card");
  g_assert_null (kakanai_question_get_card_answer (question (own, "request.purpose")));
  g_assert_null (kakanai_question_get_card_answer (question (every, "request.identity_document")));

  /* The merged questions keep the answer the one form gives that has it. */
  merged = kakanai_questions_merge (own_and_every, 2, &error);
  g_assert_no_error (error);
  g_assert_true (kakanai_questions_add_card_answers (merged, data, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_form_data_get (data, "request.identity_document"), ==, "mynumber_card");
  g_assert_cmpstr (kakanai_form_data_get (data, "form.card_shown"), ==, "yes");
  g_assert_false (kakanai_form_data_contains (data, "request.purpose"));
  g_assert_false (kakanai_form_data_contains (data, "request.include_domicile"));

  g_assert_true (kakanai_form_data_set (typed, "request.identity_document", "passport", NULL));
  g_assert_true (kakanai_questions_add_card_answers (merged, typed, &error));
  g_assert_cmpstr (kakanai_form_data_get (typed, "request.identity_document"), ==, "passport");
  g_assert_cmpstr (kakanai_form_data_get (typed, "form.card_shown"), ==, "yes");

  /* Two forms giving one key different card answers cannot be asked together. */
  other = template_with ("other",
    "{ \"key\": \"request.identity_document\", \"kind\": \"choice\", \"prompt\": \"確認書類\","
    "  \"options\": [ { \"value\": \"passport\", \"label\": \"旅券\" } ], \"card_answer\": \"passport\" }", "", &error);
  g_assert_no_error (error);
  own_and_other[0] = own, own_and_other[1] = other;
  g_clear_pointer (&merged, g_ptr_array_unref);
  merged = kakanai_questions_merge (own_and_other, 2, &error);
  g_assert_null (merged);
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "own answers “request.identity_document” with “mynumber_card” when the card was read, but other with “passport”"));
}

/* Every refusal names the file, the question or element, and the problem. */
static void
test_refused (void)
{
  static const struct { const char *questions, *elements, *message; } cases[] = {
    { "{ \"key\": \"form.x\", \"prompt\": \"x\" }", "", "question 0 (“form.x”): missing member “kind”" },
    { "{ \"key\": \"form.x\", \"kind\": \"colour\", \"prompt\": \"x\" }", "", "“kind” must be one of text, katakana" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\" }", "", "missing member “prompt”" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": { \"en\": \"X\" } }", "", "needs its Japanese text" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": { \"ja\": \"x\", \"english\": \"X\" } }", "", "is not a language code" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": { \"ja\": \"x\", \"ja@\": \"X\" } }", "", "is not a language code" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": { \"ja\": \"x\", \"ja@Easy\": \"X\" } }", "", "is not a language code" },
    { "{ \"key\": \"card.name\", \"kind\": \"text\", \"prompt\": \"x\" }", "", "comes from the card" },
    { "{ \"key\": \"request.nmae\", \"kind\": \"text\", \"prompt\": \"x\" }", "", "unknown data key “request.nmae”" },
    { "{ \"key\": \"form.x\", \"kind\": \"choice\", \"prompt\": \"x\" }", "", "a choice question needs “options”" },
    { "{ \"key\": \"form.x\", \"kind\": \"choice\", \"prompt\": \"x\", \"options\": [ { \"value\": \"a\", \"label\": \"A\" }, { \"value\": \"a\", \"label\": \"A\" } ] }", "", "“a” appears twice" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"min\": 1, \"prompt\": \"x\" }", "", "belong to number and fiscal_year questions only" },
    { "{ \"key\": \"form.x\", \"kind\": \"number\", \"min\": 5, \"max\": 1, \"prompt\": \"x\" }", "", "“min” is above “max”" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": \"x\", \"when\": { \"key\": \"form.y\" } }", "", "“when” names “form.y”, which no question asks" },
    { "{ \"key\": \"form.x\", \"kind\": \"group\", \"prompt\": \"x\", \"max_count\": 2 }", "", "a group needs “fields”" },
    { "{ \"key\": \"form.x\", \"kind\": \"group\", \"prompt\": \"x\", \"max_count\": 99, \"fields\": [] }", "", "“max_count” must be a whole number from 1 to 20" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": \"x\" }, { \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": \"y\" }", "", "question 1 (“form.x”): the key “form.x” is asked twice" },
    { "{ \"key\": \"request.identity_document\", \"kind\": \"choice\", \"prompt\": \"x\", \"options\": [ { \"value\": \"passport\", \"label\": \"P\" } ], \"card_answer\": \"mynumber_card\" }", "",
      "question 0 (“request.identity_document”): “card_answer” is “mynumber_card”, which is not one of the question's options" },
    { "{ \"key\": \"form.x\", \"kind\": \"text\", \"prompt\": \"x\", \"card_answer\": \"yes\" }", "", "question 0 (“form.x”): “card_answer” belongs to choice, multiple_choice and yes_no questions only" },
    { "{ \"key\": \"form.x\", \"kind\": \"yes_no\", \"prompt\": \"x\", \"card_answer\": true }", "", "question 0 (“form.x”): “card_answer”" },
    { "{ \"key\": \"form.x\", \"kind\": \"group\", \"prompt\": \"x\", \"max_count\": 2, \"fields\": [ { \"key\": \"shown\", \"kind\": \"yes_no\", \"prompt\": \"y\", \"card_answer\": \"yes\" } ] }", "",
      "question 0 (“form.x”): a group's field cannot have a “card_answer”" },
    { "", "{ \"type\": \"field\", \"id\": \"prev\", \"key\": \"form.previous_address\", \"x\": 1, \"y\": 1, \"width\": 9, \"height\": 9 }",
      "element 0 (“prev”): the data key “form.previous_address” is the template's own, but no question asks for it" },
    { "", "{ \"type\": \"qr\", \"id\": \"q\", \"x\": 1, \"y\": 1, \"size\": 20, \"content\": \"{form.nope}\" }", "element 0 (“q”): “content”: unknown data key “form.nope”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiTemplate) tpl = template_with ("bad", cases[i].questions, cases[i].elements, &error);

      g_assert_null (tpl);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, "bad.json: ") || strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/questions/every-kind", test_every_kind);
  g_test_add_func ("/forms/questions/normalize-answer", test_normalize_answer);
  g_test_add_func ("/forms/questions/languages", test_languages);
  g_test_add_func ("/forms/questions/conditions", test_conditions);
  g_test_add_func ("/forms/questions/template-keys-fill", test_template_keys_fill);
  g_test_add_func ("/forms/questions/merge", test_merge);
  g_test_add_func ("/forms/questions/card-answers", test_card_answers);
  g_test_add_func ("/forms/questions/refused", test_refused);
  return g_test_run ();
}
