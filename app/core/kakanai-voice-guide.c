/* kakanai-voice-guide.c: spoken guidance (音声案内) through Debian's speech engines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Japanese: Open JTalk when an HTS voice is installed (Debian 12 packages the engine and its
 * dictionary but no voice); else MeCab gives the readings of the kanji and eSpeak NG's
 * Japanese voice says them (it reads hiragana only). Other languages: eSpeak NG. The
 * engine writes WAV to a pipe that sox plays on the chosen ALSA device (the headphones),
 * so that nothing said, read-back data included, is ever in a file; the text itself goes
 * to the engine through its standard input, never on a command line (ps shows those).
 */
#define G_LOG_DOMAIN "kakanai-voice-guide"

#include "config.h"

#include "kakanai-voice-guide-private.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "kakanai-language.h"
#include "kakanai-ruby.h"

#define OPEN_JTALK_DICTIONARY "/var/lib/mecab/dic/open-jtalk/naist-jdic"
#define HTS_VOICE_DIR "/usr/share/hts-voice"
/* Open JTalk's gain, in dB, at the lowest volume. */
#define QUIETEST_GAIN_DB -40.0

G_DEFINE_QUARK (kakanai-voice-guide-error-quark, kakanai_voice_guide_error)

struct _KakanaiVoiceGuide {
  GObject       parent_instance;

  char         *output;
  char         *japanese_voice;  /* .htsvoice, NULL when none is found */
  gboolean      active;
  double        volume;
  GSubprocess  *engine;          /* what is being said, while it is */
  GSubprocess  *player;
};

G_DEFINE_FINAL_TYPE (KakanaiVoiceGuide, kakanai_voice_guide, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_VOLUME,
  PROP_SPEAKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- engines ------------------------------------------------------------------------- */

static gboolean
is_japanese (const char *language)
{
  return g_str_equal (language, "ja") || g_str_has_prefix (language, "ja@");
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
find_hts_voice (void)
{
  g_autoptr (GDir) dir = g_dir_open (HTS_VOICE_DIR, 0, NULL);
  const char *name;

  /* /usr/share/hts-voice/VOICE/VOICE.htsvoice, as MMDAgent's and NITech's voices install. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (HTS_VOICE_DIR, name, NULL);
      g_autoptr (GDir) inner = g_dir_open (folder, 0, NULL);
      const char *file;

      while (inner != NULL && (file = g_dir_read_name (inner)) != NULL)
        if (g_str_has_suffix (file, ".htsvoice"))
          return g_build_filename (folder, file, NULL);
    }
  return NULL;
}

static gboolean
open_jtalk_ready (KakanaiVoiceGuide *self)
{
  return self->japanese_voice != NULL && have_program ("open_jtalk") &&
         g_file_test (OPEN_JTALK_DICTIONARY, G_FILE_TEST_IS_DIR);
}

gboolean
kakanai_voice_guide_can_speak (KakanaiVoiceGuide *self,
                               const char        *language)
{
  const KakanaiLanguage *known = kakanai_language_lookup (language);

  g_return_val_if_fail (KAKANAI_IS_VOICE_GUIDE (self), FALSE);

  if (known == NULL)
    return FALSE;
  if (is_japanese (language) && open_jtalk_ready (self))
    return TRUE;
  if (is_japanese (language) && !have_program ("mecab"))
    return FALSE;
  return kakanai_language_get_espeak_voice (known) != NULL && have_program ("espeak-ng");
}

/* カタカナ → ひらがな: eSpeak NG's Japanese voice spells katakana out letter by letter. */
static char *
katakana_to_hiragana (const char *text)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Japanese as eSpeak NG can say it: MeCab's readings (katakana) of every word, in hiragana. */
static char *
japanese_readings (const char  *text,
                   GError     **error)
{
  g_autoptr (GSubprocess) mecab = NULL;
  g_autofree char *readings = NULL;

  mecab = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE, error, "mecab", "-Oyomi", NULL);
  if (mecab == NULL ||
      !g_subprocess_communicate_utf8 (mecab, text, NULL, &readings, NULL, error))
    return NULL;
  if (!g_subprocess_get_successful (mecab))
    {
      g_set_error (error, KAKANAI_VOICE_GUIDE_ERROR, KAKANAI_VOICE_GUIDE_ERROR_ENGINE,
                   "MeCab failed (status %d): install mecab and mecab-naist-jdic",
                   g_subprocess_get_exit_status (mecab));
      return NULL;
    }
  return katakana_to_hiragana (readings);
}

/* The engine's command line for @language, writing WAV to @wav_path ("-": standard output),
 * and the text to give it. */
static GStrv
engine_command (KakanaiVoiceGuide  *self,
                const char         *language,
                const char         *text,
                const char         *wav_path,
                char              **engine_text,
                GError            **error)
{
  const KakanaiLanguage *known = kakanai_language_lookup (language);
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *readings = kakanai_ruby_to_readings (text);
  gboolean to_stdout = g_str_equal (wav_path, "-");

  if (!kakanai_voice_guide_can_speak (self, language))
    {
      g_set_error (error, KAKANAI_VOICE_GUIDE_ERROR, KAKANAI_VOICE_GUIDE_ERROR_NO_VOICE,
                   "no speech voice for “%s” is installed (docs/languages.md)", language);
      return NULL;
    }
  if (is_japanese (language) && open_jtalk_ready (self))
    {
      g_autofree char *gain = g_strdup_printf ("%.1f", self->volume > 0
                                               ? MAX (QUIETEST_GAIN_DB, 20 * log10 (self->volume))
                                               : QUIETEST_GAIN_DB);

      g_strv_builder_add_many (argv, "open_jtalk", "-x", OPEN_JTALK_DICTIONARY,
                               "-m", self->japanese_voice, "-g", gain,
                               "-ow", to_stdout ? "/dev/stdout" : wav_path, NULL);
      *engine_text = g_steal_pointer (&readings);
      return g_strv_builder_end (argv);
    }
  if (is_japanese (language))
    {
      char *hiragana = japanese_readings (readings, error);

      if (hiragana == NULL)
        return NULL;
      g_free (readings);
      readings = hiragana;
    }
  {
    g_autofree char *amplitude = g_strdup_printf ("%d", (int) lround (self->volume * 100));

    g_strv_builder_add_many (argv, "espeak-ng", "-v", kakanai_language_get_espeak_voice (known),
                             "-a", amplitude, "--stdin", NULL);
    if (to_stdout)
      g_strv_builder_add (argv, "--stdout");
    else
      g_strv_builder_add_many (argv, "-w", wav_path, NULL);
  }
  *engine_text = g_steal_pointer (&readings);
  return g_strv_builder_end (argv);
}

char *
kakanai_voice_guide_engine_text (KakanaiVoiceGuide  *self,
                                 const char         *language,
                                 const char         *text,
                                 GError            **error)
{
  char *engine_text = NULL;
  g_auto (GStrv) argv = engine_command (self, language, text, "-", &engine_text, error);

  return argv != NULL ? engine_text : NULL;
}

static gboolean
check_exit (GSubprocess  *process,
            const char   *what,
            GError      **error)
{
  if (g_subprocess_get_successful (process))
    return TRUE;
  g_set_error (error, KAKANAI_VOICE_GUIDE_ERROR, KAKANAI_VOICE_GUIDE_ERROR_ENGINE,
               "%s failed (status %d)", what, g_subprocess_get_if_exited (process)
               ? g_subprocess_get_exit_status (process) : -1);
  return FALSE;
}

gboolean
kakanai_voice_guide_render_to_file (KakanaiVoiceGuide  *self,
                                    const char         *language,
                                    const char         *text,
                                    const char         *wav_path,
                                    GCancellable       *cancellable,
                                    GError            **error)
{
  g_autofree char *engine_text = NULL;
  g_auto (GStrv) argv = NULL;
  g_autoptr (GSubprocess) engine = NULL;

  g_return_val_if_fail (KAKANAI_IS_VOICE_GUIDE (self), FALSE);
  g_return_val_if_fail (language != NULL && text != NULL && wav_path != NULL, FALSE);

  argv = engine_command (self, language, text, wav_path, &engine_text, error);
  if (argv == NULL)
    return FALSE;
  engine = g_subprocess_newv ((const char * const *) argv,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
  if (engine == NULL ||
      !g_subprocess_communicate_utf8 (engine, engine_text, cancellable, NULL, NULL, error))
    return FALSE;
  return check_exit (engine, argv[0], error);
}

/* ---- speaking ------------------------------------------------------------------------ */

static void
set_speaking (KakanaiVoiceGuide *self,
              GSubprocess       *engine,
              GSubprocess       *player)
{
  gboolean was_speaking = self->player != NULL;

  g_set_object (&self->engine, engine);
  g_set_object (&self->player, player);
  if (was_speaking != (player != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static void
on_player_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr (KakanaiVoiceGuide) self = data;
  GSubprocess *player = G_SUBPROCESS (source);
  g_autoptr (GError) error = NULL;

  if (!g_subprocess_wait_finish (player, result, &error))
    return;
  if (!g_subprocess_get_if_signaled (player) && !check_exit (player, "sox (the player)", &error))
    g_warning ("the voice guide could not play: %s", error->message);
  if (self->player == player)
    set_speaking (self, NULL, NULL);
}

static GSubprocess *
start_player (KakanaiVoiceGuide  *self,
              GSubprocess        *engine,
              GError            **error)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GInputStream *engine_output = g_subprocess_get_stdout_pipe (engine);
  int fd = dup (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (engine_output)));
  GSubprocess *player;

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return NULL;
    }
  g_subprocess_launcher_take_stdin_fd (launcher, fd);
  player = g_subprocess_launcher_spawn (launcher, error, "sox", "-q", "-t", "wav", "-",
                                        "-t", "alsa", self->output, NULL);
  /* Only the player reads the engine now. */
  g_input_stream_close (engine_output, NULL, NULL);
  return player;
}

static gboolean
start_speaking (KakanaiVoiceGuide  *self,
                const char         *language,
                const char         *text,
                GError            **error)
{
  g_autofree char *engine_text = NULL;
  g_auto (GStrv) argv = engine_command (self, language, text, "-", &engine_text, error);
  g_autoptr (GSubprocess) engine = NULL;
  g_autoptr (GSubprocess) player = NULL;
  GOutputStream *engine_input;

  if (argv == NULL)
    return FALSE;
  engine = g_subprocess_newv ((const char * const *) argv,
                              G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
  if (engine == NULL)
    return FALSE;
  player = start_player (self, engine, error);
  if (player == NULL)
    {
      g_subprocess_force_exit (engine);
      return FALSE;
    }
  /* A screen's text is far below a pipe's buffer: this never waits for the engine. */
  engine_input = g_subprocess_get_stdin_pipe (engine);
  if (!g_output_stream_write_all (engine_input, engine_text, strlen (engine_text), NULL, NULL, error) ||
      !g_output_stream_close (engine_input, NULL, error))
    {
      g_subprocess_force_exit (engine);
      g_subprocess_force_exit (player);
      return FALSE;
    }
  set_speaking (self, engine, player);
  g_subprocess_wait_async (player, NULL, on_player_done, g_object_ref (self));
  return TRUE;
}

void
kakanai_voice_guide_speak (KakanaiVoiceGuide *self,
                           const char        *language,
                           const char        *text)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KAKANAI_IS_VOICE_GUIDE (self));
  g_return_if_fail (language != NULL && text != NULL);

  kakanai_voice_guide_stop (self);
  if (!self->active || text[0] == '\0')
    return;
  /* Never the text in a message: it may be the resident's own data, read back. */
  if (!start_speaking (self, language, text, &error))
    g_warning ("the voice guide cannot speak %s: %s", language, error->message);
}

void
kakanai_voice_guide_stop (KakanaiVoiceGuide *self)
{
  g_return_if_fail (KAKANAI_IS_VOICE_GUIDE (self));

  if (self->engine != NULL)
    g_subprocess_force_exit (self->engine);
  if (self->player != NULL)
    g_subprocess_force_exit (self->player);
  set_speaking (self, NULL, NULL);
}

gboolean
kakanai_voice_guide_get_speaking (KakanaiVoiceGuide *self)
{
  g_return_val_if_fail (KAKANAI_IS_VOICE_GUIDE (self), FALSE);
  return self->player != NULL;
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
kakanai_voice_guide_dispose (GObject *object)
{
  KakanaiVoiceGuide *self = KAKANAI_VOICE_GUIDE (object);

  kakanai_voice_guide_stop (self);
  G_OBJECT_CLASS (kakanai_voice_guide_parent_class)->dispose (object);
}

static void
kakanai_voice_guide_finalize (GObject *object)
{
  KakanaiVoiceGuide *self = KAKANAI_VOICE_GUIDE (object);

  g_free (self->output);
  g_free (self->japanese_voice);
  G_OBJECT_CLASS (kakanai_voice_guide_parent_class)->finalize (object);
}

static void
kakanai_voice_guide_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KakanaiVoiceGuide *self = KAKANAI_VOICE_GUIDE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->player != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_voice_guide_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KakanaiVoiceGuide *self = KAKANAI_VOICE_GUIDE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      kakanai_voice_guide_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_VOLUME:
      kakanai_voice_guide_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kakanai_voice_guide_class_init (KakanaiVoiceGuideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kakanai_voice_guide_dispose;
  object_class->finalize = kakanai_voice_guide_finalize;
  object_class->get_property = kakanai_voice_guide_get_property;
  object_class->set_property = kakanai_voice_guide_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kakanai_voice_guide_init (KakanaiVoiceGuide *self)
{
  self->volume = 1.0;
  self->japanese_voice = find_hts_voice ();
}

KakanaiVoiceGuide *
kakanai_voice_guide_new (const char *output)
{
  KakanaiVoiceGuide *self = g_object_new (KAKANAI_TYPE_VOICE_GUIDE, NULL);

  self->output = g_strdup (output != NULL && output[0] != '\0' ? output : "default");
  return self;
}

void
kakanai_voice_guide_set_japanese_voice (KakanaiVoiceGuide *self,
                                        const char        *htsvoice_path)
{
  g_return_if_fail (KAKANAI_IS_VOICE_GUIDE (self));

  g_free (self->japanese_voice);
  self->japanese_voice = htsvoice_path != NULL ? g_strdup (htsvoice_path) : find_hts_voice ();
}

gboolean
kakanai_voice_guide_get_active (KakanaiVoiceGuide *self)
{
  g_return_val_if_fail (KAKANAI_IS_VOICE_GUIDE (self), FALSE);
  return self->active;
}

void
kakanai_voice_guide_set_active (KakanaiVoiceGuide *self,
                                gboolean           active)
{
  g_return_if_fail (KAKANAI_IS_VOICE_GUIDE (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (!active)
    kakanai_voice_guide_stop (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

double
kakanai_voice_guide_get_volume (KakanaiVoiceGuide *self)
{
  g_return_val_if_fail (KAKANAI_IS_VOICE_GUIDE (self), 0);
  return self->volume;
}

void
kakanai_voice_guide_set_volume (KakanaiVoiceGuide *self,
                                double             volume)
{
  g_return_if_fail (KAKANAI_IS_VOICE_GUIDE (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (self->volume == volume)
    return;
  self->volume = volume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}
