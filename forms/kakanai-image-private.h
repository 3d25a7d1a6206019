/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-image-private.h: template images (backgrounds, seals), decoded once when the
 * template loads, within limits, so that validate, the preview and the PDF all draw the
 * same pixels or all refuse the same file for the same reason. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits on a template image (docs/templates.md). A4 scanned at 600 dpi is 4961 × 7016
 * pixels, 34.8 million: it fits; a 40000 × 40000 header does not. */
#define KAKANAI_IMAGE_MAX_BYTES  (32u * 1024 * 1024)
#define KAKANAI_IMAGE_MAX_SIDE   10000u
#define KAKANAI_IMAGE_MAX_PIXELS 36000000u

typedef struct _KakanaiImage KakanaiImage;

/* Decodes PNG or JPEG @bytes fully (libpng and libjpeg with error handlers: a damaged
 * file is an error, never an abort). @name is how errors name the file. Errors are
 * KAKANAI_FORMS_ERROR_TEMPLATE and say why ("damaged: IDAT: incorrect data check",
 * "40000 × 40000 pixels"). */
KakanaiImage *kakanai_image_new_from_bytes (GBytes      *bytes,
                                            const char  *name,
                                            GError     **error);
KakanaiImage *kakanai_image_ref            (KakanaiImage *image);
void          kakanai_image_unref          (KakanaiImage *image);

guint         kakanai_image_get_width      (const KakanaiImage *image);
guint         kakanai_image_get_height     (const KakanaiImage *image);
/* width × height × 3 bytes, rows top down, 8 bits per channel, not premultiplied. */
const guint8 *kakanai_image_get_rgb        (const KakanaiImage *image);
/* width × height bytes of opacity, or NULL when every pixel is opaque. */
const guint8 *kakanai_image_get_alpha      (const KakanaiImage *image);
/* The file itself when it is an 8-bit Huffman-coded JPEG in grey or YCbCr that decoded
 * without a warning, for the PDF to embed as it is (DCTDecode: a scanned A4 stays 0.6 MB instead of 15 MB of
 * deflated pixels); NULL otherwise. */
GBytes       *kakanai_image_get_jpeg       (const KakanaiImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiImage, kakanai_image_unref)

G_END_DECLS
