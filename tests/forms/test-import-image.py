#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""kakanai forms import-image: fields suggested from scanned forms, read by OCR (tesseract).

Usage: test-import-image.py KAKANAI [--report]

Real forms, scanned as a counter's scanner would: a government form made by other software
(tests/forms/pdf/mhlw-besshi16.pdf, 厚生労働省) and the bundled 住民票 form printed without
its fields, each drawn at 300 dpi in grey by pdftoppm, turned by 0.3° and given mild noise
by ImageMagick. Each scan is imported, and its suggestions compared with those
`kakanai forms import-pdf` makes from the same page's PDF text (the reference: the text is
exact there): a suggestion is right when it has a reference's key and the two boxes overlap
by at least half of each (bench/import/measure-suggestions.py's rule). The precision and
recall over both forms must reach MIN_PRECISION and MIN_RECALL (docs/benchmarks.md has the
figures). The template is valid and has the scan as its page-sized image. Broken images
(damaged, not an image, too small, missing) exit 20 naming the file, never with a signal;
without the Japanese OCR data, 20 saying which package to install.
With --report, prints the figures as a Markdown table and checks nothing.
"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("KAKANAI_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
# One tesseract thread: the same figures on every run, and the other tests keep their core.
os.environ["OMP_THREAD_LIMIT"] = "1"
MIN_PRECISION = 0.8
MIN_RECALL = 0.5

_spec = importlib.util.spec_from_file_location(
    "measure_suggestions", os.path.join(SOURCE, "bench", "import", "measure-suggestions.py"))
measure = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(measure)


def run(*args, check=True):
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if result.returncode < 0:
        raise AssertionError(f"{args} died of signal {-result.returncode}: {result.stderr}")
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}: {result.stderr}")
    return result


def scan(pdf, png, work):
    """The PDF's first page as a 300 dpi grey scan, slightly turned and noisy."""
    plain = os.path.join(work, "plain")
    run("pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", pdf, plain)
    size = run("identify", "-format", "%wx%h", plain + ".png").stdout
    run("convert", plain + ".png", "-seed", "12", "-background", "white", "-rotate", "0.3",
        "-attenuate", "0.15", "+noise", "Gaussian", "-gravity", "center", "-extent", size,
        "-colorspace", "Gray", "-depth", "8", png)


def elements(template):
    with open(template, encoding="utf-8") as f:
        return json.load(f)["elements"]


def blank_juminhyo(work):
    with open(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), encoding="utf-8") as f:
        form = json.load(f)
    form["id"] = "blank"
    form.pop("questions", None)
    form["elements"] = [e for e in form["elements"] if e["type"] not in ("field", "qr")]
    path = os.path.join(work, "juminhyo-blank.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False)
    return path


def main():
    kakanai = sys.argv[1]
    report = "--report" in sys.argv
    totals = [0, 0, 0]  # suggested, right, reference
    with tempfile.TemporaryDirectory() as work:
        juminhyo = os.path.join(work, "juminhyo.pdf")
        run(kakanai, "fill", "--form", blank_juminhyo(work), "-o", juminhyo)
        forms = [("mhlw-besshi16", os.path.join(SOURCE, "tests", "forms", "pdf", "mhlw-besshi16.pdf")),
                 ("juminhyo", juminhyo)]
        print("| scanned form | suggested | right | reference (from the PDF's text) | precision | recall |")
        print("|---|---|---|---|---|---|")
        for name, pdf in forms:
            folder = os.path.join(work, name)
            os.mkdir(folder)
            png = os.path.join(folder, "scan.png")
            scan(pdf, png, work)
            run(kakanai, "forms", "import-pdf", pdf, "-o", os.path.join(folder, "from-pdf.json"))
            template = os.path.join(folder, "from-scan.json")
            run(kakanai, "forms", "import-image", png, "-o", template)
            reference = [e for e in elements(os.path.join(folder, "from-pdf.json")) if e["type"] == "field"]
            found = elements(template)
            image, suggested = found[0], [e for e in found if e["type"] == "field"]
            assert image["type"] == "image" and image["src"] == "from-scan.png" and image["x"] == 0, image
            assert os.path.exists(os.path.join(folder, "from-scan.png"))
            run(kakanai, "forms", "validate", template)
            used, right = set(), 0
            for s in suggested:
                for i, r in enumerate(reference):
                    if i not in used and r["key"] == s["key"] and measure.overlap_half(measure.box_of(r), measure.box_of(s)):
                        used.add(i)
                        right += 1
                        break
            totals = [t + v for t, v in zip(totals, (len(suggested), right, len(reference)))]
            print(f"| `{name}` | {len(suggested)} | {right} | {len(reference)} | "
                  f"{right / max(1, len(suggested)):.0%} | {right / max(1, len(reference)):.0%} |")
        s, r, n = totals
        precision, recall = r / max(1, s), r / max(1, n)
        print(f"| all | {s} | {r} | {n} | {precision:.0%} | {recall:.0%} |")
        if report:
            return
        assert precision >= MIN_PRECISION, f"precision {precision:.2f} < {MIN_PRECISION}"
        assert recall >= MIN_RECALL, f"recall {recall:.2f} < {MIN_RECALL}"

        # Broken and unsupported images: a clear message naming the file, status 20.
        bad = os.path.join(work, "bad")
        os.mkdir(bad)
        with open(os.path.join(work, "mhlw-besshi16", "scan.png"), "rb") as f:
            head = f.read(2000)
        cases = {"cut.png": head, "text.png": b"hello, not an image\n"}
        for file_name, data in cases.items():
            with open(os.path.join(bad, file_name), "wb") as f:
                f.write(data)
        run("convert", "-size", "40x40", "xc:white", os.path.join(bad, "tiny.png"))
        run("convert", "-size", "60x60", "xc:white", os.path.join(bad, "page.gif"))
        for file_name in ("cut.png", "text.png", "tiny.png", "page.gif", "missing.png"):
            out = os.path.join(bad, "out.json")
            result = run(kakanai, "forms", "import-image", os.path.join(bad, file_name), "-o", out, check=False)
            assert result.returncode == 20, (file_name, result.returncode, result.stderr)
            assert file_name in result.stderr, (file_name, result.stderr)
            assert "Sanitizer" not in result.stderr, result.stderr
            assert not os.path.exists(out), f"a template was written for {file_name}"
        # No Japanese OCR data (tesseract looks in TESSDATA_PREFIX first): what to install.
        os.environ["TESSDATA_PREFIX"] = bad
        result = run(kakanai, "forms", "import-image", png, "-o", os.path.join(bad, "out.json"), check=False)
        del os.environ["TESSDATA_PREFIX"]
        assert result.returncode == 20 and "tesseract-ocr-jpn" in result.stderr, result.stderr
        result = run(kakanai, "forms", "import-image", "-o", os.path.join(bad, "out.json"), check=False)
        assert result.returncode == 2 and "Usage" in result.stderr, result.stderr
    print("ok: import-image")


main()
