/* kakanai-problem-page.h: the "not ready" screen, with what is wrong (for the clerk).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_PROBLEM_PAGE (kakanai_problem_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiProblemPage, kakanai_problem_page, KAKANAI, PROBLEM_PAGE, GtkWidget)

GtkWidget *kakanai_problem_page_new (KakanaiKioskSession *session);

G_END_DECLS
