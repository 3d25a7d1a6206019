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

#include "kakanai-background-private.h"
#include "kakanai-form-data.h"
#include "kakanai-forms-error.h"
#include "kakanai-question-private.h"
#include "kakanai-template-loader-private.h"
#include "kakanai-template-model.h"
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
  char           **title_texts;       /* localized pairs, "ja" first */
  char           **description_texts; /* localized pairs, or NULL */
  GPtrArray       *questions;         /* KakanaiQuestion* */
  GHashTable      *template_keys;     /* key → KakanaiQuestion* of every key asked */
  double           page_width;
  double           page_height;
  KakanaiBackground *background; /* a PDF page under every element, or NULL */
  GPtrArray       *elements;   /* KakanaiElement* */
  GPtrArray       *field_keys; /* char*, NULL-terminated */
  /* The layout of the static elements, made once (see kakanai_template_get_static_layout). */
  GMutex           static_layout_lock;
  gpointer         static_layout;
  GDestroyNotify   static_layout_free;
};


static const char * const font_names[] = { "mincho", "gothic", "names", NULL };
static const char * const align_names[] = { "left", "center", "right", NULL };
static const char * const valign_names[] = { "top", "middle", "bottom", NULL };
static const char * const mode_names[] = { "line", "wrap", "boxes", "choice", NULL };
static const char * const mark_names[] = { "circle", "tick", NULL };
static const char * const format_names[] = {
  "plain", "wareki", "wareki_year", "gregorian", "iso", "wareki_fiscal", NULL
};
static const char * const filter_names[] = { "none", "digits", NULL };
static const char * const ec_level_names[] = { "L", "M", "Q", "H", NULL };

/* ---- errors ---------------------------------------------------------------------- */

gboolean
kakanai_loader_fail (Loader     *loader,
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
  else if (g_strcmp0 (loader->item_kind, "question") == 0 && loader->element_id != NULL)
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: question %u (“%s”): %s"),
                 loader->source, loader->element_index, loader->element_id, problem);
  else if (g_strcmp0 (loader->item_kind, "question") == 0)
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: question %u: %s"), loader->source, loader->element_index, problem);
  else if (loader->element_id != NULL)
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: element %u (“%s”): %s"),
                 loader->source, loader->element_index, loader->element_id, problem);
  else
    g_set_error (loader->error, KAKANAI_FORMS_ERROR, code,
                 _("%s: element %u: %s"), loader->source, loader->element_index, problem);
  return FALSE;
}

#define fail(loader, ...) kakanai_loader_fail ((loader), KAKANAI_FORMS_ERROR_TEMPLATE, __VA_ARGS__)

/* ---- typed member readers ------------------------------------------------------------ */

gboolean
kakanai_loader_check_members (Loader             *loader,
               JsonObject         *object,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (loader, _("unknown member “%s”"), (const char *) l->data);
  return TRUE;
}

gboolean
kakanai_loader_read_number (Loader     *loader,
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

gboolean
kakanai_loader_read_string (Loader      *loader,
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

gboolean
kakanai_loader_read_boolean (Loader     *loader,
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

gboolean
kakanai_loader_read_enum (Loader             *loader,
           JsonObject         *object,
           const char         *name,
           const char * const *names,
           int                 fallback,
           int                *out)
{
  const char *value;

  if (!kakanai_loader_read_string (loader, object, name, FALSE, NULL, &value))
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

gboolean
kakanai_loader_read_color (Loader     *loader,
            JsonObject *object,
            const char *name,
            guint32    *out,
            gboolean   *present)
{
  const char *text;

  if (!kakanai_loader_read_string (loader, object, name, FALSE, NULL, &text))
    return FALSE;
  if (present != NULL)
    *present = text != NULL;
  if (text == NULL)
    return TRUE;
  if (!parse_color (text, out))
    return fail (loader, _("“%s” must be a colour written #rrggbb, not “%s”"), name, text);
  return TRUE;
}

static gboolean
is_language_code (const char *code)
{
  gsize n = strlen (code);

  if (n != 2 && n != 3 && n != 5)
    return FALSE;
  for (gsize i = 0; i < MIN (n, 3); i++)
    if (!g_ascii_islower (code[i]) && !(i == 2 && n == 5 && code[i] == '_'))
      return FALSE;
  if (n == 5)
    return code[2] == '_' && g_ascii_isupper (code[3]) && g_ascii_isupper (code[4]);
  return TRUE;
}

gboolean
kakanai_loader_read_localized (Loader      *loader,
                               JsonObject  *object,
                               const char  *name,
                               gboolean     required,
                               char      ***out)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GStrvBuilder) pairs = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *texts;
  const char *ja;

  *out = NULL;
  if (node == NULL)
    return required ? fail (loader, _("missing member “%s”"), name) : TRUE;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (!kakanai_loader_read_string (loader, object, name, TRUE, NULL, &ja))
        return FALSE;
      if (*ja == '\0')
        return fail (loader, _("“%s” is empty"), name);
      g_strv_builder_add_many (pairs, "ja", ja, NULL);
      *out = g_strv_builder_end (pairs);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("“%s” must be a string or an object of languages ({\"ja\": …, \"en\": …})"), name);
  texts = json_node_get_object (node);
  if (!kakanai_loader_read_string (loader, texts, "ja", FALSE, NULL, &ja))
    return FALSE;
  if (ja == NULL || *ja == '\0')
    return fail (loader, _("“%s” needs its Japanese text (“ja”)"), name);
  g_strv_builder_add_many (pairs, "ja", ja, NULL);

  members = json_object_get_members (texts);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *language = l->data, *text;

      if (g_str_equal (language, "ja"))
        continue;
      if (!is_language_code (language))
        return fail (loader, _("“%s”: “%s” is not a language code (such as en, pt, zh_TW)"), name, language);
      if (!kakanai_loader_read_string (loader, texts, language, TRUE, NULL, &text))
        return FALSE;
      if (*text == '\0')
        return fail (loader, _("“%s”: the text in “%s” is empty"), name, language);
      g_strv_builder_add_many (pairs, language, text, NULL);
    }
  *out = g_strv_builder_end (pairs);
  return TRUE;
}

const char *
kakanai_localized_get (char * const *pairs,
                       const char   *language)
{
  gsize prefix = 0;

  if (pairs == NULL)
    return NULL;
  if (language == NULL)
    return pairs[1];
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (g_str_equal (pairs[i], language))
      return pairs[i + 1];
  /* "en_US" → "en" */
  while (language[prefix] != '\0' && language[prefix] != '_' && language[prefix] != '-' &&
         language[prefix] != '.')
    prefix++;
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (strlen (pairs[i]) == prefix && strncmp (pairs[i], language, prefix) == 0)
      return pairs[i + 1];
  return pairs[1];
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
  return kakanai_loader_read_number (loader, object, "x", TRUE, 0, &element->x) &&
         kakanai_loader_read_number (loader, object, "y", TRUE, 0, &element->y) &&
         kakanai_loader_read_number (loader, object, "width", TRUE, 0, &element->width) &&
         kakanai_loader_read_number (loader, object, "height", TRUE, 0, &element->height) &&
         check_box_on_page (loader, _("the box"), element->x, element->y,
                            element->width, element->height);
}

static gboolean
read_stroke (Loader         *loader,
             JsonObject     *object,
             KakanaiElement *element)
{
  if (!kakanai_loader_read_number (loader, object, "line_width", FALSE, 0.3, &element->line_width) ||
      !kakanai_loader_read_color (loader, object, "color", &element->color, NULL))
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

  if (!kakanai_loader_read_enum (loader, object, "font", font_names, default_font, &font) ||
      !kakanai_loader_read_enum (loader, object, "align", align_names, KAKANAI_ALIGN_LEFT, &align) ||
      !kakanai_loader_read_enum (loader, object, "valign", valign_names, default_valign, &valign) ||
      !kakanai_loader_read_number (loader, object, "size", FALSE, 10.5, &element->size) ||
      !kakanai_loader_read_number (loader, object, "line_height", FALSE, 1.3, &element->line_height) ||
      !kakanai_loader_read_color (loader, object, "color", &element->color, NULL))
    return FALSE;
  if (!kakanai_loader_read_number (loader, object, "min_size", FALSE, element->size, &element->min_size) ||
      !kakanai_loader_read_number (loader, object, "letter_spacing", FALSE, 0, &element->letter_spacing) ||
      !kakanai_loader_read_boolean (loader, object, "vertical", &element->vertical))
    return FALSE;
  if (element->letter_spacing < -0.5 || element->letter_spacing > 4)
    return fail (loader, _("“letter_spacing” must be between -0.5 and 4 (a share of the size)"));

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

/* ---- the members of each element type, in the order a saved template writes them ---- */

static const char * const text_members[] = {
  "type", "id", "x", "y", "width", "height", "text", "font", "size", "min_size",
  "line_height", "letter_spacing", "vertical", "align", "valign", "color", NULL
};
static const char * const line_members[] = {
  "type", "id", "x1", "y1", "x2", "y2", "line_width", "dash", "color", NULL
};
static const char * const rect_members[] = {
  "type", "id", "x", "y", "width", "height", "line_width", "color", "fill", NULL
};
static const char * const circle_members[] = {
  "type", "id", "cx", "cy", "r", "line_width", "color", "fill", NULL
};
static const char * const image_members[] = { "type", "id", "x", "y", "width", "height", "src", NULL };
static const char * const field_members[] = {
  "type", "id", "key", "mode", "x", "y", "width", "height", "font", "size", "min_size",
  "line_height", "letter_spacing", "vertical", "align", "valign", "format", "prefix", "suffix",
  "boxes", "filter", "mark", "multiple", "line_width", "color", "options", NULL
};
static const char * const qr_members[] = {
  "type", "id", "x", "y", "size", "content", "ec_level", "color", NULL
};

/* ---- elements ------------------------------------------------------------------------ */

static void
choice_option_free (gpointer data)
{
  KakanaiChoiceOption *option = data;

  g_free (option->value);
  g_free (option->label);
  g_strfreev (option->labels);
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
  g_free (element->content);
  g_strfreev (element->value_labels);
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
  const char *text;

  if (!kakanai_loader_check_members (loader, object, text_members) ||
      !read_box (loader, object, element) ||
      !kakanai_loader_read_string (loader, object, "text", TRUE, NULL, &text) ||
      !read_text_style (loader, object, element, KAKANAI_FONT_GOTHIC, KAKANAI_VALIGN_MIDDLE))
    return FALSE;
  element->text = g_strdup (text);
  return TRUE;
}

static gboolean
parse_line_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{

  if (!kakanai_loader_check_members (loader, object, line_members) ||
      !kakanai_loader_read_number (loader, object, "x1", TRUE, 0, &element->x) ||
      !kakanai_loader_read_number (loader, object, "y1", TRUE, 0, &element->y) ||
      !kakanai_loader_read_number (loader, object, "x2", TRUE, 0, &element->x2) ||
      !kakanai_loader_read_number (loader, object, "y2", TRUE, 0, &element->y2) ||
      !kakanai_loader_read_number (loader, object, "dash", FALSE, 0, &element->dash) ||
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

  return kakanai_loader_check_members (loader, object, rect_members) &&
         read_box (loader, object, element) &&
         read_stroke (loader, object, element) &&
         kakanai_loader_read_color (loader, object, "fill", &element->fill, &element->has_fill);
}

static gboolean
parse_circle_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{

  if (!kakanai_loader_check_members (loader, object, circle_members) ||
      !kakanai_loader_read_number (loader, object, "cx", TRUE, 0, &element->x) ||
      !kakanai_loader_read_number (loader, object, "cy", TRUE, 0, &element->y) ||
      !kakanai_loader_read_number (loader, object, "r", TRUE, 0, &element->r) ||
      !read_stroke (loader, object, element) ||
      !kakanai_loader_read_color (loader, object, "fill", &element->fill, &element->has_fill))
    return FALSE;
  return check_box_on_page (loader, _("the circle"), element->x - element->r,
                            element->y - element->r, 2 * element->r, 2 * element->r);
}

/* The image's file as it really is (symbolic links followed), which must lie inside the
 * template's folder: a template names its own images, never a file elsewhere. */
static char *
resolve_template_file (Loader     *loader,
                       const char *src,
                       gboolean    is_background)
{
  g_autofree char *joined = g_path_is_absolute (src) ? g_strdup (src)
                                                     : g_build_filename (loader->dir, src, NULL);
  g_autofree char *folder = realpath (loader->dir, NULL);
  g_autofree char *real = realpath (joined, NULL);
  int saved_errno = errno;

  if (real == NULL || folder == NULL)
    return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_IO,
                                is_background ? _("cannot open the background “%s”: %s")
                                              : _("cannot open the image “%s”: %s"),
                                src, g_strerror (saved_errno)), NULL;
  if (!g_str_has_prefix (real, folder) ||
      (real[strlen (folder)] != G_DIR_SEPARATOR && !g_str_equal (folder, "/")))
    return fail (loader, is_background ? _("the background “%s” is outside the template's folder %s; "
                                           "copy it into that folder and give its name there")
                                       : _("the image “%s” is outside the template's folder %s; "
                                           "copy it into that folder and give its name there"),
                 src, folder), NULL;
  return g_steal_pointer (&real);
}

static char *
resolve_image_path (Loader     *loader,
                    const char *src)
{
  return resolve_template_file (loader, src, FALSE);
}

static gboolean
parse_image_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  const char *src;

  if (!kakanai_loader_check_members (loader, object, image_members) ||
      !read_box (loader, object, element) ||
      !kakanai_loader_read_string (loader, object, "src", TRUE, NULL, &src))
    return FALSE;
  if (*src == '\0')
    return fail (loader, _("“src” is empty"));

  element->image_path = resolve_image_path (loader, src);
  if (element->image_path == NULL)
    return FALSE;
  bytes = kakanai_file_read_limited (element->image_path, KAKANAI_IMAGE_MAX_BYTES, &read_error);
  if (bytes == NULL)
    return kakanai_loader_fail (loader, g_error_matches (read_error, KAKANAI_INPUT_ERROR, KAKANAI_INPUT_ERROR_IO)
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
  const char *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("option %u must be an object"), index);
  object = json_node_get_object (node);

  if (!kakanai_loader_check_members (loader, object, allowed) ||
      !kakanai_loader_read_string (loader, object, "value", TRUE, NULL, &value) ||
      !kakanai_loader_read_localized (loader, object, "label", FALSE, &option->labels) ||
      !kakanai_loader_read_number (loader, object, "x", TRUE, 0, &option->x) ||
      !kakanai_loader_read_number (loader, object, "y", TRUE, 0, &option->y) ||
      !kakanai_loader_read_number (loader, object, "width", TRUE, 0, &option->width) ||
      !kakanai_loader_read_number (loader, object, "height", TRUE, 0, &option->height))
    return FALSE;
  if (*value == '\0' || strchr (value, ',') != NULL)
    return fail (loader, _("option %u: “value” must be non-empty and hold no comma"), index);

  g_autofree char *what = g_strdup_printf (_("option %u (“%s”)"), index, value);
  if (!check_box_on_page (loader, what, option->x, option->y, option->width, option->height))
    return FALSE;

  option->value = g_strdup (value);
  option->label = g_strdup (option->labels != NULL ? option->labels[1] : value);
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
  gboolean is_date = kakanai_form_data_is_date_key (element->key) ||
                     kakanai_question_key_is_date (loader->template_keys, element->key);
  gboolean is_year = g_str_equal (element->key, "request.fiscal_year") ||
                     kakanai_question_key_is_fiscal_year (loader->template_keys, element->key);

  element->value_is_date = is_date;

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

static void
add_value_labels (Loader         *loader,
                  KakanaiElement *element)
{
  KakanaiQuestion *question = g_hash_table_lookup (loader->template_keys, element->key);
  g_autoptr(GStrvBuilder) pairs = NULL;
  KakanaiQuestionKind kind;

  if (question == NULL || element->mode == KAKANAI_FIELD_CHOICE)
    return;
  kind = kakanai_question_get_kind (question);
  if (kind != KAKANAI_QUESTION_CHOICE && kind != KAKANAI_QUESTION_YES_NO)
    return;
  pairs = g_strv_builder_new ();
  for (const char * const *v = kakanai_question_get_options (question); *v != NULL; v++)
    g_strv_builder_add_many (pairs, *v, kakanai_question_get_option_label (question, *v, "ja"), NULL);
  element->value_labels = g_strv_builder_end (pairs);
}

static gboolean
parse_field_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  const char *key, *prefix, *suffix;
  int mode, format, filter, mark;
  double n_boxes;

  if (!kakanai_loader_check_members (loader, object, field_members) ||
      !kakanai_loader_read_string (loader, object, "key", TRUE, NULL, &key))
    return FALSE;
  if (kakanai_form_data_is_template_key (key) &&
      !g_hash_table_contains (loader->template_keys, key))
    return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                                _("the data key “%s” is the template's own, but no question asks for it"), key);
  if (!kakanai_form_data_is_known_key (key) && !kakanai_form_data_is_template_key (key))
    return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY, _("unknown data key “%s”"), key);
  element->key = g_strdup (key);

  if (!kakanai_loader_read_enum (loader, object, "mode", mode_names, KAKANAI_FIELD_LINE, &mode) ||
      !kakanai_loader_read_enum (loader, object, "format", format_names, KAKANAI_VALUE_FORMAT_PLAIN, &format) ||
      !kakanai_loader_read_enum (loader, object, "filter", filter_names, 0, &filter) ||
      !kakanai_loader_read_enum (loader, object, "mark", mark_names, KAKANAI_MARK_CIRCLE, &mark) ||
      !kakanai_loader_read_string (loader, object, "prefix", FALSE, NULL, &prefix) ||
      !kakanai_loader_read_string (loader, object, "suffix", FALSE, NULL, &suffix) ||
      !kakanai_loader_read_boolean (loader, object, "multiple", &element->multiple) ||
      !kakanai_loader_read_number (loader, object, "line_width", FALSE, 0.3, &element->line_width) ||
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

  if (element->vertical && mode != KAKANAI_FIELD_LINE)
    return fail (loader, _("“vertical” fields are written in one column: mode “line” only"));
  add_value_labels (loader, element);

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
      if (!kakanai_loader_read_number (loader, object, "boxes", TRUE, 0, &n_boxes))
        return FALSE;
      if (n_boxes < 1 || n_boxes > MAX_BOXES || n_boxes != floor (n_boxes))
        return fail (loader, _("“boxes” must be a whole number from 1 to %d"), MAX_BOXES);
      element->n_boxes = (guint) n_boxes;
    }
  else if (json_object_has_member (object, "boxes"))
    return fail (loader, _("“boxes” belongs to boxes fields only"));
  return TRUE;
}

/* "{card.name}|{form.previous_address}": every key in braces must be one a form may
 * have; "{{" and "}}" are the braces themselves. */
static gboolean
check_qr_content (Loader     *loader,
                  const char *content)
{
  for (const char *p = content; *p; p++)
    {
      if (p[0] == '}' && p[1] == '}')
        p++;
      else if (p[0] == '{' && p[1] == '{')
        p++;
      else if (*p == '}')
        return fail (loader, _("“content”: a “}” without its “{” (write “}}” for the brace itself)"));
      else if (*p == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *key = NULL;

          if (end == NULL)
            return fail (loader, _("“content”: a “{” without its “}”"));
          key = g_strndup (p + 1, end - p - 1);
          if (!kakanai_form_data_is_known_key (key) && !g_hash_table_contains (loader->template_keys, key))
            return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                                        _("“content”: unknown data key “%s”"), key);
          p = end;
        }
    }
  return TRUE;
}

static gboolean
parse_qr_element (Loader *loader, JsonObject *object, KakanaiElement *element)
{
  const char *content;
  int ec_level;

  if (!kakanai_loader_check_members (loader, object, qr_members) ||
      !kakanai_loader_read_number (loader, object, "x", TRUE, 0, &element->x) ||
      !kakanai_loader_read_number (loader, object, "y", TRUE, 0, &element->y) ||
      !kakanai_loader_read_number (loader, object, "size", TRUE, 0, &element->width) ||
      !kakanai_loader_read_string (loader, object, "content", TRUE, NULL, &content) ||
      !kakanai_loader_read_enum (loader, object, "ec_level", ec_level_names, 1, &ec_level) ||
      !kakanai_loader_read_color (loader, object, "color", &element->color, NULL))
    return FALSE;
  element->height = element->width;
  if (element->width < 5)
    return fail (loader, _("“size” must be at least 5 mm (a printer and a scanner need modules of a few tenths of a millimetre)"));
  if (*content == '\0')
    return fail (loader, _("“content” is empty"));
  if (!check_qr_content (loader, content) ||
      !check_box_on_page (loader, _("the QR code"), element->x, element->y, element->width, element->height))
    return FALSE;
  element->content = g_strdup (content);
  element->ec_level = ec_level;
  return TRUE;
}

static const struct {
  const char *name;
  gboolean (*parse) (Loader *, JsonObject *, KakanaiElement *);
  const char * const *members;
} element_types[] = {
  [KAKANAI_ELEMENT_TEXT] = { "text", parse_text_element, text_members },
  [KAKANAI_ELEMENT_LINE] = { "line", parse_line_element, line_members },
  [KAKANAI_ELEMENT_RECT] = { "rect", parse_rect_element, rect_members },
  [KAKANAI_ELEMENT_CIRCLE] = { "circle", parse_circle_element, circle_members },
  [KAKANAI_ELEMENT_IMAGE] = { "image", parse_image_element, image_members },
  [KAKANAI_ELEMENT_FIELD] = { "field", parse_field_element, field_members },
  [KAKANAI_ELEMENT_QR] = { "qr", parse_qr_element, qr_members },
};

const char * const *
kakanai_template_element_types (void)
{
  static const char * const names[] = { "text", "line", "rect", "circle", "image", "field", "qr", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (element_types) + 1);
  return names;
}

const char * const *
kakanai_template_element_members (const char *type)
{
  g_return_val_if_fail (type != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (element_types); i++)
    if (g_str_equal (type, element_types[i].name))
      return element_types[i].members;
  return NULL;
}

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
  loader->item_kind = "element";
  loader->element_index = index;
  loader->element_id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("an element must be an object")), NULL;
  object = json_node_get_object (node);

  if (!kakanai_loader_read_string (loader, object, "id", FALSE, NULL, &id))
    return NULL;
  if (id != NULL && *id == '\0')
    return fail (loader, _("“id” is empty")), NULL;
  element->id = g_strdup (id);
  loader->element_id = element->id;

  if (!kakanai_loader_read_string (loader, object, "type", TRUE, NULL, &type))
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

/* page.background: {"pdf": FILE, "page": N}, the file inside the template's folder. */
static gboolean
parse_background (Loader          *loader,
                  JsonObject      *page,
                  KakanaiTemplate *tpl)
{
  static const char * const allowed[] = { "pdf", "page", NULL };
  JsonNode *node = json_object_get_member (page, "background");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  JsonObject *background;
  const char *pdf;
  double number;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("“background” must be an object"));
  background = json_node_get_object (node);
  if (!kakanai_loader_check_members (loader, background, allowed) ||
      !kakanai_loader_read_string (loader, background, "pdf", TRUE, NULL, &pdf) ||
      !kakanai_loader_read_number (loader, background, "page", FALSE, 1, &number))
    return FALSE;
  if (*pdf == '\0')
    return fail (loader, _("“pdf” is empty"));
  if (number != floor (number) || number < 1 || number > 100000)
    return fail (loader, _("the background's “page” must be a page number from 1, not %g"), number);
  path = resolve_template_file (loader, pdf, TRUE);
  if (path == NULL)
    return FALSE;
  tpl->background = kakanai_background_new (path, pdf, (guint) number, &local_error);
  if (tpl->background == NULL)
    return kakanai_loader_fail (loader, local_error->code, "%s", local_error->message);
  return TRUE;
}

#define MIN_PAGE_SIDE_MM 10.0
#define MAX_PAGE_SIDE_MM 1500.0

static gboolean
parse_page_size (Loader          *loader,
                 JsonObject      *page,
                 KakanaiTemplate *tpl)
{
  static const char * const orientations[] = { "portrait", "landscape", NULL };
  const char *size;
  int orientation;

  if (!json_object_has_member (page, "size") &&
      (json_object_has_member (page, "width") || json_object_has_member (page, "height")))
    {
      if (json_object_has_member (page, "orientation"))
        return fail (loader, _("“orientation” goes with “size”, not with “width” and “height”"));
      if (!kakanai_loader_read_number (loader, page, "width", TRUE, 0, &tpl->page_width) ||
          !kakanai_loader_read_number (loader, page, "height", TRUE, 0, &tpl->page_height))
        return FALSE;
      if (tpl->page_width < MIN_PAGE_SIDE_MM || tpl->page_width > MAX_PAGE_SIDE_MM ||
          tpl->page_height < MIN_PAGE_SIDE_MM || tpl->page_height > MAX_PAGE_SIDE_MM)
        return fail (loader, _("the page (%g × %g mm) must be from %g to %g mm on each side"),
                     tpl->page_width, tpl->page_height, MIN_PAGE_SIDE_MM, MAX_PAGE_SIDE_MM);
      return TRUE;
    }
  if (json_object_has_member (page, "width") || json_object_has_member (page, "height"))
    return fail (loader, _("give the page either “size” or “width” and “height”, not both"));
  if (!kakanai_loader_read_string (loader, page, "size", TRUE, NULL, &size) ||
      !kakanai_loader_read_enum (loader, page, "orientation", orientations, 0, &orientation))
    return FALSE;
  if (!page_size_mm (size, &tpl->page_width, &tpl->page_height))
    return fail (loader, _("page size “%s” is not one of A3, A4, A5, B5"), size);
  if (orientation == 1)
    {
      double swap = tpl->page_width;
      tpl->page_width = tpl->page_height;
      tpl->page_height = swap;
    }
  return TRUE;
}

static gboolean
parse_page (Loader          *loader,
            JsonObject      *root,
            KakanaiTemplate *tpl)
{
  static const char * const allowed[] = { "size", "width", "height", "orientation", "background", NULL };
  JsonNode *node = json_object_get_member (root, "page");
  JsonObject *page;

  if (node == NULL)
    return fail (loader, _("missing member “page”"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (loader, _("“page” must be an object"));
  page = json_node_get_object (node);

  if (!kakanai_loader_check_members (loader, page, allowed) ||
      !parse_page_size (loader, page, tpl) ||
      !parse_background (loader, page, tpl))
    return FALSE;
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
parse_questions (Loader          *loader,
                 GPtrArray       *nodes,
                 KakanaiTemplate *tpl)
{
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      KakanaiQuestion *question = kakanai_question_parse (loader, g_ptr_array_index (nodes, i), i, NULL);
      const char *key;

      if (question == NULL)
        return FALSE;
      g_ptr_array_add (tpl->questions, question);
      key = kakanai_question_get_key (question);
      for (guint j = 0; j + 1 < tpl->questions->len; j++)
        if (g_str_equal (kakanai_question_get_key (g_ptr_array_index (tpl->questions, j)), key))
          return fail (loader, _("the key “%s” is asked twice (questions %u and %u)"), key, j, i);
      kakanai_question_add_keys (question, tpl->template_keys);
    }
  /* A condition names a key the card or a question gives, checked once all are known. */
  for (guint i = 0; i < tpl->questions->len; i++)
    {
      KakanaiQuestion *question = g_ptr_array_index (tpl->questions, i);
      const char *when_key;

      loader->element_index = i;
      loader->element_id = kakanai_question_get_key (question);
      if (kakanai_question_get_condition (question, &when_key, NULL) &&
          kakanai_form_data_is_template_key (when_key) &&
          !g_hash_table_contains (tpl->template_keys, when_key))
        return kakanai_loader_fail (loader, KAKANAI_FORMS_ERROR_UNKNOWN_KEY,
                                    _("“when” names “%s”, which no question asks"), when_key);
    }
  loader->element_index = G_MAXUINT;
  return TRUE;
}

static gboolean
parse_root (Loader          *loader,
            JsonObject      *root,
            GPtrArray       *elements,
            GPtrArray       *questions,
            KakanaiTemplate *tpl)
{
  static const char * const allowed[] = {
    "format", "id", "title", "description", "page", "questions", "elements", NULL
  };
  const char *id;
  double format;

  if (!kakanai_loader_read_number (loader, root, "format", TRUE, 0, &format))
    return FALSE;
  if (format != 1 && format != KAKANAI_TEMPLATE_FORMAT_VERSION)
    return fail (loader, _("template format %g is not supported (this version reads formats 1 and %d)"),
                 format, KAKANAI_TEMPLATE_FORMAT_VERSION);
  if (!kakanai_loader_check_members (loader, root, allowed) ||
      !kakanai_loader_read_string (loader, root, "id", TRUE, NULL, &id) ||
      !kakanai_loader_read_localized (loader, root, "title", TRUE, &tpl->title_texts) ||
      !kakanai_loader_read_localized (loader, root, "description", FALSE, &tpl->description_texts))
    return FALSE;
  if (!is_template_id (id))
    return fail (loader, _("“id” must be made of a–z, 0–9, “_” and “-”, not “%s”"), id);
  tpl->id = g_strdup (id);
  tpl->title = g_strdup (tpl->title_texts[1]);
  tpl->description = g_strdup (tpl->description_texts != NULL ? tpl->description_texts[1] : "");

  if (!parse_page (loader, root, tpl))
    return FALSE;
  loader->template_keys = tpl->template_keys;
  if (!parse_questions (loader, questions, tpl))
    return FALSE;

  if (elements == NULL)
    return fail (loader, _("missing member “elements”"));
  for (guint i = 0; i < elements->len; i++)
    {
      KakanaiElement *element = parse_element (loader, g_ptr_array_index (elements, i), i);

      if (element == NULL)
        return FALSE;
      g_ptr_array_add (tpl->elements, element);
    }
  loader->element_index = G_MAXUINT;
  collect_field_keys (tpl);
  return TRUE;
}

KakanaiTemplate *
kakanai_template_new_from_parts (JsonObject  *root,
                                 GPtrArray   *elements,
                                 GPtrArray   *questions,
                                 const char  *source_name,
                                 GError     **error)
{
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autofree char *dir = NULL;
  Loader loader = { 0 };

  if (source_name == NULL)
    source_name = "<memory>";
  dir = g_path_get_dirname (source_name);
  loader.source = source_name;
  loader.dir = dir;
  loader.element_index = G_MAXUINT;
  loader.error = error;

  tpl = g_new0 (KakanaiTemplate, 1);
  g_atomic_ref_count_init (&tpl->ref_count);
  g_mutex_init (&tpl->static_layout_lock);
  tpl->source = g_strdup (source_name);
  tpl->dir = g_steal_pointer (&dir);
  tpl->elements = g_ptr_array_new_with_free_func (element_free);
  tpl->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_question_unref);
  tpl->template_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!parse_root (&loader, root, elements, questions, tpl))
    return NULL;
  return g_steal_pointer (&tpl);
}

KakanaiTemplate *
kakanai_template_new_from_data (const char  *data,
                                gssize       length,
                                const char  *source_name,
                                GError     **error)
{
  g_autoptr(KakanaiTemplateModel) model = NULL;
  KakanaiTemplate *tpl;

  g_return_val_if_fail (data != NULL, NULL);
  model = kakanai_template_model_new_from_data (data, length, source_name, error);
  if (model == NULL)
    return NULL;
  tpl = kakanai_template_model_get_snapshot (model, error);
  return tpl != NULL ? kakanai_template_ref (tpl) : NULL;
}

KakanaiTemplate *
kakanai_template_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(KakanaiTemplateModel) model = NULL;
  KakanaiTemplate *tpl;

  g_return_val_if_fail (path != NULL, NULL);
  model = kakanai_template_model_new_from_file (path, error);
  if (model == NULL)
    return NULL;
  tpl = kakanai_template_model_get_snapshot (model, error);
  return tpl != NULL ? kakanai_template_ref (tpl) : NULL;
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
kakanai_loader_json_files (const char  *dir,
                           GError     **error)
{
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
  return g_steal_pointer (&names);
}

GPtrArray *
kakanai_template_load_dir (const char  *dir,
                           GError     **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kakanai_template_unref);
  g_autoptr(GPtrArray) names = kakanai_loader_json_files (dir, error);

  if (names == NULL)
    return NULL;
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
  g_clear_pointer (&tpl->background, kakanai_background_unref);
  g_free (tpl->id);
  g_free (tpl->title);
  g_free (tpl->description);
  g_strfreev (tpl->title_texts);
  g_strfreev (tpl->description_texts);
  g_clear_pointer (&tpl->questions, g_ptr_array_unref);
  g_clear_pointer (&tpl->template_keys, g_hash_table_unref);
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
kakanai_template_get_title_for (KakanaiTemplate *tpl,
                                const char      *language)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return kakanai_localized_get (tpl->title_texts, language);
}

const char *
kakanai_template_get_description_for (KakanaiTemplate *tpl,
                                      const char      *language)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->description_texts != NULL ? kakanai_localized_get (tpl->description_texts, language) : "";
}

GPtrArray *
kakanai_template_get_questions (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->questions;
}

gboolean
kakanai_template_has_key (KakanaiTemplate *tpl,
                          const char      *key)
{
  g_return_val_if_fail (tpl != NULL && key != NULL, FALSE);
  return g_hash_table_contains (tpl->template_keys, key) ||
         g_strv_contains (kakanai_template_get_field_keys (tpl), key);
}

const char *
kakanai_template_get_source (KakanaiTemplate *tpl)
{
  g_return_val_if_fail (tpl != NULL, NULL);
  return tpl->source;
}

KakanaiBackground *
kakanai_template_get_background (KakanaiTemplate *tpl)
{
  return tpl->background;
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

const char *
kakanai_template_get_field_key_by_id (KakanaiTemplate *tpl,
                                      const char      *element_id)
{
  g_return_val_if_fail (tpl != NULL && element_id != NULL, NULL);
  for (guint i = 0; i < tpl->elements->len; i++)
    {
      KakanaiElement *element = g_ptr_array_index (tpl->elements, i);
      gsize length;

      if (g_strcmp0 (element->id, element_id) != 0)
        continue;
      if (element->type == KAKANAI_ELEMENT_FIELD)
        return element->key;
      /* A QR code of one value, "{form.code}": that key (as the template's table keeps it). */
      length = element->type == KAKANAI_ELEMENT_QR ? strlen (element->content) : 0;
      if (length > 2 && element->content[0] == '{' && element->content[length - 1] == '}' &&
          strchr (element->content + 1, '{') == NULL)
        {
          g_autofree char *key = g_strndup (element->content + 1, length - 2);
          gpointer stored = NULL;

          if (g_hash_table_lookup_extended (tpl->template_keys, key, &stored, NULL))
            return stored;
        }
    }
  return NULL;
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

const char *
kakanai_template_get_choice_label_for (KakanaiTemplate *tpl,
                                       const char      *key,
                                       const char      *value,
                                       const char      *language)
{
  KakanaiQuestion *question;
  KakanaiElement *element;

  g_return_val_if_fail (tpl != NULL && key != NULL && value != NULL, NULL);

  question = g_hash_table_lookup (tpl->template_keys, key);
  if (question != NULL)
    {
      const char *label = kakanai_question_get_option_label (question, value, language);
      if (label != NULL)
        return label;
    }
  element = find_choice_field (tpl, key);
  for (guint i = 0; element != NULL && i < element->options->len; i++)
    {
      KakanaiChoiceOption *option = g_ptr_array_index (element->options, i);

      if (g_str_equal (option->value, value))
        return option->labels != NULL ? kakanai_localized_get (option->labels, language) : option->label;
    }
  return NULL;
}
