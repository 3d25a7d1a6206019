#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""GUI tests of kakanai-kiosk: real input events (xdotool) on a real PC/SC stack.

Runs inside tests/with-virtual-card (pcscd + vpcd + kakanai-cardsim; it exports
KAKANAI_TEST_READER and KAKANAI_CARDSIM_PID) and tests/gui/run-under-xvfb.

  test-kiosk-gui.py flow      the whole flow -> a PDF holding the card's name and
                              address; the card taken away on the PIN screen -> start;
                              the idle timeout -> start
  test-kiosk-gui.py resident  a 転入 visit (the tennyu procedure, one form taken away)
                              to a PDF with the household member; answers refused as
                              typed, with the reason; "Call staff" runs the counter's
                              command; the start screen says why after a removed card
  test-kiosk-gui.py last-try  a card with one try left: the PIN pad stays locked and no
                              PIN reaches the card (its tries stay 1); after the clerk
                              key combination the last try reads the card
"""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from kiosk_driver import KioskDriver  # noqa: E402

BUILD = os.environ["KAKANAI_BUILD_ROOT"]
KIOSK = os.path.join(BUILD, "app", "kiosk", "kakanai-kiosk")
KAKANAI = os.path.join(BUILD, "app", "cli", "kakanai")
READER = os.environ["KAKANAI_TEST_READER"]
CARDSIM_PID = int(os.environ["KAKANAI_CARDSIM_PID"])
NAME_FAMILY, NAME_GIVEN = "山口", "花子"
ADDRESS = "山口県山口市亀山町2番1号"


class Kiosk:
    def __init__(self, workdir, idle_timeout=600, extra_config=""):
        self.workdir = workdir
        self.output = os.path.join(workdir, "output")
        config = os.path.join(workdir, f"kakanai-{idle_timeout}.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write("[kiosk]\n"
                    "municipality=テスト市\n"
                    f"reader={READER}\n"
                    f"output-dir={self.output}\n"
                    f"idle-timeout={idle_timeout}\n" + extra_config)
        self.sock = os.path.join(workdir, f"hook-{idle_timeout}.sock")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=self.sock,
                   XDG_CONFIG_HOME=os.path.join(workdir, "config"),
                   XDG_STATE_HOME=os.path.join(workdir, "state"),
                   XDG_DATA_HOME=os.path.join(workdir, "data"))
        self.log = open(os.path.join(workdir, f"kiosk-{idle_timeout}.log"), "w")
        self.proc = subprocess.Popen([KIOSK, "--windowed", "--config", config], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.d = KioskDriver(self.sock)
        try:
            self.d.wait_step("welcome", timeout=30)
        except BaseException:
            # A kiosk that never came up must not outlive its test (it may be spinning).
            self.proc.kill()
            self.proc.wait()
            self.log.close()
            raise

    def close(self):
        """Stops the kiosk as systemd would; it must quit cleanly (status 0: no
        leak or sanitizer report in sanitizer builds)."""
        self.proc.terminate()
        try:
            status = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the kiosk did not quit on SIGTERM")
        finally:
            self.log.close()
        if status != 0:
            with open(self.log.name, encoding="utf-8", errors="replace") as f:
                sys.stderr.write(f.read()[-6000:])
            raise AssertionError(f"the kiosk exited with status {status}")

    def start_and_choose(self, *forms, procedure=None):
        """Start, then a procedure (its forms chosen) or the forms one by one."""
        d = self.d
        d.click("start_button")
        d.wait_step("choose")
        if procedure:
            d.click("procedure:" + procedure)
        for form in forms:
            d.click("form:" + form)
        d.click("next_button")

    def start_over(self):
        """"Start over" asks first; "No" keeps the visit, "Yes" ends it."""
        d = self.d
        step = d.step()
        d.click("start_over_button")
        d.click("start_over_no")
        assert d.step() == step, f"answering No to 'Start over?' left {step} for {d.step()}"
        d.click("start_over_button")
        d.click("start_over_yes")
        d.wait_step("welcome")


def set_card_present(present):
    os.kill(CARDSIM_PID, signal.SIGUSR2 if present else signal.SIGUSR1)
    time.sleep(1.0)


def pdf_text(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], check=True,
                          capture_output=True, text=True).stdout


def assert_read_to_the_end(d):
    """The reading screen's bar followed the card's steps and ended full."""
    fraction = d.ask("reading-progress")
    assert fraction == "1.00", f"the reading progress ended at {fraction}, not 1.00"


def whole_flow(kiosk):
    d = kiosk.d
    kiosk.start_and_choose(procedure="shomeisho")
    d.wait_step("pin", timeout=20)
    # Four digits alone send nothing: a mistyped last digit is erased, not a spent try.
    for digit in "1235":
        d.click(f"pad-key-{digit}")
    time.sleep(1.0)
    assert d.step() == "pin", f"four digits left the PIN screen without OK: {d.step()}"
    d.click("pad-key-erase")
    d.click("pad-key-4")
    d.click("pad-key-ok")
    d.wait_step("confirm", timeout=20)
    assert_read_to_the_end(d)
    d.click("next_button")
    d.wait_step("supplements")
    asked = d.answer_all({"request.purpose": "pension", "applicant.phone": "0839221111"})
    for key in ("applicant.name_kana", "applicant.phone", "request.purpose", "request.fiscal_year"):
        assert key in asked, f"{key} was not asked ({asked})"
    d.wait_step("preview")
    d.click("preview_next")
    d.click("preview_zoom_in")
    d.click("next_button")
    d.wait_step("finish")
    pdfs = glob.glob(os.path.join(kiosk.output, "*.pdf"))
    assert len(pdfs) == 1, f"expected one PDF in the output folder, found {pdfs}"
    assert os.stat(pdfs[0]).st_mode & 0o777 == 0o600, "the PDF is not the owner's alone (0600)"
    leftovers = sorted(set(os.listdir(kiosk.output)) - {os.path.basename(pdfs[0])})
    assert not leftovers, f"files besides the PDF in the output folder: {leftovers}"
    text = pdf_text(pdfs[0])
    for expected in (NAME_FAMILY, NAME_GIVEN, ADDRESS, "ヤマクチ", "0839", "テスト市"):
        assert expected in text, f"{expected!r} is not in the PDF text"
    for title in ("住民票の写し等交付請求書", "印鑑登録証明書交付申請書", "所得・課税証明書交付申請書"):
        assert title in text, f"the form {title!r} is not in the PDF"
    # Taking the card back ends the finish screen.
    set_card_present(False)
    d.wait_step("welcome", timeout=10)
    set_card_present(True)
    print("ok: whole flow, PDF text checked")


def card_removed_on_pin(kiosk):
    d = kiosk.d
    kiosk.start_and_choose("juminhyo")
    d.wait_step("pin", timeout=20)
    d.click("pad-key-1")
    set_card_present(False)
    d.wait_step("welcome", timeout=10)
    set_card_present(True)
    print("ok: card removed on the PIN screen -> start")


def idle_timeout(workdir):
    kiosk = Kiosk(workdir, idle_timeout=4)
    try:
        d = kiosk.d
        d.click("start_button")
        d.wait_step("choose")
        d.find("countdown_label", timeout=8)
        d.wait_step("welcome", timeout=10)
        print("ok: idle timeout -> start, with a countdown")
    finally:
        kiosk.close()


def read_tries_left():
    """Asks the card through the CLI with a PIN that a guarded read never sends."""
    out = subprocess.run([KAKANAI, "card", "read", "--pin-stdin", "--json", "--reader", READER],
                         input="0000\n", capture_output=True, text=True)
    return out.returncode, out.stdout.strip()


def last_try(workdir):
    kiosk = Kiosk(workdir)
    try:
        d = kiosk.d
        kiosk.start_and_choose("inkan")
        d.wait_step("pin", timeout=20)
        d.find("pin_message")
        for digit in "1234":
            d.click(f"pad-key-{digit}")
        d.click("pad-key-ok")
        d.key("1", "2", "3", "4", "Return")
        time.sleep(1.0)
        assert d.step() == "pin", f"the kiosk left the PIN screen: {d.step()}"
        status, out = read_tries_left()
        # 14 = last_try_refused: the card still has exactly one try (a spent try would
        # have blocked it, a right PIN would have reset it to 3).
        assert status == 14 and '"last_try_refused"' in out, f"status {status}: {out}"
        print("ok: last-try guard held, the card still has one try")

        # The clerk decides (no clerk PIN configured: the key combination alone).
        d.key("ctrl+alt+k")
        time.sleep(0.5)
        d.key("1", "2", "3", "4", "Return")
        d.wait_step("confirm", timeout=20)
        assert_read_to_the_end(d)
        print("ok: after the clerk key combination the last try read the card")
        kiosk.start_over()
    finally:
        kiosk.close()


def wait_for(predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def type_into(d, widget_id, text):
    """Types on a keyboard into a field (what a resident with a keyboard does)."""
    d.click(widget_id)
    d.xdotool("key", "--delay", "40", "ctrl+a", "BackSpace")
    d.xdotool("type", "--delay", "40", text)


def refused(d, widget_id, text, reason_words):
    type_into(d, widget_id, text)
    wait_for(lambda: d.ask("text error_label") not in ("none", ""), f"a reason for refusing {text!r}")
    reason = d.ask("text error_label")
    assert any(w in reason for w in reason_words), f"{text!r} refused with {reason!r}"
    assert d.ask("sensitive next_button") == "no", f"Next stayed usable after {text!r}"


def tennyu_visit(kiosk):
    d = kiosk.d
    called = os.path.join(kiosk.workdir, "staff-called")

    # Call staff: the request shows, the counter's command runs; closing goes back.
    d.click("start_button")
    d.wait_step("choose")
    d.click("call_staff_button")
    d.find("call_staff_close")
    wait_for(lambda: os.path.exists(called), "the [staff] call-command")
    d.click("call_staff_close")
    assert d.step() == "choose"
    print("ok: Call staff showed the request and ran the counter's command")

    # The procedure chooses its forms; one is taken away again.
    d.click("procedure:tennyu")
    d.click("form:juminhyo")
    d.click("next_button")
    d.wait_step("pin", timeout=20)
    d.key("1", "2", "3", "4", "Return")
    d.wait_step("confirm", timeout=20)
    d.click("next_button")
    d.wait_step("supplements")

    # Answers are checked as typed, with the reason in words.
    while d.question()[1] != "applicant.name_kana":
        key = d.answer_question()
        d.wait_next_enabled()
        d.click("next_button")
        wait_for(lambda: d.question()[1] != key, f"the question after {key}")
    refused(d, "entry:applicant.name_kana", "yamada 1", ("カタカナ", "katakana", "Katakana"))
    type_into(d, "entry:applicant.name_kana", "やまぐち")
    d.wait_next_enabled()
    assert d.ask("text error_label") in ("none", ""), "the reason stayed after a good answer"
    d.click("next_button")
    wait_for(lambda: d.question()[1] == "applicant.phone", "the phone question")
    refused(d, "entry:applicant.phone", "083a9", ("電話", "phone", "Phone", "数字", "digit"))
    type_into(d, "entry:applicant.phone", "083-922-1111")
    d.wait_next_enabled()
    d.click("next_button")
    print("ok: katakana and phone refused as typed, with the reason")

    member = {"n": 1, "name": "ヤマクチタロウ", "choice": ("relationship", "child")}
    asked = d.answer_all({"form.household": [member], "form.children": [dict(member, choice=("living", "together"))]})
    for key in ("form.household", "form.children", "form.bank_name", "form.account_number"):
        assert key in asked, f"{key} was not asked ({asked})"
    d.wait_step("preview")
    d.click("next_button")
    d.wait_step("finish")
    pdfs = glob.glob(os.path.join(kiosk.output, "*.pdf"))
    assert len(pdfs) == 1, f"expected one PDF, found {pdfs}"
    assert pdfs[0].endswith("-jidoteate+tennyu.pdf"), pdfs[0]
    text = pdf_text(pdfs[0])
    for expected in (NAME_FAMILY, ADDRESS, "ヤマグチ", "ヤマクチタロウ", "0839221111"):
        assert expected in text.replace("-", ""), f"{expected!r} is not in the PDF text"
    set_card_present(False)
    d.wait_step("welcome", timeout=20)
    set_card_present(True)
    print("ok: a 転入 visit (tennyu + jidoteate) to the PDF")


def removed_card_notice(kiosk):
    d = kiosk.d
    kiosk.start_and_choose("inkan")
    d.wait_step("pin", timeout=20)
    set_card_present(False)
    d.wait_step("welcome", timeout=20)
    wait_for(lambda: d.ask("text notice_label") not in ("none", ""), "the reason on the start screen")
    set_card_present(True)
    print("ok: after a removed card the start screen says why")


def main():
    what = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="kakanai-gui-") as workdir:
        if what == "flow":
            kiosk = Kiosk(workdir)
            try:
                whole_flow(kiosk)
                card_removed_on_pin(kiosk)
            finally:
                kiosk.close()
            idle_timeout(workdir)
        elif what == "resident":
            kiosk = Kiosk(workdir, extra_config=f"\n[staff]\ncall-command=touch {workdir}/staff-called\n")
            try:
                tennyu_visit(kiosk)
                removed_card_notice(kiosk)
            finally:
                kiosk.close()
        elif what == "last-try":
            last_try(workdir)
        else:
            raise SystemExit(f"unknown test {what}")


if __name__ == "__main__":
    main()
