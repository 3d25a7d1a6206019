#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A PIN piped into tests/with-virtual-card reaches COMMAND: the documented
#   echo 1234 | tests/with-virtual-card P -- kakanai card read --pin-stdin
# reads the card (COMMAND runs in the background, yet with the wrapper's standard input).
. "$(dirname "$0")/lib.sh"
out=$(echo 1234 | "$with_virtual_card" "$profiles/good.json" -- "$kakanai" card read --pin-stdin --json)
status=$?
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'
# And a wrong PIN piped in is the card's answer, not a missing PIN.
out=$(echo 0000 | "$with_virtual_card" "$profiles/good.json" -- "$kakanai" card read --pin-stdin --json)
status=$?
expect_error wrong_pin 13 2
