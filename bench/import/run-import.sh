#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Kakanai (the imported template) and pdfme (the original) fill the same government form over
# its base PDF from the same inputs, back to back on core 0: time and bytes per form.
#
#   bench/import/run-import.sh BUILD_DIR [ROUNDS [NAME]]
#
# NAME: a template of tests/forms/pdfme/ (default hihokensha-shikaku-shutoku-todoke, the
# 健康保険・厚生年金保険 被保険者資格取得届). Needs node and bench/pdfme/node_modules.
set -eu
build=$(cd "$1" && pwd)
rounds=${2:-100}
name=${3:-hihokensha-shikaku-shutoku-todoke}
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
template=$top/tests/forms/pdfme/$name.json
inputs=$top/tests/forms/pdfme/$name.inputs.json

ninja -C "$build" app/cli/kakanai bench/import/bench-import >/dev/null
"$build/app/cli/kakanai" forms import-pdfme "$template" -o "$work/forms" >/dev/null 2>&1
taskset -c 0 "$build/bench/import/bench-import" "$work/forms" "$name" "$inputs" "$rounds" "$work/kakanai.pdf"
(cd "$top/bench/pdfme" && taskset -c 0 node pdfme-original.mjs "$template" "$inputs" "$work/pdfme.pdf" "$rounds")
echo "base PDF: $(stat -c %s "$work/forms/$name.pdf") bytes"
