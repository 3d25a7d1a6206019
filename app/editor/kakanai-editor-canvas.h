/* kakanai-editor-canvas.h: the page being edited: the page view (the forms cairo renderer)
 * with rulers in mm, a grid, every element's outline and the selection, edited with the
 * mouse and the keyboard. Every edit is a command of the document's model (undo, redo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-editor-document.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_CANVAS (kakanai_editor_canvas_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorCanvas, kakanai_editor_canvas, KAKANAI, EDITOR_CANVAS, GtkWidget)

/* Properties: "document", "tool" ("select" or an element type to create: "text", "field",
 * "line", "rect", "circle", "image", "qr"), "show-grid", "snap", "grid-mm",
 * "px-per-mm" (the zoom).
 * Signals: "selection-changed"; "layout-changed" (the page was laid out again: its
 * problems may have changed).
 *
 * Its widget actions (group "canvas", with their keys): move (dd) arrows and Shift+arrows,
 * resize (dd) Ctrl+arrows, select-next/select-previous Tab/Shift+Tab, insert Return (an
 * element of the tool at the middle of what is shown), cancel Escape. */
GtkWidget             *kakanai_editor_canvas_new            (void);

void                   kakanai_editor_canvas_set_document   (KakanaiEditorCanvas   *self,
                                                             KakanaiEditorDocument *document);
KakanaiEditorDocument *kakanai_editor_canvas_get_document   (KakanaiEditorCanvas   *self);

/* Indices of the selected elements, ascending (owned by the canvas). */
GArray                *kakanai_editor_canvas_get_selection  (KakanaiEditorCanvas   *self);
void                   kakanai_editor_canvas_select         (KakanaiEditorCanvas   *self,
                                                             const guint           *indices,
                                                             guint                  n_indices);
void                   kakanai_editor_canvas_select_all     (KakanaiEditorCanvas   *self);

/* Test fill: @data (borrowed, may be NULL: an empty form) fills the page; the elements in
 * @marked (indices, may be NULL) are marked as having a problem. */
void                   kakanai_editor_canvas_set_fill_data  (KakanaiEditorCanvas   *self,
                                                             KakanaiFormData       *data);
void                   kakanai_editor_canvas_set_marked     (KakanaiEditorCanvas   *self,
                                                             GArray                *marked);
/* A suggested field to show on the page (its box and, may be NULL, its label's); NULL
 * @box: none. */
void                   kakanai_editor_canvas_set_highlight  (KakanaiEditorCanvas   *self,
                                                             const KakanaiBounds   *box,
                                                             const KakanaiBounds   *label);
/* The layout shown (NULL while the model is not a valid template). */
KakanaiLayout         *kakanai_editor_canvas_get_layout     (KakanaiEditorCanvas   *self);

void                   kakanai_editor_canvas_set_px_per_mm  (KakanaiEditorCanvas   *self,
                                                             double                 px_per_mm);
double                 kakanai_editor_canvas_get_px_per_mm  (KakanaiEditorCanvas   *self);

/* Window coordinates of a point of the page in mm (for the GUI tests' test hook). */
gboolean               kakanai_editor_canvas_page_to_widget (KakanaiEditorCanvas   *self,
                                                             GtkWidget             *target,
                                                             double                 x_mm,
                                                             double                 y_mm,
                                                             double                *x,
                                                             double                *y);

/* ---- edits of the selection (each one undo step) ---- */

typedef enum {
  KAKANAI_ALIGN_LEFT,
  KAKANAI_ALIGN_HCENTER,
  KAKANAI_ALIGN_RIGHT,
  KAKANAI_ALIGN_TOP,
  KAKANAI_ALIGN_VCENTER,
  KAKANAI_ALIGN_BOTTOM,
} KakanaiAlignEdge;

void  kakanai_editor_canvas_align        (KakanaiEditorCanvas *self, KakanaiAlignEdge edge);
void  kakanai_editor_canvas_distribute   (KakanaiEditorCanvas *self, gboolean horizontal);
void  kakanai_editor_canvas_move_by      (KakanaiEditorCanvas *self, double dx, double dy);
void  kakanai_editor_canvas_resize_by    (KakanaiEditorCanvas *self, double dw, double dh);
void  kakanai_editor_canvas_delete       (KakanaiEditorCanvas *self);
/* +1 raises one step, -1 lowers, G_MAXINT to the top, -G_MAXINT to the bottom. */
void  kakanai_editor_canvas_restack      (KakanaiEditorCanvas *self, int steps);
/* The selection as a JSON array of elements (for the clipboard); NULL when none. */
char *kakanai_editor_canvas_copy         (KakanaiEditorCanvas *self);
/* Inserts the elements of @json (an array, or one element) @offset mm down and right,
 * and selects them. FALSE when @json holds no element. */
gboolean kakanai_editor_canvas_paste     (KakanaiEditorCanvas *self, const char *json, double offset_mm);
/* Inserts an element of @type at @x, @y (mm) and selects it. */
void  kakanai_editor_canvas_insert       (KakanaiEditorCanvas *self, const char *type, double x, double y);

G_END_DECLS
