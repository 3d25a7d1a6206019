/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pdf-suggest.h: fields suggested from a municipality's own form, a PDF page or a
 * scanned image (the labels of its text, mapped to the known data keys, and the empty cell
 * beside or below each label, bounded by the page's ruled lines). GLib only: the editor
 * (kakanai-editor) offers the suggestions one by one and the CLI (`kakanai forms import-pdf`,
 * `import-image`) takes them all. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  KAKANAI_PDF_SUGGESTION_TEXT,    /* a text field (mode line or wrap) */
  KAKANAI_PDF_SUGGESTION_CHOICE,  /* a choice field: one option per printed word (男・女) */
} KakanaiPdfSuggestionKind;

typedef struct {
  double  x, y, width, height; /* mm from the page's top-left corner */
  char   *value;               /* the option's value (male, female, self, proxy…) */
  char   *label;               /* the printed word (男) */
} KakanaiPdfSuggestedOption;

typedef struct {
  KakanaiPdfSuggestionKind kind;
  char       *key;               /* a known data key (card.name, request.date…) */
  char       *label;             /* the printed label the key was found from (氏名) */
  double      label_x, label_y, label_width, label_height; /* where the label is, mm */
  double      x, y, width, height;                          /* the field's box, mm */
  gboolean    wrap;              /* the cell holds several lines (an address) */
  double      size;              /* a font size that suits the cell, pt */
  GPtrArray  *options;           /* KakanaiPdfSuggestedOption*: CHOICE only, else NULL */
} KakanaiPdfSuggestion;

void       kakanai_pdf_suggestion_free  (KakanaiPdfSuggestion *suggestion);

/* Suggestions for page @page_number (from 1) of @pdf, in reading order (top to bottom, then
 * left to right), at most one per key; an empty array when nothing was recognised. NULL
 * with @error (KAKANAI_FORMS_ERROR_TEMPLATE) for a damaged or encrypted file or a page it
 * does not have. The page's size in mm is stored in @width_mm / @height_mm. */
GPtrArray *kakanai_pdf_suggest_fields   (GBytes      *pdf,
                                         guint        page_number,
                                         double      *width_mm,
                                         double      *height_mm,
                                         GError     **error);

/* A format-2 template (JSON text) over page @page of @pdf_name (a PDF beside the template)
 * of @width_mm × @height_mm, with one field per suggestion: what `kakanai forms import-pdf`
 * writes and the editor opens. */
char      *kakanai_pdf_suggested_template (GPtrArray  *suggestions,
                                           double      width_mm,
                                           double      height_mm,
                                           const char *pdf_name,
                                           guint       page,
                                           const char *id);

/* Suggestions for a scanned form (@image: PNG or JPEG; A4 when its shape is of the A series,
 * else taken to be 300 dpi), its text read by tesseract (Japanese). @name names the file in
 * errors. The page's size in mm is stored in @width_mm / @height_mm. NULL with @error
 * (KAKANAI_FORMS_ERROR_TEMPLATE) for an image that is damaged, not PNG or JPEG, too small or
 * too large, or when the Japanese OCR data is not installed. */
GPtrArray *kakanai_scan_suggest_fields  (GBytes      *image,
                                         const char  *name,
                                         double      *width_mm,
                                         double      *height_mm,
                                         GError     **error);

/* A format-2 template of @width_mm × @height_mm with the scan @image_name (beside the
 * template) as a whole-page image under one field per suggestion. */
char      *kakanai_scan_suggested_template (GPtrArray  *suggestions,
                                            double      width_mm,
                                            double      height_mm,
                                            const char *image_name,
                                            const char *id);

/* The field element of one suggestion (what the templates above hold for it), to insert
 * into a model when the suggestion is accepted. */
JsonObject *kakanai_pdf_suggestion_to_element (const KakanaiPdfSuggestion *suggestion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiPdfSuggestion, kakanai_pdf_suggestion_free)

G_END_DECLS
