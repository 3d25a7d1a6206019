#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Wrong PINs lower the tries left; the last try is refused unless allowed, and the
# refusal spends nothing; a good PIN restores the counter. (Profile: good.json, 3 tries.)
. "$(dirname "$0")/lib.sh"

read_card 0000
expect_error wrong_pin 13 2
read_card 9999
expect_error wrong_pin 13 1
# One try left: refused without sending the PIN, however often asked.
read_card 0000
expect_error last_try_refused 14 1
read_card 1234
expect_error last_try_refused 14 1
# Allowed: the right PIN reads, and the counter is back at 3.
read_card 1234 --allow-last-try
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'
read_card 0000
expect_error wrong_pin 13 2
