#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-fill-print.sh: `kakanai fill --print [--printer NAME]` through a private cupsd.
#
# Usage: with-cups test-fill-print.sh KAKANAI_PROGRAM
# The queue's backend writes each job to $KAKANAI_TEST_PRINT_OUT (see tests/with-cups).
set -u

kakanai=$(readlink -f "$1")
: "${KAKANAI_TEST_PRINTER:?run under tests/with-cups}"
work=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-fill-print.XXXXXX")
trap 'rm -rf "$work"' EXIT
# No configured printer and no lpoptions of the person running the tests: only what the
# test sets up decides the destination.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config"
unset PRINTER LPDEST
mkdir -p "$HOME"
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
run () { # EXPECTED-STATUS WHAT ARGS...
  expected=$1; what=$2; shift 2
  (cd "$work" && "$kakanai" "$@") >"$work/stdout" 2>"$work/stderr"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$what: exit $status, expected $expected"; cat "$work/stderr"
  else
    echo "ok: $what"
  fi
}
printed_text () { pdftotext -enc UTF-8 -layout "$KAKANAI_TEST_PRINT_OUT" - | tr -d ' \n'; }
no_pdf_left () { # WHAT
  left=$(find "$work" -name '*.pdf' -o -name '*.PDF' | head -1)
  [ -z "$left" ] || fail "$1: a PDF was left on disk: $left"
}

form="--form juminhyo --demo --set request.date=2024-04-25"

# --print without -o: printed on the named queue, the demo card's name and address in it.
: > "$KAKANAI_TEST_PRINT_OUT"
# shellcheck disable=SC2086
run 0 "fill --print --printer" fill $form --print --printer "$KAKANAI_TEST_PRINTER"
printed_text | grep -q 山口花子 || fail "printed PDF lacks the name"
printed_text | grep -q 山口県山口市亀山町2番1号 || fail "printed PDF lacks the address"
head -c 5 "$KAKANAI_TEST_PRINT_OUT" | grep -q '%PDF-' || fail "the queue did not get a PDF"
no_pdf_left "fill --print"

# No such queue: status 30 (no_printer), the message names the queue, nothing printed.
: > "$KAKANAI_TEST_PRINT_OUT"
# shellcheck disable=SC2086
run 30 "fill --print --printer no-such-queue" fill $form --print --printer no-such-queue
grep -q no-such-queue "$work/stderr" || fail "missing printer: the message does not name it: $(cat "$work/stderr")"
[ -s "$KAKANAI_TEST_PRINT_OUT" ] && fail "missing printer: something was printed"

# No --printer and no CUPS default destination: status 30 and a message saying so.
# shellcheck disable=SC2086
run 30 "fill --print without a default printer" fill $form --print
grep -qi "default printer" "$work/stderr" || fail "no default: unclear message: $(cat "$work/stderr")"

# No --printer, no CUPS default, but a printer in the configuration: that one, as `kakanai print`.
mkdir -p "$XDG_CONFIG_HOME/kakanai"
printf '[printer]\nname=%s\n' "$KAKANAI_TEST_PRINTER" > "$XDG_CONFIG_HOME/kakanai/kakanai.conf"
: > "$KAKANAI_TEST_PRINT_OUT"
# shellcheck disable=SC2086
run 0 "fill --print on the configured printer" fill $form --print
printed_text | grep -q 山口花子 || fail "configured printer: printed PDF lacks the name"
rm -f "$XDG_CONFIG_HOME/kakanai/kakanai.conf"

# No --printer: the CUPS default destination.
lpadmin -d "$KAKANAI_TEST_PRINTER" || fail "lpadmin -d"
: > "$KAKANAI_TEST_PRINT_OUT"
# shellcheck disable=SC2086
run 0 "fill --print on the default printer" fill $form --print
printed_text | grep -q 山口花子 || fail "default printer: printed PDF lacks the name"

# --print and -o: both the file and the printout, the same bytes.
: > "$KAKANAI_TEST_PRINT_OUT"
# shellcheck disable=SC2086
run 0 "fill --print -o" fill $form --print -o "$work/out.pdf"
cmp -s "$work/out.pdf" "$KAKANAI_TEST_PRINT_OUT" || fail "--print -o: the file and the printout differ"
rm -f "$work/out.pdf"

# A stopped printer: status 32, the job waits in the queue.
cupsdisable "$KAKANAI_TEST_PRINTER"
# shellcheck disable=SC2086
run 32 "fill --print on a stopped printer" fill $form --print --printer "$KAKANAI_TEST_PRINTER"
cancel -a "$KAKANAI_TEST_PRINTER"
cupsenable "$KAKANAI_TEST_PRINTER"

# Usage: neither -o nor --print; --printer without --print; preview does not print.
# shellcheck disable=SC2086
run 2 "fill without -o or --print" fill $form
# shellcheck disable=SC2086
run 2 "fill --printer without --print" fill $form --printer "$KAKANAI_TEST_PRINTER"
# shellcheck disable=SC2086
run 2 "preview --print" preview $form --print -o "$work/out.png"
no_pdf_left "the whole test"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
exit 0
