"""How long producing every document takes, for the demo and for a large conference.

    .venv/bin/python benchmarks/bench_documents.py [--repeat N]

The baseline, measured in the same run, is python-docx writing plain documents of the same text (one
paragraph per line, no template, no styles, no chart). Goal: the demo's documents in under a second.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chairdesk import conference_file  # noqa: E402
from chairdesk.documents import DocumentSettings, produce_outputs, render_documents  # noqa: E402
from chairdesk.documents.render import document_text  # noqa: E402

ROLES = ["health-visitor", "school", "police", "gp", "school-nurse", "midwife", "housing", "mental-health"]
LISTS = ["danger_statements", "working_well", "worries", "safety_goals", "key_points"]


def large_conference() -> dict[str, Any]:
    """8 children, 30 participants, 200 board items, with scores, views, decisions and a plan."""
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(demo)
    children = [
        {
            "id": f"c{i}",
            "name": f"Child{i}",
            "date_of_birth": f"20{10 + i}-03-0{1 + i % 8}",
            "expected_delivery_date": None,
            "subject": True,
        }
        for i in range(7)
    ]
    children.append(
        {"id": "c7", "name": "Baby", "date_of_birth": None, "expected_delivery_date": "2027-03-08", "subject": True}
    )
    ids = [c["id"] for c in children]
    people = [p for p in data["participants"] if p["role"] in ("chair", "social-worker", "parent")]
    for i in range(30 - len(people)):
        role = ROLES[i % len(ROLES)]
        people.append(
            {
                "id": f"p{i}",
                "name": f"Person {i} Example",
                "role": role,
                "agency": f"Agency {i % 9}",
                "attended": i % 7 != 0,
                "apologies": i % 7 == 0,
                "contact_with": ids,
                "arrived": "10:00",
                "report": {"received": "2026-11-19", "shared_with_family": "2026-11-20"},
            }
        )
    for person in people:
        person["contact_with"] = ids if person["role"] != "parent" else []
    data["children"] = children
    data["participants"] = people
    start = dt.datetime(2026, 11, 24, 10, 0)
    for name in LISTS:
        data[name] = [
            {
                "text": f"Point {n} under {name.replace('_', ' ')}: a sentence of ordinary length about the family, "
                "what was said and by whom, as a chair types it.",
                "confidential": n % 17 == 0,
                "entered_at": (start + dt.timedelta(seconds=40 * (n + 40 * LISTS.index(name)))).isoformat(),
            }
            for n in range(40)
        ]
    professionals = [p for p in people if p["role"] not in ("chair", "parent")]
    data["scaling"] = [
        {"participant": p["id"], "child": None, "score": n % 11, "reason": "Because of what I have seen."}
        for n, p in enumerate(people)
        if p["role"] != "chair"
    ]
    data["views"] = [
        {"participant": p["id"], "child": c, "significant_harm": True, "reason": "As discussed."}
        for p in professionals
        if p.get("attended", True)
        for c in ids
    ]
    data["decisions"] = [
        {"child": c, "outcome": "cp-plan", "category": "neglect", "reason": "As discussed."} for c in ids
    ]
    data["dissent"] = []
    data["plan"]["actions"] = []
    data["plan"]["outcomes"] = [{"child": c, "text": "Safe and well at home."} for c in ids]
    data["plan"]["actions"] = [
        {"what": f"Action {n}: something specific to do.", "who": "sw", "by": "2026-12-08", "child": ids[n % 8]}
        for n in range(30)
    ]
    data["plan"]["core_group"] = [p["id"] for p in people[:10]]
    return data


def plain_baseline(texts: list[str]) -> None:
    for text in texts:
        doc = Document()
        for line in text.splitlines():
            doc.add_paragraph(line)
        doc.save(io.BytesIO())


def measure(label: str, data: dict[str, Any], repeat: int) -> None:
    conference = conference_file.from_json(data)
    settings = DocumentSettings(letter_date=dt.date(2026, 11, 25))
    texts = []
    for document in render_documents(conference, settings).documents:
        texts.append(document_text(Document(io.BytesIO(document.data))))
    ours, plain = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(repeat):
            began = time.perf_counter()
            paths = produce_outputs(conference, Path(folder) / str(n), settings)
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            plain_baseline(texts)
            plain.append(time.perf_counter() - began)
    words = sum(len(t.split()) for t in texts)
    print(
        f"{label:<42} {len(paths)} documents, {words:>6} words: "
        f"ChairDesk {statistics.median(ours):.3f} s (best {min(ours):.3f} s), "
        f"plain python-docx {statistics.median(plain):.3f} s "
        f"(x{statistics.median(ours) / statistics.median(plain):.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    print(f"Median of {args.repeat} runs (all documents, written to disk). Goal: the demo under 1 s.")
    measure("demo (2 children, 12 people, 15 items)", demo, args.repeat)
    measure("large (8 children, 30 people, 200 items)", large_conference(), args.repeat)


if __name__ == "__main__":
    main()
