/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-wipe.c: the wiping helpers zero what they are given. The wipes of memory that is
 * freed right after are seen through explicit_bzero (tests/support/wipe-recorder.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kakanai-json-wipe.h"
#include "kakanai-secure.h"
#include "wipe-recorder.h"

static gboolean
is_zero (const void *data,
         gsize       size)
{
  for (gsize i = 0; i < size; i++)
    if (((const guint8 *) data)[i] != 0)
      return FALSE;
  return TRUE;
}

static void
test_wipe_zeroes_the_buffer (void **state)
{
  char buffer[] = "1234 山口　花子";

  kakanai_wipe (buffer, sizeof buffer);
  assert_true (is_zero (buffer, sizeof buffer));
  assert_true (wipe_recorder_saw (buffer, sizeof buffer));
}

static void
test_wipe_of_nothing_touches_nothing (void **state)
{
  char buffer[] = "1234";

  kakanai_wipe (NULL, 0);
  kakanai_wipe (NULL, 4);
  kakanai_wipe (buffer, 0);
  assert_string_equal (buffer, "1234");
  assert_int_equal (wipe_recorder_count (), 0);
}

static void
test_strfree_wipes_the_whole_string (void **state)
{
  char *text = kakanai_secure_strdup ("山口　花子");
  gsize length = strlen (text);

  assert_string_equal (text, "山口　花子");
  kakanai_secure_strfree (text);
  assert_true (wipe_recorder_saw (text, length));
  kakanai_secure_strfree (NULL);
}

static void
test_strfreev_wipes_every_string (void **state)
{
  char **strv = g_new0 (char *, 3);
  char *first, *second;

  strv[0] = first = kakanai_secure_strdup ("card.name=山口　花子");
  strv[1] = second = kakanai_secure_strdup ("1234");
  kakanai_secure_strfreev (strv);
  assert_true (wipe_recorder_saw (first, strlen ("card.name=山口　花子")));
  assert_true (wipe_recorder_saw (second, 4));
  kakanai_secure_strfreev (NULL);
}

static void
test_byte_array_free_wipes_its_length (void **state)
{
  GByteArray *array = g_byte_array_new ();
  gconstpointer data;

  g_byte_array_append (array, (const guint8 *) "123456789018", 12);
  data = array->data;
  kakanai_secure_byte_array_free (array);
  assert_true (wipe_recorder_saw (data, 12));
  kakanai_secure_byte_array_free (NULL);
}

/* What a truncation cut off is still in the allocation: that is wiped too. */
static void
test_string_free_wipes_all_it_allocated (void **state)
{
  GString *string = g_string_new ("山口県山口市亀山町2番1号");
  gconstpointer data = string->str;
  gsize allocated = string->allocated_len;

  g_string_truncate (string, 3);
  kakanai_secure_string_free (string);
  assert_true (wipe_recorder_saw (data, allocated));
  kakanai_secure_string_free (NULL);
}

/* All that was allocated goes, not only the bytes the GBytes shows. */
static void
test_bytes_wipe_all_allocated_on_release (void **state)
{
  char *data = g_malloc (16);
  GBytes *bytes, *more;

  memcpy (data, "1234\0山口", 11);
  bytes = kakanai_secure_bytes_new_take (data, 4, 16);
  more = g_bytes_ref (bytes);
  assert_int_equal (g_bytes_get_size (bytes), 4);
  assert_ptr_equal (g_bytes_get_data (bytes, NULL), data);
  g_bytes_unref (bytes);
  assert_false (wipe_recorder_saw (data, 16));
  assert_memory_equal (g_bytes_get_data (more, NULL), "1234", 4);
  g_bytes_unref (more);
  assert_true (wipe_recorder_saw (data, 16));
}

static void
test_free_wipes_the_usable_size (void **state)
{
  char *block = malloc (40);

  assert_non_null (block);
  memcpy (block, "19800101", 9);
  gsize usable = malloc_usable_size (block);
  kakanai_secure_free (block);
  assert_true (wipe_recorder_saw (block, usable));
  assert_true (usable >= 40);
  kakanai_secure_free (NULL);
}

/* Every string value of the tree, however deep, is zero afterwards; keys, numbers and
 * the tree's shape are left. */
static void
test_json_wipe_zeroes_every_string (void **state)
{
  static const char json[] =
    "{\"pin\": \"1234\", \"tries\": 3, \"card\": {\"name\": \"山口　花子\","
    " \"lines\": [\"亀山町\", [\"2番1号\"], null, true]}, \"empty\": \"\"}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *card;
  JsonArray *lines;
  struct { const char *text; gsize length; } strings[4];

  assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  card = json_object_get_object_member (root, "card");
  lines = json_object_get_array_member (card, "lines");
  strings[0].text = json_object_get_string_member (root, "pin");
  strings[1].text = json_object_get_string_member (card, "name");
  strings[2].text = json_array_get_string_element (lines, 0);
  strings[3].text = json_array_get_string_element (json_array_get_array_element (lines, 1), 0);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      strings[i].length = strlen (strings[i].text);
      assert_true (strings[i].length > 0);
    }

  kakanai_json_wipe_strings (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    assert_true (is_zero (strings[i].text, strings[i].length));
  assert_int_equal (json_object_get_int_member (root, "tries"), 3);
  assert_true (json_array_get_boolean_element (lines, 3));
  assert_true (json_object_has_member (card, "name"));
  kakanai_json_wipe_strings (NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_wipe_zeroes_the_buffer, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_wipe_of_nothing_touches_nothing, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_strfree_wipes_the_whole_string, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_strfreev_wipes_every_string, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_byte_array_free_wipes_its_length, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_string_free_wipes_all_it_allocated, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_bytes_wipe_all_allocated_on_release, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_free_wipes_the_usable_size, wipe_recorder_setup, wipe_recorder_teardown),
    cmocka_unit_test_setup_teardown (test_json_wipe_zeroes_every_string, wipe_recorder_setup, wipe_recorder_teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
