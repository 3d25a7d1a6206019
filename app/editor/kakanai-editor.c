/* kakanai-editor.c: the form template editor (see kakanai-editor-application.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kakanai-catalog.h"
#include "kakanai-editor-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KakanaiEditorApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kakanai_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Kakanai Form Editor"));
  app = kakanai_editor_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
