#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# one-try.json: a wrong PIN without --allow-last-try is refused before it reaches the
# card; the right PIN afterwards (allowed) still reads, so no try was spent.
. "$(dirname "$0")/lib.sh"
read_card 0000
expect_error last_try_refused 14 1
read_card 1234 --allow-last-try
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female"}'
