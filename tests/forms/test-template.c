/* test-template.c: loading templates, and every way a template is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"

static char *
templates_dir (void)
{
  return g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms", "templates", NULL);
}

/* A page of A4 with the given elements, as a test names it. */
static char *
template_with_elements (const char *elements)
{
  return g_strdup_printf ("{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", "
                          "\"page\": { \"size\": \"A4\" }, \"elements\": [ %s ] }", elements);
}

typedef struct {
  const char *name;
  const char *json;           /* whole template, or NULL to use @elements */
  const char *elements;
  int         code;
  const char *expected[3];    /* substrings of the message */
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "malformed-json", "{ \"format\": 1, ", NULL, KAKANAI_FORMS_ERROR_TEMPLATE,
    { "broken.json: ", "malformed JSON" } },
  { "not-an-object", "[1, 2]", NULL, KAKANAI_FORMS_ERROR_TEMPLATE,
    { "broken.json: ", "must be a JSON object" } },
  { "missing-format", "{ \"id\": \"t\" }", NULL, KAKANAI_FORMS_ERROR_TEMPLATE,
    { "broken.json: ", "missing member “format”" } },
  { "newer-format", "{ \"format\": 3, \"id\": \"t\" }", NULL, KAKANAI_FORMS_ERROR_TEMPLATE,
    { "format 3 is not supported" } },
  { "missing-id", "{ \"format\": 1, \"title\": \"T\", \"page\": { \"size\": \"A4\" }, \"elements\": [] }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "missing member “id”" } },
  { "bad-id", "{ \"format\": 1, \"id\": \"Bad Id\", \"title\": \"T\", \"page\": { \"size\": \"A4\" }, \"elements\": [] }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "“id” must be made of", "Bad Id" } },
  { "missing-page", "{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"elements\": [] }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "missing member “page”" } },
  { "bad-page-size", "{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"page\": { \"size\": \"Letter\" }, \"elements\": [] }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "page size “Letter”" } },
  { "missing-elements", "{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"page\": { \"size\": \"A4\" } }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "missing member “elements”" } },
  { "unknown-top-member", "{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"page\": { \"size\": \"A4\" }, \"elements\": [], \"colour\": 1 }",
    NULL, KAKANAI_FORMS_ERROR_TEMPLATE, { "unknown member “colour”" } },
  { "unknown-key", NULL,
    "{ \"type\": \"text\", \"x\": 1, \"y\": 1, \"width\": 5, \"height\": 5, \"text\": \"a\" },"
    "{ \"type\": \"field\", \"id\": \"name\", \"key\": \"card.nmae\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_UNKNOWN_KEY, { "broken.json: element 1 (“name”)", "unknown data key “card.nmae”" } },
  { "off-page-rect", NULL,
    "{ \"type\": \"rect\", \"id\": \"box\", \"x\": 200, \"y\": 10, \"width\": 20, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“box”)", "overlaps the page edge" } },
  { "off-page-field", NULL,
    "{ \"type\": \"field\", \"id\": \"name\", \"key\": \"card.name\", \"x\": 10, \"y\": 290, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“name”)", "overlaps the page edge" } },
  { "negative-position", NULL,
    "{ \"type\": \"text\", \"x\": -1, \"y\": 10, \"width\": 20, \"height\": 10, \"text\": \"a\" }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0: ", "overlaps the page edge" } },
  { "off-page-line", NULL,
    "{ \"type\": \"line\", \"id\": \"rule\", \"x1\": 10, \"y1\": 10, \"x2\": 211, \"y2\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“rule”)", "off the page" } },
  { "off-page-circle", NULL,
    "{ \"type\": \"circle\", \"cx\": 5, \"cy\": 100, \"r\": 6 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0: ", "the circle", "overlaps the page edge" } },
  { "off-page-option", NULL,
    "{ \"type\": \"field\", \"id\": \"sex\", \"key\": \"card.sex\", \"mode\": \"choice\", \"options\": ["
    " { \"value\": \"male\", \"x\": 10, \"y\": 10, \"width\": 5, \"height\": 5 },"
    " { \"value\": \"female\", \"x\": 208, \"y\": 10, \"width\": 5, \"height\": 5 } ] }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“sex”)", "option 1 (“female”)", "overlaps the page edge" } },
  { "zero-size", NULL,
    "{ \"type\": \"rect\", \"x\": 10, \"y\": 10, \"width\": 0, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "positive width and height" } },
  { "missing-box", NULL,
    "{ \"type\": \"field\", \"id\": \"name\", \"key\": \"card.name\", \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“name”)", "missing member “x”" } },
  { "missing-key", NULL,
    "{ \"type\": \"field\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "missing member “key”" } },
  { "missing-text", NULL,
    "{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "missing member “text”" } },
  { "number-as-string", NULL,
    "{ \"type\": \"rect\", \"x\": \"10\", \"y\": 10, \"width\": 5, \"height\": 5 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“x” must be a number" } },
  { "string-as-number", NULL,
    "{ \"type\": \"text\", \"x\": 10, \"y\": 10, \"width\": 5, \"height\": 5, \"text\": 12 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“text” must be a string" } },
  { "unknown-member", NULL,
    "{ \"type\": \"rect\", \"id\": \"r\", \"x\": 10, \"y\": 10, \"width\": 5, \"height\": 5, \"colour\": \"#000000\" }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“r”)", "unknown member “colour”" } },
  { "unknown-type", NULL, "{ \"type\": \"ellipse\" }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "unknown element type “ellipse”" } },
  { "element-not-object", NULL, "42",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0: ", "must be an object" } },
  { "bad-enum", NULL,
    "{ \"type\": \"field\", \"key\": \"card.name\", \"mode\": \"spiral\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“mode” must be one of", "spiral" } },
  { "bad-color", NULL,
    "{ \"type\": \"rect\", \"x\": 10, \"y\": 10, \"width\": 5, \"height\": 5, \"fill\": \"grey\" }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“fill” must be a colour" } },
  { "min-size-above-size", NULL,
    "{ \"type\": \"field\", \"key\": \"card.name\", \"size\": 10, \"min_size\": 12, \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“min_size”" } },
  { "boxes-without-count", NULL,
    "{ \"type\": \"field\", \"id\": \"zip\", \"key\": \"applicant.postal_code\", \"mode\": \"boxes\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "element 0 (“zip”)", "missing member “boxes”" } },
  { "boxes-zero", NULL,
    "{ \"type\": \"field\", \"key\": \"applicant.postal_code\", \"mode\": \"boxes\", \"boxes\": 0, \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“boxes” must be a whole number" } },
  { "choice-without-options", NULL,
    "{ \"type\": \"field\", \"key\": \"card.sex\", \"mode\": \"choice\" }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "a choice needs “options”" } },
  { "duplicate-option", NULL,
    "{ \"type\": \"field\", \"key\": \"card.sex\", \"mode\": \"choice\", \"options\": ["
    " { \"value\": \"male\", \"x\": 10, \"y\": 10, \"width\": 5, \"height\": 5 },"
    " { \"value\": \"male\", \"x\": 20, \"y\": 10, \"width\": 5, \"height\": 5 } ] }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“male” appears twice" } },
  { "format-on-wrong-key", NULL,
    "{ \"type\": \"field\", \"key\": \"card.name\", \"format\": \"wareki\", \"x\": 10, \"y\": 10, \"width\": 50, \"height\": 10 }",
    KAKANAI_FORMS_ERROR_TEMPLATE, { "“format” “wareki” does not apply to the key “card.name”" } },
  { "missing-image", NULL,
    "{ \"type\": \"image\", \"id\": \"scan\", \"x\": 0, \"y\": 0, \"width\": 210, \"height\": 297, \"src\": \"no-such-scan.png\" }",
    KAKANAI_FORMS_ERROR_IO, { "element 0 (“scan”)", "no-such-scan.png" } },
};

static void
test_broken_template (gconstpointer data)
{
  const BrokenCase *test = data;
  g_autofree char *json = test->json ? g_strdup (test->json) : template_with_elements (test->elements);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;

  tpl = kakanai_template_new_from_data (json, -1, "/nowhere/broken.json", &error);
  g_assert_null (tpl);
  g_assert_error (error, KAKANAI_FORMS_ERROR, test->code);
  g_assert_true (g_str_has_prefix (error->message, "/nowhere/broken.json: "));
  for (guint i = 0; i < G_N_ELEMENTS (test->expected) && test->expected[i] != NULL; i++)
    if (strstr (error->message, test->expected[i]) == NULL)
      g_error ("“%s” lacks “%s”", error->message, test->expected[i]);
}

static void
test_not_utf8 (void)
{
  static const char json[] = "{ \"format\": 1, \"id\": \"t\", \"title\": \"\xff\xfe\" }";
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_data (json, -1, "x.json", &error);

  g_assert_null (tpl);
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "not valid UTF-8"));
}

static void
test_landscape_changes_the_edge (void)
{
  static const char rect[] = "{ \"type\": \"rect\", \"x\": 10, \"y\": 10, \"width\": 280, \"height\": 100 }";
  g_autofree char *portrait = template_with_elements (rect);
  g_autofree char *landscape = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;
  double width, height;

  g_assert_null (kakanai_template_new_from_data (portrait, -1, "p.json", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);

  landscape = g_strdup_printf ("{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", "
                               "\"page\": { \"size\": \"A4\", \"orientation\": \"landscape\" }, "
                               "\"elements\": [ %s ] }", rect);
  tpl = kakanai_template_new_from_data (landscape, -1, "l.json", NULL);
  g_assert_nonnull (tpl);
  kakanai_template_get_page_size (tpl, &width, &height);
  g_assert_cmpfloat (width, ==, 297);
  g_assert_cmpfloat (height, ==, 210);
}

static void
test_malformed_file_names_path (void)
{
  g_autofree char *dir = templates_dir ();
  g_autofree char *path = g_build_filename (dir, "broken", "malformed.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (kakanai_template_new_from_file (path, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "malformed JSON"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (kakanai_template_new_from_file ("/nonexistent/form.json", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/form.json"));
}

static void
test_getters (void)
{
  g_autofree char *dir = templates_dir ();
  g_autofree char *path = g_build_filename (dir, "fields.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_file (path, &error);
  static const char * const expected_keys[] = {
    "card.name", "applicant.name_kana", "card.sex", "card.address", "applicant.postal_code",
    "applicant.phone", "request.kind", "request.date", "card.birth_date",
    "request.copies.household", "request.purpose_other", NULL
  };
  const char * const *choices;
  double width, height;

  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_template_get_id (tpl), ==, "test-fields");
  g_assert_cmpstr (kakanai_template_get_title (tpl), ==, "試験用の書式");
  g_assert_cmpstr (kakanai_template_get_description (tpl), ==, "");
  g_assert_cmpstr (kakanai_template_get_source (tpl), ==, path);
  kakanai_template_get_page_size (tpl, &width, &height);
  g_assert_cmpfloat (width, ==, 210);
  g_assert_cmpfloat (height, ==, 297);

  g_assert_true (g_strv_equal (kakanai_template_get_field_keys (tpl), expected_keys));

  choices = kakanai_template_get_choices (tpl, "card.sex");
  g_assert_nonnull (choices);
  g_assert_cmpstr (choices[0], ==, "male");
  g_assert_cmpstr (choices[1], ==, "female");
  g_assert_null (choices[2]);
  g_assert_cmpstr (kakanai_template_get_choice_label (tpl, "request.kind", "household"), ==, "世帯全員");
  g_assert_null (kakanai_template_get_choice_label (tpl, "request.kind", "everyone"));
  g_assert_null (kakanai_template_get_choices (tpl, "card.name"));

  g_assert_true (kakanai_template_ref (tpl) == tpl);
  kakanai_template_unref (tpl);
}

static void
test_load_dir (void)
{
  g_autofree char *dir = templates_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = kakanai_template_load_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 2);
  g_assert_cmpstr (kakanai_template_get_id (g_ptr_array_index (templates, 0)), ==, "test-fields");
  g_assert_cmpstr (kakanai_template_get_id (g_ptr_array_index (templates, 1)), ==, "test-minimal");
  g_assert_cmpstr (kakanai_template_get_description (g_ptr_array_index (templates, 1)), ==,
                   "One field on an A5 landscape page");
}

static void
test_load_dir_refuses_duplicate_ids (void)
{
  g_autofree char *source_dir = templates_dir ();
  g_autofree char *source = g_build_filename (source_dir, "minimal.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kakanai-templates-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (a, contents, -1, NULL));
  g_assert_true (g_file_set_contents (b, contents, -1, NULL));

  g_assert_null (kakanai_template_load_dir (dir, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "b.json"));
  g_assert_nonnull (strstr (error->message, "a.json"));
  g_assert_nonnull (strstr (error->message, "test-minimal"));

  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static void
test_load_dir_names_the_broken_file (void)
{
  g_autofree char *dir = templates_dir ();
  g_autofree char *broken = g_build_filename (dir, "broken", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (kakanai_template_load_dir (broken, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "malformed.json"));
}

/* ---- form data ---------------------------------------------------------------------- */

static void
test_form_data_known_keys (void)
{
  static const char * const required[] = {
    "card.name", "card.address", "card.birth_date", "card.sex", "applicant.name_kana",
    "applicant.phone", "request.date", "request.purpose", "request.copies",
    "request.fiscal_year", "office.name", "card.my_number", "applicant.postal_code",
    "request.kind", "request.identity_document", NULL
  };
  const char * const *keys = kakanai_form_data_known_keys ();

  for (guint i = 0; required[i] != NULL; i++)
    {
      g_assert_true (g_strv_contains (keys, required[i]));
      g_assert_true (kakanai_form_data_is_known_key (required[i]));
    }
  g_assert_true (kakanai_form_data_is_known_key ("request.copies.household"));
  g_assert_false (kakanai_form_data_is_known_key ("request.copies."));
  g_assert_false (kakanai_form_data_is_known_key ("request.copies.Bad"));
  g_assert_false (kakanai_form_data_is_known_key ("card.nmae"));
}

static void
test_form_data_set_get (void)
{
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kakanai_form_data_set (data, "card.name", "髙﨑 𠮷", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kakanai_form_data_get (data, "card.name"), ==, "髙﨑 𠮷");
  g_assert_true (kakanai_form_data_set (data, "card.name", "山田", NULL));
  g_assert_cmpstr (kakanai_form_data_get (data, "card.name"), ==, "山田");
  g_assert_true (kakanai_form_data_set (data, "card.name", NULL, NULL));
  g_assert_false (kakanai_form_data_contains (data, "card.name"));
  g_assert_null (kakanai_form_data_get (data, "card.address"));

  g_assert_false (kakanai_form_data_set (data, "card.nmae", "x", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (error->message, "card.nmae"));
  g_clear_error (&error);

  g_assert_false (kakanai_form_data_set (data, "request.date", "2024/04/25", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (kakanai_form_data_set (data, "card.birth_date", "2023-02-29", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (kakanai_form_data_set (data, "card.birth_date", "2024-02-29", NULL));

  g_assert_false (kakanai_form_data_set (data, "card.sex", "man", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_false (kakanai_form_data_set (data, "office.name", "\xc3\x28", &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_INVALID_VALUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/forms/template/refused/%s", broken_cases[i].name);
      g_test_add_data_func (path, &broken_cases[i], test_broken_template);
    }
  g_test_add_func ("/forms/template/refused/not-utf8", test_not_utf8);
  g_test_add_func ("/forms/template/landscape-edge", test_landscape_changes_the_edge);
  g_test_add_func ("/forms/template/malformed-file", test_malformed_file_names_path);
  g_test_add_func ("/forms/template/missing-file", test_missing_file);
  g_test_add_func ("/forms/template/getters", test_getters);
  g_test_add_func ("/forms/template/load-dir", test_load_dir);
  g_test_add_func ("/forms/template/load-dir-duplicate-id", test_load_dir_refuses_duplicate_ids);
  g_test_add_func ("/forms/template/load-dir-broken", test_load_dir_names_the_broken_file);
  g_test_add_func ("/forms/data/known-keys", test_form_data_known_keys);
  g_test_add_func ("/forms/data/set-get", test_form_data_set_get);
  return g_test_run ();
}
