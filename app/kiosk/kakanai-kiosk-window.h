/* kakanai-kiosk-window.h: the frame around the resident's screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_KIOSK_WINDOW (kakanai_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskWindow, kakanai_kiosk_window, KAKANAI, KIOSK_WINDOW,
                      GtkApplicationWindow)

/* The visit is the session's (kakanai_kiosk_window_get_session()): clerk mode, printing
 * and statistics listen to its signals.
 *
 * Properties "large-text", "high-contrast" (the actions kiosk.large-text and
 * kiosk.high-contrast). Actions: kiosk.start, kiosk.next, kiosk.back, kiosk.start-over
 * (asks first), kiosk.call-staff, kiosk.language (s).
 *
 * Signal "clerk-requested" () -> gboolean: the clerk key combination ([clerk] keys,
 * Ctrl+Alt+K by default) was pressed. Return TRUE when clerk mode handled it; when no
 * handler does, on the last-try warning it allows the resident's last PIN try. */
KakanaiKioskWindow  *kakanai_kiosk_window_new          (GtkApplication     *application);

KakanaiKioskSession *kakanai_kiosk_window_get_session  (KakanaiKioskWindow *self);

/* Shows @widget over the resident's screens (modal; the idle timeout pauses while it
 * shows). The window keeps a reference until hidden. */
void                 kakanai_kiosk_window_show_overlay (KakanaiKioskWindow *self,
                                                        GtkWidget          *widget);
void                 kakanai_kiosk_window_hide_overlay (KakanaiKioskWindow *self,
                                                        GtkWidget          *widget);

/* The PC/SC reader to follow from now on (part of its name). */
void                 kakanai_kiosk_window_set_reader   (KakanaiKioskWindow *self,
                                                        const char         *reader_substring);

/* The last message of an alert the voice guide said (NULL: none yet). */
const char          *kakanai_kiosk_window_get_announced (KakanaiKioskWindow *self);

/* g_get_monotonic_time() when the screen (or the question shown) last changed: until
 * a moment after it, a tap where the control just pressed was is taken as a double tap. */
gint64               kakanai_kiosk_window_get_screen_changed_at (KakanaiKioskWindow *self);

/* The language code now shown ("ja", "en", ...). */
const char          *kakanai_kiosk_window_get_language (KakanaiKioskWindow *self);

G_END_DECLS
