/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pdf-wipe.c: a filled PDF is personal data, so its bytes are wiped when released:
 * the GBytes that kakanai_pdf_render returns, and libharu's own copy of the document.
 * explicit_bzero is wrapped (-Wl,--wrap) to see what is wiped and what it held. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <kakanai-forms.h>

void __real_explicit_bzero (void *data, size_t size);
void __wrap_explicit_bzero (void *data, size_t size);

static const void *wiped_data_seen;
static size_t wiped_size_seen;
static const void *watched_data;
static guint pdf_buffers_wiped;

void
__wrap_explicit_bzero (void   *data,
                       size_t  size)
{
  if (data != NULL && data == watched_data)
    {
      wiped_data_seen = data;
      wiped_size_seen = size;
    }
  if (data != NULL && size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    pdf_buffers_wiped++;
  __real_explicit_bzero (data, size);
}

static const char template_json[] =
  "{\"format\": 1, \"id\": \"wipe\", \"title\": \"wipe\", \"page\": {\"size\": \"A5\"},"
  " \"elements\": [{\"type\": \"field\", \"id\": \"name\", \"key\": \"card.name\","
  "  \"x\": 10, \"y\": 10, \"width\": 100, \"height\": 10, \"font\": \"names\", \"size\": 12}]}";

static KakanaiLayout *
filled_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiFormData) data = kakanai_form_data_new ();
  KakanaiTemplate *template = kakanai_template_new_from_data (template_json, -1, "wipe.json", &error);
  KakanaiLayout *layout;

  assert_non_null (template);
  assert_true (kakanai_form_data_set (data, "card.name", "山口　花子", &error));
  layout = kakanai_layout_new (&template, 1, data, &error);
  assert_non_null (layout);
  kakanai_template_unref (template);
  return layout;
}

static void
test_returned_pdf_is_wiped_when_released (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = filled_layout ();
  GBytes *pdf = kakanai_pdf_render (layout, &error);
  gsize size;

  assert_non_null (pdf);
  watched_data = g_bytes_get_data (pdf, &size);
  wiped_data_seen = NULL;
  g_bytes_unref (pdf);
  assert_ptr_equal (wiped_data_seen, watched_data);
  assert_int_equal (wiped_size_seen, size);
  watched_data = NULL;
}

static void
test_libharu_copy_is_wiped_during_render (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiLayout) layout = filled_layout ();
  g_autoptr(GBytes) pdf = NULL;

  pdf_buffers_wiped = 0;
  pdf = kakanai_pdf_render (layout, &error);
  assert_non_null (pdf);
  /* Our GBytes is still alive: a wiped buffer starting with %PDF- is libharu's stream. */
  assert_true (pdf_buffers_wiped >= 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_returned_pdf_is_wiped_when_released),
    cmocka_unit_test (test_libharu_copy_is_wiped_during_render),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
