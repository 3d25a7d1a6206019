#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The clerk panel's printer list never freezes the kiosk (suite 'gui').

    with-cups run-under-xvfb test-clerk-printers.py KAKANAI-KIOSK KAKANAI

1. With the private cupsd of tests/with-cups, the list fills with its queue.
2. With CUPS_SERVER pointing at a listener that accepts connections and never answers
   (a remote print server that hangs), the clerk panel still opens at once and says the
   printers are loading; the kiosk goes on answering, and the clerk can close the panel
   and a resident can start. When the listener goes away, or after the kiosk's timeout
   while it still says nothing, the panel says in the kiosk's language (Japanese) that the
   printers could not be listed, and keeps the configured printer selectable.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "counter"))
import kiosk_counter as kc  # noqa: E402

# po/ja.po: "Loading printers…", "Printers could not be listed: %s", and the reasons
# "The print service (CUPS) at “%s” does not answer." / "… did not answer within %u seconds."
LOADING_JA = "プリンターを読み込み中…"
NOT_LISTED_JA = "プリンターの一覧を取得できません: "
GONE_JA = "が応答しません。"
TIMED_OUT_JA = "秒以内に応答しませんでした。"

# Accepts every connection and holds it open without a byte in reply, until killed.
SILENT_SERVER = """
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])
"""


class SilentServer:
    def __init__(self, port=0):
        self.proc = subprocess.Popen([sys.executable, "-c", SILENT_SERVER, str(port)],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def stop(self):
        """Gone: the kernel closes the held connections and refuses new ones."""
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


def text(kiosk, widget_id):
    return kiosk.d.ask("text " + widget_id)


def assert_answers_quickly(kiosk):
    """The main loop runs: the test hook answers within a second."""
    start = time.monotonic()
    step = kiosk.d.ask("step", timeout=1.0)
    assert step != "none" and time.monotonic() - start < 1.0, "the kiosk does not answer"


def assert_loading(kiosk):
    kiosk.d.find("printer_dropdown", timeout=5)
    items = text(kiosk, "printer_dropdown")
    assert items == LOADING_JA, f"expected the loading item, the printer list is {items!r}"
    assert_answers_quickly(kiosk)


def wait_not_listed(kiosk, timeout, reason):
    kc.wait_for(lambda: text(kiosk, "printer_message_label").startswith(NOT_LISTED_JA),
                timeout=timeout, what="the message that the printers could not be listed")
    message = text(kiosk, "printer_message_label")
    print("printer message:", message)
    assert message.endswith(reason), f"expected the reason {reason!r}: {message!r}"
    # The configured printer stays the one chosen, and nothing is loading any more.
    assert text(kiosk, "printer_dropdown") == os.environ["KAKANAI_TEST_PRINTER"], \
        text(kiosk, "printer_dropdown")


def normal_case(kiosk_path, config, tmp):
    printer = os.environ["KAKANAI_TEST_PRINTER"]
    kiosk = kc.Kiosk(kiosk_path, config, tmp, os.path.join(tmp, "kiosk-cupsd.log"))
    try:
        kiosk.wait_welcome()
        kiosk.open_clerk_mode()
        kc.wait_for(lambda: text(kiosk, "printer_dropdown").split("\t") == [printer],
                    timeout=20, what="the printer list with the test queue")
        assert text(kiosk, "printer_message_label") == "none", "a printer message shows although CUPS answered"
        kiosk.d.click("close_button")
    finally:
        kiosk.close()


def silent_server_case(kiosk_path, config, tmp):
    server = SilentServer()
    port = server.port
    saved = os.environ["CUPS_SERVER"]
    os.environ["CUPS_SERVER"] = f"127.0.0.1:{port}"
    try:
        kiosk = kc.Kiosk(kiosk_path, config, tmp, os.path.join(tmp, "kiosk-silent.log"))
    finally:
        os.environ["CUPS_SERVER"] = saved
    try:
        # The panel opens while CUPS says nothing, and the kiosk goes on working.
        kiosk.wait_welcome()
        try:
            kiosk.open_clerk_mode()
        except (TimeoutError, AssertionError) as e:
            raise AssertionError(f"the kiosk stopped answering while the clerk panel opened: {e!r}") from e
        assert_loading(kiosk)
        kiosk.d.click("close_button")
        kiosk.d.click("start_button")
        kiosk.d.wait_step("choose", timeout=5)

        # The server goes away while the list loads: the clerk is told, at once.
        kiosk.open_clerk_mode()
        assert_loading(kiosk)
        server.stop()
        wait_not_listed(kiosk, timeout=10, reason=GONE_JA)
        kiosk.d.click("close_button")

        # A server that never answers: the clerk is told after the kiosk's timeout.
        server = SilentServer(port)
        kiosk.open_clerk_mode()
        assert_loading(kiosk)
        wait_not_listed(kiosk, timeout=40, reason=TIMED_OUT_JA)
        kiosk.d.click("close_button")
        kiosk.d.wait_step("choose", timeout=5)

        # Closed while loading again: kiosk.close() below checks that it still ends cleanly.
        kiosk.open_clerk_mode()
        assert_loading(kiosk)
    finally:
        try:
            kiosk.close()
        finally:
            server.stop()


def main():
    kiosk_path, kakanai = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="kakanai-clerk-printers-") as tmp:
        config = os.path.join(tmp, "kakanai.conf")
        kc.write_config(config, kakanai, os.path.join(tmp, "statistics.sqlite"),
                        os.path.join(tmp, "output"), os.environ["KAKANAI_TEST_PRINTER"])
        normal_case(kiosk_path, config, tmp)
        silent_server_case(kiosk_path, config, tmp)
    print("clerk printers: all checks passed")


if __name__ == "__main__":
    main()
