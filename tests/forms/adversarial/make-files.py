#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the image files of the adversarial corpus (output is committed; rerun after a change).

PNGs are written here byte by byte; the JPEGs start from ImageMagick's `convert`. Files that
are large or special (a 1 GB sparse file, a FIFO, links) are made by the tests themselves.
jpeg-fill-bytes.jpg was found by fuzz-render-image and is kept as it is."""
import os
import struct
import subprocess
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, color_type, rows, bit_depth=8, interlace=0, extra=b"", idat=None):
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra +
            chunk(b"IDAT", idat if idat is not None else zlib.compress(raw)) + chunk(b"IEND", b""))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def jpeg(args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.jpg")
        subprocess.run(["convert"] + args + ["-strip", path], check=True)
        with open(path, "rb") as f:
            return f.read()


def main():
    red_rows = [b"\xff\x00\x00" * 4] * 4
    # The zlib stream's Adler-32 is wrong, the chunk's CRC right: libpng says
    # "IDAT: incorrect data check" (libharu's loader let that abort the process).
    stream = bytearray(zlib.compress(b"".join(b"\x00" + r for r in red_rows)))
    stream[-1] ^= 0xFF
    write("corrupt-idat.png", png(4, 4, 2, red_rows, idat=bytes(stream)))
    # Cut inside the IDAT chunk.
    write("truncated.png", png(4, 4, 2, red_rows)[:45])
    # A header claiming 40000 × 40000 pixels.
    write("huge-header.png", png(40000, 40000, 2, red_rows))
    write("not-an-image.png", b"this is text, not a picture\n")

    # Sound images of every kind the decoder converts: grey, palette with transparency,
    # 16-bit RGBA, interlaced; red in the middle.
    write("grey.png", png(4, 4, 0, [b"\x80" * 4] * 4))
    palette = chunk(b"PLTE", b"\xff\x00\x00\x00\x00\xff") + chunk(b"tRNS", b"\xff\x00")
    write("palette-transparent.png", png(4, 4, 3, [b"\x00\x01\x00\x01"] * 4, extra=palette))
    write("rgba16.png", png(2, 2, 6, [b"\xff\xff\x00\x00\x00\x00\x80\x80" * 2] * 2, bit_depth=16))
    # One pixel: Adam7's first pass alone.
    write("interlaced.png", png(1, 1, 2, [b"\xff\x00\x00"], interlace=1))

    red = jpeg(["-size", "16x16", "xc:red"])
    write("red.jpg", red)
    write("cmyk.jpg", jpeg(["-size", "16x16", "xc:red", "-colorspace", "CMYK"]))
    # The same JPEG claiming 40000 × 40000 pixels in its frame header (a few hundred bytes
    # that would ask for 4.8 GB of pixels).
    huge = bytearray(red)
    sof = huge.index(b"\xff\xc0")
    struct.pack_into(">HH", huge, sof + 5, 40000, 40000)
    write("huge-header.jpg", bytes(huge))
    # Cut before the end of the scan: libjpeg warns "Premature end of JPEG file".
    write("truncated.jpg", red[: len(red) - 40])


if __name__ == "__main__":
    main()
