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
    """The resident's driver (kept by name for the counter tests)."""


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
        self.d.wait_step("welcome", timeout=30)

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
        # Screens change at once (no cross-fade): the step is the screen shown.
        self.d.wait_step("welcome", timeout=60)

    def choose(self, forms):
        d = self.d
        d.wait_step("choose")
        for form in forms:
            d.click("form:" + form)
        d.click("next_button")

    def supplements_to_finish(self):
        d = self.d
        try:
            d.wait_step("supplements")
            # Only what must be answered: these sessions are about what stays behind, and
            # twenty of them run in one test.
            d.answer_all({"request.purpose": "employment", "request.submit_to": ""})
        finally:
            if d.step() != "preview" and os.environ.get("KAKANAI_DEBUG_SHOTS"):
                d.screenshot(os.path.join(os.environ["KAKANAI_DEBUG_SHOTS"], "stuck.png"))
        d.wait_step("preview")
        d.click("next_button")
        d.wait_step("finish")

    def card_session(self, procedures=("juminhyo",)):
        d = self.d
        self.wait_welcome()
        d.click("start_button")
        d.wait_step("choose")
        self.choose(procedures)
        d.wait_step("pin", timeout=20)
        d.key(*DEMO_PIN, "Return")
        d.wait_step("confirm", timeout=20)
        d.click("next_button")
        self.supplements_to_finish()

    # ---- clerk ----

    def type_clerk_pin(self, pin):
        d = self.d
        # Not at the very instant a screen changes (the finish screen's own return to the
        # start): a clerk's key press comes on a screen that is there.
        d.wait_settled()
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
