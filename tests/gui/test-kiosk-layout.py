#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every kiosk screen fits 1280×800 at both text sizes, every control within reach.

Runs under tests/gui/run-under-xvfb (a 1280×800 screen) on the demo card. Visits every
screen (and the call-staff and start-over dialogs) of a visit, once with normal and once
with larger text, and the "not ready" screen; on each, the test hook's "reach" says the
window's size, the least the screen needs and the controls a finger cannot reach. Fails
when a screen needs more than the window, the window is not 1280×800, a control lies
past the window's edge or is covered, or one scrolled out of sight cannot be scrolled to.

  test-kiosk-layout.py KIOSK
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import KioskDriver  # noqa: E402

WIDTH, HEIGHT = 1280, 800
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class Layout:
    def __init__(self, driver):
        self.d = driver
        self.problems = []
        self.checked = 0

    def check(self, screen):
        d = self.d
        d.step()  # past any cross-fade
        # A kiosk just started may not have its window on screen yet (a loaded machine).
        deadline = time.monotonic() + 30
        reply = d.ask("reach").split()
        while (reply[0] == "none" or reply[:2] == ["0", "0"]) and time.monotonic() < deadline:
            time.sleep(0.1)
            reply = d.ask("reach").split()
        width, height, needed_width, needed_height = (int(v) for v in reply[:4])
        problems = []
        if (width, height) != (WIDTH, HEIGHT):
            problems.append(f"the window is {width}×{height}, not {WIDTH}×{HEIGHT}")
        if needed_width > WIDTH or needed_height > HEIGHT:
            problems.append(f"needs {needed_width}×{needed_height}, more than {WIDTH}×{HEIGHT}")
        for entry in reply[4:]:
            how, _, control = entry.partition(":")
            if how == "scrolled":
                # Out of sight in a scroller: a resident scrolls to it.
                try:
                    d.find(control, timeout=10)
                except AssertionError as e:
                    problems.append(f"{control} cannot be scrolled to ({e})")
            else:
                problems.append(f"{control} is {how}")
        self.checked += 1
        if problems:
            if os.environ.get("KAKANAI_DEBUG_SHOTS"):
                d.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], f"layout-{screen}.png"))
            self.problems.append(f"{screen}: " + "; ".join(problems))
        else:
            print(f"ok: {screen} fits (needs {needed_width}×{needed_height})")


def start(kiosk, tmp, name, config):
    sock = os.path.join(tmp, f"{name}.sock")
    path = os.path.join(tmp, f"{name}.conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(config)
    env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp,
               XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_STATE_HOME=os.path.join(tmp, "state"),
               XDG_DATA_HOME=os.path.join(tmp, "data"))
    log = open(os.path.join(tmp, f"{name}.log"), "w")
    proc = subprocess.Popen([kiosk, "--demo", "--windowed", "--config", path], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    return proc, log, KioskDriver(sock)


def stop(proc, log):
    proc.terminate()
    try:
        status = proc.wait(timeout=60)
    finally:
        log.close()
    if status != 0:
        with open(log.name, encoding="utf-8", errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
        raise AssertionError(f"the kiosk exited with status {status}")


def visit(layout, size):
    """One visit to the preview and the finish screen, each screen checked."""
    d = layout.d
    d.wait_step("welcome", timeout=60)
    if size == "large":
        d.click("large_text_toggle")
        d.wait_settled()
    layout.check(f"welcome ({size})")
    d.click("start_button")
    d.wait_step("choose")
    d.click("procedure:shomeisho")
    layout.check(f"choose ({size})")
    d.click("call_staff_button")
    d.find("call_staff_close")
    layout.check(f"call staff ({size})")
    d.click("call_staff_close")
    d.click("next_button")
    deadline = time.monotonic() + 30
    seen = set()
    while d.step() not in ("pin",) and time.monotonic() < deadline:
        if d.step() == "card" and "card" not in seen:
            seen.add("card")
            layout.check(f"card ({size})")
        time.sleep(0.05)
    d.wait_step("pin", timeout=30)
    d.type_pad("12")
    layout.check(f"pin ({size})")
    d.type_pad("34")
    d.click("pad-key-ok")
    d.wait_step("confirm", timeout=30)
    layout.check(f"confirm ({size})")
    d.click("next_button")
    d.wait_step("supplements")
    kinds = set()
    while d.step() == "supplements":
        kind, key, required, options = d.question()
        if kind not in kinds:
            kinds.add(kind)
            layout.check(f"question {key} ({kind}, {size})")
        d.answer_question({"request.purpose": "pension"})
        d.next_question(key)
    d.wait_step("preview")
    layout.check(f"preview ({size})")
    d.click("start_over_button")
    d.find("start_over_yes")
    layout.check(f"start over? ({size})")
    d.click("start_over_no")
    d.click("next_button")
    d.wait_step("finish", timeout=30)
    layout.check(f"finish ({size})")
    d.click("done_button")
    d.wait_step("welcome", timeout=30)


def main():
    kiosk = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="kakanai-layout-") as tmp:
        proc, log, d = start(kiosk, tmp, "visit", "[kiosk]\nidle-timeout=600\n")
        layout = Layout(d)
        try:
            visit(layout, "normal")
            visit(layout, "large")
        finally:
            stop(proc, log)
        # The "not ready" screen: a staff call that cannot run is a configuration error.
        proc, log, d = start(kiosk, tmp, "problem", "[staff]\ncall-command=/no/such/pager --desk 1\n")
        layout.d = d
        try:
            d.wait_step("problem", timeout=60)
            layout.check("problem")
            said = d.ask("text message_text")
            assert "problem.conf:2" in said and "/no/such/pager" in said, f"the problem screen says {said!r}"
            print("ok: a staff call that cannot run keeps the kiosk from serving, with the line")
        finally:
            stop(proc, log)
        # Two templates asking one key with different choices: not ready either.
        forms = os.path.join(tmp, "forms")
        os.makedirs(forms)
        with open(os.path.join(SOURCE, "assets", "forms", "juminhyo.json"), encoding="utf-8") as f:
            juminhyo = f.read()
        with open(os.path.join(SOURCE, "assets", "forms", "shotoku.json"), encoding="utf-8") as f:
            clashing = f.read().replace('"form.tax_certificate"', '"request.kind"')
        for name, text in (("juminhyo.json", juminhyo), ("shotoku.json", clashing)):
            with open(os.path.join(forms, name), "w", encoding="utf-8") as f:
                f.write(text)
        proc, log, d = start(kiosk, tmp, "clash", f"[kiosk]\ntemplate-dirs={forms}\n")
        try:
            d.wait_step("problem", timeout=60)
            said = d.ask("text message_text")
            assert "request.kind" in said and "shotoku" in said, f"the problem screen says {said!r}"
            print("ok: forms asking one key with different choices keep the kiosk from serving")
        finally:
            stop(proc, log)
        if layout.problems:
            raise AssertionError("screens that do not fit:\n  " + "\n  ".join(layout.problems))
        print(f"ok: {layout.checked} screens fit {WIDTH}×{HEIGHT}")


if __name__ == "__main__":
    main()
