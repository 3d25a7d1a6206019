/* kakanai-kiosk-pages.c: the resident's screens (a view driven by the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kiosk-pages-private.h"

G_DEFINE_FINAL_TYPE (KakanaiKioskPages, kakanai_kiosk_pages, GTK_TYPE_WIDGET)

static void
kakanai_kiosk_pages_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KAKANAI_TYPE_KIOSK_PAGES);
  G_OBJECT_CLASS (kakanai_kiosk_pages_parent_class)->dispose (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KakanaiKioskPages, name)

static void
kakanai_kiosk_pages_class_init (KakanaiKioskPagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_kiosk_pages_dispose;
  g_type_ensure (KAKANAI_TYPE_PIN_PAD);
  g_type_ensure (KAKANAI_TYPE_PAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kakanai/Kiosk/kakanai-kiosk-pages.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  BIND (municipality_label);
  BIND (step_label);
  BIND (stack);
  BIND (welcome_title);
  BIND (start_button);
  BIND (language_box);
  BIND (large_text_toggle);
  BIND (high_contrast_toggle);
  BIND (procedures_box);
  BIND (choose_message);
  BIND (card_picture);
  BIND (reader_state_label);
  BIND (reader_hint_label);
  BIND (card_spinner);
  BIND (pin_title);
  BIND (pin_hint);
  BIND (pin_dots);
  BIND (pin_tries_label);
  BIND (pin_message);
  BIND (pin_pad);
  BIND (reading_progress);
  BIND (reading_step_label);
  BIND (record_name);
  BIND (record_address);
  BIND (record_birth_date);
  BIND (record_sex);
  BIND (supplements_progress);
  BIND (supplements_scroller);
  BIND (supplements_box);
  BIND (preview_previous);
  BIND (preview_page_label);
  BIND (preview_next);
  BIND (preview_zoom_out);
  BIND (preview_zoom_in);
  BIND (preview_scroller);
  BIND (preview_area);
  BIND (preview_problems);
  BIND (finish_title);
  BIND (finish_message);
  BIND (problem_details);
  BIND (navigation);
  BIND (start_over_button);
  BIND (back_button);
  BIND (next_button);
}

static void
kakanai_kiosk_pages_init (KakanaiKioskPages *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_picture_set_resource (self->card_picture, "/jp/kakanai/Kiosk/card-placement.svg");
}

KakanaiKioskPages *
kakanai_kiosk_pages_new (void)
{
  return g_object_new (KAKANAI_TYPE_KIOSK_PAGES, NULL);
}
