/* kakanai-clerk-interview.h: the clerk types the data of a resident without a card (聞き取り)
 *
 * Name, address, birth date (和暦 or Gregorian) and sex, and the identity document shown.
 * Buttons: "clerk.interview-submit" and "clerk.interview-cancel" actions. The fields are
 * emptied by kakanai_clerk_interview_clear() (the clerk mode calls it after every use).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <kakanai-card.h>

G_BEGIN_DECLS

#define KAKANAI_TYPE_CLERK_INTERVIEW (kakanai_clerk_interview_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiClerkInterview, kakanai_clerk_interview, KAKANAI, CLERK_INTERVIEW, GtkBox)

GtkWidget         *kakanai_clerk_interview_new   (void);
/* The record typed, or NULL with the field at fault focused and @error saying why.
 * @identity_document: the request.identity_document value chosen (static). */
KakanaiCardRecord *kakanai_clerk_interview_build (KakanaiClerkInterview *self,
                                                  const char           **identity_document,
                                                  GError               **error);
void               kakanai_clerk_interview_clear (KakanaiClerkInterview *self);

G_END_DECLS
