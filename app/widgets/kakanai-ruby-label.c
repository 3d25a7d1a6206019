/* kakanai-ruby-label.c: a label with readings drawn over its kanji (furigana).
 *
 * GTK labels have no ruby. This one lays out the base text with Pango as a wrapping label
 * does, leaves a reading's height above every line (the first line's offset, the others'
 * line spacing) and draws each reading, at half the size, centred over its base. Word
 * joiners inside each base keep it on one line with its reading. The fonts are the widget's
 * own (CSS), so the kiosk's text-size setting applies as to any label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-ruby-label"

#include "kakanai-ruby-label-private.h"

#include "kakanai-ruby.h"

#define READING_SCALE 0.5
#define WORD_JOINER "\xe2\x81\xa0" /* U+2060 */

struct _KakanaiRubyLabel {
  GtkWidget  parent_instance;

  char      *markup;
  char      *text;         /* the base text, without readings */
  char      *layout_text;  /* the same with word joiners inside each base */
  GArray    *spans;        /* KakanaiRubySpan, byte offsets into layout_text */
  GtkJustification justify;
};

G_DEFINE_FINAL_TYPE (KakanaiRubyLabel, kakanai_ruby_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MARKUP,
  PROP_TEXT,
  PROP_JUSTIFY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_span (gpointer data)
{
  KakanaiRubySpan *span = data;

  g_free (span->reading);
}

/* Copies @text[start, end) into @out with a word joiner between its characters. */
static void
append_joined (GString    *out,
               const char *start,
               const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      if (p != start)
        g_string_append (out, WORD_JOINER);
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

static void
build_layout_text (KakanaiRubyLabel *self,
                   GArray           *base_spans)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gsize done = 0;

  g_clear_pointer (&self->spans, g_array_unref);
  self->spans = g_array_new (FALSE, TRUE, sizeof (KakanaiRubySpan));
  g_array_set_clear_func (self->spans, clear_span);
  for (guint i = 0; i < base_spans->len; i++)
    {
      KakanaiRubySpan *base_span = &g_array_index (base_spans, KakanaiRubySpan, i);
      KakanaiRubySpan span = { 0 };

      g_string_append_len (out, self->text + done, base_span->start - done);
      span.start = out->len;
      append_joined (out, self->text + base_span->start, self->text + base_span->end);
      span.end = out->len;
      span.reading = g_strdup (base_span->reading);
      g_array_append_val (self->spans, span);
      done = base_span->end;
    }
  g_string_append (out, self->text + done);
  g_free (self->layout_text);
  self->layout_text = g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- layout -------------------------------------------------------------------------- */

static PangoLayout *
create_reading_layout (KakanaiRubyLabel *self,
                       const char       *reading)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), reading);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr (PangoFontDescription) font =
    pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (font);

  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * READING_SCALE);
  else
    pango_font_description_set_size (font, (int) (size * READING_SCALE));
  pango_layout_set_font_description (layout, font);
  return layout;
}

/* The height a line of readings takes (0 when the text has none). */
static int
reading_height (KakanaiRubyLabel *self)
{
  g_autoptr (PangoLayout) layout = NULL;
  int height = 0;

  if (self->spans == NULL || self->spans->len == 0)
    return 0;
  layout = create_reading_layout (self, "あ");
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* The span's base in @layout's pixel coordinates (one line: word joiners keep it whole). */
static void
span_base_rect (PangoLayout           *layout,
                const KakanaiRubySpan *span,
                const char            *text,
                graphene_rect_t       *rect)
{
  const char *last = g_utf8_find_prev_char (text, text + span->end);
  PangoRectangle first_pos, last_pos;

  pango_layout_index_to_pos (layout, (int) span->start, &first_pos);
  pango_layout_index_to_pos (layout, (int) (last - text), &last_pos);
  if (last_pos.y != first_pos.y)  /* a base wider than the whole label: its first line */
    last_pos = first_pos;
  graphene_rect_init (rect,
                      PANGO_PIXELS (MIN (first_pos.x, last_pos.x)),
                      PANGO_PIXELS (first_pos.y),
                      PANGO_PIXELS (ABS (last_pos.x + last_pos.width - first_pos.x)),
                      PANGO_PIXELS (first_pos.height));
}

/* A reading wider than its base spreads the base (letter spacing) to the reading's width,
 * so that readings never run into each other or past the label's edges. Returns the widest
 * spacing given (Pango units). */
static int
spread_bases (KakanaiRubyLabel *self,
              PangoLayout      *layout,
              PangoAttrList    *attributes)
{
  int widest = 0;

  for (guint i = 0; i < self->spans->len; i++)
    {
      KakanaiRubySpan *span = &g_array_index (self->spans, KakanaiRubySpan, i);
      g_autoptr (PangoLayout) reading_layout = create_reading_layout (self, span->reading);
      glong characters = (g_utf8_strlen (self->layout_text + span->start, span->end - span->start) + 1) / 2;
      graphene_rect_t base;
      int reading_width, spacing;

      pango_layout_get_size (reading_layout, &reading_width, NULL);
      span_base_rect (layout, span, self->layout_text, &base);
      if (reading_width <= base.size.width * PANGO_SCALE || characters == 0)
        continue;
      spacing = (reading_width - (int) base.size.width * PANGO_SCALE) / characters;
      widest = MAX (widest, spacing);
      /* On the base characters only: the word joiners between them stay as they are. */
      for (const char *p = self->layout_text + span->start; p < self->layout_text + span->end;
           p = g_utf8_next_char (g_utf8_next_char (p)))
        {
          PangoAttribute *attribute = pango_attr_letter_spacing_new (spacing);

          attribute->start_index = p - self->layout_text;
          attribute->end_index = g_utf8_next_char (p) - self->layout_text;
          pango_attr_list_insert (attributes, attribute);
        }
    }
  return widest;
}

/* The base text laid out at @width pixels (-1: one line per paragraph). @slack: what Pango's
 * line breaking may count beyond the laid-out width (the letter spacing it drops at a line's
 * ends), for the natural width. */
static PangoLayout *
create_base_layout_with_slack (KakanaiRubyLabel *self,
                               int               width,
                               int              *slack)
{
  g_autoptr (PangoLayout) unspread = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->layout_text);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->layout_text);
  g_autoptr (PangoAttrList) attributes = pango_attr_list_new ();

  /* Ruby is Japanese: Japanese glyph forms for its kanji whatever the locale. */
  pango_attr_list_insert (attributes, pango_attr_language_new (pango_language_from_string ("ja")));
  pango_layout_set_attributes (unspread, attributes);
  /* A fresh layout for the spread text: Pango keeps a layout's lines when it is given back
   * the same attribute list, however changed. */
  *slack = spread_bases (self, unspread, attributes);
  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, width < 0 ? -1 : width * PANGO_SCALE);
  pango_layout_set_alignment (layout, self->justify == GTK_JUSTIFY_CENTER ? PANGO_ALIGN_CENTER
                                      : self->justify == GTK_JUSTIFY_RIGHT ? PANGO_ALIGN_RIGHT
                                      : PANGO_ALIGN_LEFT);
  pango_layout_set_spacing (layout, reading_height (self) * PANGO_SCALE);
  return layout;
}

static PangoLayout *
create_base_layout (KakanaiRubyLabel *self,
                    int               width)
{
  int slack;

  return create_base_layout_with_slack (self, width, &slack);
}

static void
span_extents (KakanaiRubyLabel      *self,
              PangoLayout           *base_layout,
              PangoLayout           *reading_layout,
              const KakanaiRubySpan *span,
              int                    top,
              graphene_rect_t       *base,
              graphene_rect_t       *reading)
{
  int reading_width, reading_height_px;

  span_base_rect (base_layout, span, self->layout_text, base);
  base->origin.y += top;
  pango_layout_get_pixel_size (reading_layout, &reading_width, &reading_height_px);
  /* Centred over its base, but inside the label (Pango drops the spread at a line's ends). */
  graphene_rect_init (reading,
                      CLAMP (base->origin.x + (base->size.width - reading_width) / 2.0f,
                             0, MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - reading_width)),
                      base->origin.y - reading_height_px,
                      reading_width, reading_height_px);
}

/* ---- GtkWidget ----------------------------------------------------------------------- */

static GtkSizeRequestMode
kakanai_ruby_label_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kakanai_ruby_label_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  KakanaiRubyLabel *self = KAKANAI_RUBY_LABEL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int slack;
      g_autoptr (PangoLayout) natural_layout = create_base_layout_with_slack (self, -1, &slack);
      /* As narrow as it can break: its widest unbreakable piece. */
      g_autoptr (PangoLayout) narrowest = create_base_layout (self, 1);
      int natural_width, narrowest_width;

      /* Rounded up: a width rounded down would wrap the last character. */
      pango_layout_get_size (natural_layout, &natural_width, NULL);
      pango_layout_get_size (narrowest, &narrowest_width, NULL);
      *natural = PANGO_PIXELS_CEIL (natural_width + slack);
      *minimum = MIN (PANGO_PIXELS_CEIL (narrowest_width), *natural);
    }
  else
    {
      g_autoptr (PangoLayout) layout = create_base_layout (self, for_size);
      int height;

      pango_layout_get_size (layout, NULL, &height);
      *minimum = *natural = reading_height (self) + PANGO_PIXELS_CEIL (height);
    }
}

static void
kakanai_ruby_label_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KakanaiRubyLabel *self = KAKANAI_RUBY_LABEL (widget);
  g_autoptr (PangoLayout) base_layout = create_base_layout (self, gtk_widget_get_width (widget));
  int top = reading_height (self);
  GdkRGBA color;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, top));
  gtk_snapshot_append_layout (snapshot, base_layout, &color);
  gtk_snapshot_restore (snapshot);

  for (guint i = 0; i < self->spans->len; i++)
    {
      KakanaiRubySpan *span = &g_array_index (self->spans, KakanaiRubySpan, i);
      g_autoptr (PangoLayout) reading_layout = create_reading_layout (self, span->reading);
      graphene_rect_t base, reading;

      span_extents (self, base_layout, reading_layout, span, top, &base, &reading);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &reading.origin);
      gtk_snapshot_append_layout (snapshot, reading_layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
kakanai_ruby_label_finalize (GObject *object)
{
  KakanaiRubyLabel *self = KAKANAI_RUBY_LABEL (object);

  g_free (self->markup);
  g_free (self->text);
  g_free (self->layout_text);
  g_clear_pointer (&self->spans, g_array_unref);
  G_OBJECT_CLASS (kakanai_ruby_label_parent_class)->finalize (object);
}

static void
kakanai_ruby_label_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KakanaiRubyLabel *self = KAKANAI_RUBY_LABEL (object);

  switch (prop_id)
    {
    case PROP_MARKUP:
      g_value_set_string (value, self->markup);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_JUSTIFY:
      g_value_set_enum (value, self->justify);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_ruby_label_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KakanaiRubyLabel *self = KAKANAI_RUBY_LABEL (object);

  switch (prop_id)
    {
    case PROP_MARKUP:
      kakanai_ruby_label_set_markup (self, g_value_get_string (value));
      break;
    case PROP_JUSTIFY:
      kakanai_ruby_label_set_justify (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_ruby_label_class_init (KakanaiRubyLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kakanai_ruby_label_finalize;
  object_class->get_property = kakanai_ruby_label_get_property;
  object_class->set_property = kakanai_ruby_label_set_property;
  widget_class->get_request_mode = kakanai_ruby_label_get_request_mode;
  widget_class->measure = kakanai_ruby_label_measure;
  widget_class->snapshot = kakanai_ruby_label_snapshot;

  properties[PROP_MARKUP] =
    g_param_spec_string ("markup", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* As GtkLabel's: how the lines sit in the width (a centred title). */
  properties[PROP_JUSTIFY] =
    g_param_spec_enum ("justify", NULL, NULL, GTK_TYPE_JUSTIFICATION, GTK_JUSTIFY_LEFT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
kakanai_ruby_label_init (KakanaiRubyLabel *self)
{
  kakanai_ruby_label_set_markup (self, "");
}

GtkWidget *
kakanai_ruby_label_new (const char *markup)
{
  return g_object_new (KAKANAI_TYPE_RUBY_LABEL, "markup", markup, NULL);
}

void
kakanai_ruby_label_set_markup (KakanaiRubyLabel *self,
                               const char       *markup)
{
  g_autoptr (GArray) base_spans = NULL;

  g_return_if_fail (KAKANAI_IS_RUBY_LABEL (self));

  if (markup == NULL)
    markup = "";
  if (g_strcmp0 (self->markup, markup) == 0)
    return;
  g_free (self->markup);
  self->markup = g_strdup (markup);
  g_free (self->text);
  self->text = kakanai_ruby_parse (markup, &base_spans);
  build_layout_text (self, base_spans);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKUP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
kakanai_ruby_label_get_markup (KakanaiRubyLabel *self)
{
  g_return_val_if_fail (KAKANAI_IS_RUBY_LABEL (self), NULL);
  return self->markup;
}

void
kakanai_ruby_label_set_justify (KakanaiRubyLabel *self,
                                GtkJustification  justify)
{
  g_return_if_fail (KAKANAI_IS_RUBY_LABEL (self));

  if (self->justify == justify)
    return;
  self->justify = justify;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JUSTIFY]);
}

const char *
kakanai_ruby_label_get_text (KakanaiRubyLabel *self)
{
  g_return_val_if_fail (KAKANAI_IS_RUBY_LABEL (self), NULL);
  return self->text;
}

gboolean
kakanai_ruby_label_get_ruby_extents (KakanaiRubyLabel *self,
                                     guint             index,
                                     graphene_rect_t  *base,
                                     graphene_rect_t  *reading)
{
  g_autoptr (PangoLayout) base_layout = NULL;
  g_autoptr (PangoLayout) reading_layout = NULL;
  KakanaiRubySpan *span;

  g_return_val_if_fail (KAKANAI_IS_RUBY_LABEL (self), FALSE);
  if (index >= self->spans->len)
    return FALSE;
  span = &g_array_index (self->spans, KakanaiRubySpan, index);
  base_layout = create_base_layout (self, gtk_widget_get_width (GTK_WIDGET (self)));
  reading_layout = create_reading_layout (self, span->reading);
  span_extents (self, base_layout, reading_layout, span, reading_height (self), base, reading);
  return TRUE;
}

int
kakanai_ruby_label_get_line_count (KakanaiRubyLabel *self)
{
  g_autoptr (PangoLayout) layout = NULL;

  g_return_val_if_fail (KAKANAI_IS_RUBY_LABEL (self), 0);
  layout = create_base_layout (self, gtk_widget_get_width (GTK_WIDGET (self)));
  return pango_layout_get_line_count (layout);
}
