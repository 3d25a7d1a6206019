#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screen of the kiosk, in every language it has a catalogue for, fits 1280×800.

One kiosk on its demo card (no card reader needed), all the languages configured. For each
language: the start screen at both text sizes (the language row wraps, never widens the
screen), then a visit by touch: the choice of procedure, the card, the PIN, the reading, the
check, every question of the form, the preview and the finish screen, and the "Call staff"
dialog. On each, the test hook's "reach" must say: the window 1280×800, its content needing
no more, no control past its edge or covered (one scrolled out of sight may be scrolled
to); and the voice guide's switch is in the header. Run by tests/gui/run-under-xvfb.

  test-kiosk-languages.py KIOSK [LANG...]     (default: every language of po/LINGUAS)
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from kiosk_driver import KioskDriver  # noqa: E402

WIDTH, HEIGHT = 1280, 800
ROOT = os.environ.get("KAKANAI_SOURCE_ROOT", os.path.join(HERE, "..", ".."))


def linguas():
    with open(os.path.join(ROOT, "po", "LINGUAS"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


class Visit:
    def __init__(self, d, lang):
        self.d = d
        self.lang = lang
        self.failures = []

    def check(self, screen, dialog=False):
        """The screen shown (once no page is cross-fading) fits the window: the hook's
        "reach" (kakanai-test-hook.h) gives the window's size, the least its content needs
        and the controls a finger cannot reach; one scrolled out of sight is reachable."""
        d = self.d
        d.step()
        reply = d.ask("reach").split()
        width, height, needed_width, needed_height = (int(v) for v in reply[:4])
        problems = [p for p in reply[4:] if not p.startswith("scrolled:")]
        if (width, height) != (WIDTH, HEIGHT) or needed_width > width or needed_height > height or problems:
            self.failures.append(f"{self.lang} {screen}: window {width}x{height}, needs "
                                 f"{needed_width}x{needed_height} {' '.join(problems)}")
            if os.environ.get("KAKANAI_DEBUG_SHOTS"):
                d.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], f"{self.lang}-{screen}.png"))
        # The voice guide's switch is in the header of every screen (under a dialog too).
        toggle = d.ask("find voice_toggle")
        if not toggle[0].isdigit() and not (dialog and toggle.startswith("clipped")):
            self.failures.append(f"{self.lang} {screen}: no voice guide switch ({toggle})")

    def wait_for(self, what, predicate, timeout=30.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.lang}: {what} did not happen in {timeout}s")
            time.sleep(0.1)

    def start_screen(self):
        d = self.d
        d.wait_step("welcome", timeout=60)
        d.click("language:" + self.lang)
        self.wait_for("the start screen in " + self.lang, lambda: d.ask("language") == self.lang)
        self.check("welcome")
        d.click("large_text_toggle")
        self.check("welcome-large-text")
        d.click("large_text_toggle")

    def call_staff(self, screen):
        d = self.d
        d.click("call_staff_button")
        d.find("call_staff_close")
        self.check(screen + "-call-staff", dialog=True)
        d.click("call_staff_close")
        self.wait_for("the call staff dialog closing", lambda: d.ask("find call_staff_close") == "none")

    def visit(self):
        d = self.d
        d.click("start_button")
        d.wait_step("choose")
        d.click("form:juminhyo")
        self.check("choose")
        self.call_staff("choose")
        d.wait_next_enabled()
        d.click("next_button")
        # The demo card is on its reader already: the card screen may pass at once.
        self.wait_for("the PIN screen", lambda: d.step() in ("card", "pin"))
        if d.step() == "card":
            self.check("card")
        d.wait_step("pin", timeout=30)
        d.key("1", "2")
        self.check("pin")
        d.key("3", "4", "Return")
        self.wait_for("the reading", lambda: d.step() in ("reading", "confirm"))
        if d.step() == "reading":
            self.check("reading")
        d.wait_step("confirm", timeout=60)
        self.check("confirm")
        d.click("next_button")
        d.wait_step("supplements")
        asked = []
        while d.step() == "supplements":
            if len(asked) > 40:
                raise AssertionError(f"{self.lang}: the questions never end: {asked}")
            self.check("question-%d" % (len(asked) + 1))
            key = d.answer_question()
            asked.append(key)
            d.wait_next_enabled()
            d.click("next_button")
            self.wait_for("the next question after " + key,
                          lambda: d.step() != "supplements" or d.question()[1] != key)
        d.wait_step("preview", timeout=60)
        self.check("preview")
        d.click("next_button")
        d.wait_step("finish", timeout=60)
        self.check("finish")
        d.click("done_button")
        d.wait_step("welcome", timeout=60)


def main():
    kiosk = sys.argv[1]
    langs = sys.argv[2:] or linguas()
    failures = []
    with tempfile.TemporaryDirectory(prefix="kakanai-languages-") as tmp:
        config = os.path.join(tmp, "kakanai.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages=%s\nidle-timeout=600\n" % ";".join(linguas()))
        sock = os.path.join(tmp, "hook.sock")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp,
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_STATE_HOME=os.path.join(tmp, "state"),
                   XDG_DATA_HOME=os.path.join(tmp, "data"))
        log_path = os.path.join(tmp, "kiosk.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen([kiosk, "--demo", "--windowed", "--config", config], env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
            try:
                d = KioskDriver(sock)
                for lang in langs:
                    started = time.monotonic()
                    visit = Visit(d, lang)
                    visit.start_screen()
                    visit.visit()
                    failures += visit.failures
                    print(f"{lang}: {len(visit.failures)} screens do not fit "
                          f"({time.monotonic() - started:.1f} s)", flush=True)
            finally:
                proc.terminate()
                try:
                    status = proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    status = "killed"
        if status != 0:
            with open(log_path) as log:
                sys.stdout.write(log.read()[-4000:])
            failures.append(f"the kiosk did not quit cleanly ({status})")
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
