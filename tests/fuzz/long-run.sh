#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# long-run.sh: the long fuzz run of issue 16, 10⁷ executions per target, one target after
# another at the lowest priority (start two of these, with different targets, for two cores).
#
#   tests/fuzz/long-run.sh BUILD-FUZZ OUT-DIR fuzz-template fuzz-vpcd …
#
# BUILD-FUZZ is the clang ASan + UBSan build with -Dfuzzing=true (tests/fuzz/README.md).
# The targets are copied to OUT-DIR/bin first, so that rebuilding does not touch a running
# one. Each target keeps its corpus in OUT-DIR/<target>-corpus, its log in
# OUT-DIR/<target>.log and what it finds in OUT-DIR/<target>-crash-… (or -oom-, -leak-);
# OUT-DIR/summary.txt gets one line per target: its exit status and seconds.
#
# RUNS=N (10⁷ by default) runs each target to N executions instead: a second process of a
# slow target, started on the other core from a copy of the first one's corpus, goes on
# with what the first found (the two counts add up).
set -eu
runs=${RUNS:-10000000}
# With the kernel's autogroups, nice only counts inside a session: the run gets a session
# of its own, whose share is lowered too, so that builds and tests beside it keep their
# speed (and the caller's session keeps its own).
if [ -z "${KAKANAI_LONG_RUN_SESSION:-}" ] && command -v setsid >/dev/null; then
  KAKANAI_LONG_RUN_SESSION=1 exec setsid --wait "$0" "$@"
fi
if [ -n "${KAKANAI_LONG_RUN_SESSION:-}" ] && [ -w /proc/self/autogroup ]; then
  echo 19 >/proc/self/autogroup 2>/dev/null || true
fi
[ $# -ge 3 ] || { echo "usage: $0 BUILD-FUZZ OUT-DIR TARGET…" >&2; exit 2; }
source_root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
mkdir -p "$2/bin"
out=$(cd "$2" && pwd)
shift 2

for target in "$@"; do
  cp "$build/tests/fuzz/$target" "$out/bin/"
done
for target in "$@"; do
  seeds=${target#fuzz-}
  options=
  case $target in
    fuzz-template-roundtrip) seeds=template ;;
    fuzz-wareki-parse) seeds=wareki ;;
    # Small inputs keep each run short; the limits allow images of 36 million pixels.
    fuzz-render-image | fuzz-font-builder) options="-max_len=4096 -rss_limit_mb=4096" ;;
  esac
  mkdir -p "$out/$target-corpus"
  start=$(date +%s)
  status=0
  # shellcheck disable=SC2086
  nice -n 19 "$out/bin/$target" -runs="$runs" $options -error_exitcode=1 -print_final_stats=1 \
    -create_missing_dirs=1 -artifact_prefix="$out/$target-" "$out/$target-corpus" \
    "$source_root/tests/fuzz/corpus/$seeds" > "$out/$target.log" 2>&1 || status=$?
  echo "$target exit=$status seconds=$(( $(date +%s) - start )) executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log")" >> "$out/summary.txt"
done
