/* kakanai-kana-keyboard.c: an on-screen katakana keyboard for フリガナ.
 *
 * The 50-sound table as a phone-book style grid, plus the three modifier keys
 * that change the last letter (゛ ゜ 小), so every katakana reading can be
 * typed with a finger alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-kana-keyboard.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kakanai-kiosk-ruby.h"

#define MODIFIER_VOICED      0x309B /* ゛ */
#define MODIFIER_SEMI_VOICED 0x309C /* ゜ */
#define MODIFIER_SMALL       0x5C0F /* 小 */

struct _KakanaiKanaKeyboard {
  GtkWidget    parent_instance;
  GtkGrid     *grid;
  GtkEditable *target; /* weak */
};

G_DEFINE_FINAL_TYPE (KakanaiKanaKeyboard, kakanai_kana_keyboard, GTK_TYPE_WIDGET)

/* One row of the table per consonant, five vowels each; "" leaves a gap. */
static const char * const kana_rows[][5] = {
  { "ア", "イ", "ウ", "エ", "オ" },
  { "カ", "キ", "ク", "ケ", "コ" },
  { "サ", "シ", "ス", "セ", "ソ" },
  { "タ", "チ", "ツ", "テ", "ト" },
  { "ナ", "ニ", "ヌ", "ネ", "ノ" },
  { "ハ", "ヒ", "フ", "ヘ", "ホ" },
  { "マ", "ミ", "ム", "メ", "モ" },
  { "ヤ", "", "ユ", "", "ヨ" },
  { "ラ", "リ", "ル", "レ", "ロ" },
  { "ワ", "", "ヲ", "", "ン" },
};

/* Pairs of (plain, changed). */
static const gunichar voiced_pairs[][2] = {
  { 0x30AB, 0x30AC }, { 0x30AD, 0x30AE }, { 0x30AF, 0x30B0 }, { 0x30B1, 0x30B2 }, { 0x30B3, 0x30B4 },
  { 0x30B5, 0x30B6 }, { 0x30B7, 0x30B8 }, { 0x30B9, 0x30BA }, { 0x30BB, 0x30BC }, { 0x30BD, 0x30BE },
  { 0x30BF, 0x30C0 }, { 0x30C1, 0x30C2 }, { 0x30C4, 0x30C5 }, { 0x30C6, 0x30C7 }, { 0x30C8, 0x30C9 },
  { 0x30CF, 0x30D0 }, { 0x30D2, 0x30D3 }, { 0x30D5, 0x30D6 }, { 0x30D8, 0x30D9 }, { 0x30DB, 0x30DC },
  { 0x30A6, 0x30F4 },
};
static const gunichar semi_voiced_pairs[][2] = {
  { 0x30CF, 0x30D1 }, { 0x30D2, 0x30D4 }, { 0x30D5, 0x30D7 }, { 0x30D8, 0x30DA }, { 0x30DB, 0x30DD },
};
static const gunichar small_pairs[][2] = {
  { 0x30A2, 0x30A1 }, { 0x30A4, 0x30A3 }, { 0x30A6, 0x30A5 }, { 0x30A8, 0x30A7 }, { 0x30AA, 0x30A9 },
  { 0x30C4, 0x30C3 }, { 0x30E4, 0x30E3 }, { 0x30E6, 0x30E5 }, { 0x30E8, 0x30E7 }, { 0x30EF, 0x30EE },
  { 0x30AB, 0x30F5 }, { 0x30B1, 0x30F6 },
};

static gunichar
swap_in_pairs (const gunichar (*pairs)[2],
               gsize          n_pairs,
               gunichar       c)
{
  for (gsize i = 0; i < n_pairs; i++)
    {
      if (pairs[i][0] == c)
        return pairs[i][1];
      if (pairs[i][1] == c)
        return pairs[i][0];
    }
  return c;
}

/* The plain letter of a changed one (ガ → カ), else @c. */
static gunichar
plain_form (const gunichar (*pairs)[2],
            gsize          n_pairs,
            gunichar       c)
{
  for (gsize i = 0; i < n_pairs; i++)
    if (pairs[i][1] == c)
      return pairs[i][0];
  return c;
}

gunichar
kakanai_kana_apply_modifier (gunichar c,
                             gunichar modifier)
{
  gunichar plain, changed;

  switch (modifier)
    {
    case MODIFIER_VOICED:
      /* パ + ゛ → バ: a semi-voiced letter goes back to its plain form first. */
      plain = plain_form (semi_voiced_pairs, G_N_ELEMENTS (semi_voiced_pairs), c);
      changed = swap_in_pairs (voiced_pairs, G_N_ELEMENTS (voiced_pairs), plain);
      return changed == plain ? c : changed;
    case MODIFIER_SEMI_VOICED:
      plain = plain_form (voiced_pairs, G_N_ELEMENTS (voiced_pairs), c);
      changed = swap_in_pairs (semi_voiced_pairs, G_N_ELEMENTS (semi_voiced_pairs), plain);
      return changed == plain ? c : changed;
    case MODIFIER_SMALL:
      return swap_in_pairs (small_pairs, G_N_ELEMENTS (small_pairs), c);
    default:
      return c;
    }
}

static void
insert_at_end (GtkEditable *editable,
               const char  *text)
{
  int position = (int) g_utf8_strlen (gtk_editable_get_text (editable), -1);

  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);
}

static void
modify_last (GtkEditable *editable,
             gunichar     modifier)
{
  const char *text = gtk_editable_get_text (editable);
  int length = (int) g_utf8_strlen (text, -1);
  gunichar last, changed;
  char buffer[8] = { 0 };

  if (length == 0)
    return;
  last = g_utf8_get_char (g_utf8_offset_to_pointer (text, length - 1));
  changed = kakanai_kana_apply_modifier (last, modifier);
  if (changed == last)
    return;
  g_unichar_to_utf8 (changed, buffer);
  gtk_editable_delete_text (editable, length - 1, length);
  insert_at_end (editable, buffer);
}

static void
on_key_clicked (GtkButton           *button,
                KakanaiKanaKeyboard *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "text");
  gunichar modifier = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "modifier"));

  if (self->target == NULL)
    return;
  if (modifier != 0)
    modify_last (self->target, modifier);
  else
    insert_at_end (self->target, text);
}

static void
on_erase_clicked (GtkButton           *button,
                  KakanaiKanaKeyboard *self)
{
  int length;

  if (self->target == NULL)
    return;
  length = (int) g_utf8_strlen (gtk_editable_get_text (self->target), -1);
  if (length > 0)
    gtk_editable_delete_text (self->target, length - 1, length);
}

static GtkWidget *
add_key (KakanaiKanaKeyboard *self,
         const char          *name,
         const char          *label,
         const char          *accessible_name,
         int                  column,
         int                  row,
         int                  width)
{
  GtkWidget *key = gtk_button_new_with_label (label);

  gtk_widget_set_name (key, name);
  gtk_widget_add_css_class (key, "kana-key");
  gtk_widget_set_focus_on_click (key, FALSE);
  if (accessible_name != NULL)
    kakanai_kiosk_ruby_set_accessible (key, GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name);
  gtk_grid_attach (self->grid, key, column, row, width, 1);
  return key;
}

static void
kakanai_kana_keyboard_dispose (GObject *object)
{
  KakanaiKanaKeyboard *self = KAKANAI_KANA_KEYBOARD (object);

  g_clear_weak_pointer (&self->target);
  g_clear_pointer ((GtkWidget **) &self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (kakanai_kana_keyboard_parent_class)->dispose (object);
}

static void
kakanai_kana_keyboard_class_init (KakanaiKanaKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kakanai_kana_keyboard_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kanakeyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kakanai_kana_keyboard_init (KakanaiKanaKeyboard *self)
{
  struct { const char *id; const char *label; const char *name; gunichar modifier; } modifiers[] = {
    { "voiced", "゛", N_("Add a voiced mark (カ → ガ)"), MODIFIER_VOICED },
    { "semi-voiced", "゜", N_("Add a round mark (ハ → パ)"), MODIFIER_SEMI_VOICED },
    { "small", "小", N_("Make the letter small (ツ → ッ)"), MODIFIER_SMALL },
  };
  GtkWidget *key;
  int column = 0;

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 4);
  gtk_grid_set_column_spacing (self->grid, 6);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->grid), GTK_WIDGET (self));

  /* Traditional order: the ア column on the left, vowels top to bottom. */
  for (gsize row = 0; row < G_N_ELEMENTS (kana_rows); row++)
    for (int vowel = 0; vowel < 5; vowel++)
      {
        const char *kana = kana_rows[row][vowel];

        if (kana[0] == '\0')
          continue;
        g_autofree char *name = g_strdup_printf ("kana:%s", kana);

        key = add_key (self, name, kana, NULL, (int) row, vowel, 1);
        g_object_set_data (G_OBJECT (key), "text", (gpointer) kana);
        g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked), self);
      }

  key = add_key (self, "kana:ー", "ー", _("Long vowel mark"), column, 5, 1);
  g_object_set_data (G_OBJECT (key), "text", (gpointer) "ー");
  g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked), self);
  column++;
  for (gsize i = 0; i < G_N_ELEMENTS (modifiers); i++, column++)
    {
      g_autofree char *name = g_strdup_printf ("kana-key:%s", modifiers[i].id);

      key = add_key (self, name, modifiers[i].label, _(modifiers[i].name), column, 5, 1);
      g_object_set_data (G_OBJECT (key), "modifier", GUINT_TO_POINTER (modifiers[i].modifier));
      g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked), self);
    }
  key = add_key (self, "kana-key:space", _("Space"), NULL, column, 5, 3);
  g_object_set_data (G_OBJECT (key), "text", (gpointer) "\u3000");
  g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked), self);
  column += 3;
  key = add_key (self, "kana-key:erase", _("Erase"), _("Erase the last letter"), column, 5, 10 - column);
  gtk_widget_add_css_class (key, "erase");
  g_signal_connect (key, "clicked", G_CALLBACK (on_erase_clicked), self);
}

GtkWidget *
kakanai_kana_keyboard_new (void)
{
  return g_object_new (KAKANAI_TYPE_KANA_KEYBOARD, NULL);
}

void
kakanai_kana_keyboard_set_target (KakanaiKanaKeyboard *self,
                                  GtkEditable         *target)
{
  g_return_if_fail (KAKANAI_IS_KANA_KEYBOARD (self));

  g_set_weak_pointer (&self->target, target);
}
