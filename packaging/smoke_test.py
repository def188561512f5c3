"""Smoke test of a packaged ChairDesk: run the built program as a chair would, in a fresh data folder.

    python packaging/smoke_test.py build/dist/chairdesk/chairdesk

Exits non-zero with the first thing that did not work.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normal(name: str) -> str:
    return re.sub(r"[-_. ]+", "-", name).lower()


def main(program: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = {**os.environ, "CHAIRDESK_DATA": str(home / "data"), "QT_QPA_PLATFORM": "offscreen"}

        def run(*args: str) -> str:
            result = subprocess.run([program, *args], env=env, capture_output=True, text=True, timeout=180)
            if result.returncode != 0:
                raise SystemExit(f"FAILED: chairdesk {' '.join(args)}\n{result.stdout}\n{result.stderr}")
            return result.stdout

        # The version and the licences come from the metadata the build carries: pyproject.toml's version, and
        # every runtime dependency listed with its licence (so each one's metadata was bundled).
        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        said = run("--version").strip()
        assert said == f"ChairDesk {project['version']}", f"{said!r} is not pyproject.toml's {project['version']}"
        parts = {normal(p["name"]): p for p in json.loads(run("licences", "--json"))}
        assert parts["chairdesk"]["version"] == project["version"] and parts["chairdesk"]["licence"], parts
        for dependency in project["dependencies"]:
            name = normal(re.match(r"[A-Za-z0-9._-]+", dependency).group(0))
            assert name in parts and parts[name]["licence"], f"{name} is not in 'chairdesk licences' of the build"
        # SQLCipher and cryptography's OpenSSL load in the build: their versions are read from the libraries.
        assert parts["sqlcipher"]["version"] and parts["openssl-(in-cryptography)"]["version"], parts
        demo = str(ROOT / "resources" / "demo_conference.json")
        dates = json.loads(run("dates", demo, "--json"))
        assert dates["conference_due"] == "2026-11-27", dates
        run("demo", "--no-window")
        assert "demo-harper-2026-11-24" in run("list")
        # A start reads its data key ahead in a process of its own: the same program, answering on its output
        # (not on macOS, where it would hand the Keychain's key to whoever asked: read on a thread there).
        asked = [program, "--chairdesk-read-ahead", str((home / "data").resolve())]
        ahead = subprocess.run(asked, env=env, capture_output=True, text=True, timeout=180)
        if sys.platform == "darwin":
            assert ahead.returncode == 2 and not ahead.stdout, "the packaged program answered with its key on macOS"
        else:
            key = base64.b64decode(json.loads(ahead.stdout).get("key", ""))
            assert len(key) == 32, f"the packaged program did not read its key ahead: {ahead.stderr}"
        out = home / "documents"
        run("documents", demo, "--out", str(out))
        made = sorted(p.name for p in out.iterdir())
        assert any("summary" in n for n in made) and any("parents" in n for n in made), made
        shots = home / "shots"
        run("demo", "--screenshot", str(shots))
        assert (shots / "console.png").stat().st_size > 10_000 and (shots / "board.png").stat().st_size > 10_000
        # PortAudio loads: a list of microphones, or on a machine with no sound the plain error, never a crash.
        devices = subprocess.run([program, "devices", "--json"], env=env, capture_output=True, text=True)
        assert devices.returncode == 0 or devices.stderr.startswith("error: No microphone"), devices.stderr
        bad = subprocess.run([program, "dates", str(home / "missing.json")], env=env, capture_output=True, text=True)
        assert bad.returncode == 2 and bad.stderr.startswith("error:"), bad.stderr
    print(f"packaged ChairDesk works: {program}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
