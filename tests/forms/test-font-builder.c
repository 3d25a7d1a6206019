/* test-font-builder.c: the document font made of glyphs of several faces.
 *
 * - each glyph asked for gets the next number, and keeps its outline and advance;
 * - hinting instructions are dropped, from simple and from composite glyphs;
 * - a composite glyph brings its components, renumbered;
 * - the file is a well-formed sfnt (table and whole-font checksums);
 * - a damaged face gives an error, never a crash.
 *
 * The bundled families have no composite glyphs, so a tiny font made here has one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-test"

#include <string.h>
#include <glib.h>
#include <hb.h>

#include "kakanai-font-builder-private.h"
#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"

/* ---- reading fonts back ------------------------------------------------------------------ */

static guint16
u16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
record_move_to (hb_draw_funcs_t *funcs G_GNUC_UNUSED, void *data, hb_draw_state_t *state G_GNUC_UNUSED,
                float x, float y, void *user_data G_GNUC_UNUSED)
{
  g_string_append_printf (data, "M%g,%g ", x, y);
}

static void
record_line_to (hb_draw_funcs_t *funcs G_GNUC_UNUSED, void *data, hb_draw_state_t *state G_GNUC_UNUSED,
                float x, float y, void *user_data G_GNUC_UNUSED)
{
  g_string_append_printf (data, "L%g,%g ", x, y);
}

static void
record_quadratic_to (hb_draw_funcs_t *funcs G_GNUC_UNUSED, void *data, hb_draw_state_t *state G_GNUC_UNUSED,
                     float cx, float cy, float x, float y, void *user_data G_GNUC_UNUSED)
{
  g_string_append_printf (data, "Q%g,%g,%g,%g ", cx, cy, x, y);
}

static void
record_close_path (hb_draw_funcs_t *funcs G_GNUC_UNUSED, void *data, hb_draw_state_t *state G_GNUC_UNUSED,
                   void *user_data G_GNUC_UNUSED)
{
  g_string_append (data, "Z ");
}

/* The glyph's outline as text, e.g. "M0,0 L500,0 L250,500 Z". */
static char *
outline_of (hb_face_t *face, hb_codepoint_t glyph)
{
  hb_font_t *font = hb_font_create (face);
  hb_draw_funcs_t *funcs = hb_draw_funcs_create ();
  GString *path = g_string_new (NULL);

  hb_draw_funcs_set_move_to_func (funcs, record_move_to, NULL, NULL);
  hb_draw_funcs_set_line_to_func (funcs, record_line_to, NULL, NULL);
  hb_draw_funcs_set_quadratic_to_func (funcs, record_quadratic_to, NULL, NULL);
  hb_draw_funcs_set_close_path_func (funcs, record_close_path, NULL, NULL);
  hb_font_get_glyph_shape (font, glyph, funcs, path); /* hb_font_draw_glyph from HarfBuzz 7 */
  hb_draw_funcs_destroy (funcs);
  hb_font_destroy (font);
  return g_string_free (path, FALSE);
}

static int
advance_of (hb_face_t *face, hb_codepoint_t glyph)
{
  hb_font_t *font = hb_font_create (face);
  int advance = hb_font_get_glyph_h_advance (font, glyph);

  hb_font_destroy (font);
  return advance;
}

/* The bytes of @glyph in a built font (short or long loca). */
static GBytes *
glyph_of (hb_face_t *face, guint glyph)
{
  hb_blob_t *head = hb_face_reference_table (face, HB_TAG ('h', 'e', 'a', 'd'));
  hb_blob_t *loca = hb_face_reference_table (face, HB_TAG ('l', 'o', 'c', 'a'));
  hb_blob_t *glyf = hb_face_reference_table (face, HB_TAG ('g', 'l', 'y', 'f'));
  const guint8 *h = (const guint8 *) hb_blob_get_data (head, NULL);
  const guint8 *l = (const guint8 *) hb_blob_get_data (loca, NULL);
  gboolean long_loca = u16 (h + 50) != 0;
  guint32 start = long_loca ? u32 (l + 4 * glyph) : 2u * u16 (l + 2 * glyph);
  guint32 end = long_loca ? u32 (l + 4 * glyph + 4) : 2u * u16 (l + 2 * glyph + 2);
  GBytes *bytes = g_bytes_new (hb_blob_get_data (glyf, NULL) + start, end - start);

  hb_blob_destroy (head);
  hb_blob_destroy (loca);
  hb_blob_destroy (glyf);
  return bytes;
}

/* ---- a tiny font with a composite glyph ------------------------------------------------- */

static void
put_u16 (GByteArray *out, guint16 value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };
  g_byte_array_append (out, bytes, 2);
}

static void
put_u32 (GByteArray *out, guint32 value)
{
  put_u16 (out, value >> 16);
  put_u16 (out, value & 0xffff);
}

static void
add_table (hb_face_t *builder, hb_tag_t tag, GByteArray *data)
{
  hb_blob_t *blob = hb_blob_create ((const char *) data->data, data->len, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);

  hb_face_builder_add_table (builder, tag, blob);
  hb_blob_destroy (blob);
  g_byte_array_unref (data);
}

#define SIMPLE_GLYPH_LENGTH 32
#define SIMPLE_GLYPH_INSTRUCTIONS 3
#define COMPOSITE_GLYPH_LENGTH 22
#define COMPOSITE_GLYPH_INSTRUCTIONS 2

/* Glyph 0 empty; glyph 1 a triangle with 3 bytes of instructions; glyph 2 a composite of
 * glyph 1 moved right by 100, with 2 bytes of instructions. Units per em 1000. When
 * @damaged, glyph 1's loca entry points past the end of glyf. */
static hb_face_t *
tiny_face (gboolean damaged)
{
  hb_face_t *builder = hb_face_builder_create ();
  GByteArray *head = g_byte_array_new (), *hhea = g_byte_array_new (), *maxp = g_byte_array_new ();
  GByteArray *glyf = g_byte_array_new (), *loca = g_byte_array_new (), *hmtx = g_byte_array_new ();
  static const gint16 xs[] = { 0, 500, -250 }, ys[] = { 0, 0, 500 };
  hb_blob_t *blob;
  hb_face_t *face;

  put_u32 (head, 0x00010000); put_u32 (head, 0x00010000); put_u32 (head, 0); put_u32 (head, 0x5F0F3CF5);
  put_u16 (head, 0); put_u16 (head, 1000);                       /* flags, unitsPerEm */
  for (int i = 0; i < 4; i++)
    put_u32 (head, 0);                                         /* created, modified */
  put_u16 (head, 0); put_u16 (head, 0); put_u16 (head, 600); put_u16 (head, 500);
  put_u16 (head, 0); put_u16 (head, 8); put_u16 (head, 2);     /* macStyle, lowestRecPPEM, direction */
  put_u16 (head, 1); put_u16 (head, 0);                        /* long loca, glyphDataFormat */

  put_u32 (hhea, 0x00010000); put_u16 (hhea, 800); put_u16 (hhea, (guint16) -200); put_u16 (hhea, 0);
  put_u16 (hhea, 1000);
  for (int i = 0; i < 11; i++)
    put_u16 (hhea, 0);
  put_u16 (hhea, 3);                                           /* numberOfHMetrics */

  put_u32 (maxp, 0x00010000); put_u16 (maxp, 3);
  for (int i = 0; i < 13; i++)
    put_u16 (maxp, 0);

  /* glyph 1: one contour of three on-curve points, coordinates as 16-bit deltas */
  put_u16 (glyf, 1); put_u16 (glyf, 0); put_u16 (glyf, 0); put_u16 (glyf, 500); put_u16 (glyf, 500);
  put_u16 (glyf, 2);
  put_u16 (glyf, SIMPLE_GLYPH_INSTRUCTIONS);
  g_byte_array_append (glyf, (const guint8 *) "\xb0\x01\x00", SIMPLE_GLYPH_INSTRUCTIONS);
  g_byte_array_append (glyf, (const guint8 *) "\x01\x01\x01", 3);
  for (int i = 0; i < 3; i++)
    put_u16 (glyf, (guint16) xs[i]);
  for (int i = 0; i < 3; i++)
    put_u16 (glyf, (guint16) ys[i]);
  g_assert_cmpuint (glyf->len, ==, SIMPLE_GLYPH_LENGTH);
  /* glyph 2: glyph 1 at (100, 0); ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES | WE_HAVE_INSTRUCTIONS */
  put_u16 (glyf, (guint16) -1); put_u16 (glyf, 100); put_u16 (glyf, 0); put_u16 (glyf, 600); put_u16 (glyf, 500);
  put_u16 (glyf, 0x0103); put_u16 (glyf, 1); put_u16 (glyf, 100); put_u16 (glyf, 0);
  put_u16 (glyf, COMPOSITE_GLYPH_INSTRUCTIONS); put_u16 (glyf, 0);
  g_assert_cmpuint (glyf->len, ==, SIMPLE_GLYPH_LENGTH + COMPOSITE_GLYPH_LENGTH);
  put_u16 (glyf, 0); /* padding */

  put_u32 (loca, 0);
  put_u32 (loca, 0);
  put_u32 (loca, damaged ? 4096 : SIMPLE_GLYPH_LENGTH);
  put_u32 (loca, SIMPLE_GLYPH_LENGTH + COMPOSITE_GLYPH_LENGTH);

  for (int i = 0; i < 3; i++)
    {
      put_u16 (hmtx, 700 + i);
      put_u16 (hmtx, i == 2 ? 100 : 0); /* left side bearing = xMin */
    }

  add_table (builder, HB_TAG ('h', 'e', 'a', 'd'), head);
  add_table (builder, HB_TAG ('h', 'h', 'e', 'a'), hhea);
  add_table (builder, HB_TAG ('m', 'a', 'x', 'p'), maxp);
  add_table (builder, HB_TAG ('g', 'l', 'y', 'f'), glyf);
  add_table (builder, HB_TAG ('l', 'o', 'c', 'a'), loca);
  add_table (builder, HB_TAG ('h', 'm', 't', 'x'), hmtx);
  blob = hb_face_reference_blob (builder);
  hb_face_destroy (builder);
  face = hb_face_create (blob, 0);
  hb_blob_destroy (blob);
  return face;
}

/* ---- tests ------------------------------------------------------------------------------- */

static hb_face_t *
build (KakanaiFontBuilder *builder)
{
  g_autoptr(GError) error = NULL;
  hb_blob_t *font = kakanai_font_builder_build (builder, &error);
  hb_face_t *face;

  g_assert_no_error (error);
  g_assert_nonnull (font);
  face = hb_face_create (font, 0);
  hb_blob_destroy (font);
  return face;
}

static void
test_glyphs_of_two_families (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();
  const KakanaiFont *gothic, *names;
  hb_codepoint_t sources[4];
  hb_face_t *faces[4], *built;

  g_assert_true (kakanai_fonts_ensure (&error));
  gothic = kakanai_font_get (KAKANAI_FONT_GOTHIC);
  names = kakanai_font_get (KAKANAI_FONT_NAMES);
  sources[0] = kakanai_font_lookup_glyph (gothic, 0x4F4F, 0);   /* 住 */
  sources[1] = kakanai_font_lookup_glyph (names, 0x20BB7, 0);   /* 𠮷 */
  sources[2] = kakanai_font_lookup_glyph (gothic, '1', 0);      /* proportional */
  sources[3] = sources[0];                                      /* once more: its own number */
  faces[0] = gothic->face, faces[1] = names->face, faces[2] = gothic->face, faces[3] = gothic->face;

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_assert_cmpuint (sources[i], !=, 0);
      g_assert_cmpuint (kakanai_font_builder_add_glyph (builder, faces[i], sources[i]), ==, i + 1);
    }
  built = build (builder);

  g_assert_cmpuint (hb_face_get_glyph_count (built), ==, G_N_ELEMENTS (sources) + 1);
  g_assert_cmpuint (hb_face_get_upem (built), ==, hb_face_get_upem (gothic->face));
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *expected = outline_of (faces[i], sources[i]);
      g_autofree char *got = outline_of (built, i + 1);
      g_autoptr(GBytes) bytes = glyph_of (built, i + 1);
      const guint8 *glyph = g_bytes_get_data (bytes, NULL);
      guint n_contours = u16 (glyph);

      g_assert_cmpuint (strlen (expected), >, 20);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpint (advance_of (built, i + 1), ==, advance_of (faces[i], sources[i]));
      /* the bundled families are hinted; the copies are not */
      g_assert_cmpuint (u16 (glyph + 10 + 2 * n_contours), ==, 0);
    }
  g_assert_cmpint (advance_of (built, 3), <, advance_of (built, 1));
  hb_face_destroy (built);
}

static void
test_composite_brings_its_component (void)
{
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();
  hb_face_t *tiny = tiny_face (FALSE);
  hb_face_t *built;
  g_autofree char *expected = outline_of (tiny, 2);
  g_autofree char *got = NULL;
  g_autoptr(GBytes) composite = NULL, component = NULL;
  const guint8 *c;

  g_assert_cmpuint (kakanai_font_builder_add_glyph (builder, tiny, 2), ==, 1);
  built = build (builder);

  /* .notdef, the composite, then its component */
  g_assert_cmpuint (hb_face_get_glyph_count (built), ==, 3);
  got = outline_of (built, 1);
  g_assert_true (g_str_has_prefix (expected, "M100,0 L600,0 L350,500 "));
  g_assert_cmpstr (got, ==, expected);

  composite = glyph_of (built, 1);
  c = g_bytes_get_data (composite, NULL);
  g_assert_cmpuint (g_bytes_get_size (composite), ==, COMPOSITE_GLYPH_LENGTH - 2 - COMPOSITE_GLYPH_INSTRUCTIONS);
  g_assert_cmpuint (u16 (c + 10), ==, 0x0003); /* WE_HAVE_INSTRUCTIONS cleared */
  g_assert_cmpuint (u16 (c + 12), ==, 2);      /* the component, renumbered */

  component = glyph_of (built, 2);
  /* without its instructions, padded to an even length */
  g_assert_cmpuint (g_bytes_get_size (component), ==,
                    SIMPLE_GLYPH_LENGTH - SIMPLE_GLYPH_INSTRUCTIONS + 1);
  g_assert_cmpint (advance_of (built, 1), ==, 702);
  g_assert_cmpint (advance_of (built, 2), ==, 701);
  hb_face_destroy (built);
  hb_face_destroy (tiny);
}

static void
test_well_formed_sfnt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();
  const KakanaiFont *mincho;
  hb_blob_t *font;
  const guint8 *data;
  unsigned int length;
  guint32 sum = 0;
  guint n_tables;

  g_assert_true (kakanai_fonts_ensure (&error));
  mincho = kakanai_font_get (KAKANAI_FONT_MINCHO);
  for (gunichar ch = 0x5E74; ch < 0x5E74 + 40; ch++)
    kakanai_font_builder_add_glyph (builder, mincho->face, kakanai_font_lookup_glyph (mincho, ch, 0));
  font = kakanai_font_builder_build (builder, &error);
  g_assert_no_error (error);
  data = (const guint8 *) hb_blob_get_data (font, &length);

  g_assert_cmpuint (length % 4, ==, 0);
  g_assert_cmpuint (u32 (data), ==, 0x00010000);
  n_tables = u16 (data + 4);
  g_assert_cmpuint (n_tables, >=, 9);
  for (guint i = 0; i < n_tables; i++)
    {
      const guint8 *record = data + 12 + 16 * i;
      guint32 offset = u32 (record + 8), table_length = u32 (record + 12), table_sum = 0;

      if (i > 0)
        g_assert_cmpuint (u32 (record - 16), <, u32 (record)); /* sorted by tag */
      g_assert_cmpuint (offset % 4, ==, 0);
      g_assert_cmpuint (offset + table_length, <=, length);
      for (guint32 p = 0; p < table_length; p += 4)
        {
          guint8 word[4] = { 0 };

          memcpy (word, data + offset + p, MIN (4, table_length - p));
          /* the head checksum is taken with checkSumAdjustment as zero */
          if (u32 (record) == HB_TAG ('h', 'e', 'a', 'd') && p == 8)
            memset (word, 0, 4);
          table_sum += u32 (word);
        }
      g_assert_cmpuint (table_sum, ==, u32 (record + 4));
    }
  for (unsigned int p = 0; p < length; p += 4)
    sum += u32 (data + p);
  g_assert_cmpuint (sum, ==, 0xB1B0AFBA);
  hb_blob_destroy (font);
}

static void
test_damaged_face_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();
  hb_face_t *tiny = tiny_face (TRUE);

  kakanai_font_builder_add_glyph (builder, tiny, 1);
  g_assert_null (kakanai_font_builder_build (builder, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT);
  hb_face_destroy (tiny);
}

static void
test_mixed_units_per_em_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();
  hb_face_t *tiny = tiny_face (FALSE);
  const KakanaiFont *gothic;

  g_assert_true (kakanai_fonts_ensure (&error));
  gothic = kakanai_font_get (KAKANAI_FONT_GOTHIC);
  kakanai_font_builder_add_glyph (builder, gothic->face, kakanai_font_lookup_glyph (gothic, 0x4F4F, 0));
  kakanai_font_builder_add_glyph (builder, tiny, 1);
  g_assert_null (kakanai_font_builder_build (builder, &error));
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT);
  hb_face_destroy (tiny);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/font-builder/two-families", test_glyphs_of_two_families);
  g_test_add_func ("/forms/font-builder/composite", test_composite_brings_its_component);
  g_test_add_func ("/forms/font-builder/sfnt", test_well_formed_sfnt);
  g_test_add_func ("/forms/font-builder/damaged-face", test_damaged_face_is_an_error);
  g_test_add_func ("/forms/font-builder/mixed-units-per-em", test_mixed_units_per_em_is_an_error);
  return g_test_run ();
}
