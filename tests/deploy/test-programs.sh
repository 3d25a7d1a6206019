#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-programs.sh BUILD_ROOT: every program answers --version and names itself in --help,
# has a man page without warnings, and the kiosk's desktop file is translated and has its
# icon (the editor's: its icon).
set -u
build=$1
source_root=${KAKANAI_SOURCE_ROOT:?set by meson}
fail() { echo "FAIL: $*" >&2; exit 1; }
version=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$source_root/meson.build" | head -n 1)

programs="cli/kakanai cardsim/kakanai-cardsim"
[ -x "$build/app/kiosk/kakanai-kiosk" ] && programs="$programs kiosk/kakanai-kiosk"
[ -x "$build/app/editor/kakanai-editor" ] && programs="$programs editor/kakanai-editor"
for program in $programs; do
  name=${program#*/}
  path=$build/app/$program
  out=$("$path" --version) || fail "$name --version failed"
  [ "$out" = "$name $version" ] || fail "$name --version says “$out”"
  "$path" --help >"$build/help.txt" 2>&1 || fail "$name --help failed"
  grep -q "^ *$name " "$build/help.txt" || grep -q "^Usage: $name " "$build/help.txt" \
    || { cat "$build/help.txt" >&2; fail "$name --help does not name the program"; }
  page=$source_root/app/${program%/*}/$name.1
  [ -f "$page" ] || fail "no man page for $name"
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$name.1: $warnings"
  grep -q "^\.TH ${name^^} 1 .*\"kakanai $version\"" "$page" || fail "$name.1 does not carry version $version"
done
# Every subcommand's --help names "kakanai COMMAND".
for command in card forms fill preview print stats clerk-pin-hash doctor; do
  "$build/app/cli/kakanai" "$command" --help >"$build/help.txt" 2>&1
  grep -q "kakanai $command" "$build/help.txt" || { cat "$build/help.txt" >&2; fail "kakanai $command --help does not name it"; }
done

if [ -f "$build/app/kiosk/jp.kakanai.Kiosk.desktop" ]; then
  desktop=$build/app/kiosk/jp.kakanai.Kiosk.desktop
  grep -qx "Name\[ja\]=書かない窓口" "$desktop" || fail "the desktop file has no Japanese name"
  icon=$(sed -n 's/^Icon=//p' "$desktop")
  [ -f "$source_root/assets/kiosk/$icon.svg" ] || fail "Icon=$icon names no icon we install"
  python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.documentElement.tagName == "svg"' \
    "$source_root/assets/kiosk/$icon.svg" || fail "$icon.svg is not SVG"
fi
if [ -f "$build/app/editor/jp.kakanai.Editor.desktop" ]; then
  icon=$(sed -n 's/^Icon=//p' "$build/app/editor/jp.kakanai.Editor.desktop")
  python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.documentElement.tagName == "svg"' \
    "$source_root/assets/editor/$icon.svg" || fail "the editor's Icon=$icon names no SVG icon we install"
fi
rm -f "$build/help.txt"
exit 0
