#!/usr/bin/env bash
# Refreshes the lock files from pyproject.toml: requirements.lock (the app) and requirements-test.lock (the app and
# the test extra), every version pinned with the hashes of its files, for every platform (Windows and macOS too:
# the installers are built from them) on Python 3.11. scripts/setup.sh and packaging install from them.
#
#   bash scripts/lock.sh                            # after a change to pyproject.toml: what is pinned stays pinned
#   bash scripts/lock.sh --upgrade                  # every package to its newest version pyproject.toml allows
#   bash scripts/lock.sh --upgrade-package numpy    # one package
#
# Needs uv (https://docs.astral.sh/uv/; `pip install uv` anywhere, or UV=/path/to/uv). Run the tests after.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
export UV_CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh"
common=(--universal --python-version 3.11 --generate-hashes --quiet)
"$uv" pip compile pyproject.toml "${common[@]}" --extra test -o requirements-test.lock "$@"
# The app's lock holds the same versions as the tests' (constrained by it), only fewer packages.
"$uv" pip compile pyproject.toml "${common[@]}" -c requirements-test.lock -o requirements.lock "$@"
