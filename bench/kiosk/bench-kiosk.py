#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/kiosk: the kiosk's start, memory and preview times (docs/benchmarks.md, Kiosk).

Run under a display, e.g. tests/gui/run-under-xvfb (see docs/benchmarks.md):
  bench-kiosk.py KIOSK [--starts N] [--sessions N]

1. cold start: from exec to the first painted frame (the kiosk's own debug timing,
   measured from main()) and to the start screen answering input (measured here,
   from exec), N starts;
2. memory: VmRSS after each of N complete demo sessions (three forms each);
3. PIN accepted -> preview: the last digit to the card data on screen (card read),
   and the last answer to the preview of the three forms drawn (layout + cairo).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "gui"))
from kiosk_driver import KioskDriver  # noqa: E402

TIMING = re.compile(r"timing: (.*?) ([0-9.]+) ms")


class Run:
    def __init__(self, kiosk, tmp):
        self.sock = os.path.join(tmp, "hook.sock")
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        self.log_path = os.path.join(tmp, "kiosk.log")
        env = dict(os.environ, KAKANAI_KIOSK_TEST_SOCKET=self.sock, TMPDIR=tmp,
                   G_MESSAGES_DEBUG="kakanai-kiosk")
        self.log = open(self.log_path, "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen([kiosk, "--demo", "--windowed"], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.d = KioskDriver(self.sock)

    def timings(self, what):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return [float(m.group(2)) for m in TIMING.finditer(f.read()) if what in m.group(1)]

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def session(d):
    d.click("start_button")
    d.wait_step("choose")
    for form in ("juminhyo", "inkan", "shotoku"):
        d.click("form:" + form)
    d.click("next_button")
    d.wait_step("pin", timeout=20)
    d.key("1", "2", "3", "4", "Return")
    d.wait_step("confirm", timeout=20)
    d.click("next_button")
    d.wait_step("supplements")
    d.answer_all()
    d.wait_step("preview")
    time.sleep(0.3)
    d.click("next_button")
    d.wait_step("finish")
    d.click("done_button")
    d.wait_step("welcome")


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kiosk")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kakanai-bench-") as tmp:
        first_frames, ready = [], []
        for _ in range(args.starts):
            run = Run(args.kiosk, tmp)
            run.d.wait_step("welcome", timeout=30)
            ready.append((time.monotonic() - run.started) * 1000)
            time.sleep(0.3)
            first_frames.extend(run.timings("first frame"))
            run.close()
        print(f"cold start, first frame painted (from main): median {median(first_frames):.0f} ms"
              f" of {len(first_frames)} ({', '.join(f'{v:.0f}' for v in first_frames)})")
        print(f"cold start, start screen answering (from exec): median {median(ready):.0f} ms"
              f" ({', '.join(f'{v:.0f}' for v in ready)})")

        run = Run(args.kiosk, tmp)
        run.d.wait_step("welcome", timeout=30)
        rss = [run.rss_kib()]
        for _ in range(args.sessions):
            session(run.d)
            time.sleep(0.5)
            rss.append(run.rss_kib())
        reads = run.timings("card read, confirm screen shown")
        previews = run.timings("preview of")
        run.close()
        print("RSS (MiB) at start and after each session: " +
              ", ".join(f"{v / 1024:.1f}" for v in rss))
        print(f"last PIN digit -> card data shown: median {median(reads):.1f} ms "
              f"(max {max(reads):.1f}) over {len(reads)} sessions")
        print(f"last answer -> preview of 3 forms drawn: median {median(previews):.1f} ms "
              f"(max {max(previews):.1f}) over {len(previews)} sessions")


if __name__ == "__main__":
    main()
