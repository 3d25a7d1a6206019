/* kakanai-question-page.h: the question of the chosen forms the session shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_QUESTION_PAGE (kakanai_question_page_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiQuestionPage, kakanai_question_page, KAKANAI, QUESTION_PAGE, GtkWidget)

/* Prompts, help and option labels in @language, from the templates. Every answer goes
 * to the session as typed; its refusal shows (and is announced) under the prompt. */
GtkWidget *kakanai_question_page_new (KakanaiKioskSession *session,
                                      const char          *language);
/* The label of @question's option @value in @language: the template's, "Yes"/"No" for a
 * yes-no question that gives none, else @value. Also the clerk's interview uses it. */
const char *kakanai_question_page_option_label (KakanaiQuestion *question,
                                                const char      *value,
                                                const char      *language);

G_END_DECLS
