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

    def find(self, widget_id, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.ask("find " + widget_id)
            if reply != "none":
                x, y, w, h = (int(v) for v in reply.split())
                if w > 0 and h > 0:
                    return x, y, w, h
            if time.monotonic() > deadline:
                raise AssertionError(f"widget {widget_id!r} not on screen")
            time.sleep(0.1)

    def click(self, widget_id):
        x, y, w, h = self.find(widget_id)
        ox, oy = self.origin()
        self.xdotool("mousemove", "--sync", str(ox + x + w // 2), str(oy + y + h // 2))
        time.sleep(0.05)
        self.xdotool("click", "1")
        time.sleep(0.15)

    def key(self, *keys):
        self.xdotool("key", "--delay", "60", *keys)
        time.sleep(0.1)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)
