#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the 券面事項入力補助AP with exactly the APDUs of jpki/myna
(github.com/jpki/myna, the `text` commands), written from
shared/reference/mynumber-card.md and that project's public APDU sequence:

  SELECT AP          00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08
  SELECT EF 0011     00 A4 02 0C 02 00 11          (the PIN: becomes the current EF)
  tries left         00 20 00 80                   (63 Cx expected)
  VERIFY             00 20 00 80 04 + PIN
  SELECT EF 0002     00 A4 02 0C 02 00 02
  READ BINARY        00 B0 00 00 07                (tag and length)
  READ BINARY        00 B0 hi lo Le                (exactly the rest: Le = what is left,
                                                    00 for 256 when more than 255 is left)
My Number, as its own command: SELECT AP, SELECT EF 0011, VERIFY, SELECT EF 0001,
READ BINARY of 17 bytes at offset 0 (and on while the card gives data).
Every answer but the tries check must be 90 00."""

import sys

import mynacard_client as client


def select_ef(card, file_id):
    card.expect(f"SELECT EF {file_id:04X}", [0x00, 0xA4, 0x02, 0x0C, 0x02, file_id >> 8, file_id & 0xFF])


def read_binary(card, position, size):
    """READ BINARY from position until size bytes came, or the card gives no more."""
    result = b""
    end = position + size
    while position < end:
        left = end - position
        le = 0 if left > 0xFF else left
        data, _ = card.expect("READ BINARY", [0x00, 0xB0, position >> 8, position & 0xFF, le])
        if not data:
            break
        result += data
        position += len(data)
    return result


def open_and_verify(card, pin, check_tries):
    card.expect("SELECT AP", [0x00, 0xA4, 0x04, 0x0C, len(client.AID_INPUT_SUPPORT), *client.AID_INPUT_SUPPORT])
    select_ef(card, 0x0011)
    if check_tries:
        _, sw = card.transmit([0x00, 0x20, 0x00, 0x80])
        if sw >> 8 != 0x63:
            raise client.Refused("tries left", sw)
    card.expect("VERIFY", [0x00, 0x20, 0x00, 0x80, len(pin), *pin])


def read_card(card, pin, with_my_number):
    open_and_verify(card, pin, check_tries=True)
    select_ef(card, 0x0002)
    head = read_binary(card, 0, 7)
    if len(head) < 7:
        raise client.BadData("EF 0002 shorter than its header")
    _, total = client.header_size(head)
    whole = head + read_binary(card, 7, max(total - 7, 0))
    value = client.value_of(whole, 0xFF20, "EF 0002")
    # The objects in order: DF 21 (offsets, skipped), name, address, birth, sex.
    _, _, rest = client.parse_tlv(value)
    items = []
    for _ in range(4):
        _, item, rest = client.parse_tlv(rest)
        items.append(client.text(item))
    record = dict(zip(("name", "address", "birth", "sex"), items))

    if with_my_number:
        open_and_verify(card, pin, check_tries=False)
        select_ef(card, 0x0001)
        record["my_number"] = client.text(client.value_of(read_binary(card, 0, 17), 0xDF10, "EF 0001"))
    return record


if __name__ == "__main__":
    sys.exit(client.run(read_card))
