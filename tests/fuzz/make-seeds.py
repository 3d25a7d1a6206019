#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the card fuzz targets (run from anywhere; output is committed)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def tlv(tag, value):
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n <= 0xFF:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    return tag_bytes + length + value


def basic_four(name, address, birth="19800101", sex="2"):
    items = b"".join(tlv(t, v.encode()) for t, v in
                     ((0xDF22, name), (0xDF23, address), (0xDF24, birth), (0xDF25, sex)))
    return tlv(0xFF20, tlv(0xDF21, bytes(8)) + items)


MY_NUMBER = tlv(0xDF10, b"123456789018")
OK = bytes.fromhex("9000")
SMALL = basic_four("山口　花子", "山口県山口市亀山町2番1号")
LONG = basic_four("髙﨑　𠮷太郎", ("北海道札幌市中央区北一条西二丁目一番地" + "札幌市役所本庁舎十八階一八〇一号室" * 10)[:150])


def responses(flags, *answers):
    out = bytes([flags])
    for answer in answers:
        out += len(answer).to_bytes(2, "big") + answer
    return out


def write(folder, name, data):
    path = os.path.join(HERE, "corpus", folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


END_OF_FILE = bytes.fromhex("6282")
# SELECT AP, SELECT EF 0011, tries, VERIFY, SELECT EF 0002; then READ BINARY of up to 255 bytes.
head = (OK, OK, bytes.fromhex("63C3"), OK, OK)
write("card-responses", "good", responses(0, *head, SMALL + OK))
write("card-responses", "with-my-number", responses(2, *head, SMALL + OK, OK, MY_NUMBER + OK))
write("card-responses", "long", responses(0, *head, LONG[:255] + OK, LONG[255:] + OK))
write("card-responses", "end-of-file", responses(2, *head, SMALL + END_OF_FILE, OK, MY_NUMBER + END_OF_FILE))
# A card that refuses SELECT EF 0011: tries and VERIFY by short EF id.
write("card-responses", "pin-ef-not-found", responses(0, OK, bytes.fromhex("6A82"), bytes.fromhex("63C3"), OK, OK, SMALL + OK))
write("card-responses", "pin-ef-wrong-p1p2", responses(0, OK, bytes.fromhex("6A86"), bytes.fromhex("63C2"), OK, OK, SMALL + OK))
write("card-responses", "t0", responses(2, *head, bytes.fromhex("6C") + bytes([len(SMALL)]),
                                        bytes.fromhex("61") + bytes([len(SMALL)]), SMALL + OK,
                                        OK, bytes.fromhex("6C0F"), bytes.fromhex("610F"), MY_NUMBER + OK))
write("card-responses", "wrong-pin", responses(0, OK, OK, bytes.fromhex("63C3"), bytes.fromhex("63C2")))
write("card-responses", "one-try", responses(0, OK, OK, bytes.fromhex("63C1")))
write("card-responses", "one-try-allowed", responses(1, OK, OK, bytes.fromhex("63C1"), OK, OK, SMALL + OK))
write("card-responses", "blocked", responses(0, OK, OK, bytes.fromhex("6983")))
write("card-responses", "not-mynumber", responses(0, bytes.fromhex("6A82")))
write("card-responses", "removed", responses(0, OK, OK, bytes.fromhex("63C3")))


# The simulated card: a profile number, then APDUs (2-byte length + bytes; length 0 resets).
def apdus(profile, *commands):
    out = bytes([profile])
    for command in commands:
        out += len(command).to_bytes(2, "big") + command
    return out


AID = bytes.fromhex("D3921000310001010408")
SELECT_AP = bytes.fromhex("00A4040C0A") + AID
SELECT_PIN = bytes.fromhex("00A4020C020011")
TRIES = bytes.fromhex("00200080")
VERIFY = bytes.fromhex("0020008004") + b"1234"
VERIFY_SFI = bytes.fromhex("0020009104") + b"1234"
WRONG_PIN = bytes.fromhex("0020008004") + b"0000"
SELECT_BASIC = bytes.fromhex("00A4020C020002")
SELECT_NUMBER = bytes.fromhex("00A4020C020001")
RESET = b""
for profile in range(5):
    write("sim-card", f"kakanai-{profile}", apdus(profile, SELECT_AP, SELECT_PIN, TRIES, VERIFY, SELECT_BASIC,
                                                  bytes.fromhex("00B00000FF"), bytes.fromhex("00B000FFFF"),
                                                  SELECT_NUMBER, bytes.fromhex("00B00000FF")))
    write("sim-card", f"jpki-myna-{profile}", apdus(profile, SELECT_AP, SELECT_PIN, TRIES, VERIFY, SELECT_BASIC,
                                                    bytes.fromhex("00B0000007"), bytes.fromhex("00B0000700"),
                                                    bytes.fromhex("00B0010700")))
    write("sim-card", f"jsapdu-{profile}", apdus(profile, SELECT_AP, VERIFY_SFI, bytes.fromhex("00B08200000000"),
                                                 SELECT_AP, VERIFY_SFI, bytes.fromhex("00B08100000000")))
write("sim-card", "t0-get-response", apdus(2, SELECT_AP, VERIFY_SFI, SELECT_NUMBER, bytes.fromhex("00B0000000"),
                                           bytes.fromhex("00B0000011"), bytes.fromhex("00C0000005"),
                                           bytes.fromhex("00C000000C")))
write("sim-card", "wrong-pins-and-resets", apdus(1, SELECT_AP, SELECT_PIN, WRONG_PIN, RESET, SELECT_AP, SELECT_PIN,
                                                 TRIES, VERIFY, RESET, SELECT_BASIC, bytes.fromhex("00B0000000")))

write("card-tlv", "basic-four", SMALL)
write("card-tlv", "basic-four-long", LONG)
write("card-tlv", "my-number", MY_NUMBER)
write("card-tlv", "indefinite", bytes.fromhex("FF2080DF220141"))
write("card-tlv", "past-end", bytes.fromhex("FF2082FFFFDF220141"))
write("card-tlv", "nested", tlv(0x7F21, tlv(0x5F4E, b"body") + tlv(0x5F37, b"sig")))
