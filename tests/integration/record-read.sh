#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# record-read.sh FILE [READ OPTIONS...]: one read with the right PIN; writes its exit
# status and JSON to FILE (first line, space-separated) for the caller to judge.
. "$(dirname "$0")/lib.sh"
file=$1
shift
read_card 1234 "$@"
printf '%s %s\n' "$status" "$out" > "$file"
