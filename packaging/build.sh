#!/usr/bin/env bash
# Builds the installable folder build/dist/chairdesk/ (or OUT/dist/chairdesk/ with an argument) with PyInstaller, then smoke-tests it as a chair would
# use it: the command line, the documents, and the windows opened offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# PyInstaller at the version the suite passed with, from the tests' lock file (the app's versions are the same there).
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements-test.lock
out=${1:-build}
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath "$out/dist" --workpath "$out/work" \
  packaging/chairdesk.spec
# With a credential store for the data key (scripts/with_keyring.sh: the machine's own, or a private one here).
bash scripts/with_keyring.sh .venv/bin/python packaging/smoke_test.py "$out/dist/chairdesk/chairdesk"
