# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh: shared by the integration scripts (sourced). Needs KAKANAI_BUILD_ROOT and,
# inside with-virtual-card, KAKANAI_TEST_READER.
kakanai="${KAKANAI_BUILD_ROOT:?KAKANAI_BUILD_ROOT is not set}/app/cli/kakanai"
profiles="${KAKANAI_SOURCE_ROOT:?KAKANAI_SOURCE_ROOT is not set}/tests/cardreader/profiles"
with_virtual_card="$KAKANAI_SOURCE_ROOT/tests/with-virtual-card"

fail () {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# read_card PIN [OPTIONS...]: runs `kakanai card read --json --pin-stdin` on the test
# reader; sets $out (stdout) and $status (exit status).
read_card () {
  local pin=$1
  shift
  out=$(printf '%s\n' "$pin" | "$kakanai" card read --pin-stdin --json --reader "$KAKANAI_TEST_READER" "$@")
  status=$?
  # The face data (fictitious here) stays out of the log: only errors are shown.
  case "$out" in
    '{"error"'*) printf 'read (%s): status %s %s\n' "$*" "$status" "$out" >&2 ;;
    *) printf 'read (%s): status %s\n' "$*" "$status" >&2 ;;
  esac
}

expect_success () {
  local expected_json=$1
  [ "$status" = 0 ] || fail "exit status $status, expected 0 (output: $out)"
  [ "$out" = "$expected_json" ] || fail "printed $out, expected $expected_json"
}

# expect_error CODE STATUS [TRIES_LEFT]
expect_error () {
  local code=$1 expected_status=$2 tries=${3:-}
  [ "$status" = "$expected_status" ] || fail "exit status $status, expected $expected_status ($code); output: $out"
  case "$out" in
    "{\"error\":\"$code\""*) ;;
    *) fail "printed $out, expected the error $code" ;;
  esac
  if [ -n "$tries" ]; then
    case "$out" in
      "{\"error\":\"$code\",\"tries_left\":$tries,"*) ;;
      *) fail "printed $out, expected tries_left $tries" ;;
    esac
  fi
}

# wait_card_state present|absent: polls `kakanai card readers --json` for the test reader.
wait_card_state () {
  local wanted=$1 i json
  for i in $(seq 100); do
    json=$("$kakanai" card readers --json 2>/dev/null)
    case "$wanted:$json" in
      present:*"\"name\":\"$KAKANAI_TEST_READER\",\"card_present\":true"*) return 0 ;;
      absent:*"\"name\":\"$KAKANAI_TEST_READER\",\"card_present\":false"*) return 0 ;;
    esac
    sleep 0.1
  done
  fail "the card never became $wanted (readers: $json)"
}
