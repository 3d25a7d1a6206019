#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-widgets-a11y.py GALLERY: what the shared widgets tell assistive technology, read over
# AT-SPI from a real widgets-gallery window (run under tests/gui/run-under-xvfb).
import os
import subprocess
import sys
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

WAIT_SECONDS = 60
LANGUAGE_NAMES = ['日本語', 'やさしい日本語', 'English', '简体中文', '繁體中文', '한국어',
                  'Tiếng Việt', 'Português', 'Tagalog', 'नेपाली']


def wait_for(what, find):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        time.sleep(0.2)
    sys.exit(f'timed out waiting for {what}')


def find_application(name):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == name:
            return app
    return None


def descendants(node):
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is None:
            continue
        yield child
        yield from descendants(child)


def main():
    gallery = sys.argv[1]
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    env.pop('GTK_A11Y', None)
    markup = '{住民票|じゅうみんひょう}の{写|うつ}しを{取|と}りに{来|き}ました'
    proc = subprocess.Popen([gallery, markup], env=env)
    failures = []
    try:
        app = wait_for('the gallery on the accessibility bus',
                       lambda: find_application(os.path.basename(gallery)))
        labels = wait_for('the ruby label', lambda: [n for n in descendants(app)
                          if n.get_role() == Atspi.Role.LABEL] or None)
        names = [n.get_name() for n in labels]
        if '住民票の写しを取りに来ました' not in names:
            failures.append(f'ruby label: accessible name is not the base text: {names}')

        # The language chooser: a button per language (GTK 4.8: a push button that is pressed), named in its own language,
        # the first one pressed.
        toggles = wait_for('the language buttons', lambda: [
            n for n in descendants(app) if n.get_role() == Atspi.Role.PUSH_BUTTON] or None)
        toggle_names = [n.get_name() for n in toggles]
        for name in LANGUAGE_NAMES:
            if name not in toggle_names:
                failures.append(f'language chooser: no button named {name}: {toggle_names}')
        pressed = [n.get_name() for n in toggles
                   if n.get_state_set().contains(Atspi.StateType.CHECKED)
                   or n.get_state_set().contains(Atspi.StateType.PRESSED)]
        if pressed != ['日本語']:
            failures.append(f'language chooser: pressed {pressed}, expected 日本語 alone')

        # The voice guide's switch: a button named so, not pressed; its volume slider
        # appears, named, once it is turned on.
        voice = [n for n in toggles if n.get_name() == 'Voice guide']
        if len(voice) != 1:
            failures.append(f'voice guide: no “Voice guide” button: {toggle_names}')
        else:
            if any(n.get_role() == Atspi.Role.SLIDER for n in descendants(app)):
                failures.append('voice guide: the volume slider is there while the guide is off')
            Atspi.Action.do_action(voice[0], 0)
            slider = wait_for('the volume slider', lambda: [
                n for n in descendants(app) if n.get_role() == Atspi.Role.SLIDER
                and n.get_state_set().contains(Atspi.StateType.VISIBLE)] or None)
            if slider[0].get_name() != 'Volume':
                failures.append(f'voice guide: the slider is named {slider[0].get_name()!r}')
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_SECONDS)
    for failure in failures:
        print(failure)
    print(f'{1 if not failures else 0} passed, {1 if failures else 0} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
