#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where two PDFs put the same text: pdftotext -bbox on both, words matched by their text.

Usage: compare-bbox.py BASE.pdf EXPECTED.pdf ACTUAL.pdf TOLERANCE_MM [MIN_WORDS]

Words of BASE ("-": none; the base PDF, printed under both) are left out of both sides; each other
word of EXPECTED (pdfme's output) must be found in ACTUAL (Kakanai's) with the same text,
its box's left, top, right and bottom each within TOLERANCE_MM. Prints every word that is
off or missing and the largest difference; exits 1 when one is, or when fewer than
MIN_WORDS (default 1) words were compared.
"""
import re
import subprocess
import sys
from collections import Counter

PT = 25.4 / 72
WORD = re.compile(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>')


def words(path):
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", path, "-"], check=True,
                         capture_output=True, text=True).stdout
    page = 0
    result = []
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = WORD.search(line)
        if m:
            x1, y1, x2, y2 = (float(v) * PT for v in m.groups()[:4])
            result.append((page, m.group(5), (x1, y1, x2, y2)))
    return result


def main():
    base, expected, actual, tolerance = sys.argv[1:5]
    min_words = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    tolerance = float(tolerance)
    base_pages = {}
    for page, text, _ in (words(base) if base != "-" else []):
        base_pages.setdefault(page, Counter())[text] += 1
    n_base = max(base_pages) if base_pages else 1

    def without_base(ws):
        # Page p of a document of several copies is over page (p - 1) % n + 1 of the base.
        left = {}
        kept = []
        for page, text, box in ws:
            counter = left.setdefault(page, Counter(base_pages.get((page - 1) % n_base + 1, Counter())))
            if counter[text] > 0:
                counter[text] -= 1
                continue
            kept.append((page, text, box))
        return kept
    exp = without_base(words(expected))
    act = without_base(words(actual))
    unused = list(act)
    worst = 0.0
    bad = 0
    for page, text, box in exp:
        candidates = [w for w in unused if w[0] == page and w[1] == text]
        if not candidates:
            print(f"missing: page {page} “{text}” at ({box[0]:.2f}, {box[1]:.2f}) mm")
            bad += 1
            continue
        best = min(candidates, key=lambda w: max(abs(a - b) for a, b in zip(w[2], box)))
        unused.remove(best)
        diff = max(abs(a - b) for a, b in zip(best[2], box))
        worst = max(worst, diff)
        if diff > tolerance:
            bad += 1
            print(f"off by {diff:.2f} mm: page {page} “{text}” pdfme ({box[0]:.2f}, {box[1]:.2f})–({box[2]:.2f}, {box[3]:.2f}) "
                  f"kakanai ({best[2][0]:.2f}, {best[2][1]:.2f})–({best[2][2]:.2f}, {best[2][3]:.2f})")
    print(f"{len(exp)} words compared, {bad} off or missing, largest difference {worst:.3f} mm (tolerance {tolerance} mm)")
    sys.exit(1 if bad or len(exp) < min_words else 0)


main()
