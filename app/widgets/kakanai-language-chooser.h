/* kakanai-language-chooser.h: every offered language by its own name, wrapping onto rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_LANGUAGE_CHOOSER (kakanai_language_chooser_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiLanguageChooser, kakanai_language_chooser, KAKANAI, LANGUAGE_CHOOSER, GtkWidget)

/* @languages: codes ("ja", "ko", "ja@easy"), in the order shown (the configuration's). */
GtkWidget          *kakanai_language_chooser_new           (const char * const     *languages);
void                kakanai_language_chooser_set_languages (KakanaiLanguageChooser *self,
                                                            const char * const     *languages);
const char * const *kakanai_language_chooser_get_languages (KakanaiLanguageChooser *self);
/* The chosen code; "language" notifies when the resident chooses another. */
const char         *kakanai_language_chooser_get_language  (KakanaiLanguageChooser *self);
void                kakanai_language_chooser_set_language  (KakanaiLanguageChooser *self,
                                                            const char             *code);

G_END_DECLS
