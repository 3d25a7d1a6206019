/* kakanai-kiosk-ruby.c: the resident's text drawn with its readings, on every screen.
 *
 * The screens are GtkBuilder templates of GtkLabels, shared by every language. Rather
 * than a second template per screen for the one language that needs ruby, each label a
 * resident reads gets a KakanaiRubyLabel beside it, bound to the label's text: the label
 * keeps its place in the code (its text and visibility are still set there), stays hidden
 * and the ruby label is shown where the code shows the label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-ruby.h"

#include "kakanai-ruby-label.h"
#include "kakanai-ruby.h"

#define TWIN_KEY "kakanai-ruby-twin"
#define HIDING_KEY "kakanai-ruby-hiding"

static const char * const prose_classes[] = {
  "title", "hero", "section-title", "lead", "hint", "status", "notice", "warning-text", NULL,
};

static gboolean
has_readings (const char *text)
{
  g_autoptr (GArray) spans = NULL;
  g_autofree char *base = kakanai_ruby_parse (text, &spans);

  return spans != NULL && spans->len > 0;
}

static gboolean
is_prose (GtkWidget *label)
{
  for (guint i = 0; prose_classes[i] != NULL; i++)
    if (gtk_widget_has_css_class (label, prose_classes[i]))
      return TRUE;
  return FALSE;
}

static GtkJustification
justify_of (GtkLabel *label)
{
  float xalign = gtk_label_get_xalign (label);

  if (gtk_label_get_justify (label) == GTK_JUSTIFY_CENTER || xalign == 0.5f)
    return GTK_JUSTIFY_CENTER;
  return gtk_label_get_justify (label) == GTK_JUSTIFY_RIGHT || xalign == 1.0f ? GTK_JUSTIFY_RIGHT
                                                                            : GTK_JUSTIFY_LEFT;
}

static GtkWidget *
new_twin (GtkLabel *label)
{
  GtkWidget *source = GTK_WIDGET (label);
  GtkWidget *twin = g_object_new (KAKANAI_TYPE_RUBY_LABEL,
                                  "accessible-role", gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)),
                                  "halign", gtk_widget_get_halign (source),
                                  "valign", gtk_widget_get_valign (source),
                                  "hexpand", gtk_widget_get_hexpand (source),
                                  "vexpand", gtk_widget_get_vexpand (source),
                                  NULL);
  g_auto (GStrv) classes = gtk_widget_get_css_classes (source);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (label));

  gtk_widget_set_css_classes (twin, (const char **) classes);
  gtk_widget_add_css_class (twin, "ruby");
  /* The tests find a screen's label by its .ui id: the twin answers to it. */
  gtk_widget_set_name (twin, id != NULL ? id : gtk_widget_get_name (source));
  kakanai_ruby_label_set_justify (KAKANAI_RUBY_LABEL (twin), justify_of (label));
  g_object_bind_property (label, "label", twin, "markup", G_BINDING_SYNC_CREATE);
  return twin;
}

/* The code shows and hides the label: the twin is shown instead, and the label hidden
 * again. The mark tells that hiding from the code's; it stays until the hiding's own
 * notification comes, which GTK may deliver after this handler has returned. */
static void
on_label_visible (GtkWidget  *label,
                  GParamSpec *pspec,
                  GtkWidget  *twin)
{
  gboolean visible = gtk_widget_get_visible (label);

  if (g_object_get_data (G_OBJECT (label), HIDING_KEY) != NULL)
    {
      if (!visible)
        g_object_set_data (G_OBJECT (label), HIDING_KEY, NULL);
      return;
    }
  /* An alert shown again is what makes a screen reader say it (kakanai-alert.h): the
   * twin, an alert too, is shown again with it. */
  if (visible && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (twin)) == GTK_ACCESSIBLE_ROLE_ALERT)
    gtk_widget_set_visible (twin, FALSE);
  gtk_widget_set_visible (twin, visible);
  if (visible)
    {
      g_object_set_data (G_OBJECT (label), HIDING_KEY, GINT_TO_POINTER (TRUE));
      gtk_widget_set_visible (label, FALSE);
    }
}

static void
follow_in_box (GtkLabel *label)
{
  GtkWidget *source = GTK_WIDGET (label);
  GtkWidget *twin = new_twin (label);

  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (source)), twin, source);
  g_object_set_data (G_OBJECT (label), TWIN_KEY, twin);
  g_signal_connect_object (label, "notify::visible", G_CALLBACK (on_label_visible), twin, 0);
  on_label_visible (source, NULL, twin);
}

static void
replace_in_button (GtkLabel *label)
{
  GtkButton *button = GTK_BUTTON (gtk_widget_get_parent (GTK_WIDGET (label)));
  GtkWidget *ruby = kakanai_ruby_label_new (gtk_label_get_label (label));

  /* The button took its name from its label, braces and readings included (and
   * gtk_button_set_label names it again later). */
  kakanai_kiosk_ruby_set_accessible (GTK_WIDGET (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                     gtk_label_get_label (label));
  kakanai_ruby_label_set_justify (KAKANAI_RUBY_LABEL (ruby), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (button, ruby); /* @label is gone from here on */
}

static void
apply_to_label (GtkLabel *label)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (label));
  gboolean readings;

  if (g_object_get_data (G_OBJECT (label), TWIN_KEY) != NULL || gtk_label_get_use_markup (label))
    return;
  readings = has_readings (gtk_label_get_label (label));
  if (GTK_IS_BUTTON (parent) && readings)
    replace_in_button (label);
  else if (GTK_IS_BOX (parent) && (readings || is_prose (GTK_WIDGET (label))))
    follow_in_box (label);
}

void
kakanai_kiosk_ruby_apply (GtkWidget *root)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LABEL (root))
    {
      apply_to_label (GTK_LABEL (root));
      return;
    }
  child = gtk_widget_get_first_child (root);
  while (child != NULL)
    {
      /* The next one first: a twin goes in right after its label. */
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (!KAKANAI_IS_RUBY_LABEL (child))
        kakanai_kiosk_ruby_apply (child);
      child = next;
    }
}

void
kakanai_kiosk_ruby_set_accessible (GtkWidget             *widget,
                                   GtkAccessibleProperty  property,
                                   const char            *text)
{
  g_autofree char *words = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (property == GTK_ACCESSIBLE_PROPERTY_LABEL ||
                    property == GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  words = kakanai_ruby_strip (text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), property, words, -1);
}

const char *
kakanai_kiosk_ruby_label_words (GtkWidget *label)
{
  if (KAKANAI_IS_RUBY_LABEL (label))
    return kakanai_ruby_label_get_markup (KAKANAI_RUBY_LABEL (label));
  if (GTK_IS_LABEL (label))
    return gtk_label_get_text (GTK_LABEL (label));
  return NULL;
}
