#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No copy of personal data or a PIN left in the programs' memory (suite 'counter').

    with-virtual-card profiles/memory-scan.json -- run-under-xvfb test-memory-scan.py KAKANAI-KIOSK KAKANAI

1. `kakanai fill` reads the card through the real pcscd (PIN on standard input, answers
   with --data) and is stopped by gdb at its exit_group: by then every buffer is freed,
   and gcore writes its whole memory out.
2. The kiosk runs a card session and a clerk interview session and returns to the start
   screen; then its writable memory is read through /proc/PID/mem while it is stopped.
Each is searched for the resident's name, address and answers (UTF-8, UTF-16 and
UTF-32, as GTK, Pango and HarfBuzz hold text), the card PIN (as a line, a C string and
inside the VERIFY command) and the clerk PIN. Any hit fails, with where it was found.
"""
import json
import mmap
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_counter as kc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILE = json.load(open(os.path.join(HERE, "profiles", "memory-scan.json"), encoding="utf-8"))
ANSWERS = {"applicant.name_kana": "ワシオ　シズサ", "applicant.phone": "011-555-0173"}
INTERVIEW = ("Quillon Vexmarrow", "77 Zephyrine Lane Ulmbridge", "S54.3.15")


def text_needles(label, text):
    return [(f"{label} ({enc})", text.encode(enc)) for enc in ("utf-8", "utf-16-le", "utf-32-le")]


def pin_needles(label, pin):
    digits = pin.encode()
    # Four digits alone occur by chance in any large memory; as a line, a C string or
    # inside the VERIFY command they do not.
    def alone(data, start, end):
        before = data[start - 1:start] if start > 0 else b""
        after = data[end:end + 2]
        return not before.isalnum() and (after[:1] in (b"\n", b"\x00") or after == b"\r\n")
    return [(f"{label} as a line or a C string", (digits, alone)),
            (f"{label} in VERIFY", b"\x00\x20\x00\x80" + bytes([len(digits)]) + digits)]


def card_needles():
    needles = text_needles("name", PROFILE["name"]) + text_needles("address", PROFILE["address"])
    for key, value in ANSWERS.items():
        needles += text_needles(key, value)
    return needles + pin_needles("card PIN", PROFILE["pin"])


def context(data, start, end):
    before = data[max(0, start - 48):start]
    after = data[end:end + 48]
    return f"{before.hex(' ')} [..] {after.hex(' ')}  |{before.decode('latin-1')!r} .. {after.decode('latin-1')!r}|"


def search(data, needles):
    hits = []
    for label, needle in needles:
        needle, accept = needle if isinstance(needle, tuple) else (needle, None)
        found, start = [], data.find(needle)
        while start >= 0 and len(found) < 5:
            if accept is None or accept(data, start, start + len(needle)):
                found.append((start, start + len(needle)))
            start = data.find(needle, start + 1)
        for start, end in found:
            hits.append(f"{label} at offset {start:#x}: {context(data, start, end)}")
    return hits


def scan(core, needles):
    with open(core, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return search(data, needles)


def writable_memory(pid):
    """The process's writable mappings (heap, stacks, anonymous and data segments: where a
    program's own copies live), read through /proc/PID/mem while it is stopped, one after
    the other with a gap that no needle matches across."""
    regions = []
    os.kill(pid, signal.SIGSTOP)
    try:
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
            for line in maps:
                fields = line.split()
                start, end = (int(x, 16) for x in fields[0].split("-"))
                if fields[1].startswith("rw") and not (len(fields) > 5 and fields[5].startswith("[v")):
                    try:
                        regions.append(os.pread(mem.fileno(), end - start, start))
                    except OSError:
                        pass  # a guard page or a mapping gone meanwhile
    finally:
        os.kill(pid, signal.SIGCONT)
    return (b"\xff" * 64).join(regions)


def fill_core(kakanai, tmp):
    reader = os.environ["KAKANAI_TEST_READER"]
    with open(os.path.join(tmp, "pin"), "w") as f:
        f.write(PROFILE["pin"] + "\n")
    with open(os.path.join(tmp, "answers"), "w", encoding="utf-8") as f:
        f.write("".join(f"{k}={v}\n" for k, v in ANSWERS.items()))
    core = os.path.join(tmp, "fill.core")
    args = ["fill", "--reader", reader, "--pin-stdin", "--form", "juminhyo",
            "--data", os.path.join(tmp, "answers"), "-o", os.path.join(tmp, "fill.pdf")]
    # gdb's "run ARGS" replaces the arguments: they go there, with the PIN file as stdin.
    run = "run " + " ".join(shlex.quote(a) for a in args) + " < " + shlex.quote(os.path.join(tmp, "pin"))
    out = subprocess.run(
        ["gdb", "-q", "-batch", "-ex", "set pagination off", "-ex", "catch syscall exit_group",
         "-ex", run, "-ex", f"gcore {core}", "-ex", "kill", kakanai],
        capture_output=True, text=True, timeout=300)
    if not os.path.exists(core) or not os.path.exists(os.path.join(tmp, "fill.pdf")):
        sys.stderr.write(out.stdout[-4000:] + out.stderr[-4000:])
        raise AssertionError("kakanai fill under gdb left no core or no PDF")
    return core


def kiosk_memory(kiosk_path, kakanai, tmp):
    config = os.path.join(tmp, "kakanai.conf")
    kc.write_config(config, kakanai, os.path.join(tmp, "statistics.sqlite"), os.path.join(tmp, "output"),
                    reader=os.environ["KAKANAI_TEST_READER"])
    kc.DEMO_PIN = PROFILE["pin"]  # card_session types it
    kiosk = kc.Kiosk(kiosk_path, config, tmp, os.path.join(tmp, "kiosk.log"), demo=False,
                     state_home=os.path.join(tmp, "state"))
    try:
        kiosk.card_session()
        kiosk.interview_session(*INTERVIEW)
        kiosk.wait_welcome()
        time.sleep(2)  # past the idle clean-up of the finished session
        return writable_memory(kiosk.proc.pid)
    finally:
        kiosk.close()


def main():
    kiosk_path, kakanai = sys.argv[1], sys.argv[2]
    failures = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kakanai-memory-scan-") as tmp:
        core = fill_core(kakanai, tmp)
        print(f"kakanai fill and its core: {time.monotonic() - started:.0f} s")
        hits = scan(core, card_needles())
        failures += [f"kakanai fill: {h}" for h in hits]
        print(f"kakanai fill: {len(hits)} hit(s) in {os.path.getsize(core) >> 20} MB")
        os.unlink(core)

        started = time.monotonic()
        memory = kiosk_memory(kiosk_path, kakanai, tmp)
        print(f"two kiosk sessions: {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        needles = card_needles() + text_needles("interview name", INTERVIEW[0]) \
            + text_needles("interview address", INTERVIEW[1]) + [("clerk PIN", kc.CLERK_PIN.encode())]
        hits = search(memory, needles)
        failures += [f"kakanai-kiosk: {h}" for h in hits]
        print(f"kakanai-kiosk: {len(hits)} hit(s) in {len(memory) >> 20} MB of writable memory,"
              f" searched in {time.monotonic() - started:.0f} s")
    if failures:
        print("\n".join(failures))
        raise SystemExit(f"{len(failures)} cop(ies) of personal data or a PIN left in memory")
    print("memory scan: no personal data and no PIN found")


if __name__ == "__main__":
    main()
