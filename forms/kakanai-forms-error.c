/* kakanai-forms-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include "kakanai-forms-error.h"

G_DEFINE_QUARK (kakanai-forms-error-quark, kakanai_forms_error)
