/* kakanai-template.c: loading and checking form templates (docs/templates.md).
 *
 * A template is untrusted input (a municipality writes it, a fuzzer feeds it): every
 * member is type-checked, unknown members are refused, and every error names the file,
 * the element and the problem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kakanai-form-data.h"
#include "kakanai-forms-error.h"
#include "kakanai-image-private.h"
#include "kakanai-input.h"
#include "kakanai-template-private.h"

/* Positions are compared with this slack so that a line drawn exactly on the page
 * edge (210.0 on A4) is accepted despite rounding in the JSON. */
#define EDGE_TOLERANCE_MM 0.001
#define MAX_FONT_SIZE_PT 144.0
#define MAX_BOXES 64

struct _KakanaiTemplate
{
  gatomicrefcount  ref_count;
  char            *source;
  char            *dir;
  char            *id;
  char            *title;
  char            *description;
  double           page_width;
  double           page_height;
  GPtrArray       *elements;   /* KakanaiElement* */
  GPtrArray       *field_keys; /* char*, NULL-terminated */
  /* The layout of the static elements, made once (see kakanai_template_get_static_layout). */
  GMutex           static_layout_lock;
  gpointer         static_layout;
  GDestroyNotify   static_layout_free;
};

typedef struct
{
  const char  *source;
  const char  *dir;
  guint        element_index; /* G_MAXUINT outside elements */
  const char  *element_id;
  double       page_width;
  double       page_height;
  GError     **error;
} Loader;

static const char * const font_names[] = { "mincho", "gothic", "names", NULL };
static const char * const align_names[] = { "left", "center", "right", NULL };
static const char * const valign_names[] = { "top", "middle", "bottom", NULL };
static const char * const mode_names[] = { "line", "wrap", "boxes", "choice", NULL };
static const char * const mark_names[] = { "circle", "tick", NULL };
static const char * const format_names[] = {
  "plain", "wareki", "wareki_year", "gregorian", "iso", "wareki_fiscal", NULL
};
static const char * const filter_names[] = { "none", "digits", NULL };

/* ---- errors ---------------------------------------------------------------------- */

static gboolean G_GNUC_PRINTF (3, 4)
fail_with (Loader     *loader,
           int         code,
           const char *format,
           ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (loader->element_index == G_MAXUINT)
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code, "%s: %s", loader->source, problem);
  else if (loader->element_id != NULL)
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: element %u (“%s”): %s"),
                 loader->source, loader->element_index, loader->element_id, problem);
  else
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: element %u: %s"), loader->source, loader->element_index, problem);
  return FALSE;
}

#define fail(loader, ...) fail_with ((loader), KAKANAI_FORMS_ERROR_TEMPLATE, __VA_ARGS__)

/* ---- typed member readers ------------------------------------------------------------ */

static gboolean
check_members (Loader             *loader,
               JsonObject         *object,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (loader, _("unknown member “%s”"), (const char *) l->data);
  return TRUE;
}

static gboolean
read_number (Loader     *loader,
             JsonObject *object,
             const char *name,
             gboolean    required,
             double      fallback,
             double     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    {
      if (required)
        return fail (loader, _("missing member “%s”"), name);
      *out = fallback;
      return TRUE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (loader, _("“%s” must be a number"), name);

  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return fail (loader, _("“%s” must be a finite number"), name);
  return TRUE;
}

static gboolean
read_string (Loader      *loader,
             JsonObject  *object,
             const char  *name,
             gboolean     required,
             const char  *fallback,
             const char **out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (required)
        return fail (loader, _("missing member “%s”"), name);
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (loader, _("“%s” must be a string"), name);

  *out = json_node_get_string (node);
  if (!g_utf8_validate (*out, -1, NULL))
    return fail (loader, _("“%s” is not valid UTF-8"), name);
  return TRUE;
}

static gboolean
read_boolean (Loader     *loader,
              JsonObject *object,
              const char *name,
              gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      *out = FALSE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (loader, _("“%s” must be true or false"), name);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_enum (Loader             *loader,
           JsonObject         *object,
           const char         *name,
           const char * const *names,
           int                 fallback,
           int                *out)
{
  const char *value;

  if (!read_string (loader, object, name, FALSE, NULL, &value))
    return FALSE;
  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], value))
      {
        *out = i;
        return TRUE;
      }

  g_autofree char *expected = g_strjoinv (", ", (char **) names);
  return fail (loader, _("“%s” must be one of %s, not “%s”"), name, expected, value);
}

static gboolean
parse_color (const char *text,
             guint32    *out)
{
  if (strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  *out = (guint32) g_ascii_strtoull (text + 1, NULL, 16);
  return TRUE;
}

static gboolean
read_color (Loader     *loader,
            JsonObject *object,
            const char *name,
            guint32    *out,
            gboolean   *present)
{
  const char *text;

  if (!read_string (loader, object, name, FALSE, NULL, &text))
    return FALSE;
  if (present != NULL)
    *present = text != NULL;
  if (text == NULL)
    return TRUE;
  if (!parse_color (text, out))
    return fail (loader, _("“%s” must be a colour written #rrggbb, not “%s”"), name, text);
  return TRUE;
}

/* ---- geometry ------------------------------------------------------------------------ */

static gboolean
check_box_on_page (Loader     *loader,
                   const char *what,
                   double      x,
                   double      y,
                   double      width,
                   double      height)
{
  if (width <= 0 || height <= 0)
    return fail (loader, _("%s must have a positive width and height"), what);
  if (x < -EDGE_TOLERANCE_MM || y < -EDGE_TOLERANCE_MM ||
      x + width > loader->page_width + EDGE_TOLERANCE_MM ||
      y + height > loader->page_height + EDGE_TOLERANCE_MM)
    return fail (loader, _("%s (%g, %g, %g × %g mm) overlaps the page edge (page %g × %g mm)"),
                 what, x, y, width, height, loader->page_width, loader->page_height);
  return TRUE;
}

static gboolean
check_point_on_page (Loader *loader,
                     double  x,
                     double  y)
{
  if (x < -EDGE_TOLERANCE_MM || y < -EDGE_TOLERANCE_MM ||
      x > loader->page_width + EDGE_TOLERANCE_MM || y > loader->page_height + EDGE_TOLERANCE_MM)
    return fail (loader, _("the point (%g, %g) is off the page (page %g × %g mm)"),
                 x, y, loader->page_width, loader->page_height);
  return TRUE;
}

static gboolean
read_box (Loader         *loader,
          JsonObject     *object,
          KakanaiElement *element)
{
  return read_number (loader, object, "x", TRUE, 0, &element->x) &&
         read_number (loader, object, "y", TRUE, 0, &element->y) &&
         read_number (loader, object, "width", TRUE, 0, &element->width) &&
         read_number (loader, object, "height", TRUE, 0, &element->height) &&
         check_box_on_page (loader, _("the box"), element->x, element->y,
                            element->width, element->height);
}

static gboolean
read_stroke (Loader         *loader,
             JsonObject     *object,
             KakanaiElement *element)
{
  if (!read_number (loader, object, "line_width", FALSE, 0.3, &element->line_width) ||
      !read_color (loader, object, "color", &element->color, NULL))
    return FALSE;
  if (element->line_width < 0 || element->line_width > 10)
    return fail (loader, _("“line_width” must be between 0 and 10 mm"));
  return TRUE;
}

/* ---- text style ---------------------------------------------------------------------- */

static gboolean
read_text_style (Loader         *loader,
                 JsonObject     *object,
                 KakanaiElement *element,
                 int             default_font,
                 int             default_valign)
{
  int font, align, valign;

  if (!read_enum (loader, object, "font", font_names, default_font, &font) ||
      !read_enum (loader, object, "align", align_names, KAKANAI_ALIGN_LEFT, &align) ||
      !read_enum (loader, object, "valign", valign_names, default_valign, &valign) ||
      !read_number (loader, object, "size", FALSE, 10.5, &element->size) ||
      !read_number (loader, object, "line_height", FALSE, 1.3, &element->line_height) ||
      !read_color (loader, object, "color", &element->color, NULL))
    return FALSE;
  if (!read_number (loader, object, "min_size", FALSE, element->size, &element->min_size))
    return FALSE;

  element->font = font;
  element->align = align;
  element->valign = valign;

  if (element->size <= 0 || element->size > MAX_FONT_SIZE_PT)
    return fail (loader, _("“size” must be above 0 and at most %g pt"), MAX_FONT_SIZE_PT);
  if (element->min_size <= 0 || element->min_size > element->size)
    return fail (loader, _("“min_size” must be above 0 and at most “size”"));
  if (element->line_height < 0.8 || element->line_height > 4)
    return fail (loader, _("“line_height” must be between 0.8 and 4"));
  return TRUE;
}

/* ---- elements ------------------------------------------------------------------------ */

static void
choice_option_free (gpointer data)
{
  KakanaiChoiceOption *option = data;

  g_free (option->value);
  g_free (option->label);
  g_free (option);
}

static void
element_free (gpointer data)
{
  KakanaiElement *element = data;

  g_free (element->id);
  g_free (element->text);
  g_free (element->image_path);
  g_clear_pointer (&element->image, kakanai_image_unref);
  g_free (element->key);
  g_free (element->prefix);
  g_free (element->suffix);
  g_clear_pointer (&element->options, g_ptr_array_unref);
  g_free (element->option_values); /* the strings belong to the options */
  g_free (element);
}

char *
kakanai_element_describe (const KakanaiElement *element)
{
  if (element->id != NULL)
    return g_strdup (element->id);
  return g_strdup_printf ("#%u", element->index);
}

static gboolean
parse_text_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = {
    "type", "id", "x", "y", "width", "height", "text", "font", "size", "min_size",
    "line_height", "align", "valign", "color", NULL
  };
  const char *text;

  if (!check_members (loader, object, allowed) ||
      !read_box (loader, object, element) ||
      !read_string (loader, object, "text", TRUE, NULL, &text) ||
      !read_text_style (loader, object, element, KAKANAI_FONT_GOTHIC, KAKANAI_VALIGN_MIDDLE))
    return FALSE;
  element->text = g_strdup (text);
  return TRUE;
}

static gboolean
parse_line_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = {
    "type", "id", "x1", "y1", "x2", "y2", "line_width", "color", "dash", NULL
  };

  if (!check_members (loader, object, allowed) ||
      !read_number (loader, object, "x1", TRUE, 0, &element->x) ||
      !read_number (loader, object, "y1", TRUE, 0, &element->y) ||
      !read_number (loader, object, "x2", TRUE, 0, &element->x2) ||
      !read_number (loader, object, "y2", TRUE, 0, &element->y2) ||
      !read_number (loader, object, "dash", FALSE, 0, &element->dash) ||
      !read_stroke (loader, object, element) ||
      !check_point_on_page (loader, element->x, element->y) ||
      !check_point_on_page (loader, element->x2, element->y2))
    return FALSE;
  if (element->dash < 0 || element->dash > 50)
    return fail (loader, _("“dash” must be between 0 and 50 mm"));
  return TRUE;
}

static gboolean
parse_rect_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = {
    "type", "id", "x", "y", "width", "height", "line_width", "color", "fill", NULL
  };

  return check_members (loader, object, allowed) &&
         read_box (loader, object, element) &&
         read_stroke (loader, object, element) &&
         read_color (loader, object, "fill", &element->fill, &element->has_fill);
}

static gboolean
parse_circle_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = {
    "type", "id", "cx", "cy", "r", "line_width", "color", "fill", NULL
  };

  if (!check_members (loader, object, allowed) ||
      !read_number (loader, object, "cx", TRUE, 0, &element->x) ||
      !read_number (loader, object, "cy", TRUE, 0, &element->y) ||
      !read_number (loader, object, "r", TRUE, 0, &element->r) ||
      !read_stroke (loader, object, element) ||
      !read_color (loader, object, "fill", &element->fill, &element->has_fill))
    return FALSE;
  return check_box_on_page (loader, _("the circle"), element->x - element->r,
                            element->y - element->r, 2 * element->r, 2 * element->r);
}

/* The image's file as it really is (symbolic links followed), which must lie inside the
 * template's folder: a template names its own images, never a file elsewhere. */
static char *
resolve_image_path (Loader     *loader,
                    const char *src)
{
  g_autofree char *joined = g_path_is_absolute (src) ? g_strdup (src)
                                                     : g_build_filename (loader->dir, src, NULL);
  g_autofree char *folder = realpath (loader->dir, NULL);
  g_autofree char *real = realpath (joined, NULL);
  int saved_errno = errno;

  if (real == NULL || folder == NULL)
    return fail_with (loader, KAKANAI_FORMS_ERROR_IO, _("cannot open the image “%s”: %s"),
                      src, g_strerror (saved_errno)), NULL;
  if (!g_str_has_prefix (real, folder) ||
      (real[strlen (folder)] != G_DIR_SEPARATOR && !g_str_equal (folder, "/")))
    return fail (loader, _("the image “%s” is outside the template's folder %s; "
                           "copy it into that folder and give its name there"),
                 src, folder), NULL;
  return g_steal_pointer (&real);
}

static gboolean
parse_image_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = { "type", "id", "x", "y", "width", "height", "src", NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  const char *src;

  if (!check_members (loader, object, allowed) ||
      !read_box (loader, object, element) ||
      !read_string (loader, object, "src", TRUE, NULL, &src))
    return FALSE;
  if (*src == '\0')
    return fail (loader, _("“src” is empty"));

  element->image_path = resolve_image_path (loader, src);
  if (element->image_path == NULL)
    return FALSE;
  bytes = kakanai_file_read_limited (element->image_path, KAKANAI_IMAGE_MAX_BYTES, &read_error);
  if (bytes == NULL)
    return fail_with (loader, g_error_matches (read_error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO)
                                ? KAKANAI_FORMS_ERROR_IO : KAKANAI_FORMS_ERROR_TEMPLATE,
                      _("the image “%s”: %s"), src, read_error->message);
  element->image = kakanai_image_new_from_bytes (bytes, src, &read_error);
  if (element->image == NULL)
    return fail (loader, "%s", read_error->message);
  return TRUE;
}

static gboolean
parse_choice_option (Loader              *loader,
                     JsonNode            *node,
                     guint                index,
                     KakanaiChoiceOption *option)
{
  static const char * const allowed[] = { "value", "label", "x", "y", "width", "height", NULL };
  JsonObject *object;
  const char *value, *label;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("option %u must be an object"), index);
  object = json_node_get_object (node);

  if (!check_members (loader, object, allowed) ||
      !read_string (loader, object, "value", TRUE, NULL, &value) ||
      !read_string (loader, object, "label", FALSE, NULL, &label) ||
      !read_number (loader, object, "x", TRUE, 0, &option->x) ||
      !read_number (loader, object, "y", TRUE, 0, &option->y) ||
      !read_number (loader, object, "width", TRUE, 0, &option->width) ||
      !read_number (loader, object, "height", TRUE, 0, &option->height))
    return FALSE;
  if (*value == '\0' || strchr (value, ',') != NULL)
    return fail (loader, _("option %u: “value” must be non-empty and hold no comma"), index);

  g_autofree char *what = g_strdup_printf (_("option %u (“%s”)"), index, value);
  if (!check_box_on_page (loader, what, option->x, option->y, option->width, option->height))
    return FALSE;

  option->value = g_strdup (value);
  option->label = g_strdup (label != NULL ? label : value);
  return TRUE;
}

static gboolean
parse_choice_options (Loader         *loader,
                      JsonObject     *object,
                      KakanaiElement *element)
{
  JsonNode *node = json_object_get_member (object, "options");
  JsonArray *array;
  guint n;

  if (node == NULL)
    return fail (loader, _("a choice needs “options”"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || (n = json_array_get_length (array = json_node_get_array (node))) == 0)
    return fail (loader, _("“options” must be a non-empty array"));

  element->options = g_ptr_array_new_with_free_func (choice_option_free);
  element->option_values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      KakanaiChoiceOption *option = g_new0 (KakanaiChoiceOption, 1);

      g_ptr_array_add (element->options, option);
      if (!parse_choice_option (loader, json_array_get_element (array, i), i, option))
        return FALSE;
      if (g_strv_contains ((const char * const *) element->option_values, option->value))
        return fail (loader, _("option value “%s” appears twice"), option->value);
      element->option_values[i] = option->value;
    }
  return TRUE;
}

static gboolean
check_format_fits_key (Loader *loader, KakanaiElement *element, gboolean given)
{
  gboolean is_date = kakanai_form_data_is_date_key (element->key);
  gboolean is_year = g_str_equal (element->key, "request.fiscal_year");

  if (!given)
    {
      element->format = is_date ? KAKANAI_VALUE_FORMAT_WAREKI : KAKANAI_VALUE_FORMAT_PLAIN;
      return TRUE;
    }
  switch (element->format)
    {
    case KAKANAI_VALUE_FORMAT_PLAIN:
      if (!is_date)
        return TRUE;
      break;
    case KAKANAI_VALUE_FORMAT_WAREKI:
    case KAKANAI_VALUE_FORMAT_WAREKI_YEAR:
    case KAKANAI_VALUE_FORMAT_GREGORIAN:
    case KAKANAI_VALUE_FORMAT_ISO:
      if (is_date)
        return TRUE;
      break;
    case KAKANAI_VALUE_FORMAT_WAREKI_FISCAL:
      if (is_year)
        return TRUE;
      break;
    default:
      break;
    }
  return fail (loader, _("“format” “%s” does not apply to the key “%s”"),
               format_names[element->format], element->key);
}

static gboolean
parse_field_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  static const char * const allowed[] = {
    "type", "id", "key", "x", "y", "width", "height", "mode", "font", "size", "min_size",
    "line_height", "align", "valign", "format", "prefix", "suffix", "color", "boxes",
    "filter", "mark", "options", "multiple", "line_width", NULL
  };
  const char *key, *prefix, *suffix;
  int mode, format, filter, mark;
  double n_boxes;

  if (!check_members (loader, object, allowed) ||
      !read_string (loader, object, "key", TRUE, NULL, &key))
    return FALSE;
  if (!kakanai_form_data_is_known_key (key))
    return fail_with (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY, _("unknown data key “%s”"), key);
  element->key = g_strdup (key);

  if (!read_enum (loader, object, "mode", mode_names, KAKANAI_FIELD_LINE, &mode) ||
      !read_enum (loader, object, "format", format_names, KAKANAI_VALUE_FORMAT_PLAIN, &format) ||
      !read_enum (loader, object, "filter", filter_names, 0, &filter) ||
      !read_enum (loader, object, "mark", mark_names, KAKANAI_MARK_CIRCLE, &mark) ||
      !read_string (loader, object, "prefix", FALSE, NULL, &prefix) ||
      !read_string (loader, object, "suffix", FALSE, NULL, &suffix) ||
      !read_boolean (loader, object, "multiple", &element->multiple) ||
      !read_number (loader, object, "line_width", FALSE, 0.3, &element->line_width) ||
      !read_text_style (loader, object, element, KAKANAI_FONT_MINCHO,
                        mode == KAKANAI_FIELD_WRAP ? KAKANAI_VALIGN_TOP : KAKANAI_VALIGN_MIDDLE))
    return FALSE;

  element->mode = mode;
  element->format = format;
  element->digits_only = filter == 1;
  element->mark = mark;
  element->prefix = g_strdup (prefix);
  element->suffix = g_strdup (suffix);
  if (!check_format_fits_key (loader, element, json_object_has_member (object, "format")))
    return FALSE;
  if (element->line_width <= 0 || element->line_width > 10)
    return fail (loader, _("“line_width” must be above 0 and at most 10 mm"));

  if (mode == KAKANAI_FIELD_CHOICE)
    {
      if (json_object_has_member (object, "x") && !read_box (loader, object, element))
        return FALSE;
      return parse_choice_options (loader, object, element);
    }
  if (json_object_has_member (object, "options"))
    return fail (loader, _("“options” belongs to choice fields only"));
  if (!read_box (loader, object, element))
    return FALSE;

  if (mode == KAKANAI_FIELD_BOXES)
    {
      if (!read_number (loader, object, "boxes", TRUE, 0, &n_boxes))
        return FALSE;
      if (n_boxes < 1 || n_boxes > MAX_BOXES || n_boxes != floor (n_boxes))
        return fail (loader, _("“boxes” must be a whole number from 1 to %d"), MAX_BOXES);
      element->n_boxes = (guint) n_boxes;
    }
  else if (json_object_has_member (object, "boxes"))
    return fail (loader, _("“boxes” belongs to boxes fields only"));
  return TRUE;
}

static const struct {
  const char *name;
  gboolean (*parse) (Loader *, JsonObject *, KakanaiElement *);
} element_types[] = {
  [KAKANAI_ELEMENT_TEXT] = { "text", parse_text_element },
  [KAKANAI_ELEMENT_LINE] = { "line", parse_line_element },
  [KAKANAI_ELEMENT_RECT] = { "rect", parse_rect_element },
  [KAKANAI_ELEMENT_CIRCLE] = { "circle", parse_circle_element },
  [KAKANAI_ELEMENT_IMAGE] = { "image", parse_image_element },
  [KAKANAI_ELEMENT_FIELD] = { "field", parse_field_element },
};

static KakanaiElement *
parse_element (Loader   *loader,
               JsonNode *node,
               guint     index)
{
  g_autoptr(GPtrArray) owner = g_ptr_array_new_with_free_func (element_free);
  KakanaiElement *element = g_new0 (KakanaiElement, 1);
  JsonObject *object;
  const char *type, *id;

  g_ptr_array_add (owner, element);
  element->index = index;
  element->color = 0x000000;
  loader->element_index = index;
  loader->element_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("an element must be an object")), NULL;
  object = json_node_get_object (node);

  if (!read_string (loader, object, "id", FALSE, NULL, &id))
    return NULL;
  if (id != NULL && *id == '\0')
    return fail (loader, _("“id” is empty")), NULL;
  element->id = g_strdup (id);
  loader->element_id = element->id;

  if (!read_string (loader, object, "type", TRUE, NULL, &type))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (element_types); i++)
    if (g_str_equal (type, element_types[i].name))
      {
        element->type = i;
        if (!element_types[i].parse (loader, object, element))
          return NULL;
        return g_ptr_array_steal_index (owner, 0);
      }

  fail (loader, _("unknown element type “%s”"), type);
  return NULL;
}

/* ---- top level ----------------------------------------------------------------------- */

static gboolean
page_size_mm (const char *name,
              double     *width,
              double     *height)
{
  static const struct { const char *name; double width, height; } sizes[] = {
    { "A3", 297, 420 }, { "A4", 210, 297 }, { "A5", 148, 210 }, { "B5", 182, 257 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (g_str_equal (name, sizes[i].name))
      {
        *width = sizes[i].width;
        *height = sizes[i].height;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_page (Loader          *loader,
            JsonObject      *root,
            KakanaiTemplate *tpl)
{
  static const char * const allowed[] = { "size", "orientation", NULL };
  static const char * const orientations[] = { "portrait", "landscape", NULL };
  JsonNode *node = json_object_get_member (root, "page");
  JsonObject *page;
  const char *size;
  int orientation;

  if (node == NULL)
    return fail (loader, _("missing member “page”"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("“page” must be an object"));
  page = json_node_get_object (node);

  if (!check_members (loader, page, allowed) ||
      !read_string (loader, page, "size", TRUE, NULL, &size) ||
      !read_enum (loader, page, "orientation", orientations, 0, &orientation))
    return FALSE;
  if (!page_size_mm (size, &tpl->page_width, &tpl->page_height))
    return fail (loader, _("page size “%s” is not one of A3, A4, A5, B5"), size);
  if (orientation == 1)
    {
      double swap = tpl->page_width;
      tpl->page_width = tpl->page_height;
      tpl->page_height = swap;
    }
  loader->page_width = tpl->page_width;
  loader->page_height = tpl->page_height;
  return TRUE;
}

static gboolean
is_template_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (; *id; id++)
    if (!g_ascii_islower (*id) && !g_ascii_isdigit (*id) && *id != '_' && *id != '-')
      return FALSE;
  return TRUE;
}

static void
collect_field_keys (KakanaiTemplate *tpl)
{
  tpl->field_keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < tpl->elements->len; i++)
    {
      KakanaiElement *element = g_ptr_array_index (tpl->elements, i);
      gboolean seen = FALSE;

      if (element->type != KAKANAI_ELEMENT_FIELD)
        continue;
      for (guint j = 0; j < tpl->field_keys->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (tpl->field_keys, j), element->key);
      if (!seen)
        g_ptr_array_add (tpl->field_keys, g_strdup (element->key));
    }
  g_ptr_array_add (tpl->field_keys, NULL);
}

static gboolean
parse_root (Loader          *loader,
            JsonNode        *root_node,
            KakanaiTemplate *tpl)
{
  static const char * const allowed[] = {
    "format", "id", "title", "description", "page", "elements", NULL
  };
  JsonObject *root;
  JsonNode *elements_node;
  JsonArray *elements;
  const char *id, *title, *description;
  double format;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (loader, _("the template must be a JSON object"));
  root = json_node_get_object (root_node);

  if (!read_number (loader, root, "format", TRUE, 0, &format))
    return FALSE;
  if (format != KAKANAI_TEMPLATE_FORMAT_VERSION)
    return fail (loader, _("template format %g is not supported (this version reads format %d)"),
                 format, KAKANAI_TEMPLATE_FORMAT_VERSION);
  if (!check_members (loader, root, allowed) ||
      !read_string (loader, root, "id", TRUE, NULL, &id) ||
      !read_string (loader, root, "title", TRUE, NULL, &title) ||
      !read_string (loader, root, "description", FALSE, "", &description))
    return FALSE;
  if (!is_template_id (id))
    return fail (loader, _("“id” must be made of a–z, 0–9, “_” and “-”, not “%s”"), id);
  if (*title == '\0')
    return fail (loader, _("“title” is empty"));
  tpl->id = g_strdup (id);
  tpl->title = g_strdup (title);
  tpl->description = g_strdup (description);

  if (!parse_page (loader, root, tpl))
    return FALSE;

  elements_node = json_object_get_member (root, "elements");
  if (elements_node == NULL)
    return fail (loader, _("missing member “elements”"));
  if (!JSON_NODE_HOLDS_ARRAY (elements_node))
    return fail (loader, _("“elements” must be an array"));
  elements = json_node_get_array (elements_node);

  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      KakanaiElement *element = parse_element (loader, json_array_get_element (elements, i), i);

      if (element == NULL)
        return FALSE;
      g_ptr_array_add (tpl->elements, element);
    }
  loader->element_index = G_MAXUINT;
  collect_field_keys (tpl);
  return TRUE;
}

KakanaiTemplate *
kakanai_template_new_from_data (const char  *data,
                                gssize       length,
                                const char  *source_name,
                                GError     **error)
{
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *dir = NULL;
  Loader loader = { 0 };

  g_return_val_if_fail (data != NULL, NULL);
  if (source_name == NULL)
    source_name = "<memory>";

  dir = g_path_get_dirname (source_name);
  loader.source = source_name;
  loader.dir = dir;
  loader.element_index = G_MAXUINT;
  loader.error = error;

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate_len (data, length, NULL))
    return fail (&loader, _("the file is not valid UTF-8")), NULL;
  /* json-glib recurses once per level: a deep file would overflow the stack. */
  if (!kakanai_json_check_limits (data, length, KAKANAI_TEMPLATE_MAX_BYTES, KAKANAI_JSON_MAX_DEPTH,
                                  &parse_error))
    return fail (&loader, "%s", parse_error->message), NULL;
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    return fail (&loader, _("malformed JSON: %s"), parse_error->message), NULL;

  tpl = g_new0 (KakanaiTemplate, 1);
  g_atomic_ref_count_init (&tpl->ref_count);
  g_mutex_init (&tpl->static_layout_lock);
  tpl->source = g_strdup (source_name);
  tpl->dir = g_steal_pointer (&dir);
  tpl->elements = g_ptr_array_new_with_free_func (element_free);

  if (!parse_root (&loader, json_parser_get_root (parser), tpl))
    return NULL;
  return g_steal_pointer (&tpl);
}

KakanaiTemplate *
kakanai_template_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (path != NULL, NULL);

  /* Regular files only (a FIFO would block), within the limit, before parsing. */
  contents = kakanai_file_read_limited (path, KAKANAI_TEMPLATE_MAX_BYTES, &read_error);
  if (contents == NULL)
    {
      g_set_error_literal (error, KAKANAI_FORMS_ERROR,
                           g_error_matches (read_error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO)
                             ? KAKANAI_FORMS_ERROR_IO : KAKANAI_FORMS_ERROR_TEMPLATE,
                           read_error->message);
      return NULL;
    }
  data = g_bytes_get_data (contents, &length);
  return kakanai_template_new_from_data (data, length, path, error);
}

static int
compare_template_ids (gconstpointer a,
                      gconstpointer b)
{
  KakanaiTemplate *ta = *(KakanaiTemplate **) a;
  KakanaiTemplate *tb = *(KakanaiTemplate **) b;

  return strcmp (ta->id, tb->id);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

GPtrArray *
kakanai_template_load_dir (const char  *dir,
                           GError     **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, &dir_error);
  const char *name;

  if (gdir == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_IO, "%s: %s",
                   dir, dir_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    {
      KakanaiTemplate *tpl = kakanai_template_new_from_file (g_ptr_array_index (names, i), error);

      if (tpl == NULL)
        return NULL;
      for (guint j = 0; j < templates->len; j++)
        {
          KakanaiTemplate *other = g_ptr_array_index (templates, j);

          if (g_str_equal (other->id, tpl->id))
            {
              g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE,
                           _("%s: the id “%s” is already used by %s"),
                           tpl->source, tpl->id, other->source);
              kakanai_template_unref (tpl);
              return NULL;
            }
        }
      g_ptr_array_add (templates, tpl);
    }
  g_ptr_array_sort (templates, compare_template_ids);
  return g_steal_pointer (&templates);
}

KakanaiTemplate *
kakanai_template_ref (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  g_atomic_ref_count_inc (&tpl->ref_count);
  return tpl;
}

void
kakanai_template_unref (KakanaiTemplate *tpl)
{
  if (tpl == NULL || !g_atomic_ref_count_dec (&tpl->ref_count))
    return;
  g_free (tpl->source);
  g_free (tpl->dir);
  g_free (tpl->id);
  g_free (tpl->title);
  g_free (tpl->description);
  g_clear_pointer (&tpl->elements, g_ptr_array_unref);
  g_clear_pointer (&tpl->field_keys, g_ptr_array_unref);
  if (tpl->static_layout != NULL)
    tpl->static_layout_free (tpl->static_layout);
  g_mutex_clear (&tpl->static_layout_lock);
  g_free (tpl);
}

gpointer
kakanai_template_get_static_layout (KakanaiTemplate         *tpl,
                                    KakanaiStaticLayoutFunc  build,
                                    GDestroyNotify           free_func)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (tpl != NULL && build != NULL && free_func != NULL, NULL);

  locker = g_mutex_locker_new (&tpl->static_layout_lock);
  if (tpl->static_layout == NULL)
    {
      tpl->static_layout = build (tpl);
      tpl->static_layout_free = free_func;
    }
  return tpl->static_layout;
}

const char *
kakanai_template_get_id (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->id;
}

const char *
kakanai_template_get_title (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->title;
}

const char *
kakanai_template_get_description (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->description;
}

const char *
kakanai_template_get_source (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->source;
}

void
kakanai_template_get_page_size (KakanaiTemplate *tpl,
                                double          *width_mm,
                                double          *height_mm)
{
  g_return_if_fail (tpl != NULL);
  if (width_mm != NULL)
    *width_mm = tpl->page_width;
  if (height_mm != NULL)
    *height_mm = tpl->page_height;
}

const char * const *
kakanai_template_get_field_keys (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return (const char * const *) tpl->field_keys->pdata;
}

static KakanaiElement *
find_choice_field (KakanaiTemplate *tpl,
                   const char      *key)
{
  for (guint i = 0; i < tpl->elements->len; i++)
    {
      KakanaiElement *element = g_ptr_array_index (tpl->elements, i);

      if (element->type == KAKANAI_ELEMENT_FIELD && element->mode == KAKANAI_FIELD_CHOICE &&
          g_str_equal (element->key, key))
        return element;
    }
  return NULL;
}

const char * const *
kakanai_template_get_choices (KakanaiTemplate *tpl,
                              const char      *key)
{
  KakanaiElement *element;

  g_return_val_if_fail (tpl != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  element = find_choice_field (tpl, key);
  return element != NULL ? (const char * const *) element->option_values : NULL;
}

const char *
kakanai_template_get_choice_label (KakanaiTemplate *tpl,
                                   const char      *key,
                                   const char      *value)
{
  KakanaiElement *element;

  g_return_val_if_fail (tpl != NULL, NULL);
  g_return_val_if_fail (key != NULL && value != NULL, NULL);

  element = find_choice_field (tpl, key);
  if (element == NULL)
    return NULL;
  for (guint i = 0; i < element->options->len; i++)
    {
      KakanaiChoiceOption *option = g_ptr_array_index (element->options, i);

      if (g_str_equal (option->value, value))
        return option->label;
    }
  return NULL;
}

GPtrArray *
kakanai_template_get_elements (KakanaiTemplate *tpl)
{
  return tpl->elements;
}
