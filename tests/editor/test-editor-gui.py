# SPDX-License-Identifier: GPL-3.0-or-later
"""kakanai-editor driven with real X input (xdotool) under Xvfb.

Through tests/editor/editor_driver.py (the editor's test hook and xdotool). Each step
waits for the state it causes, never for a fixed time.
  test-editor-gui.py SCENARIO   (mouse-and-keys, recovery, keyboard-only, snap-ruled-lines,
                                 test-fill, pdfme, from-pdf, from-scan)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from editor_driver import CLI, MM_TO_PT, SOURCE, TIMEOUT, Editor  # noqa: E402


def find_index(editor, state, element_id):
    for i in range(state["elements"]):
        if editor.element(i).get("id") == element_id:
            return i
    raise AssertionError(f"no element {element_id!r}")


def open_from_blank(editor, keys, path):
    """From the blank window, an open action's file chooser (@keys) given @path."""
    editor.wait("the blank form", lambda s: s["path"] == "")
    editor.wait_page()
    editor.key(keys)
    editor.wait_dialog("GtkFileChooserDialog")
    time.sleep(0.5)
    # Typing a path opens the chooser's location entry.
    editor.type(path)
    time.sleep(0.5)
    editor.key("Return")


def valid_template(template):
    """The saved template, after `kakanai forms validate` passed it."""
    check = subprocess.run([CLI, "forms", "validate", template], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with open(template, encoding="utf-8") as f:
        return json.load(f)


def words_in_pdf(pdf):
    """(text, xMin, yMin, xMax, yMax) in points of every word pdftotext finds."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    words = []
    for line in html.splitlines():
        line = line.strip()
        if line.startswith("<word "):
            attrs = dict(part.split("=", 1) for part in line[6:line.index(">")].split())
            text = line[line.index(">") + 1:line.rindex("</word>")]
            words.append((text, *(float(attrs[k].strip('"')) for k in ("xMin", "yMin", "xMax", "yMax"))))
    return words


def assert_printed_in(words, fragment, box_mm):
    x, y, w, h = (v * MM_TO_PT for v in box_mm)
    hits = [wd for wd in words if fragment in wd[0]]
    assert hits, f"{fragment!r} not printed: {[wd[0] for wd in words][:40]}"
    tolerance = 1.0
    for text, x0, y0, x1, y1 in hits:
        if x - tolerance <= x0 and x1 <= x + w + tolerance and y - tolerance <= y0 and y1 <= y + h + tolerance:
            return
    raise AssertionError(f"{fragment!r} printed at {hits}, not inside {box_mm} mm")


def mouse_and_keys(work):
    """Move a field with the mouse and one with the keyboard, add a question, undo and redo,
    save; the saved template prints the demo card's data at the new places."""
    template = os.path.join(work, "juminhyo.json")
    shutil.copy(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), template)
    editor = Editor(work, template)
    try:
        state = editor.wait("the template open", lambda s: s["elements"] > 0)
        questions = state["questions"]
        name = find_index(editor, state, "name")
        address = find_index(editor, state, "address")
        name_before = editor.element(name)
        address_before = editor.element(address)
        editor.wait_page()

        # Snapping off (Ctrl+;): the drag moves by exactly what the pointer moved.
        editor.key("ctrl+semicolon")
        # The default zoom is 3 px/mm: 90 px right, 30 px down = 30 mm, 10 mm.
        editor.drag_mm(name_before["x"] + 5, name_before["y"] + 5, 90, 30)
        editor.wait("the name field dragged",
                    lambda s: editor.element(name)["x"] == name_before["x"] + 30
                    and editor.element(name)["y"] == name_before["y"] + 10)

        editor.click_mm(address_before["x"] + 3, address_before["y"] + 3)
        editor.wait("the address field selected", lambda s: s["selection"] == [address])
        editor.key("shift+Down", "Right", "Right")
        editor.wait("the address field moved by the keyboard",
                    lambda s: editor.element(address)["y"] == address_before["y"] + 10
                    and editor.element(address)["x"] == address_before["x"] + 2)

        editor.key("ctrl+shift+k")
        editor.wait("a question added", lambda s: s["questions"] == questions + 1)
        editor.key("Escape")
        editor.d.click("page")
        editor.key("ctrl+z")
        editor.wait("the question undone", lambda s: s["questions"] == questions)
        editor.key("ctrl+shift+z")
        editor.wait("the question redone", lambda s: s["questions"] == questions + 1 and s["can_undo"])

        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
    finally:
        editor.close()

    with open(template, encoding="utf-8") as f:
        saved = json.load(f)
    assert saved["format"] == 2
    assert len(saved["questions"]) == questions + 1
    by_id = {e.get("id"): e for e in saved["elements"]}
    assert by_id["name"]["x"] == name_before["x"] + 30, by_id["name"]
    assert by_id["address"]["y"] == address_before["y"] + 10, by_id["address"]

    pdf = os.path.join(work, "filled.pdf")
    subprocess.run([CLI, "fill", "--form", template, "--demo", "-o", pdf], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    words = words_in_pdf(pdf)
    n = by_id["name"]
    a = by_id["address"]
    assert_printed_in(words, "花子", (n["x"], n["y"], n["width"], n["height"]))
    assert_printed_in(words, "山口県", (a["x"], a["y"], a["width"], a["height"]))


def recovery(work):
    """Unsaved changes come back after the editor is killed."""
    template = os.path.join(work, "juminhyo.json")
    shutil.copy(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), template)
    original = open(template, encoding="utf-8").read()
    editor = Editor(work, template)
    try:
        state = editor.wait("the template open", lambda s: s["elements"] > 0)
        name = find_index(editor, state, "name")
        before = editor.element(name)
        editor.wait_page()
        editor.click_mm(before["x"] + 5, before["y"] + 5)
        editor.wait("the name field selected", lambda s: s["selection"] == [name])
        editor.key(*(["Right"] * 5))
        state = editor.wait("the recovery copy written",
                            lambda s: s["modified"] and s["recovery"] and os.path.exists(s["recovery"])
                            and editor.element(name)["x"] == before["x"] + 5)
        recovery_copy = state["recovery"]
        # The copy is written a moment after the last change: wait until it holds it.
        deadline = time.monotonic() + TIMEOUT
        while True:
            with open(recovery_copy, encoding="utf-8") as f:
                copied = json.load(f)
            if {e.get("id"): e for e in copied["elements"]}["name"]["x"] == before["x"] + 5:
                break
            assert time.monotonic() < deadline, "the recovery copy never held the change"
            time.sleep(0.1)
        editor.kill()
    finally:
        editor.close()
    assert open(template, encoding="utf-8").read() == original, "the template changed without saving"
    assert os.path.exists(recovery_copy)

    editor = Editor(work)
    try:
        editor.wait_dialog("recovery_dialog")
        editor.key("Return")
        state = editor.wait("the form restored", lambda s: s["path"] == template and s["modified"])
        assert editor.element(name)["x"] == before["x"] + 5
        editor.wait_page()
        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
    finally:
        editor.close()
    with open(template, encoding="utf-8") as f:
        saved = json.load(f)
    assert {e.get("id"): e for e in saved["elements"]}["name"]["x"] == before["x"] + 5
    left = [f for f in os.listdir(os.path.dirname(recovery_copy)) if f.endswith(".json")]
    assert left == [], f"recovery copies left after saving: {left}"


def keyboard_only(work):
    """A new form made with the keyboard alone: tools, placing, moving, resizing, a
    question, the form's id, undo and redo, closing asks, saving."""
    template = os.path.join(work, "new-form.json")
    editor = Editor(work, template)
    try:
        editor.wait("the new form", lambda s: s["path"] == template and s["elements"] == 0)
        editor.wait_page()
        editor.key("f", "Return")
        state = editor.wait("a field placed", lambda s: s["elements"] == 1 and s["tool"] == "select")
        field = editor.element(0)
        editor.key("shift+Right", "shift+Right", "Down", "alt+Right", "alt+shift+Down")
        editor.wait("the field moved and resized",
                    lambda s: editor.element(0)["x"] == field["x"] + 20 and editor.element(0)["y"] == field["y"] + 1
                    and editor.element(0)["width"] == field["width"] + 1
                    and editor.element(0)["height"] == field["height"] + 10)
        editor.key("t", "Return")
        editor.wait("a text placed", lambda s: s["elements"] == 2 and s["selection"] == [1])
        editor.key("Tab")
        editor.wait("Tab selects the next element", lambda s: s["selection"] == [0])
        editor.key("ctrl+shift+k")
        editor.wait("a question added", lambda s: s["questions"] == 1)

        # The form's id, in the Form panel (Alt+3 focuses its first entry).
        editor.key("alt+3")
        time.sleep(0.3)
        editor.key("ctrl+a")
        editor.type("keyboard_form")
        editor.key("Tab")
        editor.wait("the id typed", lambda s: s["can_undo"])
        # Back to the page (F6); undo and redo the last change, the id.
        editor.key("F6")
        editor.key("ctrl+z")
        editor.wait("the id undone", lambda s: s["can_redo"])
        editor.key("ctrl+shift+z")
        editor.wait("the id redone", lambda s: not s["can_redo"])
        editor.wait("the questions and elements kept", lambda s: s["elements"] == 2 and s["questions"] == 1)

        # Closing with unsaved changes asks; Escape keeps the window.
        editor.key("ctrl+w")
        editor.wait_dialog("close_dialog")
        editor.key("Escape")
        editor.wait_dialog("none")
        editor.wait_page()
        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
        editor.key("ctrl+w")
        editor.process.wait(timeout=TIMEOUT)
        assert editor.process.returncode == 0, editor.process.returncode
    finally:
        editor.close()
    with open(template, encoding="utf-8") as f:
        saved = json.load(f)
    assert saved["format"] == 2
    assert saved["id"] == "keyboard_form", saved["id"]
    assert [e["type"] for e in saved["elements"]] == ["field", "text"], saved["elements"]
    assert saved["elements"][0]["x"] == field["x"] + 20
    assert saved["elements"][0]["width"] == field["width"] + 1
    assert len(saved["questions"]) == 1
    check = subprocess.run([CLI, "forms", "validate", template], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def snap_ruled_lines(work):
    """A field dragged near the ruled lines of a scanned background lands on them."""
    # A4 at 100 dpi, white, a 3-pixel line across at row 394 and one down at column 236:
    # their middles are at 394.5 and 236.5 px, 100.2 and 60.1 mm.
    subprocess.run(["convert", "-size", "827x1169", "xc:white", "-fill", "black",
                    "-draw", "rectangle 40,393 800,395", "-draw", "rectangle 235,40 237,1100",
                    os.path.join(work, "scan.png")], check=True)
    line_y, line_x = 394.5 * 25.4 / 100, 236.5 * 25.4 / 100
    template = os.path.join(work, "ruled.json")
    with open(template, "w", encoding="utf-8") as f:
        json.dump({"format": 2, "id": "ruled", "title": "ruled", "page": {"size": "A4"}, "elements": [
            {"type": "image", "x": 0, "y": 0, "width": 210, "height": 297, "src": "scan.png"},
            {"type": "field", "id": "name", "key": "card.name", "x": 20, "y": 50, "width": 40, "height": 8}]}, f)
    editor = Editor(work, template)
    try:
        editor.wait("the template open", lambda s: s["elements"] == 2)
        editor.wait_page()
        # At 3 px/mm, to 1 mm short of each line: within the snapping distance (6 px).
        dx = round((line_x - 20 - 1) * 3)
        dy = round((line_y - 50 - 1) * 3)
        editor.drag_mm(25, 54, dx, dy)
        field = editor.wait("the field dropped", lambda s: s["can_undo"] and editor.element(1)["y"] > 90)
        field = editor.element(1)
        assert abs(field["x"] - line_x) <= 0.3, (field, line_x)
        assert abs(field["y"] - line_y) <= 0.3, (field, line_y)
    finally:
        editor.close()


def test_fill(work):
    """The test fill with sample data chosen on the command line: an overflowing field is
    listed and points at its element; the filled PDF is exported through the file chooser."""
    template = os.path.join(work, "juminhyo.json")
    shutil.copy(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), template)
    sample = os.path.join(work, "sample.json")
    long_name = "見本" + "長い名前" * 30
    with open(sample, "w", encoding="utf-8") as f:
        json.dump({"card.name": long_name, "card.address": "山口県山口市見本町1番1号"}, f, ensure_ascii=False)
    pdf = os.path.join(work, "exported.pdf")
    editor = Editor(work, "--sample", sample, template)
    try:
        state = editor.wait("the template open", lambda s: s["elements"] > 0)
        name = find_index(editor, state, "name")
        assert state["problems"] == 0, state
        editor.wait_page()
        editor.key("F5")
        editor.wait("the overflow listed", lambda s: s["problems"] > 0)
        assert name in json.loads(editor.d.ask("problems")), editor.d.ask("problems")
        editor.key("ctrl+e")
        editor.wait_dialog("GtkFileChooserDialog")
        time.sleep(0.5)
        editor.key("ctrl+a")
        editor.type(pdf)
        editor.key("Return")
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(pdf):
            assert time.monotonic() < deadline, "no PDF exported"
            time.sleep(0.1)
        editor.key("F5")
        editor.wait("the test fill off", lambda s: s["problems"] == 0)
    finally:
        editor.close()
    words = " ".join(w[0] for w in words_in_pdf(pdf))
    assert "見本" in words and "山口県山口市見本町" in words.replace(" ", ""), words[:200]


def pdfme(work):
    """A pdfme template opened (converted beside it), edited and saved: a valid format-2
    template with pdfme's fields and the new element."""
    source = os.path.join(work, "blank-letter.json")
    shutil.copy(os.path.join(SOURCE, "tests", "forms", "pdfme", "blank-letter.json"), source)
    imported = os.path.join(work, "blank-letter-kakanai.json")
    editor = Editor(work)
    try:
        open_from_blank(editor, "ctrl+shift+o", source)
        state = editor.wait("the pdfme template open", lambda s: s["path"] == imported)
        fields = state["elements"]
        assert fields > 0 and not state["modified"], state
        if editor.d.ask("dialog") == "pdfme_report_dialog":
            editor.key("Escape")
            editor.wait_dialog("none")
        editor.wait_page()
        editor.d.click("page")
        editor.key("Escape", "t", "Return")
        editor.wait("a text added", lambda s: s["elements"] == fields + 1 and s["modified"])
        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
    finally:
        editor.close()
    with open(imported, encoding="utf-8") as f:
        saved = json.load(f)
    assert saved["format"] == 2 and len(saved["elements"]) == fields + 1
    assert any(e.get("key", "").startswith("form.") for e in saved["elements"]), saved["elements"]
    check = subprocess.run([CLI, "forms", "validate", imported], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def from_pdf(work):
    """The issue's flow: a template made from a PDF form by deciding on the suggested fields
    one by one (by the keyboard and the mouse) and the rest at once; exactly the accepted
    ones saved; one moved with the mouse, one with the keyboard, a question added, undo and redo, save;
    then the demo card's data prints at the new places."""
    with open(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), encoding="utf-8") as f:
        form = json.load(f)
    form["elements"] = [e for e in form["elements"] if e["type"] != "field"]
    form.pop("questions", None)
    blank = os.path.join(work, "blank.json")
    with open(blank, "w", encoding="utf-8") as f:
        json.dump(form, f, ensure_ascii=False)
    pdf = os.path.join(work, "form.pdf")
    subprocess.run([CLI, "fill", "--form", blank, "-o", pdf], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    template = os.path.join(work, "form-kakanai.json")
    editor = Editor(work)
    try:
        open_from_blank(editor, "ctrl+shift+n", pdf)
        state = editor.wait("the suggestions", lambda s: s["path"] == template and s["suggestions"])
        suggested = state["suggestions"]
        assert state["elements"] == 0, state
        assert "card.name" in suggested and "card.address" in suggested, suggested
        # The first has the focus and is shown on the page.
        state = editor.wait("the first highlighted", lambda s: s["highlighted"] == suggested[0])
        first, second = suggested[0], suggested[1]
        assert {first, second}.isdisjoint({"card.name", "card.address"}), suggested
        # By the keyboard: reject the first (Tab to its Reject), accept the next (the focus
        # moves to it).
        editor.key("Tab", "space")
        editor.wait("the first rejected", lambda s: first not in s["suggestions"] and s["elements"] == 0
                    and s["highlighted"] == second)
        editor.key("space")
        editor.wait("the second accepted", lambda s: second not in s["suggestions"] and s["elements"] == 1)
        # With the mouse: accept the name and the address, reject one more, then the rest.
        for key in ("card.name", "card.address"):
            editor.d.click("accept:" + key)
            editor.wait(f"{key} accepted", lambda s: key not in s["suggestions"])
        rejected = [k for k in editor.state()["suggestions"]][0]
        editor.d.click("reject:" + rejected)
        editor.wait(f"{rejected} rejected", lambda s: rejected not in s["suggestions"])
        assert editor.state()["elements"] == 3
        editor.d.click("reject_all")
        state = editor.wait("the rest rejected", lambda s: s["suggestions"] == [] and s["elements"] == 3)
        accepted = {second, "card.name", "card.address"}
        keys = {editor.element(i).get("key"): i for i in range(state["elements"])}
        assert set(keys) == accepted, keys
        name, address = keys["card.name"], keys["card.address"]
        name_before, address_before = editor.element(name), editor.element(address)
        # The panel closed gives the page the focus.
        editor.wait_page()
        editor.key("Escape", "ctrl+semicolon")
        editor.wait("nothing selected", lambda s: s["selection"] == [])
        editor.drag_mm(name_before["x"] + 3, name_before["y"] + 3, 60, 0)
        editor.wait("the name field dragged", lambda s: abs(editor.element(name)["x"] - name_before["x"] - 20) < 0.05)
        editor.click_mm(address_before["x"] + 3, address_before["y"] + 3)
        editor.wait("the address field selected", lambda s: s["selection"] == [address])
        editor.key("shift+Down")
        editor.wait("the address moved", lambda s: abs(editor.element(address)["y"] - address_before["y"] - 10) < 0.05)
        editor.key("ctrl+shift+k")
        editor.wait("a question", lambda s: s["questions"] == 1)
        editor.key("Escape")
        editor.d.click("page")
        editor.key("ctrl+z")
        editor.wait("undone", lambda s: s["questions"] == 0)
        editor.key("ctrl+shift+z")
        editor.wait("redone", lambda s: s["questions"] == 1)
        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
    finally:
        editor.close()
    saved = valid_template(template)
    by_key = {e.get("key"): e for e in saved["elements"]}
    assert sorted(e.get("key") for e in saved["elements"]) == sorted(accepted), saved["elements"]
    filled = os.path.join(work, "filled.pdf")
    subprocess.run([CLI, "fill", "--form", template, "--demo", "-o", filled], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    words = words_in_pdf(filled)
    n, a = by_key["card.name"], by_key["card.address"]
    assert_printed_in(words, "花子", (n["x"], n["y"], n["width"], n["height"]))
    assert_printed_in(words, "山口県", (a["x"], a["y"], a["width"], a["height"]))


def from_scan(work):
    """A new form from a scanned government form (300 dpi grey): the scan under everything,
    fields suggested by OCR; one rejected by the keyboard, the rest accepted at once (one
    undo step); saved, the template holds the scan and exactly the accepted fields."""
    scan = os.path.join(work, "scan")
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile",
                    os.path.join(SOURCE, "tests", "forms", "pdf", "mhlw-besshi16.pdf"), scan], check=True)
    template = os.path.join(work, "scan-kakanai.json")
    editor = Editor(work)
    try:
        open_from_blank(editor, "ctrl+shift+i", scan + ".png")
        state = editor.wait("the suggestions read", lambda s: s["path"] == template and s["suggestions"])
        suggested = state["suggestions"]
        assert state["elements"] == 1 and editor.element(0)["type"] == "image", state
        assert "card.name" in suggested, suggested
        editor.wait("the first highlighted", lambda s: s["highlighted"] == suggested[0])
        # Tab to the next row, away to the element panel (Alt+1) and back (Alt+5): the first again.
        editor.key("Tab", "Tab")
        editor.wait("the second highlighted", lambda s: s["highlighted"] == suggested[1])
        editor.key("alt+1", "alt+5")
        editor.wait("the first highlighted again", lambda s: s["highlighted"] == suggested[0])
        editor.key("Tab", "space")
        editor.wait("the first rejected", lambda s: suggested[0] not in s["suggestions"])
        editor.d.click("accept_all")
        state = editor.wait("the rest accepted", lambda s: s["suggestions"] == [] and s["elements"] == len(suggested))
        editor.wait_page()
        editor.key("ctrl+z")
        editor.wait("accepting all undone at once", lambda s: s["elements"] == 1)
        editor.key("ctrl+shift+z")
        editor.wait("and redone", lambda s: s["elements"] == len(suggested))
        editor.key("ctrl+s")
        editor.wait("saved", lambda s: not s["modified"])
    finally:
        editor.close()
    saved = valid_template(template)
    image = saved["elements"][0]
    assert image["type"] == "image" and image["src"] == "scan.png", image
    assert (image["x"], image["y"], image["width"], image["height"]) == (0, 0, 210, 297), image
    assert sorted(e["key"] for e in saved["elements"][1:]) == sorted(suggested[1:]), saved["elements"]


def main():
    scenario = sys.argv[1]
    work = tempfile.mkdtemp(prefix=f"kakanai-editor-{scenario}-")
    try:
        {"mouse-and-keys": mouse_and_keys, "recovery": recovery, "keyboard-only": keyboard_only,
         "snap-ruled-lines": snap_ruled_lines, "test-fill": test_fill, "pdfme": pdfme,
         "from-pdf": from_pdf, "from-scan": from_scan}[scenario](work)
    except BaseException:
        log = os.path.join(work, "editor.log")
        if os.path.exists(log):
            sys.stderr.write(open(log, encoding="utf-8", errors="replace").read()[-4000:])
        raise
    shutil.rmtree(work, ignore_errors=True)
    print(f"editor {scenario}: ok")


main()
