#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-fill-cli.sh: `kakanai fill|preview|forms` end to end, checked with poppler and qpdf.
#
# Usage: test-fill-cli.sh KAKANAI_PROGRAM CASE
# Every case runs the real program on the bundled templates and cards (fictitious people)
# and checks what a clerk or a script would rely on.
set -u

kakanai=$1
case_name=$2
source_root=${KAKANAI_SOURCE_ROOT:?KAKANAI_SOURCE_ROOT is set by meson}
forms_data=$source_root/tests/forms/data
profiles=$source_root/tests/cardreader/profiles

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Runs kakanai and records its status without letting `set -e`-style logic hide it.
run() { "$kakanai" "$@" >"$work/stdout" 2>"$work/stderr"; status=$?; }

expect_status() {
  [ "$status" -eq "$1" ] || { cat "$work/stderr" >&2; fail "exit status $status, expected $1"; }
}

# A crash is a signal (status > 128), never an answer.
expect_no_crash() {
  [ "$status" -lt 128 ] || fail "kakanai crashed (status $status)"
}

expect_text() { # FILE TEXT...
  local file=$1; shift
  for text in "$@"; do
    grep -qF -- "$text" "$file" || { echo "--- $file:" >&2; cat "$file" >&2; fail "“$text” not found"; }
  done
}

# pdftotext puts each field where it is drawn; joining lines and dropping spaces makes
# the check independent of where a wrapped line breaks.
pdf_text() { pdftotext -enc UTF-8 -layout "$1" - | tr -d ' \n'; }

check_pdf_sound() { # PDF PAGES
  qpdf --check "$1" >"$work/qpdf" 2>&1 || { cat "$work/qpdf" >&2; fail "qpdf --check failed"; }
  local pages
  pages=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
  [ "$pages" = "$2" ] || fail "$pages pages, expected $2"
  # Every font embedded and subset: pdffonts columns emb and sub are both "yes".
  pdffonts "$1" | tail -n +3 >"$work/fonts"
  [ -s "$work/fonts" ] || fail "no fonts in the PDF"
  if awk '{ n = NF; if ($(n-4) != "yes" || $(n-3) != "yes") bad = 1 } END { exit bad ? 0 : 1 }' "$work/fonts"; then
    cat "$work/fonts" >&2
    fail "a font is not embedded and subset"
  fi
}

common_set=(--set request.date=2024-04-25 --set applicant.name_kana=ヤマグチ　ハナコ
            --set applicant.phone=083-922-4111 --set request.purpose=employment)

case $case_name in
  demo-all-forms)
    # One PDF, one page per form, the demo card's data in each.
    run fill --form juminhyo --form inkan --form shotoku --demo "${common_set[@]}" --set office.name=山口市 \
        --set request.fiscal_year=2024 -o "$work/out.pdf"
    expect_status 0
    check_pdf_sound "$work/out.pdf" 3
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 山口花子 山口県山口市亀山町2番1号 昭和55年1月1日 令和6年4月25日 令和6年度 山口市長 \
      住民票の写し等交付請求書 印鑑登録証明書交付申請書 所得・課税証明書交付申請書 ヤマグチハナコ 083-922-4111
    for page in 1 2 3; do
      pdftotext -f $page -l $page -enc UTF-8 "$work/out.pdf" - | tr -d ' \n' >"$work/page"
      expect_text "$work/page" 山口花子 令和6年4月25日
    done
    ;;

  rare-kanji)
    # Characters outside the BMP and compatibility ideographs come back out of the PDF.
    run fill --form juminhyo --card-profile "$profiles/rare-kanji.json" --set request.date=2019-05-01 \
        --set office.name=葛飾区 -o "$work/out.pdf"
    expect_status 0
    check_pdf_sound "$work/out.pdf" 1
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 髙﨑 𠮷太郎 東京都葛飾区立石5丁目13番1号 昭和50年12月31日 令和元年5月1日 葛飾区長
    ;;

  rare-characters)
    # All four in a card profile: name and address through the card logic into every form.
    run fill --form juminhyo --form inkan --form shotoku \
        --card-profile "$source_root/tests/forms/cards/rare-characters.json" \
        --set request.date=2019-04-30 -o "$work/out.pdf"
    expect_status 0
    check_pdf_sound "$work/out.pdf" 3
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 髙﨑𠮷𩸽 北海道𩸽町髙﨑1番地𠮷ビル101号 昭和64年1月7日 平成31年4月30日
    [ "$(grep -o 髙﨑𠮷𩸽 "$work/text" | wc -l)" -eq 3 ] || fail "the name is not on every page"
    ;;

  rare-kanji-set)
    # 𩸽 typed by the clerk (--set overrides the card) takes the same path.
    run fill --form inkan --card-profile "$profiles/rare-kanji.json" \
        --set "card.address=北海道𩸽町髙﨑1番地" -o "$work/out.pdf"
    expect_status 0
    check_pdf_sound "$work/out.pdf" 1
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 北海道𩸽町髙﨑1番地 𠮷太郎
    ;;

  undrawable-character)
    # A character no bundled font has (U+F0000, private use): reported with its code point,
    # status 21, and the PDF written all the same.
    run fill --form juminhyo --demo --set "card.name=山口　$(printf '\363\260\200\200')子" -o "$work/out.pdf"
    expect_status 21
    expect_text "$work/stderr" U+F0000 card.name
    check_pdf_sound "$work/out.pdf" 1
    ;;

  stdout-and-default-date)
    # -o - writes to stdout; request.date defaults to today (in 和暦).
    "$kakanai" fill --form inkan --demo -o - >"$work/out.pdf" 2>"$work/stderr" || fail "fill to stdout failed"
    check_pdf_sound "$work/out.pdf" 1
    today=$(date +%Y-%m-%d)
    year=$(date +%Y); month=$(date +%-m); day=$(date +%-d)
    reiwa=$((year - 2018)); [ $reiwa -eq 1 ] && reiwa=元
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" "令和${reiwa}年${month}月${day}日"
    [ -n "$today" ] || fail "date failed"
    ;;

  my-number)
    # A form with a place for the My Number gets it; the bundled ones have none, so theirs
    # never holds it.
    run fill --form "$forms_data/tiny-my-number.json" --demo -o "$work/out.pdf"
    expect_status 0
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 123456789018
    run fill --form juminhyo --form inkan --form shotoku --demo -o "$work/bundled.pdf"
    expect_status 0
    pdf_text "$work/bundled.pdf" >"$work/text"
    if grep -qF 123456789018 "$work/text"; then fail "the My Number reached a bundled form"; fi
    ;;

  preview)
    run preview --form juminhyo --demo "${common_set[@]}" --dpi 50 -o "$work/out.png"
    expect_status 0
    [ "$(head -c 8 "$work/out.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] || fail "not a PNG"
    # A4 at 50 dpi: 413 x 585 pixels (IHDR width and height, big-endian).
    size=$(od -An -tu1 -j16 -N8 "$work/out.png" | awk '{ print $3*256+$4 "x" $7*256+$8 }')
    [ "$size" = 413x585 ] || [ "$size" = 414x585 ] || [ "$size" = 413x584 ] || fail "PNG is $size"
    ;;

  overflow)
    # A 150-character address cannot fit the tiny field: status 21, problem on stderr,
    # and the PDF written all the same, the whole address in it (drawn, never cut).
    run fill --form "$forms_data/tiny-address.json" --card-profile "$profiles/long-address.json" -o "$work/out.pdf"
    expect_status 21
    expect_text "$work/stderr" tiny-address address
    check_pdf_sound "$work/out.pdf" 1
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 北海道札幌市中央区北一条西二丁目一番地
    ;;

  forms-list)
    run forms list
    expect_status 0
    for id in juminhyo inkan shotoku; do
      grep -q "^$id	" "$work/stdout" || fail "forms list lacks $id"
    done
    expect_text "$work/stdout" 住民票の写し等交付請求書 印鑑登録証明書交付申請書 所得・課税証明書交付申請書
    # --templates DIR adds its templates.
    run forms list --templates "$forms_data"
    expect_status 0
    grep -q "^tiny-address	" "$work/stdout" || fail "forms list --templates lacks tiny-address"
    ;;

  validate-bundled)
    # Every bundled template, and the bundled procedures beside them.
    run forms validate "$source_root"/assets/forms/*.json
    expect_status 0
    [ "$(grep -c '^.*/assets/forms/.*: ok$' "$work/stdout")" -eq "$(ls "$source_root"/assets/forms/*.json | wc -l)" ] || fail "not every bundled template validated"
    grep -qx "$source_root/assets/procedures: ok" "$work/stdout" || { cat "$work/stdout" >&2; fail "the bundled procedures were not validated"; }
    # One key, one question: a form asking 住民票's request.kind with its own choices is
    # refused, naming both forms and their choices.
    mkdir -p "$work/clash"
    sed 's/"form\.tax_certificate"/"request.kind"/g' "$source_root/assets/forms/shotoku.json" >"$work/clash/shotoku.json"
    run forms validate "$source_root/assets/forms/juminhyo.json" "$work/clash/shotoku.json"
    expect_no_crash
    expect_status 20
    expect_text "$work/stderr" "juminhyo asks “request.kind” with the choices “household, extract, entry_certificate, removed”, but shotoku with “income, tax, income_tax, exempt”"
    ;;

  procedures)
    # One procedure a line: id, title in the current language (or --language), its forms.
    run forms procedures
    expect_status 0
    expect_text "$work/stdout" "shomeisho	証明書がほしい	juminhyo,inkan,shotoku" "tennyu	引っ越してきた（転入）	tennyu,jidoteate,juminhyo"
    [ "$(wc -l <"$work/stdout")" -eq "$(ls "$source_root"/assets/procedures/*.json | wc -l)" ] || fail "not one line per bundled procedure"
    run forms procedures --language en
    expect_status 0
    expect_text "$work/stdout" "shomeisho	I need a certificate	juminhyo,inkan,shotoku"
    LANGUAGE=pt run forms procedures
    expect_status 0
    expect_text "$work/stdout" "tennyu	Mudei-me de outra cidade	tennyu,jidoteate,juminhyo"
    LANGUAGE=vi run forms procedures
    expect_text "$work/stdout" "tennyu	Tôi chuyển đến từ nơi khác (chuyển đến)	"
    # A language the bundled procedures have no text in: Japanese.
    LANGUAGE=es run forms procedures
    expect_text "$work/stdout" "tennyu	引っ越してきた（転入）	"
    # A site's procedures beside its templates (--templates site/forms → site/procedures)
    # come first; a site procedure with a bundled id replaces the bundled one.
    mkdir -p "$work/site/forms" "$work/site/procedures"
    cp "$forms_data/tiny-address.json" "$work/site/forms/"
    cat >"$work/site/procedures/address.json" <<'JSON'
{"format": 1, "id": "address", "kind": "certificate", "icon": "kakanai-certificate-symbolic",
 "title": {"ja": "住所の確認", "en": "Checking an address"}, "forms": ["tiny-address", "juminhyo"]}
JSON
    cat >"$work/site/procedures/shomeisho.json" <<'JSON'
{"format": 1, "id": "shomeisho", "kind": "certificate", "icon": "kakanai-certificate-symbolic",
 "title": "住民票だけ", "forms": ["juminhyo"]}
JSON
    run forms procedures --templates "$work/site/forms/"
    expect_status 0
    expect_text "$work/stdout" "address	住所の確認	tiny-address,juminhyo" "shomeisho	住民票だけ	juminhyo" "tennyu	"
    [ "$(grep -c '^shomeisho	' "$work/stdout")" -eq 1 ] || fail "shomeisho listed twice"
    # A procedure naming a form no template has: the file and the form named, status 20.
    sed 's/"juminhyo"]/"juminhyo", "tenshutsu"]/' "$work/site/procedures/address.json" >"$work/site/procedures/zz.json"
    sed -i 's/"id": "address"/"id": "zz"/' "$work/site/procedures/zz.json"
    run forms procedures --templates "$work/site/forms"
    expect_status 20
    expect_text "$work/stderr" "$work/site/procedures/zz.json: there is no form “tenshutsu”"
    ;;

  validate-procedures)
    # validate checks the procedures beside the folders it is given and beside the
    # templates the CLI uses; each error names the file and the problem.
    mkdir -p "$work/site/forms" "$work/site/procedures"
    cp "$forms_data/tiny-address.json" "$work/site/forms/"
    cat >"$work/site/procedures/address.json" <<'JSON'
{"format": 1, "id": "address", "kind": "certificate", "icon": "kakanai-certificate-symbolic",
 "title": "住所の確認", "forms": ["tiny-address", "inkan"]}
JSON
    run forms validate "$work/site/forms"
    expect_status 0
    expect_text "$work/stdout" "$work/site/forms: ok" "$work/site/procedures: ok" "$source_root/assets/procedures: ok"
    # A form only the site folder has is unknown without it.
    run forms validate "$source_root/assets/forms/inkan.json" --templates "$work/site/forms"
    expect_status 0
    expect_text "$work/stdout" "$work/site/procedures: ok"
    cp "$work/site/procedures/address.json" "$work/address.json"
    sed 's/"inkan"/"inkan", "tenshutsu"/' "$work/address.json" >"$work/site/procedures/address.json"
    run forms validate "$work/site/forms"
    expect_no_crash
    expect_status 20
    expect_text "$work/stdout" "$work/site/forms: ok" "$source_root/assets/procedures: ok"
    expect_text "$work/stderr" "$work/site/procedures/address.json: there is no form “tenshutsu”"
    # Malformed procedures: each named with its problem.
    while IFS='|' read -r json why; do
      printf '%s\n' "$json" >"$work/site/procedures/address.json"
      run forms validate "$work/site/forms"
      expect_no_crash
      expect_status 20
      expect_text "$work/stderr" "$work/site/procedures/address.json: $why"
    done <<'CASES'
{"format": 1, "id": "address", "kind": "certificate", "icon": "x", "forms": ["inkan"]}|missing member “title”
{"format": 1, "id": "address", "kind": "move", "icon": "x", "title": "t", "forms": ["inkan"]}|“kind” must be one of
{"format": 2, "id": "address", "kind": "certificate", "icon": "x", "title": "t", "forms": ["inkan"]}|procedure format 2 is not supported
{"format": 1, "id": "address", "kind": "certificate", "icon": "x", "title": "t", "forms": []}|“forms” must be an array of 1 to
{"format": 1, "id": "address", "kind": "certificate", "icon": "x", "title": "t", "forms": ["inkan"], "colour": "red"}|unknown member “colour”
{"format": 1, "id": "address",|malformed JSON
CASES
    # Two procedures with one id in a folder.
    printf '%s\n' '{"format": 1, "id": "tennyu", "kind": "life_event", "icon": "x", "title": "t", "forms": ["inkan"]}' \
      >"$work/site/procedures/address.json"
    cp "$work/site/procedures/address.json" "$work/site/procedures/again.json"
    run forms validate "$work/site/forms"
    expect_status 20
    expect_text "$work/stderr" "the id “tennyu” is already used by"
    ;;

  broken-template)
    # Each broken file: a clear message naming the file, status 20, no crash; good files
    # given alongside still say ok.
    for broken in "$forms_data"/broken/broken-*.json; do
      run forms validate "$source_root/assets/forms/inkan.json" "$broken"
      expect_no_crash
      expect_status 20
      expect_text "$work/stderr" "$(basename "$broken")"
      expect_text "$work/stdout" "inkan.json: ok"
      run fill --form "$broken" --demo -o "$work/out.pdf"
      expect_no_crash
      expect_status 20
      [ ! -e "$work/out.pdf" ] || fail "a PDF was written for a broken template"
    done
    expect_text "$work/stderr" broken-
    run forms validate "$forms_data/broken/broken-card-answer.json"
    expect_status 20
    expect_text "$work/stderr" "broken-card-answer.json: question 0 (“request.identity_document”): “card_answer” is “mynumber_card”, which is not one of the question's options"
    ;;

  template-keys)
    # A template's own keys are set like the known ones, printed (dates in 和暦, choice
    # values as their Japanese labels), and read back by a scanner from the QR code.
    run fill --form tennyu --set request.date=2024-04-25 --set "applicant.name_kana=ヤマグチ　ハナコ" \
      --set form.previous_address=大阪府大阪市北区中之島一丁目3番20号 --set form.moving_date=2024-04-01 \
      --set form.household.1.name=山口太郎 --set form.household.1.relationship=spouse \
      --set form.household.1.birth_date=1980-02-29 -o "$work/out.pdf"
    expect_status 0
    check_pdf_sound "$work/out.pdf" 1
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 大阪府大阪市北区中之島一丁目3番20号 令和6年4月1日 山口太郎 妻・夫 昭和55年2月29日
    pdftoppm -r 200 -png -singlefile "$work/out.pdf" "$work/page"
    zbarimg --quiet --raw "$work/page.png" >"$work/qr" 2>/dev/null || fail "no QR code found on the page"
    expect_text "$work/qr" "KAKANAI-TENNYU|2024-04-25|2024-04-01|大阪府大阪市北区中之島一丁目3番20号|ヤマグチ　ハナコ|"
    # A template key no chosen form asks for is a usage error, before any card is read.
    run fill --form juminhyo --set form.previous_address=x -o "$work/other.pdf"
    expect_status 2
    expect_text "$work/stderr" form.previous_address
    [ ! -e "$work/other.pdf" ] || fail "a PDF was written after a usage error"
    ;;

  questions)
    # One question a line; a key two forms ask is listed once; prompts per language.
    run forms questions juminhyo inkan tennyu
    expect_status 0
    [ "$(grep -c '^applicant.name_kana	' "$work/stdout")" -eq 1 ] || fail "applicant.name_kana listed more than once"
    expect_text "$work/stdout" "request.purpose_other	text	required	resident	-	when request.purpose=other	使い道（その他）" \
      "request.identity_document	choice	optional	clerk" "form.household.N.relationship	choice	required	resident	householder,spouse,child,father,mother,other"
    run forms questions --language en tennyu
    expect_status 0
    expect_text "$work/stdout" "form.previous_address	text	required	resident	-	-	Your previous address"
    ;;

  normalize)
    # Through the model and back: format 1 comes out as format 2, the same template, and
    # a second pass writes the same bytes.
    run forms normalize "$source_root/tests/forms/templates/fields.json" -o "$work/once.json"
    expect_status 0
    run forms normalize "$work/once.json" -o "$work/twice.json"
    expect_status 0
    cmp -s "$work/once.json" "$work/twice.json" || fail "a second normalize changed the file"
    expect_text "$work/once.json" '"format": 2,'
    run forms validate "$work/once.json"
    expect_status 0
    for form in "$source_root"/assets/forms/*.json; do
      run forms normalize "$form" -o "$work/bundled.json"
      expect_status 0
      cmp -s "$form" "$work/bundled.json" || fail "$(basename "$form") is not in its normalized form"
    done
    run forms normalize "$forms_data/broken/broken-question.json" -o "$work/broken.json"
    expect_status 20
    expect_text "$work/stderr" "broken-question.json: question 1 (“form.household”): a choice question needs “options”"
    ;;

  usage-errors)
    run fill --form juminhyo --demo
    expect_status 2
    run fill --demo -o "$work/out.pdf"
    expect_status 2
    run fill --form juminhyo --demo --card-profile "$profiles/good.json" -o "$work/out.pdf"
    expect_status 2
    run fill --form juminhyo --demo --set card.nmae=x -o "$work/out.pdf"
    expect_status 2
    run fill --form no-such-form --demo -o "$work/out.pdf"
    expect_status 20
    expect_text "$work/stderr" no-such-form
    [ ! -e "$work/out.pdf" ] || fail "a PDF was written after a usage error"
    ;;

  card-errors)
    # Card failures use the card statuses; nothing is written.
    run fill --form juminhyo --card-profile "$profiles/blocked.json" -o "$work/out.pdf"
    expect_status 15
    echo 9999 | "$kakanai" fill --form juminhyo --card-profile "$profiles/good.json" --pin-stdin \
        -o "$work/out.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 13
    echo 1234 | "$kakanai" fill --form juminhyo --card-profile "$profiles/good.json" --pin-stdin \
        -o "$work/stdin.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 0
    run fill --form juminhyo --card-profile "$profiles/one-try.json" -o "$work/out.pdf"
    expect_status 14
    [ ! -e "$work/out.pdf" ] || fail "a PDF was written without a card read"
    # A mistyped --set is refused before the card is asked: no PIN is sent (a wrong one
    # would give 13).
    echo 0000 | "$kakanai" fill --form juminhyo --card-profile "$profiles/good.json" --pin-stdin \
        --set card.nmae=x -o "$work/out.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 2
    run fill --form juminhyo --card-profile "$profiles/one-try.json" --allow-last-try -o "$work/out.pdf"
    expect_status 0
    ;;

  reader)
    # The PC/SC path: run through tests/with-virtual-card (a real pcscd + vpcd + the
    # rare-kanji profile). The PIN comes on stdin, as a kiosk script would give it.
    [ -n "${KAKANAI_TEST_READER:-}" ] || fail "run this case through tests/with-virtual-card"
    echo 1234 | "$kakanai" fill --form juminhyo --reader "$KAKANAI_TEST_READER" --pin-stdin \
        --set request.date=2024-04-25 -o "$work/out.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 0
    check_pdf_sound "$work/out.pdf" 1
    pdf_text "$work/out.pdf" >"$work/text"
    expect_text "$work/text" 髙﨑 𠮷太郎 昭和50年12月31日 令和6年4月25日
    # Without --reader: the first reader that holds a card.
    echo 1234 | "$kakanai" fill --form inkan --pin-stdin -o "$work/first.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 0
    # A wrong PIN through the reader: status 13, nothing written.
    echo 0000 | "$kakanai" fill --form inkan --pin-stdin -o "$work/wrong.pdf" >/dev/null 2>"$work/stderr"
    status=$?
    expect_status 13
    [ ! -e "$work/wrong.pdf" ] || fail "a PDF was written after a wrong PIN"
    ;;

  *)
    fail "unknown case $case_name"
    ;;
esac
exit 0
