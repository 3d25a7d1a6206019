#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# not-mynumber.json: a card without the 券面事項入力補助AP.
. "$(dirname "$0")/lib.sh"
read_card 1234
expect_error not_mynumber_card 12
