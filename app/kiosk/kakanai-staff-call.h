/* kakanai-staff-call.h: what "Call staff" does at the counter ([staff] in the configuration).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-config.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_STAFF_CALL (kakanai_staff_call_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiStaffCall, kakanai_staff_call, KAKANAI, STAFF_CALL, GObject)

/* @config NULL or without [staff]: nothing beyond what the screen shows. */
KakanaiStaffCall *kakanai_staff_call_new (KakanaiConfig    *config);

/* Plays [staff] call-sound and runs [staff] call-command (argv as a shell would split
 * it, no shell; the resident's data is never passed). FALSE when the command could not
 * be started or the sound not opened. */
gboolean          kakanai_staff_call_run (KakanaiStaffCall *self,
                                          GError          **error);

G_END_DECLS
