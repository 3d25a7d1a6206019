/* kakanai-editor-document.h: one template being edited: its model, its file, whether it
 * has unsaved changes, and the recovery copy that keeps them if the editor dies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <kakanai-forms.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_DOCUMENT (kakanai_editor_document_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorDocument, kakanai_editor_document, KAKANAI, EDITOR_DOCUMENT, GObject)

/* Properties: "model" (KakanaiTemplateModel, read-only), "path" (the file it is saved to,
 * NULL until saved once), "modified" (unsaved changes: the model differs from the file),
 * "title" (the file's name, or "Untitled form"). */

/* A new blank A4 form. */
KakanaiEditorDocument *kakanai_editor_document_new_blank   (void);
/* A format-1 or format-2 template (a format-1 file becomes format 2 when saved). */
KakanaiEditorDocument *kakanai_editor_document_new_from_file (const char  *path,
                                                             GError     **error);
/* A model made elsewhere (an import): unsaved, saved to @path when given. */
KakanaiEditorDocument *kakanai_editor_document_new_for_model (KakanaiTemplateModel *model,
                                                             const char           *path);

KakanaiTemplateModel  *kakanai_editor_document_get_model    (KakanaiEditorDocument *self);
const char            *kakanai_editor_document_get_path     (KakanaiEditorDocument *self);
gboolean               kakanai_editor_document_get_modified (KakanaiEditorDocument *self);
char                  *kakanai_editor_document_dup_title    (KakanaiEditorDocument *self);

/* Writes format 2 through the model's serializer to @path (NULL: the document's path),
 * which becomes the document's path; the recovery copy is removed. */
gboolean               kakanai_editor_document_save         (KakanaiEditorDocument *self,
                                                             const char            *path,
                                                             GError               **error);

/* ---- recovery ---- */

/* Where recovery copies are kept: $XDG_STATE_HOME/kakanai/editor-recovery. */
char                  *kakanai_editor_recovery_dir          (void);
/* Recovery copies left by editors that are no longer running (full paths, newest first). */
GStrv                  kakanai_editor_recovery_list_orphans (void);
/* The original file a recovery copy was made for (NULL: a form never saved). */
char                  *kakanai_editor_recovery_dup_original (const char *recovery_path);
/* The document as it was when the editor stopped: unsaved, with its original path; the
 * recovery copy becomes this document's own (it is removed when saved or discarded). */
KakanaiEditorDocument *kakanai_editor_document_new_from_recovery (const char  *recovery_path,
                                                                 GError     **error);
/* Removes a recovery copy (and its note of the original file). */
void                   kakanai_editor_recovery_discard      (const char *recovery_path);

/* Writes the recovery copy now (it is written by itself a moment after each change). */
gboolean               kakanai_editor_document_write_recovery (KakanaiEditorDocument *self,
                                                               GError               **error);
/* The document is closed without saving: its recovery copy goes. */
void                   kakanai_editor_document_discard_recovery (KakanaiEditorDocument *self);
const char            *kakanai_editor_document_get_recovery_path (KakanaiEditorDocument *self);

G_END_DECLS
