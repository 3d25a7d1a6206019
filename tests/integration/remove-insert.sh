#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kakanai-cardsim's controls: SIGUSR1 takes the card out (no_card), SIGUSR2 puts it back.
. "$(dirname "$0")/lib.sh"
kill -USR1 "$KAKANAI_CARDSIM_PID"
wait_card_state absent
read_card 1234
expect_error no_card 11
kill -USR2 "$KAKANAI_CARDSIM_PID"
wait_card_state present
read_card 1234
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'
