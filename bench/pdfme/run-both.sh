#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-both.sh: Kakanai's bench-forms and pdfme on the same four templates, in the same
# minutes (each template by both, back to back), REPEATS times, one core each (README.md).
#
#   bench/pdfme/run-both.sh BUILD_DIR [ROUNDS [REPEATS]]
set -eu

build=${1:?usage: run-both.sh BUILD_DIR [ROUNDS [REPEATS]]}
rounds=${2:-300}
repeats=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
forms="$here/../../assets/forms"

for repeat in $(seq "$repeats"); do
  echo "== run $repeat, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  # Each template by both tools back to back, so both see the same load.
  for template in "$forms/juminhyo.json" "$forms/inkan.json" "$forms/shotoku.json" "$here/example.json"; do
    printf 'kakanai '
    taskset -c 0 "$build/bench/forms/bench-forms" "$rounds" "$template" | tail -n 1
    printf 'pdfme   '
    (cd "$here" && taskset -c 0 node bench-pdfme.mjs "$template" "$rounds" 2>/dev/null | tail -n 1)
  done
done
