#!/usr/bin/env bash
# Installs everything ChairDesk and its tests need (system packages included), then runs the whole suite.
# Extra arguments go to pytest. Fails when a test fails or when no test ran (pytest's exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check --quiet .
# The type checker over the core (pyproject.toml [tool.mypy]: chairdesk/ without chairdesk/gui/ for now); an error
# fails the run before any test starts.
.venv/bin/python -m mypy
# Two processes, each taking whole test files (a file's tests share its fixtures and its order), as CI has 2 cores.
# (Three ran in about 8 minutes against 10.7, but once GNOME Keyring's daemon went away two thirds of the way
# through and every test after it failed: not until that is understood.)
# In a credential store of its own (scripts/with_keyring.sh): the real Secret Service, as on a chair's laptop.
exec bash scripts/with_keyring.sh .venv/bin/python -m pytest -n 2 --dist loadfile --durations=15 "$@"
