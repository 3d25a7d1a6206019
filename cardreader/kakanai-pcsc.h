/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-pcsc.h: PC/SC readers through pcsclite
 *
 * A KakanaiPcsc holds the PC/SC context. It establishes it lazily and again whenever pcscd
 * went away (restart, reader unplugged and plugged back), so a long-running kiosk never
 * needs a restart of its own.
 *
 * Threads: one thread at a time calls the functions below, except kakanai_pcsc_cancel(),
 * which any thread may call at any time. A transport from kakanai_pcsc_connect() keeps the
 * KakanaiPcsc alive (reference counted) until the transport is freed.
 */
#pragma once

#include <glib.h>

#include "kakanai-card-error.h"
#include "kakanai-transport.h"

G_BEGIN_DECLS

typedef struct _KakanaiPcsc KakanaiPcsc;

typedef enum
{
  KAKANAI_READER_STATE_NO_READER,
  KAKANAI_READER_STATE_EMPTY,
  KAKANAI_READER_STATE_CARD_PRESENT,
} KakanaiReaderState;

typedef struct
{
  char *name;
  gboolean card_present;
} KakanaiReaderInfo;

/* For kakanai_pcsc_wait(): no time limit. */
#define KAKANAI_PCSC_WAIT_FOREVER G_MAXUINT

void               kakanai_reader_info_free   (KakanaiReaderInfo *info);

/* Never fails: the context is established on first use (pcscd may start later). */
KakanaiPcsc       *kakanai_pcsc_new           (void);
KakanaiPcsc       *kakanai_pcsc_ref           (KakanaiPcsc *pcsc);
void               kakanai_pcsc_free          (KakanaiPcsc *pcsc);

/* The readers PC/SC knows now, as KakanaiReaderInfo elements (freed with the array).
 * No reader is an empty array, not an error; pcscd not running is NO_READER. */
GPtrArray         *kakanai_pcsc_list_readers  (KakanaiPcsc *pcsc,
                                               GError     **error);

/* The reader to use: the first whose name contains @reader_substring (card or not), or,
 * when @reader_substring is NULL or empty, the first that holds a card.
 * Errors: NO_READER (none matches / none at all), NO_CARD (readers, but no card). */
char              *kakanai_pcsc_choose_reader (KakanaiPcsc *pcsc,
                                               const char  *reader_substring,
                                               GError     **error);

/* Blocks until the readers whose name contains @reader_substring (all readers when NULL
 * or empty) reach @wanted:
 *   CARD_PRESENT  one of them holds a card (*reader_out: that reader),
 *   EMPTY         none of them holds a card (*reader_out: an empty one, or NULL),
 *   NO_READER     none of them exists (*reader_out: NULL).
 * Readers appearing and disappearing are followed, and pcscd stopping and starting again
 * is waited through. @timeout_ms may be 0 (look once) or KAKANAI_PCSC_WAIT_FOREVER.
 * Errors: CANCELLED after kakanai_pcsc_cancel(); G_IO_ERROR_TIMED_OUT after @timeout_ms. */
gboolean           kakanai_pcsc_wait          (KakanaiPcsc        *pcsc,
                                               const char         *reader_substring,
                                               KakanaiReaderState  wanted,
                                               guint               timeout_ms,
                                               char              **reader_out,
                                               GError            **error);

/* Any thread: makes the kakanai_pcsc_wait() in progress return CANCELLED. If none is in
 * progress, the next one returns CANCELLED at once (so a cancel racing with the start of
 * a wait is never lost); the request is used up by the wait that reports it. */
void               kakanai_pcsc_cancel        (KakanaiPcsc *pcsc);

/* Connects to the card in @reader (T=1 or T=0, shared access; the read sequence runs in
 * a PC/SC transaction, and disconnecting resets the card so that no verified-PIN state
 * outlives the transport).
 * Errors: NO_READER, NO_CARD, CARD_REMOVED, IO. */
KakanaiTransport  *kakanai_pcsc_connect       (KakanaiPcsc *pcsc,
                                               const char  *reader,
                                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiPcsc, kakanai_pcsc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KakanaiReaderInfo, kakanai_reader_info_free)

G_END_DECLS
