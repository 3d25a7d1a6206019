/* kakanai-fonts.c: IPAex Mincho, IPAex Gothic and IPAmj Mincho through fontconfig.
 *
 * The faces are loaded once per process and shared read-only: layout shapes with
 * HarfBuzz, the PDF renderer subsets the same faces, cairo draws the same files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib/gi18n-lib.h>

#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"

static const struct {
  const char *fontconfig_family;
  const char *package;
} family_sources[KAKANAI_N_FONTS] = {
  [KAKANAI_FONT_MINCHO] = { "IPAexMincho", "fonts-ipaexfont-mincho" },
  [KAKANAI_FONT_GOTHIC] = { "IPAexGothic", "fonts-ipaexfont-gothic" },
  [KAKANAI_FONT_NAMES] = { "IPAmjMincho", "fonts-ipamj-mincho" },
};

static KakanaiFont fonts[KAKANAI_N_FONTS];
static GMutex fonts_lock;
static gboolean fonts_loaded;
static FT_Library ft_library;
static cairo_font_face_t *cairo_faces[KAKANAI_N_FONTS];

static char *
find_font_file (FcConfig    *config,
                const char  *family,
                const char  *package,
                GError     **error)
{
  FcPattern *pattern = FcNameParse ((const FcChar8 *) family);
  FcPattern *match;
  FcResult result;
  FcChar8 *matched_family = NULL, *file = NULL;
  char *path = NULL;

  FcConfigSubstitute (config, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (config, pattern, &result);
  FcPatternDestroy (pattern);

  /* fontconfig always answers with some font: accept only the family asked for. */
  if (match != NULL &&
      FcPatternGetString (match, FC_FAMILY, 0, &matched_family) == FcResultMatch &&
      g_str_equal ((const char *) matched_family, family) &&
      FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch)
    path = g_strdup ((const char *) file);

  if (match != NULL)
    FcPatternDestroy (match);
  if (path == NULL)
    g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                 _("The font %s is not installed (Debian package %s)"), family, package);
  return path;
}

static gboolean
load_font (FcConfig          *config,
           KakanaiFontFamily  family,
           KakanaiFont       *font,
           GError           **error)
{
  hb_blob_t *blob;
  hb_font_extents_t extents;

  font->family = family;
  font->path = find_font_file (config, family_sources[family].fontconfig_family,
                               family_sources[family].package, error);
  if (font->path == NULL)
    return FALSE;

  blob = hb_blob_create_from_file_or_fail (font->path);
  if (blob == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                   _("Cannot read the font file %s"), font->path);
      return FALSE;
    }
  font->face = hb_face_create (blob, 0);
  hb_blob_destroy (blob);
  font->upem = hb_face_get_upem (font->face);
  if (hb_face_get_glyph_count (font->face) == 0 || font->upem == 0)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                   _("The font file %s is not a usable font"), font->path);
      return FALSE;
    }
  hb_face_make_immutable (font->face);
  font->font = hb_font_create (font->face);
  hb_font_set_scale (font->font, font->upem, font->upem);
  hb_font_make_immutable (font->font);

  hb_font_get_h_extents (font->font, &extents);
  font->ascender = (double) extents.ascender / font->upem;
  font->descender = (double) extents.descender / font->upem;
  return TRUE;
}

gboolean
kakanai_fonts_ensure (GError **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fonts_lock);
  FcConfig *config;

  if (fonts_loaded)
    return TRUE;
  /* A configuration of our own, released once the three files are found: the fonts
   * are found once per process and fontconfig need not stay loaded. */
  config = FcInitLoadConfigAndFonts ();
  if (config == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                   _("fontconfig could not be initialised"));
      return FALSE;
    }
  for (int family = 0; family < KAKANAI_N_FONTS; family++)
    if (!load_font (config, family, &fonts[family], error))
      {
        FcConfigDestroy (config);
        for (int i = 0; i <= family; i++)
          {
            g_clear_pointer (&fonts[i].font, hb_font_destroy);
            g_clear_pointer (&fonts[i].face, hb_face_destroy);
            g_clear_pointer (&fonts[i].path, g_free);
          }
        return FALSE;
      }
  FcConfigDestroy (config);
  fonts_loaded = TRUE;
  return TRUE;
}

const KakanaiFont *
kakanai_font_get (KakanaiFontFamily family)
{
  g_return_val_if_fail (fonts_loaded, NULL);
  g_return_val_if_fail (family < KAKANAI_N_FONTS, NULL);
  return &fonts[family];
}

hb_codepoint_t
kakanai_font_lookup_glyph (const KakanaiFont *font,
                           gunichar           ch,
                           gunichar           variation_selector)
{
  hb_codepoint_t glyph = 0;

  if (variation_selector != 0 &&
      hb_font_get_variation_glyph (font->font, ch, variation_selector, &glyph))
    return glyph;
  if (hb_font_get_nominal_glyph (font->font, ch, &glyph))
    return glyph;
  return 0;
}

static void
done_ft_face (void *face)
{
  FT_Done_Face (face);
}

cairo_font_face_t *
kakanai_font_get_cairo_face (KakanaiFontFamily family)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&fonts_lock);
  FT_Face ft_face;

  g_return_val_if_fail (fonts_loaded, NULL);
  if (cairo_faces[family] != NULL)
    return cairo_faces[family];

  if (ft_library == NULL && FT_Init_FreeType (&ft_library) != 0)
    return NULL;
  if (FT_New_Face (ft_library, fonts[family].path, 0, &ft_face) != 0)
    return NULL;

  cairo_faces[family] = cairo_ft_font_face_create_for_ft_face (ft_face, 0);
  /* The FT_Face lives as long as the cairo face that draws with it. */
  cairo_font_face_set_user_data (cairo_faces[family], (cairo_user_data_key_t *) &fonts[family],
                                 ft_face, done_ft_face);
  return cairo_faces[family];
}
