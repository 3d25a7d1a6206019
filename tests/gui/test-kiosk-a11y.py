#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader gets from kakanai-kiosk: the AT-SPI tree of every screen.

Runs under tests/gui/run-under-xvfb with the system Python (python3-pyatspi), on the demo
card. On each screen of a visit it walks the kiosk's accessible tree and fails on a
focusable control without a name or named after its GTK class, on a second
screen exposed (more than one level-1 heading showing), on a procedure, form or choice
that is not a toggle button, on a question whose title is not a heading, and on an
answer refused without an AT-SPI event from an alert carrying the reason (what a screen
reader announces; GTK 4.8 has no gtk_accessible_announce()), and on ruby markup
({漢字|かんじ}) in a name: a screen reader would spell out the braces.

  test-kiosk-a11y.py KIOSK [LANGUAGE]     (default en; ja@easy draws readings as ruby)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi
from gi.repository import GLib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import KioskDriver  # noqa: E402


def kiosk_app():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name and "kakanai-kiosk" in app.name:
                return app
        time.sleep(0.5)
    raise AssertionError("the kiosk never showed up on the accessibility bus")


RUBY_MARKUP = re.compile(r"\{[^{}|]+\|[^{}]+\}")


def strip_ruby(text):
    return re.sub(r"\{([^{}|]+)\|[^{}]+\}", r"\1", text)


def walk(node, depth=0):
    yield node
    if depth > 60:
        return
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child, depth + 1)


def heading_level(node):
    attributes = dict(a.split(":", 1) for a in node.getAttributes() if ":" in a)
    return attributes.get("level")


def screens_shown(app):
    """How many screens a screen reader gets: the kiosk's frame is window → overlay →
    content [header, screens, navigation] and the overlays over it (a dialog hides the
    content from assistive technologies)."""
    overlay = app.getChildAtIndex(0).getChildAtIndex(0)
    content = overlay.getChildAtIndex(0)
    covering = sum(1 for i in range(overlay.childCount)
                   if overlay.getChildAtIndex(i).getRole() == pyatspi.ROLE_DIALOG)
    screens = content.getChildAtIndex(1) if content.childCount > 1 else None
    return (screens.childCount if screens is not None else 0) + covering


def is_toggle_on(node):
    """A toggle button turned on, as GTK 4.8 exposes it (role toggle button, or pressed)."""
    states = node.getState()
    return node.getRole() == pyatspi.ROLE_TOGGLE_BUTTON or states.contains(pyatspi.STATE_PRESSED) \
        or states.contains(pyatspi.STATE_CHECKED)


def check_screen(app, screen, toggles_on=(), heading=None):
    """Fails on what a screen reader user could not use on this screen."""
    problems = []
    by_name = {}
    for node in walk(app):
        states = node.getState()
        if not states.contains(pyatspi.STATE_VISIBLE):
            continue
        role = node.getRole()
        name = node.name or ""
        by_name.setdefault(name, []).append(node)
        focusable = states.contains(pyatspi.STATE_FOCUSABLE) and states.contains(pyatspi.STATE_SENSITIVE)
        if focusable and role not in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) and not name.strip():
            problems.append(f"a focusable {node.getRoleName()} without a name")
        if focusable and name.startswith("Gtk"):
            problems.append(f"a {node.getRoleName()} named after its class: {name}")
        for text in (name, node.description or ""):
            if RUBY_MARKUP.search(text):
                problems.append(f"a {node.getRoleName()} whose name or description holds ruby markup: {text!r}")
    shown = screens_shown(app)
    if shown != 1:
        problems.append(f"{shown} screens exposed at once")
    for name in toggles_on:
        if not any(is_toggle_on(n) for n in by_name.get(name, [])):
            problems.append(f"{name!r} is not exposed as a toggle button turned on")
    if heading is not None and not any(n.getRole() == pyatspi.ROLE_HEADING for n in by_name.get(heading, [])):
        problems.append(f"the question {heading!r} is not a heading")
    if problems:
        raise AssertionError(f"screen {screen}:\n  " + "\n  ".join(problems))
    print(f"ok: {screen}: {sum(len(v) for v in by_name.values())} accessible objects checked")


class Announcements:
    """Alerts turning up (an alert added to the tree or turning "showing"): what a screen
    reader says unasked. A label's name changing alone is not enough: screen readers
    speak the name of what has the focus, not of every label that changes."""

    def __init__(self):
        self.heard = []
        pyatspi.Registry.registerEventListener(self.on_event, "object:children-changed:add",
                                               "object:state-changed:showing")

    def on_event(self, event):
        try:
            if event.type.startswith("object:children-changed"):
                sources = [event.any_data] if event.any_data is not None else []
            else:
                sources = [event.source] if event.detail1 == 1 else []
            for node in sources:
                if node.getRole() == pyatspi.ROLE_ALERT and node.name:
                    self.heard.append(node.name)
        except Exception:  # an object gone before it was asked about
            pass

    def pump(self):
        while GLib.MainContext.default().iteration(False):
            pass

    def clear(self):
        self.pump()
        self.heard.clear()

    def wait_for(self, reason, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if any(reason in heard.replace("\n", " ") for heard in self.heard):
                return
            time.sleep(0.05)
        raise AssertionError(f"the reason {reason!r} was not announced (alerts heard: {self.heard})")


def refused_is_announced(d, announcements, widget_id, typed):
    """Types a wrong answer on a keyboard: its reason must come as an alert's event."""
    announcements.clear()
    d.click(widget_id)
    d.xdotool("type", "--delay", "40", typed)
    deadline = time.monotonic() + 20
    while d.ask("text error_label") in ("none", "") and time.monotonic() < deadline:
        time.sleep(0.1)
    reason = d.ask("text error_label")
    assert reason not in ("none", ""), f"{typed!r} was not refused"
    announcements.wait_for(reason)
    d.xdotool("key", "--delay", "40", "ctrl+a", "BackSpace")
    print(f"ok: refusing {typed!r} was announced: {reason}")
    return reason


def refused_is_spoken(d, widget_id, typed):
    """With the voice guide (音声案内) on, the reason is said aloud too; with it off, not."""
    assert d.ask("announced") == "none", f"said aloud with the voice guide off: {d.ask('announced')}"
    d.click("voice_toggle")
    d.click(widget_id)
    d.xdotool("type", "--delay", "40", typed)
    deadline = time.monotonic() + 20
    while d.ask("announced") == "none" and time.monotonic() < deadline:
        time.sleep(0.1)
    reason = d.ask("text error_label")
    assert d.ask("announced") == reason, f"the voice guide said {d.ask('announced')!r}, not the reason {reason!r}"
    d.xdotool("key", "--delay", "40", "ctrl+a", "BackSpace")
    d.click("voice_toggle")
    print(f"ok: with the voice guide on, refusing {typed!r} was said: {reason}")


def main():
    kiosk = sys.argv[1]
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    with open(os.path.join(os.environ["KAKANAI_SOURCE_ROOT"], "assets", "procedures", "shomeisho.json"),
              encoding="utf-8") as f:
        certificate = strip_ruby(json.load(f)["title"][language])
    with tempfile.TemporaryDirectory(prefix="kakanai-a11y-") as tmp:
        launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sock = os.path.join(tmp, "hook.sock")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp, GTK_A11Y="atspi")
        env.pop("NO_AT_BRIDGE", None)
        os.environ.pop("NO_AT_BRIDGE", None)
        config = os.path.join(tmp, "kakanai.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(f"[kiosk]\nlanguages={language};ja\nidle-timeout=600\n")
        log = open(os.path.join(tmp, "kiosk.log"), "w")
        proc = subprocess.Popen([kiosk, "--demo", "--windowed", "--config", config], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            d = KioskDriver(sock)
            d.wait_step("welcome", timeout=60)
            app = kiosk_app()
            announcements = Announcements()
            check_screen(app, "welcome")
            d.click("start_button")
            d.wait_step("choose")
            check_screen(app, "choose")
            d.click("procedure:shomeisho")
            # The procedure and the forms it chose are toggle buttons turned on.
            check_screen(app, "choose (a procedure chosen)", toggles_on=(certificate,))
            d.click("next_button")
            d.wait_step("card")
            check_screen(app, "card")
            d.wait_step("pin", timeout=30)
            check_screen(app, "pin")
            d.key("1", "2", "3", "4", "Return")
            d.wait_step("confirm", timeout=30)
            check_screen(app, "confirm")
            d.click("next_button")
            d.wait_step("supplements")
            seen = set()
            announced = set()
            while d.step() == "supplements":
                kind, key, required, options = d.question()
                if kind not in seen:
                    seen.add(kind)
                    check_screen(app, f"question {key} ({kind})", heading=d.ask("text title_label"))
                if kind in ("katakana", "phone") and kind not in announced:
                    announced.add(kind)
                    refused_is_announced(d, announcements, f"entry:{key}", "yamada 1" if kind == "katakana" else "083a9")
                    if kind == "katakana":
                        refused_is_spoken(d, f"entry:{key}", "yamada 1")
                d.answer_question({"request.purpose": "pension"})
                d.next_question(key)
            assert announced == {"katakana", "phone"}, f"no katakana or phone question to refuse: {announced}"
            d.wait_step("preview")
            check_screen(app, "preview")
            d.click("start_over_button")
            d.find("start_over_yes")
            check_screen(app, "start over?")
            d.click("start_over_yes")
            d.wait_step("welcome")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            launcher.terminate()
            launcher.wait()
            log.close()


if __name__ == "__main__":
    main()
