/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-font-builder.c: one TrueType font made of chosen glyphs of several faces.
 *
 * Why: a form uses up to three families (IPAex Gothic for labels, IPAex Mincho, IPAmj
 * Mincho for names and addresses), and each PDF must carry only the glyphs it shows.
 * Copying those glyphs straight out of the faces into one font, in the order the PDF
 * numbers its codes, gives one embedded font whose glyph numbers are the codes
 * (CIDToGIDMap /Identity), without a general subsetter's work per document. Only what
 * PDF viewers and printers read is written: glyf without hinting (print needs none and
 * instructions are most of a hinted glyph's bytes), loca, hmtx, hhea, maxp, head, OS/2,
 * post without glyph names, a short name table and a cmap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <string.h>
#include <glib/gi18n-lib.h>

#include <kakanai-secure.h>

#include "kakanai-font-builder-private.h"
#include "kakanai-forms-error.h"

/* Composite glyph flags (OpenType glyf table). */
#define ARG_1_AND_2_ARE_WORDS    0x0001
#define WE_HAVE_A_SCALE          0x0008
#define MORE_COMPONENTS          0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO     0x0080
#define WE_HAVE_INSTRUCTIONS     0x0100

#define GLYPH_HEADER_LENGTH 10
#define MAX_GLYPHS 0xFFFF

#define FONT_FAMILY "KakanaiIPA"
#define FONT_POSTSCRIPT_NAME "KakanaiIPA-Regular"
#define FONT_NOTICE "Glyphs of IPAex Mincho, IPAex Gothic and IPAmj Mincho (IPA Font License)"

/* The tables of one face that glyphs are copied from. */
typedef struct {
  hb_face_t    *face;
  hb_blob_t    *blobs[7];
  const guint8 *head, *hhea, *maxp, *loca, *glyf, *hmtx, *os2;
  unsigned int  head_length, hhea_length, maxp_length, loca_length, glyf_length, hmtx_length,
                os2_length;
  guint         n_glyphs;
  guint         n_hmetrics;
  gboolean      long_loca;
  gboolean      valid;
} Source;

typedef struct {
  guint          source;
  hb_codepoint_t glyph;
} GlyphRef;

struct _KakanaiFontBuilder {
  GArray *sources; /* Source */
  GArray *glyphs;  /* GlyphRef; the index is the glyph's number in the built font */
};

/* ---- bytes ------------------------------------------------------------------------------ */

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static gint16
read_s16 (const guint8 *p)
{
  return (gint16) read_u16 (p);
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
write_u32 (guint8 *p, guint32 value)
{
  p[0] = value >> 24;
  p[1] = (value >> 16) & 0xff;
  p[2] = (value >> 8) & 0xff;
  p[3] = value & 0xff;
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
  guint8 bytes[4];

  write_u32 (bytes, value);
  g_byte_array_append (out, bytes, 4);
}



/* ---- sources ---------------------------------------------------------------------------- */

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
source_clear (gpointer data)
{
  Source *source = data;

  for (guint i = 0; i < G_N_ELEMENTS (source->blobs); i++)
    g_clear_pointer (&source->blobs[i], hb_blob_destroy);
}

static void
source_read (Source    *source,
             hb_face_t *face)
{
  source->face = face;
  source->head = table_data (face, HB_TAG ('h', 'e', 'a', 'd'), &source->blobs[0], &source->head_length);
  source->hhea = table_data (face, HB_TAG ('h', 'h', 'e', 'a'), &source->blobs[1], &source->hhea_length);
  source->maxp = table_data (face, HB_TAG ('m', 'a', 'x', 'p'), &source->blobs[2], &source->maxp_length);
  source->loca = table_data (face, HB_TAG ('l', 'o', 'c', 'a'), &source->blobs[3], &source->loca_length);
  source->glyf = table_data (face, HB_TAG ('g', 'l', 'y', 'f'), &source->blobs[4], &source->glyf_length);
  source->hmtx = table_data (face, HB_TAG ('h', 'm', 't', 'x'), &source->blobs[5], &source->hmtx_length);
  source->os2 = table_data (face, HB_TAG ('O', 'S', '/', '2'), &source->blobs[6], &source->os2_length);

  if (source->head_length < 54 || source->hhea_length < 36 || source->maxp_length < 6)
    return;
  source->n_glyphs = read_u16 (source->maxp + 4);
  source->n_hmetrics = read_u16 (source->hhea + 34);
  source->long_loca = read_u16 (source->head + 50) != 0;
  source->valid = source->n_glyphs > 0 && source->n_hmetrics > 0 &&
                  source->n_hmetrics <= source->n_glyphs &&
                  source->loca_length >= (source->n_glyphs + 1) * (source->long_loca ? 4u : 2u) &&
                  source->hmtx_length >= 4 * source->n_hmetrics + 2 * (source->n_glyphs - source->n_hmetrics);
}

static guint
source_index (KakanaiFontBuilder *self,
              hb_face_t          *face)
{
  Source source = { 0 };

  for (guint i = 0; i < self->sources->len; i++)
    if (g_array_index (self->sources, Source, i).face == face)
      return i;
  source_read (&source, face);
  g_array_append_val (self->sources, source);
  return self->sources->len - 1;
}

/* The bytes of @glyph in the source's glyf table; FALSE when loca points outside it. */
static gboolean
glyph_bytes (const Source  *source,
             hb_codepoint_t glyph,
             const guint8 **bytes,
             gsize         *length)
{
  guint32 start, end;

  if (glyph >= source->n_glyphs)
    return FALSE;
  if (source->long_loca)
    {
      start = read_u32 (source->loca + 4 * glyph);
      end = read_u32 (source->loca + 4 * glyph + 4);
    }
  else
    {
      start = 2u * read_u16 (source->loca + 2 * glyph);
      end = 2u * read_u16 (source->loca + 2 * glyph + 2);
    }
  if (start > end || end > source->glyf_length)
    return FALSE;
  /* An empty glyf table (every glyph empty) has no data at all. */
  *bytes = source->glyf != NULL ? source->glyf + start : (const guint8 *) "";
  *length = end - start;
  return TRUE;
}

static void
source_metrics (const Source   *source,
                hb_codepoint_t  glyph,
                guint16        *advance,
                guint16        *lsb)
{
  if (glyph < source->n_hmetrics)
    {
      *advance = read_u16 (source->hmtx + 4 * glyph);
      *lsb = read_u16 (source->hmtx + 4 * glyph + 2);
    }
  else
    {
      *advance = read_u16 (source->hmtx + 4 * (source->n_hmetrics - 1));
      *lsb = read_u16 (source->hmtx + 4 * source->n_hmetrics + 2 * (glyph - source->n_hmetrics));
    }
}

/* ---- the builder ------------------------------------------------------------------------ */

KakanaiFontBuilder *
kakanai_font_builder_new (void)
{
  KakanaiFontBuilder *self = g_new0 (KakanaiFontBuilder, 1);

  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, source_clear);
  self->glyphs = g_array_new (FALSE, FALSE, sizeof (GlyphRef));
  return self;
}

void
kakanai_font_builder_free (KakanaiFontBuilder *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->sources);
  kakanai_wipe (self->glyphs->data, self->glyphs->len * sizeof (GlyphRef));
  g_array_unref (self->glyphs);
  g_free (self);
}

static guint
append_glyph_ref (KakanaiFontBuilder *self,
                  guint               source,
                  hb_codepoint_t      glyph)
{
  GlyphRef ref = { source, glyph };

  g_array_append_val (self->glyphs, ref);
  return self->glyphs->len - 1;
}

guint
kakanai_font_builder_add_glyph (KakanaiFontBuilder *self,
                                hb_face_t          *face,
                                hb_codepoint_t      glyph)
{
  guint source;

  g_return_val_if_fail (self != NULL && face != NULL, 0);

  source = source_index (self, face);
  if (self->glyphs->len == 0)
    append_glyph_ref (self, source, 0); /* .notdef */
  return append_glyph_ref (self, source, glyph);
}

static gsize
component_record_length (guint16 flags)
{
  gsize length = 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);

  if (flags & WE_HAVE_A_SCALE)
    length += 2;
  else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
    length += 4;
  else if (flags & WE_HAVE_A_TWO_BY_TWO)
    length += 8;
  return length;
}

/* Calls @visit with the offset of each component record of a composite glyph; returns
 * the length of the glyph without its instructions, or 0 when the glyph is not
 * composite or is damaged. */
typedef void (*ComponentVisitor) (gsize record, gpointer user_data);

static gsize
walk_components (const guint8    *glyph,
                 gsize            length,
                 ComponentVisitor visit,
                 gpointer         user_data)
{
  gsize p = GLYPH_HEADER_LENGTH;
  guint16 flags = MORE_COMPONENTS;

  if (length < GLYPH_HEADER_LENGTH || read_s16 (glyph) >= 0)
    return 0;
  while (flags & MORE_COMPONENTS)
    {
      gsize record;

      if (p + 4 > length)
        return 0;
      flags = read_u16 (glyph + p);
      record = component_record_length (flags);
      if (p + record > length)
        return 0;
      if (visit != NULL)
        visit (p, user_data);
      p += record;
    }
  return p;
}

typedef struct {
  KakanaiFontBuilder *self;
  guint               source;
  const guint8       *glyph;
  GHashTable         *numbers; /* (source << 16 | old glyph) → new number + 1 */
  guint8             *copy;    /* when renumbering */
} ComponentContext;

static gpointer
component_key (guint source, hb_codepoint_t glyph)
{
  return GUINT_TO_POINTER (source << 16 | (glyph & 0xFFFF));
}

static void
add_component (gsize record, gpointer user_data)
{
  ComponentContext *context = user_data;
  hb_codepoint_t glyph = read_u16 (context->glyph + record + 2);
  gpointer key = component_key (context->source, glyph);

  if (!g_hash_table_contains (context->numbers, key))
    g_hash_table_insert (context->numbers, key,
                         GUINT_TO_POINTER (append_glyph_ref (context->self, context->source, glyph) + 1));
}

/* Points the component at its new number; the instructions after the last component are
 * not copied, so no record says they follow. */
static void
renumber_component (gsize record, gpointer user_data)
{
  ComponentContext *context = user_data;
  gpointer key = component_key (context->source, read_u16 (context->glyph + record + 2));

  write_u16 (context->copy + record, read_u16 (context->glyph + record) & ~WE_HAVE_INSTRUCTIONS);
  write_u16 (context->copy + record + 2,
             GPOINTER_TO_UINT (g_hash_table_lookup (context->numbers, key)) - 1);
}

/* Appends the components of composite glyphs (and theirs) to the glyph list, each once. */
static gboolean
add_components (KakanaiFontBuilder *self,
                GHashTable         *numbers)
{
  for (guint i = 0; i < self->glyphs->len; i++)
    {
      GlyphRef ref = g_array_index (self->glyphs, GlyphRef, i);
      const Source *source = &g_array_index (self->sources, Source, ref.source);
      ComponentContext context = { self, ref.source, NULL, numbers, NULL };
      gsize length;

      if (!glyph_bytes (source, ref.glyph, &context.glyph, &length))
        return FALSE;
      if (length >= 2 && read_s16 (context.glyph) < 0 &&
          walk_components (context.glyph, length, add_component, &context) == 0)
        return FALSE;
      if (self->glyphs->len > MAX_GLYPHS)
        return FALSE;
    }
  return TRUE;
}

static const guint8 zero_bytes[2] = { 0 };

/* A simple glyph: header, contour ends, no instructions, then flags and coordinates. */
static gboolean
append_simple_glyph (GByteArray   *glyf,
                     const guint8 *glyph,
                     gsize         length)
{
  gsize instructions_at = GLYPH_HEADER_LENGTH + 2 * (gsize) read_s16 (glyph);
  gsize outline_at;

  if (instructions_at + 2 > length)
    return FALSE;
  outline_at = instructions_at + 2 + read_u16 (glyph + instructions_at);
  if (outline_at > length)
    return FALSE;
  g_byte_array_append (glyf, glyph, instructions_at);
  g_byte_array_append (glyf, zero_bytes, 2);
  g_byte_array_append (glyf, glyph + outline_at, length - outline_at);
  return TRUE;
}

/* A composite glyph: its component records renumbered, its instructions left out. */
static gboolean
append_composite_glyph (GByteArray       *glyf,
                        const guint8     *glyph,
                        gsize             length,
                        ComponentContext *context)
{
  gsize without_instructions = walk_components (glyph, length, NULL, NULL);

  if (without_instructions == 0)
    return FALSE;
  g_byte_array_append (glyf, glyph, without_instructions);
  context->glyph = glyph;
  context->copy = glyf->data + glyf->len - without_instructions;
  walk_components (glyph, length, renumber_component, context);
  return TRUE;
}

/* Appends the glyph without its hinting instructions, padded to an even length. */
static gboolean
append_glyph (GByteArray       *glyf,
              const guint8     *glyph,
              gsize             length,
              ComponentContext *context)
{
  gboolean ok;

  if (length == 0)
    return TRUE; /* an empty glyph (a space) */
  if (length < GLYPH_HEADER_LENGTH)
    return FALSE;
  ok = read_s16 (glyph) >= 0 ? append_simple_glyph (glyf, glyph, length)
                             : append_composite_glyph (glyf, glyph, length, context);
  if (ok && glyf->len % 2)
    g_byte_array_append (glyf, zero_bytes, 1);
  return ok;
}

/* ---- tables ------------------------------------------------------------------------------ */

typedef struct {
  GByteArray *glyf;
  GByteArray *loca;
  GByteArray *hmtx;
  gboolean    short_loca;
} Outlines;

static gboolean
copy_outlines (KakanaiFontBuilder *self,
               GHashTable         *numbers,
               Outlines           *out)
{
  g_autoptr(GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->glyphs->len + 1);
  gsize capacity = 0;

  /* Sized once: a growing array would leave unwiped copies of the outlines behind. */
  for (guint i = 0; i < self->glyphs->len; i++)
    {
      GlyphRef ref = g_array_index (self->glyphs, GlyphRef, i);
      const guint8 *glyph;
      gsize length;

      if (!glyph_bytes (&g_array_index (self->sources, Source, ref.source), ref.glyph, &glyph, &length))
        return FALSE;
      capacity += length + 1;
    }
  if (capacity > G_MAXUINT32)
    return FALSE;
  out->glyf = g_byte_array_sized_new (capacity);
  out->loca = g_byte_array_sized_new (4 * (self->glyphs->len + 1));
  out->hmtx = g_byte_array_sized_new (4 * self->glyphs->len);

  for (guint i = 0; i < self->glyphs->len; i++)
    {
      GlyphRef ref = g_array_index (self->glyphs, GlyphRef, i);
      const Source *source = &g_array_index (self->sources, Source, ref.source);
      ComponentContext context = { self, ref.source, NULL, numbers, NULL };
      const guint8 *glyph;
      gsize length;
      guint16 advance, lsb;
      guint32 offset = out->glyf->len;

      g_array_append_val (offsets, offset);
      if (!glyph_bytes (source, ref.glyph, &glyph, &length) ||
          !append_glyph (out->glyf, glyph, length, &context))
        return FALSE;
      source_metrics (source, ref.glyph, &advance, &lsb);
      append_u16 (out->hmtx, advance);
      append_u16 (out->hmtx, lsb);
    }
  guint32 end = out->glyf->len;
  g_array_append_val (offsets, end);

  /* Short offsets (half the loca) whenever the outlines fit them. */
  out->short_loca = end / 2 <= 0xFFFF;
  for (guint i = 0; i < offsets->len; i++)
    if (out->short_loca)
      append_u16 (out->loca, g_array_index (offsets, guint32, i) / 2);
    else
      append_u32 (out->loca, g_array_index (offsets, guint32, i));
  return TRUE;
}

static GByteArray *
new_head (const Source *sources, guint n_sources, gboolean short_loca)
{
  GByteArray *head = g_byte_array_new ();
  guint8 *p;

  g_byte_array_append (head, sources[0].head, 54);
  p = head->data;
  for (guint i = 1; i < n_sources; i++)
    {
      write_u16 (p + 36, MIN (read_s16 (p + 36), read_s16 (sources[i].head + 36)));
      write_u16 (p + 38, MIN (read_s16 (p + 38), read_s16 (sources[i].head + 38)));
      write_u16 (p + 40, MAX (read_s16 (p + 40), read_s16 (sources[i].head + 40)));
      write_u16 (p + 42, MAX (read_s16 (p + 42), read_s16 (sources[i].head + 42)));
    }
  /* Version and magic as the format says, whatever a damaged source had there (readers
   * drop a head table without them). */
  write_u32 (p, 0x00010000);
  write_u32 (p + 12, 0x5F0F3CF5);
  memset (p + 8, 0, 4); /* checkSumAdjustment: set once the font is whole */
  write_u16 (p + 50, short_loca ? 0 : 1);
  return head;
}

static GByteArray *
new_hhea (const Source *sources, guint n_sources, guint n_glyphs)
{
  GByteArray *hhea = g_byte_array_new ();
  guint8 *p;

  g_byte_array_append (hhea, sources[0].hhea, 36);
  p = hhea->data;
  for (guint i = 1; i < n_sources; i++)
    {
      write_u16 (p + 10, MAX (read_u16 (p + 10), read_u16 (sources[i].hhea + 10)));
      write_u16 (p + 12, MIN (read_s16 (p + 12), read_s16 (sources[i].hhea + 12)));
      write_u16 (p + 14, MIN (read_s16 (p + 14), read_s16 (sources[i].hhea + 14)));
      write_u16 (p + 16, MAX (read_s16 (p + 16), read_s16 (sources[i].hhea + 16)));
    }
  write_u32 (p, 0x00010000);
  write_u16 (p + 34, n_glyphs);
  return hhea;
}

/* Version 1.0, as glyf outlines need: every field after numGlyphs is the largest of the
 * sources' (0 for a source whose maxp is the short version 0.5, or damaged). */
static GByteArray *
new_maxp (const Source *sources, guint n_sources, guint n_glyphs)
{
  GByteArray *maxp = g_byte_array_sized_new (32);

  g_byte_array_set_size (maxp, 32);
  memset (maxp->data, 0, 32);
  write_u32 (maxp->data, 0x00010000);
  for (guint i = 0; i < n_sources; i++)
    if (sources[i].maxp_length >= 32)
      for (guint offset = 6; offset < 32; offset += 2)
        write_u16 (maxp->data + offset,
                   MAX (read_u16 (maxp->data + offset), read_u16 (sources[i].maxp + offset)));
  write_u16 (maxp->data + 4, n_glyphs);
  return maxp;
}

static GByteArray *
new_post (void)
{
  GByteArray *post = g_byte_array_new ();

  append_u32 (post, 0x00030000); /* version 3.0: no glyph names */
  for (guint i = 0; i < 7; i++)
    append_u32 (post, 0);
  return post;
}

/* Windows Unicode English names. */
static GByteArray *
new_name (void)
{
  static const struct { guint16 id; const char *text; } names[] = {
    { 0, FONT_NOTICE }, { 1, FONT_FAMILY }, { 2, "Regular" }, { 4, FONT_FAMILY },
    { 6, FONT_POSTSCRIPT_NAME },
  };
  GByteArray *table = g_byte_array_new ();
  g_autoptr(GByteArray) strings = g_byte_array_new ();

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
  return table;
}

/* Format 4, Windows Unicode BMP: codes 1…n are glyphs 1…n (one segment). PDF viewers go
 * by the CIDs; the cmap keeps the font whole for tools that convert it. */
static GByteArray *
new_cmap (guint n_glyphs)
{
  GByteArray *cmap = g_byte_array_new ();
  static const guint16 header[] = { 0, 1, 3, 1, 0, 12, 4, 32, 0, 4, 4, 1, 0 };
  guint16 last = MAX (n_glyphs, 2) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_u16 (cmap, header[i]);
  append_u16 (cmap, last);   /* endCode */
  append_u16 (cmap, 0xFFFF);
  append_u16 (cmap, 0);      /* reservedPad */
  append_u16 (cmap, 1);      /* startCode */
  append_u16 (cmap, 0xFFFF);
  append_u16 (cmap, 0);      /* idDelta */
  append_u16 (cmap, 1);
  append_u16 (cmap, 0);      /* idRangeOffset */
  append_u16 (cmap, 0);
  return cmap;
}

/* ---- the font file ------------------------------------------------------------------------- */

typedef struct {
  hb_tag_t    tag;
  GByteArray *data;
} Table;

/* The sum of the big-endian 32-bit words of @data, zero-padded. */
static guint32
checksum (const guint8 *data, gsize length)
{
  guint32 sum = 0;
  gsize whole = length & ~(gsize) 3;
  guint8 last[4] = { 0 };

  for (gsize i = 0; i < whole; i += 4)
    sum += read_u32 (data + i);
  memcpy (last, data + whole, length - whole);
  return sum + read_u32 (last);
}

static void
wiped_blob_free (gpointer user_data)
{
  kakanai_secure_byte_array_free (user_data);
}

/* An sfnt from @tables, sorted by tag as the format asks. */
static hb_blob_t *
write_sfnt (Table *tables, guint n_tables)
{
  guint search_range = 1, entry_selector = 0;
  guint offset = 12 + 16 * n_tables, total = offset;
  guint head_offset = 0;
  guint32 font_sum;
  GByteArray *font;

  /* Sized once: a growing array would leave unwiped copies behind. */
  for (guint i = 0; i < n_tables; i++)
    total += (tables[i].data->len + 3) & ~3u;
  font = g_byte_array_sized_new (total);

  while (search_range * 2 <= n_tables)
    {
      search_range *= 2;
      entry_selector++;
    }
  append_u32 (font, 0x00010000);
  append_u16 (font, n_tables);
  append_u16 (font, 16 * search_range);
  append_u16 (font, entry_selector);
  append_u16 (font, 16 * (n_tables - search_range));
  for (guint i = 0; i < n_tables; i++)
    {
      append_u32 (font, tables[i].tag);
      append_u32 (font, checksum (tables[i].data->data, tables[i].data->len));
      append_u32 (font, offset);
      append_u32 (font, tables[i].data->len);
      offset += (tables[i].data->len + 3) & ~3u;
    }
  /* The tables are word-aligned and zero-padded: the font's sum is the directory's plus
   * theirs. */
  font_sum = checksum (font->data, font->len);
  for (guint i = 0; i < n_tables; i++)
    font_sum += read_u32 (font->data + 12 + 16 * i + 4);
  for (guint i = 0; i < n_tables; i++)
    {
      static const guint8 padding[3] = { 0 };

      if (tables[i].tag == HB_TAG ('h', 'e', 'a', 'd'))
        head_offset = font->len;
      g_byte_array_append (font, tables[i].data->data, tables[i].data->len);
      g_byte_array_append (font, padding, (4 - tables[i].data->len % 4) % 4);
    }
  write_u32 (font->data + head_offset + 8, 0xB1B0AFBA - font_sum);
  return hb_blob_create ((const char *) font->data, font->len, HB_MEMORY_MODE_READONLY,
                         font, wiped_blob_free);
}

static int
compare_tables (gconstpointer a, gconstpointer b)
{
  hb_tag_t ta = ((const Table *) a)->tag, tb = ((const Table *) b)->tag;

  return ta < tb ? -1 : ta > tb;
}

static gboolean
sources_compatible (KakanaiFontBuilder *self)
{
  const Source *first = &g_array_index (self->sources, Source, 0);

  for (guint i = 0; i < self->sources->len; i++)
    {
      const Source *source = &g_array_index (self->sources, Source, i);

      if (!source->valid || read_u16 (source->head + 18) != read_u16 (first->head + 18))
        return FALSE;
    }
  return TRUE;
}

hb_blob_t *
kakanai_font_builder_build (KakanaiFontBuilder *self,
                            GError            **error)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new (NULL, NULL);
  Outlines outlines = { NULL, NULL, NULL, FALSE };
  const Source *sources;
  hb_blob_t *font = NULL;
  Table tables[10];
  guint n_tables = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->glyphs->len == 0 || !sources_compatible (self) || !add_components (self, numbers) ||
      !copy_outlines (self, numbers, &outlines))
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_FONT,
                   _("The fonts' glyphs cannot be made into one document font"));
      g_clear_pointer (&outlines.glyf, kakanai_secure_byte_array_free);
      g_clear_pointer (&outlines.loca, kakanai_secure_byte_array_free);
      g_clear_pointer (&outlines.hmtx, kakanai_secure_byte_array_free);
      return NULL;
    }

  sources = (const Source *) self->sources->data;
  tables[n_tables++] = (Table) { HB_TAG ('g', 'l', 'y', 'f'), outlines.glyf };
  tables[n_tables++] = (Table) { HB_TAG ('l', 'o', 'c', 'a'), outlines.loca };
  tables[n_tables++] = (Table) { HB_TAG ('h', 'm', 't', 'x'), outlines.hmtx };
  tables[n_tables++] = (Table) { HB_TAG ('h', 'e', 'a', 'd'),
                                 new_head (sources, self->sources->len, outlines.short_loca) };
  tables[n_tables++] = (Table) { HB_TAG ('h', 'h', 'e', 'a'),
                                 new_hhea (sources, self->sources->len, self->glyphs->len) };
  tables[n_tables++] = (Table) { HB_TAG ('m', 'a', 'x', 'p'),
                                 new_maxp (sources, self->sources->len, self->glyphs->len) };
  tables[n_tables++] = (Table) { HB_TAG ('p', 'o', 's', 't'), new_post () };
  tables[n_tables++] = (Table) { HB_TAG ('n', 'a', 'm', 'e'), new_name () };
  tables[n_tables++] = (Table) { HB_TAG ('c', 'm', 'a', 'p'), new_cmap (self->glyphs->len) };
  if (sources[0].os2_length > 0)
    {
      GByteArray *os2 = g_byte_array_new ();

      g_byte_array_append (os2, sources[0].os2, sources[0].os2_length);
      tables[n_tables++] = (Table) { HB_TAG ('O', 'S', '/', '2'), os2 };
    }

  qsort (tables, n_tables, sizeof (Table), compare_tables);
  font = write_sfnt (tables, n_tables);
  for (guint i = 0; i < n_tables; i++)
    kakanai_secure_byte_array_free (tables[i].data);
  return font;
}
