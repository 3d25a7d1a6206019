#!/usr/bin/env python3
"""Takes a screenshot of every kiosk screen, in each language, on the demo card.

Run through scripts/make-screenshots (which starts Xvfb). Writes
OUTDIR/<lang>-<NN>-<screen>.png.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import KioskDriver  # noqa: E402


def settle():
    # Past the 150 ms page cross-fade and any spinner start.
    time.sleep(0.6)


def tour(kiosk, outdir, lang):
    with tempfile.TemporaryDirectory(prefix="kakanai-shots-") as tmp:
        sock = os.path.join(tmp, "hook.sock")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp)
        proc = subprocess.Popen([kiosk, "--demo", "--windowed"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            d = KioskDriver(sock)
            n = 0

            def shot(name):
                nonlocal n
                n += 1
                settle()
                d.screenshot(os.path.join(outdir, f"{lang}-{n:02d}-{name}.png"))

            d.wait_step("welcome")
            if lang != "ja":
                d.click("language:" + lang)
                time.sleep(0.3)
            shot("welcome")
            d.click("start_button")
            d.wait_step("choose")
            d.click("procedure:juminhyo")
            d.click("procedure:shotoku")
            shot("choose")
            d.click("next_button")
            d.wait_step("card")
            shot("card")
            d.wait_step("pin")
            d.click("pad-key-1")
            d.click("pad-key-2")
            shot("pin")
            d.key("3", "4")
            d.wait_step("confirm")
            shot("confirm")
            d.click("next_button")
            d.wait_step("supplements")
            q = 0
            while d.step() == "supplements":
                q += 1
                if q == 1:
                    for kana in ["ヤ", "マ", "ク", "チ"]:
                        d.click("kana:" + kana)
                    d.click("kana-key:space")
                    for kana in ["ハ", "ナ", "コ"]:
                        d.click("kana:" + kana)
                if q == 2:
                    for digit in "0839221111":
                        d.click("pad-key-" + digit)
                if q == 3:
                    d.click("choice:request.purpose:employment")
                shot(f"supplements-{q}")
                d.click("next_button")
                time.sleep(0.3)
            d.wait_step("preview")
            shot("preview")
            d.click("preview_next")
            d.click("preview_zoom_in")
            shot("preview-zoomed")
            d.click("next_button")
            d.wait_step("finish")
            shot("finish")
            # Back to the start, then the two look options and the countdown.
            d.wait_step("welcome", timeout=40)
            if lang != "ja":
                d.click("language:" + lang)
                time.sleep(0.3)
            d.click("large_text_toggle")
            d.click("high_contrast_toggle")
            shot("welcome-large-high-contrast")
            d.click("start_button")
            d.wait_step("choose")
            d.click("procedure:inkan")
            shot("choose-large-high-contrast")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main():
    kiosk, outdir = sys.argv[1], sys.argv[2]
    langs = sys.argv[3:] or ["ja", "en"]
    os.makedirs(outdir, exist_ok=True)
    for lang in langs:
        tour(kiosk, outdir, lang)


if __name__ == "__main__":
    main()
