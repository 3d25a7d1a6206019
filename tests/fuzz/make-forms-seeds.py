#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of fuzz-font-builder (tiny TrueType fonts: simple and composite
glyphs, short and long loca) and fuzz-render-image (the images of tests/forms/adversarial).
Run from anywhere; the output is committed."""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ADVERSARIAL = os.path.join(HERE, "..", "forms", "adversarial")


def checksum(data):
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(">%dI" % (len(data) // 4), data)) & 0xFFFFFFFF


def sfnt(tables):
    tags = sorted(tables)
    n = len(tags)
    entry_selector = max(n.bit_length() - 1, 0)
    search_range = 16 << entry_selector
    header = struct.pack(">IHHHH", 0x00010000, n, search_range, entry_selector, n * 16 - search_range)
    offset = 12 + 16 * n
    records, body = b"", b""
    for tag in tags:
        data = tables[tag]
        records += struct.pack(">4sIII", tag, checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + records + body


def tiny_font(long_loca, composite):
    """Glyph 0 empty, glyph 1 a triangle with instructions, glyph 2 (if @composite) glyph 1
    moved right by 100."""
    simple = struct.pack(">hhhhhH", 1, 0, 0, 500, 500, 2) + struct.pack(">H", 3) + b"\xb0\x01\x00"
    simple += b"\x01\x01\x01" + struct.pack(">hhh", 0, 500, -250) + struct.pack(">hhh", 0, 0, 500)
    glyphs = [b"", simple]
    if composite:
        glyphs.append(struct.pack(">hhhhh", -1, 100, 0, 600, 500) +
                      struct.pack(">HHhh", 0x0103, 1, 100, 0) + struct.pack(">H", 2) + b"\0\0")
    glyf, offsets = b"", []
    for g in glyphs:
        offsets.append(len(glyf))
        glyf += g + b"\0" * (-len(g) % 4)
    offsets.append(len(glyf))
    loca = b"".join(struct.pack(">I", o) if long_loca else struct.pack(">H", o // 2) for o in offsets)
    n = len(glyphs)
    head = struct.pack(">IIIIHH", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0, 1000) + b"\0" * 16
    head += struct.pack(">hhhhHHhhh", 0, 0, 600, 500, 0, 8, 2, 1 if long_loca else 0, 0)
    hhea = struct.pack(">IhhhH", 0x00010000, 800, -200, 0, 1000) + b"\0" * 22 + struct.pack(">H", n)
    maxp = struct.pack(">IH", 0x00010000, n) + b"\0" * 26
    hmtx = b"".join(struct.pack(">Hh", 700 + i, 0) for i in range(n))
    return sfnt({b"head": head, b"hhea": hhea, b"maxp": maxp, b"glyf": glyf, b"loca": loca, b"hmtx": hmtx})


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    fonts = os.path.join(HERE, "corpus", "font-builder")
    # Input: glyph count, glyph ids, then the font.
    write(fonts, "simple-long-loca", b"\x01\x00\x01" + tiny_font(True, False))
    write(fonts, "simple-short-loca", b"\x02\x00\x01\x00\x01" + tiny_font(False, False))
    write(fonts, "composite", b"\x02\x00\x02\x00\x01" + tiny_font(True, True))
    write(fonts, "missing-glyph", b"\x01\x00\x09" + tiny_font(True, True))

    images = os.path.join(HERE, "corpus", "render-image")
    os.makedirs(images, exist_ok=True)
    for name in sorted(os.listdir(ADVERSARIAL)):
        if name.endswith((".png", ".jpg")):
            shutil.copy(os.path.join(ADVERSARIAL, name), os.path.join(images, name))


if __name__ == "__main__":
    main()
