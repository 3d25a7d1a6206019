/* kakanai-forms-error.h: the error domain of the forms engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_FORMS_ERROR (kakanai_forms_error_quark ())

/**
 * KakanaiFormsError:
 * @KAKANAI_FORMS_ERROR_TEMPLATE: a template is malformed (bad JSON, missing or
 *   wrong member, element off the page, unsupported format version).
 * @KAKANAI_FORMS_ERROR_UNKNOWN_KEY: a data key is not one of
 *   kakanai_form_data_known_keys() (in a template or in kakanai_form_data_set()).
 * @KAKANAI_FORMS_ERROR_INVALID_VALUE: a value is not valid UTF-8 or not in the
 *   shape its key needs (a date that is not YYYY-MM-DD).
 * @KAKANAI_FORMS_ERROR_FONT: a font could not be found or loaded.
 * @KAKANAI_FORMS_ERROR_RENDER: the PDF or PNG renderer failed.
 * @KAKANAI_FORMS_ERROR_IO: a file could not be read or written.
 */
typedef enum {
  KAKANAI_FORMS_ERROR_TEMPLATE,
  KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
  KAKANAI_FORMS_ERROR_INVALID_VALUE,
  KAKANAI_FORMS_ERROR_FONT,
  KAKANAI_FORMS_ERROR_RENDER,
  KAKANAI_FORMS_ERROR_IO,
} KakanaiFormsError;

GQuark kakanai_forms_error_quark (void);

G_END_DECLS
