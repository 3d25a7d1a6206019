/* kakanai-pin-pad.h: a large on-screen digit keypad (PIN and phone number).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_PIN_PAD (kakanai_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiPinPad, kakanai_pin_pad, KAKANAI, PIN_PAD, GtkWidget)

/* Signals: "digit" (guint 0..9), "erase" (remove the last digit), "confirm" (the OK
 * key, shown only with :shows-confirm and pressable only with :can-confirm). The pad
 * keeps nothing it was typed: the listener owns the buffer. */
GtkWidget *kakanai_pin_pad_new (void);

G_END_DECLS
