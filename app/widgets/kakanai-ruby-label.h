/* kakanai-ruby-label.h: a label with readings drawn over its kanji (furigana).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_RUBY_LABEL (kakanai_ruby_label_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiRubyLabel, kakanai_ruby_label, KAKANAI, RUBY_LABEL, GtkWidget)

/* @markup: text with {漢字|かんじ} where a reading goes (kakanai-ruby.h). */
GtkWidget  *kakanai_ruby_label_new          (const char       *markup);
void        kakanai_ruby_label_set_markup   (KakanaiRubyLabel *self,
                                             const char       *markup);
const char *kakanai_ruby_label_get_markup   (KakanaiRubyLabel *self);
/* GTK_JUSTIFY_LEFT (the default), _CENTER or _RIGHT (_FILL is left). */
void        kakanai_ruby_label_set_justify  (KakanaiRubyLabel *self,
                                             GtkJustification  justify);
/* The text without readings: what the label says to assistive technology. */
const char *kakanai_ruby_label_get_text     (KakanaiRubyLabel *self);

G_END_DECLS
