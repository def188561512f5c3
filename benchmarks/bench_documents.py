"""How long producing every document takes, for the demo and for a large conference.

    .venv/bin/python benchmarks/bench_documents.py [--repeat N]

The baseline, measured in the same run, is plain python-docx writing the same documents' content to disk: each
document's paragraphs (text), its tables (the same rows and columns, each cell's text), its pictures (the same PNG
bytes, so the chart is in the baseline but not the drawing of it) and its header and footer lines, with no
template, no styles, no Jinja. Goal (issue 12): ChairDesk within 1.5 times the baseline. Each ChairDesk run starts
from nothing kept (:func:`forget`): it opens the templates, compiles them and draws the charts again.
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
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.shared import Mm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chairdesk import conference_file  # noqa: E402
from chairdesk.documents import DocumentSettings, chart, produce_outputs, render, render_documents  # noqa: E402

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


Block = tuple[str, Any]  # ("p", text) | ("tbl", rows of cell texts) | ("pic", PNG bytes)


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def content_of(docx: DocumentType) -> tuple[list[Block], list[str], list[str]]:
    """What a document holds, in order: its body's paragraphs, tables and pictures; its header and footer lines."""
    blocks: list[Block] = []
    images = {rel.rId: rel.target_part.blob for rel in docx.part.rels.values() if "image" in rel.reltype}
    for child in docx.element.body:
        if child.tag == qn("w:p"):
            blocks.append(("p", _text(child)))
            for rid in child.xpath(".//a:blip/@r:embed"):
                blocks.append(("pic", images[rid]))
        elif child.tag == qn("w:tbl"):
            rows = [[_text(cell) for cell in row.iter(qn("w:tc"))] for row in child.iter(qn("w:tr"))]
            blocks.append(("tbl", rows))
    section = docx.sections[0]
    header = [_text(p) for p in section.header._element.iter(qn("w:p"))]
    footer = [_text(p) for p in section.footer._element.iter(qn("w:p"))]
    return blocks, header, footer


def plain_baseline(contents: list[tuple[list[Block], list[str], list[str]]], folder: Path) -> None:
    """Plain python-docx writing the same paragraphs, tables, pictures, header and footer, each to a file."""
    folder.mkdir()
    for n, (blocks, header, footer) in enumerate(contents):
        doc = Document()
        for kind, value in blocks:
            if kind == "p":
                doc.add_paragraph(value)
            elif kind == "pic":
                doc.add_picture(io.BytesIO(value), width=Mm(160))
            else:
                table = doc.add_table(rows=len(value), cols=max(len(row) for row in value))
                for row, texts in zip(table.rows, value, strict=True):
                    for cell, text in zip(row.cells, texts, strict=False):
                        cell.text = text
        section = doc.sections[0]
        section.header.paragraphs[0].text = header[0] if header else ""
        for line in header[1:]:
            section.header.add_paragraph(line)
        section.footer.paragraphs[0].text = footer[0] if footer else ""
        for line in footer[1:]:
            section.footer.add_paragraph(line)
        doc.save(folder / f"{n}.docx")


def forget() -> None:
    """Drop what ChairDesk keeps from one set of documents to the next (templates opened and cleaned for Jinja,
    Jinja's compiled templates, the charts drawn, the fonts loaded), so each timed run makes its set from nothing, as
    the first set after ChairDesk starts does."""
    for cached in (
        render._parsed_template,
        render._patched,
        render._Environment._compiled,
        chart._scaling_chart,
        chart._history_chart,
        chart._fonts,
        chart._font_for_letter,
        chart.glyph_runs,
        chart.display_text,
    ):
        cached.cache_clear()
    render._environment.cache_clear()


def measure(label: str, data: dict[str, Any], repeat: int) -> None:
    conference = conference_file.from_json(data)
    settings = DocumentSettings(letter_date=dt.date(2026, 11, 25))
    contents = [content_of(Document(io.BytesIO(d.data))) for d in render_documents(conference, settings).documents]
    ours, plain = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(repeat):
            forget()
            began = time.perf_counter()
            paths = produce_outputs(conference, Path(folder) / str(n), settings)
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            plain_baseline(contents, Path(folder) / f"plain-{n}")
            plain.append(time.perf_counter() - began)
    words = sum(len(v.split()) for blocks, _h, _f in contents for kind, v in blocks if kind == "p")
    words += sum(
        len(c.split()) for blocks, _h, _f in contents for kind, v in blocks if kind == "tbl" for r in v for c in r
    )
    print(
        f"{label:<42} {len(paths)} documents, {words:>6} words: "
        f"ChairDesk {statistics.median(ours):.3f} s (best {min(ours):.3f} s), "
        f"plain python-docx {statistics.median(plain):.3f} s "
        f"(x{statistics.median(ours) / statistics.median(plain):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    demo = json.loads((ROOT / "resources" / "demo_conference.json").read_text(encoding="utf-8"))
    print(f"Median of {args.repeat} runs (all documents, written to disk). Goal: ChairDesk within x1.5 of plain.")
    measure("demo (2 children, 12 people, 15 items)", demo, args.repeat)
    measure("large (8 children, 30 people, 200 items)", large_conference(), args.repeat)


if __name__ == "__main__":
    main()
