"""How fast the home's agenda is with many conferences.

    .venv/bin/python benchmarks/bench_agenda.py [--conferences 300] [--runs 5]

Stores that many copies of the demo conference (a whole meeting each) in a fresh database, then times
chairdesk.agenda.agenda() over them: median of --runs. Goal: well under a second for 300, so the home opens and
refreshes without a wait (each stored document is read once, for the few things the agenda needs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chairdesk import agenda, conference_file  # noqa: E402
from chairdesk.storage import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conferences", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite") as store:
        start = dt.date(2026, 1, 5)
        for n in range(args.conferences):
            data = dict(demo, id=f"c{n}", date=(start + dt.timedelta(days=n)).isoformat())
            data["trigger_date"] = (start + dt.timedelta(days=n - 14)).isoformat()
            store.save(conference_file.from_json(data), action="import")
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            rows = agenda.agenda(store, dt.date(2026, 6, 1))
            times.append(time.perf_counter() - began)
        assert len(rows) == args.conferences
    print(
        f"agenda of {args.conferences} conferences: median {statistics.median(times) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
