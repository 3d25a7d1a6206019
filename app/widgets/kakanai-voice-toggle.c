/* kakanai-voice-toggle.c: the 音声案内 (voice guide) switch, with its volume.
 *
 * The switch and the slider are bound to the guide's "active" and "volume", both ways: a
 * guide turned off elsewhere (the session's end) shows off here at once. The slider is shown
 * only while the guide is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-voice-toggle"

#include "config.h"

#include "kakanai-voice-toggle-private.h"

#include "kakanai-ruby-label.h"

struct _KakanaiVoiceToggle {
  GtkWidget          parent_instance;

  GtkToggleButton   *toggle;
  GtkAdjustment     *volume_adjustment;
  KakanaiVoiceGuide *guide;
  GBinding          *active_binding;
  GBinding          *volume_binding;
  char              *language;
  GtkWindow         *window;          /* followed for its focus; weak */
  gulong             focus_handler;
};

G_DEFINE_FINAL_TYPE (KakanaiVoiceToggle, kakanai_voice_toggle, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GUIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_sensitivity (KakanaiVoiceToggle *self)
{
  gboolean can_speak = self->guide != NULL &&
                       (self->language == NULL ||
                        kakanai_voice_guide_can_speak (self->guide, self->language));

  gtk_widget_set_visible (GTK_WIDGET (self), self->guide != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toggle), can_speak);
  if (!can_speak && self->guide != NULL)
    kakanai_voice_guide_set_active (self->guide, FALSE);
}

/* ---- the focused control ------------------------------------------------------------ */

static void
append_spoken (GString   *words,
               GtkWidget *widget)
{
  const char *text = NULL;

  if (GTK_IS_EDITABLE (widget) || !gtk_widget_get_visible (widget))
    return;
  if (KAKANAI_IS_RUBY_LABEL (widget))
    text = kakanai_ruby_label_get_markup (KAKANAI_RUBY_LABEL (widget));
  else if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  if (text != NULL)
    {
      if (text[0] != '\0')
        g_string_append_printf (words, "%s%s", words->len > 0 ? " " : "", text);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_spoken (words, child);
}

char *
kakanai_voice_toggle_spoken_text_for (GtkWidget *widget)
{
  g_autoptr (GString) words = g_string_new (NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  append_spoken (words, widget);
  return words->len > 0 ? g_string_free (g_steal_pointer (&words), FALSE) : NULL;
}

static void
on_focus_changed (GtkWindow          *window,
                  GParamSpec         *pspec,
                  KakanaiVoiceToggle *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_autofree char *words = NULL;

  if (self->guide == NULL || !kakanai_voice_guide_get_active (self->guide) || focus == NULL ||
      self->language == NULL)
    return;
  /* The switch itself says nothing on taking the focus: it was just pressed. */
  if (focus == GTK_WIDGET (self->toggle))
    return;
  words = kakanai_voice_toggle_spoken_text_for (focus);
  if (words != NULL)
    kakanai_voice_guide_speak (self->guide, self->language, words);
}

static void
stop_following (KakanaiVoiceToggle *self)
{
  if (self->window == NULL)
    return;
  g_clear_signal_handler (&self->focus_handler, self->window);
  g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
}

void
kakanai_voice_toggle_follow_focus (KakanaiVoiceToggle *self,
                                   GtkWindow          *window)
{
  g_return_if_fail (KAKANAI_IS_VOICE_TOGGLE (self));
  g_return_if_fail (window == NULL || GTK_IS_WINDOW (window));

  stop_following (self);
  if (window == NULL)
    return;
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->focus_handler = g_signal_connect (window, "notify::focus-widget",
                                          G_CALLBACK (on_focus_changed), self);
}

/* ---- the guide ----------------------------------------------------------------------- */

static void
unbind_guide (KakanaiVoiceToggle *self)
{
  if (self->active_binding != NULL)
    g_binding_unbind (self->active_binding);
  if (self->volume_binding != NULL)
    g_binding_unbind (self->volume_binding);
  self->active_binding = NULL;
  self->volume_binding = NULL;
  g_clear_object (&self->guide);
}

static void
kakanai_voice_toggle_dispose (GObject *object)
{
  KakanaiVoiceToggle *self = KAKANAI_VOICE_TOGGLE (object);

  stop_following (self);
  unbind_guide (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_VOICE_TOGGLE);
  G_OBJECT_CLASS (kakanai_voice_toggle_parent_class)->dispose (object);
}

static void
kakanai_voice_toggle_finalize (GObject *object)
{
  KakanaiVoiceToggle *self = KAKANAI_VOICE_TOGGLE (object);

  g_free (self->language);
  G_OBJECT_CLASS (kakanai_voice_toggle_parent_class)->finalize (object);
}

static void
kakanai_voice_toggle_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KakanaiVoiceToggle *self = KAKANAI_VOICE_TOGGLE (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      g_value_set_object (value, self->guide);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_voice_toggle_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KakanaiVoiceToggle *self = KAKANAI_VOICE_TOGGLE (object);

  switch (prop_id)
    {
    case PROP_GUIDE:
      kakanai_voice_toggle_set_guide (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_voice_toggle_class_init (KakanaiVoiceToggleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_voice_toggle_dispose;
  object_class->finalize = kakanai_voice_toggle_finalize;
  object_class->get_property = kakanai_voice_toggle_get_property;
  object_class->set_property = kakanai_voice_toggle_set_property;

  properties[PROP_GUIDE] =
    g_param_spec_object ("guide", NULL, NULL, KAKANAI_TYPE_VOICE_GUIDE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kakanai/widgets/kakanai-voice-toggle.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiVoiceToggle, toggle);
  gtk_widget_class_bind_template_child (widget_class, KakanaiVoiceToggle, volume_adjustment);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "voicetoggle");
}

static void
kakanai_voice_toggle_init (KakanaiVoiceToggle *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self->toggle), "voice-guide");
  update_sensitivity (self);
}

GtkWidget *
kakanai_voice_toggle_new (KakanaiVoiceGuide *guide)
{
  return g_object_new (KAKANAI_TYPE_VOICE_TOGGLE, "guide", guide, NULL);
}

KakanaiVoiceGuide *
kakanai_voice_toggle_get_guide (KakanaiVoiceToggle *self)
{
  g_return_val_if_fail (KAKANAI_IS_VOICE_TOGGLE (self), NULL);
  return self->guide;
}

void
kakanai_voice_toggle_set_guide (KakanaiVoiceToggle *self,
                                KakanaiVoiceGuide  *guide)
{
  g_return_if_fail (KAKANAI_IS_VOICE_TOGGLE (self));
  g_return_if_fail (guide == NULL || KAKANAI_IS_VOICE_GUIDE (guide));

  if (self->guide == guide)
    return;
  unbind_guide (self);
  if (guide != NULL)
    {
      self->guide = g_object_ref (guide);
      self->active_binding = g_object_bind_property (guide, "active", self->toggle, "active",
                                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      self->volume_binding = g_object_bind_property (guide, "volume", self->volume_adjustment, "value",
                                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    }
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDE]);
}

void
kakanai_voice_toggle_set_language (KakanaiVoiceToggle *self,
                                   const char         *language)
{
  g_return_if_fail (KAKANAI_IS_VOICE_TOGGLE (self));

  g_free (self->language);
  self->language = g_strdup (language);
  update_sensitivity (self);
}
