#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-catalogues.sh: every catalogue of a resident language translates every string a
# resident reads (po/RESIDENT-POTFILES), by msgfmt --statistics, and is a valid catalogue;
# and no accessible name (msgctxt "accessible name") holds readings ({漢字|かんじ}), which a
# screen reader would spell out.
set -u
root=${KAKANAI_SOURCE_ROOT:?set by meson}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
passed=0

files=$(sed -e 's/#.*//' -e '/^ *$/d' "$root/po/RESIDENT-POTFILES")
# shellcheck disable=SC2086
(cd "$root" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=g_dngettext:2,3 --add-comments --no-wrap -o "$work/resident.pot" $files) \
  || { echo "xgettext failed"; exit 1; }
expected=$(grep -c '^msgid "..*"' "$work/resident.pot")
[ "$expected" -gt 0 ] || { echo "no resident strings found"; exit 1; }

# The new resident languages (ja and en are the kiosk's own catalogues, merged by the lead).
for code in zh_CN zh_TW ko vi pt_BR tl ne ja@easy; do
  po="$root/po/$code.po"
  if [ ! -f "$po" ]; then echo "FAIL: no po/$code.po"; failed=$((failed + 1)); continue; fi
  if ! msgfmt --check -o /dev/null "$po" 2>"$work/check"; then
    echo "FAIL: po/$code.po is not a valid catalogue:"; cat "$work/check"; failed=$((failed + 1)); continue
  fi
  if msggrep --msgctxt -e '^accessible name$' "$po" | grep -q '^msgstr ".*{[^{}|]*|[^{}]*}'; then
    echo "FAIL: po/$code.po, an accessible name with readings:"
    msggrep --msgctxt -e '^accessible name$' "$po" | grep '^msgstr ".*{[^{}|]*|[^{}]*}'
    failed=$((failed + 1)); continue
  fi
  msgmerge --quiet --no-fuzzy-matching -o "$work/$code.po" "$po" "$work/resident.pot"
  stats=$(msgfmt --statistics -o /dev/null "$work/$code.po" 2>&1)
  if [ "$stats" = "$expected translated messages." ]; then
    passed=$((passed + 1))
  else
    echo "FAIL: po/$code.po, the resident strings: $stats (of $expected)"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
