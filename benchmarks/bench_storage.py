"""How fast the database is where the chair waits on it: opening it, saving a typed change, keeping a draft.

    bash scripts/with_keyring.sh .venv/bin/python benchmarks/bench_storage.py [--edits 300] [--runs 5]

Times, in a fresh database holding the demo conference: opening the store (the key read once per process, as in
the app), saving the conference after one typed word (what the writer does after each pause in typing, a
synchronous=FULL commit), keeping a draft (each keystroke's save), and loading the conference. Medians of
--runs; each run does --edits saves and drafts. Run it before and after a change to the storage (issue 12 measured
the encrypted database against the plain one with it): typing must not slow.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chairdesk import conference_file  # noqa: E402
from chairdesk.storage import Store  # noqa: E402


def _ms(times: list[float]) -> str:
    runs = ", ".join(f"{t * 1000:.2f}" for t in times)
    return f"median {statistics.median(times) * 1000:.2f} ms, best {min(times) * 1000:.2f} ms (runs: {runs})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    opens, saves, drafts, loads = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CHAIRDESK_DATA", folder)
        path = Path(folder) / "bench.sqlite"
        with Store(path) as store:
            store.save(conference_file.from_json(demo), action="import")
        for _ in range(args.runs):
            began = time.perf_counter()
            store = Store(path)
            opens.append(time.perf_counter() - began)
            with store:
                conference = store.load(demo["id"])
                worry = conference.worries[0]
                began = time.perf_counter()
                for n in range(args.edits):
                    worry.text = f"{worry.text} word{n}"
                    store.save(conference)
                saves.append((time.perf_counter() - began) / args.edits)
                began = time.perf_counter()
                for n in range(args.edits):
                    store.save_draft(demo["id"], "item-1", "The chair types a sentence " * 3 + str(n))
                drafts.append((time.perf_counter() - began) / args.edits)
                began = time.perf_counter()
                for _ in range(20):
                    store.load(demo["id"])
                loads.append((time.perf_counter() - began) / 20)
    print(f"open the store:           {_ms(opens)}")
    print(f"save after a typed word:  {_ms(saves)}")
    print(f"keep a draft (keystroke): {_ms(drafts)}")
    print(f"load the conference:      {_ms(loads)}")


if __name__ == "__main__":
    main()
