/* kakanai-kiosk-card.h: the card reader as the kiosk sees it.
 *
 * Follows the reader's state on a thread of its own and runs every card
 * exchange off the GTK main thread (GTask). Two back ends: a PC/SC reader
 * (pcscd) and, for --demo, the simulated card in process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include <kakanai-card.h>

G_BEGIN_DECLS

typedef enum {
  KAKANAI_KIOSK_READER_UNKNOWN,      /* not looked yet */
  KAKANAI_KIOSK_READER_NONE,         /* no reader connected (or pcscd not running) */
  KAKANAI_KIOSK_READER_EMPTY,        /* a reader, no card */
  KAKANAI_KIOSK_READER_CARD_PRESENT, /* a card lies on the reader */
} KakanaiKioskReaderState;

#define KAKANAI_TYPE_KIOSK_CARD (kakanai_kiosk_card_get_type ())
G_DECLARE_FINAL_TYPE (KakanaiKioskCard, kakanai_kiosk_card, KAKANAI, KIOSK_CARD, GObject)

/* Follows the readers whose name contains @reader_substring ("" = any). */
KakanaiKioskCard        *kakanai_kiosk_card_new_pcsc      (const char *reader_substring);
/* The simulated card of @profile_path, always present. */
KakanaiKioskCard        *kakanai_kiosk_card_new_simulated (const char *profile_path,
                                                           GError    **error);

KakanaiKioskReaderState  kakanai_kiosk_card_get_state     (KakanaiKioskCard *self);
/* The simulated card only: puts it on the reader or takes it away (main thread). */
void                     kakanai_kiosk_card_set_simulated_present (KakanaiKioskCard *self,
                                                                   gboolean          present);
/* The simulated card only: how long it takes to be "placed" when the card screen shows
 * (1.5 s by default, what a resident sees in the demo). */
void                     kakanai_kiosk_card_set_simulated_delay   (KakanaiKioskCard *self,
                                                                   guint             milliseconds);
/* Changes the reader followed (the clerk chose another one). */
void                     kakanai_kiosk_card_set_reader    (KakanaiKioskCard *self,
                                                           const char       *reader_substring);

/* Connects and asks for the PIN tries left (spends no try). */
void     kakanai_kiosk_card_probe_async  (KakanaiKioskCard    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean kakanai_kiosk_card_probe_finish (KakanaiKioskCard    *self,
                                          GAsyncResult        *result,
                                          guint               *tries_left,
                                          GError             **error);

/* Reads the card face. @pin is copied into wiped memory at once: the caller
 * wipes its own buffer right after this call. While it reads, ::read-progress
 * (steps_done, n_steps, what: KakanaiReadStep) is emitted on the main thread
 * (see KakanaiReadProgressFunc); never for a read whose @cancellable was
 * cancelled or that a newer read replaced. */
void     kakanai_kiosk_card_read_async   (KakanaiKioskCard    *self,
                                          const char          *pin,
                                          KakanaiReadFlags     flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* @tries_left is set whenever the card told it (see kakanai_mynumber_card_read()). */
KakanaiCardRecord *kakanai_kiosk_card_read_finish (KakanaiKioskCard *self,
                                                   GAsyncResult     *result,
                                                   guint            *tries_left,
                                                   GError          **error);

G_END_DECLS
