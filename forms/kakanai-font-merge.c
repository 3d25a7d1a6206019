/* kakanai-font-merge.c: several TrueType subsets as one font.
 *
 * Why: libharu 2.3 spends about a millisecond per embedded font and document (it walks
 * all 65536 codes of its UTF-8 encoder) and writes half a dozen objects per font. A form
 * uses up to three families; merged, the PDF carries one font. Only what libharu reads
 * and PDF viewers need is built: glyf with long loca, full hmtx, hhea, maxp, head, OS/2,
 * post (format 3, no glyph names) and a short name table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-font-merge-private.h"
#include "kakanai-forms-error.h"

/* Composite glyph flags (OpenType glyf table). */
#define ARG_1_AND_2_ARE_WORDS    0x0001
#define WE_HAVE_A_SCALE          0x0008
#define MORE_COMPONENTS          0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO     0x0080

#define FONT_FAMILY "KakanaiIPA"
#define FONT_POSTSCRIPT_NAME "KakanaiIPA-Regular"
#define FONT_NOTICE "Glyphs of IPAex Mincho, IPAex Gothic and IPAmj Mincho (IPA Font License)"

typedef struct {
  hb_blob_t    *blobs[6];
  const guint8 *head, *hhea, *maxp, *loca, *glyf, *hmtx;
  unsigned int  head_length, hhea_length, maxp_length, loca_length, glyf_length, hmtx_length;
  guint         n_glyphs;
  guint         n_hmetrics;
  gboolean      long_loca;
} Part;

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
write_u16 (guint8 *p, guint16 value)
{
  p[0] = value >> 8;
  p[1] = value & 0xff;
}

static void
append_u16 (GByteArray *out, guint16 value)
{
  guint8 bytes[2];
  write_u16 (bytes, value);
  g_byte_array_append (out, bytes, 2);
}

static void
append_u32 (GByteArray *out, guint32 value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
  g_byte_array_append (out, bytes, 4);
}

static const guint8 *
table_data (hb_face_t    *face,
            hb_tag_t      tag,
            hb_blob_t   **blob,
            unsigned int *length)
{
  *blob = hb_face_reference_table (face, tag);
  return (const guint8 *) hb_blob_get_data (*blob, length);
}

static void
part_clear (Part *part)
{
  for (guint i = 0; i < G_N_ELEMENTS (part->blobs); i++)
    g_clear_pointer (&part->blobs[i], hb_blob_destroy);
}

static gboolean
part_read (hb_face_t *face,
           Part      *part)
{
  part->head = table_data (face, HB_TAG ('h', 'e', 'a', 'd'), &part->blobs[0], &part->head_length);
  part->hhea = table_data (face, HB_TAG ('h', 'h', 'e', 'a'), &part->blobs[1], &part->hhea_length);
  part->maxp = table_data (face, HB_TAG ('m', 'a', 'x', 'p'), &part->blobs[2], &part->maxp_length);
  part->loca = table_data (face, HB_TAG ('l', 'o', 'c', 'a'), &part->blobs[3], &part->loca_length);
  part->glyf = table_data (face, HB_TAG ('g', 'l', 'y', 'f'), &part->blobs[4], &part->glyf_length);
  part->hmtx = table_data (face, HB_TAG ('h', 'm', 't', 'x'), &part->blobs[5], &part->hmtx_length);

  if (part->head_length < 54 || part->hhea_length < 36 || part->maxp_length < 6)
    return FALSE;
  part->n_glyphs = read_u16 (part->maxp + 4);
  part->n_hmetrics = read_u16 (part->hhea + 34);
  part->long_loca = read_u16 (part->head + 50) != 0;
  return part->n_glyphs > 0 && part->n_hmetrics > 0 && part->n_hmetrics <= part->n_glyphs &&
         part->loca_length >= (part->n_glyphs + 1) * (part->long_loca ? 4u : 2u) &&
         part->hmtx_length >= 4 * part->n_hmetrics + 2 * (part->n_glyphs - part->n_hmetrics);
}

static gboolean
glyph_range (const Part *part,
             guint       glyph,
             guint32    *start,
             guint32    *end)
{
  if (part->long_loca)
    {
      *start = read_u32 (part->loca + 4 * glyph);
      *end = read_u32 (part->loca + 4 * glyph + 4);
    }
  else
    {
      *start = 2u * read_u16 (part->loca + 2 * glyph);
      *end = 2u * read_u16 (part->loca + 2 * glyph + 2);
    }
  return *start <= *end && *end <= part->glyf_length;
}

/* Points the components of a composite glyph (copied at @glyph) at their new numbers. */
static void
renumber_components (guint8 *glyph,
                     gsize   length,
                     guint   base)
{
  gsize p = 10;

  if (length < 10 || (gint16) read_u16 (glyph) >= 0)
    return;
  while (p + 4 <= length)
    {
      guint16 flags = read_u16 (glyph + p);

      write_u16 (glyph + p + 2, read_u16 (glyph + p + 2) + base);
      p += 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE)
        p += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
        p += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO)
        p += 8;
      if (!(flags & MORE_COMPONENTS))
        break;
    }
}

static void
append_part_glyphs (const Part *part,
                    guint       base,
                    GByteArray *glyf,
                    GByteArray *loca,
                    GByteArray *hmtx)
{
  static const guint8 padding[4] = { 0 };

  for (guint g = 0; g < part->n_glyphs; g++)
    {
      guint32 start, end;
      guint16 advance, lsb;

      append_u32 (loca, glyf->len);
      if (glyph_range (part, g, &start, &end) && end > start)
        {
          guint offset = glyf->len;

          g_byte_array_append (glyf, part->glyf + start, end - start);
          renumber_components (glyf->data + offset, end - start, base);
          g_byte_array_append (glyf, padding, (4 - glyf->len % 4) % 4);
        }

      if (g < part->n_hmetrics)
        {
          advance = read_u16 (part->hmtx + 4 * g);
          lsb = read_u16 (part->hmtx + 4 * g + 2);
        }
      else
        {
          advance = read_u16 (part->hmtx + 4 * (part->n_hmetrics - 1));
          lsb = read_u16 (part->hmtx + 4 * part->n_hmetrics + 2 * (g - part->n_hmetrics));
        }
      append_u16 (hmtx, advance);
      append_u16 (hmtx, lsb);
    }
}

static hb_blob_t *
blob_take (GByteArray *array)
{
  guint length = array->len;
  char *data = (char *) g_byte_array_free (array, FALSE);

  return hb_blob_create (data, length, HB_MEMORY_MODE_WRITABLE, data, g_free);
}

static void
add_table (hb_face_t  *builder,
           hb_tag_t    tag,
           hb_blob_t  *blob)
{
  hb_face_builder_add_table (builder, tag, blob);
  hb_blob_destroy (blob);
}

static gint16
s16 (const guint8 *p)
{
  return (gint16) read_u16 (p);
}

static hb_blob_t *
merged_head (const Part *parts, guint n_parts)
{
  guint8 *head = g_memdup2 (parts[0].head, parts[0].head_length);

  for (guint i = 1; i < n_parts; i++)
    {
      write_u16 (head + 36, MIN (s16 (head + 36), s16 (parts[i].head + 36)));
      write_u16 (head + 38, MIN (s16 (head + 38), s16 (parts[i].head + 38)));
      write_u16 (head + 40, MAX (s16 (head + 40), s16 (parts[i].head + 40)));
      write_u16 (head + 42, MAX (s16 (head + 42), s16 (parts[i].head + 42)));
    }
  memset (head + 8, 0, 4); /* checkSumAdjustment: libharu computes it */
  write_u16 (head + 50, 1); /* long loca */
  return hb_blob_create ((char *) head, parts[0].head_length, HB_MEMORY_MODE_WRITABLE, head, g_free);
}

static hb_blob_t *
merged_hhea (const Part *parts, guint n_parts, guint n_glyphs)
{
  guint8 *hhea = g_memdup2 (parts[0].hhea, parts[0].hhea_length);

  for (guint i = 1; i < n_parts; i++)
    {
      write_u16 (hhea + 10, MAX (read_u16 (hhea + 10), read_u16 (parts[i].hhea + 10)));
      write_u16 (hhea + 12, MIN (s16 (hhea + 12), s16 (parts[i].hhea + 12)));
      write_u16 (hhea + 14, MIN (s16 (hhea + 14), s16 (parts[i].hhea + 14)));
      write_u16 (hhea + 16, MAX (s16 (hhea + 16), s16 (parts[i].hhea + 16)));
    }
  write_u16 (hhea + 34, n_glyphs);
  return hb_blob_create ((char *) hhea, parts[0].hhea_length, HB_MEMORY_MODE_WRITABLE, hhea, g_free);
}

static hb_blob_t *
merged_maxp (const Part *parts, guint n_parts, guint n_glyphs)
{
  guint8 *maxp = g_memdup2 (parts[0].maxp, parts[0].maxp_length);

  /* Version 1.0: every field after numGlyphs is a maximum. */
  if (parts[0].maxp_length >= 32)
    for (guint i = 1; i < n_parts; i++)
      if (parts[i].maxp_length >= 32)
        for (guint offset = 6; offset < 32; offset += 2)
          write_u16 (maxp + offset, MAX (read_u16 (maxp + offset), read_u16 (parts[i].maxp + offset)));
  write_u16 (maxp + 4, n_glyphs);
  return hb_blob_create ((char *) maxp, parts[0].maxp_length, HB_MEMORY_MODE_WRITABLE, maxp, g_free);
}

static hb_blob_t *
post_without_names (hb_face_t *first)
{
  hb_blob_t *source = hb_face_reference_table (first, HB_TAG ('p', 'o', 's', 't'));
  unsigned int length;
  const guint8 *data = (const guint8 *) hb_blob_get_data (source, &length);
  guint8 *post = g_malloc0 (32);

  if (length >= 32)
    memcpy (post, data, 32);
  post[0] = 0x00, post[1] = 0x03, post[2] = 0x00, post[3] = 0x00; /* version 3.0 */
  hb_blob_destroy (source);
  return hb_blob_create ((char *) post, 32, HB_MEMORY_MODE_WRITABLE, post, g_free);
}

/* Windows Unicode English names: libharu reads IDs 2 and 6. */
static hb_blob_t *
name_table (void)
{
  static const struct { guint16 id; const char *text; } names[] = {
    { 0, FONT_NOTICE }, { 1, FONT_FAMILY }, { 2, "Regular" }, { 4, FONT_FAMILY },
    { 6, FONT_POSTSCRIPT_NAME },
  };
  GByteArray *table = g_byte_array_new ();
  GByteArray *strings = g_byte_array_new ();

  append_u16 (table, 0);
  append_u16 (table, G_N_ELEMENTS (names));
  append_u16 (table, 6 + 12 * G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint offset = strings->len;

      for (const char *c = names[i].text; *c; c++)
        append_u16 (strings, (guint8) *c);
      append_u16 (table, 3);
      append_u16 (table, 1);
      append_u16 (table, 0x0409);
      append_u16 (table, names[i].id);
      append_u16 (table, strings->len - offset);
      append_u16 (table, offset);
    }
  g_byte_array_append (table, strings->data, strings->len);
  g_byte_array_unref (strings);
  return blob_take (table);
}

hb_face_t *
kakanai_font_merge (hb_face_t **faces,
                    guint       n_parts,
                    guint      *bases_out,
                    GError    **error)
{
  g_autofree Part *parts = g_new0 (Part, n_parts);
  GByteArray *glyf, *loca, *hmtx;
  hb_face_t *builder = NULL;
  guint n_glyphs = 0;
  gboolean ok = n_parts > 0;

  for (guint i = 0; i < n_parts && ok; i++)
    {
      ok = part_read (faces[i], &parts[i]) &&
           read_u16 (parts[i].head + 18) == read_u16 (parts[0].head + 18); /* units per em */
      bases_out[i] = n_glyphs;
      n_glyphs += parts[i].n_glyphs;
    }
  if (!ok || n_glyphs > 0xFFFF)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                   _("The fonts cannot be merged into one document font"));
      goto out;
    }

  glyf = g_byte_array_new ();
  loca = g_byte_array_new ();
  hmtx = g_byte_array_new ();
  for (guint i = 0; i < n_parts; i++)
    append_part_glyphs (&parts[i], bases_out[i], glyf, loca, hmtx);
  append_u32 (loca, glyf->len);

  builder = hb_face_builder_create ();
  add_table (builder, HB_TAG ('g', 'l', 'y', 'f'), blob_take (glyf));
  add_table (builder, HB_TAG ('l', 'o', 'c', 'a'), blob_take (loca));
  add_table (builder, HB_TAG ('h', 'm', 't', 'x'), blob_take (hmtx));
  add_table (builder, HB_TAG ('h', 'e', 'a', 'd'), merged_head (parts, n_parts));
  add_table (builder, HB_TAG ('h', 'h', 'e', 'a'), merged_hhea (parts, n_parts, n_glyphs));
  add_table (builder, HB_TAG ('m', 'a', 'x', 'p'), merged_maxp (parts, n_parts, n_glyphs));
  add_table (builder, HB_TAG ('O', 'S', '/', '2'), hb_face_reference_table (faces[0], HB_TAG ('O', 'S', '/', '2')));
  add_table (builder, HB_TAG ('p', 'o', 's', 't'), post_without_names (faces[0]));
  add_table (builder, HB_TAG ('n', 'a', 'm', 'e'), name_table ());

out:
  for (guint i = 0; i < n_parts; i++)
    part_clear (&parts[i]);
  return builder;
}
