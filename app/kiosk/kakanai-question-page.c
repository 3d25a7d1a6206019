/* kakanai-question-page.c: one question of the chosen forms, its controls made from the
 * question's kind (text and katakana with the kana keyboard, digits with a keypad,
 * numbers and years with − and +, dates by year, month and day, choices as toggle
 * buttons, a group as one block per member). Nothing here knows a form: prompts, help
 * and option labels are the templates' own, in the resident's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-question-page.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "kakanai-alert.h"
#include "kakanai-kana-keyboard.h"
#include "kakanai-kiosk-ruby.h"
#include "kakanai-pin-pad.h"

/* A refusal shows once typing pauses this long (a phone number is short until it is done). */
#define ERROR_DELAY_MS 900

struct _KakanaiQuestionPage {
  GtkWidget            parent_instance;

  GtkLabel            *progress_label;
  GtkLabel            *required_label;
  GtkLabel            *title_label;
  GtkLabel            *help_label;
  GtkLabel            *error_label;
  GtkScrolledWindow   *scroller;
  GtkBox              *answer_box;
  GtkBox              *keys_box;

  KakanaiKioskSession *session;
  char                *language;
  KakanaiQuestion     *shown;
  GPtrArray           *entries;       /* GtkEditable*, emptied before they go */
  GtkEditable         *active_entry;  /* weak: where the on-screen keys type */
  KakanaiKanaKeyboard *keyboard;      /* weak */
  GtkWidget           *first_control; /* weak */
  GHashTable          *errors;        /* key -> message of what was refused */
  guint                error_source;
  gboolean             rebuilding;
};

G_DEFINE_FINAL_TYPE (KakanaiQuestionPage, kakanai_question_page, GTK_TYPE_WIDGET)

static void rebuild (KakanaiQuestionPage *self);

/* ------------------------------------------------------------------------- */
/* Errors                                                                     */

static void
show_errors (KakanaiQuestionPage *self)
{
  g_autoptr (GString) text = g_string_new ("");
  GHashTableIter iter;
  gpointer message;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, NULL, &message))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, message);
    }
  /* Announced (kakanai-alert.h), in place: a reason showing up never moves the keys. */
  kakanai_alert_show (self->error_label, text->str, TRUE);
}

static gboolean
on_error_delay (gpointer data)
{
  KakanaiQuestionPage *self = data;

  self->error_source = 0;
  show_errors (self);
  return G_SOURCE_REMOVE;
}

/* What the resident typed for @key, to the session; a refusal shows after a pause. */
static void
give_answer (KakanaiQuestionPage *self,
             const char          *key,
             const char          *caption,
             const char          *typed,
             gboolean             at_once)
{
  g_autoptr (GError) error = NULL;

  if (self->rebuilding)
    return;
  g_clear_handle_id (&self->error_source, g_source_remove);
  if (kakanai_kiosk_session_set_answer (self->session, key, typed, &error))
    {
      g_hash_table_remove (self->errors, key);
      show_errors (self);
      return;
    }
  g_hash_table_insert (self->errors, g_strdup (key),
                       caption != NULL ? g_strdup_printf ("%s: %s", caption, error->message)
                                       : g_strdup (error->message));
  if (at_once)
    show_errors (self);
  else
    self->error_source = g_timeout_add (ERROR_DELAY_MS, on_error_delay, self);
}

/* ------------------------------------------------------------------------- */
/* Parts                                                                      */

typedef struct {
  KakanaiQuestionPage *self;
  KakanaiQuestion     *question;  /* the question or group field answered */
  char                *key;       /* its key in the answers */
  char                *caption;   /* a group field's prompt, NULL for the question */
} Part;

static void
part_free (gpointer data)
{
  Part *part = data;

  kakanai_question_unref (part->question);
  g_free (part->key);
  g_free (part->caption);
  g_free (part);
}

static Part *
part_new (KakanaiQuestionPage *self,
          GtkWidget           *owner,
          KakanaiQuestion     *question,
          const char          *key,
          const char          *caption)
{
  Part *part = g_new0 (Part, 1);

  part->self = self;
  part->question = kakanai_question_ref (question);
  part->key = g_strdup (key);
  part->caption = g_strdup (caption);
  g_object_set_data_full (G_OBJECT (owner), "part", part, part_free);
  return part;
}

static const char *
prompt_of (KakanaiQuestionPage *self,
           KakanaiQuestion     *question)
{
  return kakanai_question_get_prompt (question, self->language);
}

static const char *
option_label (KakanaiQuestionPage *self,
              KakanaiQuestion     *question,
              const char          *value)
{
  return kakanai_question_page_option_label (question, value, self->language);
}

const char *
kakanai_question_page_option_label (KakanaiQuestion *question,
                                    const char      *value,
                                    const char      *language)
{
  const char *label = kakanai_question_get_option_label (question, value, language);

  if (label != NULL)
    return label;
  if (kakanai_question_get_kind (question) == KAKANAI_QUESTION_YES_NO)
    return g_str_equal (value, "yes") ? _("Yes") : _("No");
  return value;
}

static void
remember_first (KakanaiQuestionPage *self,
                GtkWidget           *control)
{
  if (self->first_control == NULL)
    g_set_weak_pointer (&self->first_control, control);
}

/* ---- typed answers ---- */

static void
on_entry_changed (GtkEditable *entry,
                  Part        *part)
{
  give_answer (part->self, part->key, part->caption, gtk_editable_get_text (entry), FALSE);
}

static void
on_entry_focus (GtkEventControllerFocus *controller,
                KakanaiQuestionPage     *self)
{
  GtkEditable *entry = GTK_EDITABLE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  g_set_weak_pointer (&self->active_entry, entry);
  if (self->keyboard != NULL)
    kakanai_kana_keyboard_set_target (self->keyboard, entry);
}

static GtkWidget *
add_entry (KakanaiQuestionPage *self,
           GtkBox              *box,
           KakanaiQuestion     *question,
           const char          *key,
           const char          *caption,
           GtkInputPurpose      purpose)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *name = g_strdup_printf ("entry:%s", key);
  const char *stored = kakanai_kiosk_session_get_answer (self->session, key);
  Part *part = part_new (self, entry, question, key, caption);
  guint min_length, max_length;

  gtk_widget_set_name (entry, name);
  gtk_widget_add_css_class (entry, "big-entry");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  /* The resident's answers are personal: no undo history keeping copies past a clear. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  if (kakanai_question_get_length (question, &min_length, &max_length) && max_length > 0)
    gtk_entry_set_max_length (GTK_ENTRY (entry), (int) max_length);
  kakanai_kiosk_ruby_set_accessible (entry, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                     caption != NULL ? caption : prompt_of (self, question));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_REQUIRED,
                                  kakanai_question_is_required (question), -1);
  if (stored != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), stored);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), part);
  g_signal_connect (focus, "enter", G_CALLBACK (on_entry_focus), self);
  gtk_widget_add_controller (entry, focus);
  gtk_box_append (box, entry);
  g_ptr_array_add (self->entries, entry);
  if (self->active_entry == NULL)
    g_set_weak_pointer (&self->active_entry, GTK_EDITABLE (entry));
  remember_first (self, entry);
  return entry;
}

static void
on_pad_digit (KakanaiPinPad       *pad,
              guint                digit,
              KakanaiQuestionPage *self)
{
  char text[2] = { (char) ('0' + digit), '\0' };
  int position;

  if (self->active_entry == NULL)
    return;
  position = (int) g_utf8_strlen (gtk_editable_get_text (self->active_entry), -1);
  gtk_editable_insert_text (self->active_entry, text, 1, &position);
}

static void
on_pad_erase (KakanaiPinPad       *pad,
              KakanaiQuestionPage *self)
{
  int length;

  if (self->active_entry == NULL)
    return;
  length = (int) g_utf8_strlen (gtk_editable_get_text (self->active_entry), -1);
  if (length > 0)
    gtk_editable_delete_text (self->active_entry, length - 1, length);
}

static void
add_digit_entry (KakanaiQuestionPage *self,
                 GtkBox              *box,
                 KakanaiQuestion     *question,
                 const char          *key,
                 const char          *caption)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *entry_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *pad = kakanai_pin_pad_new ();
  GtkInputPurpose purpose = kakanai_question_get_kind (question) == KAKANAI_QUESTION_PHONE
                              ? GTK_INPUT_PURPOSE_PHONE : GTK_INPUT_PURPOSE_DIGITS;
  GtkWidget *entry = add_entry (self, GTK_BOX (entry_box), question, key, caption, purpose);

  gtk_widget_set_valign (entry, GTK_ALIGN_START);
  gtk_widget_set_hexpand (entry_box, TRUE);
  gtk_widget_add_css_class (pad, "compact");
  gtk_box_append (GTK_BOX (row), entry_box);
  gtk_box_append (GTK_BOX (row), pad);
  g_signal_connect (pad, "digit", G_CALLBACK (on_pad_digit), self);
  g_signal_connect (pad, "erase", G_CALLBACK (on_pad_erase), self);
  gtk_box_append (box, row);
}

static void
ensure_keyboard (KakanaiQuestionPage *self)
{
  GtkWidget *keyboard;

  if (self->keyboard != NULL)
    return;
  keyboard = kakanai_kana_keyboard_new ();
  g_set_weak_pointer (&self->keyboard, KAKANAI_KANA_KEYBOARD (keyboard));
  if (self->active_entry != NULL)
    kakanai_kana_keyboard_set_target (self->keyboard, self->active_entry);
  gtk_box_append (self->keys_box, keyboard);
}

/* ---- numbers and years: − and + ---- */

typedef struct {
  Part     *part;
  GtkLabel *value_label;
  int       minimum;
  int       maximum;
} Stepper;

static int
current_fiscal_year (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);

  /* A year's certificate is issued from June; before that the last one. */
  return g_date_time_get_month (now) >= 6 ? year : year - 1;
}

static int
stepper_get (Stepper *stepper)
{
  const char *value = kakanai_kiosk_session_get_answer (stepper->part->self->session, stepper->part->key);

  return value != NULL ? atoi (value) : stepper->minimum;
}

static void
stepper_show (Stepper *stepper)
{
  int value = stepper_get (stepper);
  g_autofree char *text = NULL;

  if (kakanai_question_get_kind (stepper->part->question) == KAKANAI_QUESTION_FISCAL_YEAR)
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
  g_autofree char *text = g_strdup_printf ("%d", CLAMP (value, stepper->minimum, stepper->maximum));

  give_answer (stepper->part->self, stepper->part->key, stepper->part->caption, text, TRUE);
  stepper_show (stepper);
}

static void
on_stepper_clicked (GtkButton *button,
                    Stepper   *stepper)
{
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));

  stepper_set (stepper, stepper_get (stepper) + delta);
}

static GtkWidget *
step_button (const char *text,
             const char *name,
             const char *accessible,
             int         delta)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  gtk_widget_add_css_class (button, "stepper");
  gtk_widget_set_name (button, name);
  kakanai_kiosk_ruby_set_accessible (button, GTK_ACCESSIBLE_PROPERTY_LABEL, accessible);
  g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (delta));
  return button;
}

static void
add_stepper (KakanaiQuestionPage *self,
             GtkBox              *box,
             KakanaiQuestion     *question,
             const char          *key,
             const char          *caption)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *value = gtk_label_new ("");
  Stepper *stepper = g_new0 (Stepper, 1);
  const char *prompt = caption != NULL ? caption : prompt_of (self, question);
  g_autofree char *less_name = g_strdup_printf ("less:%s", key);
  g_autofree char *more_name = g_strdup_printf ("more:%s", key);
  g_autofree char *less_label = g_strdup_printf (_("Less: %s"), prompt);
  g_autofree char *more_label = g_strdup_printf (_("More: %s"), prompt);
  GtkWidget *less, *more;
  double min = 0, max = 99;
  gboolean fiscal = kakanai_question_get_kind (question) == KAKANAI_QUESTION_FISCAL_YEAR;

  stepper->part = part_new (self, row, question, key, caption);
  g_object_set_data_full (G_OBJECT (row), "stepper", stepper, g_free);
  if (!kakanai_question_get_range (question, &min, &max))
    {
      min = fiscal ? current_fiscal_year () - 5 : 0;
      max = fiscal ? current_fiscal_year () : 99;
    }
  if (fiscal)
    max = MIN (max, current_fiscal_year ());
  stepper->minimum = (int) min;
  stepper->maximum = (int) MAX (min, max);
  stepper->value_label = GTK_LABEL (value);
  less = step_button ("−", less_name, less_label, -1);
  more = step_button ("+", more_name, more_label, 1);
  gtk_widget_add_css_class (value, "stepper-value");
  kakanai_kiosk_ruby_set_accessible (value, GTK_ACCESSIBLE_PROPERTY_LABEL, prompt);
  gtk_box_append (GTK_BOX (row), less);
  gtk_box_append (GTK_BOX (row), value);
  gtk_box_append (GTK_BOX (row), more);
  g_signal_connect (less, "clicked", G_CALLBACK (on_stepper_clicked), stepper);
  g_signal_connect (more, "clicked", G_CALLBACK (on_stepper_clicked), stepper);
  gtk_box_append (box, row);
  remember_first (self, more);
  /* A number always has a value the resident sees (copies start at the least, a year
   * at the latest). */
  if (kakanai_kiosk_session_get_answer (self->session, key) == NULL)
    {
      int initial = fiscal ? stepper->maximum : stepper->minimum;
      g_autofree char *text = g_strdup_printf ("%d", initial);
      gboolean was = self->rebuilding;

      self->rebuilding = FALSE;
      give_answer (self, key, caption, text, TRUE);
      self->rebuilding = was;
    }
  stepper_show (stepper);
}

/* ---- dates: year, month and day ---- */

typedef struct {
  Part     *part;
  GtkLabel *value_label;
  int       year, month, day;
  gboolean  set;
} DateInput;

static void
date_show (DateInput *date)
{
  g_autofree char *iso = NULL;
  g_autofree char *wareki = NULL;
  g_autofree char *text = NULL;

  if (!date->set)
    {
      gtk_label_set_text (date->value_label, _("Not chosen yet"));
      return;
    }
  iso = g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);
  wareki = kakanai_wareki_format_date (iso, KAKANAI_DATE_STYLE_WAREKI, NULL);
  text = g_strdup_printf ("%s (%d/%d/%d)", wareki != NULL ? wareki : "", date->year, date->month, date->day);
  gtk_label_set_text (date->value_label, text);
}

static void
on_date_clicked (GtkButton *button,
                 DateInput *date)
{
  const char *unit = g_object_get_data (G_OBJECT (button), "unit");
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *typed = NULL;
  int days;

  if (!date->set)
    {
      date->year = g_date_time_get_year (now);
      date->month = g_date_time_get_month (now);
      date->day = g_date_time_get_day_of_month (now);
      date->set = TRUE;
    }
  if (g_str_equal (unit, "year"))
    date->year = CLAMP (date->year + delta, 1900, g_date_time_get_year (now) + 1);
  else if (g_str_equal (unit, "month"))
    date->month = (date->month + delta + 11) % 12 + 1;
  days = g_date_get_days_in_month ((GDateMonth) date->month, (GDateYear) date->year);
  if (g_str_equal (unit, "day"))
    date->day = (date->day + delta + days - 1) % days + 1;
  date->day = MIN (date->day, days);
  typed = g_strdup_printf ("%d/%d/%d", date->year, date->month, date->day);
  give_answer (date->part->self, date->part->key, date->part->caption, typed, TRUE);
  date_show (date);
}

static void
add_date_unit (GtkWidget  *row,
               DateInput  *date,
               const char *unit,
               const char *caption,
               const char *prompt,
               int         big_step)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  int deltas[] = { -big_step, -1, 1, big_step };
  const char *texts[] = { "−10", "−", "+", "+10" };

  gtk_widget_add_css_class (group, "date-unit");
  for (guint i = 0; i < G_N_ELEMENTS (deltas); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *button;

      if (big_step == 1 && (i == 0 || i == 3))
        continue;
      name = g_strdup_printf ("%s%s:%s:%s", deltas[i] < 0 ? "less" : "more", (i == 0 || i == 3) ? "10" : "",
                              unit, date->part->key);
      accessible = g_strdup_printf (deltas[i] < 0 ? _("%s: %d less (%s)") : _("%s: %d more (%s)"),
                                    caption, ABS (deltas[i]), prompt);
      button = step_button (texts[i], name, accessible, deltas[i]);
      gtk_widget_add_css_class (button, "date-key");
      g_object_set_data (G_OBJECT (button), "unit", (gpointer) unit);
      g_signal_connect (button, "clicked", G_CALLBACK (on_date_clicked), date);
      if (i == 2)
        {
          GtkWidget *label = gtk_label_new (caption);

          gtk_widget_add_css_class (label, "caption");
          gtk_box_append (GTK_BOX (group), label);
        }
      gtk_box_append (GTK_BOX (group), button);
    }
  gtk_box_append (GTK_BOX (row), group);
}

static void
add_date (KakanaiQuestionPage *self,
          GtkBox              *box,
          KakanaiQuestion     *question,
          const char          *key,
          const char          *caption)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *value = gtk_label_new ("");
  DateInput *date = g_new0 (DateInput, 1);
  const char *prompt = caption != NULL ? caption : prompt_of (self, question);
  const char *stored = kakanai_kiosk_session_get_answer (self->session, key);

  date->part = part_new (self, column, question, key, caption);
  g_object_set_data_full (G_OBJECT (column), "date", date, g_free);
  date->value_label = GTK_LABEL (value);
  if (stored != NULL && sscanf (stored, "%d-%d-%d", &date->year, &date->month, &date->day) == 3)
    date->set = TRUE;
  gtk_widget_add_css_class (value, "stepper-value");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  kakanai_kiosk_ruby_set_accessible (value, GTK_ACCESSIBLE_PROPERTY_LABEL, prompt);
  gtk_box_append (GTK_BOX (column), value);
  add_date_unit (row, date, "year", _("Year"), prompt, 10);
  add_date_unit (row, date, "month", _("Month"), prompt, 1);
  add_date_unit (row, date, "day", _("Day"), prompt, 1);
  gtk_box_append (GTK_BOX (column), row);
  gtk_box_append (box, column);
  remember_first (self, gtk_widget_get_first_child (gtk_widget_get_first_child (row)));
  date_show (date);
}

/* ---- choices: toggle buttons ---- */

static gboolean
value_holds (const char *list,
             const char *value)
{
  g_auto (GStrv) values = list != NULL ? g_strsplit (list, ",", -1) : NULL;

  return values != NULL && g_strv_contains ((const char * const *) values, value);
}

static void
on_choice_toggled (GtkToggleButton *toggle,
                   Part            *part)
{
  KakanaiQuestionPage *self = part->self;
  gboolean multiple = kakanai_question_get_kind (part->question) == KAKANAI_QUESTION_MULTIPLE_CHOICE;
  const char *value = g_object_get_data (G_OBJECT (toggle), "value");
  GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (toggle));
  g_autoptr (GString) list = g_string_new ("");

  if (self->rebuilding)
    return;
  if (!multiple)
    {
      /* A group of toggles: the one turned off is followed by the one turned on. */
      if (gtk_toggle_button_get_active (toggle))
        give_answer (self, part->key, part->caption, value, TRUE);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
      {
        if (list->len > 0)
          g_string_append_c (list, ',');
        g_string_append (list, g_object_get_data (G_OBJECT (child), "value"));
      }
  give_answer (self, part->key, part->caption, list->str, TRUE);
}

static void
add_choices (KakanaiQuestionPage *self,
             GtkBox              *box,
             KakanaiQuestion     *question,
             const char          *key,
             const char          *caption)
{
  const char * const *options = kakanai_question_get_options (question);
  const char *stored = kakanai_kiosk_session_get_answer (self->session, key);
  gboolean multiple = kakanai_question_get_kind (question) == KAKANAI_QUESTION_MULTIPLE_CHOICE;
  GtkWidget *grid = gtk_grid_new ();
  GtkToggleButton *group = NULL;
  guint per_row = 3;
  Part *part = part_new (self, grid, question, key, caption);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  kakanai_kiosk_ruby_set_accessible (grid, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                     caption != NULL ? caption : prompt_of (self, question));
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (option_label (self, question, options[i]));
      g_autofree char *name = g_strdup_printf ("choice:%s:%s", key, options[i]);

      gtk_widget_set_name (toggle, name);
      gtk_widget_add_css_class (toggle, "option");
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (toggle))), TRUE);
      g_object_set_data_full (G_OBJECT (toggle), "value", g_strdup (options[i]), g_free);
      if (!multiple && group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), group);
      else if (!multiple)
        group = GTK_TOGGLE_BUTTON (toggle);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle),
                                    multiple ? value_holds (stored, options[i]) : g_strcmp0 (stored, options[i]) == 0);
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_choice_toggled), part);
      gtk_grid_attach (GTK_GRID (grid), toggle, (int) (i % per_row), (int) (i / per_row), 1, 1);
      remember_first (self, toggle);
    }
  gtk_box_append (box, grid);
}

/* ---- one answer, by kind ---- */

static void
add_caption (GtkBox     *box,
             const char *caption,
             gboolean    required)
{
  g_autofree char *text = required ? g_strdup_printf (_("%s (required)"), caption) : g_strdup (caption);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (box, label);
}

static void
add_answer (KakanaiQuestionPage *self,
            GtkBox              *box,
            KakanaiQuestion     *question,
            const char          *key,
            const char          *caption)
{
  if (caption != NULL)
    add_caption (box, caption, kakanai_question_is_required (question));
  switch (kakanai_question_get_kind (question))
    {
    case KAKANAI_QUESTION_DIGITS:
    case KAKANAI_QUESTION_PHONE:
    case KAKANAI_QUESTION_POSTAL_CODE:
      add_digit_entry (self, box, question, key, caption);
      break;
    case KAKANAI_QUESTION_NUMBER:
    case KAKANAI_QUESTION_FISCAL_YEAR:
      add_stepper (self, box, question, key, caption);
      break;
    case KAKANAI_QUESTION_DATE:
      add_date (self, box, question, key, caption);
      break;
    case KAKANAI_QUESTION_CHOICE:
    case KAKANAI_QUESTION_MULTIPLE_CHOICE:
    case KAKANAI_QUESTION_YES_NO:
      add_choices (self, box, question, key, caption);
      break;
    case KAKANAI_QUESTION_GROUP:
      g_return_if_reached ();
    case KAKANAI_QUESTION_TEXT:
    case KAKANAI_QUESTION_KATAKANA:
    default:
      add_entry (self, box, question, key, caption, GTK_INPUT_PURPOSE_FREE_FORM);
      break;
    }
}

/* ---- a group: one block per member ---- */

static void
on_group_count_clicked (GtkButton *button,
                        Part      *part)
{
  KakanaiQuestionPage *self = part->self;
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  guint count = kakanai_kiosk_session_get_group_count (self->session, part->key);

  if (delta < 0 && count == 0)
    return;
  kakanai_kiosk_session_set_group_count (self->session, part->key, (guint) ((int) count + delta));
  rebuild (self);
}

static void
add_group (KakanaiQuestionPage *self,
           KakanaiQuestion     *group)
{
  const char *key = kakanai_question_get_key (group);
  guint count = kakanai_kiosk_session_get_group_count (self->session, key);
  GPtrArray *fields = kakanai_question_get_fields (group);
  gboolean any_text = FALSE;

  for (guint n = 1; n <= count; n++)
    {
      GtkWidget *member = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
      g_autofree char *title = g_strdup_printf (_("Person %u"), n);
      GtkWidget *title_label = gtk_label_new (title);
      g_autofree char *remove_name = g_strdup_printf ("remove:%s.%u", key, n);
      g_autofree char *remove_label = g_strdup_printf (_("Take away person %u"), n);
      GtkWidget *remove = gtk_button_new_with_label (remove_label);
      Part *part = part_new (self, remove, group, key, NULL);

      gtk_widget_add_css_class (member, "member");
      gtk_widget_add_css_class (title_label, "member-title");
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_widget_set_hexpand (title_label, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (title_label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      g_object_set (title_label, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);
      gtk_widget_set_name (remove, remove_name);
      g_object_set_data (G_OBJECT (remove), "delta", GINT_TO_POINTER (-1));
      /* Only the last one can go: the others keep their numbers. */
      gtk_widget_set_visible (remove, n == count);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_group_count_clicked), part);
      gtk_box_append (GTK_BOX (header), title_label);
      gtk_box_append (GTK_BOX (header), remove);
      gtk_box_append (GTK_BOX (member), header);
      for (guint f = 0; f < fields->len; f++)
        {
          KakanaiQuestion *field = g_ptr_array_index (fields, f);
          g_autofree char *part_key = g_strdup_printf ("%s.%u.%s", key, n, kakanai_question_get_key (field));
          KakanaiQuestionKind kind = kakanai_question_get_kind (field);

          any_text |= kind == KAKANAI_QUESTION_TEXT || kind == KAKANAI_QUESTION_KATAKANA;
          add_answer (self, GTK_BOX (member), field, part_key, prompt_of (self, field));
        }
      gtk_box_append (self->answer_box, member);
    }
  if (count < kakanai_question_get_max_count (group))
    {
      GtkWidget *add = gtk_button_new_with_label (count == 0 ? _("Add a person") : _("Add another person"));
      g_autofree char *add_name = g_strdup_printf ("add:%s", key);
      Part *part = part_new (self, add, group, key, NULL);

      gtk_widget_set_name (add, add_name);
      gtk_widget_set_halign (add, GTK_ALIGN_START);
      g_object_set_data (G_OBJECT (add), "delta", GINT_TO_POINTER (1));
      g_signal_connect (add, "clicked", G_CALLBACK (on_group_count_clicked), part);
      gtk_box_append (self->answer_box, add);
      remember_first (self, add);
    }
  if (any_text)
    ensure_keyboard (self);
}

/* ------------------------------------------------------------------------- */
/* The page                                                                   */

static void
clear (KakanaiQuestionPage *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->error_source, g_source_remove);
  self->rebuilding = TRUE;
  /* GtkEntryBuffer zeroes the text it drops: nothing typed stays in freed memory. */
  for (guint i = 0; i < self->entries->len; i++)
    gtk_editable_set_text (g_ptr_array_index (self->entries, i), "");
  g_ptr_array_set_size (self->entries, 0);
  g_clear_weak_pointer (&self->active_entry);
  g_clear_weak_pointer (&self->keyboard);
  g_clear_weak_pointer (&self->first_control);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answer_box))) != NULL)
    gtk_box_remove (self->answer_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->keys_box))) != NULL)
    gtk_box_remove (self->keys_box, child);
  g_hash_table_remove_all (self->errors);
  show_errors (self);
  self->rebuilding = FALSE;
}

static void
update_progress (KakanaiQuestionPage *self)
{
  guint position = 0, count = 0;
  g_autofree char *text = NULL;

  kakanai_kiosk_session_get_question_position (self->session, &position, &count);
  text = g_strdup_printf (_("Question %u of %u"), position, count);
  gtk_label_set_text (self->progress_label, text);
}

static void
rebuild (KakanaiQuestionPage *self)
{
  KakanaiQuestion *question = kakanai_kiosk_session_get_question (self->session);
  gboolean required;
  const char *help;

  clear (self);
  g_clear_pointer (&self->shown, kakanai_question_unref);
  if (question == NULL)
    return;
  self->shown = kakanai_question_ref (question);
  self->rebuilding = TRUE;
  required = kakanai_question_is_required (question);
  gtk_label_set_text (self->title_label, prompt_of (self, question));
  help = kakanai_question_get_help (question, self->language);
  gtk_label_set_text (self->help_label, help);
  gtk_widget_set_visible (GTK_WIDGET (self->help_label), help[0] != '\0');
  gtk_label_set_text (self->required_label, required ? _("Required") : _("You may leave this empty"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->required_label), required ? "optional" : "required");
  gtk_widget_add_css_class (GTK_WIDGET (self->required_label), required ? "required" : "optional");
  update_progress (self);
  if (kakanai_question_get_kind (question) == KAKANAI_QUESTION_GROUP)
    add_group (self, question);
  else
    {
      KakanaiQuestionKind kind = kakanai_question_get_kind (question);

      add_answer (self, self->answer_box, question, kakanai_question_get_key (question), NULL);
      if (kind == KAKANAI_QUESTION_TEXT || kind == KAKANAI_QUESTION_KATAKANA)
        ensure_keyboard (self);
    }
  self->rebuilding = FALSE;
}

static void
on_question (KakanaiKioskSession *session,
             GParamSpec          *pspec,
             KakanaiQuestionPage *self)
{
  if (kakanai_kiosk_session_get_question (session) != self->shown)
    rebuild (self);
  else
    update_progress (self);
}

static void
on_answers_changed (KakanaiKioskSession *session,
                    KakanaiQuestionPage *self)
{
  /* A choice can make later questions apply (「その他」 asks what for). */
  update_progress (self);
}

static gboolean
kakanai_question_page_grab_focus (GtkWidget *widget)
{
  KakanaiQuestionPage *self = KAKANAI_QUESTION_PAGE (widget);

  return self->first_control != NULL && gtk_widget_grab_focus (self->first_control);
}

static void
kakanai_question_page_dispose (GObject *object)
{
  KakanaiQuestionPage *self = KAKANAI_QUESTION_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->entries != NULL)
    clear (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, kakanai_question_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_QUESTION_PAGE);
  G_OBJECT_CLASS (kakanai_question_page_parent_class)->dispose (object);
}

static void
kakanai_question_page_finalize (GObject *object)
{
  KakanaiQuestionPage *self = KAKANAI_QUESTION_PAGE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->language, g_free);
  G_OBJECT_CLASS (kakanai_question_page_parent_class)->finalize (object);
}

static void
kakanai_question_page_class_init (KakanaiQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_question_page_dispose;
  object_class->finalize = kakanai_question_page_finalize;
  widget_class->grab_focus = kakanai_question_page_grab_focus;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-question-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, required_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, help_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, answer_box);
  gtk_widget_class_bind_template_child (widget_class, KakanaiQuestionPage, keys_box);
}

static void
kakanai_question_page_init (KakanaiQuestionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new ();
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GtkWidget *
kakanai_question_page_new (KakanaiKioskSession *session,
                           const char          *language)
{
  KakanaiQuestionPage *self = g_object_new (KAKANAI_TYPE_QUESTION_PAGE, NULL);

  self->session = g_object_ref (session);
  self->language = g_strdup (language);
  g_signal_connect (session, "notify::question-index", G_CALLBACK (on_question), self);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_question), self);
  g_signal_connect (session, "answers-changed", G_CALLBACK (on_answers_changed), self);
  rebuild (self);
  return GTK_WIDGET (self);
}
