#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-packages.sh: the Debian packages as IT staff use them, on this machine (CI).
#
#   1. builds kakanai, kakanai-common, kakanai-editor and kakanai-tools from the tracked files (dpkg-buildpackage, no tests:
#      scripts/run-tests has just run them), lintian with no errors;
#   2. puts them in a local apt repository (a folder, as on a USB stick) and installs them
#      with apt, as docs/deployment.md says;
#   3. checks what the packages set up: the user kakanai, its folders, the configuration;
#   4. runs the installed `kakanai doctor` (ready, on the installed tools' virtual card)
#      and `kakanai fill --demo`;
#   5. starts the installed kiosk session's command (ExecStart, User and Environment of
#      kakanai-kiosk.service) under cage's headless backend, waits for the start screen
#      through the kiosk's test hook, takes a screenshot with grim and checks the welcome
#      title is drawn there as under X (the same title, cropped from an Xvfb run);
#   6. purges the packages and the repository again.
#
# Needs root (apt). Exit 77 (skipped) when not root or the tools are missing.
# KAKANAI_KEEP_PACKAGES=1 keeps the work folder (packages, screenshots);
# KAKANAI_PACKAGES_FROM=FOLDER (a kept run's src/) skips the build.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf 'test-packages: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || { say "needs root (apt-get install): skipped"; exit 77; }
for tool in dpkg-buildpackage lintian apt-get cage grim setpriv python3 convert Xvfb; do
  command -v "$tool" >/dev/null 2>&1 || { say "$tool is not installed (scripts/install-deps): skipped"; exit 77; }
done

work=$(mktemp -d /tmp/kakanai-packages.XXXXXX)
chmod 0755 "$work"
repo=$work/repo
list=/etc/apt/sources.list.d/kakanai-test-packages.list
cage_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$cage_pid" ]; then kill "$cage_pid" 2>/dev/null; wait "$cage_pid" 2>/dev/null; fi
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kakanai kakanai-tools kakanai-editor kakanai-common >/dev/null 2>&1
  rm -f "$list" /var/lib/apt/lists/*"$(printf '%s' "$repo" | tr / _)"*
  if [ "${KAKANAI_KEEP_PACKAGES:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A kakanai left by an interrupted run would hide what this one installs.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kakanai kakanai-tools kakanai-editor kakanai-common >/dev/null 2>&1

# ---- 1. build ----
if [ -n "${KAKANAI_PACKAGES_FROM:-}" ]; then
  # Iterating on the steps below: the packages a kept run built (its src folder).
  mkdir -p "$work/src" && cp "$KAKANAI_PACKAGES_FROM"/*.deb "$KAKANAI_PACKAGES_FROM"/*.changes "$KAKANAI_PACKAGES_FROM"/*.buildinfo "$work/src/"
else
  say "building the packages"
  mkdir -p "$work/src/kakanai"
  # The tracked files (a clean tree, as a release tarball has); without git, all but builds.
  if git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$here" && git ls-files -z | xargs -0 tar -cf -) | tar -xf - -C "$work/src/kakanai"
  else
    (cd "$here" && tar -cf - --exclude='./build*' --exclude=./.git .) | tar -xf - -C "$work/src/kakanai"
  fi || fail "cannot copy the source tree"
  (cd "$work/src/kakanai" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
     dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1) || { tail -40 "$work/build.log" >&2; fail "dpkg-buildpackage failed"; }
fi
changes=$(ls "$work"/src/kakanai_*.changes)
lintian --fail-on error "$changes" >"$work/lintian.log" 2>&1 \
  || { cat "$work/lintian.log" >&2; fail "lintian reports errors"; }
grep '^E:' "$work/lintian.log" && fail "lintian reports errors"

# ---- 2. a local apt repository, as on a USB stick ----
mkdir -p "$repo"
cp "$work"/src/kakanai_*.deb "$work"/src/kakanai-common_*.deb "$work"/src/kakanai-editor_*.deb \
   "$work"/src/kakanai-tools_*.deb "$repo/"
(cd "$repo" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null | gzip -9 > Packages.gz) \
  || fail "dpkg-scanpackages failed"
echo "deb [trusted=yes] file:$repo ./" > "$list"
apt-get update -qq -o Dir::Etc::sourcelist="$list" -o Dir::Etc::sourceparts=- \
  -o APT::Get::List-Cleanup=0 >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get update on the repository failed"; }
say "installing with apt"
# The editor is kept apart from the card reader: nothing it depends on pulls pcscd in.
# Only what must be installed counts: --recurse follows Breaks and Conflicts too, and
# libpcsclite1 (which GTK pulls in) Breaks old versions of pcscd.
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances kakanai-editor 2>/dev/null | grep -q '^pcscd$' \
  && fail "kakanai-editor depends on pcscd"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kakanai kakanai-tools kakanai-editor \
  >>"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; fail "apt-get install failed"; }

# ---- 3. what the packages set up ----
getent passwd kakanai >/dev/null || fail "no user kakanai (sysusers.d)"
[ "$(getent passwd kakanai | cut -d: -f6,7)" = "/var/lib/kakanai:/usr/sbin/nologin" ] \
  || fail "the user kakanai has the wrong home or shell: $(getent passwd kakanai)"
[ "$(stat -c %U:%a /var/lib/kakanai/output)" = "kakanai:700" ] \
  || fail "/var/lib/kakanai/output is $(stat -c %U:%a /var/lib/kakanai/output 2>&1), not kakanai:700"
[ -d /etc/kakanai/forms ] || fail "no /etc/kakanai/forms"
grep -qx /etc/kakanai/kakanai.conf /var/lib/dpkg/info/kakanai.conffiles || fail "kakanai.conf is not a conffile"
unit=/lib/systemd/system/kakanai-kiosk.service
[ -f "$unit" ] || fail "no $unit"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$unit" >"$work/verify.log" 2>&1 || { cat "$work/verify.log" >&2; fail "systemd-analyze verify $unit"; }
  # The sandbox: systemd's own exposure score (0 best, 10 worst) stays "OK" (below 4).
  systemd-analyze security --offline=yes --threshold=40 "$unit" >"$work/security.log" 2>&1 \
    || { tail -3 "$work/security.log" >&2; fail "the kiosk session's sandbox scores above 4.0"; }
fi
[ ! -e /etc/systemd/system/graphical.target.wants/kakanai-kiosk.service ] \
  || fail "installing enabled the kiosk session (IT staff enable it on a counter)"
case ":$PATH:" in *:/usr/bin:*) ;; *) PATH=$PATH:/usr/bin ;; esac
[ "$(command -v kakanai-cardsim)" = /usr/bin/kakanai-cardsim ] || fail "kakanai-cardsim is not from kakanai-tools"
dpkg -S /usr/bin/kakanai-cardsim | grep -q '^kakanai-tools:' || fail "kakanai-cardsim is not in kakanai-tools"
[ "$(/usr/bin/kakanai --version)" = "kakanai $(dpkg-query -W -f='${Version}' kakanai)" ] || fail "kakanai --version"
[ "$(/usr/bin/kakanai-editor --version)" = "kakanai-editor $(dpkg-query -W -f='${Version}' kakanai-editor)" ] \
  || fail "kakanai-editor --version"

# ---- 4. the installed doctor and fill ----
demo=/usr/share/kakanai/cards/demo.json
export TZ=Asia/Tokyo
/usr/libexec/kakanai/with-virtual-card "$demo" -- /usr/bin/kakanai doctor >"$work/doctor.log" 2>&1 \
  || { cat "$work/doctor.log" >&2; fail "the installed kakanai doctor says the counter is not ready"; }
grep -q "^ok    configuration: /etc/kakanai/kakanai.conf" "$work/doctor.log" || { cat "$work/doctor.log" >&2; fail "doctor did not read /etc/kakanai/kakanai.conf"; }
n_forms=$(ls "$here/assets/forms/"*.json | wc -l)
grep -q "^ok    templates: $n_forms forms in /usr/share/kakanai/forms" "$work/doctor.log" || { cat "$work/doctor.log" >&2; fail "doctor did not find the bundled forms"; }
grep -q "^ok    card: a My Number card answers" "$work/doctor.log" || { cat "$work/doctor.log" >&2; fail "doctor did not see the card"; }
(cd "$work" && /usr/bin/kakanai fill --form juminhyo --demo -o "$work/demo.pdf") >"$work/fill.log" 2>&1 \
  || { cat "$work/fill.log" >&2; fail "kakanai fill --demo failed"; }
# The demo card's data on the bundled form (pdftotext -layout: fields joined on their lines).
pdftotext -layout -enc UTF-8 "$work/demo.pdf" - | tr -d ' \n' | grep -qF 山口県山口市亀山町2番1号 \
  || fail "the demo PDF lacks the demo card's address"

# ---- 5. the installed kiosk session under cage, headless ----
unit_value() { sed -n "s/^$1=//p" "$unit"; }
user=$(unit_value User)
[ "$user" = kakanai ] || fail "the session runs as “$user”, not kakanai"
exec_start=$(unit_value ExecStart)
case $exec_start in /usr/bin/cage\ *kakanai-kiosk*) ;; *) fail "ExecStart is “$exec_start”" ;; esac
# Its environment, as systemd gives it (Environment= lines, space-separated assignments).
read -r -a unit_env <<<"$(unit_value Environment | tr '\n' ' ')"
runtime=$work/runtime
mkdir -m 0700 "$runtime" && chown kakanai:kakanai "$runtime"
say "starting the kiosk session: $exec_start"
# shellcheck disable=SC2086 # ExecStart is split into words as systemd splits it
/usr/libexec/kakanai/with-virtual-card "$demo" -- \
  setpriv --reuid=kakanai --regid=kakanai --init-groups \
  env -i PATH=/usr/bin:/bin HOME=/var/lib/kakanai LANG=C.UTF-8 TZ=Asia/Tokyo XDG_RUNTIME_DIR="$runtime" \
    "${unit_env[@]}" WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    KAKANAI_KIOSK_TEST_SOCKET="$runtime/hook" \
    $exec_start >"$work/cage.log" 2>&1 &
cage_pid=$!

hook() { # REQUEST: the kiosk's answer (tests/gui: kakanai-kiosk-test-hook.c)
  python3 - "$runtime/hook" "$1" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
print(s.makefile().readline().strip())
PY
}
step=""
for _ in $(seq 120); do
  step=$(hook step) && [ "$step" = welcome ] && break
  kill -0 "$cage_pid" 2>/dev/null || { cat "$work/cage.log" >&2; fail "the kiosk session exited"; }
  sleep 0.5
done
[ "$step" = welcome ] || { cat "$work/cage.log" >&2; fail "the kiosk did not reach its start screen (step “$step”)"; }
grep -q "not ready" "$work/cage.log" && { cat "$work/cage.log" >&2; fail "the kiosk says it is not ready"; }
[ "$(hook "find welcome_title")" != none ] || fail "the welcome title is not shown"
sleep 1 # the frame after the start screen's first layout
setpriv --reuid=kakanai --regid=kakanai --init-groups env XDG_RUNTIME_DIR="$runtime" WAYLAND_DISPLAY=wayland-0 \
  grim "$runtime/cage.png" || fail "grim could not take a screenshot"
cp "$runtime/cage.png" "$work/cage.png"
# The kiosk's user could write its statistics in its state directory.
[ "$(stat -c %U /var/lib/kakanai/statistics.sqlite 2>/dev/null)" = kakanai ] \
  || fail "the kiosk did not create /var/lib/kakanai/statistics.sqlite as kakanai"
kill "$cage_pid"; wait "$cage_pid" 2>/dev/null; cage_pid=""

# The same kiosk under X (as the GUI tests and screenshots run it): its welcome title.
x_box_file=$work/x-box
KAKANAI_KIOSK_TEST_SOCKET=$work/x-hook "$here/tests/gui/run-under-xvfb" --size 1280x800 sh -c '
  /usr/bin/kakanai-kiosk --demo --windowed >"$0/x.log" 2>&1 & kiosk=$!
  for i in $(seq 120); do
    [ -S "$0/x-hook" ] && python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1]); s.sendall(b\"step\n\")
sys.exit(0 if s.makefile().readline().strip() == \"welcome\" else 1)" "$0/x-hook" 2>/dev/null && break
    sleep 0.5
  done
  sleep 1
  python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1]); s.sendall(b\"find welcome_title\n\")
print(s.makefile().readline().strip())" "$0/x-hook" > "$0/x-box"
  import -window root "$0/x.png"
  kill $kiosk; wait $kiosk' "$work" || fail "the kiosk under Xvfb failed"

# The title's pixels: drawn (dark text on the light page), and the same as under X. The title
# is looked for in the cage screenshot row by row: cage's headless output may still show the
# kiosk's first frame (its natural height, before the full-screen size), where the title
# sits higher than where the test hook reports it now.
python3 - "$work/cage.png" "$work/x.png" "$(cat "$x_box_file")" "$work" <<'PY' || fail "the screenshot does not show the welcome title as under X"
import subprocess, sys
cage_png, x_png, x_box, work = sys.argv[1:5]
def gray(png):
    size = subprocess.run(["identify", "-format", "%w %h", png], check=True, capture_output=True, text=True).stdout
    w, h = (int(v) for v in size.split())
    raw = subprocess.run(["convert", png, "-colorspace", "gray", "-depth", "8", "gray:-"], check=True,
                         capture_output=True).stdout
    return w, h, raw
x, y, w, h = (int(v) for v in x_box.split())
xw, xh, xraw = gray(x_png)
cw, ch, craw = gray(cage_png)
title = [xraw[(y + r) * xw + x:(y + r) * xw + x + w] for r in range(h)]
if min(min(row) for row in title) > 80 or max(max(row) for row in title) < 200:
    sys.exit("no text in the title under X")
def row_ink(raw, width, row):
    return sum(255 - v for v in raw[row * width + x:row * width + x + w])
title_ink = [row_ink(xraw, xw, y + r) for r in range(h)]
cage_ink = [row_ink(craw, cw, r) for r in range(ch)]
best = min(range(ch - h), key=lambda top: sum(abs(cage_ink[top + r] - title_ink[r]) for r in range(h)))
# A pixel of layout rounding either way is the same look.
def differing_at(dx, dy):
    return sum(1 for r in range(h) for c in range(w)
               if abs(craw[(best + dy + r) * cw + x + dx + c] - title[r][c]) > 26)
shifts = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
          if 0 <= best + dy and best + dy + h <= ch and 0 <= x + dx and x + dx + w <= cw]
differing, (dx, dy) = min((differing_at(dx, dy), (dx, dy)) for dx, dy in shifts)
best += dy
print(f"title {w}x{h} at y={best} under cage, y={y} under X: {differing} pixels differ", file=sys.stderr)
if sum(cage_ink[best:best + h]) < 0.5 * sum(title_ink):
    sys.exit("no title in the cage screenshot")
# Same fonts, theme and renderer: the same ink, and only glyph edges differ (antialiasing at
# another subpixel position; another font or weight changes whole strokes).
ink_ratio = sum(cage_ink[best:best + h]) / sum(title_ink)
print(f"ink {ink_ratio:.3f} of X's", file=sys.stderr)
if differing > 0.03 * w * h or not 0.93 < ink_ratio < 1.07:
    sys.exit(f"{differing} of {w * h} pixels of the title differ from X, ink {ink_ratio:.3f} of X's")
PY
# Purging takes the counter's state with it (statistics, PDFs: personal data).
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kakanai kakanai-tools kakanai-editor kakanai-common >/dev/null 2>&1 || fail "apt-get purge failed"
[ ! -e /var/lib/kakanai ] || fail "purging left /var/lib/kakanai"
say "ok: built, lintian-clean, installed with apt, doctor ready, fill --demo, kiosk session on its start screen"
exit 0
