/* kakanai-kiosk-pages-private.h: the resident's screens (kakanai-kiosk-pages.ui).
 *
 * A view only: KakanaiKioskWindow drives it. The struct is open to the window
 * so the flow can reach the widgets; a new instance is built whenever the
 * language changes, which makes GtkBuilder translate every string again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kakanai-page-view.h"
#include "kakanai-pin-pad.h"

G_BEGIN_DECLS

#define KAKANAI_TYPE_KIOSK_PAGES (kakanai_kiosk_pages_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskPages, kakanai_kiosk_pages, KAKANAI, KIOSK_PAGES, GtkWidget)

struct _KakanaiKioskPages {
  GtkWidget       parent_instance;

  GtkLabel       *municipality_label;
  GtkLabel       *step_label;
  GtkStack       *stack;
  /* welcome */
  GtkLabel       *welcome_title;
  GtkButton      *start_button;
  GtkBox         *language_box;
  GtkToggleButton *large_text_toggle;
  GtkToggleButton *high_contrast_toggle;
  /* choose */
  GtkFlowBox     *procedures_box;
  GtkLabel       *choose_message;
  /* card */
  GtkPicture     *card_picture;
  GtkLabel       *reader_state_label;
  GtkLabel       *reader_hint_label;
  GtkSpinner     *card_spinner;
  /* pin */
  GtkLabel       *pin_title;
  GtkLabel       *pin_hint;
  GtkLabel       *pin_dots;
  GtkLabel       *pin_tries_label;
  GtkLabel       *pin_message;
  KakanaiPinPad  *pin_pad;
  /* reading */
  GtkProgressBar *reading_progress;
  GtkLabel       *reading_step_label;
  /* confirm */
  GtkLabel       *record_name;
  GtkLabel       *record_address;
  GtkLabel       *record_birth_date;
  GtkLabel       *record_sex;
  /* supplements */
  GtkLabel       *supplements_progress;
  GtkScrolledWindow *supplements_scroller;
  GtkBox         *supplements_box;
  /* preview */
  GtkButton      *preview_previous;
  GtkLabel       *preview_page_label;
  GtkButton      *preview_next;
  GtkButton      *preview_zoom_out;
  GtkButton      *preview_zoom_in;
  GtkScrolledWindow *preview_scroller;
  KakanaiPageView *preview_area;
  GtkLabel       *preview_problems;
  /* finish */
  GtkLabel       *finish_title;
  GtkLabel       *finish_message;
  /* problem */
  GtkLabel       *problem_details;
  /* navigation */
  GtkBox         *navigation;
  GtkButton      *start_over_button;
  GtkButton      *back_button;
  GtkButton      *next_button;
};

KakanaiKioskPages *kakanai_kiosk_pages_new (void);

G_END_DECLS
