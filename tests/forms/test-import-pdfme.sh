#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-import-pdfme.sh: kakanai forms import-pdfme, fill --data with pdfme's inputs, and PDF
# backgrounds through the CLI.
#
# Usage: test-import-pdfme.sh KAKANAI_PROGRAM CASE
#   convert     the pdfme templates of tests/forms/pdfme/ (government forms over their base PDF,
#               a blank page with static schemas and tables): imported, valid, what is not
#               converted reported; filled from pdfme's inputs (one copy per input), from a
#               JSON object and from KEY=VALUE lines; the background's text and the values
#               extract
#   positions   each field's text within 0.5 mm of where pdfme 6 puts it (pdftotext -bbox on
#               both outputs, pdfme run by bench/pdfme/pdfme-original.mjs); skipped (77)
#               without node and bench/pdfme/node_modules (npm ci in bench/pdfme)
#   malformed   bad pdfme templates and bad --data: status 20 (template) or 2 (data) with the
#               file and the reason, never a signal; odd schemas are reported, not fatal
#   background  a template whose background PDF is missing, damaged or encrypted: validate,
#               fill and preview exit 20 naming the file
#   import-pdf  kakanai forms import-pdf: the bundled forms printed without their fields get
#               back at least 80 % of their card and common fields (bench/import/
#               measure-suggestions.py: right key, boxes overlapping by half); a government
#               form made by other software imports into a valid template; bad PDFs exit 20
set -u

. "$(dirname "$0")/cli-lib.sh" "$@"
# Importing and filling government forms takes longer than refusing a bad file; what is
# not converted is reported on standard output.
run_timeout=120
expect_streams=("$work/stderr" "$work/stdout")
pdfme_dir=$source_root/tests/forms/pdfme

templates="hihokensha-shikaku-shutoku-todoke mhlw-home-visit-nursing-instruction-besshi16 nenkin-shougai-jushin-jokyo-shomeisho blank-letter"

# The imported pages of @name, as --form options.
form_options() { # NAME
  local options="--form $1" n=2
  while [ -f "$work/out/$1-$n.json" ]; do options="$options --form $1-$n"; n=$((n + 1)); done
  echo "$options"
}

import() { # NAME
  run forms import-pdfme "$pdfme_dir/$1.json" -o "$work/out"
  expect 0 "$work/out/$1.json"
}

case $case_name in
convert)
  for name in $templates invoice-ja-simple; do
    import "$name"
    run forms validate "$work/out/$name.json"
    expect 0 "ok"
  done
  # What pdfme has and Kakanai not is listed.
  import invoice-ja-simple
  expect 0 "“orders” (table): this kind of schema is not converted" \
           "“senderImprint” (image): an image the resident gives is not converted" \
           "the font “NotoSerifJP” is drawn with IPAex Mincho"
  import blank-letter
  expect 0 "“photo” (image)" "“code” (qrcode)"
  # A fixed image: a PNG beside the template, drawn.
  [ -f "$work/out/blank-letter-image-1.png" ] || fail "the fixed image was not written"
  grep -q '"type": "image", "id": "seal"' "$work/out/blank-letter.json" || fail "no image element for the fixed image"
  # Two pages of a pdfme template: two templates, one per page of the base PDF.
  import nenkin-shougai-jushin-jokyo-shomeisho
  [ -f "$work/out/nenkin-shougai-jushin-jokyo-shomeisho-2.json" ] || fail "no template for page 2"
  grep -q '"background": {"pdf": "nenkin-shougai-jushin-jokyo-shomeisho.pdf", "page": 2}' \
    "$work/out/nenkin-shougai-jushin-jokyo-shomeisho-2.json" || fail "page 2 is not over page 2 of the base PDF"

  # pdfme's inputs: one copy of the form per input.
  run fill --templates "$work/out" --form hihokensha-shikaku-shutoku-todoke \
      --data "$pdfme_dir/hihokensha-shikaku-shutoku-todoke.inputs.json" -o "$work/two.pdf"
  [ "$status" -eq 0 ] || [ "$status" -eq 21 ] || { cat "$work/stderr" >&2; fail "fill status $status"; }
  [ "$(qpdf --show-npages "$work/two.pdf")" -eq 2 ] || fail "two inputs did not give two pages"
  qpdf --check "$work/two.pdf" >/dev/null || fail "qpdf --check"
  pdftotext -enc UTF-8 "$work/two.pdf" "$work/two.txt"
  grep -q "被保険者資格取得届" "$work/two.txt" || fail "the base PDF's text does not extract"
  [ "$(grep -c "サンプル" "$work/two.txt")" -ge 2 ] || fail "the values are not on both copies"
  # The same values as a JSON object of key → value, and as KEY=VALUE lines.
  printf '{"form.name": "髙橋商店", "form.tel": "06-6208-8181"}\n' >"$work/object.json"
  run fill --templates "$work/out" --form hihokensha-shikaku-shutoku-todoke --data "$work/object.json" -o "$work/object.pdf"
  expect 0
  pdftotext -enc UTF-8 "$work/object.pdf" - | grep -q "髙橋商店" || fail "a JSON object's value is not printed"
  printf 'form.name=髙橋商店\n' >"$work/lines.txt"
  run fill --templates "$work/out" --form hihokensha-shikaku-shutoku-todoke --data "$work/lines.txt" -o "$work/lines.pdf"
  expect 0
  # A multiVariableText of one variable takes pdfme's {"zip": …}.
  run fill --templates "$work/out" --form blank-letter --data "$pdfme_dir/blank-letter.inputs.json" -o "$work/letter.pdf"
  expect 0
  pdftotext -enc UTF-8 "$work/letter.pdf" - | grep -q "〒530-8201" || fail "the multiVariableText's value is not printed"
  ;;

positions)
  node_dir=$source_root/bench/pdfme
  if ! command -v node >/dev/null || [ ! -d "$node_dir/node_modules/@pdfme/generator" ]; then
    echo "SKIP: needs node and bench/pdfme/node_modules (cd bench/pdfme && npm ci)"
    exit 77
  fi
  for name in $templates; do
    import "$name"
    (cd "$node_dir" && node pdfme-original.mjs "$pdfme_dir/$name.json" "$pdfme_dir/$name.inputs.json" "$work/$name-pdfme.pdf") \
      || fail "pdfme could not fill $name"
    # shellcheck disable=SC2046
    run fill --templates "$work/out" $(form_options "$name") --data "$pdfme_dir/$name.inputs.json" -o "$work/$name.pdf"
    [ "$status" -eq 0 ] || [ "$status" -eq 21 ] || { cat "$work/stderr" >&2; fail "fill $name: status $status"; }
    base=$work/out/$name.pdf
    [ -f "$base" ] || base=-
    python3 "$source_root/tests/forms/compare-bbox.py" "$base" "$work/$name-pdfme.pdf" "$work/$name.pdf" 0.5 15 \
      || fail "$name: text not where pdfme puts it"
  done
  ;;

malformed)
  bad() { # FILE-CONTENTS WHY...
    local contents=$1; shift
    printf '%s' "$contents" >"$work/bad.json"
    run forms import-pdfme "$work/bad.json" -o "$work/bad-out"
    expect 20 "bad.json" "$@"
  }
  bad 'not json' "malformed JSON"
  bad '[1, 2]' "a pdfme template is a JSON object"
  bad '{"basePdf": {"width": 210, "height": 297}}' "needs “schemas”"
  bad '{"basePdf": {"width": 210, "height": 297}, "schemas": []}' "needs “schemas”"
  bad '{"schemas": [[]]}' "needs “basePdf”"
  bad '{"basePdf": 12, "schemas": [[]]}' "“basePdf” must be"
  bad '{"basePdf": {"width": 0, "height": 297}, "schemas": [[]]}' "from 10 to 1500 mm"
  bad '{"basePdf": "data:application/pdf,abc", "schemas": [[]]}' "without base64"
  bad '{"basePdf": "data:application/pdf;base64,JVBERi0xLjcKbm90IGEgcmVhbCBQREY=", "schemas": [[]]}' "damaged or not a PDF"
  bad '{"basePdf": "missing.pdf", "schemas": [[]]}' "missing.pdf"
  bad "{\"basePdf\": {\"width\": 210, \"height\": 297}, \"schemas\": [$(printf '[],%.0s' $(seq 1 100))[]]}" "more than 100 pages"
  bad "$(printf '%0.s[' $(seq 1 40))" "nests more than"
  # A base PDF with fewer pages than the template: refused, naming the page it lacks.
  "$kakanai" fill --form "$source_root/assets/forms/juminhyo.json" -o "$work/one-page.pdf" >/dev/null 2>&1
  printf '{"basePdf": "one-page.pdf", "schemas": [[], []]}' >"$work/short.json"
  run forms import-pdfme "$work/short.json" -o "$work/bad-out"
  expect 20 "short.json" "has 1 page, not 2"
  # Pages of different sizes, read from one base PDF: each template takes its own page's
  # size, its /Rotate applied (A4 portrait, A5 landscape, then A4 turned by 90°).
  python3 - "$work/sizes.pdf" "$source_root/tests/forms" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from minimal_pdf import pdf_from_objects
boxes = [(b"[0 0 595.276 841.89]", b""), (b"[0 0 595.276 419.528]", b""), (b"[0 0 595.276 841.89]", b"/Rotate 90")]
objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
           b"<< /Type /Pages /Count 3 /Kids [3 0 R 4 0 R 5 0 R] >>"]
objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" " + rotate + b" >>" for box, rotate in boxes]
open(sys.argv[1], "wb").write(pdf_from_objects(objects))
PY
  printf '{"basePdf": "sizes.pdf", "schemas": [[], [], []]}' >"$work/sizes.json"
  run forms import-pdfme "$work/sizes.json" -o "$work/sizes-out"
  expect 0 "sizes.json"
  for page in "1 210 297" "2 210 148" "3 297 210"; do
    read -r number width height <<<"$page"
    file=$work/sizes-out/sizes.json
    [ "$number" = 1 ] || file=$work/sizes-out/sizes-$number.json
    python3 -c 'import json, sys; page = json.load(open(sys.argv[1]))["page"]
sys.exit(0 if (round(page["width"]), round(page["height"]), page["background"]["page"]) == (int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])) else 1)' \
      "$file" "$width" "$height" "$number" || fail "page $number of sizes.pdf is not $width × $height mm: $(cat "$file")"
  done
  # A base PDF with a password.
  "$kakanai" fill --form "$source_root/assets/forms/juminhyo.json" -o "$work/plain.pdf" >/dev/null 2>&1
  qpdf --encrypt user owner 256 -- "$work/plain.pdf" "$work/locked.pdf" || fail "qpdf --encrypt"
  printf '{"basePdf": "locked.pdf", "schemas": [[]]}' >"$work/locked.json"
  run forms import-pdfme "$work/locked.json" -o "$work/bad-out"
  expect 20 "locked.json" "encrypted"
  # Odd schemas are reported and left out; the template is still written and valid.
  printf '%s' '{"basePdf": {"width": 100, "height": 100}, "schemas": [[
    1, {"name": "a", "type": "text", "position": {"x": -20, "y": 5}, "width": 30, "height": 5},
    {"name": "b", "type": "text", "position": {"x": 200, "y": 5}, "width": 30, "height": 5},
    {"name": "c", "type": "text", "position": {"x": 5, "y": 5}, "width": 30, "height": 5, "fontSize": 1e300,
     "lineHeight": 50, "characterSpacing": -80, "fontColor": "red", "rotate": 90},
    {"name": "d", "type": "ellipse", "position": {"x": 5, "y": 50}, "width": 30, "height": 5},
    {"name": "e", "type": "qrcode", "position": {"x": 5, "y": 80}, "width": 3, "height": 3},
    {"name": "f", "type": "multiVariableText", "text": "{x} and {y}", "position": {"x": 5, "y": 30}, "width": 30, "height": 5},
    {"name": "g"}, {"type": "svg"}, {"name": "h", "type": "text", "position": "x", "width": "w"},
    {"name": "", "type": "checkbox", "position": {"x": 50, "y": 60}, "width": 5, "height": 5},
    {"name": "", "type": "text", "position": {"x": 50, "y": 70}, "width": 30, "height": 5}
  ]]}' >"$work/odd.json"
  run forms import-pdfme "$work/odd.json" -o "$work/odd-out"
  expect 0 "“#0” (?): is not an object" "“a” (text): reaches past the page edge" "“b” (text): lies off the page" \
    "“c” (text): rotated by 90°" "the colour “red”" "lineHeight 50" "characterSpacing -80" \
    "“d” (ellipse): an ellipse that is not a circle" "“e” (qrcode): smaller than the 5 mm" \
    "“f” (multiVariableText): a text of several variables" "“g” (?): this kind of schema is not converted" \
    "“#10” (checkbox): has no name" "“#11” (text): has no name"
  run forms validate "$work/odd-out/odd.json"
  expect 0 "ok"

  # --data that is not what it should be.
  import blank-letter
  for data in '[]' '[1]' '{"form.name": 3}' '[{"a": ["x"]}]' '"text"' '{"=x": "y"}' '[{' ; do
    printf '%s' "$data" >"$work/data.json"
    run fill --templates "$work/out" --form blank-letter --data "$work/data.json" -o "$work/data.pdf"
    expect 2 "data.json"
    [ ! -e "$work/data.pdf" ] || fail "a PDF was written for --data $data"
  done
  printf '[{"nobody": "x"}]' >"$work/data.json"
  run fill --templates "$work/out" --form blank-letter --data "$work/data.json" -o "$work/data.pdf"
  expect 0 "no field of the chosen forms is named “nobody”"
  ;;

background)
  "$kakanai" fill --form "$source_root/assets/forms/juminhyo.json" -o "$work/plain.pdf" >/dev/null 2>&1 || true
  [ -s "$work/plain.pdf" ] || fail "no PDF to start from"
  qpdf --encrypt user owner 256 -- "$work/plain.pdf" "$work/locked.pdf"
  head -c 300 "$work/plain.pdf" >"$work/cut.pdf"
  for pdf in missing.pdf locked.pdf cut.pdf; do
    printf '{"format": 2, "id": "bg", "title": "T", "page": {"size": "A4", "background": {"pdf": "%s"}}, "elements": []}' \
      "$pdf" >"$work/bg.json"
    run forms validate "$work/bg.json"
    expect 20 "bg.json" "$pdf"
    run fill --form "$work/bg.json" -o "$work/out.pdf"
    expect 20 "bg.json" "$pdf"
    [ ! -e "$work/out.pdf" ] || fail "a PDF was written over $pdf"
    run preview --form "$work/bg.json" -o "$work/out.png"
    expect 20 "bg.json" "$pdf"
  done
  ;;

import-pdf)
  python3 "$source_root/bench/import/measure-suggestions.py" "$kakanai" "$source_root/assets/forms" --min-recall 0.8 \
    || fail "too few fields suggested"
  mkdir -p "$work/imported"
  run forms import-pdf "$source_root/tests/forms/pdf/mhlw-besshi16.pdf" -o "$work/imported/besshi16.json"
  expect 0
  [ -f "$work/imported/besshi16.pdf" ] || fail "the PDF is not beside the template"
  run forms validate "$work/imported/besshi16.json"
  expect 0 "ok"
  grep -q '"background": {"pdf": "besshi16.pdf", "page": 1}' "$work/imported/besshi16.json" || fail "no background"
  run fill --form "$work/imported/besshi16.json" --set card.name=髙橋花子 -o "$work/besshi16.pdf"
  expect 0
  pdftotext -enc UTF-8 "$work/besshi16.pdf" - | grep -q "在宅患者訪問点滴注射指示書" || fail "the background's text does not extract"
  # Bad PDFs and pages.
  "$kakanai" fill --form "$source_root/assets/forms/juminhyo.json" -o "$work/plain.pdf" >/dev/null 2>&1 || true
  qpdf --encrypt user owner 256 -- "$work/plain.pdf" "$work/locked.pdf"
  head -c 500 "$work/plain.pdf" >"$work/cut.pdf"
  printf 'hello' >"$work/text.pdf"
  for pdf in missing.pdf locked.pdf cut.pdf text.pdf; do
    run forms import-pdf "$work/$pdf" -o "$work/imported/bad.json"
    expect 20 "$pdf"
  done
  run forms import-pdf "$work/plain.pdf" --page 2 -o "$work/imported/bad.json"
  expect 20 "has 1 page, not 2"
  run forms import-pdf "$work/plain.pdf" --page 0 -o "$work/imported/bad.json"
  expect 2 "Usage"
  [ ! -e "$work/imported/bad.json" ] || fail "a template was written for a bad PDF"
  ;;

*)
  fail "unknown case $case_name"
  ;;
esac
echo "ok: $case_name"
