/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-catalog.h: where the programs find bundled data and the form templates
 *
 * One piece for the CLI, the kiosk's doctor and the editor: the bundled files (the source
 * tree when a program runs from its build tree, else the installed copy), the template
 * folders a counter reads ([kiosk] template-dirs, else the bundled forms) and the catalogue
 * of templates they hold, the first of an id winning.
 */
#pragma once

#include <kakanai-forms.h>

#include "kakanai-config.h"

G_BEGIN_DECLS

/* A bundled file or folder ("forms", "cards/demo.json"): under the source tree's assets/
 * when this program runs from its build tree (a developer sees what they edit), else under
 * the installed data folder. */
char            *kakanai_bundled_path          (const char     *relative);

/* The folders searched, first match of an id wins: @extra_dir (may be NULL), then the
 * configured ones, else the bundled forms. */
GStrv            kakanai_catalog_template_dirs (KakanaiConfig  *config,
                                                const char     *extra_dir);

/* Every template of every folder of kakanai_catalog_template_dirs() (KakanaiTemplate*),
 * an id met again in a later folder left out. A missing configured or bundled folder is
 * skipped; @extra_dir must exist. */
GPtrArray       *kakanai_catalog_load          (KakanaiConfig  *config,
                                                const char     *extra_dir,
                                                GError        **error);

/* The template of @catalog with @id (a new reference), else NULL with an error saying so. */
KakanaiTemplate *kakanai_catalog_find          (GPtrArray      *catalog,
                                                const char     *id,
                                                GError        **error);

G_END_DECLS
