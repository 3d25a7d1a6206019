/* kakanai-clerk-pin-pad.h: the clerk's PIN pad (not the resident's: other look, other digits)
 *
 * The digits live in one fixed buffer, masked on screen and wiped after every check,
 * on clear and on dispose. Buttons: "clerk.pin-submit" and "clerk.pin-cancel" actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_CLERK_PIN_PAD (kakanai_clerk_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiClerkPinPad, kakanai_clerk_pin_pad, KAKANAI, CLERK_PIN_PAD, GtkBox)

GtkWidget *kakanai_clerk_pin_pad_new        (void);
guint      kakanai_clerk_pin_pad_get_length (KakanaiClerkPinPad *self);
/* Checks the digits typed against the stored hash in a worker (kakanai_clerk_pin_check_async,
 * finished with kakanai_clerk_pin_check_finish: FALSE without an error is a wrong PIN, with
 * one the configured hash is broken); the digits are copied for it and wiped here at once. */
void       kakanai_clerk_pin_pad_check_async (KakanaiClerkPinPad *self,
                                              const char         *stored_hash,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
void       kakanai_clerk_pin_pad_clear      (KakanaiClerkPinPad *self);
/* A line under the digits (NULL clears it). */
void       kakanai_clerk_pin_pad_set_message (KakanaiClerkPinPad *self,
                                              const char         *message);
/* While locked (too many wrong PINs) no digit is taken. */
void       kakanai_clerk_pin_pad_set_locked (KakanaiClerkPinPad *self,
                                             gboolean            locked);

G_END_DECLS
