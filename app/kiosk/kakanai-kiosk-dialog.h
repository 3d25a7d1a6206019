/* kakanai-kiosk-dialog.h: a question or a notice over the resident's screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_KIOSK_DIALOG (kakanai_kiosk_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskDialog, kakanai_kiosk_dialog, KAKANAI, KIOSK_DIALOG, GtkWidget)

/* Shown with kakanai_kiosk_window_show_overlay(). The buttons are named @primary_name
 * and @secondary_name (for the tests); @secondary_label NULL shows one button. Signal
 * "response" (gboolean primary). The secondary answer (the safe one) is focused first. */
GtkWidget *kakanai_kiosk_dialog_new (const char *title,
                                     const char *message,
                                     const char *primary_label,
                                     const char *primary_name,
                                     const char *secondary_label,
                                     const char *secondary_name);

G_END_DECLS
