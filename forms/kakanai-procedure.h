/* kakanai-procedure.h: what brings a resident in (a life event, a certificate request)
 * and the forms it needs: assets/procedures/<id>.json (docs/templates.md, "Procedures").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KAKANAI_PROCEDURE_LIFE_EVENT,
  KAKANAI_PROCEDURE_CERTIFICATE,
} KakanaiProcedureKind;

typedef struct _KakanaiProcedure KakanaiProcedure;

/* Errors (KAKANAI_FORMS_ERROR_TEMPLATE, _IO) name the file and the problem. */
KakanaiProcedure     *kakanai_procedure_new_from_file  (const char  *path,
                                                        GError     **error);
/* Every "*.json" in @dir, sorted by id; fails on the first bad file or a repeated id.
 * With @templates (KakanaiTemplate*), every form a procedure names must be one of them.
 * A GPtrArray of KakanaiProcedure*. */
GPtrArray            *kakanai_procedure_load_dir       (const char  *dir,
                                                        GPtrArray   *templates,
                                                        GError     **error);

/* Where the procedures of the templates in @template_dir are: the folder "procedures"
 * beside it (assets/forms → assets/procedures, /etc/kakanai/forms → /etc/kakanai/procedures). */
char                 *kakanai_procedure_dir_beside     (const char  *template_dir);

KakanaiProcedure     *kakanai_procedure_ref            (KakanaiProcedure *procedure);
void                  kakanai_procedure_unref          (KakanaiProcedure *procedure);

const char           *kakanai_procedure_get_id         (KakanaiProcedure *procedure);
KakanaiProcedureKind  kakanai_procedure_get_kind       (KakanaiProcedure *procedure);
/* An icon name of the icon theme (the kiosk ships its own). */
const char           *kakanai_procedure_get_icon       (KakanaiProcedure *procedure);
/* In @language ("en"; "en_US" falls back to "en"), else Japanese. */
const char           *kakanai_procedure_get_title      (KakanaiProcedure *procedure,
                                                        const char       *language);
const char           *kakanai_procedure_get_description (KakanaiProcedure *procedure,
                                                         const char       *language);
/* The template ids, in the order the kiosk offers them (NULL-terminated). */
const char * const   *kakanai_procedure_get_forms      (KakanaiProcedure *procedure);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiProcedure, kakanai_procedure_unref)

G_END_DECLS
