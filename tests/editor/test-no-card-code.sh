#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kakanai-editor is kept apart from the card reader: its binary references no PC/SC
# function (SCard*), no symbol of cardreader/ (kakanai_card_*, kakanai_pcsc_*, the My
# Number card, APDUs, TLV, the simulated card), loads no libpcsclite, and its meson target
# links no cardreader library. The same check run on kakanai (the CLI, which reads cards)
# must find them: a check that finds nothing anywhere proves nothing.
#   test-no-card-code.sh BUILD_ROOT EDITOR CLI
set -eu
build_root=$1 editor=$2 cli=$3
pattern='SCard|kakanai_card_|kakanai_pcsc_|kakanai_mynumber|kakanai_apdu|kakanai_tlv|kakanai_sim_card|kakanai_sim_transport|g_io_pcsc'

card_symbols () {
  # Every symbol, defined or referenced, static ones included (the binary is not stripped
  # in a build tree), and the dynamic table for a stripped one.
  { nm "$1" 2>/dev/null || true; nm -D "$1" 2>/dev/null || true; objdump -p "$1" | grep NEEDED || true; } \
    | grep -E "$pattern|libpcsclite" || true
}

found=$(card_symbols "$cli")
if [ -z "$found" ]; then
  echo "FAIL: the check finds no card symbol even in $cli: it cannot tell" >&2
  exit 1
fi

found=$(card_symbols "$editor")
if [ -n "$found" ]; then
  echo "FAIL: $editor references card-reading code:" >&2
  echo "$found" | head -20 >&2
  exit 1
fi
if ldd "$editor" | grep -q pcsclite; then
  echo "FAIL: $editor loads libpcsclite" >&2
  exit 1
fi

# The link line of the target, as meson wrote it.
link=$(awk '/^build app\/editor\/kakanai-editor:/ { print; getline; print }' "$build_root/build.ninja")
if [ -z "$link" ]; then
  echo "FAIL: no link step for app/editor/kakanai-editor in build.ninja" >&2
  exit 1
fi
if echo "$link" | grep -q 'cardreader/'; then
  echo "FAIL: the kakanai-editor target links cardreader:" >&2
  echo "$link" >&2
  exit 1
fi
echo "kakanai-editor: no card symbol, no libpcsclite, no cardreader library"
