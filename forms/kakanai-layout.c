/* kakanai-layout.c: the one layout pass, template + data → positioned glyphs and shapes.
 *
 * Text is shaped once per field with HarfBuzz in em units (so shrinking is a scale, not
 * a reshape), each character in the first family that has it (IPAmj Mincho for names,
 * then IPAex, and the other way round). Lines are broken by Japanese rules (kinsoku).
 * Whatever does not fit or cannot be drawn becomes a problem for the clerk, never a
 * silent cut.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include <kakanai-secure.h>

#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"
#include "kakanai-layout-private.h"
#include "kakanai-wareki.h"

/* Wrapped text shrinks in steps this small (pt) looking for the largest size that fits. */
#define SHRINK_STEP_PT 0.25

struct _KakanaiLayout
{
  GPtrArray  *pages;       /* KakanaiLayoutPage* */
  GPtrArray  *problems;    /* KakanaiLayoutProblem* */
  GHashTable *image_cache; /* for the renderers */
};

/* One glyph of shaped text, in em units. */
typedef struct {
  KakanaiFontFamily font;
  hb_codepoint_t    glyph;
  double            advance;
  double            x_offset, y_offset;
  guint             cluster;        /* byte offset of the cluster in the text */
  guint             cluster_length; /* bytes; 0 for the 2nd+ glyph of a cluster */
  gboolean          hard_break;     /* a "\n": ends the line, not drawn */
} ShapedGlyph;

typedef struct {
  const char *text;
  GArray     *glyphs; /* ShapedGlyph */
  gboolean   *breaks; /* may a line start at glyph i? (kinsoku, computed once) */
} ShapedText;

typedef struct {
  guint  start, end; /* glyph indices [start, end) */
  double width;      /* em, trailing spaces left out */
} TextLine;

typedef struct {
  KakanaiLayout        *layout;
  KakanaiLayoutPage    *page;
  KakanaiTemplate      *tpl;
  const KakanaiElement *element;
} FieldContext;

/* ---- problems ---------------------------------------------------------------------- */

static void
problem_free (gpointer data)
{
  KakanaiLayoutProblem *problem = data;

  g_free (problem->template_id);
  g_free (problem->element_id);
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

static void G_GNUC_PRINTF (4, 5)
add_problem (FieldContext             *ctx,
             KakanaiLayoutProblemKind  kind,
             gunichar                  character,
             const char               *format,
             ...)
{
  KakanaiLayoutProblem *problem = g_new0 (KakanaiLayoutProblem, 1);
  va_list args;

  problem->kind = kind;
  problem->template_id = g_strdup (kakanai_template_get_id (ctx->tpl));
  problem->element_id = kakanai_element_describe (ctx->element);
  problem->key = g_strdup (ctx->element->key != NULL ? ctx->element->key : "");
  problem->character = character;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->layout->problems, problem);
}

static const char *
field_name (FieldContext *ctx)
{
  return ctx->element->key != NULL ? ctx->element->key
                                   : (ctx->element->id != NULL ? ctx->element->id : "text");
}

/* ---- items ------------------------------------------------------------------------- */

static void
item_free (gpointer data)
{
  KakanaiLayoutItem *item = data;

  kakanai_secure_strfree (item->text);
  if (item->glyphs != NULL)
    {
      kakanai_wipe (item->glyphs->data, item->glyphs->len * sizeof (KakanaiGlyph));
      g_array_unref (item->glyphs);
    }
  g_free (item->image_path);
  g_clear_pointer (&item->image, kakanai_image_unref);
  g_free (item);
}

static KakanaiLayoutItem *
add_item (FieldContext    *ctx,
          KakanaiItemType  type)
{
  KakanaiLayoutItem *item = g_new0 (KakanaiLayoutItem, 1);

  item->type = type;
  item->element = ctx->element->index;
  item->color = ctx->element->color;
  g_ptr_array_add (ctx->page->items, item);
  return item;
}

static KakanaiLayoutItem *
add_line_item (FieldContext *ctx, double x, double y, double x2, double y2, double width)
{
  KakanaiLayoutItem *item = add_item (ctx, KAKANAI_ITEM_LINE);

  item->x = x;
  item->y = y;
  item->x2 = x2;
  item->y2 = y2;
  item->line_width = width;
  return item;
}

/* ---- fonts per character ------------------------------------------------------------- */

static const KakanaiFontFamily fallback_order[KAKANAI_N_FONTS][KAKANAI_N_FONTS] = {
  [KAKANAI_FONT_MINCHO] = { KAKANAI_FONT_MINCHO, KAKANAI_FONT_NAMES, KAKANAI_FONT_GOTHIC },
  [KAKANAI_FONT_GOTHIC] = { KAKANAI_FONT_GOTHIC, KAKANAI_FONT_MINCHO, KAKANAI_FONT_NAMES },
  [KAKANAI_FONT_NAMES] = { KAKANAI_FONT_NAMES, KAKANAI_FONT_MINCHO, KAKANAI_FONT_GOTHIC },
};

static gboolean
is_variation_selector (gunichar ch)
{
  return (ch >= 0xFE00 && ch <= 0xFE0F) || (ch >= 0xE0100 && ch <= 0xE01EF);
}

/* Characters that take the font of the one before them. */
static gboolean
joins_previous (gunichar ch)
{
  return is_variation_selector (ch) || ch == 0x200D /* ZWJ */ ||
         g_unichar_type (ch) == G_UNICODE_NON_SPACING_MARK ||
         g_unichar_type (ch) == G_UNICODE_ENCLOSING_MARK;
}

/* Whether the char needs no glyph: spaces and controls are never "missing". */
static gboolean
needs_no_glyph (gunichar ch)
{
  return ch == '\n' || g_unichar_iscntrl (ch) || g_unichar_isspace (ch);
}

static KakanaiFontFamily
choose_font (FieldContext      *ctx,
             KakanaiFontFamily  primary,
             gunichar           ch,
             gunichar           variation_selector,
             GHashTable        *reported)
{
  for (int i = 0; i < KAKANAI_N_FONTS; i++)
    if (kakanai_font_lookup_glyph (kakanai_font_get (fallback_order[primary][i]), ch,
                                   variation_selector) != 0)
      return fallback_order[primary][i];

  if (!needs_no_glyph (ch))
    {
      if (!g_hash_table_add (reported, GUINT_TO_POINTER (ch)))
        return primary;
      char utf8[8] = { 0 };
      g_unichar_to_utf8 (ch, utf8);
      add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_MISSING_GLYPH, ch,
                   _("No font can draw the character %s (U+%04X) in %s"),
                   utf8, ch, field_name (ctx));
    }
  return primary;
}

/* ---- shaping ----------------------------------------------------------------------- */

static void
shape_run (const char        *text,
           gsize              text_length,
           guint              run_start,
           guint              run_end,
           KakanaiFontFamily  family,
           gboolean           vertical,
           GArray            *out)
{
  const KakanaiFont *font = kakanai_font_get (family);
  hb_buffer_t *buffer = hb_buffer_create ();
  hb_glyph_info_t *infos;
  hb_glyph_position_t *positions;
  unsigned int n;
  guint first = out->len;

  hb_buffer_add_utf8 (buffer, text, text_length, run_start, run_end - run_start);
  /* Top to bottom, HarfBuzz applies the fonts' "vert" forms (、。「」ー and the like). */
  hb_buffer_set_direction (buffer, vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
  hb_buffer_set_language (buffer, hb_language_from_string ("ja", -1));
  hb_buffer_guess_segment_properties (buffer);
  hb_buffer_set_flags (buffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
  hb_shape (font->font, buffer, NULL, 0);

  infos = hb_buffer_get_glyph_infos (buffer, &n);
  positions = hb_buffer_get_glyph_positions (buffer, NULL);
  for (unsigned int i = 0; i < n; i++)
    {
      ShapedGlyph glyph = {
        .font = family,
        .glyph = infos[i].codepoint,
        .advance = (double) (vertical ? -positions[i].y_advance : positions[i].x_advance) / font->upem,
        .x_offset = (double) positions[i].x_offset / font->upem,
        .y_offset = (double) positions[i].y_offset / font->upem,
        .cluster = infos[i].cluster,
        .hard_break = text[infos[i].cluster] == '\n',
      };
      g_array_append_val (out, glyph);
    }

  /* A cluster spans up to the next cluster (LTR: clusters only grow). */
  for (guint i = first; i < out->len; i++)
    {
      ShapedGlyph *glyph = &g_array_index (out, ShapedGlyph, i);
      guint end = run_end;

      if (i > first && g_array_index (out, ShapedGlyph, i - 1).cluster == glyph->cluster)
        continue;
      for (guint j = i + 1; j < out->len; j++)
        if (g_array_index (out, ShapedGlyph, j).cluster > glyph->cluster)
          {
            end = g_array_index (out, ShapedGlyph, j).cluster;
            break;
          }
      glyph->cluster_length = end - glyph->cluster;
      if (glyph->hard_break)
        glyph->advance = 0;
    }
  kakanai_wipe (infos, n * sizeof *infos);
  hb_buffer_destroy (buffer);
}

static void
shaped_text_clear (ShapedText *shaped)
{
  if (shaped->glyphs != NULL)
    {
      kakanai_wipe (shaped->glyphs->data, shaped->glyphs->len * sizeof (ShapedGlyph));
      g_clear_pointer (&shaped->glyphs, g_array_unref);
      g_clear_pointer (&shaped->breaks, g_free);
    }
}

/* Splits @text into runs of one font each and shapes them. */
static void
shape_text (FieldContext      *ctx,
            const char        *text,
            KakanaiFontFamily  primary,
            ShapedText        *out)
{
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);
  gsize text_length = strlen (text);
  const char *p = text;
  guint run_start = 0;
  KakanaiFontFamily run_font = primary;
  gboolean in_run = FALSE;

  out->text = text;
  out->glyphs = g_array_new (FALSE, FALSE, sizeof (ShapedGlyph));

  while (*p)
    {
      gunichar ch = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gunichar following = *next ? g_utf8_get_char (next) : 0;
      KakanaiFontFamily font;

      if (in_run && joins_previous (ch))
        {
          p = next;
          continue;
        }
      font = choose_font (ctx, primary, ch, is_variation_selector (following) ? following : 0,
                          reported);
      if (in_run && font != run_font)
        {
          shape_run (text, text_length, run_start, p - text, run_font, ctx->element->vertical, out->glyphs);
          run_start = p - text;
        }
      run_font = font;
      in_run = TRUE;
      p = next;
    }
  if (in_run)
    shape_run (text, text_length, run_start, p - text, run_font, ctx->element->vertical, out->glyphs);

  /* Letter spacing (a share of the size) follows every character, as pdfme's
   * characterSpacing does, so it shrinks with the text. */
  for (guint i = 0; ctx->element->letter_spacing != 0 && i < out->glyphs->len; i++)
    {
      ShapedGlyph *glyph = &g_array_index (out->glyphs, ShapedGlyph, i);

      if (!glyph->hard_break && glyph->cluster_length > 0)
        glyph->advance += ctx->element->letter_spacing;
    }
}

/* ---- line breaking (kinsoku) --------------------------------------------------------- */

/* Characters that must not start a line (行頭禁則). */
static const char no_line_start[] =
  "、。，．・：；？！゛゜ヽヾゝゞ々〻ー―‐–—…‥"
  "」』）］｝〕〉》】〙〗〟’”»"
  "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
  ",.:;?!)]}%％";

/* Characters that must not end a line (行末禁則). */
static const char no_line_end[] = "「『（［｛〔〈《【〘〖〝‘“«([{";

typedef struct {
  gunichar *chars; /* sorted */
  gsize     n;
} CharSet;

static int
compare_gunichar (const void *a,
                  const void *b)
{
  gunichar ca = *(const gunichar *) a, cb = *(const gunichar *) b;
  return ca < cb ? -1 : ca > cb;
}

static void
char_set_init (CharSet    *set,
               const char *utf8)
{
  glong n = 0;

  set->chars = g_utf8_to_ucs4_fast (utf8, -1, &n);
  set->n = n;
  qsort (set->chars, set->n, sizeof (gunichar), compare_gunichar);
}

static gboolean
char_set_contains (const CharSet *set,
                   gunichar       ch)
{
  return bsearch (&ch, set->chars, set->n, sizeof (gunichar), compare_gunichar) != NULL;
}

/* The kinsoku sets, decoded once per process (and kept for it). */
static const CharSet *
kinsoku_sets (void)
{
  static CharSet sets[2];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      char_set_init (&sets[0], no_line_start);
      char_set_init (&sets[1], no_line_end);
      g_once_init_leave (&initialised, 1);
    }
  return sets;
}

static gboolean
is_word_char (gunichar ch)
{
  return ch < 0x80 && (g_ascii_isalnum (ch) || ch == '-' || ch == '\'' || ch == '@' || ch == '.');
}

static gunichar
char_before (const char *text,
             guint       offset)
{
  const char *prev = g_utf8_find_prev_char (text, text + offset);

  return prev != NULL ? g_utf8_get_char (prev) : 0;
}

/* May a line start at glyph @i (the head of a cluster)? */
static gboolean
can_break_before (const ShapedText *shaped,
                  guint             i)
{
  const ShapedGlyph *glyph = &g_array_index (shaped->glyphs, ShapedGlyph, i);
  gunichar ch = g_utf8_get_char (shaped->text + glyph->cluster);
  gunichar prev = char_before (shaped->text, glyph->cluster);

  if (glyph->cluster_length == 0 || prev == 0)
    return FALSE;
  if (ch == ' ' || ch == 0x3000)
    return FALSE; /* spaces hang at the end of the line */
  if (prev == ' ' || prev == 0x3000)
    return TRUE;
  if (char_set_contains (&kinsoku_sets ()[0], ch) || char_set_contains (&kinsoku_sets ()[1], prev))
    return FALSE;
  if (is_word_char (ch) && is_word_char (prev))
    return FALSE;
  return TRUE;
}

static void
find_breaks (ShapedText *shaped)
{
  shaped->breaks = g_new0 (gboolean, shaped->glyphs->len + 1);
  for (guint i = 1; i < shaped->glyphs->len; i++)
    shaped->breaks[i] = can_break_before (shaped, i);
}

static gboolean
is_space_glyph (const ShapedText *shaped,
                const ShapedGlyph *glyph)
{
  gunichar ch = g_utf8_get_char (shaped->text + glyph->cluster);
  return ch == ' ' || ch == 0x3000 || glyph->hard_break;
}

static double
width_without_trailing_spaces (const ShapedText *shaped,
                               guint             start,
                               guint             end)
{
  double width = 0;

  while (end > start && is_space_glyph (shaped, &g_array_index (shaped->glyphs, ShapedGlyph, end - 1)))
    end--;
  for (guint i = start; i < end; i++)
    width += g_array_index (shaped->glyphs, ShapedGlyph, i).advance;
  return width;
}

static void
push_line (GArray           *lines,
           const ShapedText *shaped,
           guint             start,
           guint             end)
{
  TextLine line = { start, end, width_without_trailing_spaces (shaped, start, end) };

  g_array_append_val (lines, line);
}

/* Greedy breaking at @max_width em; the last allowed break before the overflow wins.
 * Stops after @max_lines + 1 lines: a caller that knows no more fit needs no more. */
static GArray *
break_lines (const ShapedText *shaped,
             double            max_width,
             guint             max_lines)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (TextLine));
  guint n = shaped->glyphs->len;
  guint start = 0, last_break = 0;
  double width = 0;

  for (guint i = 0; i < n && lines->len <= max_lines; i++)
    {
      const ShapedGlyph *glyph = &g_array_index (shaped->glyphs, ShapedGlyph, i);

      if (glyph->hard_break)
        {
          push_line (lines, shaped, start, i);
          start = last_break = i + 1;
          width = 0;
          continue;
        }
      if (i > start && shaped->breaks[i])
        last_break = i;

      width += glyph->advance;
      if (width > max_width + 1e-9 && i > start && !is_space_glyph (shaped, glyph))
        {
          guint end = last_break > start ? last_break : i;

          /* A forced break still keeps clusters whole. */
          while (end > start + 1 && g_array_index (shaped->glyphs, ShapedGlyph, end).cluster_length == 0)
            end--;
          push_line (lines, shaped, start, end);
          start = last_break = end;
          width = 0;
          for (guint j = start; j <= i; j++)
            width += g_array_index (shaped->glyphs, ShapedGlyph, j).advance;
        }
    }
  if ((start < n || lines->len == 0) && lines->len <= max_lines)
    push_line (lines, shaped, start, n);
  return lines;
}

/* ---- placing glyphs ------------------------------------------------------------------ */

/* Emits the glyphs [start, end) as items (one per font run) starting at pen (x, baseline). */
static void
emit_glyphs (FieldContext     *ctx,
             const ShapedText *shaped,
             guint             start,
             guint             end,
             double            x,
             double            baseline,
             double            size_mm)
{
  KakanaiLayoutItem *item = NULL;
  guint item_text_start = 0;

  /* Lines and boxes of one field continue the field's last item when they can. */
  if (ctx->page->items->len > 0)
    {
      KakanaiLayoutItem *last = g_ptr_array_index (ctx->page->items, ctx->page->items->len - 1);

      if (last->type == KAKANAI_ITEM_GLYPHS && last->element == ctx->element->index &&
          last->size == size_mm)
        {
          item = last;
          item_text_start = last->text_start;
        }
    }

  for (guint i = start; i < end; i++)
    {
      const ShapedGlyph *glyph = &g_array_index (shaped->glyphs, ShapedGlyph, i);

      if (glyph->hard_break)
        continue;
      if (item == NULL || item->font != glyph->font)
        {
          item = add_item (ctx, KAKANAI_ITEM_GLYPHS);
          item->font = glyph->font;
          item->size = size_mm;
          item->glyphs = g_array_new (FALSE, FALSE, sizeof (KakanaiGlyph));
          item->text_start = item_text_start = glyph->cluster;
        }

      KakanaiGlyph out = {
        .glyph = glyph->glyph,
        .x = x + glyph->x_offset * size_mm,
        .y = baseline - glyph->y_offset * size_mm,
        /* The font's own advance: the PDF writes a run with the font's widths, so a glyph
         * moved by letter spacing must start a run of its own (kakanai-pdf.c). */
        .advance = ctx->element->vertical ? 0
                   : (glyph->advance - (glyph->cluster_length > 0 ? ctx->element->letter_spacing : 0)) * size_mm,
        .text_offset = glyph->cluster - item_text_start,
        .text_length = glyph->cluster_length,
      };
      g_array_append_val (item->glyphs, out);
      /* Vertical: @x is the column's centre and @baseline the pen going down. */
      if (ctx->element->vertical)
        baseline += glyph->advance * size_mm;
      else
        x += glyph->advance * size_mm;
    }
}

/* Each glyph item of the element gets the text of its clusters, once all its lines are
 * placed (copying it as it grew made a long text quadratic). */
static void
set_item_texts (FieldContext     *ctx,
                const ShapedText *shaped,
                guint             first_item)
{
  for (guint i = first_item; i < ctx->page->items->len; i++)
    {
      KakanaiLayoutItem *item = g_ptr_array_index (ctx->page->items, i);
      guint text_end = 0;

      if (item->type != KAKANAI_ITEM_GLYPHS || item->text != NULL)
        continue;
      for (guint g = 0; g < item->glyphs->len; g++)
        {
          const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);

          text_end = MAX (text_end, glyph->text_offset + glyph->text_length);
        }
      item->text = g_strndup (shaped->text + item->text_start, text_end);
    }
}

static double
aligned_x (const KakanaiElement *element,
           double                line_width_mm)
{
  switch (element->align)
    {
    case KAKANAI_ALIGN_CENTER:
      return element->x + (element->width - line_width_mm) / 2;
    case KAKANAI_ALIGN_RIGHT:
      return element->x + element->width - line_width_mm;
    case KAKANAI_ALIGN_LEFT:
    default:
      return element->x;
    }
}

static double
block_top (const KakanaiElement *element,
           double                block_height)
{
  switch (element->valign)
    {
    case KAKANAI_VALIGN_TOP:
      return element->y;
    case KAKANAI_VALIGN_BOTTOM:
      return element->y + element->height - block_height;
    case KAKANAI_VALIGN_MIDDLE:
    default:
      return element->y + (element->height - block_height) / 2;
    }
}

static double
em_height (KakanaiFontFamily family)
{
  const KakanaiFont *font = kakanai_font_get (family);
  return font->ascender - font->descender;
}

static void
place_lines (FieldContext     *ctx,
             const ShapedText *shaped,
             GArray           *lines,
             double            size_mm)
{
  const KakanaiElement *element = ctx->element;
  const KakanaiFont *font = kakanai_font_get (element->font);
  double pitch = element->line_height * size_mm;
  double block = (lines->len - 1) * pitch + em_height (element->font) * size_mm;
  double baseline = block_top (element, block) + font->ascender * size_mm;

  for (guint i = 0; i < lines->len; i++, baseline += pitch)
    {
      const TextLine *line = &g_array_index (lines, TextLine, i);

      emit_glyphs (ctx, shaped, line->start, line->end,
                   aligned_x (element, line->width * size_mm), baseline, size_mm);
    }
}

/* ---- modes ------------------------------------------------------------------------- */

static void
report_overflow (FieldContext *ctx)
{
  add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_OVERFLOW, 0,
               _("%s does not fit its box even at %g pt"),
               field_name (ctx), ctx->element->min_size);
}

static void
layout_single_line (FieldContext     *ctx,
                    const ShapedText *shaped)
{
  const KakanaiElement *element = ctx->element;
  double natural = width_without_trailing_spaces (shaped, 0, shaped->glyphs->len);
  double size = element->size;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (TextLine));
  TextLine line = { 0, shaped->glyphs->len, natural };

  if (natural * size * KAKANAI_MM_PER_PT > element->width)
    {
      size = element->width / (natural * KAKANAI_MM_PER_PT);
      if (size < element->min_size)
        {
          size = element->min_size;
          report_overflow (ctx);
        }
    }
  g_array_append_val (lines, line);
  place_lines (ctx, shaped, lines, size * KAKANAI_MM_PER_PT);
}

static gboolean
lines_fit_height (const KakanaiElement *element,
                  guint                 n_lines,
                  double                size_mm)
{
  double block = (n_lines - 1) * element->line_height * size_mm + em_height (element->font) * size_mm;
  return block <= element->height + 1e-6;
}

static gboolean
lines_fit_width (const KakanaiElement *element,
                 GArray               *lines,
                 double                size_mm)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_array_index (lines, TextLine, i).width * size_mm > element->width + 1e-6)
      return FALSE;
  return TRUE;
}

/* About how many lines fit the box at @size_mm (lines_fit_height decides): one more than
 * that is enough to know a size is too large, so a long text is not broken whole at every
 * size tried. */
static guint
lines_worth_breaking (const KakanaiElement *element,
                      double                size_mm)
{
  double pitch = element->line_height * size_mm;
  double room = element->height - em_height (element->font) * size_mm;

  if (!(pitch > 0) || room < 0)
    return 1;
  return room / pitch + 2 < G_MAXUINT / 2 ? (guint) (room / pitch) + 2 : G_MAXUINT / 2;
}

static void
layout_wrapped (FieldContext     *ctx,
                const ShapedText *shaped)
{
  const KakanaiElement *element = ctx->element;
  g_autoptr(GArray) lines = NULL;
  double size = element->size;

  for (;;)
    {
      double size_mm = size * KAKANAI_MM_PER_PT;
      /* At min_size the lines are drawn whatever their number: all of them. */
      guint max_lines = size > element->min_size ? lines_worth_breaking (element, size_mm) : G_MAXUINT;

      g_clear_pointer (&lines, g_array_unref);
      lines = break_lines (shaped, element->width / size_mm, max_lines);
      if (lines_fit_height (element, lines->len, size_mm) && lines_fit_width (element, lines, size_mm))
        break;
      if (size <= element->min_size)
        {
          report_overflow (ctx);
          break;
        }
      size = MAX (size - SHRINK_STEP_PT, element->min_size);
    }
  place_lines (ctx, shaped, lines, size * KAKANAI_MM_PER_PT);
}

static void
layout_boxes (FieldContext     *ctx,
              const ShapedText *shaped)
{
  const KakanaiElement *element = ctx->element;
  g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (guint));
  double box_width = element->width / element->n_boxes;
  double widest = 0, size, size_mm, baseline;
  guint n = shaped->glyphs->len;

  for (guint i = 0; i < n; i++)
    if (g_array_index (shaped->glyphs, ShapedGlyph, i).cluster_length > 0)
      g_array_append_val (heads, i);

  for (guint c = 0; c < heads->len; c++)
    {
      guint end = c + 1 < heads->len ? g_array_index (heads, guint, c + 1) : n;
      widest = MAX (widest, width_without_trailing_spaces (shaped, g_array_index (heads, guint, c), end));
    }

  size = element->size;
  if (widest * size * KAKANAI_MM_PER_PT > box_width)
    size = MAX (box_width / (widest * KAKANAI_MM_PER_PT), element->min_size);
  if (heads->len > element->n_boxes)
    add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_OVERFLOW, 0,
                 _("%s has %u characters for %u boxes"), field_name (ctx), heads->len,
                 element->n_boxes);
  size_mm = size * KAKANAI_MM_PER_PT;
  baseline = block_top (element, em_height (element->font) * size_mm) +
             kakanai_font_get (element->font)->ascender * size_mm;

  for (guint c = 0; c < heads->len; c++)
    {
      guint start = g_array_index (heads, guint, c);
      guint end = c + 1 < heads->len ? g_array_index (heads, guint, c + 1) : n;
      double width = width_without_trailing_spaces (shaped, start, end) * size_mm;
      double x = element->x + c * box_width + (box_width - width) / 2;

      emit_glyphs (ctx, shaped, start, end, x, baseline, size_mm);
    }
}

static gboolean
mark_option (FieldContext *ctx,
             const char   *value)
{
  const KakanaiElement *element = ctx->element;

  for (guint i = 0; i < element->options->len; i++)
    {
      const KakanaiChoiceOption *option = g_ptr_array_index (element->options, i);
      KakanaiLayoutItem *item;

      if (!g_str_equal (option->value, value))
        continue;
      if (element->mark == KAKANAI_MARK_CIRCLE)
        {
          item = add_item (ctx, KAKANAI_ITEM_ELLIPSE);
          item->x = option->x + option->width / 2;
          item->y = option->y + option->height / 2;
          item->width = option->width / 2;
          item->height = option->height / 2;
          item->line_width = element->line_width;
        }
      else
        {
          double x = option->x, y = option->y, w = option->width, h = option->height;

          add_line_item (ctx, x + 0.15 * w, y + 0.55 * h, x + 0.4 * w, y + 0.8 * h, element->line_width);
          add_line_item (ctx, x + 0.4 * w, y + 0.8 * h, x + 0.85 * w, y + 0.2 * h, element->line_width);
        }
      return TRUE;
    }
  return FALSE;
}

static void
layout_choice (FieldContext *ctx,
               const char   *value)
{
  /* A single choice takes the value whole; a multiple one, comma-separated values. */
  g_auto(GStrv) values = g_strsplit (value, ",", ctx->element->multiple ? -1 : 1);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_strstrip (values[i]);
      if (*values[i] == '\0')
        continue;
      if (!mark_option (ctx, values[i]))
        add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE, 0,
                     _("%s: “%s” is not one of the choices on this form"),
                     field_name (ctx), values[i]);
    }
}

/* ---- values ------------------------------------------------------------------------ */

static char *
format_date (FieldContext *ctx,
             const char   *value)
{
  g_autoptr(GError) error = NULL;
  KakanaiDateStyle style;
  char *text;

  switch (ctx->element->format)
    {
    case KAKANAI_VALUE_FORMAT_ISO:
      return g_strdup (value);
    case KAKANAI_VALUE_FORMAT_GREGORIAN:
      style = KAKANAI_DATE_STYLE_GREGORIAN;
      break;
    case KAKANAI_VALUE_FORMAT_WAREKI_YEAR:
      style = KAKANAI_DATE_STYLE_WAREKI_ERA_YEAR;
      break;
    case KAKANAI_VALUE_FORMAT_WAREKI:
    default:
      style = KAKANAI_DATE_STYLE_WAREKI;
      break;
    }
  text = kakanai_wareki_format_date (value, style, &error);
  if (text == NULL)
    add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE, 0, "%s: %s",
                 field_name (ctx), error->message);
  return text;
}

static char *
format_fiscal_year (FieldContext *ctx,
                    const char   *value)
{
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  gint64 year = g_ascii_strtoll (value, &end, 10);
  char *text = NULL;

  if (end == value || *end != '\0' || year < 1873 || year > 9999)
    add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE, 0,
                 _("%s: “%s” is not a year"), field_name (ctx), value);
  else if ((text = kakanai_wareki_format_fiscal_year ((int) year, &error)) == NULL)
    add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_INVALID_VALUE, 0, "%s: %s",
                 field_name (ctx), error->message);
  return text;
}

static char *
keep_digits (const char *value)
{
  /* Sized once: a string that grows leaves the digits so far in freed memory. */
  GString *digits = g_string_sized_new (strlen (value));

  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      int digit = g_unichar_digit_value (g_utf8_get_char (p));

      if (digit >= 0)
        g_string_append_c (digits, '0' + digit);
    }
  return g_string_free (digits, FALSE);
}

/* A choice question's value printed in a text field shows its Japanese label. */
static const char *
label_of_value (const KakanaiElement *element,
                const char           *value)
{
  for (guint i = 0; element->value_labels != NULL && element->value_labels[i] != NULL; i += 2)
    if (g_str_equal (element->value_labels[i], value))
      return element->value_labels[i + 1];
  return NULL;
}

/* The text a field shows, or NULL when it stays empty (unset, or a problem). */
static char *
field_text (FieldContext *ctx,
            const char   *value)
{
  const KakanaiElement *element = ctx->element;
  g_autofree char *text = NULL;

  if (label_of_value (element, value) != NULL)
    text = g_strdup (label_of_value (element, value));
  else if (element->format == KAKANAI_VALUE_FORMAT_WAREKI_FISCAL)
    text = format_fiscal_year (ctx, value);
  else if (element->value_is_date)
    text = format_date (ctx, value);
  else if (element->mode == KAKANAI_FIELD_BOXES && element->digits_only)
    text = keep_digits (value);
  else
    text = g_strdup (value);

  if (text == NULL || *text == '\0')
    {
      if (text != NULL)
        g_free (g_steal_pointer (&text));
      return NULL;
    }
  if (element->prefix == NULL && element->suffix == NULL)
    return g_steal_pointer (&text);

  char *decorated = g_strconcat (element->prefix ? element->prefix : "", text,
                                 element->suffix ? element->suffix : "", NULL);
  kakanai_wipe (text, strlen (text));
  return decorated;
}

/* 縦書き: one column down the middle of the box, shrunk to its height. */
static void
layout_vertical (FieldContext     *ctx,
                 const ShapedText *shaped)
{
  const KakanaiElement *element = ctx->element;
  double natural = 0, size = element->size, size_mm, top;

  for (guint i = 0; i < shaped->glyphs->len; i++)
    natural += g_array_index (shaped->glyphs, ShapedGlyph, i).advance;
  if (natural * size * KAKANAI_MM_PER_PT > element->height)
    {
      size = element->height / (natural * KAKANAI_MM_PER_PT);
      if (size < element->min_size)
        {
          size = element->min_size;
          report_overflow (ctx);
        }
    }
  size_mm = size * KAKANAI_MM_PER_PT;
  top = block_top (element, natural * size_mm);
  emit_glyphs (ctx, shaped, 0, shaped->glyphs->len, element->x + element->width / 2, top, size_mm);
}

static void
layout_text (FieldContext *ctx,
             const char   *text,
             gboolean      wrap)
{
  ShapedText shaped = { 0 };
  guint first_item = ctx->page->items->len;

  shape_text (ctx, text, ctx->element->font, &shaped);
  find_breaks (&shaped);
  if (ctx->element->vertical)
    layout_vertical (ctx, &shaped);
  else if (ctx->element->mode == KAKANAI_FIELD_BOXES && ctx->element->type == KAKANAI_ELEMENT_FIELD)
    layout_boxes (ctx, &shaped);
  else if (wrap)
    layout_wrapped (ctx, &shaped);
  else
    layout_single_line (ctx, &shaped);
  set_item_texts (ctx, &shaped, first_item);
  shaped_text_clear (&shaped);
}

static void
layout_field (FieldContext    *ctx,
              KakanaiFormData *data)
{
  const KakanaiElement *element = ctx->element;
  const char *value = kakanai_form_data_get (data, element->key);
  char *text;

  if (value == NULL || *value == '\0')
    return;
  if (element->mode == KAKANAI_FIELD_CHOICE)
    {
      layout_choice (ctx, value);
      return;
    }
  text = field_text (ctx, value);
  if (text == NULL)
    return;
  layout_text (ctx, text, element->mode == KAKANAI_FIELD_WRAP);
  kakanai_secure_strfree (text);
}

/* libharu takes dash lengths in whole points: both renderers get the same rounded one. */
static double
dash_in_whole_points (double dash_mm)
{
  if (dash_mm <= 0)
    return 0;
  return MAX (1.0, round (dash_mm / KAKANAI_MM_PER_PT)) * KAKANAI_MM_PER_PT;
}

/* ---- QR codes ------------------------------------------------------------------------- */

/* The content with every {key} replaced by its value ("" when unset); personal data. */
static GString *
qr_content (const char      *content,
            KakanaiFormData *data)
{
  GString *out = g_string_new (NULL);

  for (const char *p = content; *p; p++)
    {
      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        g_string_append_c (out, *p++);
      else if (*p == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *key = g_strndup (p + 1, end - p - 1);
          const char *value = kakanai_form_data_get (data, key);

          if (value != NULL)
            g_string_append (out, value);
          p = end;
        }
      else
        g_string_append_c (out, *p);
    }
  return out;
}

/* Dark modules as filled rectangles, a row's neighbours joined; a quiet zone of four
 * modules is inside the element's square. */
static void
layout_qr (FieldContext    *ctx,
           KakanaiFormData *data)
{
  static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
  const KakanaiElement *element = ctx->element;
  GString *content = qr_content (element->content, data);
  QRcode *code = NULL;
  double module;

  /* Nothing to encode (every key unset): no code, as an empty field draws nothing. */
  if (content->len == 0)
    {
      g_string_free (content, TRUE);
      return;
    }
  code = QRcode_encodeData ((int) content->len, (const unsigned char *) content->str, 0,
                            levels[element->ec_level]);
  kakanai_secure_string_free (content);
  if (code == NULL)
    {
      add_problem (ctx, KAKANAI_LAYOUT_PROBLEM_OVERFLOW, 0,
                   _("%s holds too much to be written as a QR code"), field_name (ctx));
      return;
    }
  module = element->width / (code->width + 8);
  for (int row = 0; row < code->width; row++)
    for (int col = 0; col < code->width; col++)
      {
        int end = col;
        KakanaiLayoutItem *item;

        if (!(code->data[row * code->width + col] & 1))
          continue;
        while (end + 1 < code->width && (code->data[row * code->width + end + 1] & 1))
          end++;
        item = add_item (ctx, KAKANAI_ITEM_RECT);
        item->x = element->x + (col + 4) * module;
        item->y = element->y + (row + 4) * module;
        item->width = (end - col + 1) * module;
        item->height = module;
        item->line_width = 0;
        item->has_fill = TRUE;
        item->fill = element->color;
        col = end;
      }
  kakanai_wipe (code->data, (size_t) code->width * code->width);
  QRcode_free (code);
}

/* ---- static elements ------------------------------------------------------------------- */

static void
layout_static (FieldContext *ctx)
{
  const KakanaiElement *element = ctx->element;
  KakanaiLayoutItem *item;

  switch (element->type)
    {
    case KAKANAI_ELEMENT_TEXT:
      layout_text (ctx, element->text, TRUE);
      break;
    case KAKANAI_ELEMENT_LINE:
      item = add_line_item (ctx, element->x, element->y, element->x2, element->y2,
                            element->line_width);
      item->dash = dash_in_whole_points (element->dash);
      break;
    case KAKANAI_ELEMENT_RECT:
    case KAKANAI_ELEMENT_CIRCLE:
      item = add_item (ctx, element->type == KAKANAI_ELEMENT_RECT ? KAKANAI_ITEM_RECT
                                                                  : KAKANAI_ITEM_ELLIPSE);
      item->x = element->x;
      item->y = element->y;
      item->width = element->type == KAKANAI_ELEMENT_RECT ? element->width : element->r;
      item->height = element->type == KAKANAI_ELEMENT_RECT ? element->height : element->r;
      item->line_width = element->line_width;
      item->has_fill = element->has_fill;
      item->fill = element->fill;
      break;
    case KAKANAI_ELEMENT_IMAGE:
      item = add_item (ctx, KAKANAI_ITEM_IMAGE);
      item->x = element->x;
      item->y = element->y;
      item->width = element->width;
      item->height = element->height;
      item->image_path = g_strdup (element->image_path);
      item->image = kakanai_image_ref (element->image);
      break;
    case KAKANAI_ELEMENT_FIELD:
    default:
      g_assert_not_reached ();
    }
}

/* ---- the pass ---------------------------------------------------------------------- */

static void
page_free (gpointer data)
{
  KakanaiLayoutPage *page = data;

  g_free (page->template_id);
  g_clear_pointer (&page->background, kakanai_background_unref);
  g_ptr_array_unref (page->items);
  g_free (page);
}

/* ---- static elements, laid out once per template ---------------------------------------- */

/* The items of each static element, by element index (NULL for fields); NULL as a whole
 * when a static element had a problem (then it is laid out, and reported, each time). */
typedef struct {
  GPtrArray *items_by_element; /* GPtrArray* of KakanaiLayoutItem* */
} StaticLayout;

static void
static_layout_free (gpointer data)
{
  StaticLayout *cached = data;

  g_clear_pointer (&cached->items_by_element, g_ptr_array_unref);
  g_free (cached);
}

static void
free_item_array (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static gpointer
build_static_layout (KakanaiTemplate *tpl)
{
  GPtrArray *elements = kakanai_template_get_elements (tpl);
  StaticLayout *cached = g_new0 (StaticLayout, 1);
  KakanaiLayout scratch = { .problems = g_ptr_array_new_with_free_func (problem_free) };

  cached->items_by_element = g_ptr_array_new_full (elements->len, free_item_array);
  for (guint i = 0; i < elements->len; i++)
    {
      KakanaiLayoutPage page = { 0 };
      FieldContext ctx = { &scratch, &page, tpl, g_ptr_array_index (elements, i) };

      if (ctx.element->type == KAKANAI_ELEMENT_FIELD || ctx.element->type == KAKANAI_ELEMENT_QR)
        {
          g_ptr_array_add (cached->items_by_element, NULL);
          continue;
        }
      page.items = g_ptr_array_new_with_free_func (item_free);
      layout_static (&ctx);
      g_ptr_array_add (cached->items_by_element, page.items);
    }
  if (scratch.problems->len > 0)
    g_clear_pointer (&cached->items_by_element, g_ptr_array_unref);
  g_ptr_array_unref (scratch.problems);
  return cached;
}

static KakanaiLayoutItem *
item_copy (const KakanaiLayoutItem *item)
{
  KakanaiLayoutItem *copy = g_memdup2 (item, sizeof *item);

  copy->text = g_strdup (item->text);
  copy->glyphs = item->glyphs != NULL ? g_array_copy (item->glyphs) : NULL;
  copy->image_path = g_strdup (item->image_path);
  if (item->image != NULL)
    kakanai_image_ref (item->image);
  return copy;
}

static KakanaiLayoutPage *
layout_page (KakanaiLayout   *layout,
             KakanaiTemplate *tpl,
             KakanaiFormData *data)
{
  KakanaiLayoutPage *page = g_new0 (KakanaiLayoutPage, 1);
  GPtrArray *elements = kakanai_template_get_elements (tpl);
  const StaticLayout *cached = kakanai_template_get_static_layout (tpl, build_static_layout,
                                                                   static_layout_free);

  page->template_id = g_strdup (kakanai_template_get_id (tpl));
  page->items = g_ptr_array_new_with_free_func (item_free);
  kakanai_template_get_page_size (tpl, &page->width, &page->height);
  if (kakanai_template_get_background (tpl) != NULL)
    page->background = kakanai_background_ref (kakanai_template_get_background (tpl));

  for (guint i = 0; i < elements->len; i++)
    {
      FieldContext ctx = { layout, page, tpl, g_ptr_array_index (elements, i) };

      if (ctx.element->type == KAKANAI_ELEMENT_FIELD)
        layout_field (&ctx, data);
      else if (ctx.element->type == KAKANAI_ELEMENT_QR)
        layout_qr (&ctx, data);
      else if (cached->items_by_element != NULL)
        {
          GPtrArray *items = g_ptr_array_index (cached->items_by_element, i);

          for (guint j = 0; j < items->len; j++)
            g_ptr_array_add (page->items, item_copy (g_ptr_array_index (items, j)));
        }
      else
        layout_static (&ctx);
    }
  return page;
}

KakanaiLayout *
kakanai_layout_new (KakanaiTemplate **templates,
                    guint             n_templates,
                    KakanaiFormData  *data,
                    GError          **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  return kakanai_layout_new_documents (templates, n_templates, &data, 1, error);
}

KakanaiLayout *
kakanai_layout_new_documents (KakanaiTemplate **templates,
                              guint             n_templates,
                              KakanaiFormData **data,
                              guint             n_documents,
                              GError          **error)
{
  KakanaiLayout *layout;

  g_return_val_if_fail (templates != NULL || n_templates == 0, NULL);
  g_return_val_if_fail (data != NULL && n_documents > 0, NULL);

  if (n_templates == 0)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                   _("No form to lay out"));
      return NULL;
    }
  if (!kakanai_fonts_ensure (error))
    return NULL;

  layout = g_new0 (KakanaiLayout, 1);
  layout->pages = g_ptr_array_new_with_free_func (page_free);
  layout->problems = g_ptr_array_new_with_free_func (problem_free);
  for (guint d = 0; d < n_documents; d++)
    for (guint i = 0; i < n_templates; i++)
      g_ptr_array_add (layout->pages, layout_page (layout, templates[i], data[d]));
  return layout;
}

void
kakanai_layout_free (KakanaiLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->pages);
  g_ptr_array_unref (layout->problems);
  g_clear_pointer (&layout->image_cache, g_hash_table_unref);
  g_free (layout);
}

guint
kakanai_layout_get_n_pages (KakanaiLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->pages->len;
}

void
kakanai_layout_get_page_size (KakanaiLayout *layout,
                              guint          page,
                              double        *width_mm,
                              double        *height_mm)
{
  const KakanaiLayoutPage *p = kakanai_layout_get_page (layout, page);

  g_return_if_fail (p != NULL);
  if (width_mm != NULL)
    *width_mm = p->width;
  if (height_mm != NULL)
    *height_mm = p->height;
}

GPtrArray *
kakanai_layout_get_problems (KakanaiLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  return layout->problems;
}

const KakanaiLayoutPage *
kakanai_layout_get_page (KakanaiLayout *layout,
                         guint          page)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (page < layout->pages->len, NULL);
  return g_ptr_array_index (layout->pages, page);
}

GHashTable *
kakanai_layout_get_image_cache (KakanaiLayout  *layout,
                                GDestroyNotify  free_func)
{
  g_return_val_if_fail (layout != NULL, NULL);

  if (layout->image_cache == NULL)
    layout->image_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_func);
  return layout->image_cache;
}
