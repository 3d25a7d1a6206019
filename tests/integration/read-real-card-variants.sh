#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `kakanai card read` through pcscd reads the cards seen with real readers: SELECT EF 0011
# refused (6A82, 6A86: VERIFY by short EF id), short reads ending 62 82, no extended length,
# a reader that loses the status word of 256-byte answers. Each with the My Number; the
# name has 𠮷 and 𩸽, the address 150 characters.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
workdir=$(mktemp -d) || exit 1
trap 'rm -rf "$workdir"' EXIT
address=$(sed -n 's/^  "address": "\(.*\)",$/\1/p' "$profiles/long-address.json")
[ "${#address}" = 150 ] || fail "the long address is ${#address} characters"
expected="{\"name\":\"𠮷野　𩸽子\",\"address\":\"$address\",\"birth_date\":\"1992-02-29\",\"sex\":\"not_applicable\",\"my_number\":\"123456789018\"}"
for variant in pin-ef-not-found pin-ef-wrong-p1p2 short-reads-6282 no-extended-length cut-256-byte-answers; do
  rm -f "$workdir/result"
  "$with_virtual_card" "$profiles/$variant.json" -- "$here/record-read.sh" "$workdir/result" --with-my-number \
    || fail "with-virtual-card failed on $variant.json"
  result=$(cat "$workdir/result") || fail "no result for $variant.json"
  [ "$result" = "0 $expected" ] || fail "$variant.json gave: $result"
  printf '%s: read\n' "$variant" >&2
done
