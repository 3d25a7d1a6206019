/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-template.c: the template loader (format 1 and 2, questions included) on arbitrary bytes, then the layout pass over
 * whatever loads (with names holding rare and undrawable characters). Errors are
 * expected; crashes, leaks and undefined behaviour are not. */
#include <stddef.h>
#include <stdint.h>

#include <kakanai-forms.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static KakanaiFormData *
fuzz_form_data (void)
{
  static const char * const values[][2] = {
    { "card.name", "髙﨑 𠮷野𩸽子\U0001F600" },
    { "card.address", "東京都千代田区千代田一丁目一番一号　千代田ハイツ１０１号室（テスト）" },
    { "card.birth_date", "1989-01-08" },
    { "card.sex", "female" },
    { "applicant.name_kana", "タカサキ ヨシノ" },
    { "applicant.phone", "03-1234-5678" },
    { "applicant.postal_code", "100-0001" },
    { "request.date", "2019-05-01" },
    { "request.fiscal_year", "2024" },
    { "request.kind", "household,extract" },
    { "request.purpose", "employment" },
    { "request.copies", "2" },
    { "office.name", "千代田区" },
    { "form.previous_address", "大阪府大阪市北区中之島一丁目3番20号" },
    { "form.moving_date", "2024-04-01" },
    { "form.household.1.name", "髙﨑 花子" },
    { "form.household.1.relationship", "spouse" },
    { "form.x", "a" },
  };
  KakanaiFormData *form_data = kakanai_form_data_new ();

  for (size_t i = 0; i < G_N_ELEMENTS (values); i++)
    kakanai_form_data_set (form_data, values[i][0], values[i][1], NULL);
  return form_data;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(KakanaiFormData) form_data = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;

  tpl = kakanai_template_new_from_data ((const char *) data, size, "fuzz/template.json", &error);
  if (tpl == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_FORMS_ERROR);
      return 0;
    }
  /* Keys, choices and questions must be readable on any template that loads. */
  for (const char * const *key = kakanai_template_get_field_keys (tpl); *key != NULL; key++)
    kakanai_template_get_choices (tpl, *key);
  form_data = fuzz_form_data ();
  {
    g_autoptr(GPtrArray) questions = kakanai_questions_merge (&tpl, 1, NULL);

    g_assert (questions != NULL);
    for (guint i = 0; i < questions->len; i++)
      {
        KakanaiQuestion *question = g_ptr_array_index (questions, i);
        const char *answer = kakanai_form_data_get (form_data, kakanai_question_get_key (question));

        kakanai_question_applies (question, form_data);
        kakanai_question_get_prompt (question, "en");
        if (kakanai_question_get_kind (question) != KAKANAI_QUESTION_GROUP)
          kakanai_question_check_answer (question, answer != NULL ? answer : "", NULL);
      }
  }

  layout = kakanai_layout_new (&tpl, 1, form_data, NULL);
  return 0;
}
