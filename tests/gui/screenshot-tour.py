#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Takes a screenshot of every kiosk screen, in each language.

Run through scripts/make-screenshots (which starts Xvfb, and the virtual card for the
card modes). Writes OUTDIR/<lang>-<NN>-<screen>.png.

  screenshot-tour.py demo KIOSK OUTDIR LANG...          the whole flow on the demo card
  screenshot-tour.py card KIOSK OUTDIR KIND LANG...     inside tests/with-virtual-card:
      KIND slow (card taken away, reading), one-try (last-try warning), blocked,
      not-mynumber
  screenshot-tour.py problems KIOSK OUTDIR LANG...      no reader; a broken configuration
  screenshot-tour.py languages KIOSK OUTDIR LANG...     the start, choose and PIN screens in
      each language, every language configured, as small PNGs
      (OUTDIR/<lang>-{1-welcome,2-choose,3-pin}.png; ja@easy is written ja-easy)
"""
import signal
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
            d.click("form:juminhyo")
            d.click("form:shotoku")
            shot("choose")
            d.click("next_button")
            d.wait_step("card")
            shot("card")
            d.wait_step("pin")
            d.click("pad-key-1")
            d.click("pad-key-2")
            d.key("3", "4")
            shot("pin")
            d.click("pad-key-ok")
            d.wait_step("confirm")
            shot("confirm")
            d.click("next_button")
            d.wait_step("supplements")
            q = 0
            while d.step() == "supplements":
                q += 1
                kind, key, required, options = d.question()
                if kind == "katakana":
                    for kana in ["ヤ", "マ", "ク", "チ"]:
                        d.click("kana:" + kana)
                    d.click("kana-key:space")
                    for kana in ["ハ", "ナ", "コ"]:
                        d.click("kana:" + kana)
                else:
                    d.answer_question({"request.purpose": "employment"})
                shot(f"supplements-{q}")
                print(f"{lang}-{n:02d}-supplements-{q}: {kind} {key}", flush=True)
                d.next_question(key)
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
            d.click("form:inkan")
            shot("choose-large-high-contrast")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def start_kiosk(kiosk, tmp, config_text=None):
    sock = os.path.join(tmp, "hook.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    args = [kiosk, "--windowed"]
    if config_text is not None:
        config = os.path.join(tmp, "kakanai.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(config_text)
        args += ["--config", config]
    env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp,
               XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_STATE_HOME=os.path.join(tmp, "state"),
               XDG_DATA_HOME=os.path.join(tmp, "data"))
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, KioskDriver(sock)


def stop_kiosk(proc):
    proc.terminate()
    proc.wait(timeout=30)


def to_card_page(d, lang):
    d.wait_step("welcome", timeout=30)
    if lang != "ja":
        d.click("language:" + lang)
        time.sleep(0.3)
    d.click("start_button")
    d.wait_step("choose")
    d.click("form:inkan")
    d.click("next_button")
    # A card already on the reader moves on to the PIN at once.
    deadline = time.monotonic() + 15
    while d.step() == "choose" and time.monotonic() < deadline:
        time.sleep(0.1)


def card_tour(kiosk, outdir, kind, lang):
    reader = os.environ["KAKANAI_TEST_READER"]
    cardsim = int(os.environ["KAKANAI_CARDSIM_PID"])
    with tempfile.TemporaryDirectory(prefix="kakanai-shots-") as tmp:
        proc, d = start_kiosk(kiosk, tmp, f"[kiosk]\nreader={reader}\noutput-dir={tmp}/out\n")

        def shot(name):
            settle()
            d.screenshot(os.path.join(outdir, f"{lang}-{name}.png"))

        try:
            if kind == "slow":
                os.kill(cardsim, signal.SIGUSR1)
                to_card_page(d, lang)
                time.sleep(1.0)
                shot("40-card-waiting")
                os.kill(cardsim, signal.SIGUSR2)
                d.wait_step("pin", timeout=30)
                d.key("1", "2", "3", "4", "Return")
                d.wait_step("reading")
                shot("45-reading")
                d.wait_step("confirm", timeout=30)
                d.click("start_over_button")
                d.click("start_over_yes")
            elif kind == "not-mynumber":
                to_card_page(d, lang)
                time.sleep(2.0)
                shot("42-card-not-mynumber")
            else:
                to_card_page(d, lang)
                d.wait_step("pin", timeout=30)
                shot("43-pin-last-try" if kind == "one-try" else "44-pin-blocked")
        finally:
            stop_kiosk(proc)


def problems_tour(kiosk, outdir, lang):
    with tempfile.TemporaryDirectory(prefix="kakanai-shots-") as tmp:
        proc, d = start_kiosk(kiosk, tmp, "[kiosk]\nreader=No Such Reader\n")
        try:
            to_card_page(d, lang)
            time.sleep(1.5)
            settle()
            d.screenshot(os.path.join(outdir, f"{lang}-41-card-no-reader.png"))
        finally:
            stop_kiosk(proc)
        if lang == "ja":
            # Broken configuration: the kiosk starts in its first language, refuses to serve.
            proc, d = start_kiosk(kiosk, tmp, "[kiosk]\nidle-timeout=60\nidel-timeout=30\n")
            try:
                d.wait_step("problem", timeout=30)
                settle()
                d.screenshot(os.path.join(outdir, "ja-46-not-ready.png"))
            finally:
                stop_kiosk(proc)


def small_shot(d, path):
    """A screenshot at half size in a 256-colour palette: a few tens of kB."""
    settle()
    d.screenshot(path)
    subprocess.run(["convert", path, "-resize", "50%", "-colors", "256", "PNG8:" + path], check=True)


def languages_tour(kiosk, outdir, langs):
    with tempfile.TemporaryDirectory(prefix="kakanai-shots-") as tmp:
        # The demo card (no reader needed), every language offered.
        sock = os.path.join(tmp, "hook.sock")
        config = os.path.join(tmp, "kakanai.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write("[kiosk]\nlanguages=%s\n" % ";".join(langs))
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=sock, TMPDIR=tmp,
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_STATE_HOME=os.path.join(tmp, "state"))
        proc = subprocess.Popen([kiosk, "--demo", "--windowed", "--config", config], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d = KioskDriver(sock)
        try:
            for lang in langs:
                name = lang.replace("@", "-")
                d.wait_step("welcome", timeout=60)
                d.click("language:" + lang)
                while d.ask("language") != lang:
                    time.sleep(0.1)
                small_shot(d, os.path.join(outdir, f"{name}-1-welcome.png"))
                d.click("start_button")
                d.wait_step("choose")
                d.click("form:juminhyo")
                small_shot(d, os.path.join(outdir, f"{name}-2-choose.png"))
                d.click("next_button")
                d.wait_step("pin", timeout=30)
                d.key("1", "2")
                small_shot(d, os.path.join(outdir, f"{name}-3-pin.png"))
                d.click("start_over_button")
                d.click("start_over_yes")
        finally:
            stop_kiosk(proc)


def main():
    mode, kiosk, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    if mode == "demo":
        for lang in sys.argv[4:] or ["ja", "en"]:
            tour(kiosk, outdir, lang)
    elif mode == "card":
        kind = sys.argv[4]
        for lang in sys.argv[5:] or ["ja", "en"]:
            card_tour(kiosk, outdir, kind, lang)
    elif mode == "languages":
        languages_tour(kiosk, outdir, sys.argv[4:])
    elif mode == "problems":
        for lang in sys.argv[4:] or ["ja", "en"]:
            problems_tour(kiosk, outdir, lang)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
