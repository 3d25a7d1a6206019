/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-json-wipe.c: wiping the strings of a parsed JSON tree */
#define G_LOG_DOMAIN "kakanai-base"

#include <string.h>

#include "kakanai-json-wipe.h"
#include "kakanai-secure.h"

void
kakanai_json_wipe_strings (JsonNode *node)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        kakanai_json_wipe_strings (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        kakanai_json_wipe_strings (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      char *text = (char *) json_node_get_string (node);

      if (text != NULL)
        kakanai_wipe (text, strlen (text));
    }
}
