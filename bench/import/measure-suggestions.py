#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How well `kakanai forms import-pdf` suggests the fields of the bundled forms.

Usage: measure-suggestions.py KAKANAI [FORMS_DIR] [--min-recall R]

Each template of FORMS_DIR (default assets/forms) is printed without its fields and QR
codes (`kakanai fill` of a copy with only the static elements: labels and rules), that PDF
imported with `kakanai forms import-pdf`, and the suggestions compared with the template's
real fields: a suggestion is right when it has a real field's key and its box and the real
one overlap by at least half of each (a choice field's box: the union of its options).
Prints per form and in all: suggestions, right ones, real fields, precision and recall,
and the recall over the card's keys and the common keys a form prints a label for (those of
forms/kakanai-field-labels.json: request.date, applicant.phone …; not office.name, the
kinds and copies of each certificate or a form's own form.* keys, which no label names). With --min-recall, exits 1 when that recall is lower.
"""
import json
import os
import subprocess
import sys
import tempfile

LABELS = os.path.join(os.path.dirname(__file__), "..", "..", "forms", "kakanai-field-labels.json")
_table = json.load(open(LABELS, encoding="utf-8"))
# The card's keys and the common ones a form prints a label for (the keys of the label table).
KNOWN = {f["key"] for f in _table["fields"] + _table["choices"]}


def is_card_or_common(key):
    return key.startswith("card.") or key in KNOWN


def box_of(element):
    if element.get("mode") == "choice":
        xs = [o["x"] for o in element["options"]] + [o["x"] + o["width"] for o in element["options"]]
        ys = [o["y"] for o in element["options"]] + [o["y"] + o["height"] for o in element["options"]]
        return min(xs), min(ys), max(xs), max(ys)
    return element["x"], element["y"], element["x"] + element["width"], element["y"] + element["height"]


def overlap_half(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return False
    area = w * h
    return area >= 0.5 * (a[2] - a[0]) * (a[3] - a[1]) and area >= 0.5 * (b[2] - b[0]) * (b[3] - b[1])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    kakanai = args[0]
    forms_dir = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "assets", "forms")
    min_recall = None
    if "--min-recall" in sys.argv:
        min_recall = float(sys.argv[sys.argv.index("--min-recall") + 1])
    totals = [0, 0, 0, 0, 0]  # suggested, right, real, real card/common, right card/common
    with tempfile.TemporaryDirectory() as work:
        print("| form | suggested | right | real fields | precision | recall | recall, card and common keys |")
        print("|---|---|---|---|---|---|---|")
        for name in sorted(os.listdir(forms_dir)):
            if not name.endswith(".json"):
                continue
            template = json.load(open(os.path.join(forms_dir, name), encoding="utf-8"))
            real = [e for e in template["elements"] if e["type"] == "field"]
            blank = dict(template)
            blank["id"] = "blank"
            blank.pop("questions", None)
            blank["elements"] = [e for e in template["elements"] if e["type"] not in ("field", "qr")]
            blank_path = os.path.join(work, "blank.json")
            json.dump(blank, open(blank_path, "w", encoding="utf-8"), ensure_ascii=False)
            pdf = os.path.join(work, name + ".pdf")
            subprocess.run([kakanai, "fill", "--form", blank_path, "-o", pdf], check=True, capture_output=True)
            out = os.path.join(work, "imported.json")
            subprocess.run([kakanai, "forms", "import-pdf", pdf, "-o", out], check=True, capture_output=True)
            suggested = [e for e in json.load(open(out, encoding="utf-8"))["elements"] if e["type"] == "field"]
            right = 0
            right_common = 0
            used = set()
            for s in suggested:
                for i, r in enumerate(real):
                    if i not in used and r["key"] == s["key"] and overlap_half(box_of(r), box_of(s)):
                        used.add(i)
                        right += 1
                        right_common += is_card_or_common(r["key"])
                        break
            common = sum(1 for r in real if is_card_or_common(r["key"]))
            for i, v in enumerate((len(suggested), right, len(real), common, right_common)):
                totals[i] += v
            print(f"| `{name[:-5]}` | {len(suggested)} | {right} | {len(real)} | "
                  f"{right / max(1, len(suggested)):.0%} | {right / max(1, len(real)):.0%} | "
                  f"{right_common / max(1, common):.0%} ({right_common} of {common}) |")
    s, r, n, c, rc = totals
    recall_common = rc / max(1, c)
    print(f"| all | {s} | {r} | {n} | {r / max(1, s):.0%} | {r / max(1, n):.0%} | {recall_common:.0%} ({rc} of {c}) |")
    if min_recall is not None and recall_common < min_recall:
        print(f"recall over the card's and the common keys {recall_common:.2f} < {min_recall}")
        sys.exit(1)


if __name__ == "__main__":
    main()
