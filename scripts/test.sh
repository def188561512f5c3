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
# Four processes on CI's two cores (much of a test's time is real audio and human-speed typing, waiting), each taking
# whole test files (a file's tests share its fixtures and its order). Each process has a credential store of its own
# (scripts/with_keyring.sh: the real Secret Service, as on a chair's laptop): with one store shared by every process,
# GNOME Keyring mixed up items made at the same moment ("already registered") and once went away two thirds of the
# way through a run, failing every test after it.
# The run itself is in a store too, so that '-n 0' (every test in this one process, for a debugger) works as well.
# A hung test fails on its own (pytest-timeout, pyproject.toml); should the run still not end in 30 minutes (about four
# times its length on CI), it is interrupted, printing what it has, well inside CI's 90.
exec bash scripts/with_keyring.sh timeout --foreground --signal=INT --kill-after=120 1800 \
  .venv/bin/python -m pytest --dist loadfile --durations=15 \
  --tx "4*popen//python=env CHAIRDESK_KEYRING_OWN=1 bash scripts/with_keyring.sh .venv/bin/python" "$@"
