# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives kakanai-kiosk with real X input events (xdotool).

Where to click comes from the kiosk's read-only test hook
(KAKANAI_KIOSK_TEST_SOCKET): "find ID" gives a widget's box in window
coordinates, "step" the step shown. Everything else is what a resident does:
pointer clicks and key presses.
"""
import os
import socket
import subprocess
import time


class KioskDriver:
    def __init__(self, socket_path, display=None, window_class="kakanai-kiosk"):
        self.socket_path = socket_path
        self.env = dict(os.environ)
        if display:
            self.env["DISPLAY"] = display
        self.window_origin = None
        self.window_class = window_class

    def ask(self, request, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(timeout)
                    s.connect(self.socket_path)
                    s.sendall(request.encode() + b"\n")
                    data = b""
                    while not data.endswith(b"\n"):
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    return data.decode().strip()
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def step(self, timeout=30.0):
        """The step shown, once no page is cross-fading (a click during the fade may be
        lost, and the page under it may still be the last one)."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.ask("step", timeout=max(5.0, deadline - time.monotonic()))
            if seen != "changing" or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def wait_step(self, wanted, timeout=15.0):
        deadline = time.monotonic() + timeout
        seen = None
        while time.monotonic() < deadline:
            # A kiosk still starting (fonts, first frame) may take a while to answer on a
            # loaded machine: give the question the time left, not the default 5 s.
            seen = self.step(timeout=max(5.0, deadline - time.monotonic()))
            if seen == wanted:
                return
            time.sleep(0.1)
        raise AssertionError(f"expected step {wanted!r}, still {seen!r} after {timeout}s")

    def xdotool(self, *args):
        return subprocess.run(["xdotool", *args], env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def origin(self):
        """The window's position on the screen (no window manager: usually 0,0)."""
        if self.window_origin is None:
            deadline = time.monotonic() + 10
            while True:
                out = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", self.window_class],
                                     env=self.env, capture_output=True, text=True).stdout.split()
                if out:
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.window_class} window not found")
                time.sleep(0.2)
            geometry = self.xdotool("getwindowgeometry", "--shell", out[-1])
            values = dict(line.split("=") for line in geometry.split())
            self.window_origin = (int(values["X"]), int(values["Y"]))
        return self.window_origin

    def scroll(self, direction):
        """Turns the wheel over the answers (a resident swipes)."""
        ox, oy = self.origin()
        box = self.ask("find scroller")
        x, y, w, h = (int(v) for v in box.split()) if box[0].isdigit() else (0, 0, 1280, 800)
        point = (ox + x + w // 2, oy + y + h // 2)
        if getattr(self, "_last_pointer", None) != point:
            self.xdotool("mousemove", "--sync", str(point[0]), str(point[1]))
        self._last_pointer = point
        self.xdotool("click", "--repeat", "3", "5" if direction == "below" else "4")
        time.sleep(0.2)

    def find(self, widget_id, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.ask("find " + widget_id)
            if reply.startswith("clipped ") and time.monotonic() < deadline:
                self.scroll(reply.split()[1])
                continue
            if reply != "none" and not reply.startswith("clipped "):
                x, y, w, h = (int(v) for v in reply.split())
                if w > 0 and h > 0:
                    return x, y, w, h
            if time.monotonic() > deadline:
                if os.environ.get("KAKANAI_DEBUG_SHOTS"):
                    self.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], "not-found.png"))
                raise AssertionError(f"widget {widget_id!r} not on screen ({reply})")
            time.sleep(0.1)

    # The kiosk takes a tap on a new screen, where the control just pressed was, for a
    # double tap on that control (kakanai-kiosk-window.c, 600 ms): another control is
    # touched only once the screen is older than this.
    SETTLED_MS = 700

    def wait_settled(self):
        deadline = time.monotonic() + 10
        while True:
            age = self.ask("screen-age")
            if not age.lstrip("-").isdigit() or int(age) >= self.SETTLED_MS or time.monotonic() > deadline:
                return
            time.sleep((self.SETTLED_MS - int(age)) / 1000 + 0.02)

    def click(self, widget_id):
        x, y, w, h = self.find(widget_id)
        ox, oy = self.origin()
        target = (ox + x + w // 2, oy + y + h // 2)
        if getattr(self, "_last_click", None) != widget_id:
            self.wait_settled()
            x, y, w, h = self.find(widget_id)
            target = (ox + x + w // 2, oy + y + h // 2)
        # xdotool mousemove --sync waits for a motion event, which never comes when the
        # pointer is already there: step aside first.
        if getattr(self, "_last_pointer", None) == target:
            self.xdotool("mousemove", "--sync", str(target[0] + 3), str(target[1] + 3))
        self.xdotool("mousemove", "--sync", str(target[0]), str(target[1]))
        self._last_pointer = target
        time.sleep(0.05)
        self.xdotool("click", "1")
        self._last_click = widget_id
        time.sleep(0.15)

    def key(self, *keys):
        self.xdotool("key", "--delay", "60", *keys)
        time.sleep(0.1)

    def question(self):
        """The question shown: (kind, key, required, [options]) or None."""
        reply = self.ask("question")
        if reply == "none":
            return None
        parts = reply.split(" ")
        options = parts[3].split(",") if len(parts) > 3 and parts[3] else []
        return parts[0], parts[1], parts[2] == "required", options

    def wait_next_enabled(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while self.ask("sensitive next_button") != "yes":
            if time.monotonic() > deadline:
                if os.environ.get("KAKANAI_DEBUG_SHOTS"):
                    self.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], "next-disabled.png"))
                raise AssertionError(f"Next stayed disabled on {self.question()}: "
                                     f"{self.ask('text error_label')}")
            time.sleep(0.1)

    def type_kana(self, text):
        for kana in text:
            self.click("kana:" + kana)

    def type_pad(self, digits):
        for digit in digits:
            self.click("pad-key-" + digit)

    def answer_question(self, answers=None):
        """Answers the question shown the way a resident would, by touch: @answers maps a
        key to what to touch or type; anything else gets a plain answer of its kind."""
        kind, key, required, options = self.question()
        wanted = (answers or {}).get(key)
        if kind in ("katakana", "text"):
            # "" leaves the field empty (an optional one skipped, as many residents do)
            self.type_kana("ヤマクチ" if wanted is None else wanted)
        elif kind in ("phone", "digits", "postal_code"):
            if wanted is not None or required:
                self.type_pad(wanted or {"phone": "0839221111", "postal_code": "7530011"}.get(kind, "1234567"))
        elif kind in ("choice", "yes_no"):
            if wanted is not None or required:
                self.click(f"choice:{key}:{wanted or options[0]}")
        elif kind == "multiple_choice":
            for value in (wanted or [options[0]] if required or wanted else []):
                self.click(f"choice:{key}:{value}")
        elif kind == "date":
            if wanted is not None or required:
                self.click(f"less:day:{key}")  # yesterday
        elif kind == "group":
            for member in (wanted or []):
                self.click(f"add:{key}")
                n = member["n"]
                self.click(f"entry:{key}.{n}.name")
                self.type_kana(member["name"])
                self.click(f"less10:year:{key}.{n}.birth_date")
                self.click(f"choice:{key}.{n}.{member['choice'][0]}:{member['choice'][1]}")
        # numbers and years start at a valid value
        return key

    def answer_all(self, answers=None, limit=40):
        """Answers every question up to the preview; returns the keys asked, in order."""
        asked = []
        while self.step() == "supplements":
            if len(asked) >= limit:
                raise AssertionError(f"the questions never end: {asked}")
            key = self.answer_question(answers)
            asked.append(key)
            self.wait_next_enabled()
            self.click("next_button")
            deadline = time.monotonic() + 20
            while self.step() == "supplements" and self.question()[1] == key:
                if time.monotonic() > deadline:
                    if os.environ.get("KAKANAI_DEBUG_SHOTS"):
                        self.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], "stuck-question.png"))
                    raise AssertionError(f"Next did not leave the question {key}")
                time.sleep(0.1)
        return asked

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)
