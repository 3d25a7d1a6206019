#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Adversarial files through `kakanai stats` (statistics databases), the configuration
# loader (through `kakanai stats`, which reads the configuration for its default database)
# and `kakanai fill --card-profile`: each gets its documented status and a message naming
# the file, never a signal. Runs in the sanitizer build too, where any memory error is a
# non-zero status of its own.
set -u
kakanai=${KAKANAI_CLI:?}
tool=${COUNTER_TEST_TOOL:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-adversarial.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
unset STATE_DIRECTORY
mkdir -p "$XDG_CONFIG_HOME/kakanai"
conf="$XDG_CONFIG_HOME/kakanai/kakanai.conf"
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
# EXPECTED MESSAGE WHAT COMMAND...: the status, a message on stderr, no signal.
expect () {
  expected=$1; message=$2; what=$3; shift 3
  timeout 60 "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  if [ "$status" -ge 124 ]; then
    fail "$what: killed or timed out (status $status)"; tail -5 "$work/stderr"
  elif [ "$status" -ne "$expected" ]; then
    fail "$what: exit $status, expected $expected"; tail -5 "$work/stderr"
  elif [ -n "$message" ] && ! grep -q -- "$message" "$work/stderr"; then
    fail "$what: the message lacks “$message”: $(head -c 400 "$work/stderr")"
  else
    echo "ok: $what"
  fi
}

# ---- statistics databases ----
db () { python3 - "$work/$1" <<PY
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""$2""")
db.commit()
PY
}
# The kiosk's schema without its constraints, so that anything can be stored.
loose="CREATE TABLE sessions (id INTEGER PRIMARY KEY, day, started_at, ended_at, total_ms, language, identity, outcome, forms);
CREATE TABLE session_steps (session_id, step, duration_ms); PRAGMA user_version = 1;"
db odd-values.sqlite "$loose
INSERT INTO sessions VALUES (1, '2026-05-01', NULL, NULL, 'ten', NULL, NULL, NULL, NULL);
INSERT INTO sessions VALUES (2, '2026-05-01', x'00ff', 3.5, -99999999999, 'ja', 'card', 'printed', 'a,b\"c');
INSERT INTO sessions VALUES (3, NULL, '', '', 9223372036854775807, 'x', 'interview', 'no-such', '');
INSERT INTO session_steps VALUES (1, NULL, 5), (2, 'pin', 'x'), (2, 'pin', -1), (3, 'a\"b,c
d', 1e300), (99, 'orphan', 1), (2, x'c0', 2);"
db huge-text.sqlite "$loose
INSERT INTO sessions VALUES (1, '2026-05-01', 's', 'e', 1, hex(zeroblob(500000)), 'card', 'printed', hex(zeroblob(500000)));
WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 2000)
INSERT INTO session_steps SELECT 1, 'step' || v, v FROM n;"
db wrong-columns.sqlite "CREATE TABLE sessions (x); CREATE TABLE session_steps (y); PRAGMA user_version = 1;"
db negative-version.sqlite "$loose PRAGMA user_version = -1;"
db views.sqlite "CREATE TABLE t (a); CREATE VIEW sessions AS SELECT 1 AS id, 2 AS day, 3 AS started_at, 4 AS ended_at,
  5 AS total_ms, 6 AS language, 7 AS identity, 8 AS outcome, 9 AS forms;
CREATE VIEW session_steps AS SELECT 1 AS session_id, 'pin' AS step, 3 AS duration_ms; PRAGMA user_version = 1;"
"$tool" sessions "$work/real.sqlite" 2026-05-01 40 || fail "recording sessions"
head -c 4096 "$work/real.sqlite" > "$work/truncated.sqlite"
python3 - "$work/real.sqlite" "$work/flipped.sqlite" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
for i in range(4096 + 16, len(data), 13):
    data[i] ^= 0x5A
open(sys.argv[2], "wb").write(data)
PY
head -c 100 "$work/real.sqlite" > "$work/header-only.sqlite"
ln -s /dev/zero "$work/zero-link.sqlite"
ln -s "$work/nowhere" "$work/dangling.sqlite"

for mode in "" --csv; do
  expect 0 "" "odd values $mode" "$kakanai" stats $mode --db "$work/odd-values.sqlite"
  expect 0 "" "huge text $mode" "$kakanai" stats $mode --db "$work/huge-text.sqlite"
  expect 0 "" "views $mode" "$kakanai" stats $mode --db "$work/views.sqlite"
  expect 35 "not a Kakanai statistics database" "wrong columns $mode" "$kakanai" stats $mode --db "$work/wrong-columns.sqlite"
  expect 35 "not a Kakanai statistics database" "negative version $mode" "$kakanai" stats $mode --db "$work/negative-version.sqlite"
  expect 35 "truncated.sqlite" "truncated $mode" "$kakanai" stats $mode --db "$work/truncated.sqlite"
  expect 35 "damaged" "flipped bytes $mode" "$kakanai" stats $mode --db "$work/flipped.sqlite"
  expect 35 "header-only.sqlite" "header only $mode" "$kakanai" stats $mode --db "$work/header-only.sqlite"
  expect 35 "not a regular file" "link to /dev/zero $mode" "$kakanai" stats $mode --db "$work/zero-link.sqlite"
  expect 35 "no statistics database" "dangling link $mode" "$kakanai" stats $mode --db "$work/dangling.sqlite"
done
"$kakanai" stats --csv --db "$work/odd-values.sqlite" > "$work/odd.csv" 2>/dev/null
grep -q '"a,b""c"' "$work/odd.csv" || fail "CSV quoting of a crafted value: $(cat "$work/odd.csv")"

# ---- configuration files (kakanai stats reads the configuration for its default database) ----
"$tool" sessions "$XDG_STATE_HOME/kakanai/statistics.sqlite" 2026-05-01 1 || fail "recording a session"
config () { printf "$1" > "$conf"; }
config '[clerk]\npin-hash=pbkdf2-sha256:ITERATIONS:SALT:HASH\n'
expect 1 "kakanai.conf:2: .*kakanai clerk-pin-hash" "placeholder clerk PIN hash" "$kakanai" stats
config '[clerk]\n\npin-hash=pbkdf2-sha256:4294967291:000102030405060708090a0b0c0d0e0f:00000000000000000000000000000000000000000000000000000000000000ff\n'
expect 1 "kakanai.conf:3:" "clerk PIN hash with a wrapped iteration count" "$kakanai" stats
config '[kiosk]\nidle-timeout=-5\n'
expect 1 "kakanai.conf:2:" "negative idle time-out" "$kakanai" stats
config '\377\376[kiosk]\n'
expect 1 "not UTF-8" "not UTF-8" "$kakanai" stats
printf '[kiosk]\nreader=a\000b\n' > "$conf"
expect 1 "not UTF-8" "a NUL byte" "$kakanai" stats
head -c 300000 /dev/zero | tr '\0' '#' > "$conf"
expect 1 "too large" "300 KB of configuration" "$kakanai" stats
{ printf '[kiosk]\nmunicipality='; head -c 200000 /dev/zero | tr '\0' 'x'; } > "$conf"
expect 0 "" "a 200 KB line" "$kakanai" stats
{ for i in $(seq 2000); do printf '[kiosk]\nlanguages=ja;en;ja;en;ja;en;ja;en\n'; done; } > "$conf"
expect 0 "" "2000 repeated groups" "$kakanai" stats
config '[kiosk\nx=1\n'
expect 1 "kakanai.conf:1:" "an unclosed group" "$kakanai" stats
config '[kiosk]\nmunicipality[=x\nmunicipality[]=y\n'
expect 1 "kakanai.conf:2:" "broken locale keys" "$kakanai" stats
rm -f "$conf"; mkfifo "$conf"
expect 1 "not a regular file" "a FIFO as the configuration" "$kakanai" stats
rm -f "$conf"; mkdir "$conf"
expect 1 "not a regular file" "a folder as the configuration" "$kakanai" stats
rmdir "$conf"; ln -s /dev/urandom "$conf"
expect 1 "not a regular file" "a device as the configuration" "$kakanai" stats
rm -f "$conf"

# ---- card profiles (kakanai fill --card-profile reads the profile's PIN first) ----
python3 -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000)' > "$work/deep.json"
python3 -c 'import sys; sys.stdout.write("{\"pin\": \"1234\", \"x\": \"" + "a" * 2000000 + "\"}")' > "$work/big.json"
printf '{"pin": "12' > "$work/cut.json"
mkfifo "$work/fifo.json"
expect 1 "deep.json" "a profile nested 100 000 deep" "$kakanai" fill --form juminhyo --card-profile "$work/deep.json" -o "$work/out.pdf"
expect 1 "too large" "a 2 MB profile" "$kakanai" fill --form juminhyo --card-profile "$work/big.json" -o "$work/out.pdf"
expect 1 "cut.json" "a cut profile" "$kakanai" fill --form juminhyo --card-profile "$work/cut.json" -o "$work/out.pdf"
expect 1 "not a regular file" "a FIFO as the profile" "$kakanai" fill --form juminhyo --card-profile "$work/fifo.json" -o "$work/out.pdf"
[ -e "$work/out.pdf" ] && fail "a PDF was written from a broken profile"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
exit 0
