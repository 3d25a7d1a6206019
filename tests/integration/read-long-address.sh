#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# EF 0002 larger than one READ BINARY: the whole 150-character address comes back.
. "$(dirname "$0")/lib.sh"
expected=$(sed -n 's/^  "address": "\(.*\)",$/\1/p' "$profiles/long-address.json")
read_card 1234
[ "$status" = 0 ] || fail "exit status $status: $out"
case "$out" in
  *"\"address\":\"$expected\""*) ;;
  *) fail "the address came back different: $out" ;;
esac
[ "$(printf '%s' "$expected" | wc -m)" -ge 150 ] || fail "the test profile's address is shorter than 150 characters"
