/* test-template-model.c: the editable template: round trips, element API, commands with
 * undo and redo, hit-testing, snapshots that do not change under edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"
#include "kakanai-layout-private.h"

static GPtrArray *
every_template_path (void)
{
  const char *root = g_getenv ("KAKANAI_SOURCE_ROOT");
  const char *dirs[] = { "assets/forms", "tests/forms/templates" };
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[i], NULL);
      g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
      const char *name;

      g_assert_nonnull (gdir);
      while ((name = g_dir_read_name (gdir)) != NULL)
        if (g_str_has_suffix (name, ".json"))
          g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
    }
  g_assert_cmpuint (paths->len, >=, 5);
  return paths;
}

static KakanaiTemplateModel *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  KakanaiTemplateModel *model = kakanai_template_model_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_true (kakanai_template_model_validate (model, &error));
  g_assert_no_error (error);
  return model;
}

static KakanaiTemplateModel *
reload (KakanaiTemplateModel *model)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kakanai_template_model_to_json (model);
  KakanaiTemplateModel *again = kakanai_template_model_new_from_data (json, -1,
                                                                      kakanai_template_model_get_source (model),
                                                                      &error);
  g_assert_no_error (error);
  return again;
}

/* load → save → load: the same model; the second save: the same bytes. Every bundled
 * and test template, and the saved form lays out exactly as the original. */
static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) paths = every_template_path ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(KakanaiTemplateModel) first = load (path);
      g_autoptr(KakanaiTemplateModel) second = reload (first);
      g_autoptr(KakanaiTemplateModel) third = reload (second);
      g_autofree char *json1 = kakanai_template_model_to_json (first);
      g_autofree char *json2 = kakanai_template_model_to_json (second);
      g_autofree char *json3 = kakanai_template_model_to_json (third);

      g_test_message ("%s", path);
      g_assert_true (kakanai_template_model_equal (first, second));
      g_assert_cmpstr (json2, ==, json3);
      g_assert_cmpstr (json1, ==, json2);
      g_assert_true (g_str_has_prefix (json1, "{\n  \"format\": 2,\n"));
      g_assert_true (kakanai_template_model_validate (second, NULL));
      g_assert_cmpuint (kakanai_template_model_get_n_items (first, KAKANAI_MODEL_LIST_ELEMENTS), ==,
                        kakanai_template_model_get_n_items (second, KAKANAI_MODEL_LIST_ELEMENTS));
    }
}

/* Numbers are written shortest-exact, strings escaped, and 10 and 10.0 are one model. */
static void
test_numbers_and_strings (void)
{
  const char *json =
    "{ \"format\": 1, \"id\": \"n\", \"title\": \"T\\\"\\\\\\n\", \"page\": { \"size\": \"A4\" },"
    "  \"elements\": [ { \"type\": \"line\", \"x1\": 0.1, \"y1\": 10.0, \"x2\": 33.333333333333336,"
    "  \"y2\": 1e1, \"line_width\": 0.3 } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new_from_data (json, -1, "n.json", &error);
  g_autofree char *saved = NULL;
  g_autoptr(KakanaiTemplateModel) again = NULL;

  g_assert_no_error (error);
  saved = kakanai_template_model_to_json (model);
  g_assert_nonnull (strstr (saved, "\"title\": \"T\\\"\\\\\\n\""));
  g_assert_nonnull (strstr (saved, "{\"type\": \"line\", \"x1\": 0.1, \"y1\": 10, \"x2\": 33.333333333333336, \"y2\": 10, \"line_width\": 0.3}"));
  again = reload (model);
  g_assert_true (kakanai_template_model_equal (model, again));
}

static const char example[] =
  "{ \"format\": 2, \"id\": \"ex\", \"title\": { \"ja\": \"例\", \"en\": \"Example\" },"
  "  \"page\": { \"size\": \"A4\" }, \"elements\": ["
  "  { \"type\": \"rect\", \"id\": \"frame\", \"x\": 10, \"y\": 10, \"width\": 100, \"height\": 50 },"
  "  { \"type\": \"text\", \"id\": \"label\", \"x\": 12, \"y\": 12, \"width\": 30, \"height\": 8, \"text\": \"氏名\" },"
  "  { \"type\": \"line\", \"id\": \"rule\", \"x1\": 10, \"y1\": 30, \"x2\": 110, \"y2\": 30 },"
  "  { \"type\": \"field\", \"id\": \"sex\", \"key\": \"card.sex\", \"mode\": \"choice\", \"options\": ["
  "      { \"value\": \"male\", \"x\": 60, \"y\": 40, \"width\": 8, \"height\": 8 },"
  "      { \"value\": \"female\", \"x\": 75, \"y\": 40, \"width\": 8, \"height\": 8 } ] },"
  "  { \"type\": \"field\", \"id\": \"date\", \"key\": \"request.date\", \"mode\": \"wrap\", \"x\": 12, \"y\": 50, \"width\": 40, \"height\": 8 },"
  "  { \"type\": \"circle\", \"id\": \"seal\", \"cx\": 150, \"cy\": 30, \"r\": 10 } ] }";

static KakanaiTemplateModel *
example_model (void)
{
  g_autoptr(GError) error = NULL;
  KakanaiTemplateModel *model = kakanai_template_model_new_from_data (example, -1, "ex.json", &error);

  g_assert_no_error (error);
  return model;
}

static double
number_member (KakanaiTemplateModel *model, guint index, const char *member)
{
  g_autoptr(JsonNode) node = kakanai_template_model_dup_element_member (model, index, member);

  g_assert_nonnull (node);
  return json_node_get_double (node);
}

static char *
string_member (KakanaiTemplateModel *model, guint index, const char *member)
{
  g_autoptr(JsonNode) node = kakanai_template_model_dup_element_member (model, index, member);

  return node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
}

/* Type, bounds, every member, given or default. */
static void
test_element_api (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  const char * const *members = kakanai_template_element_members ("text");
  KakanaiBounds bounds;
  g_autofree char *font = NULL, *valign_text = NULL, *valign_wrap = NULL, *format = NULL;

  g_assert_cmpuint (kakanai_template_model_get_n_items (model, KAKANAI_MODEL_LIST_ELEMENTS), ==, 6);
  g_assert_cmpstr (kakanai_template_model_get_element_type (model, 1), ==, "text");
  g_assert_cmpstr (members[0], ==, "type");
  g_assert_true (g_strv_contains (members, "letter_spacing"));
  g_assert_true (g_strv_contains (members, "vertical"));
  g_assert_null (kakanai_template_element_members ("balloon"));
  g_assert_true (g_strv_contains (kakanai_template_element_types (), "qr"));

  g_assert_true (kakanai_template_model_element_has_member (model, 1, "text"));
  g_assert_false (kakanai_template_model_element_has_member (model, 1, "size"));
  g_assert_cmpfloat (number_member (model, 1, "size"), ==, 10.5);
  g_assert_cmpfloat (number_member (model, 1, "min_size"), ==, 10.5);
  font = string_member (model, 1, "font");
  g_assert_cmpstr (font, ==, "gothic");
  valign_text = string_member (model, 1, "valign");
  g_assert_cmpstr (valign_text, ==, "middle");
  valign_wrap = string_member (model, 4, "valign");
  g_assert_cmpstr (valign_wrap, ==, "top");
  format = string_member (model, 4, "format");
  g_assert_cmpstr (format, ==, "wareki");
  g_assert_null (kakanai_template_model_dup_element_member (model, 0, "fill"));
  g_assert_null (kakanai_template_model_dup_element_member (model, 0, "text"));

  g_assert_true (kakanai_template_model_get_element_bounds (model, 2, &bounds));
  g_assert_cmpfloat (bounds.x, ==, 10);
  g_assert_cmpfloat (bounds.width, ==, 100);
  g_assert_cmpfloat (bounds.height, ==, 0);
  g_assert_true (kakanai_template_model_get_element_bounds (model, 3, &bounds));
  g_assert_cmpfloat (bounds.x, ==, 60);
  g_assert_cmpfloat (bounds.width, ==, 23);
  g_assert_true (kakanai_template_model_get_element_bounds (model, 5, &bounds));
  g_assert_cmpfloat (bounds.x, ==, 140);
  g_assert_cmpfloat (bounds.height, ==, 20);
}

static void
test_hit_testing (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  g_autoptr(GArray) inside = NULL;
  KakanaiBounds rect = { 11, 11, 50, 40 };

  g_assert_cmpint (kakanai_template_model_element_at (model, 13, 13, 0), ==, 1);  /* the label, on top of the frame */
  g_assert_cmpint (kakanai_template_model_element_at (model, 90, 20, 0), ==, 0);  /* the frame */
  g_assert_cmpint (kakanai_template_model_element_at (model, 50, 30.4, 0.5), ==, 2); /* near the rule */
  g_assert_cmpint (kakanai_template_model_element_at (model, 78, 44, 0), ==, 3);  /* an option */
  g_assert_cmpint (kakanai_template_model_element_at (model, 150, 30, 0), ==, 5);
  g_assert_cmpint (kakanai_template_model_element_at (model, 200, 200, 1), ==, -1);

  inside = kakanai_template_model_elements_in (model, &rect);
  g_assert_cmpuint (inside->len, ==, 1);
  g_assert_cmpuint (g_array_index (inside, guint, 0), ==, 1);
  g_array_unref (g_steal_pointer (&inside));
  rect = (KakanaiBounds) { 0, 0, 210, 297 };
  inside = kakanai_template_model_elements_in (model, &rect);
  g_assert_cmpuint (inside->len, ==, 6);
}

static void
count_changes (KakanaiTemplateModel *model, guint *count)
{
  (*count)++;
}

/* Each command undone gives back the very same template (byte for byte), redone the
 * edited one; a new command after an undo drops the redo list. */
static void
test_undo_redo (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = kakanai_template_model_to_json (model);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) size = json_node_init_double (json_node_alloc (), 14);
  g_autoptr(JsonNode) title = json_node_init_string (json_node_alloc (), "新しい題");
  JsonObject *created = kakanai_template_element_new ("qr", 150, 250);
  guint changes = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_changes), &changes);
  g_ptr_array_add (states, g_strdup (original));
#define STEP(call) G_STMT_START { g_assert_true (call); g_assert_no_error (error); \
    g_ptr_array_add (states, kakanai_template_model_to_json (model)); } G_STMT_END
  STEP (kakanai_template_model_set_item_member (model, KAKANAI_MODEL_LIST_ELEMENTS, 1, "size", size, &error));
  STEP (kakanai_template_model_translate_element (model, 3, 5, -2, &error));
  STEP (kakanai_template_model_insert_item (model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, created, &error));
  STEP (kakanai_template_model_move_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 0, 6, &error));
  STEP (kakanai_template_model_remove_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 2, &error));
  STEP (kakanai_template_model_set_member (model, "title", title, &error));
  STEP (kakanai_template_model_set_item_member (model, KAKANAI_MODEL_LIST_ELEMENTS, 0, "text", NULL, &error));
#undef STEP
  json_object_unref (created);
  g_assert_cmpuint (changes, ==, 7);

  /* The edits did what they say. */
  g_assert_cmpstr (kakanai_template_model_get_element_type (model, 5), ==, "rect");
  g_assert_cmpstr (kakanai_template_model_get_element_type (model, 4), ==, "qr");
  g_assert_cmpfloat (number_member (model, 4, "size"), ==, 20);
  g_assert_false (kakanai_template_model_element_has_member (model, 0, "text"));
  g_assert_false (kakanai_template_model_validate (model, &error)); /* a text without text */
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "element 0 (“label”): missing member “text”"));
  g_clear_error (&error);

  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (kakanai_template_model_undo (model));
      now = kakanai_template_model_to_json (model);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (kakanai_template_model_can_undo (model));
  g_assert_false (kakanai_template_model_undo (model));
  for (guint i = 1; i < states->len; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (kakanai_template_model_redo (model));
      now = kakanai_template_model_to_json (model);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (kakanai_template_model_can_redo (model));

  g_assert_true (kakanai_template_model_undo (model));
  g_assert_true (kakanai_template_model_can_redo (model));
  g_assert_true (kakanai_template_model_remove_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 0, &error));
  g_assert_false (kakanai_template_model_can_redo (model));

  /* Bad commands change nothing. */
  g_assert_false (kakanai_template_model_remove_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 99, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_clear_error (&error);
  g_assert_false (kakanai_template_model_set_member (model, "colour", title, &error));
  g_clear_error (&error);
  g_assert_false (kakanai_template_model_set_item_member (model, KAKANAI_MODEL_LIST_ELEMENTS, 0, "radius", size, &error));
  g_assert_nonnull (strstr (error->message, "radius"));
}

static void
record_can_undo (KakanaiTemplateModel *model, gboolean *can_undo)
{
  *can_undo = kakanai_template_model_can_undo (model);
}

/* Commands in a group are one undo step. Its end is a change listeners hear: inside the
 * group nothing could be undone yet, after it the group can (the editor's Undo follows). */
static void
test_grouped_commands (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original = kakanai_template_model_to_json (model);
  g_autofree char *moved = NULL, *redone = NULL, *undone = NULL;
  gboolean heard_can_undo = FALSE;

  g_signal_connect (model, "changed", G_CALLBACK (record_can_undo), &heard_can_undo);
  kakanai_template_model_begin_group (model);
  for (guint i = 0; i < 3; i++)
    g_assert_true (kakanai_template_model_translate_element (model, i, 10, 5, &error));
  kakanai_template_model_begin_group (model);
  g_assert_true (kakanai_template_model_remove_item (model, KAKANAI_MODEL_LIST_ELEMENTS, 5, &error));
  kakanai_template_model_end_group (model);
  g_assert_false (kakanai_template_model_undo (model)); /* not while the group is open */
  g_assert_false (heard_can_undo);
  kakanai_template_model_end_group (model);
  g_assert_true (heard_can_undo);
  kakanai_template_model_begin_group (model);
  kakanai_template_model_end_group (model); /* an empty group is no step */
  moved = kakanai_template_model_to_json (model);
  g_assert_cmpfloat (number_member (model, 0, "x"), ==, 20);
  g_assert_cmpfloat (number_member (model, 2, "y2"), ==, 35);

  g_assert_true (kakanai_template_model_undo (model));
  undone = kakanai_template_model_to_json (model);
  g_assert_cmpstr (undone, ==, original);
  g_assert_false (kakanai_template_model_can_undo (model));
  g_assert_true (kakanai_template_model_redo (model));
  redone = kakanai_template_model_to_json (model);
  g_assert_cmpstr (redone, ==, moved);
}

/* A snapshot taken before an edit stays as it was and still lays out; the model's next
 * snapshot shows the edit. */
static void
test_snapshot_is_immutable (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) before = kakanai_template_ref (kakanai_template_model_get_snapshot (model, &error));
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "住所");
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  KakanaiTemplate *after;

  g_assert_no_error (error);
  g_assert_true (kakanai_template_model_get_snapshot (model, NULL) == before);
  g_assert_true (kakanai_template_model_set_item_member (model, KAKANAI_MODEL_LIST_ELEMENTS, 1, "text", text, &error));
  after = kakanai_template_model_get_snapshot (model, &error);
  g_assert_no_error (error);
  g_assert_true (after != before);

  for (guint round = 0; round < 2; round++)
    {
      KakanaiTemplate *tpl = round == 0 ? before : after;
      g_autoptr(KakanaiLayout) layout = kakanai_layout_new (&tpl, 1, data, &error);
      const KakanaiLayoutPage *page;
      gboolean found = FALSE;

      g_assert_no_error (error);
      page = kakanai_layout_get_page (layout, 0);
      for (guint i = 0; i < page->items->len; i++)
        {
          KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);
          if (item->type == KAKANAI_ITEM_GLYPHS && item->element == 1)
            found = g_str_equal (item->text, round == 0 ? "氏名" : "住所");
        }
      g_assert_true (found);
    }
  g_assert_cmpstr (kakanai_template_get_title_for (before, "en"), ==, "Example");
  g_assert_cmpstr (kakanai_template_get_title_for (before, "pt_BR"), ==, "例");
}

/* Parsing refuses what is not a template's shape, naming the element. */
static void
test_parse_errors (void)
{
  static const struct { const char *json, *message; } cases[] = {
    { "[]", "must be a JSON object" },
    { "{ \"format\": 3 }", "format 3 is not supported" },
    { "{ \"format\": 2, \"elements\": {} }", "“elements” must be an array" },
    { "{ \"format\": 2, \"elements\": [ { \"type\": \"balloon\", \"id\": \"b\" } ] }", "element 0 (“b”): unknown element type “balloon”" },
    { "{ \"format\": 2, \"elements\": [ { \"type\": \"line\", \"text\": \"x\" } ] }", "element 0: unknown member “text”" },
    { "{ \"format\": 2, \"elements\": [], \"questions\": [ 1 ] }", "question 0: a question must be an object" },
    { "{ \"format\": 2, \"colour\": 1, \"elements\": [] }", "unknown member “colour”" },
    /* json-glib reads 1e999 as infinity, which no JSON file can hold when saved again. */
    { "{ \"format\": 2, \"elements\": [ { \"type\": \"line\", \"x1\": 1e999 } ] }", "a number is too large" },
    { "{ \"format\": 2, \"page\": { \"margin\": [ -1e400 ] }, \"elements\": [] }", "a number is too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new_from_data (cases[i].json, -1, "p.json", &error);

      g_assert_null (model);
      g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
      if (strstr (error->message, cases[i].message) == NULL || !g_str_has_prefix (error->message, "p.json: "))
        g_error ("%s lacks “%s”", error->message, cases[i].message);
    }
}

/* Questions are edited like elements: a new question asked, a field bound to its key,
 * a prompt changed, and every step undone. */
static void
test_question_edits (void)
{
  g_autoptr(KakanaiTemplateModel) model = example_model ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *original = kakanai_template_model_to_json (model);
  g_autoptr(JsonObject) field = kakanai_template_element_new ("field", 20, 100);
  g_autoptr(JsonNode) prompt = json_node_init_string (json_node_alloc (), "前に住んでいた所");
  g_autofree char *undone = NULL;
  KakanaiTemplate *tpl;

  g_assert_true (json_parser_load_from_data (parser,
    "{ \"key\": \"form.previous_address\", \"kind\": \"text\", \"prompt\": { \"ja\": \"前の住所\", \"en\": \"Previous address\" } }", -1, NULL));
  json_object_set_string_member (field, "key", "form.previous_address");

  /* The field first: its key is the template's own and no question asks for it yet. */
  g_assert_true (kakanai_template_model_insert_item (model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, field, &error));
  g_assert_false (kakanai_template_model_validate (model, &error));
  g_assert_nonnull (strstr (error->message, "no question asks for it"));
  g_clear_error (&error);

  g_assert_true (kakanai_template_model_insert_item (model, KAKANAI_MODEL_LIST_QUESTIONS, 0,
                                                     json_node_get_object (json_parser_get_root (parser)), &error));
  g_assert_true (kakanai_template_model_set_item_member (model, KAKANAI_MODEL_LIST_QUESTIONS, 0, "prompt", prompt, &error));
  tpl = kakanai_template_model_get_snapshot (model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kakanai_template_get_questions (tpl)->len, ==, 1);
  g_assert_cmpstr (kakanai_question_get_prompt (g_ptr_array_index (kakanai_template_get_questions (tpl), 0), "en"), ==, "前に住んでいた所");
  g_assert_true (kakanai_template_has_key (tpl, "form.previous_address"));

  while (kakanai_template_model_undo (model))
    ;
  undone = kakanai_template_model_to_json (model);
  g_assert_cmpstr (undone, ==, original);
}

/* A model made from nothing, element by element, validates and saves. */
static void
test_new_model (void)
{
  g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new ("blank", "白紙");
  g_autoptr(GError) error = NULL;
  const char * const *types = kakanai_template_element_types ();

  for (guint i = 0; types[i] != NULL; i++)
    {
      g_autoptr(JsonObject) object = kakanai_template_element_new (types[i], 20, 20 + 20 * i);

      if (g_str_equal (types[i], "image"))
        continue; /* needs a file */
      g_assert_true (kakanai_template_model_insert_item (model, KAKANAI_MODEL_LIST_ELEMENTS, G_MAXUINT, object, &error));
    }
  g_assert_true (kakanai_template_model_validate (model, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/model/round-trip", test_round_trip);
  g_test_add_func ("/forms/model/numbers-and-strings", test_numbers_and_strings);
  g_test_add_func ("/forms/model/element-api", test_element_api);
  g_test_add_func ("/forms/model/hit-testing", test_hit_testing);
  g_test_add_func ("/forms/model/undo-redo", test_undo_redo);
  g_test_add_func ("/forms/model/grouped-commands", test_grouped_commands);
  g_test_add_func ("/forms/model/snapshot-is-immutable", test_snapshot_is_immutable);
  g_test_add_func ("/forms/model/parse-errors", test_parse_errors);
  g_test_add_func ("/forms/model/question-edits", test_question_edits);
  g_test_add_func ("/forms/model/new", test_new_model);
  return g_test_run ();
}
