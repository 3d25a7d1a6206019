#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kakanai print / clerk-pin-hash from the command line (run under tests/with-cups).
set -u
kakanai=${KAKANAI_CLI:?}
tool=${COUNTER_TEST_TOOL:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-cli-counter.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_status () { # EXPECTED WHAT COMMAND...
  expected=$1; what=$2; shift 2
  "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$what: exit $status, expected $expected"; cat "$work/stderr"
  else
    echo "ok: $what"
  fi
}

"$tool" pdf "$work/form.pdf" "KAKANAI CLI PRINT 8080" || { echo "cannot make the PDF"; exit 1; }

# Prints, and the queue's output is exactly our PDF with the text in it.
expect_status 0 "print" "$kakanai" print --printer "$KAKANAI_TEST_PRINTER" "$work/form.pdf"
cmp -s "$work/form.pdf" "$KAKANAI_TEST_PRINT_OUT" || fail "printed bytes differ from the PDF"
pdftotext "$KAKANAI_TEST_PRINT_OUT" - | grep -q "KAKANAI CLI PRINT 8080" || fail "printed text missing"

# The configured printer is used when --printer is not given.
mkdir -p "$XDG_CONFIG_HOME/kakanai"
printf '[printer]\nname=%s\n' "$KAKANAI_TEST_PRINTER" > "$XDG_CONFIG_HOME/kakanai/kakanai.conf"
: > "$KAKANAI_TEST_PRINT_OUT"
expect_status 0 "print on the configured printer" "$kakanai" print "$work/form.pdf"
cmp -s "$work/form.pdf" "$KAKANAI_TEST_PRINT_OUT" || fail "configured printer: bytes differ"
rm -f "$XDG_CONFIG_HOME/kakanai/kakanai.conf"

expect_status 30 "missing printer" "$kakanai" print --printer no-such-queue "$work/form.pdf"
grep -q "no-such-queue" "$work/stderr" || fail "missing printer: the message does not name it"

cupsdisable "$KAKANAI_TEST_PRINTER"
expect_status 32 "stopped printer" "$kakanai" print --printer "$KAKANAI_TEST_PRINTER" "$work/form.pdf"
grep -q "waits in the queue" "$work/stderr" || fail "stopped printer: the message does not say the job waits"
cancel -a "$KAKANAI_TEST_PRINTER"
cupsenable "$KAKANAI_TEST_PRINTER"

echo "not a pdf" > "$work/text.pdf"
expect_status 1 "not a PDF" "$kakanai" print --printer "$KAKANAI_TEST_PRINTER" "$work/text.pdf"
expect_status 2 "no file" "$kakanai" print --printer "$KAKANAI_TEST_PRINTER"

# Statistics: test-cli-stats.sh.

# Clerk PIN hash: from standard input, never echoed back.
echo 735193 | "$kakanai" clerk-pin-hash --iterations 10000 >"$work/stdout" 2>"$work/stderr" || fail "clerk-pin-hash"
grep -q "^pin-hash=pbkdf2-sha256:10000:[0-9a-f]\{32\}:[0-9a-f]\{64\}$" "$work/stdout" || fail "clerk-pin-hash output: $(cat "$work/stdout")"
grep -q 735193 "$work/stdout" "$work/stderr" && fail "the clerk PIN was echoed"
echo 12 | "$kakanai" clerk-pin-hash >/dev/null 2>&1 && fail "a 2-digit clerk PIN was accepted"
echo 73519 | "$kakanai" clerk-pin-hash --iterations 10000 >/dev/null 2>&1 && fail "a 5-digit clerk PIN was accepted"
# Iteration counts outside 10 000..10 000 000 are refused at once (-5 must not wrap around).
for n in -5 0x10 9999 10000001 4294967291 99999999999; do
  echo 735193 | timeout 10 "$kakanai" clerk-pin-hash --iterations "$n" >"$work/stdout" 2>"$work/stderr"
  status=$?
  [ "$status" -eq 2 ] || fail "clerk-pin-hash --iterations $n: exit $status, expected 2"
  [ -s "$work/stdout" ] && fail "clerk-pin-hash --iterations $n printed a hash"
  grep -q "10000000" "$work/stderr" || grep -qi "integer" "$work/stderr" || fail "clerk-pin-hash --iterations $n: $(cat "$work/stderr")"
done

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
exit 0
