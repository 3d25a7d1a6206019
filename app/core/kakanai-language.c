/* kakanai-language.c: the languages a counter can offer residents.
 *
 * The table is code, not data: each language needs its catalogue, fonts and speech voice
 * installed, which a line in a data file could not bring. What a counter offers is data:
 * [kiosk] languages= (docs/configuration.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-language"

#include "config.h"

#include "kakanai-language.h"

#include <fontconfig/fontconfig.h>
#include <gio/gio.h>

struct _KakanaiLanguage {
  const char *code;
  const char *tag;
  const char *native_name;
  const char *sample;
  const char *espeak_voice;
  gboolean    ruby;
};

/* The languages of municipal multilingual guides; the samples are what the PIN screen says. */
static const KakanaiLanguage languages[] = {
  { "ja", "ja", "日本語",
    "マイナンバーカードを読み取り機に置いて、4桁の暗証番号を入力してください。",
    "ja", FALSE },
  { "ja@easy", "ja", "やさしい日本語",
    "マイナンバーカードを　ここに　置いて　ください。数字を　4つ　押して　ください。",
    "ja", TRUE },
  { "en", "en", "English",
    "Place your My Number Card on the reader and enter your 4-digit PIN.",
    "en-us", FALSE },
  { "zh_CN", "zh-CN", "简体中文",
    "请将个人编号卡放在读卡器上，然后输入4位数密码。",
    "cmn", FALSE },
  { "zh_TW", "zh-TW", "繁體中文",
    "請將個人編號卡放在讀卡機上，然後輸入4位數密碼。",
    "cmn", FALSE },
  { "ko", "ko", "한국어",
    "마이넘버 카드를 리더기에 올려놓고 4자리 비밀번호를 입력해 주십시오.",
    "ko", FALSE },
  { "vi", "vi", "Tiếng Việt",
    "Vui lòng đặt thẻ My Number lên đầu đọc thẻ và nhập mã PIN gồm 4 chữ số.",
    "vi", FALSE },
  { "pt_BR", "pt-BR", "Português",
    "Coloque o seu Cartão My Number no leitor e digite a senha de 4 dígitos.",
    "pt-br", FALSE },
  { "tl", "tl", "Tagalog",
    "Ilagay ang inyong My Number Card sa card reader at i-type ang 4 na digit na PIN.",
    NULL, FALSE },
  { "ne", "ne", "नेपाली",
    "कृपया आफ्नो माइ नम्बर कार्ड रिडरमा राख्नुहोस् र ४ अङ्कको पिन नम्बर हाल्नुहोस्।",
    "ne", FALSE },
};

static const KakanaiLanguage *all_languages[G_N_ELEMENTS (languages) + 1];

const KakanaiLanguage * const *
kakanai_language_get_all (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
        all_languages[i] = &languages[i];
      all_languages[G_N_ELEMENTS (languages)] = NULL;
      g_once_init_leave (&initialized, 1);
    }
  return all_languages;
}

const KakanaiLanguage *
kakanai_language_lookup (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code))
      return &languages[i];
  return NULL;
}

const char *
kakanai_language_get_code (const KakanaiLanguage *language)
{
  return language->code;
}

const char *
kakanai_language_get_tag (const KakanaiLanguage *language)
{
  return language->tag;
}

const char *
kakanai_language_get_native_name (const KakanaiLanguage *language)
{
  return language->native_name;
}

const char *
kakanai_language_get_sample (const KakanaiLanguage *language)
{
  return language->sample;
}

const char *
kakanai_language_get_espeak_voice (const KakanaiLanguage *language)
{
  return language->espeak_voice;
}

gboolean
kakanai_language_has_ruby (const KakanaiLanguage *language)
{
  return language->ruby;
}

const char *
kakanai_language_native_name_for (const char *code)
{
  const KakanaiLanguage *language = kakanai_language_lookup (code);

  return language != NULL ? language->native_name : code;
}

/* A compiled catalogue starts with this number, in either byte order. */
#define MO_MAGIC 0x950412deU

gboolean
kakanai_language_has_catalogue (const char *code,
                                const char *localedir)
{
  g_autofree char *path = g_build_filename (localedir, code, "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint32 magic = 0;
  gsize got = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), &magic, sizeof magic, &got, NULL, NULL) ||
      got != sizeof magic)
    return FALSE;
  return magic == MO_MAGIC || GUINT32_SWAP_LE_BE (magic) == MO_MAGIC;
}

/* What every installed font covers together: Pango falls back through all of them. A
 * configuration of its own (FONTCONFIG_FILE applies), destroyed after: fontconfig's global
 * one is never freed (LeakSanitizer reports it). */
static FcCharSet *
installed_coverage (void)
{
  FcConfig *config = FcInitLoadConfigAndFonts ();
  FcPattern *pattern = FcPatternCreate ();
  FcObjectSet *objects = FcObjectSetBuild (FC_CHARSET, NULL);
  FcFontSet *fonts = config != NULL ? FcFontList (config, pattern, objects) : NULL;
  FcCharSet *coverage = FcCharSetCreate ();

  for (int i = 0; fonts != NULL && i < fonts->nfont; i++)
    {
      FcCharSet *charset = NULL;

      if (FcPatternGetCharSet (fonts->fonts[i], FC_CHARSET, 0, &charset) == FcResultMatch)
        FcCharSetMerge (coverage, charset, NULL);
    }
  if (fonts != NULL)
    FcFontSetDestroy (fonts);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  if (config != NULL)
    FcConfigDestroy (config);
  return coverage;
}

static gboolean
needs_no_glyph (gunichar c)
{
  /* Spaces, line ends and joiners (ZWJ in Devanagari) draw nothing of their own. */
  return g_unichar_isspace (c) || g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

gunichar
kakanai_language_find_missing_glyph (const char *text)
{
  FcCharSet *coverage;
  gunichar missing = 0;

  g_return_val_if_fail (text != NULL && g_utf8_validate (text, -1, NULL), 0);

  coverage = installed_coverage ();
  for (const char *p = text; *p != '\0' && missing == 0; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!needs_no_glyph (c) && !FcCharSetHasChar (coverage, c))
        missing = c;
    }
  FcCharSetDestroy (coverage);
  return missing;
}
