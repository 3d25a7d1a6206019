#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-fill-identity.sh: data read from a card notes the My Number card as the identity
# document (request.identity_document=mynumber_card, the bundled forms' "card_answer"),
# as the kiosk does; --set wins.
#
# Usage: test-fill-identity.sh KAKANAI_PROGRAM
# The PDF and PNG outputs are deterministic, so "the choice is circled" is checked by
# comparing with the output where the value is given explicitly with --set.
set -u

kakanai=$1
source_root=${KAKANAI_SOURCE_ROOT:?KAKANAI_SOURCE_ROOT is set by meson}
work=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-fill-identity.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
make () { # OUT ARGS...: fill or preview, which must succeed
  out=$1; shift
  "$kakanai" "$@" -o "$work/$out" 2>"$work/stderr" || { fail "$out: kakanai $*"; cat "$work/stderr"; }
}
same () { cmp -s "$work/$1" "$work/$2" && echo "ok: $3" || fail "$3 ($1 and $2 differ)"; }
differ () { cmp -s "$work/$1" "$work/$2" && fail "$3 ($1 and $2 are the same)" || echo "ok: $3"; }

date="--set request.date=2024-04-25"
mynumber="--set request.identity_document=mynumber_card"
passport="--set request.identity_document=passport"
profile="$source_root/tests/cardreader/profiles/rare-kanji.json"

# shellcheck disable=SC2086
{
  # Every bundled form that has the key, from the demo card and from a card profile.
  for form in juminhyo inkan shotoku; do
    make "$form-card.pdf" fill --form $form --demo $date
    make "$form-card-set.pdf" fill --form $form --demo $date $mynumber
    same "$form-card.pdf" "$form-card-set.pdf" "$form: a card read notes mynumber_card"
  done
  make profile.pdf fill --form inkan --card-profile "$profile" $date
  make profile-set.pdf fill --form inkan --card-profile "$profile" $date $mynumber
  same profile.pdf profile-set.pdf "--card-profile notes mynumber_card"

  # --set wins over the card.
  make card-passport.pdf fill --form inkan --demo $date $passport
  differ card-passport.pdf inkan-card-set.pdf "--set request.identity_document wins over the card"

  # No card read: nothing is noted.
  make nocard.pdf fill --form inkan $date --set card.name=山口
  make nocard-set.pdf fill --form inkan $date --set card.name=山口 $mynumber
  differ nocard.pdf nocard-set.pdf "without a card no identity document is noted"

  # preview takes the same path.
  make card.png preview --form juminhyo --demo $date --dpi 50
  make card-set.png preview --form juminhyo --demo $date $mynumber --dpi 50
  same card.png card-set.png "preview: a card read notes mynumber_card"

  # The answer is the template's own ("card_answer" of its question), not the program's:
  # a form naming passport gets passport, a form naming none gets nothing.
  sed 's/"card_answer": "mynumber_card"/"card_answer": "passport"/' \
    "$source_root/assets/forms/inkan.json" >"$work/inkan-passport.json"
  sed 's/, "card_answer": "mynumber_card"//' "$source_root/assets/forms/inkan.json" >"$work/inkan-none.json"
  grep -q '"card_answer": "passport"' "$work/inkan-passport.json" || fail "inkan.json names no card answer to change"
  make own-answer.pdf fill --form "$work/inkan-passport.json" --demo $date
  make own-answer-set.pdf fill --form "$work/inkan-passport.json" --demo $date $passport
  same own-answer.pdf own-answer-set.pdf "a template's own card answer is the one noted"
  make no-answer.pdf fill --form "$work/inkan-none.json" --demo $date
  make no-answer-set.pdf fill --form "$work/inkan-none.json" --demo $date $mynumber
  differ no-answer.pdf no-answer-set.pdf "a template without a card answer notes nothing"

  # A form without the key is filled as before.
  make minimal.pdf fill --form "$source_root/tests/forms/templates/minimal.json" --demo $date
}

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
exit 0
