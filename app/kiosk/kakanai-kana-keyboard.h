/* kakanai-kana-keyboard.h: an on-screen katakana keyboard for フリガナ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_KANA_KEYBOARD (kakanai_kana_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKanaKeyboard, kakanai_kana_keyboard, KAKANAI, KANA_KEYBOARD, GtkWidget)

GtkWidget *kakanai_kana_keyboard_new        (void);
/* The field the keys type into (at its end), not owned. */
void       kakanai_kana_keyboard_set_target (KakanaiKanaKeyboard *self,
                                             GtkEditable         *target);

/* The last character after the voiced (゛), semi-voiced (゜) or small-letter
 * key; @c itself when the key does not apply. Pressing a key twice undoes it. */
gunichar   kakanai_kana_apply_modifier      (gunichar c,
                                             gunichar modifier);

G_END_DECLS
