/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-render-image.c: template images, from their bytes to both renderers. The input is
 * an image file (PNG or JPEG, damaged as the fuzzer likes): it is decoded as a template's
 * image is at load (libpng / libjpeg with their error handlers, within the limits); what
 * decodes is drawn by the PDF renderer (handed to libharu as pixels, with a soft mask for
 * transparency) and by cairo. No text: fuzz-template covers it, and the document font
 * would take most of each run. Errors are expected; aborts, crashes and leaks are not. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include <kakanai-forms.h>
#include "kakanai-image-private.h"
#include "kakanai-template-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Larger images take the same paths, only slower: decoded, not drawn. */
#define MAX_DRAWN_PIXELS (256u * 1024)

/* A folder with a one-pixel PNG and a template drawing it, made once per process. */
static const char *
template_path (void)
{
  static char *path;

  if (path == NULL)
    {
      static const guint8 pixel[] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
        0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12, 'I', 'D', 'A', 'T', 0x78,
        0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0, 0, 3, 1, 1, 0, 0xc9, 0xfe, 0x92, 0xef, 0, 0, 0, 0,
        'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
      };
      static const char json[] =
        "{ \"format\": 1, \"id\": \"fuzz\", \"title\": \"F\", \"page\": { \"size\": \"A5\" }, \"elements\": ["
        " { \"type\": \"image\", \"x\": 5, \"y\": 5, \"width\": 60, \"height\": 40, \"src\": \"pixel.png\" },"
        " { \"type\": \"rect\", \"x\": 20, \"y\": 20, \"width\": 60, \"height\": 40, \"fill\": \"#e6e6e6\" } ] }";
      char *folder = g_dir_make_tmp ("kakanai-fuzz-XXXXXX", NULL);
      char *png = g_build_filename (folder, "pixel.png", NULL);

      path = g_build_filename (folder, "fuzz.json", NULL);
      g_assert (g_file_set_contents (png, (const char *) pixel, sizeof pixel, NULL));
      g_assert (g_file_set_contents (path, json, -1, NULL));
      g_free (png);
      g_free (folder);
    }
  return path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiImage) image = kakanai_image_new_from_bytes (bytes, "fuzz.png", &error);
  g_autoptr(KakanaiTemplate) tpl = NULL;
  g_autoptr(KakanaiFormData) form_data = NULL;
  g_autoptr(KakanaiLayout) layout = NULL;
  g_autoptr(GBytes) pdf = NULL;
  KakanaiElement *element;
  cairo_surface_t *surface;

  if (image == NULL)
    {
      g_assert (error != NULL && error->domain == KAKANAI_FORMS_ERROR);
      return 0;
    }
  g_assert (kakanai_image_get_width (image) <= KAKANAI_IMAGE_MAX_SIDE &&
            kakanai_image_get_height (image) <= KAKANAI_IMAGE_MAX_SIDE);
  if ((gsize) kakanai_image_get_width (image) * kakanai_image_get_height (image) > MAX_DRAWN_PIXELS)
    return 0;

  /* The fuzzed image in place of the template's own (a fresh template each time: the
   * layout of its static elements, the image included, is kept with it). */
  tpl = kakanai_template_new_from_file (template_path (), &error);
  g_assert (tpl != NULL);
  element = g_ptr_array_index (kakanai_template_get_elements (tpl), 0);
  kakanai_image_unref (element->image);
  element->image = kakanai_image_ref (image);

  form_data = kakanai_form_data_new ();
  layout = kakanai_layout_new (&tpl, 1, form_data, &error);
  g_assert (layout != NULL);
  pdf = kakanai_pdf_render (layout, &error);
  g_assert (pdf != NULL);
  surface = kakanai_cairo_render_page_to_surface (layout, 0, 10, &error);
  g_assert (surface != NULL);
  cairo_surface_destroy (surface);
  return 0;
}
