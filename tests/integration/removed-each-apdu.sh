#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The card leaves after each single APDU of the read sequence in turn (fault
# remove_after_apdu = 1, 2, ...): every step gives card_removed (exit 16) and no crash,
# until N is past the last APDU and the read succeeds. Basic four (6 APDUs: SELECT AP,
# SELECT EF 0011, tries, VERIFY, SELECT EF 0002, READ BINARY) and --with-my-number (8).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
workdir=$(mktemp -d) || exit 1
trap 'rm -rf "$workdir"' EXIT

profile_removed_after () {
  sed "s/\"pin_tries_left\": 3/\"pin_tries_left\": 3, \"faults\": { \"remove_after_apdu\": $1 }/" \
    "$profiles/good.json" > "$workdir/removed-after-$1.json"
  printf '%s\n' "$workdir/removed-after-$1.json"
}

# run_every_step N_APDUS [OPTIONS...]
run_every_step () {
  local n_apdus=$1 n profile result
  shift
  for n in $(seq 1 $((n_apdus + 1))); do
    profile=$(profile_removed_after "$n")
    rm -f "$workdir/result"
    "$with_virtual_card" "$profile" -- "$here/record-read.sh" "$workdir/result" "$@" \
      || fail "with-virtual-card failed at APDU $n ($*)"
    result=$(cat "$workdir/result" 2>/dev/null) || fail "no result at APDU $n ($*)"
    case "$result" in
      '16 {"error":"card_removed"'*) continue ;;
      '0 {"name":'*)
        [ "$((n - 1))" = "$n_apdus" ] || fail "the read ($*) took $((n - 1)) APDUs, expected $n_apdus"
        printf 'removed after each of APDUs 1..%s (%s): card_removed every time\n' "$((n - 1))" "$*" >&2
        return 0 ;;
      *) fail "removal at APDU $n ($*) gave: $result" ;;
    esac
  done
  fail "the read ($*) never succeeded"
}

run_every_step 6
run_every_step 8 --with-my-number
