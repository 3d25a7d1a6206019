# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives kakanai-editor with real X input events (xdotool), for the GUI tests and the
screenshots. Where things are comes from the editor's read-only test hook
(KAKANAI_EDITOR_TEST_SOCKET: "state", "point X Y", "element N", "dialog", "find ID");
everything else is what a member of staff does.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gui"))
from kiosk_driver import KioskDriver  # noqa: E402

SOURCE = os.environ["KAKANAI_SOURCE_ROOT"]
BUILD = os.environ["KAKANAI_BUILD_ROOT"]
EDITOR = os.environ.get("KAKANAI_EDITOR", os.path.join(BUILD, "app", "editor", "kakanai-editor"))
CLI = os.path.join(BUILD, "app", "cli", "kakanai")
# A loaded 2-core machine running a sanitizer build: states may take tens of seconds.
TIMEOUT = 60
MM_TO_PT = 72 / 25.4


class Editor:
    def __init__(self, work, *args):
        self.work = work
        self.socket = os.path.join(work, "editor.sock")
        env = dict(os.environ, KAKANAI_EDITOR_TEST_SOCKET=self.socket,
                   XDG_STATE_HOME=os.path.join(work, "state"),
                   XDG_CONFIG_HOME=os.path.join(work, "config"))
        self.log = open(os.path.join(work, "editor.log"), "a")
        self.process = subprocess.Popen([EDITOR, *args], env=env, stdout=self.log, stderr=self.log)
        self.d = KioskDriver(self.socket, window_class="kakanai-editor")

    def state(self):
        return json.loads(self.d.ask("state", timeout=TIMEOUT))

    def wait(self, what, predicate, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        seen = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the editor exited ({self.process.returncode}) waiting for {what}")
            reply = self.d.ask("state", timeout=TIMEOUT)
            if reply != "none":
                seen = json.loads(reply)
                if predicate(seen):
                    return seen
            time.sleep(0.1)
        raise AssertionError(f"waiting for {what}: state still {seen}")

    def wait_dialog(self, name, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        seen = None
        while time.monotonic() < deadline:
            seen = self.d.ask("dialog", timeout=TIMEOUT)
            if seen == name:
                return
            time.sleep(0.1)
        raise AssertionError(f"expected the dialog {name!r}, still {seen!r}")

    def wait_page(self, timeout=TIMEOUT):
        """Until the page is on screen, without scrolling it: the kiosk driver's find() turns
        the wheel when a widget's middle is out of sight, which it is for a moment while the
        window first grows to its size on a loaded machine, and the page stayed scrolled."""
        deadline = time.monotonic() + timeout
        reply = None
        while time.monotonic() < deadline:
            reply = self.d.ask("find page", timeout=TIMEOUT)
            if reply[0].isdigit():
                return
            time.sleep(0.1)
        raise AssertionError(f"the page is not on screen ({reply})")

    def element(self, index):
        return json.loads(self.d.ask(f"element {index}", timeout=TIMEOUT))

    def screen_point(self, x_mm, y_mm):
        x, y = (int(v) for v in self.d.ask(f"point {x_mm} {y_mm}", timeout=TIMEOUT).split())
        ox, oy = self.d.origin()
        return ox + x, oy + y

    def click_mm(self, x_mm, y_mm):
        x, y = self.screen_point(x_mm, y_mm)
        self.d.xdotool("mousemove", "--sync", str(x), str(y))
        self.d.xdotool("click", "1")

    def drag_mm(self, x_mm, y_mm, dx_px, dy_px, steps=6):
        x, y = self.screen_point(x_mm, y_mm)
        self.d.xdotool("mousemove", "--sync", str(x), str(y))
        self.d.xdotool("mousedown", "1")
        for i in range(1, steps + 1):
            self.d.xdotool("mousemove", "--sync", str(x + dx_px * i // steps), str(y + dy_px * i // steps))
            time.sleep(0.03)
        self.d.xdotool("mouseup", "1")

    def key(self, *keys):
        self.d.xdotool("key", "--clearmodifiers", "--delay", "80", *keys)

    def type(self, text):
        self.d.xdotool("type", "--delay", "60", text)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
