#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-many-pages.py OUT.json [PAGES [ANNOTATIONS]]: a pdfme template over a base PDF of
PAGES pages (100), each with ANNOTATIONS printable annotations (20) that have an appearance,
and one empty schema list per page: the input that showed the importer reading its base PDF
once per page (docs/benchmarks.md, Fuzzing). Time it with

    time BUILD/app/cli/kakanai forms import-pdfme OUT.json -o /tmp/many-pages
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "forms"))
from minimal_pdf import pdf_from_objects  # noqa: E402


def base_pdf(pages, annotations):
    objects = [None, None]  # the catalog and the page tree, written last

    def add(body):
        objects.append(body)
        return len(objects)

    appearance = add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 50 10] /Length 15 >>\n"
                     b"stream\n0 0 m 50 10 l S\nendstream")
    kids = []
    for _ in range(pages):
        annots = [add(b"<< /Type /Annot /Subtype /Square /F 4 /Rect [10 %d 60 %d] /AP << /N %d 0 R >> >>"
                      % (10 + 20 * i, 20 + 20 * i, appearance)) for i in range(annotations)]
        content = add(b"<< /Length 7 >>\nstream\n0 0 m S\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Contents %d 0 R /Annots [%s] >>"
                        % (content, b" ".join(b"%d 0 R" % a for a in annots))))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % k for k in kids))
    return pdf_from_objects(objects)


def main():
    out = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    annotations = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    template = {
        "basePdf": "data:application/pdf;base64," + base64.b64encode(base_pdf(pages, annotations)).decode(),
        "schemas": [[] for _ in range(pages)],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(template, f)


if __name__ == "__main__":
    main()
