/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdfme-import.h: a pdfme template (https://pdfme.com: a base PDF and one list of
 * schemas per page) converted into format-2 templates, one per page, with the base PDF as
 * their background (docs/templates.md, "Importing a pdfme template"). */
#pragma once

#include <glib.h>

#include "kakanai-template.h"

G_BEGIN_DECLS

typedef struct _KakanaiPdfmeImport KakanaiPdfmeImport;

/* Converts the pdfme template @data. @source_name names it in errors and is where a base
 * PDF given as a file name is looked for (beside it); @id is the new templates' id (page 1;
 * page n is "@id-n"). Errors (KAKANAI_FORMS_ERROR_TEMPLATE, naming @source_name) for what
 * is not a pdfme template at all: malformed JSON, no schemas, a base PDF that cannot be
 * read. Whatever can be converted only in part or not at all is in the report. */
KakanaiPdfmeImport *kakanai_pdfme_import_new        (const char          *data,
                                                     gssize               length,
                                                     const char          *source_name,
                                                     const char          *id,
                                                     GError             **error);
void                kakanai_pdfme_import_free       (KakanaiPdfmeImport  *import);

/* One line per schema (or member) that was not converted, or converted with a change:
 * `page 1, “photo” (image): an image the resident gives is not converted …`. */
const char * const *kakanai_pdfme_import_get_report (KakanaiPdfmeImport  *import);
guint               kakanai_pdfme_import_get_n_pages (KakanaiPdfmeImport *import);
/* Page @page's template (from 0), as format-2 JSON (saved by the template model). */
const char         *kakanai_pdfme_import_get_json   (KakanaiPdfmeImport  *import,
                                                     guint                page);
/* The base PDF, or NULL for a blank page. */
GBytes             *kakanai_pdfme_import_get_base_pdf (KakanaiPdfmeImport *import);

/* How many images (fixed pdfme images, PNG or JPEG) are written beside the templates. */
guint               kakanai_pdfme_import_get_n_files (KakanaiPdfmeImport *import);

/* Writes "@id.pdf" (the base PDF), the images ("@id-image-1.png" …) and "@id.json", "@id-2.json"… into @dir (made when
 * missing), then loads each written template to check it. */
gboolean            kakanai_pdfme_import_write      (KakanaiPdfmeImport  *import,
                                                     const char          *dir,
                                                     GError             **error);

/* pdfme's input @name = @value for the chosen @templates: the value to set (free it with
 * explicit_bzero and g_free: it is personal) under *@key_out, the key of the field whose id
 * is @name. NULL with *@key_out NULL when no field has that id; NULL with the key when the
 * value sets nothing (a mark's "false"). A one-variable multiVariableText's {"zip": "…"}
 * gives "…". */
char               *kakanai_pdfme_input_value       (KakanaiTemplate   **templates,
                                                     guint               n_templates,
                                                     const char         *name,
                                                     const char         *value,
                                                     const char        **key_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiPdfmeImport, kakanai_pdfme_import_free)

G_END_DECLS
