/* kakanai-kiosk-ruby.h: the resident's text drawn with its readings (furigana) in a
 * language written with them (やさしい日本語), on every screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Every label under @root whose text has readings ({漢字|かんじ}), and every title and
 * instruction (CSS classes title, hero, section-title, lead, hint, status, notice,
 * warning-text), is shown by a KakanaiRubyLabel that follows the label's text and
 * visibility; a button's label with readings becomes a ruby label. Labels seen before are
 * left as they are, so this may run again whenever a screen adds labels. */
void kakanai_kiosk_ruby_apply (GtkWidget *root);

/* What @label says, with its readings when it has them: a GtkLabel's text or a
 * KakanaiRubyLabel's markup (the voice guide reads the readings). */
const char *kakanai_kiosk_ruby_label_words (GtkWidget *label);

/* Names (GTK_ACCESSIBLE_PROPERTY_LABEL) or describes (…_DESCRIPTION) @widget for assistive
 * technologies with the words of the resident's @text as shown, its readings left out: a
 * screen reader would spell out "{漢字|かんじ}", braces and all. Every accessible name or
 * description the kiosk sets from a resident's text goes through here. */
void kakanai_kiosk_ruby_set_accessible (GtkWidget             *widget,
                                        GtkAccessibleProperty  property,
                                        const char            *text);

G_END_DECLS
