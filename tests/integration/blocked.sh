#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# blocked.json: pin_blocked, with or without --allow-last-try.
. "$(dirname "$0")/lib.sh"
read_card 1234
expect_error pin_blocked 15 0
read_card 1234 --allow-last-try
expect_error pin_blocked 15 0
