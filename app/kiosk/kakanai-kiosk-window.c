/* kakanai-kiosk-window.c: the frame around the resident's screens.
 *
 * The visit itself is the session's (kakanai-kiosk-session.c); each screen is its own
 * widget. The window shows the screen of the session's step (only that one: the others
 * are hidden, for screen readers too), the header with "Call staff", the navigation, the
 * countdown before the idle timeout, and the overlays (clerk mode, questions to the
 * resident). Every action a resident can take is installed in class_init.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-window.h"

#include <glib/gi18n.h>

#include "kakanai-card-page.h"
#include "kakanai-choose-page.h"
#include "kakanai-confirm-page.h"
#include "kakanai-message-page.h"
#include "kakanai-kiosk-application.h"
#include "kakanai-kiosk-dialog.h"
#include "kakanai-kiosk-ruby.h"
#include "kakanai-language.h"
#include "kakanai-pin-page.h"
#include "kakanai-preview-page.h"
#include "kakanai-question-page.h"
#include "kakanai-reading-page.h"
#include "kakanai-staff-call.h"
#include "kakanai-voice-toggle.h"
#include "kakanai-welcome-page.h"

/* A second tap this soon after a screen changed, where a control of the screen before
 * was, is taken as a double tap on that control: it does not press what is there now. */
#define DOUBLE_TAP_US (600 * G_TIME_SPAN_MILLISECOND)

struct _KakanaiKioskWindow {
  GtkApplicationWindow  parent_instance;

  /* template */
  GtkOverlay           *overlay;
  GtkBox               *content;
  GtkBox               *header;
  GtkLabel             *municipality_label;
  GtkLabel             *step_label;
  GtkButton            *read_back_button;
  GtkButton            *call_staff_button;
  GtkBox               *screens;
  GtkBox               *navigation;
  GtkButton            *start_over_button;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkRevealer          *countdown_revealer;
  GtkLabel             *countdown_label;

  KakanaiKioskSession  *session;
  KakanaiStaffCall     *staff_call;
  KakanaiVoiceGuide    *voice_guide;    /* NULL: the counter has none ([voice] enabled) */
  char                 *announced;      /* the last alert said aloud (never personal data) */
  GtkWidget            *voice_toggle;
  GtkWidget            *pages[KAKANAI_KIOSK_N_STEPS];
  GPtrArray            *overlays;
  GtkWidget            *staff_dialog;   /* weak */
  char                 *language;
  gboolean              large_text;
  gboolean              high_contrast;

  /* The control pressed last, where, and when the screen changed after it. */
  char                 *pressed_id;
  graphene_rect_t       pressed_bounds;
  gint64                screen_changed_at;
};

G_DEFINE_FINAL_TYPE (KakanaiKioskWindow, kakanai_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LARGE_TEXT,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_CLERK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KakanaiKioskApplication *
get_app (KakanaiKioskWindow *self)
{
  return KAKANAI_KIOSK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* ------------------------------------------------------------------------- */
/* Navigation                                                                 */

/* A button out of use keeps its place: no other control moves where it was. */
static void
set_present (GtkButton  *button,
             const char *label)
{
  gboolean present = label != NULL;

  if (present)
    gtk_button_set_label (button, label);
  gtk_widget_set_opacity (GTK_WIDGET (button), present ? 1.0 : 0.0);
  gtk_widget_set_can_target (GTK_WIDGET (button), present);
  gtk_widget_set_focusable (GTK_WIDGET (button), present);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_HIDDEN, !present, -1);
}

static void
set_navigation (KakanaiKioskWindow *self,
                gboolean            shown,
                const char         *back,
                const char         *next)
{
  gtk_widget_set_visible (GTK_WIDGET (self->navigation), shown);
  set_present (self->start_over_button, shown ? _("Start over") : NULL);
  set_present (self->back_button, back);
  set_present (self->next_button, next);
}

static void
update_navigation (KakanaiKioskWindow *self)
{
  switch (kakanai_kiosk_session_get_step (self->session))
    {
    case KAKANAI_KIOSK_STEP_CHOOSE:
      set_navigation (self, TRUE, _("Back"), _("Next"));
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
    case KAKANAI_KIOSK_STEP_WELCOME:
    case KAKANAI_KIOSK_STEP_FINISH:
    case KAKANAI_KIOSK_STEP_PROBLEM:
    default:
      set_navigation (self, FALSE, NULL, NULL);
      break;
    }
}

static void
update_can_go_next (KakanaiKioskWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.next",
                                 kakanai_kiosk_session_can_go_next (self->session));
}

static void
update_step_label (KakanaiKioskWindow *self)
{
  /* What the resident sees as steps: choose, card, PIN, check, details, forms. */
  static const guint shown_step[] = { 0, 1, 2, 3, 4, 4, 5, 6, 0, 0 };
  guint shown = shown_step[kakanai_kiosk_session_get_step (self->session)];
  g_autofree char *text = shown > 0 ? g_strdup_printf (_("Step %u of %u"), shown, 6u) : g_strdup ("");

  gtk_label_set_text (self->step_label, text);
  /* An empty label would reach screen readers by its class name. */
  gtk_widget_set_visible (GTK_WIDGET (self->step_label), text[0] != '\0');
}

static gboolean
can_start_over (KakanaiKioskWindow *self)
{
  KakanaiKioskStep step = kakanai_kiosk_session_get_step (self->session);

  return step != KAKANAI_KIOSK_STEP_WELCOME && step != KAKANAI_KIOSK_STEP_FINISH &&
         step != KAKANAI_KIOSK_STEP_PROBLEM;
}

/* Keyboard focus on what the resident most likely does next, so that the focus ring
 * never sits on "Start over". */
static void
focus_primary (KakanaiKioskWindow *self)
{
  GtkWidget *page = self->pages[kakanai_kiosk_session_get_step (self->session)];

  if (self->overlays->len > 0)
    return;
  if (page != NULL && gtk_widget_grab_focus (page))
    return;
  if (gtk_widget_get_focusable (GTK_WIDGET (self->next_button)) &&
      gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
show_current_screen (KakanaiKioskWindow *self)
{
  KakanaiKioskStep step = kakanai_kiosk_session_get_step (self->session);

  /* Only the screen of the step is shown: the others are out of the accessibility
   * tree as well as out of sight. */
  for (guint i = 0; i < KAKANAI_KIOSK_N_STEPS; i++)
    if (self->pages[i] != NULL)
      gtk_widget_set_visible (self->pages[i], i == step);
  self->screen_changed_at = g_get_monotonic_time ();
  update_step_label (self);
  update_navigation (self);
  update_can_go_next (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.start-over", can_start_over (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.back",
                                 step == KAKANAI_KIOSK_STEP_CHOOSE || step == KAKANAI_KIOSK_STEP_CARD ||
                                 step == KAKANAI_KIOSK_STEP_SUPPLEMENTS || step == KAKANAI_KIOSK_STEP_PREVIEW);
  focus_primary (self);
}

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiKioskWindow  *self)
{
  show_current_screen (self);
}

static void
on_question_index (KakanaiKioskSession *session,
                   GParamSpec          *pspec,
                   KakanaiKioskWindow  *self)
{
  self->screen_changed_at = g_get_monotonic_time ();
  focus_primary (self);
}

static void
on_can_go_next (KakanaiKioskSession *session,
                GParamSpec          *pspec,
                KakanaiKioskWindow  *self)
{
  update_can_go_next (self);
}

/* ------------------------------------------------------------------------- */
/* Voice guide                                                                */

static const char * const title_classes[] = { "hero", "title", "section-title", NULL };
static const char * const instruction_classes[] = {
  "notice", "lead", "hint", "status", "warning-text", "badge", NULL,
};
/* The card's data on the check screen: said only when the resident asks. */
static const char * const record_classes[] = { "caption", "value", NULL };

static gboolean
has_any_class (GtkWidget          *widget,
               const char * const *classes)
{
  for (guint i = 0; classes[i] != NULL; i++)
    if (gtk_widget_has_css_class (widget, classes[i]))
      return TRUE;
  return FALSE;
}

/* The words of the labels under @root with one of @classes, in the order shown. */
static void
collect_words (GtkWidget          *root,
               const char * const *classes,
               GString            *words)
{
  const char *text;

  if (!gtk_widget_get_mapped (root))
    return;
  text = kakanai_kiosk_ruby_label_words (root);
  if (text != NULL)
    {
      if (text[0] != '\0' && has_any_class (root, classes))
        g_string_append_printf (words, "%s\n", text);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_words (child, classes, words);
}

/* What the focused control says: its first label (a button's, a card's title). */
static const char *
control_words (GtkWidget *widget)
{
  const char *text = kakanai_kiosk_ruby_label_words (widget);

  if (text != NULL || GTK_IS_EDITABLE (widget))
    return GTK_IS_EDITABLE (widget) ? NULL : text;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && (text = control_words (child)) != NULL && text[0] != '\0')
      return text;
  return NULL;
}

/* What is in front of the resident: the question over the screen, else the step's
 * screen; NULL under clerk mode (the clerk's screens are not the resident's). */
static GtkWidget *
front_screen (KakanaiKioskWindow *self)
{
  GtkWidget *top;

  if (self->overlays->len == 0)
    return self->pages[kakanai_kiosk_session_get_step (self->session)];
  top = g_ptr_array_index (self->overlays, self->overlays->len - 1);
  return KAKANAI_IS_KIOSK_DIALOG (top) ? top : NULL;
}

/* The screen's title, its instructions and the focused control, never the card's data. */
static void
speak_screen (KakanaiKioskWindow *self)
{
  GtkWidget *screen = front_screen (self);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  g_autoptr (GString) words = g_string_new (NULL);
  const char *focused;

  if (self->voice_guide == NULL || !kakanai_voice_guide_get_active (self->voice_guide) || screen == NULL)
    return;
  collect_words (screen, title_classes, words);
  collect_words (screen, instruction_classes, words);
  if (focus != NULL && (focused = control_words (focus)) != NULL)
    g_string_append (words, focused);
  kakanai_voice_guide_speak (self->voice_guide, self->language, words->str);
}

static void
update_read_back (KakanaiKioskWindow *self)
{
  gboolean shown = self->voice_guide != NULL && kakanai_voice_guide_get_active (self->voice_guide) &&
                   kakanai_kiosk_session_get_step (self->session) == KAKANAI_KIOSK_STEP_CONFIRM;

  gtk_widget_set_visible (GTK_WIDGET (self->read_back_button), shown);
}

static void
on_voice_guide_active (KakanaiVoiceGuide  *guide,
                       GParamSpec         *pspec,
                       KakanaiKioskWindow *self)
{
  update_read_back (self);
  speak_screen (self);
}

/* A screen's labels drawn with their readings, and the screen said, once it is shown:
 * after the screens' own handlers have built what the step or question shows. */
static void
on_screen_shown (KakanaiKioskWindow *self)
{
  GtkWidget *screen = front_screen (self);
  const KakanaiLanguage *language = kakanai_language_lookup (self->language);

  if (language != NULL && kakanai_language_has_ruby (language))
    {
      kakanai_kiosk_ruby_apply (GTK_WIDGET (self->header));
      kakanai_kiosk_ruby_apply (GTK_WIDGET (self->navigation));
      if (screen != NULL)
        kakanai_kiosk_ruby_apply (screen);
    }
  update_read_back (self);
  speak_screen (self);
}

/* The switch is built again in each language, like the screens. */
static void
replace_voice_toggle (KakanaiKioskWindow *self)
{
  if (self->voice_toggle != NULL)
    gtk_box_remove (self->header, self->voice_toggle);
  self->voice_toggle = kakanai_voice_toggle_new (self->voice_guide);
  gtk_widget_set_name (self->voice_toggle, "voice_toggle");
  gtk_widget_set_valign (self->voice_toggle, GTK_ALIGN_CENTER);
  kakanai_voice_toggle_set_language (KAKANAI_VOICE_TOGGLE (self->voice_toggle), self->language);
  kakanai_voice_toggle_follow_focus (KAKANAI_VOICE_TOGGLE (self->voice_toggle), GTK_WINDOW (self));
  gtk_box_insert_child_after (self->header, self->voice_toggle, GTK_WIDGET (self->step_label));
}

static KakanaiVoiceGuide *
voice_guide_for (KakanaiConfig *config)
{
  KakanaiVoiceGuide *guide;

  if (config != NULL && !kakanai_config_get_voice_enabled (config))
    return NULL;
  guide = kakanai_voice_guide_new (config != NULL ? kakanai_config_get_voice_output (config) : NULL);
  if (config != NULL)
    kakanai_voice_guide_set_japanese_voice (guide, kakanai_config_get_voice_japanese (config));
  return guide;
}

/* ------------------------------------------------------------------------- */
/* Countdown                                                                  */

static void
on_countdown (KakanaiKioskSession *session,
              GParamSpec          *pspec,
              KakanaiKioskWindow  *self)
{
  guint remaining = kakanai_kiosk_session_get_countdown (session);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->countdown_revealer, remaining > 0);
  /* Out of the accessibility tree too when there is nothing to count. */
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_revealer), remaining > 0);
  if (remaining == 0)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Going back to the start in %u second. Touch the screen to continue.",
                                       "Going back to the start in %u seconds. Touch the screen to continue.",
                                       remaining),
                          remaining);
  gtk_label_set_text (self->countdown_label, text);
}

/* ------------------------------------------------------------------------- */
/* Input                                                                      */

static char *
control_id (GtkWidget *widget)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  return g_strdup_printf ("%s/%s", id != NULL ? id : "", gtk_widget_get_name (widget));
}

/* TRUE to swallow the press: a double tap reaching the screen after the one it was meant for. */
static gboolean
press_is_double_tap (KakanaiKioskWindow *self,
                     double              x,
                     double              y)
{
  GtkWidget *target = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  GtkWidget *control = target != NULL ? gtk_widget_get_ancestor (target, GTK_TYPE_BUTTON) : NULL;
  g_autofree char *id = NULL;
  double x0 = 0, y0 = 0;
  gboolean swallow;

  if (control == NULL)
    return FALSE;
  id = control_id (control);
  swallow = self->pressed_id != NULL && g_strcmp0 (id, self->pressed_id) != 0 &&
            g_get_monotonic_time () - self->screen_changed_at < DOUBLE_TAP_US &&
            graphene_rect_contains_point (&self->pressed_bounds, &GRAPHENE_POINT_INIT (x, y));
  if (swallow)
    return TRUE;
  g_free (self->pressed_id);
  self->pressed_id = g_steal_pointer (&id);
  /* Translated, not compute_bounds(): that leaves out the scrolling of a viewport. */
  if (!gtk_widget_translate_coordinates (control, GTK_WIDGET (self), 0, 0, &x0, &y0))
    g_clear_pointer (&self->pressed_id, g_free);
  graphene_rect_init (&self->pressed_bounds, (float) x0, (float) y0, (float) gtk_widget_get_width (control),
                      (float) gtk_widget_get_height (control));
  return FALSE;
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              KakanaiKioskWindow       *self)
{
  double x, y;

  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      kakanai_kiosk_session_note_activity (self->session);
      if (gdk_event_get_position (event, &x, &y))
        {
          double nx = 0, ny = 0;
          GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

          gtk_native_get_surface_transform (native, &nx, &ny);
          if (press_is_double_tap (self, x - nx, y - ny))
            return GDK_EVENT_STOP;
        }
      break;
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      kakanai_kiosk_session_note_activity (self->session);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
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

/* The PIN from a keyboard, wherever the focus is on the PIN screen. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KakanaiKioskWindow    *self)
{
  int digit = keyval_to_digit (keyval);

  if (kakanai_kiosk_session_get_step (self->session) != KAKANAI_KIOSK_STEP_PIN || self->overlays->len > 0 ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return GDK_EVENT_PROPAGATE;
  if (digit >= 0)
    kakanai_kiosk_session_add_pin_digit (self->session, (guint) digit);
  else if (keyval == GDK_KEY_BackSpace)
    kakanai_kiosk_session_erase_pin_digit (self->session);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    kakanai_kiosk_session_confirm_pin (self->session);
  else
    return GDK_EVENT_PROPAGATE;
  return GDK_EVENT_STOP;
}

/* ------------------------------------------------------------------------- */
/* Look and language                                                          */

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
translate_frame (KakanaiKioskWindow *self)
{
  KakanaiConfig *config = kakanai_kiosk_session_get_config (self->session);
  const char *municipality = config != NULL ? kakanai_config_get_municipality (config) : "";

  gtk_window_set_title (GTK_WINDOW (self), _("Kakanai counter"));
  gtk_label_set_text (self->municipality_label, municipality[0] != '\0' ? municipality : _("Kakanai counter"));
  gtk_button_set_label (self->call_staff_button, _("Call staff"));
  gtk_button_set_label (self->read_back_button, _("Read my details aloud"));
  replace_voice_toggle (self);
}

/* GtkBuilder translates a .ui once, when it builds it: a new language builds the
 * screens again. */
static void
rebuild_pages (KakanaiKioskWindow *self)
{
  KakanaiKioskSession *session = self->session;
  const char * const *languages = kakanai_kiosk_application_get_languages (get_app (self));

  for (guint i = 0; i < KAKANAI_KIOSK_N_STEPS; i++)
    if (self->pages[i] != NULL)
      {
        gtk_box_remove (self->screens, self->pages[i]);
        self->pages[i] = NULL;
      }
  self->pages[KAKANAI_KIOSK_STEP_WELCOME] = kakanai_welcome_page_new (session, languages, self->language);
  self->pages[KAKANAI_KIOSK_STEP_CHOOSE] = kakanai_choose_page_new (session, self->language);
  self->pages[KAKANAI_KIOSK_STEP_CARD] = kakanai_card_page_new (session);
  self->pages[KAKANAI_KIOSK_STEP_PIN] = kakanai_pin_page_new (session);
  self->pages[KAKANAI_KIOSK_STEP_READING] = kakanai_reading_page_new (session);
  self->pages[KAKANAI_KIOSK_STEP_CONFIRM] = kakanai_confirm_page_new (session);
  self->pages[KAKANAI_KIOSK_STEP_SUPPLEMENTS] = kakanai_question_page_new (session, self->language);
  self->pages[KAKANAI_KIOSK_STEP_PREVIEW] = kakanai_preview_page_new (session, self->language);
  self->pages[KAKANAI_KIOSK_STEP_FINISH] = kakanai_message_page_new (session, KAKANAI_KIOSK_STEP_FINISH);
  self->pages[KAKANAI_KIOSK_STEP_PROBLEM] = kakanai_message_page_new (session, KAKANAI_KIOSK_STEP_PROBLEM);
  for (guint i = 0; i < KAKANAI_KIOSK_N_STEPS; i++)
    {
      gtk_widget_set_name (self->pages[i], kakanai_kiosk_step_to_string (i));
      gtk_widget_set_hexpand (self->pages[i], TRUE);
      gtk_widget_set_vexpand (self->pages[i], TRUE);
      gtk_box_append (self->screens, self->pages[i]);
    }
  translate_frame (self);
  show_current_screen (self);
  on_screen_shown (self);
}

static void
switch_language (KakanaiKioskWindow *self,
                 const char         *code)
{
  if (g_strcmp0 (code, self->language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (code);
  kakanai_kiosk_application_set_language (get_app (self), code);
  rebuild_pages (self);
}

/* The next resident starts in the first language, with normal text and colours. */
static void
reset_look_for_next_resident (KakanaiKioskWindow *self)
{
  const char * const *languages = kakanai_kiosk_application_get_languages (get_app (self));

  g_object_set (self, "large-text", FALSE, "high-contrast", FALSE, NULL);
  if (self->voice_guide != NULL)
    kakanai_voice_guide_set_active (self->voice_guide, FALSE);
  if (languages != NULL && languages[0] != NULL)
    switch_language (self, languages[0]);
}

static void
on_welcome_idle (KakanaiKioskSession *session,
                 KakanaiKioskWindow  *self)
{
  if (self->overlays->len == 0)
    reset_look_for_next_resident (self);
}

static void
on_session_ended (KakanaiKioskSession *session,
                  guint                outcome,
                  const char          *forms,
                  KakanaiKioskWindow  *self)
{
  if (outcome != KAKANAI_KIOSK_OUTCOME_FINISHED)
    reset_look_for_next_resident (self);
}

static void
on_finish_left (KakanaiKioskSession *session,
                guint                old_step,
                guint                new_step,
                KakanaiKioskWindow  *self)
{
  if (old_step == KAKANAI_KIOSK_STEP_FINISH && new_step == KAKANAI_KIOSK_STEP_WELCOME)
    reset_look_for_next_resident (self);
}

/* ------------------------------------------------------------------------- */
/* Actions                                                                    */

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kakanai_kiosk_session_start (KAKANAI_KIOSK_WINDOW (widget)->session);
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kakanai_kiosk_session_next (KAKANAI_KIOSK_WINDOW (widget)->session);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kakanai_kiosk_session_back (KAKANAI_KIOSK_WINDOW (widget)->session);
}

static void
on_start_over_response (KakanaiKioskDialog *dialog,
                        gboolean            start_over,
                        KakanaiKioskWindow *self)
{
  kakanai_kiosk_window_hide_overlay (self, GTK_WIDGET (dialog));
  if (start_over)
    kakanai_kiosk_session_cancel (self->session);
}

static void
start_over_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (widget);
  GtkWidget *dialog;

  if (!can_start_over (self))
    return;
  dialog = kakanai_kiosk_dialog_new (_("Start over?"),
                                     _("Everything you entered will be erased, and you go back to the start."),
                                     _("Yes, erase and start over"), "start_over_yes",
                                     _("No, go on"), "start_over_no");
  g_signal_connect (dialog, "response", G_CALLBACK (on_start_over_response), self);
  kakanai_kiosk_window_show_overlay (self, dialog);
}

static void
on_staff_dialog_response (KakanaiKioskDialog *dialog,
                          gboolean            primary,
                          KakanaiKioskWindow *self)
{
  kakanai_kiosk_window_hide_overlay (self, GTK_WIDGET (dialog));
}

static void
call_staff_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean called = kakanai_staff_call_run (self->staff_call, &error);
  GtkWidget *dialog;

  if (!called)
    g_warning ("the call to staff could not be made: %s", error->message);
  if (self->staff_dialog != NULL)
    return;
  /* Shown whatever the counter's call did: a member of staff may see the screen. */
  dialog = kakanai_kiosk_dialog_new (_("A member of staff has been called"),
                                     _("Please wait here. Someone will come to help you."),
                                     _("Close"), "call_staff_close", NULL, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_staff_dialog_response), self);
  g_set_weak_pointer (&self->staff_dialog, dialog);
  kakanai_kiosk_window_show_overlay (self, dialog);
}

/* The card's data, said because the resident asked (never logged: kakanai-voice-guide.h). */
static void
read_back_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (widget);
  GtkWidget *page = self->pages[KAKANAI_KIOSK_STEP_CONFIRM];
  g_autoptr (GString) words = g_string_new (NULL);

  if (self->voice_guide == NULL || kakanai_kiosk_session_get_step (self->session) != KAKANAI_KIOSK_STEP_CONFIRM)
    return;
  collect_words (page, record_classes, words);
  kakanai_voice_guide_speak (self->voice_guide, self->language, words->str);
  g_string_erase (words, 0, -1);
}

/* A message that turned up on the screen (a refused answer, a wrong PIN), said when the
 * voice guide is on: a resident who hears the screen would otherwise never learn why. */
static void
announce_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (widget);
  const char *message = g_variant_get_string (parameter, NULL);

  if (self->voice_guide == NULL || !kakanai_voice_guide_get_active (self->voice_guide) ||
      front_screen (self) == NULL)
    return;
  kakanai_voice_guide_speak (self->voice_guide, self->language, message);
  g_free (self->announced);
  self->announced = g_strdup (message);
}

static void
language_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  switch_language (KAKANAI_KIOSK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "kiosk.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.next", NULL, next_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.start-over", NULL, start_over_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.call-staff", NULL, call_staff_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.language", "s", language_activated);
  gtk_widget_class_install_action (widget_class, "kiosk.read-back", NULL, read_back_activated);
  gtk_widget_class_install_action (widget_class, "alert.announce", "s", announce_activated);
  gtk_widget_class_install_property_action (widget_class, "kiosk.large-text", "large-text");
  gtk_widget_class_install_property_action (widget_class, "kiosk.high-contrast", "high-contrast");
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
  if (!handled && kakanai_kiosk_session_is_last_try_pending (self->session))
    kakanai_kiosk_session_allow_last_try (self->session);
  return TRUE;
}

static gboolean
install_clerk_shortcut (KakanaiKioskWindow *self,
                        GError            **error)
{
  KakanaiConfig *config = kakanai_kiosk_session_get_config (self->session);
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
kakanai_kiosk_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LARGE_TEXT:
      g_value_set_boolean (value, self->large_text);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_kiosk_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);
  gboolean *flag;

  switch (prop_id)
    {
    case PROP_LARGE_TEXT:
      flag = &self->large_text;
      break;
    case PROP_HIGH_CONTRAST:
      flag = &self->high_contrast;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*flag == g_value_get_boolean (value))
    return;
  *flag = g_value_get_boolean (value);
  apply_look (self);
  g_object_notify_by_pspec (object, pspec);
}

static void
kakanai_kiosk_window_dispose (GObject *object)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);

  if (self->overlays != NULL)
    for (guint i = 0; i < self->overlays->len; i++)
      gtk_overlay_remove_overlay (self->overlay, g_ptr_array_index (self->overlays, i));
  g_clear_pointer (&self->overlays, g_ptr_array_unref);
  g_clear_weak_pointer (&self->staff_dialog);
  if (self->session != NULL)
    {
      /* Wipes what the visit holds before the screens go. */
      kakanai_kiosk_session_reset (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  for (guint i = 0; i < KAKANAI_KIOSK_N_STEPS; i++)
    if (self->pages[i] != NULL)
      {
        gtk_box_remove (self->screens, self->pages[i]);
        self->pages[i] = NULL;
      }
  g_clear_object (&self->session);
  g_clear_object (&self->staff_call);
  if (self->voice_guide != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->voice_guide, self);
      kakanai_voice_guide_stop (self->voice_guide);
    }
  g_clear_object (&self->voice_guide);
  g_clear_pointer (&self->announced, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_KIOSK_WINDOW);
  G_OBJECT_CLASS (kakanai_kiosk_window_parent_class)->dispose (object);
}

static void
kakanai_kiosk_window_finalize (GObject *object)
{
  KakanaiKioskWindow *self = KAKANAI_KIOSK_WINDOW (object);

  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->pressed_id, g_free);
  G_OBJECT_CLASS (kakanai_kiosk_window_parent_class)->finalize (object);
}

static void
kakanai_kiosk_window_class_init (KakanaiKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kakanai_kiosk_window_get_property;
  object_class->set_property = kakanai_kiosk_window_set_property;
  object_class->dispose = kakanai_kiosk_window_dispose;
  object_class->finalize = kakanai_kiosk_window_finalize;

  props[PROP_LARGE_TEXT] = g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_HIGH_CONTRAST] = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, content);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, header);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, municipality_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, step_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, read_back_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, call_staff_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, screens);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, navigation);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, countdown_revealer);
  gtk_widget_class_bind_template_child (widget_class, KakanaiKioskWindow, countdown_label);
  install_actions (widget_class);

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
  KakanaiConfig *config = kakanai_kiosk_application_get_config (app);
  g_autoptr (GError) error = NULL;

  self->language = g_strdup (kakanai_kiosk_application_get_language (app));
  self->session = kakanai_kiosk_application_new_session (app);
  self->staff_call = kakanai_staff_call_new (config);
  self->voice_guide = voice_guide_for (config);
  if (self->voice_guide != NULL)
    g_signal_connect (self->voice_guide, "notify::active", G_CALLBACK (on_voice_guide_active), self);
  g_signal_connect (self->session, "notify::step", G_CALLBACK (on_step), self);
  g_signal_connect (self->session, "notify::question-index", G_CALLBACK (on_question_index), self);
  g_signal_connect (self->session, "notify::can-go-next", G_CALLBACK (on_can_go_next), self);
  g_signal_connect (self->session, "notify::countdown", G_CALLBACK (on_countdown), self);
  g_signal_connect (self->session, "welcome-idle", G_CALLBACK (on_welcome_idle), self);
  g_signal_connect (self->session, "session-ended", G_CALLBACK (on_session_ended), self);
  g_signal_connect (self->session, "step-changed", G_CALLBACK (on_finish_left), self);
  g_signal_connect_data (self->session, "notify::step", G_CALLBACK (on_screen_shown), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (self->session, "notify::question-index", G_CALLBACK (on_screen_shown), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_after (self, "realize", G_CALLBACK (on_window_realize), self);
  rebuild_pages (self);

  if (kakanai_kiosk_application_get_problem (app) != NULL)
    kakanai_kiosk_session_show_problem (self->session, kakanai_kiosk_application_get_problem (app));
  else if (!install_clerk_shortcut (self, &error))
    {
      g_warning ("%s", error->message);
      kakanai_kiosk_session_show_problem (self->session, error->message);
    }
  return self;
}

KakanaiKioskSession *
kakanai_kiosk_window_get_session (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), NULL);
  return self->session;
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
  /* What lies under the overlay is neither usable nor read out. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->content), FALSE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->content), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  kakanai_kiosk_session_set_paused (self->session, TRUE);
  gtk_widget_grab_focus (widget);
  on_screen_shown (self);
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
  if (self->overlays->len > 0)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->content), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->content), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
  kakanai_kiosk_session_set_paused (self->session, FALSE);
  focus_primary (self);
  on_screen_shown (self);
}

void
kakanai_kiosk_window_set_reader (KakanaiKioskWindow *self,
                                 const char         *reader_substring)
{
  g_return_if_fail (KAKANAI_IS_KIOSK_WINDOW (self));

  kakanai_kiosk_card_set_reader (kakanai_kiosk_session_get_card (self->session), reader_substring);
}

const char *
kakanai_kiosk_window_get_announced (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), NULL);
  return self->announced;
}

gint64
kakanai_kiosk_window_get_screen_changed_at (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), 0);
  return self->screen_changed_at;
}

const char *
kakanai_kiosk_window_get_language (KakanaiKioskWindow *self)
{
  g_return_val_if_fail (KAKANAI_IS_KIOSK_WINDOW (self), NULL);
  return self->language;
}
