#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# No personal data at rest (issue 5): twenty kiosk sessions printed through a private cupsd
# under Xvfb, then a search for the residents' data and the PINs. See no-data-at-rest.py.
#   tests/counter/no-data-at-rest.sh [BUILD_DIR]      (default: build)
# meson runs the same as the 'no-data-at-rest' test of the 'counter' suite.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
exec "$here/../with-cups" "$here/../gui/run-under-xvfb" \
  python3 "$here/no-data-at-rest.py" "$build/app/kiosk/kakanai-kiosk" "$build/app/cli/kakanai"
