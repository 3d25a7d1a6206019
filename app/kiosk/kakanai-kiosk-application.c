/* kakanai-kiosk-application.c: jp.kakanai.Kiosk.
 *
 * Languages: GtkBuilder translates a .ui file once, when it builds it, with
 * gettext. Switching the language therefore means (1) pointing gettext at the
 * new catalogue (LANGUAGE, then textdomain() again, which drops gettext's
 * cache) and (2) building the screens again (the window rebuilds its pages).
 * LANGUAGE is ignored in the "C" locale, so the messages locale is moved to
 * C.UTF-8 then; a new language is just a new po/LL.po and a LINGUAS line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-application.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <kakanai-forms.h>
#include <locale.h>
#include <string.h>

#include "kakanai-clerk-mode.h" /* hook (issue 5) */
#include "kakanai-kiosk-test-hook.h"
#include "kakanai-kiosk-window.h"

struct _KakanaiKioskApplication {
  GtkApplication     parent_instance;

  gboolean           demo;
  gboolean           windowed;
  char              *config_path;

  KakanaiConfig     *config;
  KakanaiKioskCard  *card;
  GPtrArray         *templates;
  GPtrArray         *procedures;
  char              *problem;
  char              *output_dir;
  char              *language;
  GStrv              languages;
  GSocketService    *test_hook;
};

G_DEFINE_FINAL_TYPE (KakanaiKioskApplication, kakanai_kiosk_application, GTK_TYPE_APPLICATION)

static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (KAKANAI_BUILD_LOCALEDIR);

  return exe != NULL && g_str_has_prefix (exe, build_root);
}

/* Bundled data: the source tree when run from the build tree, else the installed copy. */
static char *
data_path (const char *relative)
{
  if (running_from_build_tree ())
    return g_build_filename (KAKANAI_SOURCE_ASSETS, relative, NULL);
  return g_build_filename (KAKANAI_DATADIR, relative, NULL);
}

static void
ensure_messages_locale (void)
{
  const char *current = setlocale (LC_MESSAGES, NULL);

  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
}

static void
apply_language (const char *code)
{
  g_setenv ("LANGUAGE", code, TRUE);
  ensure_messages_locale ();
  textdomain (GETTEXT_PACKAGE);
}

/* ------------------------------------------------------------------------- */

static const struct { const char *code; const char *name; } native_names[] = {
  { "ja", "日本語" },
  { "en", "English" },
  { "zh_CN", "简体中文" },
  { "zh_TW", "繁體中文" },
  { "ko", "한국어" },
  { "vi", "Tiếng Việt" },
  { "pt_BR", "Português" },
  { "es", "Español" },
  { "tl", "Tagalog" },
  { "ne", "नेपाली" },
  { "id", "Bahasa Indonesia" },
};

const char *
kakanai_kiosk_language_get_native_name (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].code, code))
      return native_names[i].name;
  return code;
}

/* ------------------------------------------------------------------------- */

/* What brings residents in: the "procedures" folder beside each template folder that
 * has one (a broken file makes the kiosk not ready, like a broken template). */
static gboolean
load_procedures (KakanaiKioskApplication *self,
                 const char * const      *template_dirs,
                 GError                 **error)
{
  self->procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_procedure_unref);
  for (guint i = 0; template_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = kakanai_procedure_dir_beside (template_dirs[i]);
      g_autoptr (GPtrArray) found = NULL;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;
      found = kakanai_procedure_load_dir (dir, self->templates, error);
      if (found == NULL)
        return FALSE;
      for (guint p = 0; p < found->len; p++)
        g_ptr_array_add (self->procedures, kakanai_procedure_ref (g_ptr_array_index (found, p)));
    }
  return TRUE;
}

static gboolean
load_templates (KakanaiKioskApplication *self,
                GError                 **error)
{
  const char * const *dirs = kakanai_config_get_template_dirs (self->config);
  g_autofree char *default_dir = data_path ("forms");
  const char * const default_dirs[] = { default_dir, NULL };

  if (dirs == NULL || dirs[0] == NULL)
    dirs = default_dirs;
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) found = kakanai_template_load_dir (dirs[i], error);

      if (found == NULL)
        return FALSE;
      for (guint t = 0; t < found->len; t++)
        g_ptr_array_add (self->templates, kakanai_template_ref (g_ptr_array_index (found, t)));
    }
  if (self->templates->len == 0)
    {
      g_autofree char *joined = g_strjoinv (", ", (GStrv) dirs);

      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
                   _("No form templates found in %s"), joined);
      return FALSE;
    }
  if (!kakanai_questions_check_together ((KakanaiTemplate **) self->templates->pdata, self->templates->len, error))
    return FALSE;
  return load_procedures (self, dirs, error);
}

static gboolean
make_demo_output_dir (KakanaiKioskApplication *self,
                      GError                 **error)
{
  /* mkdtemp: a fresh folder only this user can open (0700). */
  self->output_dir = g_dir_make_tmp ("kakanai-demo-XXXXXX", error);
  if (self->output_dir == NULL)
    return FALSE;
  g_printerr (_("Demo: the PDF of the forms you ask for will be written to %s\n"), self->output_dir);
  return TRUE;
}

static gboolean
prepare (KakanaiKioskApplication *self,
         GError                 **error)
{
  self->config = kakanai_config_load_standard (self->config_path, error);
  if (self->config == NULL)
    return FALSE;
  /* Catalogues where gettext looks for them (kakanai_kiosk_setup_gettext), fonts installed. */
  if (!kakanai_config_check_languages (self->config, bindtextdomain (GETTEXT_PACKAGE, NULL), error))
    return FALSE;
  g_strfreev (self->languages);
  self->languages = g_strdupv ((GStrv) kakanai_config_get_languages (self->config));
  g_free (self->language);
  self->language = g_strdup (self->languages[0]);
  apply_language (self->language);

  if (!load_templates (self, error))
    return FALSE;
  if (self->demo)
    {
      g_autofree char *profile = data_path ("cards/demo.json");

      self->card = kakanai_kiosk_card_new_simulated (profile, error);
      if (self->card == NULL)
        return FALSE;
      if (!make_demo_output_dir (self, error))
        return FALSE;
    }
  else
    {
      self->card = kakanai_kiosk_card_new_pcsc (kakanai_config_get_reader (self->config));
      self->output_dir = g_strdup (kakanai_config_get_output_dir (self->config));
    }
  return TRUE;
}

static void
load_css (void)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/jp/kakanai/Kiosk/kakanai-kiosk.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* SIGTERM/SIGINT (systemd, the tests): quit cleanly, so the window wipes the
 * session it holds before the process ends. */
static gboolean
on_quit_signal (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

static void
kakanai_kiosk_application_startup (GApplication *application)
{
  KakanaiKioskApplication *self = KAKANAI_KIOSK_APPLICATION (application);
  g_autoptr (GError) error = NULL;
  const char *env_socket;

  G_APPLICATION_CLASS (kakanai_kiosk_application_parent_class)->startup (application);
  g_unix_signal_add (SIGTERM, on_quit_signal, application);
  g_unix_signal_add (SIGINT, on_quit_signal, application);
  /* gtk_init() ran setlocale (LC_ALL, ""): make LANGUAGE count again. */
  ensure_messages_locale ();
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  load_css ();

  /* Before the configuration: the tests also look at the "not ready" screen. */
  env_socket = g_getenv ("KAKANAI_KIOSK_TEST_SOCKET");
  if (env_socket != NULL && env_socket[0] != '\0')
    self->test_hook = kakanai_kiosk_test_hook_start (GTK_APPLICATION (self), env_socket);

  if (!prepare (self, &error))
    {
      /* Never half-configured: the window shows this instead of the flow. */
      g_warning ("not ready: %s", error->message);
      self->problem = g_strdup (error->message);
      g_clear_pointer (&self->config, kakanai_config_free);
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      g_clear_pointer (&self->procedures, g_ptr_array_unref);
    }
}

static void
kakanai_kiosk_application_activate (GApplication *application)
{
  KakanaiKioskApplication *self = KAKANAI_KIOSK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (kakanai_kiosk_window_new (GTK_APPLICATION (application)));
      /* Hook (issue 5): clerk mode, printing and statistics, kakanai-clerk-mode.h. */
      kakanai_clerk_mode_attach (KAKANAI_KIOSK_WINDOW (window));
      if (self->windowed)
        gtk_window_set_default_size (window, 1280, 800);
      else
        gtk_window_fullscreen (window);
    }
  gtk_window_present (window);
}

static int
kakanai_kiosk_application_handle_local_options (GApplication *application,
                                                GVariantDict *options)
{
  KakanaiKioskApplication *self = KAKANAI_KIOSK_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kakanai-kiosk %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  self->windowed = g_variant_dict_contains (options, "windowed");
  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  return -1;
}

static void
kakanai_kiosk_application_shutdown (GApplication *application)
{
  KakanaiKioskApplication *self = KAKANAI_KIOSK_APPLICATION (application);

  G_APPLICATION_CLASS (kakanai_kiosk_application_parent_class)->shutdown (application);
  if (self->test_hook != NULL)
    g_socket_service_stop (self->test_hook);
  g_clear_object (&self->test_hook);
  g_clear_object (&self->card);
}

static void
kakanai_kiosk_application_finalize (GObject *object)
{
  KakanaiKioskApplication *self = KAKANAI_KIOSK_APPLICATION (object);

  g_clear_object (&self->test_hook);
  g_clear_object (&self->card);
  g_clear_pointer (&self->config, kakanai_config_free);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->output_dir, g_free);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->languages, g_strfreev);
  G_OBJECT_CLASS (kakanai_kiosk_application_parent_class)->finalize (object);
}

static void
kakanai_kiosk_application_class_init (KakanaiKioskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kakanai_kiosk_application_finalize;
  app_class->startup = kakanai_kiosk_application_startup;
  app_class->activate = kakanai_kiosk_application_activate;
  app_class->handle_local_options = kakanai_kiosk_application_handle_local_options;
  app_class->shutdown = kakanai_kiosk_application_shutdown;
}

static void
kakanai_kiosk_application_init (KakanaiKioskApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run on the built-in demo card; forms go to a new private temporary folder"), NULL },
    { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run in a window instead of full screen (development, tests)"), NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Read this configuration file instead of the local one"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL },
  };
  const char *default_languages[] = { "ja", "en", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  self->languages = g_strdupv ((GStrv) default_languages);
  self->language = g_strdup ("ja");
}

KakanaiKioskApplication *
kakanai_kiosk_application_new (void)
{
  return g_object_new (KAKANAI_TYPE_KIOSK_APPLICATION,
                       "application-id", "jp.kakanai.Kiosk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

KakanaiConfig *
kakanai_kiosk_application_get_config (KakanaiKioskApplication *self)
{
  return self->config;
}

KakanaiKioskCard *
kakanai_kiosk_application_get_card (KakanaiKioskApplication *self)
{
  return self->card;
}

GPtrArray *
kakanai_kiosk_application_get_templates (KakanaiKioskApplication *self)
{
  return self->templates;
}

KakanaiKioskSession *
kakanai_kiosk_application_new_session (KakanaiKioskApplication *self)
{
  KakanaiKioskSession *session;
  g_autoptr (KakanaiKioskCard) card = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *profile = data_path ("cards/demo.json");

  /* Not ready: a session that never leaves the problem screen still needs a card. */
  if (self->card == NULL)
    card = kakanai_kiosk_card_new_simulated (profile, &error);
  if (self->card == NULL && card == NULL)
    g_error ("the demo card %s cannot be read: %s", profile, error->message);
  session = kakanai_kiosk_session_new (self->config, self->card != NULL ? self->card : card,
                                       self->templates, self->procedures,
                                       self->output_dir != NULL ? self->output_dir : g_get_tmp_dir ());
  g_object_set (session, "demo", self->demo, NULL);
  return session;
}

const char *
kakanai_kiosk_application_get_problem (KakanaiKioskApplication *self)
{
  return self->problem;
}

const char *
kakanai_kiosk_application_get_output_dir (KakanaiKioskApplication *self)
{
  return self->output_dir;
}

gboolean
kakanai_kiosk_application_is_demo (KakanaiKioskApplication *self)
{
  return self->demo;
}

const char * const *
kakanai_kiosk_application_get_languages (KakanaiKioskApplication *self)
{
  return (const char * const *) self->languages;
}

const char *
kakanai_kiosk_application_get_language (KakanaiKioskApplication *self)
{
  return self->language;
}

void
kakanai_kiosk_application_set_language (KakanaiKioskApplication *self,
                                        const char              *code)
{
  g_return_if_fail (code != NULL);

  g_free (self->language);
  self->language = g_strdup (code);
  apply_language (code);
}

void
kakanai_kiosk_setup_gettext (void)
{
  g_autofree char *build_mo = g_build_filename (KAKANAI_BUILD_LOCALEDIR, "ja", "LC_MESSAGES",
                                                GETTEXT_PACKAGE ".mo", NULL);
  const char *localedir = KAKANAI_LOCALEDIR;

  if (running_from_build_tree () && g_file_test (build_mo, G_FILE_TEST_EXISTS))
    localedir = KAKANAI_BUILD_LOCALEDIR;
  setlocale (LC_ALL, "");
  /* GLib decides once, at the first translation, whether to translate at all
   * (it looks for the header of the current catalogue): start in Japanese. */
  apply_language ("ja");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
