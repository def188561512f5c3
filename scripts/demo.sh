#!/usr/bin/env bash
# Installs everything ChairDesk needs (system packages included) and opens it on the fictional demo conference.
# On a machine with no screen it opens the windows on a virtual laptop-and-projector screen instead, and saves
# pictures of the console and the board in demo-screens/ so you can see them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" != "Linux" ]; then
  exec bash scripts/with_keyring.sh .venv/bin/chairdesk demo "$@"
fi
echo "No screen here: opening ChairDesk on a virtual laptop screen (1366x768) and projector (1920x1080)."
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
cat > "$config" <<'JSON'
{"screens": [
  {"name": "LAPTOP", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
  {"name": "PROJECTOR", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
]}
JSON
QT_QPA_PLATFORM="offscreen:configfile=$config" bash scripts/with_keyring.sh .venv/bin/chairdesk demo --screenshot demo-screens "$@"
