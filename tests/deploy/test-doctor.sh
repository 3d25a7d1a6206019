#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-doctor.sh: `kakanai doctor` against a real pcscd + vpcd + simulated card
# (tests/with-virtual-card) and a real cupsd (tests/with-cups), ready and not ready.
#
# Usage: with-virtual-card PROFILE -- with-cups test-doctor.sh KAKANAI CASE
#   ready            everything in place: status 0, every line ok (or warn for a known reason)
#   not-ready        one case after the other breaks one thing: status 1, the FAIL line names it
#   not-mynumber     a card that is not a My Number card only warns
set -u

kakanai=$1
case_name=$2
: "${KAKANAI_TEST_READER:?run under tests/with-virtual-card}"
: "${KAKANAI_TEST_PRINTER:?run under tests/with-cups}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/out" ] && cat "$work/out" >&2; exit 1; }

# A counter as IT staff set it up: its own forms folder, printer, output and statistics.
mkdir -p "$work/forms" "$work/state" "$work/xdg"
cp "$KAKANAI_SOURCE_ROOT/assets/forms/"*.json "$work/forms/"
n_forms=$(ls "$work/forms/"*.json | wc -l)
mkdir -m 0700 "$work/output"
write_config() {
  cat > "$work/kakanai.conf" <<EOF
[kiosk]
municipality=葛飾区
template-dirs=$work/forms
reader=${1:-Kakanai Virtual}
output-dir=$work/output
[printer]
name=$KAKANAI_TEST_PRINTER
[statistics]
database=$work/state/statistics.sqlite
EOF
}
write_config

# Japan's clock; no local file of the person running the tests.
export TZ=Asia/Tokyo XDG_CONFIG_HOME=$work/xdg

doctor() {
  "$kakanai" doctor --config "$work/kakanai.conf" >"$work/out" 2>"$work/err"
  status=$?
  [ "$status" -lt 128 ] || fail "kakanai doctor crashed (status $status)"
}
expect_status() { [ "$status" -eq "$1" ] || fail "status $status, expected $1"; }
# The line of CHECK starts with TAG ("ok  ", "warn", "FAIL", "skip") and holds TEXT.
expect_line() {
  local tag=$1 check=$2 text=$3
  grep -qF -- "$tag  $check: " "$work/out" || fail "no “$tag  $check:” line"
  grep -F -- "$tag  $check: " "$work/out" | grep -qF -- "$text" || fail "the $check line lacks “$text”"
}
# The order the checks run in (one line each, in this order).
expect_order() {
  local order
  order=$(sed -n 's/^\(ok  \|warn\|FAIL\|skip\)  \([a-z ]*\):.*/\2/p' "$work/out" | paste -sd, -)
  [ "$order" = "configuration,languages,templates,card reader,card,printer,statistics,output folder,clock,disk space" ] \
    || fail "checks in the order $order"
}

case $case_name in
  ready)
    doctor
    expect_status 0
    expect_order
    expect_line "ok  " configuration "$work/kakanai.conf"
    expect_line "ok  " languages "ja (日本語), en (English)"
    expect_line "ok  " templates "$n_forms forms in $work/forms"
    expect_line "ok  " "card reader" "$KAKANAI_TEST_READER"
    expect_line "ok  " card "a My Number card answers (3 PIN tries left)"
    expect_line "ok  " printer "queue “$KAKANAI_TEST_PRINTER” is ready"
    expect_line "ok  " statistics "does not exist yet"
    expect_line "ok  " "output folder" "$work/output (mode 0700"
    expect_line "ok  " clock "令和"
    expect_line "ok  " clock "+0900"
    expect_line "ok  " "disk space" "free on $work/output"
    grep -q "^This counter is ready" "$work/out" || fail "no verdict line"
    # Asking for the tries left spends none: the card still has 3.
    "$kakanai" card read --reader "$KAKANAI_TEST_READER" --pin-stdin --json <<<"1234" >"$work/read" \
      || fail "the card cannot be read after the doctor"
    # A database the kiosk wrote is read, never changed.
    "$COUNTER_TEST_TOOL" sessions "$work/state/statistics.sqlite" "$(date +%Y-%m-%d)" 2 >/dev/null \
      || fail "counter-test-tool could not write sessions"
    before=$(sha256sum "$work/state/statistics.sqlite")
    doctor
    expect_status 0
    expect_line "ok  " statistics "$work/state/statistics.sqlite: 2 sessions today"
    [ "$before" = "$(sha256sum "$work/state/statistics.sqlite")" ] || fail "the doctor changed the database"
    # The card taken out: nothing to test, still ready.
    kill -USR1 "$KAKANAI_CARDSIM_PID"
    for _ in $(seq 50); do
      doctor
      grep -qF "no card in the reader" "$work/out" && break
      sleep 0.1
    done
    expect_status 0
    expect_line "ok  " card "no card in the reader"
    ;;

  not-ready)
    # The printer stopped.
    cupsdisable "$KAKANAI_TEST_PRINTER"
    doctor
    expect_status 1
    expect_order
    expect_line FAIL printer "queue “$KAKANAI_TEST_PRINTER” is stopped"
    grep -qF "cupsenable $KAKANAI_TEST_PRINTER" "$work/out" || fail "no cupsenable advice"
    grep -q "^This counter is not ready" "$work/out" || fail "no verdict line"
    cupsenable "$KAKANAI_TEST_PRINTER"
    doctor
    expect_status 0

    # A queue that does not exist.
    sed -i "s/^name=.*/name=no-such-queue/" "$work/kakanai.conf"
    doctor
    expect_status 1
    expect_line FAIL printer "CUPS has no queue “no-such-queue”"
    write_config

    # A reader that is not there.
    write_config "Reader From Another Counter"
    doctor
    expect_status 1
    expect_line FAIL "card reader" "no reader's name contains “Reader From Another Counter”"
    expect_line skip card "not checked"
    write_config

    # The output folder open to everybody.
    chmod 0755 "$work/output"
    doctor
    expect_status 1
    expect_line FAIL "output folder" "can be opened by other users (mode 0755)"
    grep -qF "→ chmod 0700 $work/output" "$work/out" || fail "no chmod advice"
    chmod 0700 "$work/output"

    # A statistics file that is not a database: reported, left as it is.
    echo "not a database" > "$work/state/statistics.sqlite"
    doctor
    expect_status 1
    expect_line FAIL statistics "$work/state/statistics.sqlite"
    [ "$(cat "$work/state/statistics.sqlite")" = "not a database" ] || fail "the doctor changed the file"
    rm "$work/state/statistics.sqlite"

    # A template that does not load, named with its file.
    echo '{"format": 1, "id": "broken"' > "$work/forms/broken.json"
    doctor
    expect_status 1
    expect_line FAIL templates "broken.json"
    rm "$work/forms/broken.json"

    # A configured template folder that is empty.
    mkdir "$work/empty"
    sed -i "s|^template-dirs=.*|template-dirs=$work/empty|" "$work/kakanai.conf"
    doctor
    expect_status 1
    expect_line FAIL templates "no templates in $work/empty"
    write_config

    # The clock out of Japan's time zone only warns.
    TZ=UTC doctor
    expect_status 0
    expect_line warn clock "+0000"

    # A language without its catalogue: the languages= line named.
    sed -i '2i languages=ja;es' "$work/kakanai.conf"
    doctor
    expect_status 1
    expect_line FAIL languages "$work/kakanai.conf:2: “es” has no translation catalogue"
    write_config

    # A broken configuration: its line named, everything that depends on it skipped.
    printf '[kiosk]\nidle-timeout=soon\n' > "$work/kakanai.conf"
    doctor
    expect_status 1
    expect_line FAIL configuration "$work/kakanai.conf:2"
    expect_line skip languages "not checked"
    expect_line skip templates "not checked"
    expect_line skip printer "not checked"
    write_config

    # A staff call that cannot run: a configuration error, with its line.
    printf '[staff]\ncall-command=%s/no-such-pager --desk 1\n' "$work" >> "$work/kakanai.conf"
    doctor
    expect_status 1
    expect_line FAIL configuration "$work/kakanai.conf:11: the command “$work/no-such-pager” does not exist"
    write_config

    # pcscd gone.
    kill "$KAKANAI_PCSCD_PID"
    for _ in $(seq 50); do kill -0 "$KAKANAI_PCSCD_PID" 2>/dev/null || break; sleep 0.1; done
    doctor
    expect_status 1
    expect_line FAIL "card reader" "pcscd"
    grep -qF "systemctl enable --now pcscd.socket" "$work/out" || fail "no advice to start pcscd"
    ;;

  not-mynumber)
    doctor
    expect_status 0
    expect_line warn card "My Number"
    ;;

  *)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
exit 0
