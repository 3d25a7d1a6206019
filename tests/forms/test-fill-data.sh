#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-fill-data.sh: `kakanai fill --data FILE|-`: personal values from a file or standard
# input instead of argv (where /proc/PID/cmdline shows them to every user).
#
# Usage: test-fill-data.sh KAKANAI_PROGRAM
set -u
kakanai=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
run () { timeout 60 "$kakanai" "$@" >"$work/stdout" 2>"$work/stderr"; status=$?; }
expect_status () { # EXPECTED WHAT
  if [ "$status" -ne "$1" ]; then fail "$2: exit $status, expected $1: $(cat "$work/stderr")"; else echo "ok: $2"; fi
}
pdf_text () { pdftotext -enc UTF-8 -layout "$1" - | tr -d ' \n'; }

cat > "$work/values.txt" <<'DATA'
# the resident's answers, one KEY=VALUE a line
applicant.name_kana=ヤマグチ　ハナコ
applicant.phone=083-922-4111

request.purpose=employment
DATA
printf 'request.date=2024-04-25\r\n' >> "$work/values.txt"

run fill --demo --form juminhyo --data "$work/values.txt" -o "$work/file.pdf"
expect_status 0 "--data FILE"
text=$(pdf_text "$work/file.pdf")
case "$text" in *ヤマグチハナコ*083-922-4111*|*083-922-4111*ヤマグチハナコ*) echo "ok: the file's values are on the form" ;;
  *) fail "--data FILE: values missing from the form: $text" ;; esac
case "$text" in *令和6年4月25日*) ;; *) fail "--data FILE: a CRLF line was not read: $text" ;; esac

# Standard input, and --set after --data wins.
run fill --demo --form juminhyo --data - --set applicant.phone=099-999-9999 -o "$work/stdin.pdf" < "$work/values.txt"
expect_status 0 "--data -"
text=$(pdf_text "$work/stdin.pdf")
case "$text" in *ヤマグチハナコ*) ;; *) fail "--data -: values missing: $text" ;; esac
case "$text" in *099-999-9999*) ;; *) fail "--data -: --set did not win over --data: $text" ;; esac

# A pipe other than standard input, beside --pin-stdin.
run fill --demo --form juminhyo --pin-stdin --data /dev/fd/3 -o "$work/fd.pdf" 3< "$work/values.txt" <<< "1234"
expect_status 0 "--data /dev/fd/3 with --pin-stdin"

# Refused: a line without KEY=, the same standard input as the PIN, a missing file, too
# much. The messages name the line, never its text (it may be personal).
printf 'applicant.phone=083\nヤマグチ ハナコ\n' > "$work/bad.txt"
run fill --demo --form juminhyo --data "$work/bad.txt" -o "$work/bad.pdf"
expect_status 2 "a line without KEY="
grep -q "bad.txt:2:" "$work/stderr" || fail "the message does not name the line: $(cat "$work/stderr")"
grep -q "ヤマグチ" "$work/stderr" && fail "the message echoes the line's text"
[ -e "$work/bad.pdf" ] && fail "a PDF was written despite bad --data"
run fill --demo --form juminhyo --pin-stdin --data - -o "$work/bad.pdf" <<< "1234"
expect_status 2 "--data - with --pin-stdin"
run fill --demo --form juminhyo --data "$work/none.txt" -o "$work/bad.pdf"
expect_status 2 "a missing --data file"
head -c 70000 /dev/zero | tr '\0' 'a' | sed 's/^/a=/' > "$work/big.txt"
run fill --demo --form juminhyo --data "$work/big.txt" -o "$work/bad.pdf"
expect_status 2 "--data over 64 KiB"
grep -q "too large" "$work/stderr" || fail "too large: $(cat "$work/stderr")"

if [ $failures -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
exit 0
