/* kakanai-template-loader-private.h: the validating reader shared by the template's
 * parts (elements, questions): typed member readers whose errors name the file, the
 * element or question, and the problem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char  *source;
  const char  *dir;
  const char  *item_kind;     /* "element" or "question": how errors name the item */
  guint        element_index; /* G_MAXUINT outside elements and questions */
  const char  *element_id;
  double       page_width;
  double       page_height;
  GHashTable  *template_keys; /* the template's own keys → KakanaiQuestion* (borrowed) */
  GError     **error;
} Loader;

gboolean kakanai_loader_fail           (Loader             *loader,
                                        int                 code,
                                        const char         *format,
                                        ...) G_GNUC_PRINTF (3, 4);
#define kakanai_loader_fail_template(loader, ...) \
  kakanai_loader_fail ((loader), KAKANAI_FORMS_ERROR_TEMPLATE, __VA_ARGS__)
gboolean kakanai_loader_check_members  (Loader             *loader,
                                        JsonObject         *object,
                                        const char * const *allowed);
gboolean kakanai_loader_read_number    (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        gboolean            required,
                                        double              fallback,
                                        double             *out);
gboolean kakanai_loader_read_string    (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        gboolean            required,
                                        const char         *fallback,
                                        const char        **out);
gboolean kakanai_loader_read_boolean   (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        gboolean           *out);
gboolean kakanai_loader_read_enum      (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        const char * const *names,
                                        int                 fallback,
                                        int                *out);
gboolean kakanai_loader_read_color     (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        guint32            *out,
                                        gboolean           *present);
/* A resident-facing text: a string (Japanese) or { "ja": …, "en": …, … } with "ja".
 * *out: NULL-terminated pairs (language, text), "ja" first; NULL when absent and not
 * @required. */
gboolean kakanai_loader_read_localized (Loader             *loader,
                                        JsonObject         *object,
                                        const char         *name,
                                        gboolean            required,
                                        char             ***out);

/* The paths of the "*.json" files in @dir, sorted (a GPtrArray of char*). */
GPtrArray  *kakanai_loader_json_files  (const char         *dir,
                                        GError            **error);

/* The text of @pairs in @language ("en", "en_US" falls back to "en"), else Japanese. */
const char *kakanai_localized_get      (char * const       *pairs,
                                        const char         *language);

G_END_DECLS
