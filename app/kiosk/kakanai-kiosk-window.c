/* kakanai-kiosk-window.c: the counter flow, from welcome to "please take your card".
 *
 * The window owns one session at a time and everything personal in it (PIN
 * digits, card record, form data, layout, PDF). Every way a session ends —
 * finished, "Start over", idle timeout, card taken away, clerk reset — goes
 * through end_session(), which wipes it all before the welcome screen shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-window.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <kakanai-forms.h>
#include <stdlib.h>
#include <string.h>

#include "kakanai-card-fill.h"
#include "kakanai-kana-keyboard.h"
#include "kakanai-kiosk-application.h"
#include "kakanai-kiosk-pages-private.h"
#include "kakanai-pin-pad.h"

#define PIN_LENGTH 4
/* The countdown shows for the last seconds before the idle timeout. */
#define COUNTDOWN_SECONDS 20
/* "Please take your card" stays this long when the card is not taken. */
#define FINISH_SECONDS 12
#define MAX_COPIES 10
#define PREVIEW_PX_PER_MM 3.0
#define PREVIEW_MIN_ZOOM 0.5
#define PREVIEW_MAX_ZOOM 3.0

struct _KakanaiKioskWindow {
  GtkApplicationWindow  parent_instance;

  /* template */
  GtkOverlay           *overlay;
  GtkBox               *content;
  GtkRevealer          *countdown_revealer;
  GtkLabel             *countdown_label;

  KakanaiKioskPages    *pages;
  KakanaiKioskStep      step;
  GPtrArray            *overlays;
  char                 *language;
  gboolean              large_text;
  gboolean              high_contrast;
  gboolean              session_running;

  /* Card page state (no personal data). */
  gboolean              probing;
  gboolean              card_refused;  /* not a My Number card / unreadable: wait for removal */
  char                 *card_message;

  /* ---- personal data: wiped by wipe_session() ---- */
  GPtrArray            *chosen;        /* KakanaiTemplate* */
  char                  pin[PIN_LENGTH + 1];
  guint                 pin_length;
  guint                 tries_left;
  gboolean              last_try_allowed;
  gboolean              last_try_pending;
  KakanaiCardRecord    *record;
  gboolean              record_from_card;
  char                 *identity_document;
  KakanaiFormData      *data;
  KakanaiLayout        *layout;
  GHashTable           *choices;       /* supplement key -> chosen value */
  GtkEditable          *phone_entry;   /* weak */
  GtkEditable          *kana_entry;    /* weak */
  GCancellable         *cancellable;   /* the card work of this session */

  guint                 supplement_index; /* the question shown */
  gint64                pin_submitted_at;  /* timings for bench/kiosk (debug log) */
  gint64                preview_asked_at;
  guint                 preview_page;
  double                preview_zoom;

  /* timers */
  gint64                last_activity;
  guint                 idle_source;
  guint                 finish_source;
  guint                 pulse_source;  /* until the card reports its first step */
  double                reading_fraction; /* last shown on the reading screen */
};

G_DEFINE_FINAL_TYPE (KakanaiKioskWindow, kakanai_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_STEP_CHANGED,
  SIGNAL_SESSION_STARTED,
  SIGNAL_SESSION_ENDED,
  SIGNAL_DOCUMENT_READY,
  SIGNAL_CLERK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void go_to_step          (KakanaiKioskWindow *self,
                                 KakanaiKioskStep    step);
static void end_session         (KakanaiKioskWindow *self,
                                 KakanaiKioskOutcome outcome);
static void rebuild_pages       (KakanaiKioskWindow *self);
static void start_probe         (KakanaiKioskWindow *self);
static void return_to_start     (KakanaiKioskWindow *self);
static void update_card_page    (KakanaiKioskWindow *self);

static const char * const step_names[] = {
  "welcome", "choose", "card", "pin", "reading", "confirm", "supplements", "preview", "finish",
  "problem",
};

static const char * const outcome_names[] = {
  "finished", "cancelled", "timed_out", "card_removed", "card_error", "clerk_reset",
};

const char *
kakanai_kiosk_step_to_string (KakanaiKioskStep step)
{
  g_return_val_if_fail (step < G_N_ELEMENTS (step_names), "unknown");
  return step_names[step];
}

const char *
kakanai_kiosk_outcome_to_string (KakanaiKioskOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), "unknown");
  return outcome_names[outcome];
}

static KakanaiKioskApplication *
get_app (KakanaiKioskWindow *self)
{
  return KAKANAI_KIOSK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static KakanaiKioskCard *
get_card (KakanaiKioskWindow *self)
{
  return kakanai_kiosk_application_get_card (get_app (self));
}

/* ------------------------------------------------------------------------- */
/* Personal data                                                              */

static void
clear_editable (GtkEditable **editable)
{
  /* GtkEntryBuffer zeroes the text it drops. */
  if (*editable != NULL)
    gtk_editable_set_text (*editable, "");
  g_clear_weak_pointer (editable);
}

static void
clear_supplement_widgets (KakanaiKioskWindow *self)
{
  GtkWidget *child;

  clear_editable (&self->phone_entry);
  clear_editable (&self->kana_entry);
  if (self->pages == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages->supplements_box))) != NULL)
    gtk_box_remove (self->pages->supplements_box, child);
}

static void
wipe_pin (KakanaiKioskWindow *self)
{
  kakanai_wipe (self->pin, sizeof self->pin);
  self->pin_length = 0;
}

static void
clear_confirm_labels (KakanaiKioskWindow *self)
{
  if (self->pages == NULL)
    return;
  gtk_label_set_text (self->pages->record_name, "");
  gtk_label_set_text (self->pages->record_address, "");
  gtk_label_set_text (self->pages->record_birth_date, "");
  gtk_label_set_text (self->pages->record_sex, "");
}

static void
wipe_session (KakanaiKioskWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  wipe_pin (self);
  g_clear_pointer (&self->record, kakanai_card_record_free);
  g_clear_pointer (&self->data, kakanai_form_data_free);
  if (self->pages != NULL)
    kakanai_page_view_set_layout (self->pages->preview_area, NULL);
  g_clear_pointer (&self->layout, kakanai_layout_free);
  g_clear_pointer (&self->identity_document, g_free);
  g_hash_table_remove_all (self->choices);
  g_ptr_array_set_size (self->chosen, 0);
  clear_supplement_widgets (self);
  clear_confirm_labels (self);
  self->record_from_card = FALSE;
  self->tries_left = 0;
  self->last_try_allowed = FALSE;
  self->last_try_pending = FALSE;
  self->probing = FALSE;
  self->card_refused = FALSE;
  g_clear_pointer (&self->card_message, g_free);
  self->preview_page = 0;
  self->preview_zoom = 1.0;
}

static char *
chosen_form_ids (KakanaiKioskWindow *self)
{
  g_autoptr (GString) ids = g_string_new ("");

  for (guint i = 0; i < self->chosen->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ',');
      g_string_append (ids, kakanai_template_get_id (g_ptr_array_index (self->chosen, i)));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* ------------------------------------------------------------------------- */
/* Idle timeout                                                               */

static gboolean
step_has_idle_timeout (KakanaiKioskStep step)
{
  return step != KAKANAI_KIOSK_STEP_WELCOME && step != KAKANAI_KIOSK_STEP_READING &&
         step != KAKANAI_KIOSK_STEP_FINISH && step != KAKANAI_KIOSK_STEP_PROBLEM;
}

static guint
idle_timeout_seconds (KakanaiKioskWindow *self)
{
  KakanaiConfig *config = kakanai_kiosk_application_get_config (get_app (self));

  return config != NULL ? kakanai_config_get_idle_timeout (config) : 60;
}

static void
note_activity (KakanaiKioskWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  gtk_revealer_set_reveal_child (self->countdown_revealer, FALSE);
}

static void reset_choices_for_next_resident (KakanaiKioskWindow *self);

static gboolean
welcome_was_changed (KakanaiKioskWindow *self)
{
  const char * const *languages = kakanai_kiosk_application_get_languages (get_app (self));

  return self->large_text || self->high_contrast ||
         (languages != NULL && languages[0] != NULL && g_strcmp0 (self->language, languages[0]) != 0);
}

static gboolean
on_idle_tick (gpointer data)
{
  KakanaiKioskWindow *self = data;
  gint64 idle_seconds = (g_get_monotonic_time () - self->last_activity) / G_USEC_PER_SEC;
  gint64 remaining = (gint64) idle_timeout_seconds (self) - idle_seconds;
  g_autofree char *text = NULL;

  /* A resident who switched the language or the look and walked away without
   * starting: the next one gets the start screen as it normally is. */
  if (self->step == KAKANAI_KIOSK_STEP_WELCOME && self->overlays->len == 0 && remaining <= 0 &&
      welcome_was_changed (self))
    {
      reset_choices_for_next_resident (self);
      self->last_activity = g_get_monotonic_time ();
      return G_SOURCE_CONTINUE;
    }
  if (!step_has_idle_timeout (self->step) || self->overlays->len > 0)
    {
      self->last_activity = g_get_monotonic_time ();
      gtk_revealer_set_reveal_child (self->countdown_revealer, FALSE);
      return G_SOURCE_CONTINUE;
    }
  if (remaining <= 0)
    {
      g_info ("idle timeout on step %s", kakanai_kiosk_step_to_string (self->step));
      end_session (self, KAKANAI_KIOSK_OUTCOME_TIMED_OUT);
      return G_SOURCE_CONTINUE;
    }
  if (remaining > COUNTDOWN_SECONDS)
    return G_SOURCE_CONTINUE;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Going back to the start in %d second. Touch the screen to continue.",
                                       "Going back to the start in %d seconds. Touch the screen to continue.",
                                       (gulong) remaining),
                          (int) remaining);
  gtk_label_set_text (self->countdown_label, text);
  gtk_revealer_set_reveal_child (self->countdown_revealer, TRUE);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              KakanaiKioskWindow       *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      note_activity (self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* ------------------------------------------------------------------------- */
/* Steps                                                                      */

static void
set_navigation (KakanaiKioskWindow *self,
                gboolean            start_over,
                const char         *back,
                const char         *next)
{
  KakanaiKioskPages *pages = self->pages;

  gtk_widget_set_visible (GTK_WIDGET (pages->navigation), start_over || back || next);
  gtk_widget_set_visible (GTK_WIDGET (pages->start_over_button), start_over);
  gtk_widget_set_visible (GTK_WIDGET (pages->back_button), back != NULL);
  gtk_widget_set_visible (GTK_WIDGET (pages->next_button), next != NULL);
  if (back != NULL)
    gtk_button_set_label (pages->back_button, back);
  if (next != NULL)
    gtk_button_set_label (pages->next_button, next);
  gtk_widget_set_sensitive (GTK_WIDGET (pages->next_button), TRUE);
}

static void
update_step_label (KakanaiKioskWindow *self)
{
  /* What the resident sees as steps: choose, card, PIN, check, details, forms. */
  static const guint shown_step[] = { 0, 1, 2, 3, 4, 4, 5, 6, 0, 0 };
  guint shown = shown_step[self->step];
  g_autofree char *text = NULL;

  if (shown == 0)
    {
      gtk_label_set_text (self->pages->step_label, "");
      return;
    }
  text = g_strdup_printf (_("Step %u of %u"), shown, 6u);
  gtk_label_set_text (self->pages->step_label, text);
}

static gboolean
needs_supplements (KakanaiKioskWindow *self);

static void
update_navigation (KakanaiKioskWindow *self)
{
  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      set_navigation (self, TRUE, _("Back"), _("Next"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->pages->next_button), self->chosen->len > 0);
      break;
    case KAKANAI_KIOSK_STEP_CARD:
      set_navigation (self, TRUE, _("Back"), NULL);
      break;
    case KAKANAI_KIOSK_STEP_PIN:
    case KAKANAI_KIOSK_STEP_READING:
      set_navigation (self, TRUE, NULL, NULL);
      break;
    case KAKANAI_KIOSK_STEP_CONFIRM:
      set_navigation (self, TRUE, NULL, _("Yes, this is me"));
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      set_navigation (self, TRUE, _("Back"), _("Next"));
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      set_navigation (self, TRUE, _("Back"), _("Make my forms"));
      break;
    case KAKANAI_KIOSK_STEP_FINISH:
      set_navigation (self, FALSE, NULL, _("Done"));
      break;
    case KAKANAI_KIOSK_STEP_WELCOME:
    case KAKANAI_KIOSK_STEP_PROBLEM:
    default:
      set_navigation (self, FALSE, NULL, NULL);
      break;
    }
}

/* ---- welcome ---- */

static void
on_language_clicked (GtkButton          *button,
                     KakanaiKioskWindow *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "language");

  if (g_strcmp0 (code, self->language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (code);
  kakanai_kiosk_application_set_language (get_app (self), code);
  rebuild_pages (self);
}

static void
fill_language_box (KakanaiKioskWindow *self)
{
  const char * const *languages = kakanai_kiosk_application_get_languages (get_app (self));

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (kakanai_kiosk_language_get_native_name (languages[i]));
      g_autofree char *name = g_strdup_printf ("language:%s", languages[i]);

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "option");
      if (g_strcmp0 (languages[i], self->language) == 0)
        gtk_widget_add_css_class (button, "selected");
      g_object_set_data_full (G_OBJECT (button), "language", g_strdup (languages[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_language_clicked), self);
      gtk_box_append (self->pages->language_box, button);
    }
}

static void
apply_look (KakanaiKioskWindow *self)
{
  if (self->large_text)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
  if (self->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

static void
on_large_text_toggled (GtkToggleButton    *toggle,
                       KakanaiKioskWindow *self)
{
  self->large_text = gtk_toggle_button_get_active (toggle);
  apply_look (self);
}

static void
on_high_contrast_toggled (GtkToggleButton    *toggle,
                          KakanaiKioskWindow *self)
{
  self->high_contrast = gtk_toggle_button_get_active (toggle);
  apply_look (self);
}

static void
on_start_clicked (GtkButton          *button,
                  KakanaiKioskWindow *self)
{
  if (!self->session_running)
    {
      self->session_running = TRUE;
      g_signal_emit (self, signals[SIGNAL_SESSION_STARTED], 0);
    }
  go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
}

/* ---- choose ---- */

typedef struct {
  const char *id;
  const char *title;
  const char *explanation;
} KnownForm;

/* Plain-language names for the bundled forms; other templates show their own
 * title and description. */
static const KnownForm known_forms[] = {
  { "juminhyo", N_("Certificate of residence (住民票の写し)"),
    N_("Shows your address and the people in your household.") },
  { "inkan", N_("Seal registration certificate (印鑑登録証明書)"),
    N_("Proves that your registered seal is yours.") },
  { "shotoku", N_("Income and tax certificate (所得・課税証明書)"),
    N_("Shows your income and local tax for a year.") },
};

static void
describe_form (KakanaiTemplate *tpl,
               const char     **title,
               const char     **explanation)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_forms); i++)
    if (g_str_equal (known_forms[i].id, kakanai_template_get_id (tpl)))
      {
        *title = _(known_forms[i].title);
        *explanation = _(known_forms[i].explanation);
        return;
      }
  *title = kakanai_template_get_title (tpl);
  *explanation = kakanai_template_get_description (tpl);
}

static gboolean
is_chosen (KakanaiKioskWindow *self,
           KakanaiTemplate    *tpl)
{
  return g_ptr_array_find (self->chosen, tpl, NULL);
}

static void
on_procedure_toggled (GtkToggleButton    *toggle,
                      KakanaiKioskWindow *self)
{
  KakanaiTemplate *tpl = g_object_get_data (G_OBJECT (toggle), "template");
  GPtrArray *all = kakanai_kiosk_application_get_templates (get_app (self));

  if (gtk_toggle_button_get_active (toggle) && !is_chosen (self, tpl))
    {
      /* Keep the installed order whatever order they were touched in. */
      g_autoptr (GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);

      g_ptr_array_add (self->chosen, kakanai_template_ref (tpl));
      for (guint i = 0; i < all->len; i++)
        if (is_chosen (self, g_ptr_array_index (all, i)))
          g_ptr_array_add (ordered, kakanai_template_ref (g_ptr_array_index (all, i)));
      g_ptr_array_set_size (self->chosen, 0);
      g_ptr_array_extend_and_steal (self->chosen, g_steal_pointer (&ordered));
    }
  else if (!gtk_toggle_button_get_active (toggle))
    g_ptr_array_remove (self->chosen, tpl);
  update_navigation (self);
}

static void
fill_procedures (KakanaiKioskWindow *self)
{
  GPtrArray *templates = kakanai_kiosk_application_get_templates (get_app (self));
  GtkFlowBox *box = self->pages->procedures_box;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (templates, i);
      const char *title, *explanation;
      GtkWidget *toggle = gtk_toggle_button_new ();
      GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *title_label, *explanation_label, *check;
      g_autofree char *name = g_strdup_printf ("procedure:%s", kakanai_template_get_id (tpl));

      describe_form (tpl, &title, &explanation);
      check = gtk_label_new ("✓");
      gtk_widget_add_css_class (check, "check");
      gtk_widget_set_halign (check, GTK_ALIGN_END);
      title_label = gtk_label_new (title);
      gtk_widget_add_css_class (title_label, "card-title");
      gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (title_label), 16);
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      explanation_label = gtk_label_new (explanation);
      gtk_widget_add_css_class (explanation_label, "card-description");
      gtk_label_set_wrap (GTK_LABEL (explanation_label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (explanation_label), 20);
      gtk_label_set_xalign (GTK_LABEL (explanation_label), 0);
      gtk_box_append (GTK_BOX (inner), check);
      gtk_box_append (GTK_BOX (inner), title_label);
      gtk_box_append (GTK_BOX (inner), explanation_label);
      gtk_button_set_child (GTK_BUTTON (toggle), inner);
      gtk_widget_add_css_class (toggle, "procedure");
      gtk_widget_set_name (toggle, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
      g_object_set_data_full (G_OBJECT (toggle), "template", kakanai_template_ref (tpl),
                              (GDestroyNotify) kakanai_template_unref);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), is_chosen (self, tpl));
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_procedure_toggled), self);
      gtk_flow_box_append (box, toggle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pages->choose_message),
                          templates == NULL || templates->len == 0);
  if (templates == NULL || templates->len == 0)
    gtk_label_set_text (self->pages->choose_message,
                        _("No forms are installed. Please ask a member of staff."));
}

/* ---- card ---- */

static void
update_card_page (KakanaiKioskWindow *self)
{
  KakanaiKioskReaderState state = kakanai_kiosk_card_get_state (get_card (self));
  const char *status, *hint = "";
  gboolean busy = FALSE;

  if (self->card_message != NULL)
    {
      status = self->card_message;
      hint = _("Please take the card away.");
    }
  else
    switch (state)
      {
      case KAKANAI_KIOSK_READER_NONE:
        status = _("The card reader is not connected.");
        hint = _("Please ask a member of staff.");
        break;
      case KAKANAI_KIOSK_READER_EMPTY:
        status = _("Waiting for your card…");
        hint = _("Lay the card flat on the reader, face up, as in the picture. Leave it there until you are told to take it.");
        break;
      case KAKANAI_KIOSK_READER_CARD_PRESENT:
        status = _("Card found. Checking it…");
        busy = TRUE;
        break;
      case KAKANAI_KIOSK_READER_UNKNOWN:
      default:
        status = _("Looking for the card reader…");
        busy = TRUE;
        break;
      }
  gtk_label_set_text (self->pages->reader_state_label, status);
  gtk_label_set_text (self->pages->reader_hint_label, hint);
  gtk_spinner_set_spinning (self->pages->card_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->pages->card_spinner), busy);
}

static void
refuse_card (KakanaiKioskWindow *self,
             const char         *message)
{
  self->card_refused = TRUE;
  g_free (self->card_message);
  self->card_message = g_strdup (message);
  update_card_page (self);
}

static void
show_pin_page (KakanaiKioskWindow *self,
               const char         *message);

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr (KakanaiKioskWindow) self = data;
  g_autoptr (GError) error = NULL;
  guint tries_left = 0;

  if (!kakanai_kiosk_card_probe_finish (KAKANAI_KIOSK_CARD (source), result, &tries_left, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->probing = FALSE;
      g_info ("card check failed: %s", kakanai_card_error_to_code (error->code));
      if (self->step != KAKANAI_KIOSK_STEP_CARD)
        return;
      if (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD))
        refuse_card (self, _("This is not a My Number card."));
      else if (g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED) ||
               g_error_matches (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_NO_CARD))
        update_card_page (self);
      else
        refuse_card (self, _("The card could not be read. Please place it again."));
      return;
    }
  self->probing = FALSE;
  if (self->step != KAKANAI_KIOSK_STEP_CARD)
    return;
  self->tries_left = tries_left;
  self->record_from_card = TRUE;
  go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
}

static void
start_probe (KakanaiKioskWindow *self)
{
  if (self->probing || self->card_refused)
    return;
  self->probing = TRUE;
  update_card_page (self);
  kakanai_kiosk_card_probe_async (get_card (self), self->cancellable, on_probe_done,
                                  g_object_ref (self));
}

static gboolean
step_holds_card (KakanaiKioskStep step)
{
  return step == KAKANAI_KIOSK_STEP_PIN || step == KAKANAI_KIOSK_STEP_READING ||
         step == KAKANAI_KIOSK_STEP_CONFIRM || step == KAKANAI_KIOSK_STEP_SUPPLEMENTS ||
         step == KAKANAI_KIOSK_STEP_PREVIEW;
}

static void
on_reader_state_changed (KakanaiKioskCard   *card,
                         guint               state,
                         KakanaiKioskWindow *self)
{
  gboolean present = state == KAKANAI_KIOSK_READER_CARD_PRESENT;

  if (self->step == KAKANAI_KIOSK_STEP_CARD)
    {
      if (!present && self->card_refused)
        {
          self->card_refused = FALSE;
          g_clear_pointer (&self->card_message, g_free);
        }
      update_card_page (self);
      if (present)
        start_probe (self);
      return;
    }
  if (!present && self->record_from_card && step_holds_card (self->step))
    {
      g_info ("card removed on step %s", kakanai_kiosk_step_to_string (self->step));
      end_session (self, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
      return;
    }
  if (!present && self->step == KAKANAI_KIOSK_STEP_FINISH)
    return_to_start (self);
}

/* ---- PIN ---- */

static void
update_pin_dots (KakanaiKioskWindow *self)
{
  g_autoptr (GString) dots = g_string_new ("");
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < PIN_LENGTH; i++)
    g_string_append (dots, i < self->pin_length ? "●" : "○");
  gtk_label_set_text (self->pages->pin_dots, dots->str);
  g_object_set (self->pages->pin_pad, "can-confirm", self->pin_length == PIN_LENGTH, NULL);
  if (self->pin_length == PIN_LENGTH)
    accessible = g_strdup (_("4 of 4 digits entered. Press OK to send the PIN to the card."));
  else
    accessible = g_strdup_printf (_("%u of 4 digits entered"), self->pin_length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pages->pin_dots),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
set_pin_message (KakanaiKioskWindow *self,
                 const char         *message)
{
  gtk_label_set_text (self->pages->pin_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pages->pin_message), message != NULL);
}

static void
show_pin_page (KakanaiKioskWindow *self,
               const char         *message)
{
  gboolean blocked = self->tries_left == 0;
  gboolean guarded = self->tries_left == 1 && !self->last_try_allowed;
  g_autofree char *tries = NULL;

  wipe_pin (self);
  update_pin_dots (self);
  self->last_try_pending = guarded;
  if (blocked)
    tries = g_strdup (_("Your PIN is locked because it was entered wrongly too many times."));
  else
    tries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "You have %u try left.",
                                          "You have %u tries left.", self->tries_left),
                             self->tries_left);
  gtk_label_set_text (self->pages->pin_tries_label, tries);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages->pin_pad), !blocked && !guarded);
  /* Nothing to type on a blocked card: only the way to the counter remains. */
  gtk_widget_set_visible (GTK_WIDGET (self->pages->pin_pad), !blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->pages->pin_dots), !blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->pages->pin_hint), !blocked);
  gtk_label_set_text (self->pages->pin_title,
                      blocked ? _("Your PIN is locked") : _("Enter your 4-digit PIN"));
  if (blocked)
    set_pin_message (self, _("The PIN can be reset at this counter. Please ask a member of staff and take your card with you."));
  else if (guarded)
    set_pin_message (self, _("Only one try is left: if it is wrong, the PIN will be locked. Please ask a member of staff before you go on."));
  else if (self->tries_left == 1)
    set_pin_message (self, _("A member of staff has allowed the last try. Enter the PIN carefully."));
  else
    set_pin_message (self, message);
}

static void on_read_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data);

static void
submit_pin (KakanaiKioskWindow *self)
{
  KakanaiReadFlags flags = KAKANAI_READ_DEFAULT;

  if (self->tries_left == 1 && self->last_try_allowed)
    flags |= KAKANAI_READ_ALLOW_LAST_TRY;
  go_to_step (self, KAKANAI_KIOSK_STEP_READING);
  self->pin_submitted_at = g_get_monotonic_time ();
  kakanai_kiosk_card_read_async (get_card (self), self->pin, flags, self->cancellable,
                                 on_read_done, g_object_ref (self));
  wipe_pin (self);
}

static void
add_pin_digit (KakanaiKioskWindow *self,
               guint               digit)
{
  if (self->step != KAKANAI_KIOSK_STEP_PIN ||
      !gtk_widget_get_sensitive (GTK_WIDGET (self->pages->pin_pad)) || self->pin_length >= PIN_LENGTH)
    return;
  self->pin[self->pin_length++] = (char) ('0' + digit);
  update_pin_dots (self);
}

/* Only OK sends the PIN: until then every digit can still be erased. */
static void
confirm_pin (KakanaiKioskWindow *self)
{
  if (self->step != KAKANAI_KIOSK_STEP_PIN ||
      !gtk_widget_get_sensitive (GTK_WIDGET (self->pages->pin_pad)) || self->pin_length != PIN_LENGTH)
    return;
  submit_pin (self);
}

static void
erase_pin_digit (KakanaiKioskWindow *self)
{
  if (self->step != KAKANAI_KIOSK_STEP_PIN || self->pin_length == 0)
    return;
  self->pin[--self->pin_length] = '\0';
  update_pin_dots (self);
}

static void
on_pin_pad_digit (KakanaiPinPad      *pad,
                  guint               digit,
                  KakanaiKioskWindow *self)
{
  add_pin_digit (self, digit);
}

static void
on_pin_pad_erase (KakanaiPinPad      *pad,
                  KakanaiKioskWindow *self)
{
  erase_pin_digit (self);
}

static void
on_pin_pad_confirm (KakanaiPinPad      *pad,
                    KakanaiKioskWindow *self)
{
  confirm_pin (self);
}

static int
keyval_to_digit (guint keyval)
{
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    return (int) (keyval - GDK_KEY_0);
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    return (int) (keyval - GDK_KEY_KP_0);
  return -1;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KakanaiKioskWindow    *self)
{
  int digit = keyval_to_digit (keyval);

  if (self->step != KAKANAI_KIOSK_STEP_PIN || self->overlays->len > 0)
    return GDK_EVENT_PROPAGATE;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;
  if (digit >= 0)
    {
      add_pin_digit (self, (guint) digit);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_BackSpace)
    {
      erase_pin_digit (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      confirm_pin (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- reading ---- */

static gboolean
pulse_progress (gpointer data)
{
  KakanaiKioskWindow *self = data;

  gtk_progress_bar_pulse (self->pages->reading_progress);
  return G_SOURCE_CONTINUE;
}

static const char *
describe_read_step (KakanaiReadStep what)
{
  switch (what)
    {
    case KAKANAI_READ_STEP_OPENING:
      return _("Checking your card…");
    case KAKANAI_READ_STEP_CHECKING_PIN:
      return _("Checking the PIN…");
    case KAKANAI_READ_STEP_READING_FACE:
      return _("Reading your name, address, date of birth and sex…");
    case KAKANAI_READ_STEP_READING_MY_NUMBER:
      return _("Reading your My Number…");
    case KAKANAI_READ_STEP_DONE:
      return _("Your card has been read.");
    default:
      return _("Reading your card…");
    }
}

/* The caption under the bar, also what a screen reader says about the bar. */
static void
set_reading_caption (KakanaiKioskWindow *self,
                     const char         *caption)
{
  gtk_label_set_text (self->pages->reading_step_label, caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pages->reading_progress),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, caption, -1);
}

static void
start_reading_page (KakanaiKioskWindow *self)
{
  self->reading_fraction = 0;
  gtk_progress_bar_set_fraction (self->pages->reading_progress, 0);
  set_reading_caption (self, _("Connecting to your card…"));
  /* Pulses only until the card reports its first step (connecting takes a moment). */
  self->pulse_source = g_timeout_add (120, pulse_progress, self);
}

/* Main thread; KakanaiKioskCard drops the steps of cancelled or replaced reads. */
static void
on_read_progress (KakanaiKioskCard   *card,
                  guint               steps_done,
                  guint               n_steps,
                  guint               what,
                  KakanaiKioskWindow *self)
{
  if (self->step != KAKANAI_KIOSK_STEP_READING || n_steps == 0 || steps_done > n_steps)
    return;
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  /* Connecting, done before the card reports anything, counts as one step:
   * the bar never stands empty and still, and a finished read fills it. */
  self->reading_fraction = (double) (steps_done + 1) / (n_steps + 1);
  gtk_progress_bar_set_fraction (self->pages->reading_progress, self->reading_fraction);
  set_reading_caption (self, describe_read_step ((KakanaiReadStep) what));
}

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr (KakanaiKioskWindow) self = data;
  g_autoptr (GError) error = NULL;
  KakanaiCardRecord *record;

  record = kakanai_kiosk_card_read_finish (KAKANAI_KIOSK_CARD (source), result, &self->tries_left,
                                           &error);
  if (record == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_info ("card read failed: %s", error->domain == KAKANAI_CARD_ERROR
                                        ? kakanai_card_error_to_code (error->code) : "other");
      if (error->domain != KAKANAI_CARD_ERROR)
        {
          go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
          refuse_card (self, _("The card could not be read. Please place it again."));
          return;
        }
      switch ((KakanaiCardError) error->code)
        {
        case KAKANAI_CARD_ERROR_WRONG_PIN:
          go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
          show_pin_page (self, _("That PIN was not right. Please try again."));
          return;
        case KAKANAI_CARD_ERROR_LAST_TRY_REFUSED:
          self->tries_left = 1;
          self->last_try_allowed = FALSE;
          go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
          return;
        case KAKANAI_CARD_ERROR_PIN_BLOCKED:
          self->tries_left = 0;
          go_to_step (self, KAKANAI_KIOSK_STEP_PIN);
          return;
        case KAKANAI_CARD_ERROR_CARD_REMOVED:
        case KAKANAI_CARD_ERROR_NO_CARD:
          end_session (self, KAKANAI_KIOSK_OUTCOME_CARD_REMOVED);
          return;
        case KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD:
          go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
          refuse_card (self, _("This is not a My Number card."));
          return;
        default:
          go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
          refuse_card (self, _("The card could not be read. Please place it again."));
          return;
        }
    }
  g_clear_pointer (&self->record, kakanai_card_record_free);
  self->record = record;
  self->record_from_card = TRUE;
  g_free (self->identity_document);
  self->identity_document = g_strdup ("mynumber_card");
  go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
  g_debug ("timing: card read, confirm screen shown %.1f ms after the last digit",
           (g_get_monotonic_time () - self->pin_submitted_at) / 1000.0);
}

/* ---- confirm ---- */

static const char *
describe_sex (KakanaiSex sex)
{
  switch (sex)
    {
    case KAKANAI_SEX_MALE:
      return _("Male");
    case KAKANAI_SEX_FEMALE:
      return _("Female");
    case KAKANAI_SEX_NOT_APPLICABLE:
      return _("Not applicable");
    case KAKANAI_SEX_NOT_KNOWN:
    default:
      return _("Not known");
    }
}

static void
fill_confirm_page (KakanaiKioskWindow *self)
{
  char iso[11] = { 0 };
  g_autofree char *wareki = NULL;
  g_autofree char *birth = NULL;

  if (self->record == NULL)
    return;
  gtk_label_set_text (self->pages->record_name, self->record->name);
  gtk_label_set_text (self->pages->record_address, self->record->address);
  if (kakanai_card_birth_date_to_iso (self->record->birth_date, iso))
    wareki = kakanai_wareki_format_date (iso, KAKANAI_DATE_STYLE_WAREKI, NULL);
  birth = wareki != NULL ? g_strdup_printf ("%s (%s)", wareki, iso) : g_strdup (iso);
  gtk_label_set_text (self->pages->record_birth_date, birth);
  gtk_label_set_text (self->pages->record_sex, describe_sex (self->record->sex));
  kakanai_wipe (iso, sizeof iso);
  if (wareki != NULL)
    kakanai_wipe (wareki, strlen (wareki));
  kakanai_wipe (birth, strlen (birth));
}

/* ---- supplements ---- */

static guint
count_forms_needing (KakanaiKioskWindow *self,
                     const char         *key)
{
  guint n = 0;

  for (guint i = 0; i < self->chosen->len; i++)
    {
      const char * const *keys = kakanai_template_get_field_keys (g_ptr_array_index (self->chosen, i));

      if (keys != NULL && g_strv_contains (keys, key))
        n++;
    }
  return n;
}

static gboolean
chosen_forms_need (KakanaiKioskWindow *self,
                   const char         *key)
{
  for (guint i = 0; i < self->chosen->len; i++)
    {
      const char * const *keys = kakanai_template_get_field_keys (g_ptr_array_index (self->chosen, i));

      if (keys != NULL && g_strv_contains (keys, key))
        return TRUE;
    }
  return FALSE;
}

/* The per-kind copy keys ("request.copies.household") the chosen forms use. */
static GPtrArray *
per_kind_copy_keys (KakanaiKioskWindow *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->chosen->len; i++)
    {
      const char * const *field_keys = kakanai_template_get_field_keys (g_ptr_array_index (self->chosen, i));

      for (guint k = 0; field_keys != NULL && field_keys[k] != NULL; k++)
        if (g_str_has_prefix (field_keys[k], "request.copies.") &&
            !g_ptr_array_find_with_equal_func (keys, field_keys[k], g_str_equal, NULL))
          g_ptr_array_add (keys, g_strdup (field_keys[k]));
    }
  return keys;
}

static const char *
plain_choice_label (const char *key,
                    const char *value)
{
  /* Plain words for the usual values; the template's own label otherwise. */
  static const struct { const char *key, *value, *label; } labels[] = {
    { "request.purpose", "employment", N_("Work (就職)") },
    { "request.purpose", "pension", N_("Pension (年金)") },
    { "request.purpose", "procedures", N_("Other procedures (各種手続き)") },
    { "request.purpose", "license", N_("Licence (免許)") },
    { "request.purpose", "registration", N_("Registration (登記)") },
    { "request.purpose", "bank", N_("Bank (金融機関)") },
    { "request.purpose", "other", N_("Something else (その他)") },
    { "request.kind", "household", N_("Whole household (世帯全員)") },
    { "request.kind", "extract", N_("Only me (一部)") },
    { "request.kind", "income", N_("Income (所得証明)") },
    { "request.kind", "tax", N_("Tax (課税証明)") },
    { "request.kind", "income_tax", N_("Income and tax (所得課税証明)") },
    { "request.kind", "entry_certificate", N_("Certificate of entries (住民票記載事項証明書)") },
    { "request.kind", "removed", N_("Former resident's record (除票の写し)") },
    { "request.kind", "exempt", N_("Not taxed (非課税証明)") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key) && g_str_equal (labels[i].value, value))
      return _(labels[i].label);
  return NULL;
}

static GtkWidget *
new_section (KakanaiKioskWindow *self,
             const char         *title,
             const char         *hint)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (section, "section");
  gtk_widget_add_css_class (label, "section-title");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (section), label);
  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_widget_add_css_class (hint_label, "hint");
      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_box_append (GTK_BOX (section), hint_label);
    }
  gtk_box_append (self->pages->supplements_box, section);
  return section;
}

static void
on_choice_toggled (GtkToggleButton    *toggle,
                   KakanaiKioskWindow *self)
{
  if (!gtk_toggle_button_get_active (toggle))
    return;
  g_hash_table_insert (self->choices, g_strdup (g_object_get_data (G_OBJECT (toggle), "key")),
                       g_strdup (g_object_get_data (G_OBJECT (toggle), "value")));
}

static void
add_choice_section (KakanaiKioskWindow *self,
                    const char         *key,
                    const char         *title)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GtkWidget *section = NULL;
  GtkWidget *flow = NULL;
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < self->chosen->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (self->chosen, i);
      const char * const *values = kakanai_template_get_choices (tpl, key);

      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        {
          const char *label;
          GtkWidget *toggle;
          g_autofree char *name = NULL;

          if (g_ptr_array_find_with_equal_func (seen, values[v], g_str_equal, NULL))
            continue;
          g_ptr_array_add (seen, (gpointer) values[v]);
          if (section == NULL)
            {
              section = new_section (self, title, NULL);
              flow = gtk_flow_box_new ();
              gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
              gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
              gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
              gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
              gtk_box_append (GTK_BOX (section), flow);
            }
          label = plain_choice_label (key, values[v]);
          if (label == NULL)
            label = kakanai_template_get_choice_label (tpl, key, values[v]);
          toggle = gtk_toggle_button_new_with_label (label != NULL ? label : values[v]);
          name = g_strdup_printf ("choice:%s:%s", key, values[v]);
          gtk_widget_set_name (toggle, name);
          gtk_widget_add_css_class (toggle, "option");
          g_object_set_data_full (G_OBJECT (toggle), "key", g_strdup (key), g_free);
          g_object_set_data_full (G_OBJECT (toggle), "value", g_strdup (values[v]), g_free);
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), group);
          else
            group = GTK_TOGGLE_BUTTON (toggle);
          if (g_strcmp0 (g_hash_table_lookup (self->choices, key), values[v]) == 0)
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
          g_signal_connect (toggle, "toggled", G_CALLBACK (on_choice_toggled), self);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), toggle);
        }
    }
}

typedef struct {
  KakanaiKioskWindow *self;
  char               *key;
  GtkLabel           *value_label;
  int                 minimum;
  int                 maximum;
  gboolean            fiscal_year;
} Stepper;

static void
stepper_free (gpointer data)
{
  Stepper *stepper = data;

  g_free (stepper->key);
  g_free (stepper);
}

static int
stepper_get (Stepper *stepper)
{
  const char *value = g_hash_table_lookup (stepper->self->choices, stepper->key);

  return value != NULL ? atoi (value) : stepper->minimum;
}

static void
stepper_show (Stepper *stepper)
{
  int value = stepper_get (stepper);
  g_autofree char *text = NULL;

  if (stepper->fiscal_year)
    {
      g_autofree char *wareki = kakanai_wareki_format_fiscal_year (value, NULL);

      text = g_strdup_printf ("%s (%d)", wareki != NULL ? wareki : "", value);
    }
  else
    text = g_strdup_printf ("%d", value);
  gtk_label_set_text (stepper->value_label, text);
}

static void
stepper_set (Stepper *stepper,
             int      value)
{
  value = CLAMP (value, stepper->minimum, stepper->maximum);
  g_hash_table_insert (stepper->self->choices, g_strdup (stepper->key), g_strdup_printf ("%d", value));
  stepper_show (stepper);
}

static void
on_stepper_minus (GtkButton *button,
                  Stepper   *stepper)
{
  stepper_set (stepper, stepper_get (stepper) - 1);
}

static void
on_stepper_plus (GtkButton *button,
                 Stepper   *stepper)
{
  stepper_set (stepper, stepper_get (stepper) + 1);
}

static void
add_stepper (KakanaiKioskWindow *self,
             GtkWidget          *section,
             const char         *caption,
             const char         *key,
             int                 minimum,
             int                 maximum,
             int                 initial,
             gboolean            fiscal_year)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *minus = gtk_button_new_with_label ("−");
  GtkWidget *plus = gtk_button_new_with_label ("+");
  GtkWidget *value = gtk_label_new ("");
  Stepper *stepper = g_new0 (Stepper, 1);
  g_autofree char *minus_name = g_strdup_printf ("less:%s", key);
  g_autofree char *plus_name = g_strdup_printf ("more:%s", key);
  g_autofree char *less_label = g_strdup_printf (_("Less: %s"), caption);
  g_autofree char *more_label = g_strdup_printf (_("More: %s"), caption);

  stepper->self = self;
  stepper->key = g_strdup (key);
  stepper->value_label = GTK_LABEL (value);
  stepper->minimum = minimum;
  stepper->maximum = maximum;
  stepper->fiscal_year = fiscal_year;
  g_object_set_data_full (G_OBJECT (row), "stepper", stepper, stepper_free);

  if (caption != NULL && caption[0] != '\0')
    {
      GtkWidget *label = gtk_label_new (caption);

      gtk_widget_add_css_class (label, "caption");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_size_request (label, 320, -1);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (row), label);
    }
  gtk_widget_add_css_class (minus, "stepper");
  gtk_widget_add_css_class (plus, "stepper");
  gtk_widget_set_name (minus, minus_name);
  gtk_widget_set_name (plus, plus_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (minus), GTK_ACCESSIBLE_PROPERTY_LABEL, less_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (plus), GTK_ACCESSIBLE_PROPERTY_LABEL, more_label, -1);
  gtk_widget_add_css_class (value, "stepper-value");
  gtk_box_append (GTK_BOX (row), minus);
  gtk_box_append (GTK_BOX (row), value);
  gtk_box_append (GTK_BOX (row), plus);
  g_signal_connect (minus, "clicked", G_CALLBACK (on_stepper_minus), stepper);
  g_signal_connect (plus, "clicked", G_CALLBACK (on_stepper_plus), stepper);
  gtk_box_append (GTK_BOX (section), row);
  if (!g_hash_table_contains (self->choices, key))
    stepper_set (stepper, initial);
  else
    stepper_show (stepper);
}

static const char *
kind_label (KakanaiKioskWindow *self,
            const char         *kind)
{
  const char *label = plain_choice_label ("request.kind", kind);

  for (guint i = 0; label == NULL && i < self->chosen->len; i++)
    label = kakanai_template_get_choice_label (g_ptr_array_index (self->chosen, i), "request.kind", kind);
  return label != NULL ? label : kind;
}

static void
on_phone_digit (KakanaiPinPad      *pad,
                guint               digit,
                KakanaiKioskWindow *self)
{
  char text[2] = { (char) ('0' + digit), '\0' };
  int position;

  if (self->phone_entry == NULL)
    return;
  position = (int) g_utf8_strlen (gtk_editable_get_text (self->phone_entry), -1);
  gtk_editable_insert_text (self->phone_entry, text, 1, &position);
}

static void
on_phone_erase (KakanaiPinPad      *pad,
                KakanaiKioskWindow *self)
{
  int length;

  if (self->phone_entry == NULL)
    return;
  length = (int) g_utf8_strlen (gtk_editable_get_text (self->phone_entry), -1);
  if (length > 0)
    gtk_editable_delete_text (self->phone_entry, length - 1, length);
}

static GtkWidget *
new_entry (const char    *name,
           const char    *accessible_name,
           GtkInputPurpose purpose)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_widget_add_css_class (entry, "big-entry");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  /* The resident's answers are personal: no undo history keeping copies past a clear. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return entry;
}

static int
current_fiscal_year (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);

  /* A year's certificate is issued from June; before that the last one. */
  return g_date_time_get_month (now) >= 6 ? year : year - 1;
}

/* The names of the chosen forms that use @key, for a question's subtitle. */
static char *
forms_needing (KakanaiKioskWindow *self,
               const char         *key)
{
  g_autoptr (GString) names = g_string_new ("");

  for (guint i = 0; i < self->chosen->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (self->chosen, i);
      const char * const *keys = kakanai_template_get_field_keys (tpl);
      const char *title, *explanation;

      if (keys == NULL || !g_strv_contains (keys, key))
        continue;
      describe_form (tpl, &title, &explanation);
      if (names->len > 0)
        g_string_append (names, " / ");
      g_string_append (names, title);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
needs_supplements (KakanaiKioskWindow *self)
{
  g_autoptr (GPtrArray) per_kind = per_kind_copy_keys (self);

  return chosen_forms_need (self, "applicant.name_kana") || chosen_forms_need (self, "applicant.phone") ||
         chosen_forms_need (self, "request.purpose") || chosen_forms_need (self, "request.kind") ||
         chosen_forms_need (self, "request.copies") || chosen_forms_need (self, "request.fiscal_year") ||
         per_kind->len > 0;
}

/* One question per screen: calmer, and nothing hides below the fold. */
static guint
count_supplement_sections (KakanaiKioskWindow *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages->supplements_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
show_supplement_section (KakanaiKioskWindow *self,
                         guint               index)
{
  guint i = 0;
  guint n = count_supplement_sections (self);
  g_autofree char *text = NULL;

  if (n > 0 && index >= n)
    index = n - 1;
  self->supplement_index = index;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages->supplements_box));
       child != NULL; child = gtk_widget_get_next_sibling (child), i++)
    gtk_widget_set_visible (child, i == index);
  text = g_strdup_printf (_("Question %u of %u"), index + 1, n);
  gtk_label_set_text (self->pages->supplements_progress, text);
}

static void
build_supplements (KakanaiKioskWindow *self)
{
  g_autoptr (GPtrArray) per_kind = per_kind_copy_keys (self);
  GtkWidget *section;

  clear_supplement_widgets (self);

  if (chosen_forms_need (self, "applicant.name_kana"))
    {
      GtkWidget *entry = new_entry ("kana-entry", _("Your name in katakana"), GTK_INPUT_PURPOSE_FREE_FORM);
      GtkWidget *keyboard = kakanai_kana_keyboard_new ();

      section = new_section (self, _("Your name in katakana (フリガナ)"),
                             _("Touch the letters below, or type with a keyboard."));
      gtk_box_append (GTK_BOX (section), entry);
      gtk_box_append (GTK_BOX (section), keyboard);
      kakanai_kana_keyboard_set_target (KAKANAI_KANA_KEYBOARD (keyboard), GTK_EDITABLE (entry));
      g_set_weak_pointer (&self->kana_entry, GTK_EDITABLE (entry));
    }
  if (chosen_forms_need (self, "applicant.phone"))
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
      GtkWidget *entry = new_entry ("phone-entry", _("Phone number"), GTK_INPUT_PURPOSE_PHONE);
      GtkWidget *pad = kakanai_pin_pad_new ();

      section = new_section (self, _("A phone number for the daytime"),
                             _("Only for the office to reach you about this request."));
      gtk_widget_set_valign (entry, GTK_ALIGN_START);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_widget_set_name (pad, "phone-pad");
      gtk_widget_add_css_class (pad, "compact");
      gtk_box_append (GTK_BOX (row), entry);
      gtk_box_append (GTK_BOX (row), pad);
      gtk_box_append (GTK_BOX (section), row);
      g_signal_connect (pad, "digit", G_CALLBACK (on_phone_digit), self);
      g_signal_connect (pad, "erase", G_CALLBACK (on_phone_erase), self);
      g_set_weak_pointer (&self->phone_entry, GTK_EDITABLE (entry));
    }
  if (chosen_forms_need (self, "request.purpose"))
    add_choice_section (self, "request.purpose", _("What will you use it for?"));
  if (chosen_forms_need (self, "request.kind") && per_kind->len == 0)
    add_choice_section (self, "request.kind", _("Which kind do you need?"));
  /* Copies per kind: one question per form, its kinds side by side. */
  for (guint i = 0; i < self->chosen->len; i++)
    {
      KakanaiTemplate *tpl = g_ptr_array_index (self->chosen, i);
      const char * const *keys = kakanai_template_get_field_keys (tpl);
      const char *title, *explanation;
      gboolean first = TRUE;

      describe_form (tpl, &title, &explanation);
      section = NULL;
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          if (!g_str_has_prefix (keys[k], "request.copies."))
            continue;
          if (section == NULL)
            section = new_section (self, _("How many copies of each?"), title);
          add_stepper (self, section, kind_label (self, keys[k] + strlen ("request.copies.")), keys[k],
                       0, MAX_COPIES, first ? 1 : 0, FALSE);
          first = FALSE;
        }
    }
  if (chosen_forms_need (self, "request.copies"))
    {
      g_autofree char *forms = forms_needing (self, "request.copies");

      section = new_section (self, _("How many copies?"), forms);
      add_stepper (self, section, "", "request.copies", 1, MAX_COPIES, 1, FALSE);
    }
  if (chosen_forms_need (self, "request.fiscal_year"))
    {
      int latest = current_fiscal_year ();

      section = new_section (self, _("For which year (年度)?"),
                             _("The certificate of a year shows the income of the year before."));
      add_stepper (self, section, "", "request.fiscal_year", latest - 5, latest, latest, TRUE);
    }
}

/* ---- form data, layout ---- */

static void
set_data (KakanaiKioskWindow *self,
          const char         *key,
          const char         *value)
{
  g_autoptr (GError) error = NULL;

  if (!kakanai_form_data_set (self->data, key, value, &error))
    g_warning ("form data key %s refused: %s", key,
               error->code == KAKANAI_FORMS_ERROR_UNKNOWN_KEY ? "unknown key" : "invalid value");
}

static char *
joined_kinds (KakanaiKioskWindow *self)
{
  g_autoptr (GPtrArray) per_kind = per_kind_copy_keys (self);
  g_autoptr (GString) kinds = g_string_new ("");

  for (guint i = 0; i < per_kind->len; i++)
    {
      const char *key = g_ptr_array_index (per_kind, i);
      const char *copies = g_hash_table_lookup (self->choices, key);

      if (copies == NULL || atoi (copies) == 0)
        continue;
      if (kinds->len > 0)
        g_string_append_c (kinds, ',');
      g_string_append (kinds, key + strlen ("request.copies."));
    }
  return g_string_free (g_steal_pointer (&kinds), FALSE);
}

static gboolean
build_form_data (KakanaiKioskWindow *self,
                 GError            **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  KakanaiConfig *config = kakanai_kiosk_application_get_config (get_app (self));
  GHashTableIter iter;
  gpointer key, value;

  g_clear_pointer (&self->data, kakanai_form_data_free);
  self->data = kakanai_form_data_new ();
  if (!kakanai_form_data_add_card_record (self->data, self->record, error))
    return FALSE;
  set_data (self, "request.date", today);
  if (config != NULL && kakanai_config_get_municipality (config)[0] != '\0')
    set_data (self, "office.name", kakanai_config_get_municipality (config));
  if (chosen_forms_need (self, "applicant.relationship"))
    set_data (self, "applicant.relationship", "self");
  if (self->identity_document != NULL && chosen_forms_need (self, "request.identity_document"))
    set_data (self, "request.identity_document", self->identity_document);

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    set_data (self, key, value);
  /* request.kind is one key shared by every page, but each form has its own
   * kinds: mark them only when one chosen form asks for a kind (the copies
   * per kind are written on each form either way). */
  if (count_forms_needing (self, "request.kind") == 1)
    {
      g_autofree char *kinds = joined_kinds (self);

      if (kinds[0] != '\0')
        set_data (self, "request.kind", kinds);
    }
  if (self->kana_entry != NULL && gtk_editable_get_text (self->kana_entry)[0] != '\0')
    set_data (self, "applicant.name_kana", gtk_editable_get_text (self->kana_entry));
  if (self->phone_entry != NULL && gtk_editable_get_text (self->phone_entry)[0] != '\0')
    set_data (self, "applicant.phone", gtk_editable_get_text (self->phone_entry));
  return TRUE;
}

static void
show_problems (KakanaiKioskWindow *self)
{
  GPtrArray *problems = kakanai_layout_get_problems (self->layout);
  g_autoptr (GString) text = NULL;

  if (problems == NULL || problems->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->pages->preview_problems), FALSE);
      return;
    }
  text = g_string_new (_("For the clerk: please check these on the printed form."));
  for (guint i = 0; i < problems->len; i++)
    {
      KakanaiLayoutProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "\n• %s", problem->message);
    }
  gtk_label_set_text (self->pages->preview_problems, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->pages->preview_problems), TRUE);
}

static gboolean
make_layout (KakanaiKioskWindow *self,
             GError            **error)
{
  if (self->pages != NULL)
    kakanai_page_view_set_layout (self->pages->preview_area, NULL);
  g_clear_pointer (&self->layout, kakanai_layout_free);
  if (!build_form_data (self, error))
    return FALSE;
  self->layout = kakanai_layout_new ((KakanaiTemplate **) self->chosen->pdata, self->chosen->len,
                                     self->data, error);
  return self->layout != NULL;
}

/* ---- preview ---- */

static void
update_preview (KakanaiKioskWindow *self)
{
  guint n_pages = self->layout != NULL ? kakanai_layout_get_n_pages (self->layout) : 0;
  g_autofree char *page_text = NULL;

  kakanai_page_view_set_layout (self->pages->preview_area, self->layout);
  if (n_pages == 0)
    return;
  self->preview_page = MIN (self->preview_page, n_pages - 1);
  kakanai_page_view_set_page (self->pages->preview_area, self->preview_page);
  kakanai_page_view_set_px_per_mm (self->pages->preview_area, PREVIEW_PX_PER_MM * self->preview_zoom);
  page_text = g_strdup_printf (_("Page %u of %u"), self->preview_page + 1, n_pages);
  gtk_label_set_text (self->pages->preview_page_label, page_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages->preview_previous), self->preview_page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages->preview_next), self->preview_page + 1 < n_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages->preview_zoom_out), self->preview_zoom > PREVIEW_MIN_ZOOM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages->preview_zoom_in), self->preview_zoom < PREVIEW_MAX_ZOOM);
}

/* The page view draws the page; the kiosk only times the first drawing after the answers. */
static void
on_preview_drawn (KakanaiPageView *view,
                  cairo_t         *cr,
                  double           px_per_mm,
                  gpointer         data)
{
  KakanaiKioskWindow *self = data;

  if (self->preview_asked_at != 0 && self->layout != NULL)
    {
      g_debug ("timing: preview of %u forms drawn %.1f ms after the last answer",
               kakanai_layout_get_n_pages (self->layout),
               (g_get_monotonic_time () - self->preview_asked_at) / 1000.0);
      self->preview_asked_at = 0;
    }
}

static void
on_preview_previous (GtkButton *button, KakanaiKioskWindow *self)
{
  if (self->preview_page > 0)
    self->preview_page--;
  update_preview (self);
}

static void
on_preview_next (GtkButton *button, KakanaiKioskWindow *self)
{
  self->preview_page++;
  update_preview (self);
}

static void
on_preview_zoom_in (GtkButton *button, KakanaiKioskWindow *self)
{
  self->preview_zoom = MIN (PREVIEW_MAX_ZOOM, self->preview_zoom * 1.25);
  update_preview (self);
}

static void
on_preview_zoom_out (GtkButton *button, KakanaiKioskWindow *self)
{
  self->preview_zoom = MAX (PREVIEW_MIN_ZOOM, self->preview_zoom / 1.25);
  update_preview (self);
}

/* ---- finish ---- */

static char *
write_to_output_folder (KakanaiKioskWindow *self,
                        GBytes             *pdf,
                        GError            **error)
{
  const char *folder = kakanai_kiosk_application_get_output_dir (get_app (self));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *ids = chosen_form_ids (self);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_strdelimit (ids, ",", '+');
  name = g_strdup_printf ("kakanai-%s-%s.pdf", stamp, ids);
  path = g_build_filename (folder, name, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", folder, g_strerror (saved));
      return NULL;
    }
  if (!kakanai_output_write (path, pdf, error))
    return NULL;
  return g_steal_pointer (&path);
}

static gboolean
on_finish_timeout (gpointer data)
{
  KakanaiKioskWindow *self = data;

  self->finish_source = 0;
  if (self->step == KAKANAI_KIOSK_STEP_FINISH)
    return_to_start (self);
  return G_SOURCE_REMOVE;
}

static void
finish_session (KakanaiKioskWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = kakanai_pdf_render (self->layout, &error);
  g_autofree char *message = NULL;
  gboolean handled = FALSE;

  if (pdf == NULL)
    {
      g_warning ("the PDF could not be made: %s", error->message);
      message = g_strdup (_("Your forms could not be made. Please ask a member of staff."));
    }
  else
    {
      g_signal_emit (self, signals[SIGNAL_DOCUMENT_READY], 0, pdf, &handled);
      if (handled)
        message = g_strdup (_("Your forms are being printed. Please take them to the counter."));
      else
        {
          g_autofree char *path = write_to_output_folder (self, pdf, &error);

          if (path == NULL)
            {
              g_warning ("the PDF could not be written: %s", error->message);
              message = g_strdup (_("Your forms could not be saved. Please ask a member of staff."));
            }
          else
            {
              g_message ("forms written to %s", path);
              if (kakanai_kiosk_application_is_demo (get_app (self)))
                message = g_strdup_printf (_("Demo: your forms were saved as %s"), path);
              else
                message = g_strdup (_("Your forms are ready. Please go to the counter."));
            }
        }
    }
  go_to_step (self, KAKANAI_KIOSK_STEP_FINISH);
  gtk_label_set_text (self->pages->finish_message, message);
  end_session (self, KAKANAI_KIOSK_OUTCOME_FINISHED);
}

/* ------------------------------------------------------------------------- */
/* Moving between steps                                                       */

static void
enter_step (KakanaiKioskWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_handle_id (&self->finish_source, g_source_remove);

  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      fill_procedures (self);
      break;
    case KAKANAI_KIOSK_STEP_CARD:
      update_card_page (self);
      if (kakanai_kiosk_card_get_state (get_card (self)) == KAKANAI_KIOSK_READER_CARD_PRESENT)
        start_probe (self);
      break;
    case KAKANAI_KIOSK_STEP_PIN:
      show_pin_page (self, NULL);
      break;
    case KAKANAI_KIOSK_STEP_READING:
      start_reading_page (self);
      break;
    case KAKANAI_KIOSK_STEP_CONFIRM:
      fill_confirm_page (self);
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      build_supplements (self);
      show_supplement_section (self, self->supplement_index);
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      self->preview_page = 0;
      show_problems (self);
      update_preview (self);
      break;
    case KAKANAI_KIOSK_STEP_FINISH:
      self->finish_source = g_timeout_add_seconds (kakanai_kiosk_application_is_demo (get_app (self))
                                                     ? FINISH_SECONDS * 2 : FINISH_SECONDS,
                                                   on_finish_timeout, self);
      break;
    case KAKANAI_KIOSK_STEP_WELCOME:
    case KAKANAI_KIOSK_STEP_PROBLEM:
    default:
      break;
    }
}

/* Keyboard focus on what the resident most likely does next, so that the
 * focus ring (always visible) never sits on "Start over". */
static void
focus_primary (KakanaiKioskWindow *self)
{
  GtkWidget *target = NULL;

  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_WELCOME:
      target = GTK_WIDGET (self->pages->start_button);
      break;
    case KAKANAI_KIOSK_STEP_CHOOSE:
      target = gtk_widget_get_first_child (GTK_WIDGET (self->pages->procedures_box));
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      if (self->kana_entry != NULL && gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->kana_entry), GTK_TYPE_BOX)) &&
          self->supplement_index == 0)
        target = GTK_WIDGET (self->kana_entry);
      else
        target = GTK_WIDGET (self->pages->next_button);
      break;
    case KAKANAI_KIOSK_STEP_CONFIRM:
    case KAKANAI_KIOSK_STEP_PREVIEW:
    case KAKANAI_KIOSK_STEP_FINISH:
      target = GTK_WIDGET (self->pages->next_button);
      break;
    case KAKANAI_KIOSK_STEP_CARD:
      target = GTK_WIDGET (self->pages->back_button);
      break;
    case KAKANAI_KIOSK_STEP_PIN:
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->pages->pin_pad)) &&
          gtk_widget_child_focus (GTK_WIDGET (self->pages->pin_pad), GTK_DIR_TAB_FORWARD))
        return;
      break;
    default:
      break;
    }
  if (target != NULL)
    gtk_widget_grab_focus (target);
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
go_to_step (KakanaiKioskWindow *self,
            KakanaiKioskStep    step)
{
  KakanaiKioskStep old_step = self->step;

  self->step = step;
  gtk_stack_set_visible_child_name (self->pages->stack, kakanai_kiosk_step_to_string (step));
  update_step_label (self);
  update_navigation (self);
  note_activity (self);
  enter_step (self);
  focus_primary (self);
  g_debug ("step %s -> %s", kakanai_kiosk_step_to_string (old_step), kakanai_kiosk_step_to_string (step));
  if (old_step != step)
    g_signal_emit (self, signals[SIGNAL_STEP_CHANGED], 0, (guint) old_step, (guint) step);
}

static void
reset_choices_for_next_resident (KakanaiKioskWindow *self)
{
  const char * const *languages = kakanai_kiosk_application_get_languages (get_app (self));
  gboolean rebuild = languages != NULL && languages[0] != NULL &&
                     g_strcmp0 (self->language, languages[0]) != 0;

  self->large_text = FALSE;
  self->high_contrast = FALSE;
  apply_look (self);
  if (rebuild)
    {
      g_free (self->language);
      self->language = g_strdup (languages[0]);
      kakanai_kiosk_application_set_language (get_app (self), self->language);
      rebuild_pages (self);
    }
  else
    {
      gtk_toggle_button_set_active (self->pages->large_text_toggle, FALSE);
      gtk_toggle_button_set_active (self->pages->high_contrast_toggle, FALSE);
    }
}

/* The next resident starts in the first language, with normal text and colours. */
static void
return_to_start (KakanaiKioskWindow *self)
{
  reset_choices_for_next_resident (self);
  go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
}

static void
end_session (KakanaiKioskWindow *self,
             KakanaiKioskOutcome outcome)
{
  g_autofree char *forms = chosen_form_ids (self);
  gboolean was_running = self->session_running;

  wipe_session (self);
  self->session_running = FALSE;
  if (outcome != KAKANAI_KIOSK_OUTCOME_FINISHED)
    return_to_start (self);
  if (was_running)
    g_signal_emit (self, signals[SIGNAL_SESSION_ENDED], 0, (guint) outcome, forms);
}

static void
on_start_over_clicked (GtkButton          *button,
                       KakanaiKioskWindow *self)
{
  gboolean card_blocked = self->step == KAKANAI_KIOSK_STEP_PIN && self->tries_left == 0;

  end_session (self, card_blocked ? KAKANAI_KIOSK_OUTCOME_CARD_ERROR : KAKANAI_KIOSK_OUTCOME_CANCELLED);
}

static void
on_back_clicked (GtkButton          *button,
                 KakanaiKioskWindow *self)
{
  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      end_session (self, KAKANAI_KIOSK_OUTCOME_CANCELLED);
      break;
    case KAKANAI_KIOSK_STEP_CARD:
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->probing = FALSE;
      self->card_refused = FALSE;
      g_clear_pointer (&self->card_message, g_free);
      go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      if (self->supplement_index > 0)
        show_supplement_section (self, self->supplement_index - 1);
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      if (needs_supplements (self))
        {
          /* Back to the last question, answers kept. */
          self->supplement_index = G_MAXUINT;
          go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
        }
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CONFIRM);
      break;
    default:
      break;
    }
}

static void
go_to_preview (KakanaiKioskWindow *self)
{
  g_autoptr (GError) error = NULL;

  self->preview_asked_at = g_get_monotonic_time ();
  if (!make_layout (self, &error))
    {
      g_warning ("the forms could not be laid out: %s", error->message);
      kakanai_kiosk_window_show_problem (self, error->message);
      return;
    }
  go_to_step (self, KAKANAI_KIOSK_STEP_PREVIEW);
}

static void
on_next_clicked (GtkButton          *button,
                 KakanaiKioskWindow *self)
{
  switch (self->step)
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      if (self->chosen->len == 0)
        break;
      /* A clerk already typed the data of a resident without a card. */
      if (self->record != NULL && !self->record_from_card)
        {
          if (needs_supplements (self))
            go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
          else
            go_to_preview (self);
        }
      else
        go_to_step (self, KAKANAI_KIOSK_STEP_CARD);
      break;
    case KAKANAI_KIOSK_STEP_CONFIRM:
      self->supplement_index = 0;
      if (needs_supplements (self))
        go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
      else
        go_to_preview (self);
      break;
    case KAKANAI_KIOSK_STEP_SUPPLEMENTS:
      if (self->supplement_index + 1 < count_supplement_sections (self))
        show_supplement_section (self, self->supplement_index + 1);
      else
        go_to_preview (self);
      break;
    case KAKANAI_KIOSK_STEP_PREVIEW:
      finish_session (self);
      break;
    case KAKANAI_KIOSK_STEP_FINISH:
      return_to_start (self);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------------- */
/* Pages (rebuilt when the language changes)                                 */

static void
rebuild_pages (KakanaiKioskWindow *self)
{
  KakanaiConfig *config = kakanai_kiosk_application_get_config (get_app (self));
  KakanaiKioskPages *pages;

  if (self->pages != NULL)
    {
      clear_supplement_widgets (self);
      gtk_box_remove (self->content, GTK_WIDGET (self->pages));
    }
  pages = self->pages = kakanai_kiosk_pages_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (pages), TRUE);
  gtk_box_append (self->content, GTK_WIDGET (pages));
  gtk_window_set_title (GTK_WINDOW (self), _("Kakanai counter"));

  gtk_label_set_text (pages->municipality_label,
                      config != NULL && kakanai_config_get_municipality (config)[0] != '\0'
                        ? kakanai_config_get_municipality (config) : _("Kakanai counter"));
  fill_language_box (self);
  gtk_toggle_button_set_active (pages->large_text_toggle, self->large_text);
  gtk_toggle_button_set_active (pages->high_contrast_toggle, self->high_contrast);
  g_signal_connect (pages->preview_area, "draw-overlay", G_CALLBACK (on_preview_drawn), self);
  kakanai_page_view_set_layout (pages->preview_area, self->layout);

  g_signal_connect (pages->start_button, "clicked", G_CALLBACK (on_start_clicked), self);
  g_signal_connect (pages->large_text_toggle, "toggled", G_CALLBACK (on_large_text_toggled), self);
  g_signal_connect (pages->high_contrast_toggle, "toggled", G_CALLBACK (on_high_contrast_toggled), self);
  g_signal_connect (pages->pin_pad, "digit", G_CALLBACK (on_pin_pad_digit), self);
  g_signal_connect (pages->pin_pad, "erase", G_CALLBACK (on_pin_pad_erase), self);
  g_signal_connect (pages->pin_pad, "confirm", G_CALLBACK (on_pin_pad_confirm), self);
  g_signal_connect (pages->preview_previous, "clicked", G_CALLBACK (on_preview_previous), self);
  g_signal_connect (pages->preview_next, "clicked", G_CALLBACK (on_preview_next), self);
  g_signal_connect (pages->preview_zoom_in, "clicked", G_CALLBACK (on_preview_zoom_in), self);
  g_signal_connect (pages->preview_zoom_out, "clicked", G_CALLBACK (on_preview_zoom_out), self);
  g_signal_connect (pages->start_over_button, "clicked", G_CALLBACK (on_start_over_clicked), self);
  g_signal_connect (pages->back_button, "clicked", G_CALLBACK (on_back_clicked), self);
  g_signal_connect (pages->next_button, "clicked", G_CALLBACK (on_next_clicked), self);

  gtk_stack_set_visible_child_name (pages->stack, kakanai_kiosk_step_to_string (self->step));
  update_step_label (self);
  update_navigation (self);
  if (self->step == KAKANAI_KIOSK_STEP_WELCOME)
    gtk_widget_grab_focus (GTK_WIDGET (pages->start_button));
}

/* ------------------------------------------------------------------------- */
/* Clerk key combination                                                      */

static gboolean
on_clerk_shortcut (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   data)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (widget);
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGNAL_CLERK_REQUESTED], 0, &handled);
  if (!handled && self->step == KAKANAI_KIOSK_STEP_PIN && self->last_try_pending)
    kakanai_kiosk_window_allow_last_try (self);
  return TRUE;
}

static gboolean
install_clerk_shortcut (KakanaiKioskWindow *self,
                        GError            **error)
{
  KakanaiConfig *config = kakanai_kiosk_application_get_config (get_app (self));
  const char *keys = config != NULL ? kakanai_config_get_clerk_keys (config) : "<Control><Alt>k";
  GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string (keys);
  GtkEventController *controller;

  if (trigger == NULL)
    {
      g_set_error (error, KAKANAI_CONFIG_ERROR, KAKANAI_CONFIG_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a key combination (write it like <Control><Alt>k)"),
                   config != NULL ? kakanai_config_get_location (config, "clerk", "keys") : "default",
                   keys);
      return FALSE;
    }
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger,
                                                          gtk_callback_action_new (on_clerk_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* GObject                                                                    */

static void
kakanai_kiosk_window_dispose (GObject *object)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);
  KakanaiKioskApplication *app = get_app (self);

  if (self->chosen != NULL)
    wipe_session (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->finish_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (app != NULL && get_card (self) != NULL)
    g_signal_handlers_disconnect_by_data (get_card (self), self);
  if (self->overlays != NULL)
    for (guint i = 0; i < self->overlays->len; i++)
      gtk_overlay_remove_overlay (self->overlay, g_ptr_array_index (self->overlays, i));
  g_clear_pointer (&self->overlays, g_ptr_array_unref);
  self->pages = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_KIOSK_WINDOW);
  G_OBJECT_CLASS (kakanai_kiosk_window_parent_class)->dispose (object);
}

static void
kakanai_kiosk_window_finalize (GObject *object)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);

  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->card_message, g_free);
  G_OBJECT_CLASS (kakanai_kiosk_window_parent_class)->finalize (object);
}

static void
kakanai_kiosk_window_class_init (KakanaiKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_kiosk_window_dispose;
  object_class->finalize = kakanai_kiosk_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kakanai/Kiosk/kakanai-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, content);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, countdown_revealer);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, countdown_label);

  signals[SIGNAL_STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_SESSION_STARTED] =
    g_signal_new ("session-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[SIGNAL_DOCUMENT_READY] =
    g_signal_new ("document-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_BYTES);
  signals[SIGNAL_CLERK_REQUESTED] =
    g_signal_new ("clerk-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 0);
}

static void
kakanai_kiosk_window_init (KakanaiKioskWindow *self)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->overlays = g_ptr_array_new_with_free_func (g_object_unref);
  self->chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->preview_zoom = 1.0;
  self->step = KAKANAI_KIOSK_STEP_WELCOME;

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

static void
on_first_paint (GdkFrameClock      *clock,
                KakanaiKioskWindow *self)
{
  g_debug ("timing: first frame painted %.1f ms after main()",
           (g_get_monotonic_time () - kakanai_kiosk_started_at) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
}

static void
on_window_realize (GtkWidget          *widget,
                   KakanaiKioskWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint), self);
}

KakanaiKioskWindow *
kakanai_kiosk_window_new (GtkApplication *application)
{
  KakanaiKioskApplication *app = KAKANAI_KIOSK_APPLICATION (application);
  KakanaiKioskWindow *self = g_object_new (KAKANAI_TYPE_KIOSK_WINDOW, "application", application, NULL);
  g_autoptr (GError) error = NULL;

  self->language = g_strdup (kakanai_kiosk_application_get_language (app));
  g_signal_connect_after (self, "realize", G_CALLBACK (on_window_realize), self);
  rebuild_pages (self);
  if (get_card (self) != NULL)
    {
      g_signal_connect (get_card (self), "state-changed", G_CALLBACK (on_reader_state_changed), self);
      g_signal_connect (get_card (self), "read-progress", G_CALLBACK (on_read_progress), self);
    }
  self->idle_source = g_timeout_add_seconds (1, on_idle_tick, self);

  if (kakanai_kiosk_application_get_problem (app) != NULL)
    kakanai_kiosk_window_show_problem (self, kakanai_kiosk_application_get_problem (app));
  else if (!install_clerk_shortcut (self, &error))
    {
      g_warning ("%s", error->message);
      kakanai_kiosk_window_show_problem (self, error->message);
    }
  else
    go_to_step (self, KAKANAI_KIOSK_STEP_WELCOME);
  return self;
}

void
kakanai_kiosk_window_reset (KakanaiKioskWindow *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  if (self->step == KAKANAI_KIOSK_STEP_PROBLEM)
    return;
  end_session (self, KAKANAI_KIOSK_OUTCOME_CLERK_RESET);
}

KakanaiKioskStep
kakanai_kiosk_window_get_step (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), KAKANAI_KIOSK_STEP_WELCOME);

  return self->step;
}

double
kakanai_kiosk_window_get_reading_fraction (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), 0);

  return self->reading_fraction;
}

void
kakanai_kiosk_window_show_overlay (KakanaiKioskWindow *self,
                                   GtkWidget          *widget)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_ptr_array_find (self->overlays, widget, NULL))
    return;
  g_ptr_array_add (self->overlays, g_object_ref (widget));
  gtk_widget_add_css_class (widget, "kiosk-overlay");
  gtk_overlay_add_overlay (self->overlay, widget);
  gtk_widget_set_sensitive (GTK_WIDGET (self->content), FALSE);
  gtk_widget_grab_focus (widget);
}

void
kakanai_kiosk_window_hide_overlay (KakanaiKioskWindow *self,
                                   GtkWidget          *widget)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  if (!g_ptr_array_find (self->overlays, widget, NULL))
    return;
  gtk_overlay_remove_overlay (self->overlay, widget);
  g_ptr_array_remove (self->overlays, widget);
  gtk_widget_set_sensitive (GTK_WIDGET (self->content), self->overlays->len == 0);
  note_activity (self);
}

void
kakanai_kiosk_window_allow_last_try (KakanaiKioskWindow *self)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  self->last_try_allowed = TRUE;
  g_info ("a clerk allowed the last PIN try");
  if (self->step == KAKANAI_KIOSK_STEP_PIN)
    show_pin_page (self, NULL);
}

void
kakanai_kiosk_window_continue_with_record (KakanaiKioskWindow *self,
                                           KakanaiCardRecord  *record,
                                           const char         *identity_document)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));
  g_return_if_fail (record != NULL);

  if (!self->session_running)
    {
      self->session_running = TRUE;
      g_signal_emit (self, signals[SIGNAL_SESSION_STARTED], 0);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wipe_pin (self);
  g_clear_pointer (&self->record, kakanai_card_record_free);
  self->record = record;
  self->record_from_card = FALSE;
  g_free (self->identity_document);
  self->identity_document = g_strdup (identity_document);
  if (self->chosen->len == 0)
    go_to_step (self, KAKANAI_KIOSK_STEP_CHOOSE);
  else if (needs_supplements (self))
    go_to_step (self, KAKANAI_KIOSK_STEP_SUPPLEMENTS);
  else
    go_to_preview (self);
}

void
kakanai_kiosk_window_set_reader (KakanaiKioskWindow *self,
                                 const char         *reader_substring)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  kakanai_kiosk_card_set_reader (get_card (self), reader_substring);
}

void
kakanai_kiosk_window_show_problem (KakanaiKioskWindow *self,
                                   const char         *details)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  if (self->session_running)
    end_session (self, KAKANAI_KIOSK_OUTCOME_CANCELLED);
  gtk_label_set_text (self->pages->problem_details, details);
  go_to_step (self, KAKANAI_KIOSK_STEP_PROBLEM);
}

const char *
kakanai_kiosk_window_get_language (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), NULL);

  return self->language;
}
