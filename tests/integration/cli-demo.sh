#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `kakanai card read --demo` (the bundled card in process, no pcscd) and the CLI's exit
# statuses for usage errors and PIN input. Suite 'unit'.
. "$(dirname "$0")/lib.sh"

demo () {
  local pin=$1
  shift
  out=$(printf '%s\n' "$pin" | "$kakanai" card read --demo --pin-stdin "$@")
  status=$?
}

demo 1234 --json
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'
demo 1234 --json --with-my-number
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female","my_number":"123456789018"}'
demo 0000 --json
expect_error wrong_pin 13 2
demo 12345 --json
expect_error wrong_pin 13

# Plain output: one "Label:<TAB>value" line each.
demo 1234
[ "$status" = 0 ] || fail "plain read: exit status $status"
printf '%s\n' "$out" | grep -qx "Birth date:	1980-01-01" || fail "plain read printed: $out"
printf '%s\n' "$out" | grep -q "123456789018" && fail "the My Number was printed without --with-my-number"

# No PIN at all.
out=$("$kakanai" card read --demo --pin-stdin --json < /dev/null); status=$?
expect_error cancelled 19

# No terminal to ask on (setsid: no controlling terminal) and no --pin-stdin.
setsid "$kakanai" card read --demo < /dev/null > /dev/null 2>&1
status=$?
[ "$status" = 2 ] || fail "without a terminal: exit status $status, expected 2"

for args in "card" "card nonsense" "card read --nonsense" "card read extra-argument" "card readers --nonsense"; do
  # shellcheck disable=SC2086
  "$kakanai" $args < /dev/null > /dev/null 2>&1
  status=$?
  [ "$status" = 2 ] || fail "kakanai $args: exit status $status, expected 2"
done
"$kakanai" card --help > /dev/null || fail "kakanai card --help failed"
