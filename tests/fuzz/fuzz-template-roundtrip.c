/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-template-roundtrip.c: whatever the template model parses must save, load back as
 * the same model and save again to the same bytes; a model that validates must do so
 * again after the round trip, and an edit undone must give back the bytes it started
 * from. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kakanai-forms.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = NULL;
  g_autoptr(KakanaiTemplateModel) again = NULL;
  g_autofree char *first = NULL, *second = NULL, *undone = NULL;
  gboolean valid;

  model = kakanai_template_model_new_from_data ((const char *) data, size, "fuzz/template.json", &error);
  if (model == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_FORMS_ERROR);
      return 0;
    }
  valid = kakanai_template_model_validate (model, NULL);

  first = kakanai_template_model_to_json (model);
  again = kakanai_template_model_new_from_data (first, -1, "fuzz/template.json", &error);
  g_assert_no_error (error);
  g_assert (kakanai_template_model_equal (model, again));
  second = kakanai_template_model_to_json (again);
  g_assert (strcmp (first, second) == 0);
  g_assert (kakanai_template_model_validate (again, NULL) == valid);

  if (kakanai_template_model_get_n_items (model, KAKANAI_MODEL_LIST_ELEMENTS) > 0)
    {
      KakanaiBounds everything = { -1e9, -1e9, 2e9, 2e9 };
      g_autoptr(GArray) inside = kakanai_template_model_elements_in (model, &everything);

      kakanai_template_model_element_at (model, 10, 10, 1);
      g_assert (kakanai_template_model_translate_element (model, 0, 1.5, -2.5, NULL));
      g_assert (kakanai_template_model_remove_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 0, NULL));
      g_assert (kakanai_template_model_undo (model));
      g_assert (kakanai_template_model_undo (model));
      undone = kakanai_template_model_to_json (model);
      g_assert (strcmp (first, undone) == 0);
    }
  return 0;
}
