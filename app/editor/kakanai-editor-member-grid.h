/* kakanai-editor-member-grid.h: one editor row per member of a template object (an
 * element, a question, the page, the form's titles), each fitting the member: a number,
 * a switch, a list of the values the format allows, the data keys, one entry per
 * language for text residents read, JSON for the rest. The inspector, the questions
 * editor and the form settings are each one of these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_MEMBER_GRID (kakanai_editor_member_grid_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorMemberGrid, kakanai_editor_member_grid, KAKANAI, EDITOR_MEMBER_GRID, GtkWidget)

/* The member's value as the object has it or its default (a new node), or NULL. */
typedef JsonNode *(*KakanaiMemberGet) (gpointer data, const char *member);
/* A new value (NULL: remove the member) chosen by the user; the grid keeps @value. */
typedef void      (*KakanaiMemberSet) (gpointer data, const char *member, JsonNode *value);

/* @members: the rows, in order ("type" is shown, not edited). @keys: the data keys a
 * "key" member may take (may be NULL). */
GtkWidget *kakanai_editor_member_grid_new     (const char * const *members,
                                               const char * const *keys,
                                               KakanaiMemberGet    get,
                                               KakanaiMemberSet    set,
                                               gpointer            data);
/* Reads every value again (after undo, a drag), leaving the row being typed in alone. */
void       kakanai_editor_member_grid_refresh (KakanaiEditorMemberGrid *self);
/* The editor widget of @member's row (for focus), or NULL. */
GtkWidget *kakanai_editor_member_grid_get_editor (KakanaiEditorMemberGrid *self,
                                                  const char              *member);

G_END_DECLS
