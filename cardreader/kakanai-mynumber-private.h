/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-mynumber-private.h: what the reader and the simulated card share about the AP */
#pragma once

#include <glib.h>

#include "kakanai-card-record.h"

G_BEGIN_DECLS

/* 券面事項入力補助AP */
#define KAKANAI_MYNUMBER_AID_LENGTH 10
extern const guint8 kakanai_mynumber_aid[KAKANAI_MYNUMBER_AID_LENGTH];

#define KAKANAI_MYNUMBER_EF_MY_NUMBER  0x0001
#define KAKANAI_MYNUMBER_EF_BASIC_FOUR 0x0002
#define KAKANAI_MYNUMBER_EF_PIN        0x0011
/* Short EF ids (READ BINARY P1 = 80 | SFI, VERIFY P2 = 80 | SFI). */
#define KAKANAI_MYNUMBER_SFI_MY_NUMBER  0x01
#define KAKANAI_MYNUMBER_SFI_BASIC_FOUR 0x02
#define KAKANAI_MYNUMBER_SFI_PIN        0x11

/* The most a READ BINARY of the reader asks for: never Le 00 (256 bytes),
 * which some contactless readers mishandle. */
#define KAKANAI_MYNUMBER_READ_CHUNK 255

#define KAKANAI_MYNUMBER_TAG_MY_NUMBER  0xDF10
#define KAKANAI_MYNUMBER_TAG_BASIC_FOUR 0xFF20
#define KAKANAI_MYNUMBER_TAG_HEADER     0xDF21
#define KAKANAI_MYNUMBER_TAG_NAME       0xDF22
#define KAKANAI_MYNUMBER_TAG_ADDRESS    0xDF23
#define KAKANAI_MYNUMBER_TAG_BIRTH      0xDF24
#define KAKANAI_MYNUMBER_TAG_SEX        0xDF25

#define KAKANAI_MYNUMBER_PIN_LENGTH       4
#define KAKANAI_MY_NUMBER_LENGTH          12

/* Larger EF 0002 contents are refused as implausible (BAD_DATA). */
#define KAKANAI_MYNUMBER_BASIC_FOUR_MAX 4096

#define KAKANAI_INS_SELECT        0xA4
#define KAKANAI_INS_VERIFY        0x20
#define KAKANAI_INS_READ_BINARY   0xB0
#define KAKANAI_INS_GET_RESPONSE  0xC0
#define KAKANAI_VERIFY_P2_PIN     0x80
#define KAKANAI_SELECT_P1_DF_NAME 0x04
#define KAKANAI_SELECT_P1_EF_ID   0x02

/* Parses the EF 0002 object (FF 20 {...}) into @record's name, address,
 * birth_date and sex, validating each (BAD_DATA otherwise). Bytes after the
 * object (file padding) are ignored. */
gboolean kakanai_mynumber_parse_basic_four (const guint8      *data,
                                            gsize              size,
                                            KakanaiCardRecord *record,
                                            GError           **error);

/* Parses EF 0001 (DF 10, 12 digits with a valid check digit) into a string
 * for kakanai_secure_strfree(). */
char    *kakanai_mynumber_parse_my_number  (const guint8      *data,
                                            gsize              size,
                                            GError           **error);

G_END_DECLS
