# SPDX-License-Identifier: GPL-3.0-or-later
"""minimal_pdf.py: a PDF file written from its objects' bodies, for tests and benchmarks that
need a PDF of a particular shape (page sizes, /Rotate, annotations) that no tool makes."""


def pdf_from_objects(objects):
    """The PDF of @objects (bodies as bytes, numbered from 1; object 1 is the catalog)."""
    pdf, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)
