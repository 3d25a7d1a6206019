#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of every panel of kakanai-editor, in each language, for docs/editor.md.

Run through scripts/make-screenshots (which starts Xvfb). Writes
OUTDIR/editor-<lang>-<NN>-<panel>.png.
  screenshot-tour.py OUTDIR LANG...
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from editor_driver import CLI, SOURCE, Editor  # noqa: E402


def settle():
    time.sleep(0.8)


def shot(editor, outdir, lang, number, name):
    settle()
    editor.d.screenshot(os.path.join(outdir, f"editor-{lang}-{number:02d}-{name}.png"))


def element_index(editor, element_id):
    for i in range(editor.state()["elements"]):
        if editor.element(i).get("id") == element_id:
            return i
    raise AssertionError(element_id)


def tour(outdir, lang):
    os.environ["LANGUAGE"] = lang
    work = tempfile.mkdtemp(prefix="kakanai-editor-shots-")
    template = os.path.join(work, "juminhyo.json")
    shutil.copy(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), template)
    editor = Editor(work, template)
    try:
        editor.wait("open", lambda s: s["elements"] > 0)
        editor.wait_page()
        name = editor.element(element_index(editor, "name"))
        editor.click_mm(name["x"] + 5, name["y"] + 5)
        editor.wait("selected", lambda s: len(s["selection"]) == 1)
        shot(editor, outdir, lang, 1, "element")

        # A rubber band over the applicant's rows: several elements, the arrange buttons.
        x, y = editor.screen_point(4, 41)
        x2, y2 = editor.screen_point(160, 101)
        editor.d.xdotool("mousemove", "--sync", str(x), str(y))
        editor.d.xdotool("mousedown", "1")
        editor.d.xdotool("mousemove", "--sync", str((x + x2) // 2), str((y + y2) // 2))
        editor.d.xdotool("mousemove", "--sync", str(x2), str(y2))
        editor.d.xdotool("mouseup", "1")
        editor.wait("several selected", lambda s: len(s["selection"]) > 1)
        editor.key("ctrl+apostrophe")
        shot(editor, outdir, lang, 2, "selection-grid")
        editor.key("ctrl+apostrophe")

        editor.key("alt+2")
        editor.d.click("question_list")
        shot(editor, outdir, lang, 3, "questions")
        editor.key("alt+3")
        shot(editor, outdir, lang, 4, "form")
        editor.key("F6")
        editor.key("F5")
        editor.wait("test fill", lambda s: True)
        shot(editor, outdir, lang, 5, "test-fill")
        editor.key("F5")
        editor.key("alt+4")
        shot(editor, outdir, lang, 6, "problems")
        editor.key("ctrl+question")
        shot(editor, outdir, lang, 7, "shortcuts")
        editor.key("Escape")
        editor.wait_page()
        editor.d.click("page")
        editor.key("Delete")
        editor.wait("modified", lambda s: s["modified"])
        editor.key("ctrl+w")
        editor.wait_dialog("close_dialog")
        shot(editor, outdir, lang, 8, "close")
        editor.key("Escape")
        editor.wait_dialog("none")
        deadline = time.monotonic() + 30
        while not editor.state()["recovery"] or not os.path.exists(editor.state()["recovery"]):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        editor.kill()
    finally:
        editor.close()
    editor = Editor(work)
    try:
        editor.wait_dialog("recovery_dialog")
        shot(editor, outdir, lang, 9, "recovery")
        editor.key("Return")
        editor.wait("restored", lambda s: s["modified"])
    finally:
        editor.close()
    shutil.rmtree(work, ignore_errors=True)
    # A folder of its own: the recovery copy above would be offered first.
    work = tempfile.mkdtemp(prefix="kakanai-editor-shots-")
    suggestions(work, outdir, lang)
    shutil.rmtree(work, ignore_errors=True)


def suggestions(work, outdir, lang):
    """A new form from the 住民票 form printed without its fields: the suggestions panel,
    the name's suggestion highlighted on the page."""
    with open(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), encoding="utf-8") as f:
        form = json.load(f)
    form["elements"] = [e for e in form["elements"] if e["type"] != "field"]
    form.pop("questions", None)
    blank = os.path.join(work, "blank.json")
    with open(blank, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False)
    pdf = os.path.join(work, "form.pdf")
    subprocess.run([CLI, "fill", "--form", blank, "-o", pdf], check=True, capture_output=True)
    editor = Editor(work)
    try:
        editor.wait("the blank form", lambda s: s["path"] == "")
        editor.wait_page()
        editor.key("ctrl+shift+n")
        editor.wait_dialog("GtkFileChooserDialog")
        time.sleep(0.5)
        editor.type(pdf)
        time.sleep(0.5)
        editor.key("Return")
        editor.wait("the suggestions", lambda s: s["suggestions"])
        for _ in range(30):
            if editor.state()["highlighted"] == "card.name":
                break
            editor.key("Tab")
        shot(editor, outdir, lang, 10, "suggestions")
    finally:
        editor.close()


def main():
    outdir = sys.argv[1]
    for lang in sys.argv[2:]:
        tour(outdir, lang)


main()
