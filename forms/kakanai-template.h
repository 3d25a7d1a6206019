/* kakanai-template.h: a form template (JSON, see docs/templates.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The template format version this library writes; it reads this one and format 1. */
#define KAKANAI_TEMPLATE_FORMAT_VERSION 2

typedef struct _KakanaiTemplate KakanaiTemplate;

/* A template file is at most this long, and its JSON nests at most
 * KAKANAI_JSON_MAX_DEPTH (base/kakanai-input.h) deep; both are checked before the
 * JSON parser sees the file (docs/templates.md, "Limits"). */
#define KAKANAI_TEMPLATE_MAX_BYTES (4u * 1024 * 1024)

/* Errors are KAKANAI_FORMS_ERROR_TEMPLATE (or _UNKNOWN_KEY, _IO) and their
 * message names the file, the element ("element 3 (“name”)") and the problem. */
KakanaiTemplate     *kakanai_template_new_from_file  (const char  *path,
                                                      GError     **error);
/* @source_name names the template in error messages (a path or "<memory>");
 * relative image paths are resolved against the folder of @source_name. */
KakanaiTemplate     *kakanai_template_new_from_data  (const char  *data,
                                                      gssize       length,
                                                      const char  *source_name,
                                                      GError     **error);
/* Every "*.json" in @dir, sorted by id. Fails on the first bad template (the
 * error names it) or on two templates with the same id. Returns a
 * GPtrArray of KakanaiTemplate*, each owned by the array. */
GPtrArray           *kakanai_template_load_dir       (const char  *dir,
                                                      GError     **error);

KakanaiTemplate     *kakanai_template_ref            (KakanaiTemplate *tpl);
void                 kakanai_template_unref          (KakanaiTemplate *tpl);

const char          *kakanai_template_get_id          (KakanaiTemplate *tpl);
const char          *kakanai_template_get_title       (KakanaiTemplate *tpl);
/* "" when the template has none. */
const char          *kakanai_template_get_description (KakanaiTemplate *tpl);
/* Resident-facing, in @language ("en"; "en_US" falls back to "en"), else Japanese.
 * The description is "" when the template has none. */
const char          *kakanai_template_get_title_for       (KakanaiTemplate *tpl,
                                                           const char      *language);
const char          *kakanai_template_get_description_for (KakanaiTemplate *tpl,
                                                           const char      *language);
/* The questions the template asks (KakanaiQuestion*, kakanai-question.h; owned by
 * @tpl), in its order. Empty for a format-1 template. */
GPtrArray           *kakanai_template_get_questions   (KakanaiTemplate *tpl);
/* TRUE when @key is one a field, QR code or question of @tpl may use. */
gboolean             kakanai_template_has_key         (KakanaiTemplate *tpl,
                                                       const char      *key);

/* The file it was loaded from, or the source name given. */
const char          *kakanai_template_get_source      (KakanaiTemplate *tpl);
/* Page size in mm, orientation applied. */
void                 kakanai_template_get_page_size   (KakanaiTemplate *tpl,
                                                       double          *width_mm,
                                                       double          *height_mm);

/* The data keys the fields need, each once, in the order of the elements
 * (NULL-terminated, owned by @tpl). The kiosk asks only for those. */
const char * const  *kakanai_template_get_field_keys  (KakanaiTemplate *tpl);

/* The data key of the first field whose "id" is @element_id (an imported pdfme template's
 * fields have their schema's name as id), or NULL. Owned by @tpl. */
const char          *kakanai_template_get_field_key_by_id (KakanaiTemplate *tpl,
                                                           const char      *element_id);

/* The option values of the first choice field bound to @key (NULL-terminated,
 * owned by @tpl), or NULL when no choice field uses @key. */
const char * const  *kakanai_template_get_choices     (KakanaiTemplate *tpl,
                                                       const char      *key);
/* The label shown for an option ("label", else the value itself), or NULL. */
const char          *kakanai_template_get_choice_label (KakanaiTemplate *tpl,
                                                        const char      *key,
                                                        const char      *value);

/* The label of @value for the resident in @language: the question's option label, else
 * the choice field's, else NULL. */
const char          *kakanai_template_get_choice_label_for (KakanaiTemplate *tpl,
                                                            const char      *key,
                                                            const char      *value,
                                                            const char      *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiTemplate, kakanai_template_unref)

G_END_DECLS
