#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the 券面事項入力補助AP with exactly the APDUs of AokiApp jsapdu's
mynacard examples (github.com/AokiApp/jsapdu, kenhojo read-basic-four and
read-my-number), written from shared/reference/mynumber-card.md and that
project's public APDU sequence:

  SELECT AP          00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08
  VERIFY             00 20 00 91 04 + PIN        (P2 = 80 | short EF id 0x11: no SELECT)
  READ BINARY        00 B0 82 00 00 00 00        (EF 0002 by short id, extended Le 65536:
                                                  the whole file at once)
My Number, as its own command: SELECT AP, VERIFY, READ BINARY 00 B0 81 00 00 00 00.
Every answer must be 90 00. No tries check: jsapdu's examples send none."""

import sys

import mynacard_client as client


def open_and_verify(card, pin):
    card.expect("SELECT AP", [0x00, 0xA4, 0x04, 0x0C, len(client.AID_INPUT_SUPPORT), *client.AID_INPUT_SUPPORT])
    card.expect("VERIFY", [0x00, 0x20, 0x00, 0x80 | 0x11, len(pin), *pin])


def read_whole_ef(card, short_id):
    data, _ = card.expect("READ BINARY", [0x00, 0xB0, 0x80 | short_id, 0x00, 0x00, 0x00, 0x00])
    return data


def read_card(card, pin, with_my_number):
    open_and_verify(card, pin)
    value = client.value_of(read_whole_ef(card, 0x02), 0xFF20, "EF 0002")
    # jsapdu's schema decodes by tag: DF 22 name, DF 23 address, DF 24 birth, DF 25 sex.
    fields = {0xDF22: "name", 0xDF23: "address", 0xDF24: "birth", 0xDF25: "sex"}
    record = {}
    while value:
        tag, item, value = client.parse_tlv(value)
        if tag in fields:
            record[fields[tag]] = client.text(item)
    if len(record) != 4:
        raise client.BadData("EF 0002 lacks one of the four items")

    if with_my_number:
        open_and_verify(card, pin)
        record["my_number"] = client.text(client.value_of(read_whole_ef(card, 0x01), 0xDF10, "EF 0001"))
    return record


if __name__ == "__main__":
    sys.exit(client.run(read_card))
