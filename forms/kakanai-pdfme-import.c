/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdfme-import.c: pdfme templates into format-2 templates (docs/templates.md).
 *
 * Positions follow pdfme's own text placement (@pdfme/schemas, text/pdfRender): its
 * baseline for "middle" is the same as ours for the same font metrics; for "top" and
 * "bottom" pdfme adds half of (lineHeight − 1) em, which the box absorbs here. Whatever
 * has no Kakanai equivalent goes into the report, never silently away.
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <kakanai-json-wipe.h>

#include "kakanai-forms-error.h"
#include "kakanai-image-private.h"
#include "kakanai-input.h"
#include "kakanai-pdf-merge-private.h"
#include "kakanai-pdfme-import.h"
#include "kakanai-template-model.h"
#include "kakanai-template.h"

#define MM_PER_PT (25.4 / 72.0)
/* A base PDF of at most 32 MiB (KAKANAI_IMAGE_MAX_BYTES) takes 43 MiB in base64. */
#define PDFME_MAX_BYTES (48u * 1024 * 1024)
#define PDFME_MAX_PAGES 100
#define PDFME_DEFAULT_FONT_SIZE 13.0

struct _KakanaiPdfmeImport
{
  char       *id;
  GPtrArray  *report;  /* char*, NULL-terminated at the end */
  GPtrArray  *pages;   /* char* JSON per page */
  GBytes     *base_pdf;
  GPtrArray  *file_names; /* char*: the images written beside the templates */
  GPtrArray  *files;      /* GBytes*, in the same order */
};

typedef struct
{
  KakanaiPdfmeImport *import;
  const char         *source_name;
  guint               page;       /* from 1 */
  double              page_width, page_height;
  JsonBuilder        *elements;
  JsonBuilder        *questions;
  GHashTable         *keys;       /* keys used on this page */
  GHashTable         *fonts_reported;
} PageContext;

static void
report (PageContext *ctx, const char *name, const char *type, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
report (PageContext *ctx, const char *name, const char *type, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (name != NULL)
    g_ptr_array_add (ctx->import->report, g_strdup_printf (_("page %u, “%s” (%s): %s"), ctx->page, name, type, message));
  else
    g_ptr_array_add (ctx->import->report, g_strdup_printf (_("page %u: %s"), ctx->page, message));
}

/* ---- reading pdfme's members --------------------------------------------------------------- */

static double
number_member (JsonObject *object, const char *name, double fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return fallback;
  return isfinite (json_node_get_double (node)) ? json_node_get_double (node) : fallback;
}

static const char *
string_member (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
bool_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
object_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* pdfme's borderWidth and padding: a number for every side or {top, right, bottom, left}. */
static void
box_sides (JsonObject *schema, const char *name, double sides[4])
{
  JsonObject *object = object_member (schema, name);
  double all = number_member (schema, name, 0);

  if (object != NULL)
    {
      sides[0] = number_member (object, "top", 0);
      sides[1] = number_member (object, "right", 0);
      sides[2] = number_member (object, "bottom", 0);
      sides[3] = number_member (object, "left", 0);
    }
  else
    sides[0] = sides[1] = sides[2] = sides[3] = all;
}

static gboolean
is_color (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static char *
color_or_report (PageContext *ctx, const char *name, const char *type, const char *color)
{
  if (color == NULL || *color == '\0')
    return NULL;
  if (is_color (color))
    return g_ascii_strdown (color, -1);
  report (ctx, name, type, _("the colour “%s” is not #rrggbb: drawn in black"), color);
  return NULL;
}

/* pdfme's fonts to the nearest bundled one: serif and 明朝 faces to IPAex Mincho, the rest
 * (pdfme's default Roboto, Noto Sans JP, ゴシック) to IPAex Gothic. */
static const char *
nearest_font (PageContext *ctx, const char *font_name)
{
  g_autofree char *lower = g_utf8_strdown (font_name != NULL ? font_name : "", -1);
  const char *family = (strstr (lower, "serif") != NULL || strstr (lower, "mincho") != NULL ||
                        strstr (lower, "明朝") != NULL || strstr (lower, "times") != NULL)
                         ? "mincho" : "gothic";

  if (!g_hash_table_contains (ctx->fonts_reported, lower))
    {
      g_hash_table_add (ctx->fonts_reported, g_strdup (lower));
      report (ctx, NULL, NULL, _("the font “%s” is drawn with IPAex %s"),
              font_name != NULL && *font_name != '\0' ? font_name : _("(pdfme's default)"),
              g_str_equal (family, "mincho") ? "Mincho" : "Gothic");
    }
  return family;
}

/* ---- keys and questions ----------------------------------------------------------------- */

/* form.<name>: the pdfme name in a–z, 0–9 and “_”, or field_<n> when nothing of it is left. */
static char *
key_for_name (PageContext *ctx, const char *name, guint index)
{
  GString *key = g_string_new ("form.");
  gsize start = key->len;
  char *candidate;

  for (const char *p = name; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) && (guchar) *p < 0x80)
        g_string_append_c (key, c);
      else if (key->len > start && key->str[key->len - 1] != '_')
        g_string_append_c (key, '_');
    }
  /* Keys are short (form data keys: at most 64 bytes with a suffix for twins). */
  if (key->len > start + 40)
    g_string_truncate (key, start + 40);
  while (key->len > start && key->str[key->len - 1] == '_')
    g_string_truncate (key, key->len - 1);
  if (key->len == start)
    g_string_append_printf (key, "field_%u", index + 1);
  candidate = g_strdup (key->str);
  for (guint n = 2; g_hash_table_contains (ctx->keys, candidate); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u", key->str, n);
    }
  g_string_free (key, TRUE);
  g_hash_table_add (ctx->keys, g_strdup (candidate));
  return candidate;
}

typedef struct
{
  const char *name, *type;    /* name: pdfme's, or the schema's place ("#3") when it has none */
  gboolean unnamed;
  double x, y, width, height; /* the schema's box, mm */
  double rotate;
  JsonObject *schema;
} Schema;

/* The question that fills the field @key of @s; its prompt is the schema's name. */
static void
add_question (PageContext *ctx, const Schema *s, const char *key, gboolean is_mark)
{
  JsonBuilder *b = ctx->questions;
  gboolean required = bool_member (s->schema, "required");

  if (s->unnamed)
    report (ctx, s->name, s->type, _("has no name: its field is asked as “%s” (give it a name in the editor)"), s->name);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, key);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, is_mark ? "choice" : "text");
  if (required)
    {
      json_builder_set_member_name (b, "required");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_set_member_name (b, "prompt");
  json_builder_add_string_value (b, s->name);
  if (is_mark)
    {
      json_builder_set_member_name (b, "options");
      json_builder_begin_array (b);
      for (int i = 0; i < 2; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, i == 0 ? "true" : "false");
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, i == 0 ? "✓" : "—");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* ---- elements --------------------------------------------------------------------------- */

static void
set_number (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  /* 0.01 mm: pdfme's own precision, and the saved file stays readable. */
  json_builder_add_double_value (b, round (value * 1000) / 1000);
}

static void
set_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* The box kept on the page (Kakanai refuses what reaches past its edge). */
static gboolean
clip_to_page (PageContext *ctx, const char *name, const char *type,
              double *x, double *y, double *width, double *height)
{
  double x2 = MIN (*x + *width, ctx->page_width), y2 = MIN (*y + *height, ctx->page_height);

  if (*x >= 0 && *y >= 0 && *x + *width <= ctx->page_width && *y + *height <= ctx->page_height)
    return *width > 0 && *height > 0;
  *x = MAX (*x, 0), *y = MAX (*y, 0);
  *width = x2 - *x, *height = y2 - *y;
  if (*width <= 0 || *height <= 0)
    {
      report (ctx, name, type, _("lies off the page: not converted"));
      return FALSE;
    }
  report (ctx, name, type, _("reaches past the page edge: cut to the page"));
  return TRUE;
}

/* Text, static or a field: pdfme's text placement in a Kakanai box (see the top). */
static void
add_text (PageContext *ctx, const Schema *s, const char *key, const char *static_text,
          const char *prefix, const char *suffix)
{
  JsonBuilder *b = ctx->elements;
  double size = number_member (s->schema, "fontSize", PDFME_DEFAULT_FONT_SIZE);
  double line_height = number_member (s->schema, "lineHeight", 1);
  double spacing = number_member (s->schema, "characterSpacing", 0);
  const char *align = string_member (s->schema, "alignment");
  const char *valign = string_member (s->schema, "verticalAlignment");
  JsonObject *dynamic = object_member (s->schema, "dynamicFontSize");
  double border[4], padding[4], x, y, width, height, half_leading, min_size;
  g_autofree char *color = color_or_report (ctx, s->name, s->type, string_member (s->schema, "fontColor"));
  const char *font = nearest_font (ctx, string_member (s->schema, "fontName"));

  /* A fixed text of nothing draws nothing, in pdfme too. */
  if (key == NULL && (static_text == NULL || *static_text == '\0'))
    return;
  box_sides (s->schema, "borderWidth", border);
  box_sides (s->schema, "padding", padding);
  x = s->x + border[3] + padding[3];
  y = s->y + border[0] + padding[0];
  width = s->width - border[1] - border[3] - padding[1] - padding[3];
  height = s->height - border[0] - border[2] - padding[0] - padding[2];
  if (border[0] + border[1] + border[2] + border[3] > 0)
    report (ctx, s->name, s->type, _("its border is not drawn (draw it with a rect)"));

  if (align == NULL)
    align = "left";
  if (g_str_equal (align, "justify"))
    {
      report (ctx, s->name, s->type, _("justified text is aligned left"));
      align = "left";
    }
  else if (!g_str_equal (align, "left") && !g_str_equal (align, "center") && !g_str_equal (align, "right"))
    {
      report (ctx, s->name, s->type, _("the alignment “%s” is not pdfme's: aligned left"), align);
      align = "left";
    }
  if (valign == NULL)
    valign = "top";
  else if (!g_str_equal (valign, "top") && !g_str_equal (valign, "middle") && !g_str_equal (valign, "bottom"))
    {
      report (ctx, s->name, s->type, _("the vertical alignment “%s” is not pdfme's: aligned top"), valign);
      valign = "top";
    }
  if (s->rotate != 0)
    report (ctx, s->name, s->type, _("rotated by %g°: written upright (Kakanai turns no text)"), s->rotate);
  if (string_member (s->schema, "backgroundColor") != NULL && *string_member (s->schema, "backgroundColor") != '\0')
    report (ctx, s->name, s->type, _("its background colour is not drawn (draw it with a rect)"));

  min_size = size;
  if (dynamic != NULL)
    {
      /* pdfme grows and shrinks between min and max; Kakanai shrinks from size to min_size. */
      double max = number_member (dynamic, "max", size), min = number_member (dynamic, "min", size);

      if (min > 0 && max >= min)
        {
          size = max;
          min_size = min;
        }
    }
  size = CLAMP (size, 1, 144);
  min_size = CLAMP (min_size, 1, size);
  if (line_height < 0.8 || line_height > 4)
    {
      report (ctx, s->name, s->type, _("lineHeight %g is outside 0.8–4: set to the nearest"), line_height);
      line_height = CLAMP (line_height, 0.8, 4);
    }
  /* pdfme's top and bottom lines sit half a leading further in. */
  half_leading = (line_height - 1) * size / 2 * MM_PER_PT;
  if (g_str_equal (valign, "top"))
    y += half_leading, height -= half_leading;
  else if (g_str_equal (valign, "bottom"))
    height -= half_leading;
  if (spacing / size < -0.5 || spacing / size > 4)
    {
      report (ctx, s->name, s->type, _("characterSpacing %g is outside what Kakanai draws: set to the nearest"), spacing);
      spacing = CLAMP (spacing / size, -0.5, 4) * size;
    }
  /* Kakanai's letter spacing follows the last character too, pdfme's does not: one more
   * spacing of width breaks, centres and right-aligns the lines where pdfme does. */
  width += spacing * MM_PER_PT;
  if (x + width > ctx->page_width && x + width - spacing * MM_PER_PT <= ctx->page_width + 0.001)
    width = ctx->page_width - x;
  if (!clip_to_page (ctx, s->name, s->type, &x, &y, &width, &height))
    return;

  json_builder_begin_object (b);
  set_string (b, "type", static_text != NULL ? "text" : "field");
  set_string (b, "id", s->name);
  if (key != NULL)
    {
      set_string (b, "key", key);
      /* pdfme wraps text at the box. */
      set_string (b, "mode", "wrap");
    }
  set_number (b, "x", x);
  set_number (b, "y", y);
  set_number (b, "width", width);
  set_number (b, "height", height);
  if (static_text != NULL)
    set_string (b, "text", static_text);
  set_string (b, "font", font);
  set_number (b, "size", size);
  set_number (b, "min_size", min_size);
  set_number (b, "line_height", line_height);
  if (spacing != 0)
    set_number (b, "letter_spacing", spacing / size);
  set_string (b, "align", align);
  set_string (b, "valign", valign);
  if (prefix != NULL && *prefix != '\0')
    set_string (b, "prefix", prefix);
  if (suffix != NULL && *suffix != '\0')
    set_string (b, "suffix", suffix);
  if (color != NULL)
    set_string (b, "color", color);
  json_builder_end_object (b);
}

static void
add_field_text (PageContext *ctx, const Schema *s, guint index, const char *prefix, const char *suffix)
{
  g_autofree char *key = key_for_name (ctx, s->name, index);

  add_question (ctx, s, key, FALSE);
  add_text (ctx, s, key, NULL, prefix, suffix);
}

/* checkbox, radioGroup, circleMark: a mark in the box when the input is "true". */
static void
add_mark (PageContext *ctx, const Schema *s, guint index, const char *mark)
{
  JsonBuilder *b = ctx->elements;
  g_autofree char *key = NULL;
  g_autofree char *color = color_or_report (ctx, s->name, s->type, string_member (s->schema, "color"));
  double x = s->x, y = s->y, width = s->width, height = s->height;

  if (!clip_to_page (ctx, s->name, s->type, &x, &y, &width, &height))
    return;
  key = key_for_name (ctx, s->name, index);
  add_question (ctx, s, key, TRUE);
  json_builder_begin_object (b);
  set_string (b, "type", "field");
  set_string (b, "id", s->name);
  set_string (b, "key", key);
  set_string (b, "mode", "choice");
  set_string (b, "mark", mark);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  set_string (b, "value", "true");
  set_number (b, "x", x);
  set_number (b, "y", y);
  set_number (b, "width", width);
  set_number (b, "height", height);
  json_builder_end_object (b);
  json_builder_end_array (b);
  if (color != NULL)
    set_string (b, "color", color);
  json_builder_end_object (b);
  if (g_str_equal (s->type, "checkbox"))
    report (ctx, s->name, s->type, _("an unticked box is not drawn (the form's own box shows)"));
}

/* Kakanai's strokes are 0 to 10 mm. */
static double
line_width (PageContext *ctx, const Schema *s, double width)
{
  if (width >= 0 && width <= 10)
    return width;
  report (ctx, s->name, s->type, _("a line %g mm thick is drawn %g mm thick"), width, CLAMP (width, 0, 10));
  return CLAMP (width, 0, 10);
}

static void
add_line (PageContext *ctx, const Schema *s)
{
  JsonBuilder *b = ctx->elements;
  double angle = s->rotate * G_PI / 180, cx = s->x + s->width / 2, cy = s->y + s->height / 2;
  double dx = cos (angle) * s->width / 2, dy = sin (angle) * s->width / 2;
  g_autofree char *color = color_or_report (ctx, s->name, s->type, string_member (s->schema, "color"));
  double x1 = CLAMP (cx - dx, 0, ctx->page_width), y1 = CLAMP (cy - dy, 0, ctx->page_height);
  double x2 = CLAMP (cx + dx, 0, ctx->page_width), y2 = CLAMP (cy + dy, 0, ctx->page_height);

  json_builder_begin_object (b);
  set_string (b, "type", "line");
  set_string (b, "id", s->name);
  set_number (b, "x1", x1);
  set_number (b, "y1", y1);
  set_number (b, "x2", x2);
  set_number (b, "y2", y2);
  set_number (b, "line_width", line_width (ctx, s, s->height));
  if (color != NULL)
    set_string (b, "color", color);
  json_builder_end_object (b);
}

/* pdfme strokes inside the box, Kakanai on its edge: the box shrinks by half a stroke. */
static void
add_shape (PageContext *ctx, const Schema *s, gboolean ellipse)
{
  JsonBuilder *b = ctx->elements;
  double stroke = line_width (ctx, s, number_member (s->schema, "borderWidth", 0));
  g_autofree char *border = color_or_report (ctx, s->name, s->type, string_member (s->schema, "borderColor"));
  g_autofree char *fill = color_or_report (ctx, s->name, s->type, string_member (s->schema, "color"));
  double x = s->x + stroke / 2, y = s->y + stroke / 2;
  double width = s->width - stroke, height = s->height - stroke;

  if (s->rotate != 0)
    report (ctx, s->name, s->type, _("rotated by %g°: drawn upright"), s->rotate);
  if (ellipse && fabs (width - height) > 0.01)
    {
      report (ctx, s->name, s->type, _("an ellipse that is not a circle is not converted"));
      return;
    }
  if (!clip_to_page (ctx, s->name, s->type, &x, &y, &width, &height))
    return;
  json_builder_begin_object (b);
  set_string (b, "type", ellipse ? "circle" : "rect");
  set_string (b, "id", s->name);
  if (ellipse)
    {
      set_number (b, "cx", x + width / 2);
      set_number (b, "cy", y + height / 2);
      set_number (b, "r", width / 2);
    }
  else
    {
      set_number (b, "x", x);
      set_number (b, "y", y);
      set_number (b, "width", width);
      set_number (b, "height", height);
    }
  set_number (b, "line_width", stroke);
  if (border != NULL)
    set_string (b, "color", border);
  if (fill != NULL)
    set_string (b, "fill", fill);
  json_builder_end_object (b);
}

static void
add_qr (PageContext *ctx, const Schema *s, guint index, gboolean read_only)
{
  JsonBuilder *b = ctx->elements;
  double size = MIN (s->width, s->height), x = s->x, y = s->y, width = size, height = size;
  const char *content = string_member (s->schema, "content");
  g_autofree char *key = NULL, *text = NULL;

  if (!clip_to_page (ctx, s->name, s->type, &x, &y, &width, &height) || MIN (width, height) < 5)
    {
      report (ctx, s->name, s->type, _("smaller than the 5 mm a QR code needs: not converted"));
      return;
    }
  if (read_only)
    {
      GString *escaped = g_string_new (NULL);

      for (const char *p = content != NULL ? content : ""; *p; p++)
        g_string_append (escaped, *p == '{' ? "{{" : *p == '}' ? "}}" : (char[]) { *p, 0 });
      text = g_string_free (escaped, FALSE);
    }
  else
    {
      key = key_for_name (ctx, s->name, index);
      add_question (ctx, s, key, FALSE);
      text = g_strdup_printf ("{%s}", key);
    }
  if (*text == '\0')
    return;
  json_builder_begin_object (b);
  set_string (b, "type", "qr");
  set_string (b, "id", s->name);
  set_number (b, "x", x);
  set_number (b, "y", y);
  set_number (b, "size", MIN (width, height));
  set_string (b, "content", text);
  json_builder_end_object (b);
  report (ctx, s->name, s->type, _("a quiet zone of four modules is inside the box (pdfme draws none)"));
}

/* multiVariableText: one variable between fixed text ("〒{zip}") becomes a field with a
 * prefix and a suffix; more variables cannot be one field. */
static void
add_multi_variable (PageContext *ctx, const Schema *s, guint index, gboolean read_only)
{
  const char *text = string_member (s->schema, "text");
  const char *open = text != NULL ? strchr (text, '{') : NULL;
  const char *close = open != NULL ? strchr (open, '}') : NULL;
  g_autofree char *prefix = NULL;

  if (read_only)
    {
      add_text (ctx, s, NULL, string_member (s->schema, "content"), NULL, NULL);
      return;
    }
  if (open == NULL || close == NULL || strchr (close, '{') != NULL)
    {
      report (ctx, s->name, s->type, _("a text of several variables is not converted (give each its own field)"));
      return;
    }
  prefix = g_strndup (text, open - text);
  add_field_text (ctx, s, index, prefix, close + 1);
}

/* A fixed image given as a PNG or JPEG data URI: a file beside the template and an image
 * element (decoded here once, so that a damaged one is reported, not written). */
static void
add_image (PageContext *ctx, const Schema *s, gboolean read_only)
{
  const char *content = string_member (s->schema, "content");
  const char *comma = content != NULL ? strchr (content, ',') : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KakanaiImage) image = NULL;
  g_autofree char *file = NULL;
  double x = s->x, y = s->y, width = s->width, height = s->height;
  guchar *data;
  gsize length = 0;

  if (!read_only)
    {
      report (ctx, s->name, s->type, _("an image the resident gives is not converted (Kakanai has no image fields)"));
      return;
    }
  if (content == NULL || !g_str_has_prefix (content, "data:image/") || comma == NULL ||
      !g_strstr_len (content, comma - content, ";base64"))
    {
      report (ctx, s->name, s->type, _("a fixed image that is not a PNG or JPEG data URI is not converted"));
      return;
    }
  data = g_base64_decode (comma + 1, &length);
  bytes = g_bytes_new_take (data, length);
  image = kakanai_image_new_from_bytes (bytes, s->name, &error);
  if (image == NULL)
    {
      report (ctx, s->name, s->type, _("the image is not converted: %s"), error->message);
      return;
    }
  if (!clip_to_page (ctx, s->name, s->type, &x, &y, &width, &height))
    return;
  if (s->rotate != 0)
    report (ctx, s->name, s->type, _("rotated by %g°: drawn upright"), s->rotate);
  file = g_strdup_printf ("%s-image-%u.%s", ctx->import->id, ctx->import->files->len + 1,
                          g_str_has_prefix (content, "data:image/png") ? "png" : "jpg");
  g_ptr_array_add (ctx->import->file_names, g_strdup (file));
  g_ptr_array_add (ctx->import->files, g_bytes_ref (bytes));
  json_builder_begin_object (ctx->elements);
  set_string (ctx->elements, "type", "image");
  set_string (ctx->elements, "id", s->name);
  set_number (ctx->elements, "x", x);
  set_number (ctx->elements, "y", y);
  set_number (ctx->elements, "width", width);
  set_number (ctx->elements, "height", height);
  set_string (ctx->elements, "src", file);
  json_builder_end_object (ctx->elements);
}

/* @name NULL or empty: the schema is called by its place ("#3"), which becomes a field's
 * question too: a question's prompt cannot be empty. */
static void
add_schema (PageContext *ctx, JsonObject *schema, const char *name, guint index)
{
  JsonObject *position = object_member (schema, "position");
  gboolean read_only = bool_member (schema, "readOnly");
  g_autofree char *place = g_strdup_printf ("#%u", index);
  gboolean unnamed = name == NULL || *name == '\0';
  Schema s = {
    .name = unnamed ? place : name, .unnamed = unnamed, .type = string_member (schema, "type"), .schema = schema,
    .x = number_member (position, "x", 0), .y = number_member (position, "y", 0),
    .width = number_member (schema, "width", 0), .height = number_member (schema, "height", 0),
    .rotate = number_member (schema, "rotate", 0),
  };

  name = s.name;
  if (s.type == NULL)
    s.type = "?";
  if (number_member (schema, "opacity", 1) != 1)
    report (ctx, name, s.type, _("drawn opaque (Kakanai has no opacity)"));
  if (g_str_equal (s.type, "text"))
    {
      if (read_only)
        add_text (ctx, &s, NULL, string_member (schema, "content"), NULL, NULL);
      else
        add_field_text (ctx, &s, index, NULL, NULL);
    }
  else if (g_str_equal (s.type, "multiVariableText"))
    add_multi_variable (ctx, &s, index, read_only);
  else if (g_str_equal (s.type, "select"))
    {
      report (ctx, name, s.type, _("a select becomes a text field (its options are not kept)"));
      add_field_text (ctx, &s, index, NULL, NULL);
    }
  else if (g_str_equal (s.type, "checkbox"))
    add_mark (ctx, &s, index, "tick");
  else if (g_str_equal (s.type, "radioGroup") || g_str_equal (s.type, "circleMark"))
    add_mark (ctx, &s, index, "circle");
  else if (g_str_equal (s.type, "line"))
    add_line (ctx, &s);
  else if (g_str_equal (s.type, "rectangle"))
    add_shape (ctx, &s, FALSE);
  else if (g_str_equal (s.type, "ellipse"))
    add_shape (ctx, &s, TRUE);
  else if (g_str_equal (s.type, "qrcode"))
    add_qr (ctx, &s, index, read_only);
  else if (g_str_equal (s.type, "image"))
    add_image (ctx, &s, read_only);
  else
    report (ctx, name, s.type, _("this kind of schema is not converted"));
}

/* ---- pages ------------------------------------------------------------------------------- */

static char *
page_json (PageContext *ctx, const char *title, guint page, gboolean has_pdf, GError **error)
{
  JsonBuilder *b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(KakanaiTemplateModel) model = NULL;
  g_autofree char *text = NULL, *id = NULL, *source = NULL;

  id = page == 1 ? g_strdup (ctx->import->id) : g_strdup_printf ("%s-%u", ctx->import->id, page);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 2);
  set_string (b, "id", id);
  set_string (b, "title", title);
  json_builder_set_member_name (b, "page");
  json_builder_begin_object (b);
  set_number (b, "width", ctx->page_width);
  set_number (b, "height", ctx->page_height);
  if (has_pdf)
    {
      g_autofree char *pdf = g_strdup_printf ("%s.pdf", ctx->import->id);

      json_builder_set_member_name (b, "background");
      json_builder_begin_object (b);
      set_string (b, "pdf", pdf);
      json_builder_set_member_name (b, "page");
      json_builder_add_int_value (b, page);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "questions");
  json_builder_add_value (b, json_builder_get_root (ctx->questions));
  json_builder_set_member_name (b, "elements");
  json_builder_add_value (b, json_builder_get_root (ctx->elements));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  g_object_unref (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  source = g_strdup_printf ("%s.json", id);
  model = kakanai_template_model_new_from_data (text, -1, source, error);
  return model != NULL ? kakanai_template_model_to_json (model) : NULL;
}

/* pdfme 4 keeps a page as an object of name → schema, pdfme 5 and later as an array of
 * schemas with a "name". */
static void
convert_schemas (PageContext *ctx, JsonNode *page_node)
{
  if (JSON_NODE_HOLDS_ARRAY (page_node))
    {
      JsonArray *array = json_node_get_array (page_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *schema = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          g_autofree char *place = g_strdup_printf ("#%u", i);

          if (schema == NULL)
            report (ctx, place, "?", _("is not an object: not converted"));
          else
            add_schema (ctx, schema, string_member (schema, "name"), i);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (page_node))
    {
      JsonObject *object = json_node_get_object (page_node);
      g_autoptr(GList) names = json_object_get_members (object);
      guint i = 0;

      for (GList *l = names; l != NULL; l = l->next, i++)
        {
          JsonNode *node = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_OBJECT (node))
            add_schema (ctx, json_node_get_object (node), l->data, i);
          else
            report (ctx, l->data, "?", _("is not an object: not converted"));
        }
    }
  else
    report (ctx, NULL, NULL, _("the page's schemas are neither a list nor an object: none converted"));
}

static GBytes *
read_base_pdf (const char *value, const char *source_name, GError **error)
{
  const char *base64 = NULL;
  g_autoptr(GError) read_error = NULL;

  if (g_str_has_prefix (value, "data:"))
    {
      const char *comma = strchr (value, ',');

      if (comma == NULL || !g_strstr_len (value, comma - value, ";base64"))
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                       _("%s: “basePdf” is a data URI without base64 data"), source_name);
          return NULL;
        }
      base64 = comma + 1;
    }
  else if (g_str_has_prefix (value, "JVBERi"))  /* "%PDF-" in base64 */
    base64 = value;
  if (base64 != NULL)
    {
      gsize length = 0;
      guchar *data = g_base64_decode (base64, &length);

      return g_bytes_new_take (data, length);
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (source_name);
      g_autofree char *path = g_path_is_absolute (value) ? g_strdup (value) : g_build_filename (dir, value, NULL);
      GBytes *bytes = kakanai_file_read_limited (path, KAKANAI_IMAGE_MAX_BYTES, &read_error);

      if (bytes == NULL)
        g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
                     _("%s: the base PDF “%s”: %s"), source_name, value, read_error->message);
      return bytes;
    }
}

void
kakanai_pdfme_import_free (KakanaiPdfmeImport *import)
{
  if (import == NULL)
    return;
  g_free (import->id);
  g_ptr_array_unref (import->report);
  g_ptr_array_unref (import->pages);
  g_ptr_array_unref (import->file_names);
  g_ptr_array_unref (import->files);
  g_clear_pointer (&import->base_pdf, g_bytes_unref);
  g_free (import);
}

static gboolean
fail (GError **error, const char *source_name, const char *message)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE, "%s: %s", source_name, message);
  return FALSE;
}

/* @base_page: the base PDF's page, NULL on a blank one. */
static gboolean
convert_page (KakanaiPdfmeImport *import, JsonObject *root, JsonNode *page_node, guint page,
              KakanaiPdfSource *base_page, const char *source_name, GError **error)
{
  PageContext ctx = { import, source_name, page };
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *blank = object_member (root, "basePdf");
  g_autofree char *title = NULL;
  char *json;

  ctx.keys = keys;
  ctx.fonts_reported = fonts;
  if (base_page != NULL)
    {
      double width_pt, height_pt;

      kakanai_pdf_source_get_size (base_page, &width_pt, &height_pt);
      ctx.page_width = width_pt * MM_PER_PT;
      ctx.page_height = height_pt * MM_PER_PT;
    }
  else
    {
      ctx.page_width = number_member (blank, "width", 0);
      ctx.page_height = number_member (blank, "height", 0);
      if (!(ctx.page_width >= 10 && ctx.page_width <= 1500 && ctx.page_height >= 10 && ctx.page_height <= 1500))
        return fail (error, source_name, _("the blank “basePdf” needs a width and height from 10 to 1500 mm"));
    }

  ctx.elements = json_builder_new ();
  ctx.questions = json_builder_new ();
  json_builder_begin_array (ctx.elements);
  json_builder_begin_array (ctx.questions);
  if (blank != NULL && json_object_has_member (blank, "staticSchema"))
    convert_schemas (&ctx, json_object_get_member (blank, "staticSchema"));
  convert_schemas (&ctx, page_node);
  json_builder_end_array (ctx.elements);
  json_builder_end_array (ctx.questions);

  title = page == 1 ? g_strdup (import->id) : g_strdup_printf ("%s (%u)", import->id, page);
  json = page_json (&ctx, title, page, import->base_pdf != NULL, error);
  g_object_unref (ctx.elements);
  g_object_unref (ctx.questions);
  if (json == NULL)
    return FALSE;
  g_ptr_array_add (import->pages, json);
  return TRUE;
}

KakanaiPdfmeImport *
kakanai_pdfme_import_new (const char  *data,
                          gssize       length,
                          const char  *source_name,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(KakanaiPdfmeImport) import = g_new0 (KakanaiPdfmeImport, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) base_pages = NULL;
  JsonNode *root_node, *schemas_node, *base;
  JsonObject *root;
  JsonArray *schemas;

  g_return_val_if_fail (data != NULL && id != NULL, NULL);
  if (source_name == NULL)
    source_name = "<memory>";
  if (length < 0)
    length = strlen (data);
  import->id = g_strdup (id);
  import->report = g_ptr_array_new_with_free_func (g_free);
  import->pages = g_ptr_array_new_with_free_func (g_free);
  import->file_names = g_ptr_array_new_with_free_func (g_free);
  import->files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (!g_utf8_validate_len (data, length, NULL))
    return fail (error, source_name, _("the file is not valid UTF-8")), NULL;
  if (!kakanai_json_check_limits (data, length, PDFME_MAX_BYTES, KAKANAI_JSON_MAX_DEPTH, &parse_error))
    return fail (error, source_name, parse_error->message), NULL;
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_autofree char *message = g_strdup_printf (_("malformed JSON: %s"), parse_error->message);
      return fail (error, source_name, message), NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (error, source_name, _("a pdfme template is a JSON object")), NULL;
  root = json_node_get_object (root_node);
  schemas_node = json_object_get_member (root, "schemas");
  if (schemas_node == NULL || !JSON_NODE_HOLDS_ARRAY (schemas_node) ||
      json_array_get_length (json_node_get_array (schemas_node)) == 0)
    return fail (error, source_name, _("a pdfme template needs “schemas”, one list per page")), NULL;
  schemas = json_node_get_array (schemas_node);
  if (json_array_get_length (schemas) > PDFME_MAX_PAGES)
    return fail (error, source_name, _("more than 100 pages")), NULL;

  base = json_object_get_member (root, "basePdf");
  if (base == NULL)
    return fail (error, source_name, _("a pdfme template needs “basePdf”")), NULL;
  if (JSON_NODE_HOLDS_VALUE (base) && json_node_get_value_type (base) == G_TYPE_STRING)
    {
      import->base_pdf = read_base_pdf (json_node_get_string (base), source_name, error);
      if (import->base_pdf == NULL)
        return NULL;
    }
  else if (!JSON_NODE_HOLDS_OBJECT (base))
    return fail (error, source_name, _("“basePdf” must be a PDF (a data URI or a file name) or a blank page {width, height}")), NULL;

  /* Every page from one reading of the base PDF: qpdf's parse and its flattening of
   * every page's annotations are most of the work. */
  if (import->base_pdf != NULL)
    {
      g_autoptr(GError) pdf_error = NULL;

      base_pages = kakanai_pdf_sources_new (import->base_pdf, json_array_get_length (schemas), &pdf_error);
      if (base_pages == NULL)
        {
          g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                       _("%s: the base PDF %s"), source_name, pdf_error->message);
          return NULL;
        }
    }
  for (guint page = 0; page < json_array_get_length (schemas); page++)
    if (!convert_page (import, root, json_array_get_element (schemas, page), page + 1,
                       base_pages != NULL ? g_ptr_array_index (base_pages, page) : NULL, source_name, error))
      return NULL;
  g_ptr_array_add (import->report, NULL);
  return g_steal_pointer (&import);
}

const char * const *
kakanai_pdfme_import_get_report (KakanaiPdfmeImport *import)
{
  return (const char * const *) import->report->pdata;
}

guint
kakanai_pdfme_import_get_n_pages (KakanaiPdfmeImport *import)
{
  return import->pages->len;
}

const char *
kakanai_pdfme_import_get_json (KakanaiPdfmeImport *import,
                               guint               page)
{
  g_return_val_if_fail (page < import->pages->len, NULL);
  return g_ptr_array_index (import->pages, page);
}

GBytes *
kakanai_pdfme_import_get_base_pdf (KakanaiPdfmeImport *import)
{
  return import->base_pdf;
}

guint
kakanai_pdfme_import_get_n_files (KakanaiPdfmeImport *import)
{
  return import->files->len;
}

gboolean
kakanai_pdfme_import_write (KakanaiPdfmeImport  *import,
                            const char          *dir,
                            GError             **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO,
                   _("Cannot make the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (import->base_pdf != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.pdf", import->id);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_set_contents (path, g_bytes_get_data (import->base_pdf, NULL),
                                g_bytes_get_size (import->base_pdf), error))
        return FALSE;
    }
  for (guint i = 0; i < import->files->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (import->file_names, i), NULL);
      GBytes *bytes = g_ptr_array_index (import->files, i);

      if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        return FALSE;
    }
  for (guint page = 0; page < import->pages->len; page++)
    {
      g_autofree char *name = page == 0 ? g_strdup_printf ("%s.json", import->id)
                                        : g_strdup_printf ("%s-%u.json", import->id, page + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(KakanaiTemplate) tpl = NULL;

      if (!g_file_set_contents (path, g_ptr_array_index (import->pages, page), -1, error))
        return FALSE;
      tpl = kakanai_template_new_from_file (path, error);
      if (tpl == NULL)
        return FALSE;
    }
  return TRUE;
}

/* ---- pdfme's inputs ---------------------------------------------------------------------- */

/* pdfme's value of a multiVariableText of one variable is a JSON object of that one
 * variable: its value. Anything else is the value itself. */
static char *
unpacked_value (const char *value)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root, *member;
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  char *result;

  if (*value != '{')
    return g_strdup (value);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)) ||
      json_object_get_size (object = json_node_get_object (root)) != 1)
    return g_strdup (value);
  members = json_object_get_members (object);
  member = json_object_get_member (object, members->data);
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return g_strdup (value);
  result = g_strdup (json_node_get_string (member));
  kakanai_json_wipe_strings (member);
  return result;
}

char *
kakanai_pdfme_input_value (KakanaiTemplate **templates,
                           guint             n_templates,
                           const char       *name,
                           const char       *value,
                           const char      **key_out)
{
  *key_out = NULL;
  for (guint t = 0; t < n_templates; t++)
    {
      const char *key = kakanai_template_get_field_key_by_id (templates[t], name);
      const char * const *choices;

      if (key == NULL)
        continue;
      *key_out = key;
      /* pdfme's unticked box or unmarked circle: no mark, not a value of the field. */
      choices = kakanai_template_get_choices (templates[t], key);
      if (choices != NULL && g_str_equal (value, "false") && !g_strv_contains (choices, "false"))
        return NULL;
      return unpacked_value (value);
    }
  return NULL;
}
