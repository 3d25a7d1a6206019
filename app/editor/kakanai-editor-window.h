/* kakanai-editor-window.h: one template being edited: the page, the tools, the inspector,
 * the questions, the form's settings, its problems and the test fill. Every command is a
 * "win." action (kakanai-editor-window.c lists them with their keys).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-editor-canvas.h"
#include "kakanai-editor-document.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_WINDOW (kakanai_editor_window_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorWindow, kakanai_editor_window, KAKANAI, EDITOR_WINDOW, GtkApplicationWindow)

KakanaiEditorWindow   *kakanai_editor_window_new          (GtkApplication        *application,
                                                           KakanaiEditorDocument *document);
KakanaiEditorDocument *kakanai_editor_window_get_document (KakanaiEditorWindow   *self);
KakanaiEditorCanvas   *kakanai_editor_window_get_canvas   (KakanaiEditorWindow   *self);
/* The problems listed now (validation, then the test fill's), one message each. */
GPtrArray             *kakanai_editor_window_get_problems (KakanaiEditorWindow   *self);
/* The element at fault of each problem (int, -1 when none), in the same order. */
GArray                *kakanai_editor_window_get_problem_elements (KakanaiEditorWindow *self);
/* The sample resident data of the test fill (a JSON object of data key → value). */
gboolean               kakanai_editor_window_set_sample_file (KakanaiEditorWindow *self,
                                                              const char          *path,
                                                              GError             **error);
/* Writes the filled form of the test fill as PDF. */
gboolean               kakanai_editor_window_export_pdf   (KakanaiEditorWindow   *self,
                                                           const char            *path,
                                                           GError               **error);

/* Shows @suggestions (KakanaiPdfSuggestion*) in their own panel, to accept or reject; the
 * page shows the one with the focus. */
void       kakanai_editor_window_offer_suggestions (KakanaiEditorWindow *self,
                                                    GPtrArray           *suggestions);
/* The KakanaiEditorSuggestions still shown, or NULL. */
GtkWidget *kakanai_editor_window_get_suggestions   (KakanaiEditorWindow *self);

G_END_DECLS
