/* kakanai-config.h: the counter's configuration, one GKeyFile (docs/configuration.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KAKANAI_CONFIG_ERROR (kakanai_config_error_quark ())

/* Every message names the file and the line at fault ("FILE:LINE: ..."). */
typedef enum {
  KAKANAI_CONFIG_ERROR_NOT_FOUND,     /* a file asked for explicitly does not exist */
  KAKANAI_CONFIG_ERROR_IO,            /* a file exists but cannot be read */
  KAKANAI_CONFIG_ERROR_SYNTAX,        /* a line is neither [group], key=value nor comment */
  KAKANAI_CONFIG_ERROR_UNKNOWN_KEY,   /* a group or key this version does not know */
  KAKANAI_CONFIG_ERROR_INVALID_VALUE, /* a known key with a value it cannot take */
  KAKANAI_CONFIG_ERROR_NOT_INSTALLED, /* a configured language lacks its catalogue or fonts */
} KakanaiConfigError;

GQuark kakanai_config_error_quark (void);

typedef struct _KakanaiConfig KakanaiConfig;

/* A configuration file larger than this is refused (the shipped one is a few KB). */
#define KAKANAI_CONFIG_MAX_BYTES (256 * 1024)

/* The kiosk service's state folder (systemd StateDirectory=kakanai, always under /var/lib). */
#define KAKANAI_SERVICE_STATEDIR "/var/lib/kakanai"

/* The defaults alone (docs/configuration.md lists them). */
KakanaiConfig      *kakanai_config_new_default         (void);

/* Reads @path over what @config holds: its keys replace the ones read before.
 * On any error @config is left exactly as it was (never half-configured). */
gboolean            kakanai_config_load_file           (KakanaiConfig *config,
                                                        const char    *path,
                                                        GError       **error);

/* The same with the file's contents at hand (@path names them in messages). */
gboolean            kakanai_config_load_data           (KakanaiConfig *config,
                                                        const char    *path,
                                                        const char    *data,
                                                        gsize          length,
                                                        GError       **error);

/* The standard order: the system file (SYSCONFDIR/kakanai/kakanai.conf), then
 * either @explicit_path (must exist) or, when NULL, the local file
 * $XDG_CONFIG_HOME/kakanai/kakanai.conf. Missing standard files are skipped. */
KakanaiConfig      *kakanai_config_load_standard       (const char    *explicit_path,
                                                        GError       **error);

void                kakanai_config_free                (KakanaiConfig *config);

/* [kiosk] municipality, translated with municipality[LANG] when given. "" when unset. */
const char         *kakanai_config_get_municipality    (KakanaiConfig *config);
/* [kiosk] template-dirs; empty (not NULL) when unset: the caller's default applies. */
const char * const *kakanai_config_get_template_dirs   (KakanaiConfig *config);
/* [kiosk] reader: part of the reader's name; "" = the first reader. */
const char         *kakanai_config_get_reader          (KakanaiConfig *config);
/* [kiosk] output-dir, "~/" expanded; default $XDG_DATA_HOME/kakanai/output. */
const char         *kakanai_config_get_output_dir      (KakanaiConfig *config);
/* [kiosk] idle-timeout in seconds (3..3600, default 60). */
guint               kakanai_config_get_idle_timeout    (KakanaiConfig *config);
/* [kiosk] languages, first = the start language (default "ja;en"). */
const char * const *kakanai_config_get_languages       (KakanaiConfig *config);
/* Every configured language has its catalogue under @localedir and fonts for its script
 * (its own name and a sample sentence, docs/languages.md); else an error naming the
 * languages= line, the language and what to install. */
gboolean            kakanai_config_check_languages     (KakanaiConfig *config,
                                                        const char    *localedir,
                                                        GError       **error);
/* [clerk] keys: a GTK accelerator ("<Control><Alt>k" by default). */
const char         *kakanai_config_get_clerk_keys      (KakanaiConfig *config);
/* [clerk] pin-hash: NULL when unset. */
const char         *kakanai_config_get_clerk_pin_hash  (KakanaiConfig *config);
/* [printer] name: NULL when unset (the PDF then goes to output-dir). */
const char         *kakanai_config_get_printer         (KakanaiConfig *config);
/* [staff] call-sound, call-command: what "Call staff" does at the counter besides
 * showing the request (a sound file played; a command run, no shell). NULL when unset. */
const char         *kakanai_config_get_staff_call_sound   (KakanaiConfig *config);
const char         *kakanai_config_get_staff_call_command (KakanaiConfig *config);
/* [statistics] database: default STATE-DIR/statistics.sqlite. */
const char         *kakanai_config_get_statistics_path (KakanaiConfig *config);
/* [voice] enabled: whether the counter offers the voice guide at all (default true; the
 * resident turns it on, it starts off). */
gboolean            kakanai_config_get_voice_enabled   (KakanaiConfig *config);
/* [voice] output: the ALSA device it speaks on (default "default"; the headphones'). */
const char         *kakanai_config_get_voice_output    (KakanaiConfig *config);
/* [voice] japanese-voice: an HTS voice for Open JTalk; NULL: one in /usr/share/hts-voice. */
const char         *kakanai_config_get_voice_japanese  (KakanaiConfig *config);
/* The kiosk's state folder (statistics, clerk lockout): $STATE_DIRECTORY when systemd gives
 * one (StateDirectory=), else $XDG_STATE_HOME/kakanai. */
const char         *kakanai_config_get_state_dir       (KakanaiConfig *config);

/* Where @group/@key was set ("FILE:LINE"), or "default" — for error messages
 * about values the caller validates itself (e.g. the clerk keys). */
const char         *kakanai_config_get_location        (KakanaiConfig *config,
                                                        const char    *group,
                                                        const char    *key);

/* The files read, in order (NULL-terminated). */
const char * const *kakanai_config_get_files           (KakanaiConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiConfig, kakanai_config_free)

G_END_DECLS
