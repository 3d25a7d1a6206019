#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-adversarial.sh: bad files through `kakanai forms validate`, `fill` and `preview`.
#
# Usage: test-adversarial.sh KAKANAI_PROGRAM CASE
#   templates  every broken template and image of tests/forms/adversarial/ (and the files
#              made here: a 1 GB sparse file, FIFOs, links out of the folder, deep JSON):
#              each command exits 20 with the file and the reason on stderr, no signal,
#              no output file; sound images pass all three
#   output     files of personal data: new, 0600, never through a link, complete or not at
#              all (a full disk: status 22, nothing left at the name)
# Runs in the ASan build as well: a signal or a sanitizer report fails the case.
set -u

. "$(dirname "$0")/cli-lib.sh" "$@"
corpus=$source_root/tests/forms/adversarial
forms=$work/forms
mkdir "$forms" "$work/elsewhere"

# A template of the forms folder, one image element with @src.
image_template() { # NAME SRC
  printf '{ "format": 1, "id": "%s", "title": "T", "page": { "size": "A4" }, "elements": [
  { "type": "image", "id": "scan", "x": 0, "y": 0, "width": 210, "height": 297, "src": "%s" },
  { "type": "field", "key": "card.name", "x": 20, "y": 20, "width": 100, "height": 10 } ] }\n' \
    "$1" "$2" >"$forms/$1.json"
}

# validate, fill and preview all refuse @template with status 20, naming it and @why.
expect_refused() { # TEMPLATE WHY...
  local template=$1; shift
  run forms validate "$template"
  expect 20 "$(basename "$template")" "$@"
  run fill --form "$template" --demo -o "$work/out.pdf"
  expect 20 "$(basename "$template")" "$@"
  [ ! -e "$work/out.pdf" ] || fail "a PDF was written for $template"
  run preview --form "$template" --demo -o "$work/out.png"
  expect 20 "$(basename "$template")" "$@"
  [ ! -e "$work/out.png" ] || fail "a PNG was written for $template"
}

case $case_name in
  templates)
    # Images: the file and why (the file name is checked by expect_refused's template name
    # and here as the image's own name).
    while read -r file why; do
      cp "$corpus/$file" "$forms/"
      image_template "img-${file%.*}" "$file"
      expect_refused "$forms/img-${file%.*}.json" "“$file”" "$why"
    done <<'EOF'
corrupt-idat.png incorrect data check
truncated.png is damaged
huge-header.png 40000 × 40000 pixels
huge-header.jpg 40000 × 40000 pixels
truncated.jpg Premature end of JPEG file
not-an-image.png neither PNG nor JPEG
EOF
    # A 1 GB sparse file with PNG magic (libharu read it whole and aborted).
    printf '\211PNG\r\n\032\n' >"$forms/sparse.png"
    truncate -s 1G "$forms/sparse.png"
    image_template sparse sparse.png
    expect_refused "$forms/sparse.json" "sparse.png" "too large"
    # A FIFO as src, and as the template: refused at once, never waited on.
    mkfifo "$forms/pipe.png" "$work/pipe.json"
    image_template pipe pipe.png
    expect_refused "$forms/pipe.json" "pipe.png" "not a regular file"
    run forms validate "$work/pipe.json"
    expect 20 "pipe.json" "not a regular file"
    # Outside the template's folder: absolute, .., a link out.
    cp "$corpus/red.jpg" "$work/elsewhere/"
    ln -s "$work/elsewhere/red.jpg" "$forms/link-out.jpg"
    for src in "$work/elsewhere/red.jpg" ../elsewhere/red.jpg link-out.jpg /etc/hostname; do
      image_template outside "$src"
      expect_refused "$forms/outside.json" "outside the template's folder"
    done
    # JSON nested 100 000 deep (json-glib overflowed the stack), and a 5 MB template.
    { printf '{ "format": 1, "id": "deep", "title": "T", "x": '
      head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf ' }'; } \
      >"$forms/deep.json"
    expect_refused "$forms/deep.json" "nests more than 32 levels"
    { printf '{ "format": 1, "id": "large", "title": "T", "description": "'
      head -c 5000000 /dev/zero | tr '\0' 'x'; printf '" }'; } >"$forms/large.json"
    expect_refused "$forms/large.json" "too large"

    # 1 MB of static text (the layout was quadratic: 30 s): laid out, reported as not
    # fitting (status 21, the files written all the same).
    { printf '{ "format": 1, "id": "long", "title": "T", "page": { "size": "A4" }, "elements": [ '
      printf '{ "type": "text", "x": 10, "y": 10, "width": 190, "height": 277, "min_size": 1, "text": "'
      yes '住民票の写しを請求します。「本人確認書類」は、マイナンバーカード（個人番号カード）です。Kakanai 2.0; ' |
        head -n 7500 | tr -d '\n'; printf '" } ] }'; } >"$forms/long.json"
    run forms validate "$forms/long.json"
    expect 0
    run fill --form "$forms/long.json" --demo -o "$work/out.pdf"
    expect 21 "does not fit its box"
    run preview --form "$forms/long.json" --demo --dpi 20 -o "$work/out.png"
    expect 21 "does not fit its box"
    [ -s "$work/out.pdf" ] && [ -s "$work/out.png" ] || fail "the long text's PDF or PNG is missing"
    rm -f "$work/out.pdf" "$work/out.png"

    # Sound images of every kind: validate says ok, fill and preview write their files.
    rm -f "$forms"/*.json
    # jpeg-fill-bytes.jpg (found by fuzz-render-image): 0xFF fill bytes between markers,
    # which libjpeg reads and libharu refused, so fill failed where validate said ok.
    for file in grey.png palette-transparent.png rgba16.png interlaced.png red.jpg cmyk.jpg \
                jpeg-fill-bytes.jpg; do
      cp "$corpus/$file" "$forms/"
      image_template "good-${file%.*}" "$file"
    done
    mkdir "$forms/scans" && cp "$corpus/red.jpg" "$forms/scans/"
    ln -s scans/red.jpg "$forms/link-in.jpg"
    image_template good-subfolder scans/red.jpg
    image_template good-link-in link-in.jpg
    for template in "$forms"/good-*.json; do
      run forms validate "$template"
      expect 0
      grep -qF "$(basename "$template"): ok" "$work/stdout" || fail "validate did not say ok for $template"
      run fill --form "$template" --demo -o "$work/out.pdf"
      expect 0
      qpdf --check "$work/out.pdf" >/dev/null 2>&1 || fail "qpdf --check failed for $template"
      # A clean grey or YCbCr JPEG is embedded as it is (small); other images as pixels.
      encoding=$(pdfimages -list "$work/out.pdf" | awk 'NR == 3 { print $9 }')
      case $(basename "$template") in
        good-red.json|good-subfolder.json|good-link-in.json) want=jpeg ;;
        *) want=image ;;
      esac
      [ "$encoding" = "$want" ] || fail "$template: the image is embedded as $encoding, expected $want"
      run preview --form "$template" --demo --dpi 20 -o "$work/out.png"
      expect 0
      rm -f "$work/out.pdf" "$work/out.png"
    done
    # Preview = print: the same pixels where the picture is enlarged (sharp squares, as PDF
    # readers draw an image without /Interpolate) and where it is transparent (over green).
    for file in grey.png palette-transparent.png rgba16.png red.jpg cmyk.jpg; do
      printf '{ "format": 1, "id": "cmp", "title": "T", "page": { "size": "A4" }, "elements": [
        { "type": "rect", "x": 0, "y": 0, "width": 100, "height": 100, "fill": "#00ff00", "line_width": 0 },
        { "type": "image", "x": 0, "y": 0, "width": 80, "height": 80, "src": "%s" } ] }\n' "$file" >"$work/cmp.json"
      cp "$forms/$file" "$work/"
      run fill --form "$work/cmp.json" -o "$work/cmp.pdf"
      expect 0
      run preview --form "$work/cmp.json" --dpi 30 -o "$work/cmp.png"
      expect 0
      pdftoppm -r 30 -png -singlefile "$work/cmp.pdf" "$work/print"
      differ=$(compare -fuzz 10% -metric AE "$work/cmp.png" "$work/print.png" /dev/null 2>&1)
      # 2 % of the 87 399 pixels: the edges of the boxes, antialiased by one, snapped by
      # the other (the blurred enlargement cairo made before: 2 100 to 7 800).
      [ "${differ%%.*}" -le 1748 ] 2>/dev/null || fail "$file: preview and print differ in $differ pixels"
    done
    ;;

  output)
    mode() { stat -c %a "$1"; }
    # An existing 0644 file is replaced by a new 0600 one, under any umask.
    echo old >"$work/out.pdf" && chmod 0644 "$work/out.pdf"
    (umask 0; "$kakanai" fill --form juminhyo --demo -o "$work/out.pdf" 2>"$work/stderr")
    [ "$(mode "$work/out.pdf")" = 600 ] || fail "fill -o left mode $(mode "$work/out.pdf")"
    head -c 5 "$work/out.pdf" | grep -q '%PDF-' || fail "fill -o did not write the PDF"
    (umask 0; "$kakanai" preview --form juminhyo --demo --dpi 20 -o "$work/out.png" 2>"$work/stderr")
    [ "$(mode "$work/out.png")" = 600 ] || fail "preview -o wrote mode $(mode "$work/out.png")"
    # A symbolic link at the name is replaced, never followed.
    echo "someone else's file" >"$work/elsewhere/victim"
    ln -s "$work/elsewhere/victim" "$work/link.pdf"
    run fill --form juminhyo --demo -o "$work/link.pdf"
    expect 0
    [ ! -L "$work/link.pdf" ] || fail "the link is still there"
    grep -q "someone else's file" "$work/elsewhere/victim" || fail "fill wrote through the link"
    ln -s "$work/elsewhere/victim" "$work/link.png"
    run preview --form juminhyo --demo --dpi 20 -o "$work/link.png"
    expect 0
    grep -q "someone else's file" "$work/elsewhere/victim" || fail "preview wrote through the link"
    # A full disk: status 22, nothing at the name, the old file intact, no temporary left.
    # With a file size limit (any machine) and, where mounts are allowed, a 16 KB tmpfs.
    echo "the old file" >"$work/keep.pdf"
    for command in "fill --form juminhyo --demo -o $work/keep.pdf" \
                   "preview --form juminhyo --demo --dpi 100 -o $work/keep.pdf" \
                   "fill --form juminhyo --demo -o $work/new.pdf"; do
      # shellcheck disable=SC2086
      (trap '' XFSZ; ulimit -f 8; exec "$kakanai" $command) >"$work/stdout" 2>"$work/stderr"
      status=$?
      expect 22 "Cannot write"
      grep -q "the old file" "$work/keep.pdf" || fail "a failed write changed the old file ($command)"
      [ ! -e "$work/new.pdf" ] || fail "a failed write left a file ($command)"
      [ -z "$(find "$work" -maxdepth 1 -name '.*.??????')" ] || fail "a temporary file was left ($command)"
    done
    if unshare -rm true 2>/dev/null; then
      unshare -rm sh -c 'mount -t tmpfs -o size=16k tmpfs "$1" && "$2" fill --form juminhyo --demo -o "$1/out.pdf"
                         echo "status=$?"; ls -A "$1"' sh "$work/elsewhere" "$kakanai" >"$work/stdout" 2>"$work/stderr"
      grep -q "status=22" "$work/stdout" || { cat "$work/stdout" "$work/stderr" >&2; fail "full tmpfs: not status 22"; }
      grep -q "No space left on device" "$work/stderr" || fail "full tmpfs: the message does not say why"
      [ "$(grep -vc status= "$work/stdout")" = 0 ] || { cat "$work/stdout" >&2; fail "full tmpfs: files were left"; }
    else
      echo "# no mount namespace here: the tmpfs part is skipped (the file size limit covered it)"
    fi
    # A character device is written straight to: /dev/full is a full disk too.
    run fill --form juminhyo --demo -o /dev/full
    expect 22 "/dev/full" "No space left on device"
    ;;

  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
