#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No personal data at rest: twenty kiosk sessions, then a search of every file the kiosk
could have written for the residents' names, addresses, birth dates and the PINs.

    no-data-at-rest.py KAKANAI-KIOSK KAKANAI   (under tests/with-cups and run-under-xvfb)

Sessions: residents without a card (the clerk types distinctive names and addresses, so
the clerk PIN is typed too) and demo-card sessions (resident PIN), all printed through
CUPS. Then searched: the kiosk's home (with its XDG folders, the statistics database and
the output folder), the kiosk's log, and every file changed since the start under /tmp,
/var/tmp and the real $HOME. Only the CUPS spool, which CUPS owns, may hold the document;
the test cupsd is told not to keep it (PreserveJobFiles No), so its spool is searched too,
except for the test printer's own output (the paper).
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_counter as kc  # noqa: E402

N_INTERVIEW = 16
N_CARD = 4
MAX_FILE = 64 * 1024 * 1024


def residents():
    for i in range(N_INTERVIEW):
        # Built at run time: the source of this test holds none of these strings whole.
        yield ("Quixotic%02dZephyrine" % i, "%d-%d Marmalade%02dStreet" % (i + 1, i + 7, i),
               "H%d.%d.%d" % (2 + i % 20, 1 + i % 12, 10 + i))


def unique_needles():
    """What only this test typed: safe to look for in files other programs write."""
    found = [kc.CLERK_PIN]
    for name, address, _ in residents():
        found += [name, address]
    return [n.encode() for n in found]


def demo_card_needles():
    """The demo card's face data: other tests print it too, so looked for in our folders only."""
    return [n.encode() for n in ("山口　花子", "山口県山口市亀山町")]


def files_to_search(roots_all, roots_recent, since, skip):
    seen = set()
    for root, recent_only in [(r, False) for r in roots_all] + [(r, True) for r in roots_recent]:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip]
            for f in files:
                path = os.path.join(folder, f)
                if path in seen:
                    continue
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if not os.path.isfile(path) or os.path.islink(path) or st.st_size > MAX_FILE:
                    continue
                if recent_only and max(st.st_mtime, st.st_ctime) < since:
                    continue
                seen.add(path)
                yield path


def search(paths, wanted):
    hits = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        for needle in wanted:
            if needle in data:
                hits.append((path, needle.decode()))
    return hits


def main():
    kiosk_path, kakanai = sys.argv[1], sys.argv[2]
    printer = os.environ["KAKANAI_TEST_PRINTER"]
    cups_dir = os.environ["KAKANAI_TEST_CUPS_DIR"]
    since = time.time() - 1
    with tempfile.TemporaryDirectory(prefix="kakanai-at-rest-") as tmp:
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        os.environ.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                          XDG_DATA_HOME=os.path.join(home, ".local/share"),
                          XDG_STATE_HOME=os.path.join(home, ".local/state"),
                          XDG_CACHE_HOME=os.path.join(home, ".cache"))
        statistics = os.path.join(home, ".local/state/kakanai/statistics.sqlite")
        output = os.path.join(home, "output")
        config = os.path.join(tmp, "kakanai.conf")
        log = os.path.join(tmp, "kiosk.log")
        os.environ["TMPDIR"] = os.path.join(tmp, "tmp")
        os.makedirs(os.environ["TMPDIR"])
        kc.write_config(config, kakanai, statistics, output, printer)
        kiosk = kc.Kiosk(kiosk_path, config, tmp, log)
        try:
            done = 0
            for n, (name, address, birth) in enumerate(residents()):
                kiosk.interview_session(name, address, birth)
                done += 1
                if n % 4 == 3 and done < N_INTERVIEW + N_CARD:
                    kiosk.card_session()
                    done += 1
                kc.wait_for(lambda: len(kc.printed_jobs()) == done, timeout=60, what=f"print {done}")
            kc.wait_for(lambda: len(kc.sessions(statistics)) == done, what="all statistics rows")
            assert done == N_INTERVIEW + N_CARD, done
        finally:
            kiosk.close()

        # The paper really carries the data (so the search below could find it).
        last = kc.pdf_text(os.path.join(cups_dir, "out", kc.printed_jobs()[-1]))
        assert "Quixotic" in last or "山口" in last, "the prints do not hold the names"

        # A planted copy proves the search finds what it looks for.
        canary = os.path.join(home, ".cache", "canary")
        os.makedirs(os.path.dirname(canary), exist_ok=True)
        with open(canary, "wb") as f:
            f.write(b"...%s..." % unique_needles()[-1])
        skip = {os.path.join(cups_dir, "out"), "/proc", "/sys", "/dev"}
        ours = list(files_to_search([home, tmp, os.path.join(cups_dir, "spool")], [], since, skip))
        anywhere = list(files_to_search([], ["/tmp", "/var/tmp", os.path.expanduser("~root")], since, skip))
        assert statistics in ours, "the statistics database was not searched"
        assert log in ours, "the kiosk's log was not searched"
        hits = search(ours, unique_needles() + demo_card_needles()) + search(anywhere, unique_needles())
        paths = set(ours) | set(anywhere)
        assert [h for h in hits if h[0] == canary], "the search missed the planted copy"
        hits = [h for h in hits if h[0] != canary]
        for path, needle in hits:
            print(f"FOUND {needle!r} in {path}")
        assert not hits, f"personal data at rest in {len(hits)} place(s)"
        print(f"no personal data at rest: {len(paths)} files searched after {done} sessions")


if __name__ == "__main__":
    main()
