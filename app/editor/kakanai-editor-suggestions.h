/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-suggestions.h: the fields suggested for a new form (from a PDF page or a
 * scan), each shown with its label and key, to accept or reject one by one or all at once.
 * Only an accepted one becomes an element (one undo step of the document's model); the one
 * with the focus is highlighted on the page. */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-editor-canvas.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_SUGGESTIONS (kakanai_editor_suggestions_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorSuggestions, kakanai_editor_suggestions, KAKANAI, EDITOR_SUGGESTIONS, GtkBox)

/* @suggestions: KakanaiPdfSuggestion* (a reference is taken); accepted ones are inserted into
 * @canvas's document. Signal "done": none is left to decide. */
GtkWidget *kakanai_editor_suggestions_new         (GPtrArray           *suggestions,
                                                   KakanaiEditorCanvas *canvas);
/* How many are still to be accepted or rejected. */
guint      kakanai_editor_suggestions_get_n_pending (KakanaiEditorSuggestions *self);
/* The focus on the first suggestion's Accept. */
void       kakanai_editor_suggestions_focus_first (KakanaiEditorSuggestions *self);
/* The keys of those still to be decided, in order. */
GStrv      kakanai_editor_suggestions_dup_pending_keys (KakanaiEditorSuggestions *self);
/* The key of the suggestion highlighted on the page, or NULL. */
const char *kakanai_editor_suggestions_get_highlighted (KakanaiEditorSuggestions *self);

G_END_DECLS
