#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# expect-read-error.sh CODE STATUS [READ OPTIONS...]: one read that must fail so.
. "$(dirname "$0")/lib.sh"
code=$1 expected_status=$2
shift 2
read_card 1234 "$@"
expect_error "$code" "$expected_status"
