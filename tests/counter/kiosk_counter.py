# SPDX-License-Identifier: GPL-3.0-or-later
"""Counter flows of kakanai-kiosk driven with real input events (tests/gui/kiosk_driver.py).

Shared by test-clerk-gui.py and no-data-at-rest.py. Runs under tests/with-cups (a private
cupsd with the queue $KAKANAI_TEST_PRINTER) and tests/gui/run-under-xvfb.
"""
import os
import random
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "gui"))
from kiosk_driver import KioskDriver  # noqa: E402

class CounterDriver(KioskDriver):
    """KioskDriver whose clicks never wait on a pointer that is already in place
    (xdotool mousemove --sync waits for a motion event that then never comes)."""

    def click(self, widget_id):
        x, y, w, h = self.find(widget_id)
        ox, oy = self.origin()
        target = (ox + x + w // 2, oy + y + h // 2)
        if getattr(self, "_last_pointer", None) == target:
            self.xdotool("mousemove", "--sync", str(target[0] + 3), str(target[1] + 3))
        self.xdotool("mousemove", "--sync", str(target[0]), str(target[1]))
        self._last_pointer = target
        time.sleep(0.05)
        self.xdotool("click", "1")
        time.sleep(0.15)


DEMO_PIN = "1234"
# Drawn at run time: the no-data-at-rest search must not find it in this source file (a
# checkout under /tmp). Twelve digits, so that no unrelated file holds it by chance; never
# the wrong PIN test-clerk-gui.py types.
WRONG_CLERK_PIN = "135792"
CLERK_PIN = "".join(random.SystemRandom().choice("0123456789") for _ in range(12))
while CLERK_PIN == WRONG_CLERK_PIN:
    CLERK_PIN = "".join(random.SystemRandom().choice("0123456789") for _ in range(12))


def make_clerk_hash(kakanai):
    out = subprocess.run([kakanai, "clerk-pin-hash", "--iterations", "10000"],
                         input=CLERK_PIN + "\n", capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.startswith("pin-hash=")][0][len("pin-hash="):]


def write_config(path, kakanai, statistics, output_dir, printer=None, reader=None):
    lines = ["[kiosk]", f"output-dir={output_dir}", "idle-timeout=600"]
    if reader:
        lines.append(f"reader={reader}")
    lines += ["",
             "[clerk]", f"pin-hash={make_clerk_hash(kakanai)}", "",
             "[statistics]", f"database={statistics}", ""]
    if printer:
        lines += ["[printer]", f"name={printer}", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


class Kiosk:
    """One kakanai-kiosk --demo process and its driver."""

    def __init__(self, kiosk, config, workdir, log_path, demo=True, state_home=None):
        self.sock = os.path.join(workdir, "hook.sock")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=self.sock)
        if state_home:  # the kiosk's state folder (the clerk lockout) is state_home/kakanai
            env["XDG_STATE_HOME"] = state_home
        self.log = open(log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([kiosk, *(["--demo"] if demo else []), "--windowed", "--config", config],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.d = CounterDriver(self.sock)
        try:
            self.d.wait_step("welcome", timeout=30)
        except BaseException:
            # A kiosk that never came up must not outlive its test (it may be spinning).
            self.proc.kill()
            self.proc.wait()
            self.log.close()
            raise

    def close(self):
        """Ends the kiosk as systemd would (SIGTERM); it must leave cleanly (a sanitizer
        build reports leaks and errors through the exit status)."""
        self.proc.terminate()
        try:
            status = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = self.proc.wait()
        self.log.close()
        if status != 0:
            with open(self.log.name, encoding="utf-8", errors="replace") as f:
                sys.stderr.write(f.read()[-6000:])
            raise AssertionError(f"kakanai-kiosk exited with status {status}")

    # ---- resident ----

    def wait_welcome(self):
        self.d.wait_step("welcome", timeout=60)

    def choose(self, procedures):
        d = self.d
        d.wait_step("choose")
        for p in procedures:
            d.click("procedure:" + p)
        d.click("next_button")

    def supplements_to_finish(self):
        d = self.d
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            step = d.step()
            if step == "preview":
                break
            if step == "supplements":
                self._fill_supplement()
                d.click("next_button")
                time.sleep(0.4)
            else:
                time.sleep(0.1)
        if d.step() != "preview" and os.environ.get("KAKANAI_DEBUG_SHOTS"):
            d.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], "stuck.png"))
        d.wait_step("preview")
        d.click("next_button")
        d.wait_step("finish")

    def _fill_supplement(self):
        d = self.d
        d.step()  # returns once the page cross-fade is over, when only one page is mapped
        if d.ask("find choice:request.purpose:employment") != "none":
            d.click("choice:request.purpose:employment")
        elif d.ask("find kana:ヤ") != "none":
            for k in "ヤマクチ":
                d.click("kana:" + k)
        elif d.ask("find pad-key-0") != "none":
            for c in "0311112222":
                d.click("pad-key-" + c)

    def card_session(self, procedures=("juminhyo",)):
        d = self.d
        self.wait_welcome()
        for _ in range(3):  # a click during the page cross-fade may be lost
            d.click("start_button")
            try:
                d.wait_step("choose", timeout=3)
                break
            except AssertionError:
                pass
        self.choose(procedures)
        d.wait_step("pin", timeout=20)
        d.key(*DEMO_PIN, "Return")
        d.wait_step("confirm", timeout=20)
        d.click("next_button")
        self.supplements_to_finish()

    # ---- clerk ----

    def type_clerk_pin(self, pin):
        d = self.d
        d.key("ctrl+alt+k")
        d.find("clerk_digit_0")
        for digit in pin:
            d.click("clerk_digit_" + digit)
        d.click("pin_submit_button")

    def open_clerk_mode(self):
        self.type_clerk_pin(CLERK_PIN)
        self.d.find("interview_button")

    def interview_session(self, name, address, birth, procedures=("juminhyo",)):
        d = self.d
        self.wait_welcome()
        self.open_clerk_mode()
        d.click("interview_button")
        for widget, text in (("name_entry", name), ("address_entry", address), ("birth_entry", birth)):
            d.click(widget)
            d.xdotool("type", "--delay", "20", text)
        d.click("interview_submit_button")
        self.choose(procedures)
        self.supplements_to_finish()


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def printed_jobs():
    out = os.path.join(os.environ["KAKANAI_TEST_CUPS_DIR"], "out")
    return sorted(f for f in os.listdir(out) if f.startswith("job-"))


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


def sessions(statistics):
    with sqlite3.connect(statistics) as db:
        return db.execute("SELECT identity, outcome, forms FROM sessions ORDER BY id").fetchall()
