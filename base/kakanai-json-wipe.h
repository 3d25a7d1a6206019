/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-json-wipe.h: wiping the strings of a parsed JSON tree */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Wipes every string value below @node (members of objects, elements of arrays), in
 * place. json-glib keeps its own copies of what it parsed: a profile's PIN, a --data
 * file's answers. Call it before the parser or the node is freed. NULL is fine; keys are
 * left as they are (they name fields, they hold no personal data). */
void kakanai_json_wipe_strings (JsonNode *node);

G_END_DECLS
