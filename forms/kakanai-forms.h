/* kakanai-forms.h: the forms engine (templates, data, 和暦, layout, renderers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-forms-error.h"
#include "kakanai-form-data.h"
#include "kakanai-wareki.h"
#include "kakanai-template.h"
#include "kakanai-template-model.h"
#include "kakanai-question.h"
#include "kakanai-procedure.h"
#include "kakanai-layout.h"
#include "kakanai-pdf.h"
#include "kakanai-cairo.h"
#include "kakanai-output.h"
#include "kakanai-pdfme-import.h"
#include "kakanai-pdf-suggest.h"
