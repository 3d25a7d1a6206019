/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdf-suggest.c: fields suggested from a PDF form.
 *
 * poppler gives the page's characters with their boxes but not its ruled lines, so the page
 * is drawn (poppler's Splash, 4 pixels a millimetre) and its lines found as long runs of
 * dark pixels, horizontal and vertical. Labels are looked for in the text (what to look for
 * is data: kakanai-field-labels.json); a label's cell is bounded by the nearest lines around
 * it, and the field goes into the empty part beside it, the empty cell to its right, or the
 * empty cell below. Choices are the option words printed beside their label (or alone, such
 * as 男・女), each option a box around its word.
 *
 * All after the pixels and the characters is kakanai_suggest_on_page(), which a scanned form
 * comes to as well (kakanai-scan-suggest.c: tesseract's characters, the scan's pixels).
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kakanai-forms-error.h"
#include "kakanai-forms-resources.h"
#include "kakanai-pdf-merge-private.h"
#include "kakanai-pdf-suggest.h"
#include "kakanai-suggest-private.h"

#define MM_PER_PT (25.4 / 72.0)
#define PX_PER_MM KAKANAI_SUGGEST_PX_PER_MM
#define MIN_LINE_MM 5.0     /* a shorter dark run is part of a character */
#define INSET_MM 0.8
#define LABELS_RESOURCE "/jp/kakanai/forms/kakanai-field-labels.json"

typedef struct { double at, from, to; } Rule; /* a horizontal (at = y) or vertical (at = x) line, mm */
typedef struct { double x1, y1, x2, y2; } Box;

typedef struct {
  GString *text;   /* without spaces */
  GArray  *boxes;  /* Box per character of @text (UTF-8 characters) */
  Box      bounds;
} Segment;

typedef struct {
  GArray    *horizontal, *vertical; /* Rule */
  GPtrArray *segments;              /* Segment* */
  GArray    *chars;                 /* Box of every character, for "is this cell empty" */
  double     width, height;
} Page;

/* ---- ruled lines --------------------------------------------------------------------------- */

typedef struct { int a, b, first, last; } Run; /* pixels [a, b) along, rows [first, last] across */

static void
add_runs (GArray *open, int row, int a, int b)
{
  for (guint i = 0; i < open->len; i++)
    {
      Run *run = &g_array_index (open, Run, i);

      if (run->last == row - 1 && MIN (run->b, b) - MAX (run->a, a) > 0.8 * MIN (run->b - run->a, b - a))
        {
          run->a = MIN (run->a, a), run->b = MAX (run->b, b), run->last = row;
          return;
        }
    }
  g_array_append_val (open, ((Run) { a, b, row, row }));
}

/* Long dark runs along rows (@horizontal) or columns, merged across neighbouring rows. */
static GArray *
find_rules (const guint8 *dark, int width, int height, gboolean horizontal)
{
  GArray *rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Run));
  int along = horizontal ? width : height, across = horizontal ? height : width;
  int min_run = (int) (MIN_LINE_MM * PX_PER_MM);

  for (int row = 0; row < across; row++)
    {
      int start = -1, gap = 0;
      /* A dashed line: at least six dashes of the same length at the same pitch. */
      int dash_start = -1, dash_end = -1, dash_length = 0, dash_pitch = 0, dashes = 0, run_start = -1;

      for (int i = 0; i <= along; i++)
        {
          gboolean is_dark = i < along && dark[horizontal ? (gsize) row * width + i : (gsize) i * width + row];

          if (is_dark && run_start < 0)
            run_start = i;
          else if (!is_dark && run_start >= 0)
            {
              int length = i - run_start;
              gboolean same = dashes > 0 && abs (length - dash_length) <= 2 &&
                              (dashes == 1 || abs ((run_start - dash_end) - dash_pitch) <= 2) &&
                              run_start - dash_end >= 2 && run_start - dash_end <= 8;

              if (length >= 2 && length <= 8 && same)
                {
                  dash_pitch = run_start - dash_end;
                  dash_end = i;
                  dashes++;
                }
              else
                {
                  if (dashes >= 6 && dash_end - dash_start >= 4 * min_run)
                    add_runs (open, row, dash_start, dash_end);
                  dashes = length >= 2 && length <= 8 ? 1 : 0;
                  dash_start = run_start, dash_end = i, dash_length = length, dash_pitch = 0;
                }
              run_start = -1;
            }
        }
      if (dashes >= 6 && dash_end - dash_start >= 4 * min_run)
        add_runs (open, row, dash_start, dash_end);

      for (int i = 0; i <= along; i++)
        {
          gboolean is_dark = i < along && dark[horizontal ? (gsize) row * width + i : (gsize) i * width + row];

          if (is_dark)
            {
              if (start < 0)
                start = i;
              gap = 0;
            }
          else if (start >= 0 && (++gap > 1 || i == along))
            {
              int end = i - gap + 1;

              if (end - start >= min_run)
                add_runs (open, row, start, end);
              start = -1, gap = 0;
            }
        }
      /* Close what did not continue. */
      for (guint i = 0; i < open->len;)
        {
          Run *run = &g_array_index (open, Run, i);

          if (run->last < row)
            {
              /* A thick dark block is not a line. */
              if (run->last - run->first < 3 * PX_PER_MM)
                g_array_append_val (rules, ((Rule) { (run->first + run->last + 1) / 2.0 / PX_PER_MM,
                                                     run->a / PX_PER_MM, run->b / PX_PER_MM }));
              g_array_remove_index_fast (open, i);
            }
          else
            i++;
        }
    }
  for (guint i = 0; i < open->len; i++)
    {
      Run *run = &g_array_index (open, Run, i);
      g_array_append_val (rules, ((Rule) { (run->first + run->last + 1) / 2.0 / PX_PER_MM,
                                           run->a / PX_PER_MM, run->b / PX_PER_MM }));
    }
  return rules;
}

/* The page drawn by Splash at PX_PER_MM, as dark (1) and light (0) pixels. */
static guint8 *
dark_pixels_of_pdf (KakanaiPdfRaster *raster, double width_mm, double height_mm,
                    int *width_px, int *height_px, GError **error)
{
  double dpi = PX_PER_MM * 25.4;
  int width = (int) ceil (width_mm * PX_PER_MM), height = (int) ceil (height_mm * PX_PER_MM);
  cairo_surface_t *surface = kakanai_pdf_raster_render (raster, dpi, dpi, 0, 0, width, height, error);
  guint8 *dark;
  const guint8 *data;
  int stride;

  if (surface == NULL)
    return NULL;
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  dark = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = ((const guint32 *) (data + (gsize) y * stride))[x];
        guint level = (((pixel >> 16) & 0xff) * 299 + ((pixel >> 8) & 0xff) * 587 + (pixel & 0xff) * 114) / 1000;

        dark[(gsize) y * width + x] = level < KAKANAI_SUGGEST_DARK_LEVEL;
      }
  cairo_surface_destroy (surface);
  *width_px = width, *height_px = height;
  return dark;
}

/* ---- text ---------------------------------------------------------------------------------- */

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_string_free (segment->text, TRUE);
  g_array_unref (segment->boxes);
  g_free (segment);
}

static gboolean
rule_between (Page *page, const Box *a, const Box *b)
{
  double cy = (a->y1 + a->y2) / 2;

  for (guint i = 0; i < page->vertical->len; i++)
    {
      const Rule *rule = &g_array_index (page->vertical, Rule, i);

      if (rule->at > a->x2 - 0.2 && rule->at < b->x1 + 0.2 && rule->from <= cy && rule->to >= cy)
        return TRUE;
    }
  return FALSE;
}

typedef struct { Box box; gunichar character; } Placed;

static int
compare_centres_y (gconstpointer a, gconstpointer b)
{
  double ya = (((const Placed *) a)->box.y1 + ((const Placed *) a)->box.y2) / 2;
  double yb = (((const Placed *) b)->box.y1 + ((const Placed *) b)->box.y2) / 2;

  return ya < yb ? -1 : ya > yb;
}

static int
compare_x (gconstpointer a, gconstpointer b)
{
  double xa = ((const Placed *) a)->box.x1, xb = ((const Placed *) b)->box.x1;

  return xa < xb ? -1 : xa > xb;
}

/* Characters on one line close together (a label spaced out as 住　所 included), never
 * across a ruled line, make a segment. Lines are found by position: poppler's reading
 * order runs through a vertical column between the two characters of a label. */
static void
find_segments (GArray *chars, Page *page)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  guint row_start = 0;

  page->segments = g_ptr_array_new_with_free_func (segment_free);
  page->chars = g_array_new (FALSE, FALSE, sizeof (Box));
  for (guint i = 0; i < chars->len; i++)
    {
      const KakanaiSuggestChar *c = &g_array_index (chars, KakanaiSuggestChar, i);
      Placed p = { { c->x1, c->y1, c->x2, c->y2 }, c->character };

      if (g_unichar_isspace (c->character) || c->character == 0x3000 || c->y2 <= c->y1)
        continue;
      g_array_append_val (placed, p);
      g_array_append_val (page->chars, p.box);
    }
  g_array_sort (placed, compare_centres_y);
  for (guint i = 1; i <= placed->len; i++)
    {
      const Placed *first = &g_array_index (placed, Placed, row_start);
      double row_cy = (first->box.y1 + first->box.y2) / 2, row_h = first->box.y2 - first->box.y1;
      Segment *segment = NULL;
      Box last = { 0 };

      if (i < placed->len)
        {
          const Placed *p = &g_array_index (placed, Placed, i);

          if (fabs ((p->box.y1 + p->box.y2) / 2 - row_cy) < 0.4 * row_h)
            continue;
        }
      /* [row_start, i) is one line. */
      qsort (&g_array_index (placed, Placed, row_start), i - row_start, sizeof (Placed), compare_x);
      for (guint j = row_start; j < i; j++)
        {
          const Placed *p = &g_array_index (placed, Placed, j);
          double h = p->box.y2 - p->box.y1;

          if (segment == NULL || p->box.x1 < last.x2 - 0.3 * h || p->box.x1 - last.x2 >= 1.6 * h ||
              rule_between (page, &last, &p->box))
            {
              segment = g_new0 (Segment, 1);
              segment->text = g_string_new (NULL);
              segment->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
              segment->bounds = p->box;
              g_ptr_array_add (page->segments, segment);
            }
          g_string_append_unichar (segment->text, p->character);
          g_array_append_val (segment->boxes, p->box);
          segment->bounds.x1 = MIN (segment->bounds.x1, p->box.x1);
          segment->bounds.y1 = MIN (segment->bounds.y1, p->box.y1);
          segment->bounds.x2 = MAX (segment->bounds.x2, p->box.x2);
          segment->bounds.y2 = MAX (segment->bounds.y2, p->box.y2);
          last = p->box;
        }
      row_start = i;
    }
}

/* Where @needle is in @segment (a character range's box), from character @from on. */
static gboolean
find_in_segment (const Segment *segment, const char *needle, guint from, Box *found, guint *next)
{
  const char *text = segment->text->str;
  const char *start = g_utf8_offset_to_pointer (text, from);
  const char *hit = strstr (start, needle);
  glong first, count;

  if (hit == NULL)
    return FALSE;
  first = g_utf8_pointer_to_offset (text, hit);
  count = g_utf8_strlen (needle, -1);
  *found = g_array_index (segment->boxes, Box, first);
  for (glong i = first + 1; i < first + count; i++)
    {
      const Box *b = &g_array_index (segment->boxes, Box, i);
      found->x1 = MIN (found->x1, b->x1), found->y1 = MIN (found->y1, b->y1);
      found->x2 = MAX (found->x2, b->x2), found->y2 = MAX (found->y2, b->y2);
    }
  if (next != NULL)
    *next = (guint) (first + count);
  return TRUE;
}

/* ---- cells --------------------------------------------------------------------------------- */

/* The nearest rule on the side @direction (−1: before, +1: after) of @at, among those
 * crossing @across; NAN when none. */
static double
nearest_rule (GArray *rules, double at, double across, int direction)
{
  double best = NAN;

  for (guint i = 0; i < rules->len; i++)
    {
      const Rule *rule = &g_array_index (rules, Rule, i);

      if (rule->from - 0.5 > across || rule->to + 0.5 < across)
        continue;
      if (direction < 0 ? rule->at <= at + 0.5 && (isnan (best) || rule->at > best)
                        : rule->at >= at - 0.5 && (isnan (best) || rule->at < best))
        best = rule->at;
    }
  return best;
}

static gboolean
cell_around (Page *page, const Box *label, Box *cell)
{
  double cx = (label->x1 + label->x2) / 2, cy = (label->y1 + label->y2) / 2;

  cell->x1 = nearest_rule (page->vertical, label->x1, cy, -1);
  cell->x2 = nearest_rule (page->vertical, label->x2, cy, +1);
  cell->y1 = nearest_rule (page->horizontal, label->y1, cx, -1);
  cell->y2 = nearest_rule (page->horizontal, label->y2, cx, +1);
  return !isnan (cell->x1) && !isnan (cell->x2) && !isnan (cell->y1) && !isnan (cell->y2);
}

/* @area, or the largest part of it beside the little text it holds (a 〒 in the corner of
 * an address cell, a note at the right of a phone cell); FALSE when it is taken by text. */
static gboolean
empty_part (Page *page, Box *area)
{
  Box text = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint n = 0;
  Box parts[4];
  double best = 0;
  int chosen = -1;

  for (guint i = 0; i < page->chars->len; i++)
    {
      const Box *c = &g_array_index (page->chars, Box, i);
      double cx = (c->x1 + c->x2) / 2, cy = (c->y1 + c->y2) / 2;

      if (cx > area->x1 && cx < area->x2 && cy > area->y1 && cy < area->y2)
        {
          text.x1 = MIN (text.x1, c->x1), text.y1 = MIN (text.y1, c->y1);
          text.x2 = MAX (text.x2, c->x2), text.y2 = MAX (text.y2, c->y2);
          n++;
        }
    }
  if (n == 0)
    return TRUE;
  if (n > 15)
    return FALSE;
  parts[0] = (Box) { area->x1, text.y2 + 0.5, area->x2, area->y2 };  /* below */
  /* Text in the top of the cell (the 〒 of an address cell): the value goes under it. */
  if (text.y2 < area->y1 + 0.45 * (area->y2 - area->y1) && parts[0].y2 - parts[0].y1 >= 4)
    {
      *area = parts[0];
      return TRUE;
    }
  parts[1] = (Box) { text.x2 + 1, area->y1, area->x2, area->y2 };    /* right */
  parts[2] = (Box) { area->x1, area->y1, text.x1 - 1, area->y2 };    /* left */
  parts[3] = (Box) { area->x1, area->y1, area->x2, text.y1 - 0.5 };  /* above */
  for (int i = 0; i < 4; i++)
    {
      double w = parts[i].x2 - parts[i].x1, h = parts[i].y2 - parts[i].y1;

      if (w >= 15 && h >= 4 && w * h > best)
        best = w * h, chosen = i;
    }
  if (chosen < 0)
    return FALSE;
  *area = parts[chosen];
  return TRUE;
}

static Box
inset (Box box)
{
  return (Box) { box.x1 + INSET_MM, box.y1 + INSET_MM, box.x2 - INSET_MM, box.y2 - INSET_MM };
}

/* The empty place for a value of @label: beside it in its own cell, the next cell to the
 * right, or the cell below. With @allow_text (choices), the options' words may be there. */
static gboolean
usable (Page *page, Box *candidate, gboolean allow_text, double min_width, double min_height)
{
  if (candidate->x2 - candidate->x1 < min_width || candidate->y2 - candidate->y1 < min_height)
    return FALSE;
  return allow_text || empty_part (page, candidate);
}

/* The empty place for a value of @label: beside it in its own cell (a label at the left of
 * its cell), the next cell to the right, or below it (a heading centred over its column). With
 * @allow_text (choices), the options' words may be there. */
static gboolean
field_place (Page *page, const Box *label, gboolean allow_text, Box *place)
{
  double h = label->y2 - label->y1, cy = (label->y1 + label->y2) / 2, cx = (label->x1 + label->x2) / 2;
  gboolean centred;
  Box cell, candidate;

  if (!cell_around (page, label, &cell))
    {
      /* A label outside any table (請求日 above the form): the line beside it, up to the
       * next text on that line. */
      double end = MIN (label->x2 + 60, page->width - 10);

      for (guint i = 0; i < page->chars->len; i++)
        {
          const Box *c = &g_array_index (page->chars, Box, i);
          double ccy = (c->y1 + c->y2) / 2;

          if (c->x1 > label->x2 + 0.5 && c->x1 < end && fabs (ccy - cy) < 0.5 * h)
            end = c->x1 - 1;
        }
      candidate = (Box) { label->x2 + 2, cy - 0.9 * h, end, cy + 0.9 * h };
      if (candidate.x2 - candidate.x1 < 15)
        return FALSE;
      return *place = candidate, TRUE;
    }
  centred = fabs ((label->x1 - cell.x1) - (cell.x2 - label->x2)) < 0.25 * (cell.x2 - cell.x1);
  /* Beside the label, in its cell. */
  candidate = inset ((Box) { label->x2, cell.y1, cell.x2, cell.y2 });
  if (!centred && usable (page, &candidate, allow_text, MAX (15, 4 * h), 3))
    return *place = candidate, TRUE;
  /* The cell to the right. */
  {
    double next = nearest_rule (page->vertical, cell.x2 + 1, cy, +1);

    candidate = inset ((Box) { cell.x2, cell.y1, next, cell.y2 });
    if (!isnan (next) && usable (page, &candidate, allow_text, 8, 3))
      return *place = candidate, TRUE;
  }
  /* Below the label in a tall cell, then the cell below. */
  candidate = inset ((Box) { cell.x1, label->y2, cell.x2, cell.y2 });
  if (usable (page, &candidate, FALSE, 8, MAX (3, 1.5 * h)))
    return *place = candidate, TRUE;
  {
    double next = nearest_rule (page->horizontal, cell.y2 + 1, cx, +1);

    candidate = inset ((Box) { cell.x1, cell.y2, cell.x2, next });
    if (!isnan (next) && usable (page, &candidate, FALSE, 8, 3))
      return *place = candidate, TRUE;
  }
  return FALSE;
}

/* ---- suggestions ----------------------------------------------------------------------------- */

void
kakanai_pdf_suggestion_free (KakanaiPdfSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->key);
  g_free (suggestion->label);
  g_clear_pointer (&suggestion->options, g_ptr_array_unref);
  g_free (suggestion);
}

static void
option_free (gpointer data)
{
  KakanaiPdfSuggestedOption *option = data;

  g_free (option->value);
  g_free (option->label);
  g_free (option);
}

static KakanaiPdfSuggestion *
new_suggestion (const char *key, const char *label, const Box *label_box, const Box *box)
{
  KakanaiPdfSuggestion *s = g_new0 (KakanaiPdfSuggestion, 1);

  s->key = g_strdup (key);
  s->label = g_strdup (label);
  if (label_box != NULL)
    s->label_x = label_box->x1, s->label_y = label_box->y1,
    s->label_width = label_box->x2 - label_box->x1, s->label_height = label_box->y2 - label_box->y1;
  s->x = box->x1, s->y = box->y1, s->width = box->x2 - box->x1, s->height = box->y2 - box->y1;
  /* About half the cell's height, within what a form's fields use. */
  s->size = CLAMP (round (s->height / MM_PER_PT * 0.55 * 2) / 2, 8, 14);
  return s;
}

/* The first place in reading order where one of @labels (an array of strings) is printed
 * on its own or as the start of a short segment. */
static gboolean
find_label (Page *page, JsonArray *labels, Box *found, const char **which)
{
  for (guint s = 0; s < page->segments->len; s++)
    {
      const Segment *segment = g_ptr_array_index (page->segments, s);
      glong length = g_utf8_strlen (segment->text->str, -1);

      for (guint l = 0; l < json_array_get_length (labels); l++)
        {
          const char *label = json_array_get_string_element (labels, l);

          /* A label is short: a sentence that mentions 住所 is not one. */
          if (label != NULL && length <= g_utf8_strlen (label, -1) + 4 &&
              find_in_segment (segment, label, 0, found, NULL))
            {
              *which = label;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static void
suggest_text_fields (Page *page, JsonArray *fields, GPtrArray *out, GHashTable *done)
{
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      const char *key = json_object_get_string_member_with_default (field, "key", NULL);
      JsonArray *labels = json_object_has_member (field, "labels") ? json_object_get_array_member (field, "labels") : NULL;
      const char *label;
      Box label_box, place;
      KakanaiPdfSuggestion *s;

      if (key == NULL || labels == NULL || g_hash_table_contains (done, key) ||
          !find_label (page, labels, &label_box, &label) || !field_place (page, &label_box, FALSE, &place))
        continue;
      if (json_object_has_member (field, "max_width"))
        place.x2 = MIN (place.x2, place.x1 + json_object_get_double_member (field, "max_width"));
      if (json_object_has_member (field, "max_height") &&
          place.y2 - place.y1 > json_object_get_double_member (field, "max_height"))
        {
          double half = json_object_get_double_member (field, "max_height") / 2;
          double cy = CLAMP ((label_box.y1 + label_box.y2) / 2, place.y1 + half, place.y2 - half);

          place.y1 = cy - half, place.y2 = cy + half;
        }
      s = new_suggestion (key, label, &label_box, &place);
      s->kind = KAKANAI_PDF_SUGGESTION_TEXT;
      s->wrap = json_object_get_boolean_member_with_default (field, "wrap", FALSE);
      g_ptr_array_add (out, s);
      g_hash_table_add (done, g_strdup (key));
    }
}

/* The options of @choice whose words are printed inside @area. */
static GPtrArray *
options_in (Page *page, JsonObject *choice, const Box *area)
{
  JsonArray *options = json_object_get_array_member (choice, "options");
  GPtrArray *found = g_ptr_array_new_with_free_func (option_free);

  for (guint o = 0; options != NULL && o < json_array_get_length (options); o++)
    {
      JsonObject *option = json_array_get_object_element (options, o);
      JsonArray *words = json_object_get_array_member (option, "words");
      gboolean seen = FALSE;

      for (guint w = 0; !seen && words != NULL && w < json_array_get_length (words); w++)
        for (guint s = 0; !seen && s < page->segments->len; s++)
          {
            const Segment *segment = g_ptr_array_index (page->segments, s);
            const char *word = json_array_get_string_element (words, w);
            guint from = 0;
            Box box;

            while (!seen && word != NULL && find_in_segment (segment, word, from, &box, &from))
              {
                double cx = (box.x1 + box.x2) / 2, cy = (box.y1 + box.y2) / 2;

                if (cx > area->x1 && cx < area->x2 && cy > area->y1 && cy < area->y2)
                  {
                    KakanaiPdfSuggestedOption *suggested = g_new0 (KakanaiPdfSuggestedOption, 1);
                    double pad = 0.25 * (box.y2 - box.y1);

                    suggested->value = g_strdup (json_object_get_string_member_with_default (option, "value", ""));
                    suggested->label = g_strdup (word);
                    suggested->x = box.x1 - pad, suggested->y = box.y1 - pad;
                    suggested->width = box.x2 - box.x1 + 2 * pad, suggested->height = box.y2 - box.y1 + 2 * pad;
                    g_ptr_array_add (found, suggested);
                    seen = TRUE;
                  }
              }
          }
    }
  return found;
}

static KakanaiPdfSuggestion *
choice_suggestion (const char *key, const char *label, const Box *label_box, GPtrArray *options)
{
  Box box = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  KakanaiPdfSuggestion *s;

  for (guint i = 0; i < options->len; i++)
    {
      const KakanaiPdfSuggestedOption *o = g_ptr_array_index (options, i);
      box.x1 = MIN (box.x1, o->x), box.y1 = MIN (box.y1, o->y);
      box.x2 = MAX (box.x2, o->x + o->width), box.y2 = MAX (box.y2, o->y + o->height);
    }
  s = new_suggestion (key, label, label_box, &box);
  s->kind = KAKANAI_PDF_SUGGESTION_CHOICE;
  s->options = options;
  return s;
}

static void
suggest_choices (Page *page, JsonArray *choices, GPtrArray *out, GHashTable *done)
{
  for (guint i = 0; i < json_array_get_length (choices); i++)
    {
      JsonObject *choice = json_array_get_object_element (choices, i);
      const char *key = json_object_get_string_member_with_default (choice, "key", NULL);
      JsonArray *labels = json_object_has_member (choice, "labels") ? json_object_get_array_member (choice, "labels") : NULL;
      const char *label = NULL;
      Box label_box, place;
      GPtrArray *options = NULL;

      if (key == NULL || g_hash_table_contains (done, key))
        continue;
      if (labels != NULL && find_label (page, labels, &label_box, &label) && field_place (page, &label_box, TRUE, &place))
        {
          options = options_in (page, choice, &place);
          if (options->len < 2)
            g_clear_pointer (&options, g_ptr_array_unref);
        }
      /* Without a label: the words alone on a short line (男・女). */
      for (guint s = 0; options == NULL && s < page->segments->len; s++)
        {
          const Segment *segment = g_ptr_array_index (page->segments, s);
          Box area = segment->bounds;

          if (g_utf8_strlen (segment->text->str, -1) > 12)
            continue;
          area.x1 -= 0.1, area.y1 -= 0.1, area.x2 += 0.1, area.y2 += 0.1;
          options = options_in (page, choice, &area);
          if (options->len < 2)
            g_clear_pointer (&options, g_ptr_array_unref);
          else
            label = NULL;
        }
      if (options == NULL)
        continue;
      g_ptr_array_add (out, choice_suggestion (key, label != NULL ? label : "", label != NULL ? &label_box : NULL, options));
      g_hash_table_add (done, g_strdup (key));
    }
}

static int
compare_reading_order (gconstpointer a, gconstpointer b)
{
  const KakanaiPdfSuggestion *sa = *(KakanaiPdfSuggestion **) a, *sb = *(KakanaiPdfSuggestion **) b;

  if (fabs (sa->y - sb->y) > 2)
    return sa->y < sb->y ? -1 : 1;
  return sa->x < sb->x ? -1 : sa->x > sb->x;
}

static JsonParser *
load_labels (GError **error)
{
  /* Looked up in the library's own resource: a static library's constructor may be left out. */
  g_autoptr(GBytes) bytes = g_resource_lookup_data (kakanai_forms_get_resource (), LABELS_RESOURCE, 0, error);
  JsonParser *parser;

  if (bytes == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    g_clear_object (&parser);
  return parser;
}

GPtrArray *
kakanai_suggest_on_page (const guint8 *dark,
                         int           width_px,
                         int           height_px,
                         GArray       *chars,
                         double        width_mm,
                         double        height_mm,
                         GError      **error)
{
  g_autoptr(JsonParser) labels = load_labels (error);
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out;
  Page page = { .width = width_mm, .height = height_mm };
  JsonObject *root;

  if (labels == NULL)
    return NULL;
  page.horizontal = find_rules (dark, width_px, height_px, TRUE);
  page.vertical = find_rules (dark, width_px, height_px, FALSE);
  find_segments (chars, &page);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_pdf_suggestion_free);
  root = json_node_get_object (json_parser_get_root (labels));
  suggest_choices (&page, json_object_get_array_member (root, "choices"), out, done);
  suggest_text_fields (&page, json_object_get_array_member (root, "fields"), out, done);
  g_ptr_array_sort (out, compare_reading_order);

  g_clear_pointer (&page.horizontal, g_array_unref);
  g_clear_pointer (&page.vertical, g_array_unref);
  g_clear_pointer (&page.segments, g_ptr_array_unref);
  g_clear_pointer (&page.chars, g_array_unref);
  return out;
}

/* poppler's characters (points) as the page's characters in mm. */
static GArray *
chars_in_mm (GArray *pdf_chars)
{
  GArray *chars = g_array_sized_new (FALSE, FALSE, sizeof (KakanaiSuggestChar), pdf_chars->len);

  for (guint i = 0; i < pdf_chars->len; i++)
    {
      const KakanaiPdfChar *c = &g_array_index (pdf_chars, KakanaiPdfChar, i);
      KakanaiSuggestChar mm = { c->x * MM_PER_PT, c->y * MM_PER_PT, (c->x + c->width) * MM_PER_PT,
                                (c->y + c->height) * MM_PER_PT, c->character };

      g_array_append_val (chars, mm);
    }
  return chars;
}

GPtrArray *
kakanai_pdf_suggest_fields (GBytes  *pdf,
                            guint    page_number,
                            double  *width_mm,
                            double  *height_mm,
                            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  KakanaiPdfSource *source = NULL;
  KakanaiPdfRaster *raster = NULL;
  g_autoptr(GArray) pdf_chars = NULL;
  g_autoptr(GArray) chars = NULL;
  g_autofree guint8 *dark = NULL;
  GPtrArray *out = NULL;
  double width_pt, height_pt, width, height;
  int width_px, height_px;

  g_return_val_if_fail (pdf != NULL, NULL);
  source = kakanai_pdf_source_new (pdf, page_number, &local_error);
  if (source == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE, _("the PDF %s"), local_error->message);
      return NULL;
    }
  raster = kakanai_pdf_raster_new (kakanai_pdf_source_get_page_pdf (source), error);
  if (raster == NULL)
    goto out;
  kakanai_pdf_source_get_size (source, &width_pt, &height_pt);
  width = width_pt * MM_PER_PT;
  height = height_pt * MM_PER_PT;
  if (width_mm != NULL)
    *width_mm = width;
  if (height_mm != NULL)
    *height_mm = height;
  dark = dark_pixels_of_pdf (raster, width, height, &width_px, &height_px, error);
  if (dark == NULL)
    goto out;
  pdf_chars = kakanai_pdf_raster_get_chars (raster);
  chars = chars_in_mm (pdf_chars);
  out = kakanai_suggest_on_page (dark, width_px, height_px, chars, width, height, error);

out:
  kakanai_pdf_raster_free (raster);
  kakanai_pdf_source_free (source);
  return out;
}

/* ---- a template of the suggestions ---- */

static void
add_box (JsonBuilder *b, double x, double y, double width, double height)
{
  const char *names[] = { "x", "y", "width", "height" };
  double values[] = { x, y, width, height };

  for (int i = 0; i < 4; i++)
    {
      json_builder_set_member_name (b, names[i]);
      json_builder_add_double_value (b, round (values[i] * 100) / 100);
    }
}

static void
add_suggestion_element (JsonBuilder *b, const KakanaiPdfSuggestion *s)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "field");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, *s->label != '\0' ? s->label : s->key);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, s->key);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, s->kind == KAKANAI_PDF_SUGGESTION_CHOICE ? "choice" : s->wrap ? "wrap" : "line");
  if (s->kind == KAKANAI_PDF_SUGGESTION_CHOICE)
    {
      json_builder_set_member_name (b, "options");
      json_builder_begin_array (b);
      for (guint i = 0; i < s->options->len; i++)
        {
          const KakanaiPdfSuggestedOption *o = g_ptr_array_index (s->options, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, o->value);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, o->label);
          add_box (b, o->x, o->y, o->width, o->height);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  else
    {
      add_box (b, s->x, s->y, s->width, s->height);
      json_builder_set_member_name (b, "size");
      json_builder_add_double_value (b, s->size);
      json_builder_set_member_name (b, "min_size");
      json_builder_add_double_value (b, MIN (s->size, 7));
    }
  json_builder_end_object (b);
}

JsonObject *
kakanai_pdf_suggestion_to_element (const KakanaiPdfSuggestion *suggestion)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  add_suggestion_element (b, suggestion);
  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}

/* A template over a page of the PDF @pdf_name, or under a scan @image_name. */
static char *
suggested_template (GPtrArray  *suggestions,
                    double      width_mm,
                    double      height_mm,
                    const char *pdf_name,
                    guint       page,
                    const char *image_name,
                    const char *id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 2);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "page");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_double_value (b, round (width_mm * 1000) / 1000);
  json_builder_set_member_name (b, "height");
  json_builder_add_double_value (b, round (height_mm * 1000) / 1000);
  if (pdf_name != NULL)
    {
      json_builder_set_member_name (b, "background");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pdf");
      json_builder_add_string_value (b, pdf_name);
      json_builder_set_member_name (b, "page");
      json_builder_add_int_value (b, page);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "elements");
  json_builder_begin_array (b);
  if (image_name != NULL)
    {
      /* The scan under everything, the whole page: what the editor snaps to as ruled lines. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "image");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, "scan");
      add_box (b, 0, 0, width_mm, height_mm);
      json_builder_set_member_name (b, "src");
      json_builder_add_string_value (b, image_name);
      json_builder_end_object (b);
    }
  for (guint i = 0; i < suggestions->len; i++)
    add_suggestion_element (b, g_ptr_array_index (suggestions, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
kakanai_pdf_suggested_template (GPtrArray  *suggestions,
                                double      width_mm,
                                double      height_mm,
                                const char *pdf_name,
                                guint       page,
                                const char *id)
{
  return suggested_template (suggestions, width_mm, height_mm, pdf_name, page, NULL, id);
}

char *
kakanai_scan_suggested_template (GPtrArray  *suggestions,
                                 double      width_mm,
                                 double      height_mm,
                                 const char *image_name,
                                 const char *id)
{
  return suggested_template (suggestions, width_mm, height_mm, NULL, 0, image_name, id);
}
