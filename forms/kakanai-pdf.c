/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdf.c: the libharu renderer of a layout, entirely in memory.
 *
 * libharu 2.3 embeds whole fonts, its UTF-8 encoder drops characters outside the BMP,
 * and its TrueType path costs more than the rest of the document (a CID-to-glyph map
 * and widths over all 65536 codes, the font parsed and rewritten, per document). So
 * libharu writes the page graphics and the file, and the font is ours, per document:
 *
 *  1. every (glyph, characters) pair the layout uses gets its own two-byte code (CID);
 *  2. the glyphs are copied out of their families into one font whose glyph numbers are
 *     those codes (kakanai-font-builder.c), held in memory only and wiped: the glyphs
 *     used reveal the resident's name;
 *  3. the font objects (Type0 / CIDFontType2 with /Identity-H, widths of the glyphs that
 *     are not one em wide, CIDToGIDMap /Identity, FontDescriptor, FontFile2) are built
 *     here as libharu objects, and text is written into the page's content stream as
 *     those codes;
 *  4. the font gets a /ToUnicode CMap mapping the codes back to the real characters,
 *     so text extraction returns 𠮷, 𩸽, 髙, 﨑 exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-forms"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <hpdf.h>
#include <libdeflate.h>
#include <hpdf_conf.h>

#include <kakanai-secure.h>

#include "kakanai-font-builder-private.h"
#include "kakanai-fonts-private.h"
#include "kakanai-forms-error.h"
#include "kakanai-layout-private.h"
#include "kakanai-pdf.h"

#define PT_PER_MM (72.0 / 25.4)
/* Glyphs closer than this to where the previous one's advance puts them go in one
 * text-showing operator; others are positioned on their own. */
#define SAME_PEN_TOLERANCE_MM 0.005
/* The document's one font, in every page's resources. */
#define FONT_RESOURCE_NAME "F1"
/* libdeflate level of every stream we write (font, ToUnicode, CIDToGIDMap, page
 * contents). The font file is most of a document and deflates to about 73 % at any
 * level; libdeflate's level 4 makes it smaller than zlib's level 6 in under half the
 * time of zlib's level 3 (docs/benchmarks.md). */
#ifndef STREAM_DEFLATE_LEVEL
#define STREAM_DEFLATE_LEVEL 4
#endif
/* The width (1/1000 em) of a glyph the /W array does not list. */
#define DEFAULT_WIDTH 1000
#define FONT_BASE_NAME "KAKNAI+KakanaiIPA-Regular" /* the tag marks a subset (pdffonts, ISO 32000 9.6.4) */

/* One (glyph, characters) pair of one font. */
typedef struct {
  hb_codepoint_t glyph;     /* in its family */
  char          *text;      /* what the glyph stands for ("" for cluster continuations) */
  guint16        code;      /* the CID the text is written with, and the glyph's number in
                             * the document's font */
  guint16        width;     /* advance in 1/1000 em */
} CodeEntry;

/* What one family brings to the document's font. */
typedef struct {
  KakanaiFontFamily  family;
  GHashTable        *codes;   /* "glyph\x1ftext" → CodeEntry* */
  GPtrArray         *entries; /* CodeEntry*, owns */
} DocumentFont;

typedef struct {
  HPDF_Doc       pdf;
  HPDF_STATUS    first_error;
  HPDF_STATUS    first_detail;
  DocumentFont   fonts[KAKANAI_N_FONTS];
  /* The families used, as one embedded font. */
  GPtrArray     *entries; /* CodeEntry* of every family in code order, borrowed */
  HPDF_Dict      font;    /* the Type0 font, NULL without text */
  GHashTable    *images; /* path → HPDF_Image */
  struct libdeflate_compressor *compressor;
  /* What the page's graphics state already is, so that only changes are written. */
  struct {
    guint32 fill;
    guint32 stroke;
    double  line_width; /* points */
    double  font_size;  /* points, 0 before the first text */
  } state;
} PdfDocument;

/* ---- libharu errors ---------------------------------------------------------------- */

static void
on_hpdf_error (HPDF_STATUS  error_no,
               HPDF_STATUS  detail_no,
               void        *user_data)
{
  PdfDocument *doc = user_data;

  if (doc->first_error == 0)
    {
      doc->first_error = error_no;
      doc->first_detail = detail_no;
    }
}

static gboolean
check_hpdf (PdfDocument  *doc,
            const char   *what,
            GError      **error)
{
  if (doc->first_error == 0)
    return TRUE;
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
               _("libharu failed while %s (error 0x%04X, detail %u)"),
               what, (guint) doc->first_error, (guint) doc->first_detail);
  return FALSE;
}

/* For calls that answer NULL: a NULL without a recorded error is still a failure. */
static gboolean
check_hpdf_result (PdfDocument  *doc,
                   gconstpointer result,
                   const char   *what,
                   GError      **error)
{
  if (result == NULL && doc->first_error == 0)
    doc->first_error = HPDF_INVALID_OBJECT;
  return check_hpdf (doc, what, error);
}

/* ---- codes -------------------------------------------------------------------------- */

static void
code_entry_free (gpointer data)
{
  CodeEntry *entry = data;

  kakanai_secure_strfree (entry->text);
  g_free (entry);
}

static void
append_hex4 (GString *out,
             guint16  value)
{
  static const char digits[] = "0123456789ABCDEF";
  char hex[4] = { digits[value >> 12], digits[(value >> 8) & 0xf], digits[(value >> 4) & 0xf],
                  digits[value & 0xf] };

  g_string_append_len (out, hex, 4);
}

/* "glyph in hex, U+001F, the characters": the key of a (glyph, characters) pair. Built
 * without printf, which was a good part of a document's time. Wiped by its owner. */
#define KEY_TEXT_OFFSET 9
static char *
code_key (const KakanaiLayoutItem *item,
          const KakanaiGlyph      *glyph)
{
  static const char digits[] = "0123456789ABCDEF";
  char *key = g_malloc (KEY_TEXT_OFFSET + glyph->text_length + 1);

  for (int i = 0; i < 8; i++)
    key[i] = digits[(glyph->glyph >> (28 - 4 * i)) & 0xf];
  key[8] = '\x1f';
  memcpy (key + KEY_TEXT_OFFSET, item->text + glyph->text_offset, glyph->text_length);
  key[KEY_TEXT_OFFSET + glyph->text_length] = '\0';
  return key;
}

/* The advance in 1/1000 em, as the layout placed it. */
static guint16
width_of_glyph (KakanaiFontFamily family,
                hb_codepoint_t    glyph)
{
  const KakanaiFont *font = kakanai_font_get (family);

  return (guint16) lround (hb_font_get_glyph_h_advance (font->font, glyph) * 1000.0 / font->upem);
}

/* Whether the document has any text. */
static gboolean
collect_codes (PdfDocument   *doc,
               KakanaiLayout *layout)
{
  gboolean any = FALSE;

  for (guint p = 0; p < kakanai_layout_get_n_pages (layout); p++)
    {
      const KakanaiLayoutPage *page = kakanai_layout_get_page (layout, p);

      for (guint i = 0; i < page->items->len; i++)
        {
          const KakanaiLayoutItem *item = g_ptr_array_index (page->items, i);
          DocumentFont *font;

          if (item->type != KAKANAI_ITEM_GLYPHS)
            continue;
          font = &doc->fonts[item->font];
          for (guint g = 0; g < item->glyphs->len; g++)
            {
              const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);
              char *key = code_key (item, glyph);
              CodeEntry *entry;

              if (g_hash_table_contains (font->codes, key))
                {
                  kakanai_secure_strfree (key);
                  continue;
                }
              entry = g_new0 (CodeEntry, 1);
              entry->glyph = glyph->glyph;
              entry->width = width_of_glyph (item->font, glyph->glyph);
              entry->text = g_strdup (key + KEY_TEXT_OFFSET);
              g_hash_table_insert (font->codes, g_steal_pointer (&key), entry);
              g_ptr_array_add (font->entries, entry);
              any = TRUE;
            }
        }
    }
  return any;
}

/* ---- ToUnicode ------------------------------------------------------------------------ */

static void
append_utf16_hex (GString    *out,
                  const char *text)
{
  glong n = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);

  g_string_append_c (out, '<');
  for (glong i = 0; utf16 != NULL && i < n; i++)
    append_hex4 (out, utf16[i]);
  g_string_append_c (out, '>');
  kakanai_wipe (utf16, n * sizeof *utf16);
}

/* Strings of a resident's characters (the ToUnicode CMap, a page's text operators) are
 * sized before they are filled: a GString that grows leaves its old buffer, unwiped, in
 * freed memory. An estimate that falls short is a bug, reported (fatal in the tests). */
static void
check_not_grown (const GString *string,
                 gsize          allocated,
                 const char    *what)
{
  if (string->allocated_len != allocated)
    g_critical ("%s outgrew its estimate (%" G_GSIZE_FORMAT " > %" G_GSIZE_FORMAT " bytes)",
                what, string->len, allocated);
}

static gsize
utf16_units (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
  return n;
}

#define BFCHAR_BLOCK 100

static GString *
build_to_unicode (GPtrArray *entries)
{
  static const char header[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Kakanai-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  static const char footer[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\nend\n";
  /* "100 beginbfchar\n" and "endbfchar\n" per block; "<CODE> <UTF-16…>\n" per entry. */
  gsize size = sizeof header + sizeof footer, allocated;
  guint n_mapped = 0, block = 0;
  GString *cmap;

  for (guint i = 0; i < entries->len; i++)
    {
      const CodeEntry *entry = g_ptr_array_index (entries, i);

      if (*entry->text == '\0')
        continue;
      n_mapped++;
      size += 10 + 4 * utf16_units (entry->text);
    }
  size += (n_mapped + BFCHAR_BLOCK - 1) / BFCHAR_BLOCK * (16 + 10);
  cmap = g_string_sized_new (size);
  allocated = cmap->allocated_len;
  g_string_append_len (cmap, header, sizeof header - 1);

  for (guint i = 0; i < entries->len; i++)
    {
      const CodeEntry *entry = g_ptr_array_index (entries, i);

      if (*entry->text == '\0')
        continue;
      if (block == 0)
        g_string_append_printf (cmap, "%u beginbfchar\n", MIN (n_mapped, BFCHAR_BLOCK));
      g_string_append_c (cmap, '<');
      append_hex4 (cmap, entry->code);
      g_string_append (cmap, "> ");
      append_utf16_hex (cmap, entry->text);
      g_string_append_c (cmap, '\n');
      n_mapped--;
      if (++block == BFCHAR_BLOCK || n_mapped == 0)
        {
          g_string_append (cmap, "endbfchar\n");
          block = 0;
        }
    }
  g_string_append_len (cmap, footer, sizeof footer - 1);
  check_not_grown (cmap, allocated, "the ToUnicode CMap");
  return cmap;
}

/* ---- the font objects ------------------------------------------------------------------ */

/* @data deflated (zlib format) into a new buffer, NULL on failure; the caller wipes and
 * frees it. */
static guint8 *
deflate_bytes (PdfDocument *doc,
               const void  *data,
               gsize        length,
               gsize       *deflated_length)
{
  gsize capacity = libdeflate_zlib_compress_bound (doc->compressor, length);
  guint8 *out = g_malloc (capacity);

  *deflated_length = libdeflate_zlib_compress (doc->compressor, data, length, out, capacity);
  if (*deflated_length == 0)
    {
      kakanai_wipe (out, capacity);
      g_free (out);
      return NULL;
    }
  return out;
}

/* libharu drops a /Filter entry from a stream it does not filter itself, so the entry
 * is written with the rest of the dictionary. */
static HPDF_STATUS
write_flate_filter_entry (HPDF_Dict   dict G_GNUC_UNUSED,
                          HPDF_Stream out)
{
  return HPDF_Stream_WriteStr (out, "/Filter /FlateDecode\012");
}

/* A stream object holding @data deflated by us: libharu's own deflate runs at zlib's
 * default level, and the font file, most of a document, gains little from it. */
static HPDF_Dict
new_stream (PdfDocument  *doc,
            const void   *data,
            gsize         length)
{
  HPDF_Dict stream = HPDF_DictStream_New (doc->pdf->mmgr, doc->pdf->xref);
  gsize deflated_length = 0;
  guint8 *deflated;
  HPDF_STATUS status;

  if (stream == NULL || (deflated = deflate_bytes (doc, data, length, &deflated_length)) == NULL)
    return NULL;
  stream->filter = HPDF_STREAM_FILTER_NONE;
  stream->write_fn = write_flate_filter_entry;
  status = HPDF_Stream_Write (stream->stream, deflated, deflated_length);
  kakanai_wipe (deflated, deflated_length);
  g_free (deflated);
  return status == HPDF_OK ? stream : NULL;
}

static HPDF_Dict
new_indirect_dict (PdfDocument *doc)
{
  HPDF_Dict dict = HPDF_Dict_New (doc->pdf->mmgr);

  if (dict == NULL || HPDF_Xref_Add (doc->pdf->xref, dict) != HPDF_OK)
    return NULL;
  return dict;
}

static HPDF_Dict
new_to_unicode (PdfDocument *doc)
{
  g_autoptr(GString) cmap = build_to_unicode (doc->entries);
  HPDF_Dict stream = new_stream (doc, cmap->str, cmap->len);

  kakanai_wipe (cmap->str, cmap->len);
  return stream;
}

/* /W [ first [ w w … ] first [ … ] … ] for the runs of codes whose glyphs are not one
 * em wide (/DW): most CJK glyphs are. */
static HPDF_Array
new_widths (PdfDocument *doc)
{
  HPDF_Array widths = HPDF_Array_New (doc->pdf->mmgr);
  HPDF_Array run = NULL;
  guint16 next_code = 0;

  if (widths == NULL)
    return NULL;
  for (guint i = 0; i < doc->entries->len; i++)
    {
      const CodeEntry *entry = g_ptr_array_index (doc->entries, i);

      if (entry->width == DEFAULT_WIDTH)
        continue;
      if (run == NULL || entry->code != next_code)
        {
          if ((run = HPDF_Array_New (doc->pdf->mmgr)) == NULL)
            return NULL;
          HPDF_Array_AddNumber (widths, entry->code);
          HPDF_Array_Add (widths, run);
        }
      HPDF_Array_AddNumber (run, entry->width);
      next_code = entry->code + 1;
    }
  return widths;
}

static gint16
read_s16 (const char *data, guint offset)
{
  return (gint16) (((guint8) data[offset] << 8) | (guint8) data[offset + 1]);
}

/* The union of the bounding boxes (head table) of the families used, in 1/1000 em. */
static void
font_bbox (PdfDocument *doc,
           int          bbox[4])
{
  bbox[0] = bbox[1] = G_MAXINT;
  bbox[2] = bbox[3] = G_MININT;
  for (int f = 0; f < KAKANAI_N_FONTS; f++)
    {
      const KakanaiFont *font;
      hb_blob_t *head;
      const char *data;
      unsigned int length;

      if (doc->fonts[f].entries->len == 0)
        continue;
      font = kakanai_font_get (f);
      head = hb_face_reference_table (font->face, HB_TAG ('h', 'e', 'a', 'd'));
      data = hb_blob_get_data (head, &length);
      if (length >= 44)
        for (int i = 0; i < 4; i++)
          {
            int value = (int) lround (read_s16 (data, 36 + 2 * i) * 1000.0 / font->upem);
            bbox[i] = i < 2 ? MIN (bbox[i], value) : MAX (bbox[i], value);
          }
      hb_blob_destroy (head);
    }
  if (bbox[0] > bbox[2])
    bbox[0] = bbox[1] = bbox[2] = bbox[3] = 0;
}

static HPDF_Dict
new_font_descriptor (PdfDocument *doc,
                     hb_blob_t   *font_file)
{
  HPDF_Dict descriptor = new_indirect_dict (doc);
  HPDF_Array bbox_array = HPDF_Array_New (doc->pdf->mmgr);
  const char *data;
  unsigned int length;
  HPDF_Dict file;
  double ascent = 0, descent = 0;
  int bbox[4];

  if (descriptor == NULL || bbox_array == NULL)
    return NULL;
  for (int f = 0; f < KAKANAI_N_FONTS; f++)
    if (doc->fonts[f].entries->len > 0)
      {
        ascent = MAX (ascent, kakanai_font_get (f)->ascender);
        descent = MIN (descent, kakanai_font_get (f)->descender);
      }
  font_bbox (doc, bbox);
  for (int i = 0; i < 4; i++)
    HPDF_Array_AddNumber (bbox_array, bbox[i]);

  data = hb_blob_get_data (font_file, &length);
  file = new_stream (doc, data, length);
  if (file == NULL)
    return NULL;
  HPDF_Dict_AddNumber (file, "Length1", length);

  HPDF_Dict_AddName (descriptor, "Type", "FontDescriptor");
  HPDF_Dict_AddName (descriptor, "FontName", FONT_BASE_NAME);
  HPDF_Dict_AddNumber (descriptor, "Flags", 4); /* symbolic: glyphs outside the standard set */
  HPDF_Dict_Add (descriptor, "FontBBox", bbox_array);
  HPDF_Dict_AddNumber (descriptor, "ItalicAngle", 0);
  HPDF_Dict_AddNumber (descriptor, "Ascent", (HPDF_INT32) lround (ascent * 1000));
  HPDF_Dict_AddNumber (descriptor, "Descent", (HPDF_INT32) lround (descent * 1000));
  HPDF_Dict_AddNumber (descriptor, "CapHeight", (HPDF_INT32) lround (ascent * 1000));
  HPDF_Dict_AddNumber (descriptor, "StemV", 80);
  HPDF_Dict_Add (descriptor, "FontFile2", file);
  return descriptor;
}

static HPDF_Dict
new_cid_system_info (PdfDocument *doc)
{
  HPDF_Dict info = HPDF_Dict_New (doc->pdf->mmgr);

  if (info == NULL)
    return NULL;
  HPDF_Dict_Add (info, "Registry", HPDF_String_New (doc->pdf->mmgr, "Adobe", NULL));
  HPDF_Dict_Add (info, "Ordering", HPDF_String_New (doc->pdf->mmgr, "Identity", NULL));
  HPDF_Dict_AddNumber (info, "Supplement", 0);
  return info;
}

/* Type0 font → CIDFontType2 → FontDescriptor → FontFile2, plus widths and ToUnicode. libharu records any failure through on_hpdf_error. */
static HPDF_Dict
new_type0_font (PdfDocument *doc,
                hb_blob_t   *font_file)
{
  HPDF_Dict type0 = new_indirect_dict (doc), cid_font = new_indirect_dict (doc);
  HPDF_Array descendants = HPDF_Array_New (doc->pdf->mmgr);
  HPDF_Dict descriptor, to_unicode, info;
  HPDF_Array widths;

  if (type0 == NULL || cid_font == NULL || descendants == NULL ||
      (descriptor = new_font_descriptor (doc, font_file)) == NULL ||
      (to_unicode = new_to_unicode (doc)) == NULL ||
      (widths = new_widths (doc)) == NULL || (info = new_cid_system_info (doc)) == NULL)
    return NULL;

  HPDF_Dict_AddName (cid_font, "Type", "Font");
  HPDF_Dict_AddName (cid_font, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName (cid_font, "BaseFont", FONT_BASE_NAME);
  HPDF_Dict_Add (cid_font, "CIDSystemInfo", info);
  HPDF_Dict_Add (cid_font, "FontDescriptor", descriptor);
  HPDF_Dict_AddNumber (cid_font, "DW", DEFAULT_WIDTH);
  if (HPDF_Array_Items (widths) > 0)
    HPDF_Dict_Add (cid_font, "W", widths);
  else
    HPDF_Array_Free (widths); /* every glyph one em wide: /DW says it all */
  HPDF_Dict_AddName (cid_font, "CIDToGIDMap", "Identity");

  HPDF_Array_Add (descendants, cid_font);
  HPDF_Dict_AddName (type0, "Type", "Font");
  HPDF_Dict_AddName (type0, "Subtype", "Type0");
  HPDF_Dict_AddName (type0, "BaseFont", FONT_BASE_NAME);
  HPDF_Dict_AddName (type0, "Encoding", "Identity-H");
  HPDF_Dict_Add (type0, "DescendantFonts", descendants);
  HPDF_Dict_Add (type0, "ToUnicode", to_unicode);
  return type0;
}

/* ---- fonts into the document ------------------------------------------------------------ */

static int
compare_entries_by_glyph (gconstpointer a,
                          gconstpointer b)
{
  const CodeEntry *ea = *(CodeEntry **) a;
  const CodeEntry *eb = *(CodeEntry **) b;

  if (ea->glyph != eb->glyph)
    return ea->glyph < eb->glyph ? -1 : 1;
  return strcmp (ea->text, eb->text);
}

/* The document's one font: the glyphs of every family used, numbered by their codes. */
static hb_blob_t *
build_document_font (PdfDocument  *doc,
                     GError      **error)
{
  g_autoptr(KakanaiFontBuilder) builder = kakanai_font_builder_new ();

  for (int f = 0; f < KAKANAI_N_FONTS; f++)
    {
      DocumentFont *font = &doc->fonts[f];

      g_ptr_array_sort (font->entries, compare_entries_by_glyph);
      for (guint i = 0; i < font->entries->len; i++)
        {
          CodeEntry *entry = g_ptr_array_index (font->entries, i);
          guint code;

          if (doc->entries->len >= G_MAXUINT16 - 1)
            {
              g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                           _("Too many different characters in one document"));
              return NULL;
            }
          code = kakanai_font_builder_add_glyph (builder, kakanai_font_get (font->family)->face,
                                                 entry->glyph);
          entry->code = (guint16) code;
          g_ptr_array_add (doc->entries, entry);
        }
    }
  return kakanai_font_builder_build (builder, error);
}

static gboolean
embed_fonts (PdfDocument  *doc,
             GError      **error)
{
  hb_blob_t *font_file = build_document_font (doc, error);

  if (font_file == NULL)
    return FALSE;
  /* libharu copies the font into its stream: the blob goes now. */
  doc->font = new_type0_font (doc, font_file);
  hb_blob_destroy (font_file);
  return check_hpdf_result (doc, doc->font, _("embedding the font"), error);
}

/* ---- drawing ------------------------------------------------------------------------ */

/* A new page starts with PDF's default graphics state: black, lines one point wide. */
static void
reset_page_state (PdfDocument *doc)
{
  doc->state.fill = doc->state.stroke = 0x000000;
  doc->state.line_width = 1.0;
  doc->state.font_size = 0;
}

/* A length in points with three decimals and a space, whatever the locale (and without
 * printf, a noticeable part of the text's cost). */
static void
append_points (GString *out,
               double   mm)
{
  long thousandths = lround (mm * PT_PER_MM * 1000);
  char digits[32];
  int n = 0;

  if (thousandths < 0)
    g_string_append_c (out, '-');
  thousandths = labs (thousandths);
  do
    {
      if (n == 3)
        digits[n++] = '.';
      digits[n++] = (char) ('0' + thousandths % 10);
      thousandths /= 10;
    }
  while (thousandths > 0 || n < 5);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
  g_string_append_c (out, ' ');
}

/* A colour component (0…1) with three decimals. */
static void
append_component (GString *out,
                  guint    value)
{
  static const char *const digits = "0123456789";
  guint thousandths = (value * 1000 + 127) / 255;

  if (thousandths == 1000)
    g_string_append (out, "1 ");
  else if (thousandths == 0)
    g_string_append (out, "0 ");
  else
    {
      char text[6] = { '.', digits[thousandths / 100], digits[thousandths / 10 % 10],
                       digits[thousandths % 10], ' ', '\0' };
      g_string_append (out, text);
    }
}

static void
append_rgb (GString    *out,
            guint32     color,
            const char *operator)
{
  append_component (out, (color >> 16) & 0xff);
  append_component (out, (color >> 8) & 0xff);
  append_component (out, color & 0xff);
  g_string_append (out, operator);
}

/* Only changes of the graphics state are written. */
static void
set_fill (PdfDocument *doc,
          GString     *ops,
          guint32      color)
{
  if (color != doc->state.fill)
    append_rgb (ops, color, "rg\n");
  doc->state.fill = color;
}

static void
set_stroke (PdfDocument *doc,
            GString     *ops,
            guint32      color,
            double       width_mm)
{
  if (color != doc->state.stroke)
    append_rgb (ops, color, "RG\n");
  if (width_mm * PT_PER_MM != doc->state.line_width)
    {
      append_points (ops, width_mm);
      g_string_append (ops, "w\n");
    }
  doc->state.stroke = color;
  doc->state.line_width = width_mm * PT_PER_MM;
}

static void
write_ops (PdfDocument *doc,
           HPDF_Page    page,
           GString     *ops)
{
  HPDF_PageAttr attr = page->attr;

  if (HPDF_Stream_Write (attr->stream, (const HPDF_BYTE *) ops->str, ops->len) != HPDF_OK &&
      doc->first_error == 0)
    doc->first_error = HPDF_INVALID_STREAM;
}

static const CodeEntry *
lookup_code (DocumentFont             *font,
             const KakanaiLayoutItem  *item,
             const KakanaiGlyph       *glyph)
{
  char *key = code_key (item, glyph);
  const CodeEntry *entry = g_hash_table_lookup (font->codes, key);

  kakanai_secure_strfree (key);
  return entry;
}

/* A glyph starts a new run where it does not follow the pen of the one before. */
static gboolean
starts_run (const KakanaiGlyph *glyph,
            double              pen_x,
            double              run_y)
{
  return fabs (glyph->x - pen_x) > SAME_PEN_TOLERANCE_MM || glyph->y != run_y;
}

/* What draw_glyphs writes for @item, at most: the colour, BT, the font (about 100
 * bytes), per run "> Tj\n1 0 0 1 X Y Tm <" (two numbers of at most 25 characters), four
 * hex digits per glyph, "> Tj\nET\n". */
static gsize
text_ops_size (const KakanaiLayoutItem *item)
{
  gsize runs = 0;
  double pen_x = 0, run_y = 0;

  for (guint g = 0; g < item->glyphs->len; g++)
    {
      const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);

      runs += g == 0 || starts_run (glyph, pen_x, run_y);
      run_y = glyph->y;
      pen_x = glyph->x + glyph->advance;
    }
  return 128 + runs * (5 + 8 + 2 * 25 + 4) + 4 * (gsize) item->glyphs->len;
}

/* The text as our own operators in the page's content stream: each run placed with Tm,
 * its codes as one hex string. */
static void
draw_glyphs (PdfDocument             *doc,
             HPDF_Page                page,
             const KakanaiLayoutItem *item,
             double                   page_height)
{
  DocumentFont *font = &doc->fonts[item->font];
  g_autoptr(GString) ops = g_string_sized_new (text_ops_size (item));
  gsize allocated = ops->allocated_len;
  double pen_x = 0, run_y = 0;
  gboolean in_run = FALSE;

  set_fill (doc, ops, item->color);
  g_string_append (ops, "BT\n");
  /* The font and size belong to the graphics state, which outlives BT … ET. */
  if (item->size != doc->state.font_size)
    {
      g_string_append (ops, "/" FONT_RESOURCE_NAME " ");
      append_points (ops, item->size);
      g_string_append (ops, "Tf\n");
      doc->state.font_size = item->size;
    }
  for (guint g = 0; g < item->glyphs->len; g++)
    {
      const KakanaiGlyph *glyph = &g_array_index (item->glyphs, KakanaiGlyph, g);

      if (in_run && starts_run (glyph, pen_x, run_y))
        {
          g_string_append (ops, "> Tj\n");
          in_run = FALSE;
        }
      if (!in_run)
        {
          g_string_append (ops, "1 0 0 1 ");
          append_points (ops, glyph->x);
          append_points (ops, page_height - glyph->y);
          g_string_append (ops, "Tm <");
          run_y = glyph->y;
          in_run = TRUE;
        }
      append_hex4 (ops, lookup_code (font, item, glyph)->code);
      pen_x = glyph->x + glyph->advance;
    }
  if (in_run)
    g_string_append (ops, "> Tj\n");
  g_string_append (ops, "ET\n");
  check_not_grown (ops, allocated, "a page's text");
  write_ops (doc, page, ops);
  kakanai_wipe (ops->str, ops->len);
}

/* The template's decoded pixels, handed to libharu raw (it never parses a PNG, whose
 * loader let libpng abort): DeviceRGB, with the opacity as a soft mask where the image has
 * one. A JPEG that decoded cleanly at load is embedded as it is (libharu reads only its
 * header, with its own error handling). */
static HPDF_Image
load_image (PdfDocument             *doc,
            const KakanaiLayoutItem *item)
{
  HPDF_Image image = g_hash_table_lookup (doc->images, item->image_path);
  guint width = kakanai_image_get_width (item->image), height = kakanai_image_get_height (item->image);
  const guint8 *alpha = kakanai_image_get_alpha (item->image);

  GBytes *jpeg = kakanai_image_get_jpeg (item->image);

  if (image != NULL)
    return image;
  if (jpeg != NULL && doc->first_error == 0)
    {
      image = HPDF_LoadJpegImageFromMem (doc->pdf, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
      /* libharu's header reader is stricter than libjpeg (fill bytes between markers):
       * what it refuses goes in as the pixels, so that a template that loads always prints. */
      if (image == NULL)
        {
          HPDF_ResetError (doc->pdf);
          doc->first_error = doc->first_detail = 0;
        }
    }
  if (image == NULL)
    image = HPDF_LoadRawImageFromMem (doc->pdf, kakanai_image_get_rgb (item->image), width, height,
                                      HPDF_CS_DEVICE_RGB, 8);
  if (image == NULL)
    return NULL;
  if (alpha != NULL)
    {
      HPDF_Image mask = HPDF_LoadRawImageFromMem (doc->pdf, alpha, width, height, HPDF_CS_DEVICE_GRAY, 8);

      if (mask == NULL || HPDF_Image_AddSMask (image, mask) != HPDF_OK)
        return NULL;
    }
  g_hash_table_insert (doc->images, g_strdup (item->image_path), image);
  return image;
}

/* An ellipse centred on (@cx, @cy) (mm, PDF's upward y) with radii @rx and @ry, as four
 * Bézier quarters. */
static void
append_ellipse (GString *ops,
                double   cx,
                double   cy,
                double   rx,
                double   ry)
{
  const double k = 0.5522847498; /* 4/3 (√2 − 1): a quarter circle as one cubic */
  const double points[4][6] = {
    { cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry },
    { cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy },
    { cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry },
    { cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy },
  };

  append_points (ops, cx + rx);
  append_points (ops, cy);
  g_string_append (ops, "m\n");
  for (int q = 0; q < 4; q++)
    {
      for (int i = 0; i < 6; i++)
        append_points (ops, points[q][i]);
      g_string_append (ops, "c\n");
    }
}

static void
draw_image (PdfDocument             *doc,
            HPDF_Page                page,
            const KakanaiLayoutItem *item,
            double                   page_height)
{
  HPDF_Image image = load_image (doc, item);

  /* A failure is recorded in doc (on_hpdf_error) and reported after the page. */
  if (image == NULL && doc->first_error == 0)
    doc->first_error = HPDF_INVALID_IMAGE;
  if (image != NULL)
    HPDF_Page_DrawImage (page, image, item->x * PT_PER_MM, (page_height - item->y - item->height) * PT_PER_MM,
                         item->width * PT_PER_MM, item->height * PT_PER_MM);
}

/* Lines, rectangles and ellipses as our own operators (libharu formats each number with
 * five decimals, slowly); positions in mm, y measured down from the top of the page. */
static void
draw_shape (PdfDocument             *doc,
            HPDF_Page                page,
            const KakanaiLayoutItem *item,
            double                   page_height)
{
  gboolean stroke = item->line_width > 0, fill = item->has_fill;
  double y = page_height - item->y;
  g_autoptr(GString) ops = NULL;

  if (item->type == KAKANAI_ITEM_IMAGE)
    {
      draw_image (doc, page, item, page_height);
      return;
    }
  if (!stroke && !fill)
    return;
  ops = g_string_new (NULL);
  if (stroke)
    set_stroke (doc, ops, item->color, item->line_width);
  if (fill)
    set_fill (doc, ops, item->fill);

  switch (item->type)
    {
    case KAKANAI_ITEM_LINE:
      if (item->dash > 0)
        {
          g_string_append_c (ops, '[');
          append_points (ops, item->dash);
          g_string_append (ops, "] 0 d\n");
        }
      append_points (ops, item->x);
      append_points (ops, y);
      g_string_append (ops, "m ");
      append_points (ops, item->x2);
      append_points (ops, page_height - item->y2);
      g_string_append (ops, item->dash > 0 ? "l S\n[] 0 d\n" : "l S\n");
      write_ops (doc, page, ops);
      return;
    case KAKANAI_ITEM_RECT:
      append_points (ops, item->x);
      append_points (ops, y - item->height);
      append_points (ops, item->width);
      append_points (ops, item->height);
      g_string_append (ops, "re\n");
      break;
    case KAKANAI_ITEM_ELLIPSE:
      append_ellipse (ops, item->x, y, item->width, item->height);
      break;
    case KAKANAI_ITEM_IMAGE:
    case KAKANAI_ITEM_GLYPHS:
    default:
      g_assert_not_reached ();
    }
  g_string_append (ops, stroke && fill ? "B\n" : fill ? "f\n" : "S\n");
  write_ops (doc, page, ops);
}

/* The page's /Resources /Font << /F1 ... >>, as libharu would add its own fonts. */
static gboolean
add_font_resource (PdfDocument *doc,
                   HPDF_Page    page)
{
  HPDF_PageAttr attr = page->attr;
  HPDF_Dict resources = HPDF_Dict_GetItem (page, "Resources", HPDF_OCLASS_DICT);

  if (resources == NULL)
    return FALSE;
  if (attr->fonts == NULL)
    {
      attr->fonts = HPDF_Dict_New (page->mmgr);
      if (attr->fonts == NULL || HPDF_Dict_Add (resources, "Font", attr->fonts) != HPDF_OK)
        return FALSE;
    }
  return HPDF_Dict_Add (attr->fonts, FONT_RESOURCE_NAME, doc->font) == HPDF_OK;
}

/* The page's content stream deflated by us, at our level, instead of by libharu at
 * write time. */
static gboolean
deflate_page_contents (PdfDocument *doc,
                       HPDF_Page    page)
{
  HPDF_PageAttr attr = page->attr;
  HPDF_Stream stream = attr->stream;
  g_autoptr(GByteArray) raw = g_byte_array_sized_new (stream->size);
  gsize deflated_length = 0;
  guint8 *deflated;
  HPDF_STATUS status;

  for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount (stream); i++)
    {
      HPDF_UINT length = 0;
      HPDF_BYTE *chunk = HPDF_MemStream_GetBufPtr (stream, i, &length);

      if (chunk == NULL)
        return FALSE;
      g_byte_array_append (raw, chunk, length);
    }
  deflated = deflate_bytes (doc, raw->data, raw->len, &deflated_length);
  kakanai_wipe (raw->data, raw->len);
  if (deflated == NULL)
    return FALSE;
  HPDF_MemStream_FreeData (stream);
  status = HPDF_Stream_Write (stream, deflated, deflated_length);
  kakanai_wipe (deflated, deflated_length);
  g_free (deflated);
  attr->contents->filter = HPDF_STREAM_FILTER_NONE;
  attr->contents->write_fn = write_flate_filter_entry;
  return status == HPDF_OK;
}

static gboolean
draw_page (PdfDocument              *doc,
           const KakanaiLayoutPage  *layout_page,
           GError                  **error)
{
  HPDF_Page page = HPDF_AddPage (doc->pdf);

  if (!check_hpdf_result (doc, page, _("adding a page"), error))
    return FALSE;
  HPDF_Page_SetWidth (page, layout_page->width * PT_PER_MM);
  HPDF_Page_SetHeight (page, layout_page->height * PT_PER_MM);
  if (doc->font != NULL && !add_font_resource (doc, page))
    return check_hpdf_result (doc, NULL, _("adding the font to a page"), error);
  reset_page_state (doc);

  for (guint i = 0; i < layout_page->items->len; i++)
    {
      const KakanaiLayoutItem *item = g_ptr_array_index (layout_page->items, i);

      if (item->type == KAKANAI_ITEM_GLYPHS)
        draw_glyphs (doc, page, item, layout_page->height);
      else
        draw_shape (doc, page, item, layout_page->height);
    }
  if (!check_hpdf (doc, _("drawing a page"), error))
    return FALSE;
  if (!deflate_page_contents (doc, page))
    return check_hpdf_result (doc, NULL, _("compressing a page"), error);
  return TRUE;
}

/* ---- the document ----------------------------------------------------------------------- */

/* A filled PDF is personal data. libharu keeps the document (content streams, the subset
 * font, ToUnicode) in buffers of its own allocator, and libdeflate its working state in
 * its own, so both allocators wipe every block they free; the block's size comes from
 * malloc_usable_size (kakanai_secure_free), as neither library passes it. */
static void *
hpdf_alloc (HPDF_UINT size)
{
  return malloc (size);
}

static struct libdeflate_compressor *
new_wiping_compressor (void)
{
  static gsize allocator_set = 0;

  if (g_once_init_enter (&allocator_set))
    {
      libdeflate_set_memory_allocator (malloc, kakanai_secure_free);
      g_once_init_leave (&allocator_set, 1);
    }
  return libdeflate_alloc_compressor (STREAM_DEFLATE_LEVEL);
}

static GBytes *
save_to_memory (PdfDocument  *doc,
                GError      **error)
{
  HPDF_UINT32 size;
  guint8 *buffer;
  HPDF_UINT32 read = 0;

  HPDF_SaveToStream (doc->pdf);
  if (!check_hpdf (doc, _("writing the PDF"), error))
    return NULL;
  size = HPDF_GetStreamSize (doc->pdf);
  buffer = g_malloc (size);
  while (read < size)
    {
      HPDF_UINT32 chunk = size - read;
      HPDF_STATUS status = HPDF_ReadFromStream (doc->pdf, buffer + read, &chunk);

      read += chunk;
      if (status == HPDF_STREAM_EOF || chunk == 0)
        break;
      if (status != HPDF_OK)
        {
          kakanai_wipe (buffer, size);
          g_free (buffer);
          check_hpdf (doc, _("reading the PDF back"), error);
          return NULL;
        }
    }
  /* The returned bytes are wiped when their last reference goes. */
  return kakanai_secure_bytes_new_take (buffer, read, size);
}

/* The pages' PDF backgrounds, by qpdf, under what libharu drew (docs/templates.md). */
static GBytes *
add_backgrounds (KakanaiLayout  *layout,
                 GBytes         *document,
                 GError        **error)
{
  guint n_pages = kakanai_layout_get_n_pages (layout);
  g_autofree KakanaiPdfSource **sources = g_new0 (KakanaiPdfSource *, MAX (n_pages, 1));
  gboolean any = FALSE;
  GBytes *merged;

  for (guint p = 0; p < n_pages; p++)
    {
      const KakanaiLayoutPage *page = kakanai_layout_get_page (layout, p);

      if (page->background != NULL)
        {
          sources[p] = kakanai_background_get_source (page->background);
          any = TRUE;
        }
    }
  if (!any)
    return document;
  merged = kakanai_pdf_add_backgrounds (document, sources, n_pages, error);
  g_bytes_unref (document);
  return merged;
}

static void
pdf_document_clear (PdfDocument *doc)
{
  g_clear_pointer (&doc->pdf, HPDF_Free);
  g_clear_pointer (&doc->compressor, libdeflate_free_compressor);
  g_clear_pointer (&doc->images, g_hash_table_unref);
  g_clear_pointer (&doc->entries, g_ptr_array_unref);
  for (int f = 0; f < KAKANAI_N_FONTS; f++)
    {
      DocumentFont *font = &doc->fonts[f];

      g_clear_pointer (&font->codes, g_hash_table_unref);
      g_clear_pointer (&font->entries, g_ptr_array_unref);
    }
}

GBytes *
kakanai_pdf_render (KakanaiLayout  *layout,
                    GError        **error)
{
  PdfDocument doc = { 0 };
  GBytes *result = NULL;

  g_return_val_if_fail (layout != NULL, NULL);

  for (int f = 0; f < KAKANAI_N_FONTS; f++)
    {
      doc.fonts[f].family = f;
      doc.fonts[f].codes = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) kakanai_secure_strfree, NULL);
      doc.fonts[f].entries = g_ptr_array_new_with_free_func (code_entry_free);
    }
  doc.entries = g_ptr_array_new ();
  doc.images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  doc.compressor = new_wiping_compressor ();
  if (doc.compressor == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("Out of memory for compressing the document"));
      goto out;
    }
  doc.pdf = HPDF_NewEx (on_hpdf_error, hpdf_alloc, kakanai_secure_free, 0, &doc);
  if (doc.pdf == NULL)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("libharu could not create a document"));
      goto out;
    }
  HPDF_SetCompressionMode (doc.pdf, HPDF_COMP_ALL);
  if (!check_hpdf (&doc, _("setting up the document"), error))
    goto out;

  if (collect_codes (&doc, layout) && !embed_fonts (&doc, error))
    goto out;

  for (guint p = 0; p < kakanai_layout_get_n_pages (layout); p++)
    if (!draw_page (&doc, kakanai_layout_get_page (layout, p), error))
      goto out;

  result = save_to_memory (&doc, error);
  if (result != NULL)
    result = add_backgrounds (layout, result, error);

out:
  pdf_document_clear (&doc);
  return result;
}
