#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Malformed, truncated and implausible card data give bad_data (exit 18), never a crash.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
for profile in malformed truncated bad-birth-date bad-sex; do
  "$with_virtual_card" "$profiles/$profile.json" -- "$here/expect-read-error.sh" bad_data 18 \
    || fail "$profile.json did not give bad_data"
done
"$with_virtual_card" "$profiles/bad-check-digit.json" -- "$here/expect-read-error.sh" bad_data 18 --with-my-number \
  || fail "bad-check-digit.json did not give bad_data"
