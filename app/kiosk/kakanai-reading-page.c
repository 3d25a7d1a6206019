/* kakanai-reading-page.c: the card being read (on the card's own thread), its steps
 * on a bar; the bar pulses until the card reports its first step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-reading-page.h"

#include <glib/gi18n.h>

#include "kakanai-kiosk-ruby.h"

struct _KakanaiReadingPage {
  GtkWidget            parent_instance;

  GtkProgressBar      *reading_progress;
  GtkLabel            *reading_step_label;

  KakanaiKioskSession *session;
  guint                pulse_source;
};

G_DEFINE_FINAL_TYPE (KakanaiReadingPage, kakanai_reading_page, GTK_TYPE_WIDGET)

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
set_caption (KakanaiReadingPage *self,
             const char         *caption)
{
  gtk_label_set_text (self->reading_step_label, caption);
  kakanai_kiosk_ruby_set_accessible (GTK_WIDGET (self->reading_progress),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, caption);
}

static gboolean
pulse (gpointer data)
{
  KakanaiReadingPage *self = data;

  gtk_progress_bar_pulse (self->reading_progress);
  return G_SOURCE_CONTINUE;
}

static void
on_step (KakanaiKioskSession *session,
         GParamSpec          *pspec,
         KakanaiReadingPage  *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (kakanai_kiosk_session_get_step (session) != KAKANAI_KIOSK_STEP_READING)
    return;
  gtk_progress_bar_set_fraction (self->reading_progress, 0);
  set_caption (self, _("Connecting to your card…"));
  self->pulse_source = g_timeout_add (120, pulse, self);
}

static void
on_progress (KakanaiKioskSession *session,
             GParamSpec          *pspec,
             KakanaiReadingPage  *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_progress_bar_set_fraction (self->reading_progress, kakanai_kiosk_session_get_reading_fraction (session));
  set_caption (self, describe_read_step (kakanai_kiosk_session_get_reading_step (session)));
}

static void
kakanai_reading_page_dispose (GObject *object)
{
  KakanaiReadingPage *self = KAKANAI_READING_PAGE (object);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_READING_PAGE);
  G_OBJECT_CLASS (kakanai_reading_page_parent_class)->dispose (object);
}

static void
kakanai_reading_page_class_init (KakanaiReadingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kakanai_reading_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kakanai/Kiosk/kakanai-reading-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KakanaiReadingPage, reading_progress);
  gtk_widget_class_bind_template_child (widget_class, KakanaiReadingPage, reading_step_label);
}

static void
kakanai_reading_page_init (KakanaiReadingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kakanai_reading_page_new (KakanaiKioskSession *session)
{
  KakanaiReadingPage *self = g_object_new (KAKANAI_TYPE_READING_PAGE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect (session, "notify::step", G_CALLBACK (on_step), self);
  g_signal_connect (session, "notify::reading-fraction", G_CALLBACK (on_progress), self);
  on_step (session, NULL, self);
  return GTK_WIDGET (self);
}
