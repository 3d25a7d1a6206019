#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-config.sh KAKANAI: the CLI reads the kiosk's configuration (municipality,
# template folders), as `kakanai fill` on a counter must.
set -u
kakanai=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/xdg/kakanai" "$work/forms"
cp "$KAKANAI_SOURCE_ROOT/assets/forms/juminhyo.json" "$work/forms/"
export XDG_CONFIG_HOME=$work/xdg

# No configuration: no office name is made up.
"$kakanai" fill --form juminhyo --demo -o "$work/none.pdf" 2>"$work/err" || { cat "$work/err" >&2; fail "fill without a configuration"; }
pdftotext -enc UTF-8 "$work/none.pdf" - | tr -d ' \n' >"$work/none.txt"
if grep -qF 山口市長 "$work/none.txt"; then fail "an office name no configuration gave"; fi

cat > "$work/xdg/kakanai/kakanai.conf" <<CONF
[kiosk]
municipality=葛飾区
template-dirs=$work/forms
CONF
"$kakanai" forms list >"$work/list" 2>"$work/err" || fail "forms list failed"
[ "$(cut -f1 "$work/list" | paste -sd,)" = juminhyo ] || { cat "$work/list" >&2; fail "forms list does not show the configured folder only"; }
grep -qF "$work/forms/juminhyo.json" "$work/list" || fail "forms list does not name the configured file"
"$kakanai" fill --form juminhyo --demo -o "$work/out.pdf" 2>"$work/err" || { cat "$work/err" >&2; fail "fill failed"; }
pdftotext -enc UTF-8 "$work/out.pdf" - | tr -d ' \n' >"$work/out.txt"
grep -qF 葛飾区長 "$work/out.txt" || fail "the configured municipality is not on the form"
if grep -qF 山口市長 "$work/out.txt"; then fail "山口市 printed instead of the configured municipality"; fi
# --set still wins over the configuration.
"$kakanai" fill --form juminhyo --demo --set office.name=柏市 -o "$work/set.pdf" 2>/dev/null || fail "fill --set failed"
pdftotext -enc UTF-8 "$work/set.pdf" - | tr -d ' \n' | grep -qF 柏市長 || fail "--set office.name did not win"
# A form the configured folders do not have is not found in the bundled ones.
"$kakanai" fill --form inkan --demo -o "$work/inkan.pdf" 2>"$work/err"
[ $? -eq 20 ] || fail "a form outside the configured folders was found"
# A broken configuration is named with its line.
printf '[kiosk]\nmunicipalty=x\n' > "$work/xdg/kakanai/kakanai.conf"
"$kakanai" fill --form juminhyo --demo -o "$work/bad.pdf" 2>"$work/err" && fail "fill ran on a broken configuration"
grep -qF "kakanai.conf:2" "$work/err" || { cat "$work/err" >&2; fail "the line at fault is not named"; }
exit 0
