/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-template-limits.c: what a template may not do to the process that loads it:
 * images that are damaged, huge, not files or outside the template's folder, and JSON
 * that is too deep or too large. Each is refused at load, naming the file and why. */
#define G_LOG_DOMAIN "kakanai-test"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "kakanai-forms.h"
#include "kakanai-image-private.h"
#include "kakanai-template-private.h"

typedef struct {
  char *folder;  /* the template's folder */
  char *outside; /* a folder beside it */
} Fixture;

static char *
adversarial_path (const char *name)
{
  return g_build_filename (g_getenv ("KAKANAI_SOURCE_ROOT"), "tests", "forms", "adversarial", name, NULL);
}

static void
copy_into (const char *name,
           const char *folder,
           const char *as)
{
  g_autofree char *from = adversarial_path (name);
  g_autofree char *to = g_build_filename (folder, as != NULL ? as : name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *root = g_dir_make_tmp ("kakanai-limits-XXXXXX", NULL);

  g_assert_nonnull (root);
  fixture->folder = g_build_filename (root, "forms", NULL);
  fixture->outside = g_build_filename (root, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir (fixture->folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (fixture->outside, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autofree char *root = g_path_get_dirname (fixture->folder);
  const char *argv[] = { "rm", "-rf", root, NULL };

  /* Links, a FIFO and a 1 GB sparse file: rm knows how. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  g_free (fixture->folder);
  g_free (fixture->outside);
}

/* Loads a template of the fixture's folder with one image element of @src. */
static KakanaiTemplate *
load_with_image (Fixture     *fixture,
                 const char  *src,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (fixture->folder, "t.json", NULL);
  g_autofree char *quoted = g_strescape (src, NULL);
  g_autofree char *json = g_strdup_printf (
    "{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"page\": { \"size\": \"A4\" }, "
    "\"elements\": [ { \"type\": \"image\", \"id\": \"scan\", \"x\": 0, \"y\": 0, "
    "\"width\": 210, \"height\": 297, \"src\": \"%s\" } ] }", quoted);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return kakanai_template_new_from_file (path, error);
}

static void
assert_refused (Fixture    *fixture,
                const char *src,
                int         code,
                const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = load_with_image (fixture, src, &error);
  g_autofree char *path = g_build_filename (fixture->folder, "t.json", NULL);

  g_assert_null (tpl);
  g_assert_error (error, KAKANAI_FORMS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (strstr (error->message, "element 0 (“scan”)") == NULL || strstr (error->message, why) == NULL)
    g_error ("“%s” lacks the element or “%s”", error->message, why);
}

static const KakanaiImage *
image_of (KakanaiTemplate *tpl)
{
  KakanaiElement *element = g_ptr_array_index (kakanai_template_get_elements (tpl), 0);

  g_assert_nonnull (element->image);
  return element->image;
}

/* ---- damaged and huge images --------------------------------------------------------- */

typedef struct {
  const char *file;
  const char *why;
} DamagedCase;

static const DamagedCase damaged_cases[] = {
  /* libharu's PNG loader let libpng abort() on this one. */
  { "corrupt-idat.png", "incorrect data check" },
  { "truncated.png", "is damaged" },
  { "huge-header.png", "40000 × 40000 pixels" },
  { "huge-header.jpg", "40000 × 40000 pixels" },
  { "truncated.jpg", "Premature end of JPEG file" },
  { "not-an-image.png", "neither PNG nor JPEG" },
};

static void
test_damaged_image (Fixture *fixture, gconstpointer data)
{
  const DamagedCase *test = data;

  copy_into (test->file, fixture->folder, NULL);
  assert_refused (fixture, test->file, KAKANAI_FORMS_ERROR_TEMPLATE, test->file);
  assert_refused (fixture, test->file, KAKANAI_FORMS_ERROR_TEMPLATE, test->why);
}

static void
test_sparse_gigabyte (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "sparse.png", NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "\x89PNG\r\n\x1a\n", 8), ==, 8);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 30), ==, 0);
  close (fd);
  assert_refused (fixture, "sparse.png", KAKANAI_FORMS_ERROR_TEMPLATE, "too large");
}

/* ---- not a file, or not the template's -------------------------------------------- */

static void
test_fifo_does_not_block (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "pipe.png", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_refused (fixture, "pipe.png", KAKANAI_FORMS_ERROR_TEMPLATE, "not a regular file");
}

static void
test_folder_as_image (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "scans", NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_refused (fixture, "scans", KAKANAI_FORMS_ERROR_TEMPLATE, "not a regular file");
}

static void
test_outside_the_folder (Fixture *fixture, gconstpointer data)
{
  g_autofree char *outside = g_build_filename (fixture->outside, "red.jpg", NULL);
  g_autofree char *link = g_build_filename (fixture->folder, "link.jpg", NULL);

  copy_into ("red.jpg", fixture->outside, NULL);
  g_assert_cmpint (symlink (outside, link), ==, 0);

  assert_refused (fixture, outside, KAKANAI_FORMS_ERROR_TEMPLATE, "outside the template's folder");
  assert_refused (fixture, "../elsewhere/red.jpg", KAKANAI_FORMS_ERROR_TEMPLATE, "outside the template's folder");
  assert_refused (fixture, "link.jpg", KAKANAI_FORMS_ERROR_TEMPLATE, "outside the template's folder");
  assert_refused (fixture, "/etc/passwd", KAKANAI_FORMS_ERROR_TEMPLATE, "outside the template's folder");
}

static void
test_inside_the_folder (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sub = g_build_filename (fixture->folder, "scans", NULL);
  g_autofree char *absolute = g_build_filename (sub, "red.jpg", NULL);
  g_autofree char *link = g_build_filename (fixture->folder, "link.jpg", NULL);
  const char *sources[] = { "scans/red.jpg", "scans/../scans/red.jpg", "link.jpg", absolute };

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  copy_into ("red.jpg", sub, NULL);
  g_assert_cmpint (symlink ("scans/red.jpg", link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KakanaiTemplate) tpl = load_with_image (fixture, sources[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (kakanai_image_get_width (image_of (tpl)), ==, 16);
    }
}

/* ---- every kind of sound image decodes to the same pixels ---------------------------- */

typedef struct {
  const char *file;
  guint       width, height;
  guint32     first_pixel; /* 0xRRGGBB */
  int         first_alpha; /* -1: no alpha plane */
} SoundCase;

static const SoundCase sound_cases[] = {
  { "grey.png", 4, 4, 0x808080, -1 },
  { "palette-transparent.png", 4, 4, 0xff0000, 0xff },
  { "rgba16.png", 2, 2, 0xff0000, 0x80 },
  { "interlaced.png", 1, 1, 0xff0000, -1 },
  { "red.jpg", 16, 16, 0xff0000, -1 },
  { "cmyk.jpg", 16, 16, 0xff0000, -1 },
};

static void
test_sound_image (Fixture *fixture, gconstpointer data)
{
  const SoundCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;
  const KakanaiImage *image;
  const guint8 *rgb;

  copy_into (test->file, fixture->folder, NULL);
  tpl = load_with_image (fixture, test->file, &error);
  g_assert_no_error (error);
  image = image_of (tpl);
  g_assert_cmpuint (kakanai_image_get_width (image), ==, test->width);
  g_assert_cmpuint (kakanai_image_get_height (image), ==, test->height);
  rgb = kakanai_image_get_rgb (image);
  /* JPEG is lossy: within a few levels. */
  g_assert_cmpint (ABS ((int) rgb[0] - (int) (test->first_pixel >> 16)), <=, 4);
  g_assert_cmpint (ABS ((int) rgb[1] - (int) ((test->first_pixel >> 8) & 0xff)), <=, 4);
  g_assert_cmpint (ABS ((int) rgb[2] - (int) (test->first_pixel & 0xff)), <=, 4);
  if (test->first_alpha < 0)
    g_assert_null (kakanai_image_get_alpha (image));
  else
    {
      g_assert_nonnull (kakanai_image_get_alpha (image));
      g_assert_cmpint (kakanai_image_get_alpha (image)[0], ==, test->first_alpha);
    }
}

/* ---- JSON beyond the limits --------------------------------------------------------- */

static void
assert_json_refused (const char *json,
                     gsize       length,
                     const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = kakanai_template_new_from_data (json, length, "/forms/deep.json", &error);

  g_assert_null (tpl);
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_true (g_str_has_prefix (error->message, "/forms/deep.json: "));
  if (strstr (error->message, why) == NULL)
    g_error ("“%s” lacks “%s”", error->message, why);
}

/* json-glib recursed 100 000 deep and overflowed the stack. */
static void
test_json_too_deep (void)
{
  const gsize depth = 100000;
  g_autoptr(GString) json = g_string_new ("{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"x\": ");

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (json, ']');
  g_string_append (json, " }");
  assert_json_refused (json->str, json->len, "nests more than 32 levels");
}

static void
test_json_just_deep_enough (void)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": 1, \"id\": \"t\", \"title\": \"T\", \"x\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(KakanaiTemplate) tpl = NULL;

  /* The root object is level 1: 31 arrays inside it make 32. */
  for (int i = 0; i < 31; i++)
    g_string_append_c (json, '[');
  for (int i = 0; i < 31; i++)
    g_string_append_c (json, ']');
  g_string_append (json, " }");
  tpl = kakanai_template_new_from_data (json->str, json->len, "/forms/deep.json", &error);
  /* Deep enough to reach the loader, which names the unknown member. */
  g_assert_error (error, KAKANAI_FORMS_ERROR, KAKANAI_FORMS_ERROR_TEMPLATE);
  g_assert_null (strstr (error->message, "nests more than"));
}

static void
test_json_too_large (void)
{
  gsize length = KAKANAI_TEMPLATE_MAX_BYTES + 1;
  g_autofree char *json = g_malloc (length + 1);

  memset (json, ' ', length);
  json[0] = '{';
  json[length - 1] = '}';
  json[length] = '\0';
  assert_json_refused (json, length, "too large");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (damaged_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/forms/limits/image/refused/%s", damaged_cases[i].file);
      g_test_add (path, Fixture, &damaged_cases[i], fixture_set_up, test_damaged_image, fixture_tear_down);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sound_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/forms/limits/image/sound/%s", sound_cases[i].file);
      g_test_add (path, Fixture, &sound_cases[i], fixture_set_up, test_sound_image, fixture_tear_down);
    }
  g_test_add ("/forms/limits/image/sparse-gigabyte", Fixture, NULL, fixture_set_up, test_sparse_gigabyte, fixture_tear_down);
  g_test_add ("/forms/limits/image/fifo", Fixture, NULL, fixture_set_up, test_fifo_does_not_block, fixture_tear_down);
  g_test_add ("/forms/limits/image/folder", Fixture, NULL, fixture_set_up, test_folder_as_image, fixture_tear_down);
  g_test_add ("/forms/limits/image/outside", Fixture, NULL, fixture_set_up, test_outside_the_folder, fixture_tear_down);
  g_test_add ("/forms/limits/image/inside", Fixture, NULL, fixture_set_up, test_inside_the_folder, fixture_tear_down);
  g_test_add_func ("/forms/limits/json/too-deep", test_json_too_deep);
  g_test_add_func ("/forms/limits/json/just-deep-enough", test_json_just_deep_enough);
  g_test_add_func ("/forms/limits/json/too-large", test_json_too_large);
  return g_test_run ();
}
