#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t0.json: a T=0 card (61xx / GET RESPONSE, 6Cxx) read through pcscd.
. "$(dirname "$0")/lib.sh"
read_card 1234 --with-my-number
expect_success '{"name":"山口　花子","address":"山口県山口市亀山町2番1号","birth_date":"1980-01-01","sex":"female","my_number":"123456789018"}'
