/* kakanai-editor-application.h: the template editor for municipal staff.
 *
 * One window per template. The application's actions (new, new-from-pdf, open,
 * open-pdfme, about, quit) and every action's keyboard shortcut are set here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_EDITOR_APPLICATION (kakanai_editor_application_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiEditorApplication, kakanai_editor_application, KAKANAI, EDITOR_APPLICATION, GtkApplication)

KakanaiEditorApplication *kakanai_editor_application_new (void);

G_END_DECLS
