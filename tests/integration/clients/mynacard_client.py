# SPDX-License-Identifier: GPL-3.0-or-later
"""What the two independent clients share: the PC/SC link (pyscard), the APDU
log they keep for the test, their way of failing, and BER-TLV decoding.

Nothing here comes from Kakanai's reader: the clients exist to check the
simulated card against sequences that others wrote for real cards."""

import json
import os
import sys

try:
    from smartcard.System import readers
    from smartcard.Exceptions import CardConnectionException, NoCardException
except ImportError:
    print("python3-pyscard is missing: run scripts/install-deps", file=sys.stderr)
    sys.exit(1)

AID_INPUT_SUPPORT = bytes.fromhex("D3921000310001010408")


class Refused(Exception):
    """The card answered a status word the client does not accept."""

    def __init__(self, what, sw):
        super().__init__(f"{what}: {sw:04X}")
        self.what = what
        self.sw = sw


class BadData(Exception):
    """The card's data does not decode."""


class Card:
    """One PC/SC connection to the test reader; every command is counted."""

    def __init__(self):
        name = os.environ["KAKANAI_TEST_READER"]
        matching = [r for r in readers() if str(r) == name]
        if not matching:
            raise SystemExit(f"no reader named {name!r}")
        self.connection = matching[0].createConnection()
        self.connection.connect()
        self.n_apdus = 0

    def transmit(self, apdu):
        self.n_apdus += 1
        data, sw1, sw2 = self.connection.transmit(list(apdu))
        return bytes(data), (sw1 << 8) | sw2

    def expect(self, what, apdu, accepted=(0x9000,)):
        data, sw = self.transmit(apdu)
        if sw not in accepted:
            raise Refused(what, sw)
        return data, sw


def parse_tlv(data):
    """The BER-TLV object at the start of data: (tag, value, rest)."""
    if len(data) < 2:
        raise BadData("no TLV header")
    position = 1
    if data[0] & 0x1F == 0x1F:
        while True:
            if position >= len(data):
                raise BadData("truncated tag")
            position += 1
            if not data[position - 1] & 0x80:
                break
    tag = int.from_bytes(data[:position], "big")
    if position >= len(data):
        raise BadData("no length")
    first = data[position]
    position += 1
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 3 or position + count > len(data):
            raise BadData("bad length")
        length = int.from_bytes(data[position:position + count], "big")
        position += count
    if position + length > len(data):
        raise BadData("value runs past the data")
    return tag, data[position:position + length], data[position + length:]


def value_of(data, tag, file_name):
    """The value of the object that must start data (an EF's contents)."""
    found, value, _ = parse_tlv(data)
    if found != tag:
        raise BadData(f"{file_name} starts with tag {found:X}, not {tag:X}")
    return value


def header_size(data):
    """(header length, total object length) from the first bytes of a TLV object."""
    position = 2 if data[0] & 0x1F == 0x1F else 1
    first = data[position]
    position += 1
    if first < 0x80:
        return position, position + first
    count = first & 0x7F
    return position + count, position + count + int.from_bytes(data[position:position + count], "big")


def text(value):
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadData(str(error)) from error


def run(read_card):
    """Reads the card with read_card(card, pin, with_my_number); prints what it
    decoded as JSON (exit 0) or why it failed (exit 3 refused, 4 card gone,
    5 bad data). The PIN comes on standard input."""
    pin = sys.stdin.readline().strip().encode("ascii")
    with_my_number = "--with-my-number" in sys.argv[1:]
    card = None
    try:
        card = Card()
        record = read_card(card, pin, with_my_number)
        record["apdus"] = card.n_apdus
        print(json.dumps(record, ensure_ascii=False))
        return 0
    except Refused as refusal:
        print(json.dumps({"error": "refused", "command": refusal.what, "sw": f"{refusal.sw:04X}"}))
        return 3
    except (CardConnectionException, NoCardException) as error:
        print(json.dumps({"error": "card_gone", "message": str(error)}))
        return 4
    except BadData as error:
        print(json.dumps({"error": "bad_data", "message": str(error)}))
        return 5
