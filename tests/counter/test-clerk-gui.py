#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Clerk mode, silent printing and statistics in the real kiosk (suite 'counter').

    with-cups run-under-xvfb test-clerk-gui.py KAKANAI-KIOSK KAKANAI

A demo-card session prints on the test queue (the printed PDF holds the card's name) and
leaves one statistics row; a stopped printer raises the alert at once and the job prints
after the printer resumes; the clerk PIN opens clerk mode (a wrong one does not); a
resident without a card goes through the clerk's interview and gets a printed form; the
clerk's reset returns to the start; five wrong clerk PINs lock the pad, and a restarted
kiosk keeps it locked (the lockout is in the state folder).
With KAKANAI_SCREENSHOT_DIR set, the clerk screens are saved there.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_counter as kc  # noqa: E402


def shot(kiosk, name):
    outdir = os.environ.get("KAKANAI_SCREENSHOT_DIR")
    if outdir:
        time.sleep(0.6)
        kiosk.d.screenshot(os.path.join(outdir, name + ".png"))


def main():
    kiosk_path, kakanai = sys.argv[1], sys.argv[2]
    printer = os.environ["KAKANAI_TEST_PRINTER"]
    with tempfile.TemporaryDirectory(prefix="kakanai-clerk-gui-") as tmp:
        statistics = os.path.join(tmp, "state", "statistics.sqlite")
        config = os.path.join(tmp, "kakanai.conf")
        kc.write_config(config, kakanai, statistics, os.path.join(tmp, "output"), printer)
        log = os.path.join(os.environ.get("KAKANAI_DEBUG_SHOTS", tmp), "kiosk.log")
        state_home = os.path.join(tmp, "xdg-state")
        lockout = os.path.join(state_home, "kakanai", "clerk-lockout")
        kiosk = kc.Kiosk(kiosk_path, config, tmp, log, state_home=state_home)
        try:
            # 1. A card session prints silently on the configured printer.
            kiosk.card_session()
            kc.wait_for(lambda: len(kc.printed_jobs()) == 1, what="the first print")
            time.sleep(0.5)
            text = kc.pdf_text(os.path.join(os.environ["KAKANAI_TEST_CUPS_DIR"], "out", kc.printed_jobs()[0]))
            assert "山口" in text, "the printed form lacks the card's name"
            assert not os.listdir(os.path.join(tmp, "output")) if os.path.isdir(os.path.join(tmp, "output")) else True, \
                "a PDF was written to the output folder although a printer is configured"
            kc.wait_for(lambda: os.path.exists(statistics) and len(kc.sessions(statistics)) == 1,
                        what="the statistics row")
            assert kc.sessions(statistics)[0] == ("card", "printed", "juminhyo"), kc.sessions(statistics)

            # 2. A wrong clerk PIN does not open clerk mode; the right one does.
            kiosk.d.wait_step("welcome", timeout=60)
            # On a settled screen, as type_clerk_pin() presses it.
            kiosk.d.wait_settled()
            kiosk.d.key("ctrl+alt+k")
            kiosk.d.find("clerk_digit_0")
            shot(kiosk, "clerk-pin")
            for digit in kc.WRONG_CLERK_PIN:
                kiosk.d.click("clerk_digit_" + digit)
            kiosk.d.click("pin_submit_button")
            time.sleep(0.5)
            assert kiosk.d.ask("find interview_button") == "none", "a wrong PIN opened clerk mode"
            with open(lockout, encoding="utf-8") as f:
                assert "failures=1\n" in f.read(), "the wrong PIN was not counted in the state folder"
            kiosk.d.click("pin_cancel_button")
            kiosk.open_clerk_mode()
            with open(lockout, encoding="utf-8") as f:
                assert "failures=0\n" in f.read(), "the right PIN did not clear the count"
            shot(kiosk, "clerk-panel")
            kiosk.d.click("close_button")

            # 3. A stopped printer: the alert shows at once, the job prints after resuming.
            subprocess.run(["cupsdisable", printer], check=True)
            kiosk.card_session()
            kiosk.d.find("clerk_print_alert", timeout=20)
            shot(kiosk, "clerk-print-alert")
            assert len(kc.printed_jobs()) == 1
            kiosk.open_clerk_mode()
            shot(kiosk, "clerk-panel-print-waiting")
            subprocess.run(["cupsenable", printer], check=True)
            kc.wait_for(lambda: len(kc.printed_jobs()) == 2, what="the print after resuming")
            kiosk.d.click("close_button")
            time.sleep(0.5)
            assert kiosk.d.ask("find clerk_print_alert") == "none", "the alert stayed after printing"

            # 4. A resident without a card: the clerk types the data, the form is printed.
            kiosk.d.wait_step("welcome", timeout=60)
            kiosk.open_clerk_mode()
            kiosk.d.click("interview_button")
            shot(kiosk, "clerk-interview")
            kiosk.d.click("interview_cancel_button")
            kiosk.d.click("close_button")
            kiosk.interview_session("Zyxwvu Kakanaitest", "9-9 Qwertyuiop Town", "S55.4.1")
            kc.wait_for(lambda: len(kc.printed_jobs()) == 3, what="the interview print")
            time.sleep(0.5)
            text = kc.pdf_text(os.path.join(os.environ["KAKANAI_TEST_CUPS_DIR"], "out", kc.printed_jobs()[-1]))
            assert "Zyxwvu" in text, "the printed form lacks the typed name"
            kc.wait_for(lambda: len(kc.sessions(statistics)) == 3, what="three statistics rows")
            assert kc.sessions(statistics)[-1][:2] == ("interview", "printed"), kc.sessions(statistics)

            # 5. Reset from clerk mode: back to the start, the session counted as clerk_reset.
            kiosk.wait_welcome()
            kiosk.d.click("start_button")
            kiosk.d.wait_step("choose")
            kiosk.open_clerk_mode()
            kiosk.d.click("reset_button")
            kiosk.d.wait_step("welcome")
            kc.wait_for(lambda: len(kc.sessions(statistics)) == 4, what="the reset session's row")
            assert kc.sessions(statistics)[-1][1] == "clerk_reset", kc.sessions(statistics)

            # 6. Five wrong clerk PINs lock the pad, and restarting the kiosk does not unlock it.
            kiosk.wait_welcome()
            for attempt in range(5):
                kiosk.type_clerk_pin(kc.WRONG_CLERK_PIN)
                time.sleep(0.5)
                kiosk.d.click("pin_cancel_button")
            with open(lockout, encoding="utf-8") as f:
                state = f.read()
            assert "lockouts=1\n" in state, "five wrong PINs did not lock: " + state
            kiosk.close()
            kiosk = kc.Kiosk(kiosk_path, config, tmp, log + ".2", state_home=state_home)
            kiosk.wait_welcome()
            kiosk.type_clerk_pin(kc.CLERK_PIN)
            time.sleep(1)
            assert kiosk.d.ask("find interview_button") == "none", "a restart ended the lockout"
        finally:
            kiosk.close()
    print("clerk GUI: all checks passed")


if __name__ == "__main__":
    main()
