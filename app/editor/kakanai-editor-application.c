/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-editor-application.c: the template editor for municipal staff */
#define G_LOG_DOMAIN "kakanai-editor"

#include "config.h"

#include "kakanai-editor-application.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <kakanai-input.h>

#include "kakanai-editor-test-hook.h"
#include "kakanai-editor-window.h"

struct _KakanaiEditorApplication {
  GtkApplication  parent_instance;

  char           *sample_path;
  GSocketService *test_hook;
};

G_DEFINE_FINAL_TYPE (KakanaiEditorApplication, kakanai_editor_application, GTK_TYPE_APPLICATION)

/* A blank form nobody touched: a file opened from it takes its place. */
static gboolean
is_pristine (KakanaiEditorDocument *document)
{
  return kakanai_editor_document_get_path (document) == NULL && !kakanai_editor_document_get_modified (document)
         && !kakanai_template_model_can_undo (kakanai_editor_document_get_model (document));
}

static KakanaiEditorWindow *
open_window (KakanaiEditorApplication *self,
             KakanaiEditorDocument    *document)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  KakanaiEditorWindow *window = kakanai_editor_window_new (GTK_APPLICATION (self), document);

  for (GList *l = windows; l != NULL; l = l->next)
    if (KAKANAI_IS_EDITOR_WINDOW (l->data)
        && is_pristine (kakanai_editor_window_get_document (l->data)))
      gtk_window_destroy (l->data);

  if (self->sample_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!kakanai_editor_window_set_sample_file (window, self->sample_path, &error))
        g_printerr ("%s\n", error->message);
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
show_error (KakanaiEditorApplication *self,
            GError                   *error)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);

  g_printerr ("%s\n", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file that does not exist yet is a new form to be saved there. */
static void
open_path (KakanaiEditorApplication *self,
           const char               *path)
{
  g_autoptr(KakanaiEditorDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new ("new_form", _("New form"));

      document = kakanai_editor_document_new_for_model (model, path);
    }
  else
    document = kakanai_editor_document_new_from_file (path, &error);
  if (document == NULL)
    {
      show_error (self, error);
      return;
    }
  open_window (self, document);
}

/* ---- recovery after a crash ---- */

enum { RESPONSE_RESTORE = 1, RESPONSE_DISCARD = 2 };

static void offer_recovery (KakanaiEditorApplication *self, GStrv orphans, guint next);

typedef struct {
  KakanaiEditorApplication *self;
  GStrv                     orphans;
  guint                     index;
} Offer;

static void
on_recovery_response (GtkDialog *dialog,
                      int        response,
                      Offer     *offer)
{
  const char *path = offer->orphans[offer->index];

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == RESPONSE_RESTORE)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiEditorDocument) document = kakanai_editor_document_new_from_recovery (path, &error);

      if (document != NULL)
        open_window (offer->self, document);
      else
        show_error (offer->self, error);
    }
  else if (response == RESPONSE_DISCARD)
    kakanai_editor_recovery_discard (path);
  offer_recovery (offer->self, offer->orphans, offer->index + 1);
  g_application_release (G_APPLICATION (offer->self));
  g_free (offer);
}

/* One question per form left unsaved by an editor that stopped, then a blank form if
 * nothing was opened. @orphans is freed at the end. */
static void
offer_recovery (KakanaiEditorApplication *self,
                GStrv                     orphans,
                guint                     next)
{
  g_autofree char *original = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  Offer *offer;

  if (orphans[next] == NULL)
    {
      g_strfreev (orphans);
      if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
        {
          g_autoptr(KakanaiEditorDocument) document = kakanai_editor_document_new_blank ();
          open_window (self, document);
        }
      return;
    }
  original = kakanai_editor_recovery_dup_original (orphans[next]);
  name = original != NULL ? g_path_get_basename (original) : g_strdup (_("Untitled form"));
  dialog = gtk_message_dialog_new (NULL, 0, GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Restore the unsaved changes to “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The editor stopped before they were saved. A copy was kept."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), RESPONSE_DISCARD, _("_Restore"), RESPONSE_RESTORE, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_RESTORE);
  gtk_widget_set_name (dialog, "recovery_dialog");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  offer = g_new0 (Offer, 1);
  offer->self = self;
  offer->orphans = orphans;
  offer->index = next;
  g_application_hold (G_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_recovery_response), offer);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- application actions ---- */

static void
action_new (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  g_autoptr(KakanaiEditorDocument) document = kakanai_editor_document_new_blank ();

  open_window (data, document);
}

typedef void (*OpenPathFunc) (KakanaiEditorApplication *self,
                              const char               *path);

typedef struct
{
  KakanaiEditorApplication *self;
  OpenPathFunc              then;
} FileToOpen;

static void
on_file_to_open_response (GtkNativeDialog *dialog,
                          int              response,
                          FileToOpen      *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      request->then (request->self, path);
    }
  g_free (request);
  g_object_unref (dialog);
}

/* One file chooser for every "open" action: @then gets the chosen path. */
static void
ask_for_file_to_open (KakanaiEditorApplication *self,
                      const char               *title,
                      GtkFileFilter            *filter,
                      OpenPathFunc              then)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title,
                                                               gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  FileToOpen *request = g_new0 (FileToOpen, 1);

  request->self = self;
  request->then = then;
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_to_open_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
action_open (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  KakanaiEditorApplication *self = data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Form templates (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  ask_for_file_to_open (self, _("Open a Form Template"), filter, open_path);
}

/* ---- a pdfme template ---- */

/* An id of [a-z0-9_-] from the file's name, with no template of that name beside it (the
 * import writes ID.json, ID.pdf… there and must not replace a file). */
static char *
unused_id (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GString) id = g_string_new (NULL);

  for (const char *c = base; *c != '\0' && *c != '.'; c++)
    if (g_ascii_isalnum (*c) || *c == '-' || *c == '_')
      g_string_append_c (id, g_ascii_tolower (*c));
  if (id->len == 0)
    g_string_append (id, "form");
  g_string_append (id, "-kakanai");
  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (id->str) : g_strdup_printf ("%s%u", id->str, n);
      g_autofree char *json = g_strconcat (candidate, ".json", NULL);
      g_autofree char *pdf = g_strconcat (candidate, ".pdf", NULL);
      g_autofree char *json_path = g_build_filename (dir, json, NULL);
      g_autofree char *pdf_path = g_build_filename (dir, pdf, NULL);

      if (!g_file_test (json_path, G_FILE_TEST_EXISTS) && !g_file_test (pdf_path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

/* Converts the pdfme template at @path into format-2 templates beside it (ID.json, ID-2.json
 * …, the base PDF as ID.pdf) and opens each; what pdfme has that Kakanai does not is shown. */
static void
import_pdfme (KakanaiEditorApplication *self,
              const char               *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kakanai_file_read_limited (path, 48u * 1024 * 1024, &error);
  g_autoptr(KakanaiPdfmeImport) import = NULL;
  g_autofree char *id = unused_id (path);
  g_autofree char *dir = g_path_get_dirname (path);
  const char * const *report;

  if (bytes != NULL)
    import = kakanai_pdfme_import_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path, id, &error);
  if (import == NULL || !kakanai_pdfme_import_write (import, dir, &error))
    {
      show_error (self, error);
      return;
    }
  for (guint page = 0; page < kakanai_pdfme_import_get_n_pages (import); page++)
    {
      g_autofree char *name = page == 0 ? g_strconcat (id, ".json", NULL)
                                        : g_strdup_printf ("%s-%u.json", id, page + 1);
      g_autofree char *template = g_build_filename (dir, name, NULL);

      open_path (self, template);
    }
  report = kakanai_pdfme_import_get_report (import);
  if (report[0] != NULL)
    {
      g_autofree char *lines = g_strjoinv ("\n", (GStrv) report);
      GtkWidget *dialog = gtk_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                  GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_INFO,
                                                  GTK_BUTTONS_CLOSE, "%s",
                                                  _("Some of the pdfme template is not as in pdfme"));

      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", lines);
      gtk_widget_set_name (dialog, "pdfme_report_dialog");
      g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* ---- a new form from a PDF page ---- */

/* A new template beside @path: @json (its background, no field yet), unsaved, with
 * @suggestions offered beside the page to accept or reject one by one or all at once. */
static void
open_with_suggestions (KakanaiEditorApplication *self,
                       const char               *template,
                       const char               *json,
                       GPtrArray                *suggestions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplateModel) model = kakanai_template_model_new_from_data (json, -1, template, &error);
  g_autoptr(KakanaiEditorDocument) document = NULL;

  if (model == NULL)
    {
      show_error (self, error);
      return;
    }
  document = kakanai_editor_document_new_for_model (model, template);
  kakanai_editor_window_offer_suggestions (open_window (self, document), suggestions);
}

/* The template of a new form from @path, ID.json beside it. */
static char *
new_template_path (const char *path, const char *id)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
new_from_pdf (KakanaiEditorApplication *self,
              const char               *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = kakanai_file_read_limited (path, 32u * 1024 * 1024, &error);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *id = unused_id (path);
  g_autofree char *pdf_name = g_path_get_basename (path);
  g_autofree char *template = new_template_path (path, id);
  g_autofree char *json = NULL;
  double width, height;

  if (pdf != NULL)
    suggestions = kakanai_pdf_suggest_fields (pdf, 1, &width, &height, &error);
  if (suggestions == NULL)
    {
      show_error (self, error);
      return;
    }
  json = kakanai_pdf_suggested_template (none, width, height, pdf_name, 1, id);
  open_with_suggestions (self, template, json, suggestions);
}

/* ---- a new form from a scanned image ---- */

typedef struct {
  char      *path;
  double     width, height;
} ScanRequest;

static void
scan_request_free (ScanRequest *request)
{
  g_free (request->path);
  g_free (request);
}

/* In a worker thread: OCR takes seconds, and the windows stay responsive meanwhile. */
static void
read_scan (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanRequest *request = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = kakanai_file_read_limited (request->path, 32u * 1024 * 1024, &error);
  g_autofree char *name = g_path_get_basename (request->path);
  GPtrArray *suggestions = NULL;

  if (image != NULL)
    suggestions = kakanai_scan_suggest_fields (image, name, &request->width, &request->height, &error);
  if (suggestions == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, suggestions, (GDestroyNotify) g_ptr_array_unref);
}

/* The scan is the template's image as it is: it must be in the template's folder, where it
 * already is. */
static void
on_scan_read (GObject *source, GAsyncResult *result, gpointer data)
{
  KakanaiEditorApplication *self = KAKANAI_EDITOR_APPLICATION (source);
  ScanRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *id = NULL, *image_name = NULL, *template = NULL, *json = NULL;

  g_application_unmark_busy (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
  if (suggestions == NULL)
    {
      show_error (self, error);
      return;
    }
  id = unused_id (request->path);
  image_name = g_path_get_basename (request->path);
  template = new_template_path (request->path, id);
  json = kakanai_scan_suggested_template (none, request->width, request->height, image_name, id);
  open_with_suggestions (self, template, json, suggestions);
}

static void
new_from_scan (KakanaiEditorApplication *self,
               const char               *path)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_scan_read, NULL);
  ScanRequest *request = g_new0 (ScanRequest, 1);

  request->path = g_strdup (path);
  g_task_set_task_data (task, request, (GDestroyNotify) scan_request_free);
  g_application_hold (G_APPLICATION (self));
  g_application_mark_busy (G_APPLICATION (self));
  g_task_run_in_thread (task, read_scan);
}

static void
action_new_from_pdf (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  KakanaiEditorApplication *self = data;

  ask_for_file_to_open (self, _("New Form from a PDF"), NULL, new_from_pdf);
}

static void
action_new_from_scan (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  KakanaiEditorApplication *self = data;

  ask_for_file_to_open (self, _("New Form from a Scanned Image"), NULL, new_from_scan);
}

static void
action_open_pdfme (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  KakanaiEditorApplication *self = data;

  ask_for_file_to_open (self, _("Open a pdfme Template"), NULL, import_pdfme);
}

static void
action_about (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  KakanaiEditorApplication *self = data;

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "program-name", _("Kakanai Form Editor"),
                         "logo-icon-name", "jp.kakanai.Editor",
                         "version", PACKAGE_VERSION,
                         "comments", _("Make and fix the forms the Kakanai counter fills in"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
action_quit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (data));

  /* Each window asks about its own unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry application_actions[] = {
  { "new", action_new },
  { "open", action_open },
  { "new-from-pdf", action_new_from_pdf },
  { "new-from-scan", action_new_from_scan },
  { "open-pdfme", action_open_pdfme },
  { "about", action_about },
  { "quit", action_quit },
};

/* Every shortcut of the program, in one place (the shortcuts window shows the same). */
static void
set_accels (GtkApplication *application)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new", { "<Control>n" } },
    { "app.open", { "<Control>o" } },
    { "app.open-pdfme", { "<Control><Shift>o" } },
    { "app.new-from-pdf", { "<Control><Shift>n" } },
    { "app.new-from-scan", { "<Control><Shift>i" } },
    { "app.quit", { "<Control>q" } },
    { "win.save", { "<Control>s" } },
    { "win.save-as", { "<Control><Shift>s" } },
    { "win.close", { "<Control>w" } },
    { "win.undo", { "<Control>z" } },
    { "win.redo", { "<Control><Shift>z", "<Control>y" } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal" } },
    { "win.zoom-out", { "<Control>minus" } },
    { "win.zoom-reset", { "<Control>0" } },
    { "win.show-grid", { "<Control>apostrophe" } },
    { "win.snap", { "<Control>semicolon" } },
    { "win.test-fill", { "F5" } },
    { "win.export-pdf", { "<Control>e" } },
    { "win.add-question", { "<Control><Shift>k" } },
    { "win.focus-next-pane", { "F6" } },
    { "win.panel::element", { "<Alt>1" } },
    { "win.panel::questions", { "<Alt>2" } },
    { "win.panel::form", { "<Alt>3" } },
    { "win.panel::problems", { "<Alt>4" } },
    { "win.panel::suggestions", { "<Alt>5" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (application, accels[i].action, accels[i].accels);
}

static void
kakanai_editor_application_startup (GApplication *application)
{
  KakanaiEditorApplication *self = KAKANAI_EDITOR_APPLICATION (application);
  const char *socket_path = g_getenv ("KAKANAI_EDITOR_TEST_SOCKET");

  G_APPLICATION_CLASS (kakanai_editor_application_parent_class)->startup (application);
  g_action_map_add_action_entries (G_ACTION_MAP (self), application_actions, G_N_ELEMENTS (application_actions), self);
  set_accels (GTK_APPLICATION (self));
  if (socket_path != NULL && socket_path[0] != '\0')
    self->test_hook = kakanai_editor_test_hook_start (GTK_APPLICATION (self), socket_path);
}

static void
kakanai_editor_application_activate (GApplication *application)
{
  offer_recovery (KAKANAI_EDITOR_APPLICATION (application), kakanai_editor_recovery_list_orphans (), 0);
}

static void
kakanai_editor_application_open (GApplication  *application,
                                 GFile        **files,
                                 int            n_files,
                                 const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        open_path (KAKANAI_EDITOR_APPLICATION (application), path);
    }
}

static int
kakanai_editor_application_handle_local_options (GApplication *application,
                                                 GVariantDict *options)
{
  KakanaiEditorApplication *self = KAKANAI_EDITOR_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kakanai-editor %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "sample", "^ay", &self->sample_path);
  return -1;
}

static void
kakanai_editor_application_finalize (GObject *object)
{
  KakanaiEditorApplication *self = KAKANAI_EDITOR_APPLICATION (object);

  if (self->test_hook != NULL)
    g_socket_service_stop (self->test_hook);
  g_clear_object (&self->test_hook);
  g_free (self->sample_path);
  G_OBJECT_CLASS (kakanai_editor_application_parent_class)->finalize (object);
}

static void
kakanai_editor_application_class_init (KakanaiEditorApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kakanai_editor_application_finalize;
  application_class->startup = kakanai_editor_application_startup;
  application_class->activate = kakanai_editor_application_activate;
  application_class->open = kakanai_editor_application_open;
  application_class->handle_local_options = kakanai_editor_application_handle_local_options;
}

static void
kakanai_editor_application_init (KakanaiEditorApplication *self)
{
  static const GOptionEntry options[] = {
    { "sample", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Sample resident data for the test fill (a JSON object of data key → value)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[TEMPLATE.json…]"));
}

KakanaiEditorApplication *
kakanai_editor_application_new (void)
{
  return g_object_new (KAKANAI_TYPE_EDITOR_APPLICATION,
                       "application-id", "jp.kakanai.Editor",
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
