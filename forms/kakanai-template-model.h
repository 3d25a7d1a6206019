/* kakanai-template-model.h: a form template that can be edited and saved.
 *
 * Three separate steps: *parsing* (JSON text → this model; only the shape is checked:
 * an object, known element types, known members), *editing* (commands with undo and
 * redo) and *validation* (the model → an immutable KakanaiTemplate, the snapshot the
 * layout and the renderers work on; every rule of docs/templates.md is checked there).
 * A snapshot never changes when the model does, so a template being edited can be
 * previewed at any moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "kakanai-template.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_TEMPLATE_MODEL (kakanai_template_model_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiTemplateModel, kakanai_template_model, KAKANAI, TEMPLATE_MODEL, GObject)

typedef struct {
  double x, y, width, height;
} KakanaiBounds;

/* Which list a command works on. */
typedef enum {
  KAKANAI_MODEL_LIST_ELEMENTS,
  KAKANAI_MODEL_LIST_QUESTIONS,
} KakanaiModelList;

/* Parsing only: the JSON must be a template's shape (format 1 or 2, elements of known
 * types with known members); the rest is checked by kakanai_template_model_validate().
 * A format-1 file becomes a format-2 model (format 2 reads format 1 unchanged). */
KakanaiTemplateModel *kakanai_template_model_new_from_data (const char  *data,
                                                            gssize       length,
                                                            const char  *source_name,
                                                            GError     **error);
KakanaiTemplateModel *kakanai_template_model_new_from_file (const char  *path,
                                                            GError     **error);
/* An empty A4 template with @id and @title (a starting point for an editor). */
KakanaiTemplateModel *kakanai_template_model_new           (const char  *id,
                                                            const char  *title);

const char           *kakanai_template_model_get_source    (KakanaiTemplateModel *model);

/* ---- validation and snapshots ---- */

/* The immutable template of the model as it is now (validated; the same object until
 * the model changes). NULL with the validation error (naming the file, the element or
 * question, and the problem) when the model is not a valid template. */
KakanaiTemplate      *kakanai_template_model_get_snapshot  (KakanaiTemplateModel *model,
                                                            GError              **error);
gboolean              kakanai_template_model_validate      (KakanaiTemplateModel *model,
                                                            GError              **error);

/* ---- saving ---- */

/* The model as format-2 JSON: members in a fixed order, one element or question a line,
 * numbers written shortest-exact. Loading it gives the same model and saving that gives
 * the same bytes. */
char                 *kakanai_template_model_to_json       (KakanaiTemplateModel *model);
gboolean              kakanai_template_model_save          (KakanaiTemplateModel *model,
                                                            const char           *path,
                                                            GError              **error);
/* The same template, member for member (numbers compared by value). */
gboolean              kakanai_template_model_equal         (KakanaiTemplateModel *a,
                                                            KakanaiTemplateModel *b);

/* ---- top-level members (id, title, description, page) ---- */

/* Borrowed; NULL when absent. */
JsonNode             *kakanai_template_model_get_member    (KakanaiTemplateModel *model,
                                                            const char           *name);
/* A command: @value NULL removes the member. Refuses members a template does not have. */
gboolean              kakanai_template_model_set_member    (KakanaiTemplateModel *model,
                                                            const char           *name,
                                                            JsonNode             *value,
                                                            GError              **error);

/* ---- elements and questions ---- */

guint                 kakanai_template_model_get_n_items   (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list);
/* The element or question as the model holds it (borrowed; do not change it: use the
 * commands below). */
JsonObject           *kakanai_template_model_get_item      (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list,
                                                            guint                 index);

/* Element types and the members each may have ("type" first), NULL-terminated, static;
 * NULL for an unknown type. */
const char * const   *kakanai_template_element_types       (void);
const char * const   *kakanai_template_element_members     (const char           *type);

const char           *kakanai_template_model_get_element_type (KakanaiTemplateModel *model,
                                                               guint                 index);
/* TRUE when the template gives @member itself. */
gboolean              kakanai_template_model_element_has_member (KakanaiTemplateModel *model,
                                                                 guint                 index,
                                                                 const char           *member);
/* The member as given, else its default (what the validator assumes), else NULL (no
 * default: required, or off when absent). Free with json_node_unref(). */
JsonNode             *kakanai_template_model_dup_element_member (KakanaiTemplateModel *model,
                                                                 guint                 index,
                                                                 const char           *member);
/* The box the element covers on the page, mm (a line's or circle's bounding box, a
 * choice's options together). FALSE when its geometry is incomplete. */
gboolean              kakanai_template_model_get_element_bounds (KakanaiTemplateModel *model,
                                                                 guint                 index,
                                                                 KakanaiBounds        *bounds);

/* The topmost element whose bounds hold (x, y), widened by @tolerance mm (thin lines);
 * -1 when none. */
int                   kakanai_template_model_element_at    (KakanaiTemplateModel *model,
                                                            double                x,
                                                            double                y,
                                                            double                tolerance);
/* Indices (guint) of the elements lying wholly inside @rect, in drawing order. */
GArray               *kakanai_template_model_elements_in   (KakanaiTemplateModel *model,
                                                            const KakanaiBounds  *rect);

/* A new element of @type with placeholder values for its required members (a box at
 * @x, @y), ready to insert. NULL for an unknown type. */
JsonObject           *kakanai_template_element_new         (const char           *type,
                                                            double                x,
                                                            double                y);

/* Commands (each one undo step). @index G_MAXUINT appends. The model takes a reference
 * to @item / @value. Errors: a bad index, an unknown member or element type. */
gboolean              kakanai_template_model_insert_item   (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list,
                                                            guint                 index,
                                                            JsonObject           *item,
                                                            GError              **error);
gboolean              kakanai_template_model_remove_item   (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list,
                                                            guint                 index,
                                                            GError              **error);
gboolean              kakanai_template_model_move_item     (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list,
                                                            guint                 from,
                                                            guint                 to,
                                                            GError              **error);
gboolean              kakanai_template_model_replace_item  (KakanaiTemplateModel *model,
                                                            KakanaiModelList      list,
                                                            guint                 index,
                                                            JsonObject           *item,
                                                            GError              **error);
/* @value NULL removes the member (back to its default). */
gboolean              kakanai_template_model_set_item_member (KakanaiTemplateModel *model,
                                                              KakanaiModelList      list,
                                                              guint                 index,
                                                              const char           *member,
                                                              JsonNode             *value,
                                                              GError              **error);
/* Moves an element by (dx, dy) mm: its box, end points, centre or options. */
gboolean              kakanai_template_model_translate_element (KakanaiTemplateModel *model,
                                                                guint                 index,
                                                                double                dx,
                                                                double                dy,
                                                                GError              **error);

/* ---- undo and redo ---- */

/* The commands between these are one undo step (moving a selection, a dialog's changes).
 * Groups nest; undo and redo wait until the outermost group ends. */
void                  kakanai_template_model_begin_group   (KakanaiTemplateModel *model);
void                  kakanai_template_model_end_group     (KakanaiTemplateModel *model);

gboolean              kakanai_template_model_can_undo      (KakanaiTemplateModel *model);
gboolean              kakanai_template_model_can_redo      (KakanaiTemplateModel *model);
gboolean              kakanai_template_model_undo          (KakanaiTemplateModel *model);
gboolean              kakanai_template_model_redo          (KakanaiTemplateModel *model);

G_END_DECLS
