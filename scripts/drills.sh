#!/usr/bin/env bash
# The fault drills (drills/): the real app put through kill -9, a full disk, a microphone pulled out, a damaged
# database, a 5 MB paste, names in every script and a three-hour meeting; a table of what each cost at the end.
# Installs what it needs first (scripts/setup.sh --test); runs in a credential store of its own
# (scripts/with_keyring.sh), as the database and the recordings are encrypted with a key kept there.
#
#   bash scripts/drills.sh            # the full drills (about 20 minutes)
#   bash scripts/drills.sh --quick    # fewer kills, a shorter meeting, one damaged database (about 2 minutes)
#   bash scripts/drills.sh --seed 1234 -k kill   # pytest's own options pass through
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec bash scripts/with_keyring.sh .venv/bin/python -m pytest drills -p no:cacheprovider -o python_files='drill_*.py' \
  -o addopts='' -q "$@"
