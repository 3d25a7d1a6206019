#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A good read through pcscd, with and without the My Number; readers are listed.
. "$(dirname "$0")/lib.sh"

readers=$("$kakanai" card readers --json) || fail "card readers failed"
case "$readers" in
  *"{\"name\":\"$KAKANAI_TEST_READER\",\"card_present\":true}"*) ;;
  *) fail "card readers --json does not show the card: $readers" ;;
esac

read_card 1234
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'

read_card 1234 --with-my-number
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female","my_number":"123456789018"}'

# Without --reader: the first reader holding a card.
out=$(echo 1234 | "$kakanai" card read --pin-stdin --json); status=$?
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'

read_card 1234 --reader "no such reader"
expect_error no_reader 10
