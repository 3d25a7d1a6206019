// SPDX-License-Identifier: GPL-3.0-or-later
// kakanai-pdf-merge.cc: a PDF page as the background of a template page, through libqpdf.
//
// C++ because libqpdf's C API cannot make a form XObject of a page or place it
// (QPDFPageObjectHelper::getFormXObjectForPage / placeFormXObject handle /Rotate,
// /UserUnit, several content streams and inherited resources); this file only calls it.

#include <string.h>

#include <new>
#include <string>
#include <vector>

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <glib/gi18n-lib.h>

#include <kakanai-secure.h>

extern "C" {
#include "kakanai-forms-error.h"
#include "kakanai-pdf-merge-private.h"
}

// A filled document passes through qpdf (its content stream holds a resident's name), and
// qpdf keeps it in std::string and Buffer blocks: every block C++ code frees is wiped, as
// the C side's libharu and libdeflate allocators do (kakanai-pdf.c).
void *
operator new (std::size_t size)
{
  void *block = malloc (size == 0 ? 1 : size);

  if (block == nullptr)
    throw std::bad_alloc ();
  return block;
}

void *
operator new[] (std::size_t size)
{
  return operator new (size);
}

void *
operator new (std::size_t size, const std::nothrow_t &) noexcept
{
  return malloc (size == 0 ? 1 : size);
}

void *
operator new[] (std::size_t size, const std::nothrow_t &) noexcept
{
  return malloc (size == 0 ? 1 : size);
}

void
operator delete (void *block) noexcept
{
  kakanai_secure_free (block);
}

void
operator delete[] (void *block) noexcept
{
  operator delete (block);
}

void
operator delete (void *block, std::size_t) noexcept
{
  operator delete (block);
}

void
operator delete[] (void *block, std::size_t) noexcept
{
  operator delete (block);
}

struct _KakanaiPdfSource
{
  GMutex           lock;   // copyForeignObject updates the source's caches
  QPDF             pdf;    // the one-page PDF
  QPDFObjectHandle form;   // its page as a form XObject
  GBytes          *page_pdf;
  double           width_pt, height_pt;
};

static void
set_error (GError **error, const char *format, const char *detail)
{
  g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE, format, detail);
}

// Refused whether it needs a password to open or only restricts printing or copying: its
// content would be copied into every filled form.
static void
set_encrypted_error (GError **error)
{
  set_error (error, "%s", _("is encrypted; ask for a copy without a password or restrictions "
                            "(one that opens without a password can be written with: "
                            "qpdf --decrypt IN.pdf OUT.pdf)"));
}

// qpdf's messages start with the input's name ("background: ..."): keep what follows.
static std::string
qpdf_reason (const std::exception &e)
{
  std::string what = e.what ();
  auto colon = what.find (": ");

  return colon != std::string::npos && colon < 40 ? what.substr (colon + 2) : what;
}

// The bytes are wiped when their last reference goes (a filled document is personal data).
static GBytes *
write_to_bytes (QPDF &pdf, bool object_streams, bool streams_as_they_are)
{
  QPDFWriter writer (pdf);

  writer.setOutputMemory ();
  writer.setObjectStreamMode (object_streams ? qpdf_o_generate : qpdf_o_preserve);
  // A filled document's streams as they are: every one is compressed already (libharu's
  // by libdeflate, the background's when its page was cut out); decoding them to check
  // would be most of the time.
  if (streams_as_they_are)
    writer.setStreamDataMode (qpdf_s_preserve);
  writer.setStaticID (false);
  writer.write ();

  std::shared_ptr<Buffer> buffer = writer.getBufferSharedPointer ();
  GByteArray *array = g_byte_array_sized_new (buffer->getSize ());

  g_byte_array_append (array, buffer->getBuffer (), buffer->getSize ());
  kakanai_wipe (buffer->getBuffer (), buffer->getSize ());
  return g_bytes_new_with_free_func (array->data, array->len, (GDestroyNotify) kakanai_secure_byte_array_free, array);
}

// The page alone (its printable annotations flattened already), the crop box as the media box.
static GBytes *
extract_page (QPDF &original, guint page_number, GError **error)
{
  std::vector<QPDFPageObjectHelper> all = QPDFPageDocumentHelper (original).getAllPages ();

  if (page_number < 1 || page_number > all.size ())
    {
      g_autofree char *detail = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "has %zu page, not %u", "has %zu pages, not %u", all.size ()),
          all.size (), page_number);
      set_error (error, "%s", detail);
      return nullptr;
    }

  QPDFPageObjectHelper page = all[page_number - 1];
  QPDFObjectHandle crop = page.getCropBox (true, true);
  QPDFObjectHandle page_object = page.getObjectHandle ();
  QPDF single;

  page_object.replaceKey ("/MediaBox", crop.shallowCopy ());
  for (const char *key : { "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Annots" })
    page_object.removeKey (key);
  page.getAttribute ("/Resources", true);  // inherited resources become the page's own
  single.emptyPDF ();
  single.setSuppressWarnings (true);
  QPDFPageDocumentHelper (single).addPage (page, false);
  return write_to_bytes (single, true, false);
}

// The form XObject qpdf makes holds the page's content unfiltered: deflated once here, so
// that every filled document copies it as it is.
static void
compress_stream (QPDFObjectHandle stream)
{
  std::shared_ptr<Buffer> raw = stream.getStreamData (qpdf_dl_generalized);
  Pl_Buffer compressed ("compressed");
  Pl_Flate flate ("flate", &compressed, Pl_Flate::a_deflate);

  flate.write (raw->getBuffer (), raw->getSize ());
  flate.finish ();
  stream.replaceStreamData (compressed.getBufferSharedPointer (), QPDFObjectHandle::newName ("/FlateDecode"),
                            QPDFObjectHandle::newNull ());
}

// Read once, whatever number of pages is taken from it (qpdf throws on what it cannot read).
static bool
open_original (QPDF &original, GBytes *pdf, GError **error)
{
  gsize size;
  const char *data = (const char *) g_bytes_get_data (pdf, &size);

  original.setSuppressWarnings (true);
  original.setAttemptRecovery (true);
  original.processMemoryFile ("background", data, size);
  if (original.isEncrypted ())
    {
      set_encrypted_error (error);
      return false;
    }
  QPDFPageDocumentHelper (original).flattenAnnotations (an_print, an_invisible | an_hidden);
  return true;
}

static KakanaiPdfSource *
source_for_page (QPDF &original, guint page_number, GError **error)
{
  GBytes *page_pdf = extract_page (original, page_number, error);

  if (page_pdf == nullptr)
    return nullptr;

  KakanaiPdfSource *source = new _KakanaiPdfSource ();

  g_mutex_init (&source->lock);
  source->page_pdf = page_pdf;
  try
    {
      source->pdf.setSuppressWarnings (true);
      source->pdf.processMemoryFile ("background",
                                     (const char *) g_bytes_get_data (source->page_pdf, nullptr),
                                     g_bytes_get_size (source->page_pdf));

      QPDFPageObjectHelper page = QPDFPageDocumentHelper (source->pdf).getAllPages ().at (0);
      QPDFObjectHandle::Rectangle box = page.getMediaBox ().getArrayAsRectangle ();
      int rotate = page.getAttribute ("/Rotate", false).isInteger ()
                     ? page.getAttribute ("/Rotate", false).getIntValueAsInt () : 0;

      source->width_pt = box.urx - box.llx;
      source->height_pt = box.ury - box.lly;
      if (((rotate % 360) + 360) % 360 == 90 || ((rotate % 360) + 360) % 360 == 270)
        std::swap (source->width_pt, source->height_pt);
      if (!(source->width_pt > 0 && source->height_pt > 0))
        {
          kakanai_pdf_source_free (source);
          set_error (error, "%s", _("has a page of no size"));
          return nullptr;
        }
      source->form = source->pdf.makeIndirectObject (page.getFormXObjectForPage (true));
      compress_stream (source->form);
      return source;
    }
  catch (...)
    {
      kakanai_pdf_source_free (source);
      throw;
    }
}

static void
set_qpdf_error (GError **error, const std::exception &e)
{
  const QPDFExc *qpdf_error = dynamic_cast<const QPDFExc *> (&e);

  if (qpdf_error != nullptr && qpdf_error->getErrorCode () == qpdf_e_password)
    set_encrypted_error (error);
  else
    set_error (error, _("is damaged or not a PDF (%s)"), qpdf_reason (e).c_str ());
}

extern "C" KakanaiPdfSource *
kakanai_pdf_source_new (GBytes   *pdf,
                        guint     page_number,
                        GError  **error)
{
  try
    {
      QPDF original;

      if (!open_original (original, pdf, error))
        return nullptr;
      return source_for_page (original, page_number, error);
    }
  catch (const std::exception &e)
    {
      set_qpdf_error (error, e);
      return nullptr;
    }
}

extern "C" GPtrArray *
kakanai_pdf_sources_new (GBytes   *pdf,
                         guint     n_pages,
                         GError  **error)
{
  GPtrArray *sources = g_ptr_array_new_full (n_pages, (GDestroyNotify) kakanai_pdf_source_free);

  try
    {
      QPDF original;

      if (!open_original (original, pdf, error))
        return (g_ptr_array_unref (sources), nullptr);
      for (guint page = 1; page <= n_pages; page++)
        {
          KakanaiPdfSource *source = source_for_page (original, page, error);

          if (source == nullptr)
            return (g_ptr_array_unref (sources), nullptr);
          g_ptr_array_add (sources, source);
        }
      return sources;
    }
  catch (const std::exception &e)
    {
      g_ptr_array_unref (sources);
      set_qpdf_error (error, e);
      return nullptr;
    }
}

extern "C" void
kakanai_pdf_source_free (KakanaiPdfSource *source)
{
  if (source == nullptr)
    return;
  g_clear_pointer (&source->page_pdf, g_bytes_unref);
  g_mutex_clear (&source->lock);
  delete source;
}

extern "C" GBytes *
kakanai_pdf_source_get_page_pdf (KakanaiPdfSource *source)
{
  return source->page_pdf;
}

extern "C" void
kakanai_pdf_source_get_size (KakanaiPdfSource *source,
                             double           *width_pt,
                             double           *height_pt)
{
  *width_pt = source->width_pt;
  *height_pt = source->height_pt;
}

static void
place_background (QPDF &document, QPDFPageObjectHelper &page, KakanaiPdfSource *source)
{
  QPDFObjectHandle form;

  g_mutex_lock (&source->lock);
  try
    {
      form = document.copyForeignObject (source->form);
    }
  catch (...)
    {
      g_mutex_unlock (&source->lock);
      throw;
    }
  g_mutex_unlock (&source->lock);

  QPDFObjectHandle resources = page.getAttribute ("/Resources", true);
  if (!resources.hasKey ("/XObject"))
    resources.replaceKey ("/XObject", QPDFObjectHandle::newDictionary ());
  int suffix = 0;
  std::string name = resources.getUniqueResourceName ("/KakanaiBackground", suffix);
  resources.getKey ("/XObject").replaceKey (name, form);

  QPDFObjectHandle::Rectangle rect = page.getMediaBox ().getArrayAsRectangle ();
  std::string placement = "q\n" + page.placeFormXObject (form, name, rect, true, true, true) + "\nQ\n";
  page.addPageContents (QPDFObjectHandle::newStream (&document, placement), true);
}

extern "C" GBytes *
kakanai_pdf_add_backgrounds (GBytes            *document,
                             KakanaiPdfSource **sources,
                             guint              n_pages,
                             GError           **error)
{
  try
    {
      QPDF pdf;
      gsize size;
      const char *data = (const char *) g_bytes_get_data (document, &size);

      pdf.setSuppressWarnings (true);
      pdf.processMemoryFile ("document", data, size);
      std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper (pdf).getAllPages ();
      for (guint i = 0; i < n_pages && i < pages.size (); i++)
        if (sources[i] != nullptr)
          place_background (pdf, pages[i], sources[i]);
      return write_to_bytes (pdf, true, true);
    }
  catch (const std::exception &e)
    {
      g_set_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_RENDER,
                   _("The background page could not be added to the PDF: %s"), qpdf_reason (e).c_str ());
      return nullptr;
    }
}
