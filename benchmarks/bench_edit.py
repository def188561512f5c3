"""What one typed edit costs as the meeting grows, and what undo keeps: issue 13's goal is a flat cost.

    bash scripts/with_keyring.sh .venv/bin/python benchmarks/bench_edit.py [--edits 40] [--undo-steps 1000]

The demo conference (15 items on the board) and the same with 200 and 1,000 items spread over the board's lists,
each stored in a fresh encrypted database. For each, the chair's typed edits go through the console's
MeetingController as the GUI makes them (adding a line to a list, correcting one, and the contingency plan's box
saving itself as it is typed), timed on the GUI thread
(the edit, its check, its undo step and the hand-over to the writer), then the writer's save of it (waiting for
the writer: the change made to its copy, the whole file checked, the commit). Medians, and each as a ratio to the
15-item cost in the same run (goal: flat, at most 1.5 times). Then the memory undo holds for ``--undo-steps`` typed
edits at 1,000 items (tracemalloc), per step.

The file runs on an earlier ChairDesk too (copy it into that checkout's benchmarks/): the figures before and after.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chairdesk import conference_file  # noqa: E402
from chairdesk.meeting import Meeting  # noqa: E402
from chairdesk.storage import Store  # noqa: E402

BOARD_LISTS = ("danger_statements", "working_well", "worries", "key_points", "safety_goals")
SIZES = (15, 200, 1000)


def with_items(demo: dict[str, Any], items: int) -> dict[str, Any]:
    """The demo with ``items`` items on the board, spread over its five lists, as a chair types them."""
    data = copy.deepcopy(demo)
    n = 0
    while sum(len(data[name]) for name in BOARD_LISTS) < items:
        data[BOARD_LISTS[n % 5]].append(
            {
                "text": f"Line {n} the chair typed: who said what, and what it means for the children.",
                "confidential": False,
                "entered_at": "2026-11-24T10:05:00",
                "recording_offset": 300.0 + n,
                "typed_while_out": [],
            }
        )
        n += 1
    return data


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def open_controller(data: dict[str, Any], folder: Path) -> Any:
    """The console's controller on ``data`` stored in a fresh database, as the app opens a conference."""
    from chairdesk.gui.controller import MeetingController

    path = folder / f"edit-{sum(len(data[n]) for n in BOARD_LISTS)}.sqlite"
    with Store(path) as store:
        store.save(conference_file.from_json(data), action="import")
        version = store.known_version(data["id"]) or 0
        conference = store.load(data["id"])
    controller = MeetingController(conference, path)
    controller.writer.expect_version(data["id"], version)
    return controller


KINDS = {
    "add a line": lambda meeting, n: meeting.add_item("worries", f"Kerry said the school run is going well ({n})."),
    "correct a line": lambda meeting, n: meeting.edit_item("key_points", n % 3, f"Corrected words, take {n}."),
    "a box's save": lambda meeting, n: meeting.set_plan_fields(contingency=f"If the drinking starts again {n}"),
}


Times = dict[int, dict[str, tuple[float, ...]]]


def time_edits(sizes: dict[int, dict[str, Any]], edits: int, folder: Path) -> Times:
    """Median milliseconds of each kind of edit at each size: on the GUI thread (as the clock on the wall
    measures it, and the thread's own CPU time, which leaves out waiting for another thread or process), and the
    writer's save. The sizes take turns, edit by edit, so a busy moment of the machine falls on all alike."""
    controllers = {size: open_controller(data, folder) for size, data in sizes.items()}
    times: dict[tuple[int, str], tuple[list[float], list[float], list[float]]] = {}
    try:
        for name, edit in KINDS.items():
            for n in range(-3, edits):  # three first edits of each to warm up, not counted
                for size, controller in controllers.items():
                    began, began_cpu = time.perf_counter(), time.thread_time()
                    edit(controller.meeting, n)
                    handed, handed_cpu = time.perf_counter(), time.thread_time()
                    assert controller.writer.flush(60)
                    if n >= 0:
                        gui, cpu, save = times.setdefault((size, name), ([], [], []))
                        gui.append(handed - began)
                        cpu.append(handed_cpu - began_cpu)
                        save.append(time.perf_counter() - handed)
    finally:
        for controller in controllers.values():
            controller.close()
    return {size: {name: tuple(_ms(t) for t in times[size, name]) for name in KINDS} for size in sizes}


def undo_memory(data: dict[str, Any], steps: int) -> float:
    """Bytes undo holds per typed edit, over ``steps`` edits (a Meeting alone: the writer is not in it)."""
    meeting = Meeting(conference_file.from_json(data))
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(steps):
        meeting.edit_item(BOARD_LISTS[n % 5], n % 3, f"The chair corrects a line, take {n}.")
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(meeting._undo) == steps
    return held / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40, help="edits of each kind timed at each size")
    parser.add_argument("--undo-steps", type=int, default=1000, help="typed edits kept for undo at 1,000 items")
    args = parser.parse_args()
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CHAIRDESK_DATA", folder)
        results = time_edits({size: with_items(demo, size) for size in SIZES}, args.edits, Path(folder))
    print(f"one typed edit, median of {args.edits} (ratio to 15 items in this run):")
    for kind in results[SIZES[0]]:
        base_gui, base_cpu, base_save = results[SIZES[0]][kind]
        for size in SIZES:
            gui, cpu, save = results[size][kind]
            print(
                f"  {kind:15} {size:5} items: GUI thread {gui:6.2f} ms ({gui / base_gui:4.2f}x), its CPU "
                f"{cpu:6.2f} ms ({cpu / base_cpu:4.2f}x)   writer's save {save:7.2f} ms ({save / base_save:4.2f}x)"
            )
    per_step = undo_memory(with_items(demo, 1000), args.undo_steps)
    print(
        f"undo, {args.undo_steps} typed edits at 1,000 items: {per_step / 1024:.2f} KiB per step, "
        f"{per_step * args.undo_steps / 1024 / 1024:.2f} MiB in all"
    )


if __name__ == "__main__":
    main()
