/* kakanai-language-chooser.c: every offered language by its own name, wrapping onto rows.
 *
 * One toggle button per language in a GtkFlowBox: however many languages a counter offers
 * and however large the text, the buttons wrap onto more rows within the width they are
 * given instead of pushing the screen wider. Each name is laid out in its own language,
 * so that 简体中文 gets Chinese glyph forms beside 日本語's Japanese ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-language-chooser"

#include "config.h"

#include "kakanai-language-chooser.h"

#include <glib/gi18n-lib.h>

#include "kakanai-language.h"

struct _KakanaiLanguageChooser {
  GtkWidget   parent_instance;

  GtkFlowBox *flow;
  GStrv       languages;
  char       *language;
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (KakanaiLanguageChooser, kakanai_language_chooser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LANGUAGES,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
button_language (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "language");
}

static GtkWidget *
button_at (KakanaiLanguageChooser *self,
           int                     index)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->flow, index);

  return child != NULL ? gtk_flow_box_child_get_child (child) : NULL;
}

/* The buttons show the chosen language pressed, and only it. */
static void
sync_buttons (KakanaiLanguageChooser *self)
{
  GtkWidget *button;

  self->updating = TRUE;
  for (int i = 0; (button = button_at (self, i)) != NULL; i++)
    {
      gboolean chosen = g_strcmp0 (button_language (button), self->language) == 0;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), chosen);
      if (chosen)
        gtk_widget_add_css_class (button, "selected");
      else
        gtk_widget_remove_css_class (button, "selected");
    }
  self->updating = FALSE;
}

static void
on_button_toggled (GtkToggleButton        *button,
                   KakanaiLanguageChooser *self)
{
  if (self->updating)
    return;
  if (!gtk_toggle_button_get_active (button))
    {
      /* The chosen language stays chosen: pressing it again changes nothing. */
      if (g_strcmp0 (button_language (GTK_WIDGET (button)), self->language) == 0)
        sync_buttons (self);
      return;
    }
  kakanai_language_chooser_set_language (self, button_language (GTK_WIDGET (button)));
}

static GtkWidget *
create_button (KakanaiLanguageChooser *self,
               const char             *code,
               GtkToggleButton        *group)
{
  const KakanaiLanguage *language = kakanai_language_lookup (code);
  const char *name = kakanai_language_native_name_for (code);
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *widget_name = g_strdup_printf ("language:%s", code);

  if (language != NULL)
    {
      g_autoptr (PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_language_new (
                                pango_language_from_string (kakanai_language_get_tag (language))));
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
    }
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_name (button, widget_name);
  gtk_widget_add_css_class (button, "option");
  gtk_widget_add_css_class (button, "language");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_object_set_data_full (G_OBJECT (button), "language", g_strdup (code), g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
  return button;
}

static void
rebuild_buttons (KakanaiLanguageChooser *self)
{
  GtkWidget *first = NULL;
  GtkFlowBoxChild *child;

  while ((child = gtk_flow_box_get_child_at_index (self->flow, 0)) != NULL)
    gtk_flow_box_remove (self->flow, GTK_WIDGET (child));
  for (guint i = 0; self->languages[i] != NULL; i++)
    {
      GtkWidget *button = create_button (self, self->languages[i], GTK_TOGGLE_BUTTON (first));

      if (first == NULL)
        first = button;
      gtk_flow_box_append (self->flow, button);
      /* The child, not the button, is what a flow box focuses: let the button take it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  sync_buttons (self);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
kakanai_language_chooser_dispose (GObject *object)
{
  KakanaiLanguageChooser *self = KAKANAI_LANGUAGE_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KAKANAI_TYPE_LANGUAGE_CHOOSER);
  G_OBJECT_CLASS (kakanai_language_chooser_parent_class)->dispose (object);
}

static void
kakanai_language_chooser_finalize (GObject *object)
{
  KakanaiLanguageChooser *self = KAKANAI_LANGUAGE_CHOOSER (object);

  g_strfreev (self->languages);
  g_free (self->language);
  G_OBJECT_CLASS (kakanai_language_chooser_parent_class)->finalize (object);
}

static void
kakanai_language_chooser_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KakanaiLanguageChooser *self = KAKANAI_LANGUAGE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      g_value_set_boxed (value, self->languages);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_language_chooser_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  KakanaiLanguageChooser *self = KAKANAI_LANGUAGE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      kakanai_language_chooser_set_languages (self, g_value_get_boxed (value));
      break;
    case PROP_LANGUAGE:
      kakanai_language_chooser_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GtkFlowBox asks for the width of one child only: placed in a centred box it would
 * stack the languages in a column. The chooser asks for all of them on one line, and
 * wraps onto more rows only when it is given less. */
static void
kakanai_language_chooser_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  KakanaiLanguageChooser *self = KAKANAI_LANGUAGE_CHOOSER (widget);
  GtkWidget *flow = GTK_WIDGET (self->flow);
  int one_line = 0, count = 0, ignored_minimum = 0;

  if (minimum == NULL)
    minimum = &ignored_minimum;

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    {
      /* Like a wrapping label, the height with no width given is the height on its
       * natural width: a window measuring this way must not stack the languages in one
       * column, taller than the display. */
      int natural_width = 0;

      kakanai_language_chooser_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
      for_size = natural_width;
    }
  gtk_widget_measure (flow, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation != GTK_ORIENTATION_HORIZONTAL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_natural = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_natural, NULL, NULL);
      one_line += child_natural;
      count++;
    }
  if (count > 1)
    one_line += (count - 1) * (int) gtk_flow_box_get_column_spacing (self->flow);
  *natural = MAX (*natural, one_line);
}

static GtkSizeRequestMode
kakanai_language_chooser_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kakanai_language_chooser_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  gtk_widget_allocate (GTK_WIDGET (KAKANAI_LANGUAGE_CHOOSER (widget)->flow), width, height, baseline, NULL);
}

static void
kakanai_language_chooser_class_init (KakanaiLanguageChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_language_chooser_dispose;
  object_class->finalize = kakanai_language_chooser_finalize;
  object_class->get_property = kakanai_language_chooser_get_property;
  object_class->set_property = kakanai_language_chooser_set_property;

  properties[PROP_LANGUAGES] =
    g_param_spec_boxed ("languages", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kakanai/widgets/kakanai-language-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, KakanaiLanguageChooser, flow);
  widget_class->measure = kakanai_language_chooser_measure;
  widget_class->get_request_mode = kakanai_language_chooser_get_request_mode;
  widget_class->size_allocate = kakanai_language_chooser_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "languagechooser");
}

static void
kakanai_language_chooser_init (KakanaiLanguageChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->languages = g_new0 (char *, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Language"), -1);
}

GtkWidget *
kakanai_language_chooser_new (const char * const *languages)
{
  return g_object_new (KAKANAI_TYPE_LANGUAGE_CHOOSER, "languages", languages, NULL);
}

void
kakanai_language_chooser_set_languages (KakanaiLanguageChooser *self,
                                        const char * const     *languages)
{
  g_return_if_fail (KAKANAI_IS_LANGUAGE_CHOOSER (self));

  g_strfreev (self->languages);
  self->languages = languages != NULL ? g_strdupv ((GStrv) languages) : g_new0 (char *, 1);
  if (self->language == NULL || !g_strv_contains ((const char * const *) self->languages, self->language))
    {
      g_free (self->language);
      self->language = g_strdup (self->languages[0]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
    }
  rebuild_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGES]);
}

const char * const *
kakanai_language_chooser_get_languages (KakanaiLanguageChooser *self)
{
  g_return_val_if_fail (KAKANAI_IS_LANGUAGE_CHOOSER (self), NULL);
  return (const char * const *) self->languages;
}

const char *
kakanai_language_chooser_get_language (KakanaiLanguageChooser *self)
{
  g_return_val_if_fail (KAKANAI_IS_LANGUAGE_CHOOSER (self), NULL);
  return self->language;
}

void
kakanai_language_chooser_set_language (KakanaiLanguageChooser *self,
                                       const char             *code)
{
  g_return_if_fail (KAKANAI_IS_LANGUAGE_CHOOSER (self));

  if (code == NULL || !g_strv_contains ((const char * const *) self->languages, code))
    {
      g_warning ("“%s” is not one of the offered languages", code != NULL ? code : "(null)");
      return;
    }
  if (g_strcmp0 (self->language, code) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (code);
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
