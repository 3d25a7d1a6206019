/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-cli-status.h: the documented exit statuses of `kakanai` (see app/README.md)
 *
 * Scripts rely on these numbers: never renumber, only add. Ranges:
 *   0-9    general, 10-19 card reading (one per KakanaiCardError code),
 *   20-29  forms and templates, 30-39 printing and the counter (for the other subcommands).
 */
#pragma once

#include <glib.h>

#include <kakanai-card-error.h>

#include "kakanai-printer.h"

G_BEGIN_DECLS

typedef enum
{
  KAKANAI_CLI_STATUS_OK                = 0,
  KAKANAI_CLI_STATUS_FAILURE           = 1,  /* anything not listed (e.g. unreadable profile) */
  KAKANAI_CLI_STATUS_USAGE             = 2,  /* bad command line, no terminal for the PIN */

  KAKANAI_CLI_STATUS_NO_READER         = 10, /* no_reader (pcscd not running included) */
  KAKANAI_CLI_STATUS_NO_CARD           = 11, /* no_card */
  KAKANAI_CLI_STATUS_NOT_MYNUMBER_CARD = 12, /* not_mynumber_card */
  KAKANAI_CLI_STATUS_WRONG_PIN         = 13, /* wrong_pin (tries_left tells how many remain) */
  KAKANAI_CLI_STATUS_LAST_TRY_REFUSED  = 14, /* last_try_refused: no PIN was sent */
  KAKANAI_CLI_STATUS_PIN_BLOCKED       = 15, /* pin_blocked */
  KAKANAI_CLI_STATUS_CARD_REMOVED      = 16, /* card_removed */
  KAKANAI_CLI_STATUS_IO_ERROR          = 17, /* io_error */
  KAKANAI_CLI_STATUS_BAD_DATA          = 18, /* bad_data */
  KAKANAI_CLI_STATUS_CANCELLED         = 19, /* cancelled */

  KAKANAI_CLI_STATUS_TEMPLATE          = 20, /* a template is malformed, or no form has that id */
  KAKANAI_CLI_STATUS_FORM_PROBLEMS     = 21, /* a field overflows or a character cannot be drawn;
                                                the output was written all the same */
  KAKANAI_CLI_STATUS_OUTPUT            = 22, /* the output file cannot be written (full disk,
                                                no such folder): nothing was left behind */

  /* printing and the counter (kakanai print, kakanai fill --print, kakanai stats) */
  KAKANAI_CLI_STATUS_NO_PRINTER        = 30, /* no such queue, or no default queue */
  KAKANAI_CLI_STATUS_PRINTER_UNREACHABLE = 31, /* the CUPS scheduler does not answer */
  KAKANAI_CLI_STATUS_PRINTER_STOPPED   = 32, /* the printer stopped (paper out, paused...):
                                                the job waits in the queue */
  KAKANAI_CLI_STATUS_PRINT_CANCELLED   = 33, /* the job was cancelled */
  KAKANAI_CLI_STATUS_PRINT_FAILED      = 34, /* refused, aborted by the printer, other CUPS error */
  KAKANAI_CLI_STATUS_STATISTICS        = 35, /* the statistics database cannot be read */
} KakanaiCliStatus;

/* The exit status for an error from libkakanai-card (FAILURE for any other domain). */
static inline KakanaiCliStatus
kakanai_cli_status_from_card_error (const GError *error)
{
  if (error == NULL || error->domain != KAKANAI_CARD_ERROR)
    return KAKANAI_CLI_STATUS_FAILURE;
  switch ((KakanaiCardError) error->code)
    {
    case KAKANAI_CARD_ERROR_NO_READER:         return KAKANAI_CLI_STATUS_NO_READER;
    case KAKANAI_CARD_ERROR_NO_CARD:           return KAKANAI_CLI_STATUS_NO_CARD;
    case KAKANAI_CARD_ERROR_NOT_MYNUMBER_CARD: return KAKANAI_CLI_STATUS_NOT_MYNUMBER_CARD;
    case KAKANAI_CARD_ERROR_WRONG_PIN:         return KAKANAI_CLI_STATUS_WRONG_PIN;
    case KAKANAI_CARD_ERROR_LAST_TRY_REFUSED:  return KAKANAI_CLI_STATUS_LAST_TRY_REFUSED;
    case KAKANAI_CARD_ERROR_PIN_BLOCKED:       return KAKANAI_CLI_STATUS_PIN_BLOCKED;
    case KAKANAI_CARD_ERROR_CARD_REMOVED:      return KAKANAI_CLI_STATUS_CARD_REMOVED;
    case KAKANAI_CARD_ERROR_IO:                return KAKANAI_CLI_STATUS_IO_ERROR;
    case KAKANAI_CARD_ERROR_BAD_DATA:          return KAKANAI_CLI_STATUS_BAD_DATA;
    case KAKANAI_CARD_ERROR_CANCELLED:         return KAKANAI_CLI_STATUS_CANCELLED;
    default:                                   return KAKANAI_CLI_STATUS_FAILURE;
    }
}

/* The exit status for an error of kakanai-printer.h (FAILURE for any other domain). */
static inline KakanaiCliStatus
kakanai_cli_status_from_printer_error (const GError *error)
{
  if (error == NULL || error->domain != KAKANAI_PRINTER_ERROR)
    return KAKANAI_CLI_STATUS_FAILURE;
  switch ((KakanaiPrinterError) error->code)
    {
    case KAKANAI_PRINTER_ERROR_NO_PRINTER:  return KAKANAI_CLI_STATUS_NO_PRINTER;
    case KAKANAI_PRINTER_ERROR_UNREACHABLE: return KAKANAI_CLI_STATUS_PRINTER_UNREACHABLE;
    case KAKANAI_PRINTER_ERROR_STOPPED:     return KAKANAI_CLI_STATUS_PRINTER_STOPPED;
    case KAKANAI_PRINTER_ERROR_CANCELLED:   return KAKANAI_CLI_STATUS_PRINT_CANCELLED;
    default:                                return KAKANAI_CLI_STATUS_PRINT_FAILED;
    }
}

G_END_DECLS
