#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-runtime-packages.sh: scripts/runtime-packages and the Depends of the kakanai package
# with those of kakanai-common, its data (debian/control), name the same packages.
set -eu
root=${KAKANAI_SOURCE_ROOT:?set by meson}
listed=$(sed -e 's/#.*//' "$root/scripts/runtime-packages" | tr -s ' \n' '\n' | sed '/^$/d' | sort)
declared=$(awk '/^Package: / { p = ($2 == "kakanai" || $2 == "kakanai-common"); d = 0 }
                p && /^Depends:/ { d = 1; sub(/^Depends:/, "") }
                d && /^[A-Z]/ && !/^Depends:/ { d = 0 } d { print }' "$root/debian/control" \
           | tr ',' '\n' | sed -e 's/([^)]*)//g' -e 's/^ *//' -e 's/ *$//' | grep -v '^\${' \
           | grep -vx 'kakanai-common' | sed '/^$/d' | sort)
if [ "$listed" != "$declared" ]; then
  echo "scripts/runtime-packages:"; echo "$listed"; echo "debian/control (kakanai Depends):"; echo "$declared"
  exit 1
fi
