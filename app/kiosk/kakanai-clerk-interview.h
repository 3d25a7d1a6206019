/* kakanai-clerk-interview.h: the clerk types the data of a resident without a card (聞き取り)
 *
 * Name, address, birth date (和暦 or Gregorian) and sex, then the questions the templates
 * leave to the clerk (such as the identity document shown), with the templates' prompts
 * and choices.
 * Buttons: "clerk.interview-submit" and "clerk.interview-cancel" actions. The fields are
 * emptied by kakanai_clerk_interview_clear() (the clerk mode calls it after every use).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <kakanai-card.h>

#include "kakanai-kiosk-session.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_CLERK_INTERVIEW (kakanai_clerk_interview_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiClerkInterview, kakanai_clerk_interview, KAKANAI, CLERK_INTERVIEW, GtkBox)

GtkWidget         *kakanai_clerk_interview_new   (void);
/* Asks the clerk questions of @session's catalogue, in @language, the card's answer left
 * out (a clerk's interview means no card); replaces those asked before. */
void               kakanai_clerk_interview_set_questions (KakanaiClerkInterview *self,
                                                          KakanaiKioskSession   *session,
                                                          const char            *language);
/* The record typed, or NULL with the field at fault focused and @error saying why.
 * @answers (key → value, strings released with g_free and kakanai_secure_strfree) gets
 * the clerk questions' answers, as stored; an empty optional one is left out. */
KakanaiCardRecord *kakanai_clerk_interview_build (KakanaiClerkInterview *self,
                                                  GHashTable            *answers,
                                                  GError               **error);
void               kakanai_clerk_interview_clear (KakanaiClerkInterview *self);

G_END_DECLS
