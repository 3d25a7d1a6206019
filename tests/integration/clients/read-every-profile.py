#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""read-every-profile.py CLIENT: runs an independent client (jpki-myna or jsapdu)
against every test profile, each through its own tests/with-virtual-card (real
pcscd + vpcd + kakanai-cardsim), the PIN on the wrapper's standard input, and
compares what it decoded with the profile.

A profile is either read, and then every item must equal the profile's, or
refused in the way that card must refuse that client's sequence (a card that
will not SELECT EF 0011 defeats jpki/myna; one without extended length
defeats jsapdu): the simulator must hold for sequences others wrote for real
cards, faults included."""

import json
import os
import subprocess
import sys

READ = "read"

# profile: what jpki/myna's and jsapdu's sequences get from it.
EXPECTED = {
    "good.json": (READ, READ),
    "rare-kanji.json": (READ, READ),
    "long-address.json": (READ, READ),
    "one-try.json": (READ, READ),
    "slow.json": (READ, READ),
    # Raw items: the clients do not validate them as Kakanai's reader does.
    "bad-birth-date.json": (READ, READ),
    "bad-sex.json": (READ, READ),
    "bad-check-digit.json": (READ, READ),
    "pin-ef-not-found.json": (("refused", "SELECT EF 0011", "6A82"), READ),
    "pin-ef-wrong-p1p2.json": (("refused", "SELECT EF 0011", "6A86"), READ),
    # jsapdu asks for 65536 bytes: the short answer ends with 62 82, which it refuses.
    "short-reads-6282.json": (READ, ("refused", "READ BINARY", "6282")),
    "no-extended-length.json": (READ, ("refused", "READ BINARY", "6700")),
    # jpki/myna asks for 256 bytes (Le 00) when more than 255 are left: the answer is cut.
    "cut-256-byte-answers.json": (("refused", "READ BINARY", None), READ),
    "blocked.json": (("refused", "tries left", "6983"), ("refused", "VERIFY", "6983")),
    "status-verify-blocked.json": (("refused", "VERIFY", "6983"), ("refused", "VERIFY", "6983")),
    "not-mynumber.json": (("refused", "SELECT AP", "6A82"), ("refused", "SELECT AP", "6A82")),
    # T=0: data only through 61xx + GET RESPONSE, which neither client sends.
    "t0.json": (("refused", "READ BINARY", "6107"), ("refused", "READ BINARY", None)),
    "malformed.json": (("bad_data",), ("bad_data",)),
    # The 6th APDU loses half its data: jpki/myna's first READ BINARY, which its loop
    # makes good by reading on from where the data stopped; jsapdu's My Number.
    "truncated.json": (READ, ("bad_data",)),
    # The 4th APDU: jpki/myna's VERIFY, jsapdu's second SELECT AP (for the My Number).
    "removed-at-verify.json": (("card_gone",), ("card_gone",)),
}
CLIENTS = {"jpki-myna": 0, "jsapdu": 1}


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run_client(client, profile_path, pin):
    here = os.path.dirname(os.path.abspath(__file__))
    wrapper = os.path.join(os.environ["KAKANAI_SOURCE_ROOT"], "tests", "with-virtual-card")
    command = [wrapper, profile_path, "--", sys.executable,
               os.path.join(here, f"{client}-client.py"), "--with-my-number"]
    # No __pycache__ in the source tree.
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(command, input=pin + "\n", capture_output=True, text=True, env=env, timeout=300)
    if done.returncode not in (0, 3, 4, 5):
        fail(f"{client} on {profile_path}: exit {done.returncode}\n{done.stderr}")
    try:
        return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        fail(f"{client} on {profile_path}: no JSON answer\n{done.stdout}\n{done.stderr}")


def check(client, name, expected, status, answer, profile):
    if expected == READ:
        if status != 0:
            fail(f"{client} could not read {name}: {answer}")
        for item in ("name", "address", "birth", "sex", "my_number"):
            if answer.get(item) != profile[item]:
                fail(f"{client} read {name}: {item} is {answer.get(item)!r}, the profile says {profile[item]!r}")
        return f"read ({answer['apdus']} APDUs)"
    if answer.get("error") != expected[0]:
        fail(f"{client} on {name}: expected {expected}, got {answer}")
    if expected[0] == "refused":
        if answer["command"] != expected[1] or (expected[2] is not None and answer["sw"] != expected[2]):
            fail(f"{client} on {name}: expected {expected}, got {answer}")
        return f"refused at {answer['command']} with {answer['sw']}"
    return answer["error"]


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CLIENTS:
        fail("usage: read-every-profile.py jpki-myna|jsapdu")
    client = sys.argv[1]
    profiles_dir = os.path.join(os.environ["KAKANAI_SOURCE_ROOT"], "tests", "cardreader", "profiles")
    on_disk = sorted(f for f in os.listdir(profiles_dir) if f.endswith(".json"))
    unlisted = set(on_disk) - set(EXPECTED)
    if unlisted:
        fail(f"profiles without an expected outcome: {sorted(unlisted)}")
    for name in on_disk:
        path = os.path.join(profiles_dir, name)
        with open(path, encoding="utf-8") as f:
            profile = json.load(f)
        status, answer = run_client(client, path, profile["pin"])
        outcome = check(client, name, EXPECTED[name][CLIENTS[client]], status, answer, profile)
        print(f"{client}: {name}: {outcome}", file=sys.stderr)


if __name__ == "__main__":
    main()
