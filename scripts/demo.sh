#!/usr/bin/env bash
# Installs everything ChairDesk needs (system packages included) and opens it on the fictional demo conference.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/chairdesk demo "$@"
