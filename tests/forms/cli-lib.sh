# SPDX-License-Identifier: GPL-3.0-or-later
# cli-lib.sh: shared by the forms scripts that run the CLI on bad or foreign files
# (sourced with the script's arguments: KAKANAI_PROGRAM CASE). Sets kakanai, case_name,
# source_root and work (a temporary folder, removed on exit); fail, run and expect.
#   run_timeout     seconds one run may take, default 60: a FIFO that blocks must fail the
#                   test, not hang it
#   expect_streams  the files expect looks for its texts in, default standard error only
kakanai=$1
case_name=$2
source_root=${KAKANAI_SOURCE_ROOT:?KAKANAI_SOURCE_ROOT is set by meson}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_timeout=60
expect_streams=("$work/stderr")

fail() { echo "FAIL: $*" >&2; exit 1; }

# Runs kakanai with the arguments: $status, $work/stdout and $work/stderr. A run that
# times out, dies of a signal or has a sanitizer report fails the test.
run() {
  timeout "$run_timeout" "$kakanai" "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  [ "$status" -ne 124 ] || fail "kakanai $* did not finish within $run_timeout s"
  [ "$status" -lt 128 ] || { cat "$work/stderr" >&2; fail "kakanai $* died of a signal (status $status)"; }
  if grep -q "Sanitizer" "$work/stderr"; then cat "$work/stderr" >&2; fail "sanitizer report"; fi
}

expect() { # STATUS TEXT...
  local want=$1; shift
  [ "$status" -eq "$want" ] || { cat "$work/stderr" >&2; fail "status $status, expected $want"; }
  for text in "$@"; do
    grep -qF -- "$text" "${expect_streams[@]}" || { cat "$work/stderr" >&2; fail "“$text” not in ${expect_streams[*]##*/}"; }
  done
}
