#!/usr/bin/env bash
# Installs everything ChairDesk needs on a Debian machine: system packages (Qt's libraries, PortAudio,
# the virtual microphone's sound server, Xvfb) and a virtual environment in .venv with the project in it.
# Safe to run again: it installs only what is missing.
#
#   scripts/setup.sh          # the app
#   scripts/setup.sh --test   # the app, plus what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Qt offscreen and xcb platforms, PortAudio, and a display server for machines without a screen.
packages=(
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
  libportaudio2 libsndfile1 xvfb x11-xserver-utils fonts-dejavu-core
  # A credential store for the data key where there is no desktop session (scripts/with_keyring.sh).
  dbus dbus-bin dbus-daemon gnome-keyring
)
if [ "$want_test" = 1 ]; then
  # The virtual microphone (a PulseAudio null sink) and the test sounds.
  packages+=(pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extra=""
[ "$want_test" = 1 ] && extra="[test]"
# The exact versions the suite passed with, each file checked against its hash: requirements.lock for the app,
# requirements-test.lock with the test extra (scripts/lock.sh makes both from pyproject.toml).
lock="requirements.lock"
[ "$want_test" = 1 ] && lock="requirements-test.lock"
# Reinstall only when the dependencies changed since the last install into this .venv.
stamp=".venv/.chairdesk-installed"
wanted="$(cat pyproject.toml "$lock" | sha256sum | cut -d' ' -f1)${extra}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e ".${extra}"
  .venv/bin/python -c "import chairdesk.cli" # fails loudly if the install did not work
  echo "$wanted" > "$stamp"
fi
