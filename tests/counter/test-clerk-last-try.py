#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clerk allows a resident's last PIN try from clerk mode (suite 'counter').

    with-virtual-card one-try.json -- run-under-xvfb test-clerk-last-try.py KAKANAI-KIOSK KAKANAI

With a clerk PIN configured the key combination alone no longer decides: the guarded PIN
screen stays until the clerk opens clerk mode with the clerk PIN and presses "Allow the
last PIN try"; then the resident's PIN reads the card.
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_counter as kc  # noqa: E402


def main():
    kiosk_path, kakanai = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="kakanai-clerk-last-try-") as tmp:
        config = os.path.join(tmp, "kakanai.conf")
        kc.write_config(config, kakanai, os.path.join(tmp, "statistics.sqlite"),
                        os.path.join(tmp, "output"), reader=os.environ["KAKANAI_TEST_READER"])
        kiosk = kc.Kiosk(kiosk_path, config, tmp, os.path.join(tmp, "kiosk.log"), demo=False)
        d = kiosk.d
        try:
            d.click("start_button")
            kiosk.choose(["inkan"])
            d.wait_step("pin", timeout=20)
            d.find("pin_message")
            d.key(*kc.DEMO_PIN, "Return")
            time.sleep(1.0)
            assert d.step() == "pin", "the last try was spent without a clerk"

            # The key combination now asks for the clerk PIN instead of deciding.
            kiosk.open_clerk_mode()
            d.click("allow_last_try_button")
            time.sleep(0.5)
            assert d.ask("find interview_button") == "none", "clerk mode stayed open"
            d.key(*kc.DEMO_PIN, "Return")
            d.wait_step("confirm", timeout=20)
            d.click("start_over_button")
            d.click("start_over_yes")  # "Start over" asks first
            d.wait_step("welcome")
        finally:
            kiosk.close()
    print("clerk last try: ok")


if __name__ == "__main__":
    main()
