#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# kakanai stats reads the kiosk's database and never changes it: missing, damaged, foreign
# and newer databases are status 35 with a message, the file left as it was; read-only
# copies and several counters' databases at once are read.
set -u
kakanai=${KAKANAI_CLI:?}
tool=${COUNTER_TEST_TOOL:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-cli-stats.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
unset STATE_DIRECTORY
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_status () { # EXPECTED WHAT COMMAND...
  expected=$1; what=$2; shift 2
  timeout 30 "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$what: exit $status, expected $expected"; cat "$work/stderr"
  else
    echo "ok: $what"
  fi
}
expect_message () { # WHAT PATTERN: the last command's stderr
  grep -q -- "$2" "$work/stderr" || fail "$1: the message lacks “$2”: $(cat "$work/stderr")"
}
fingerprint () { # the files of a folder with their sizes and checksums
  (cd "$1" && find . -type f -exec sha256sum {} + | sort)
}
expect_untouched () { # WHAT FOLDER BEFORE
  [ "$(fingerprint "$2")" = "$3" ] || fail "$1: reading changed the folder: $(ls -la "$2")"
}
sql () { sqlite3 "$@" || fail "sqlite3 $*"; }

# A missing database: an error naming the path and what to check; nothing is created.
expect_status 35 "missing database" "$kakanai" stats --db "$work/none/statistics.sqlite"
expect_message "missing database" "$work/none/statistics.sqlite"
expect_message "missing database" "--db"
[ -e "$work/none" ] && fail "reading a missing database created its folder"
expect_status 35 "missing database, CSV" "$kakanai" stats --csv --db "$work/none/statistics.sqlite"
[ -s "$work/stdout" ] && fail "missing database: CSV output anyway: $(cat "$work/stdout")"

# Damaged: garbage, an empty file, someone else's SQLite file, a newer schema.
mkdir -p "$work/bad"
head -c 8192 /dev/urandom > "$work/bad/garbage.sqlite"
: > "$work/bad/empty.sqlite"
sql "$work/bad/foreign.sqlite" "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hello');"
"$tool" sessions "$work/bad/newer.sqlite" 2026-05-01 1 || fail "recording a session"
sql "$work/bad/newer.sqlite" "PRAGMA user_version = 99;"
before=$(fingerprint "$work/bad")
expect_status 35 "garbage database" "$kakanai" stats --db "$work/bad/garbage.sqlite"
expect_message "garbage database" "damaged"
expect_message "garbage database" "$work/bad/garbage.sqlite"
expect_status 35 "empty file" "$kakanai" stats --db "$work/bad/empty.sqlite"
expect_message "empty file" "not a Kakanai statistics database"
expect_status 35 "another program's database" "$kakanai" stats --csv --db "$work/bad/foreign.sqlite"
expect_message "another program's database" "not a Kakanai statistics database"
expect_status 35 "newer schema" "$kakanai" stats --db "$work/bad/newer.sqlite"
expect_message "newer schema" "newer version of Kakanai"
expect_untouched "damaged databases" "$work/bad" "$before"
[ "$(find "$work/bad" -type f | wc -l)" -eq 4 ] || fail "reading left files behind: $(ls "$work/bad")"

# Not a regular file: a folder, a FIFO (must not block), a device.
mkfifo "$work/bad/fifo.sqlite"
expect_status 35 "a FIFO" "$kakanai" stats --db "$work/bad/fifo.sqlite"
expect_message "a FIFO" "not a regular file"
expect_status 35 "a folder" "$kakanai" stats --db "$work/bad"
expect_status 35 "a device" "$kakanai" stats --db /dev/zero

# A good database is read without a change to it or its folder.
mkdir -p "$work/good"
"$tool" sessions "$work/good/a.sqlite" 2026-05-01 3 || fail "recording sessions"
"$tool" sessions "$work/good/b.sqlite" 2026-05-02 2 || fail "recording sessions"
before=$(fingerprint "$work/good")
expect_status 0 "one database" "$kakanai" stats --db "$work/good/a.sqlite"
grep -q "Sessions: 3" "$work/stdout" || fail "one database: $(cat "$work/stdout")"
expect_status 0 "one database, CSV" "$kakanai" stats --csv --db "$work/good/a.sqlite"
head -1 "$work/stdout" | tr -d '\r' | grep -qx "id,day,started_at,ended_at,total_ms,language,identity,outcome,forms,choose_ms,pin_ms" \
  || fail "csv header: $(head -1 "$work/stdout")"
expect_untouched "a good database" "$work/good" "$before"
[ "$(find "$work/good" | wc -l)" -eq 3 ] || fail "reading left files behind: $(ls "$work/good")"

# A database the kiosk has open: its latest sessions are still in the WAL, and are counted.
cp "$work/good/a.sqlite" "$work/live.sqlite"
python3 - "$work/live.sqlite" "$work/live.ready" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("INSERT INTO sessions (day, started_at, ended_at, total_ms, language, identity, outcome, forms)"
           " VALUES ('2026-05-03', '2026-05-03T10:00:00+09:00', '2026-05-03T10:01:00+09:00', 60000, 'ja', 'card', 'printed', 'juminhyo')")
db.commit()
open(sys.argv[2], "w").close()
time.sleep(60)
PY
writer=$!
for _ in $(seq 100); do [ -e "$work/live.ready" ] && break; sleep 0.1; done
[ -s "$work/live.sqlite-wal" ] || fail "the writer left no WAL"
expect_status 0 "a database in use" "$kakanai" stats --db "$work/live.sqlite"
grep -q "Sessions: 4" "$work/stdout" || fail "database in use: $(cat "$work/stdout")"
kill "$writer"; wait "$writer" 2>/dev/null

# Several counters at once: one summary; CSV rows say which database they come from.
expect_status 0 "two databases" "$kakanai" stats --db "$work/good/a.sqlite" --db "$work/good/b.sqlite"
grep -q "Sessions: 5" "$work/stdout" || fail "two databases: $(cat "$work/stdout")"
grep -q "pin .* 2.0 s  (5)" "$work/stdout" || fail "two databases, median: $(cat "$work/stdout")"
expect_status 0 "two databases, CSV" "$kakanai" stats --csv --db "$work/good/a.sqlite" --db "$work/good/b.sqlite"
[ "$(wc -l < "$work/stdout")" -eq 6 ] || fail "two databases, CSV: expected a header and 5 rows: $(cat "$work/stdout")"
head -1 "$work/stdout" | tr -d '\r' | grep -qx "database,id,day,started_at,ended_at,total_ms,language,identity,outcome,forms,choose_ms,pin_ms" \
  || fail "two databases, csv header: $(head -1 "$work/stdout")"
grep -q "^$work/good/b.sqlite,2,2026-05-02," "$work/stdout" || fail "two databases, csv rows: $(cat "$work/stdout")"
expect_status 0 "two databases, one day" "$kakanai" stats --db "$work/good/a.sqlite" --db "$work/good/b.sqlite" --from 2026-05-02
grep -q "Sessions: 2" "$work/stdout" || fail "two databases, one day: $(cat "$work/stdout")"
expect_status 0 "the same database twice" "$kakanai" stats --db "$work/good/a.sqlite" --db "$work/good/../good/a.sqlite"
grep -q "Sessions: 3" "$work/stdout" || fail "the same database twice counted twice: $(cat "$work/stdout")"
expect_message "the same database twice" "given twice"
expect_status 35 "two databases, one missing" "$kakanai" stats --db "$work/good/a.sqlite" --db "$work/good/c.sqlite"
expect_message "two databases, one missing" "$work/good/c.sqlite"
expect_untouched "two databases" "$work/good" "$before"

# A read-only copy, as IT staff collect them: read-only file in a read-only folder, read
# by a user who cannot write there (root can write anywhere: run as nobody then).
mkdir -p "$work/copy"
cp "$work/good/a.sqlite" "$work/copy/counter-1.sqlite"
chmod 0444 "$work/copy/counter-1.sqlite"; chmod 0555 "$work/copy"
chmod go+rx "$work"
as_reader=""
[ "$(id -u)" -eq 0 ] && as_reader="setpriv --reuid=65534 --regid=65534 --clear-groups --"
before=$(fingerprint "$work/copy")
expect_status 0 "a read-only copy" $as_reader "$kakanai" stats --db "$work/copy/counter-1.sqlite"
grep -q "Sessions: 3" "$work/stdout" || fail "read-only copy: $(cat "$work/stdout")"
expect_untouched "a read-only copy" "$work/copy" "$before"

# The default: the configured database, else the kiosk's own place.
if [ -e /var/lib/kakanai/statistics.sqlite ]; then
  # The kiosk service's database on this machine (the package is installed): found.
  expect_status 0 "the kiosk service's database" "$kakanai" stats
  grep -q "Sessions:" "$work/stdout" || fail "the service's database: $(cat "$work/stdout")"
else
  expect_status 35 "no database yet" "$kakanai" stats
  expect_message "no database yet" "$XDG_STATE_HOME/kakanai/statistics.sqlite"
  expect_message "no database yet" "/var/lib/kakanai/statistics.sqlite"
fi
[ -e "$XDG_STATE_HOME/kakanai" ] && fail "reading the default database created its folder"
mkdir -p "$XDG_STATE_HOME/kakanai"
cp "$work/good/b.sqlite" "$XDG_STATE_HOME/kakanai/statistics.sqlite"
expect_status 0 "the kiosk's default database" "$kakanai" stats
grep -q "Sessions: 2" "$work/stdout" || fail "default database: $(cat "$work/stdout")"
mkdir -p "$XDG_CONFIG_HOME/kakanai"
printf '[statistics]\ndatabase=%s\n' "$work/good/a.sqlite" > "$XDG_CONFIG_HOME/kakanai/kakanai.conf"
expect_status 0 "the configured database" "$kakanai" stats
grep -q "Sessions: 3" "$work/stdout" || fail "configured database: $(cat "$work/stdout")"
printf '[statistics]\ndatabase=%s\n' "$work/none.sqlite" > "$XDG_CONFIG_HOME/kakanai/kakanai.conf"
expect_status 35 "the configured database is missing" "$kakanai" stats
expect_message "the configured database is missing" "$work/none.sqlite"
expect_message "the configured database is missing" "kakanai.conf:2"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
exit 0
