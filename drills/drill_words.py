"""What the chair types and pastes: a 5 MB paste into a board item, and Welsh, Polish, Arabic (right to left) and
emoji names and text on the board, in every document and in the scaling chart. The real console and board
(offscreen), the real documents read back with python-docx, the chart drawn by its own function."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path
from typing import Any

import results
from console_app import DEMO_ID, go_to_views, open_console
from docx_reading import all_text
from PIL import Image, features
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from chairdesk import conference_file
from chairdesk.documents import chart
from chairdesk.documents.produce import produce
from chairdesk.gui.app import App
from chairdesk.gui.kept_text import decode_draft
from chairdesk.gui.text_guard import REFUSAL
from chairdesk.storage import Store

HUGE = "Larkspur Close " * (5_000_000 // 15)  # 5 MB of ordinary text, as from a whole case file


def test_a_5_mb_paste_into_a_board_item(app: App, qtbot: Any, db_path: Path) -> None:
    entry = go_to_views(app, qtbot).entry
    qtbot.keyClicks(entry, "Before the paste")
    before = entry.text()
    ticks: list[float] = []
    timer = QTimer(interval=10, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(200)
    QGuiApplication.clipboard().setText(HUGE)
    entry.setFocus()
    pressed = time.perf_counter()
    qtbot.keyClick(entry, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    handled = time.perf_counter() - pressed
    qtbot.wait(1500)  # the box's draft is kept, the board updated
    timer.stop()
    stall = max((b - a for a, b in zip(ticks, ticks[1:], strict=False) if b > pressed - 0.02), default=0.0)
    qtbot.keyClicks(entry, " after")  # the console still takes typing
    assert app.controller.writer.flush()
    qtbot.wait(1500)
    with Store(db_path) as store:
        drafts = [decode_draft(t)["text"] for key, t in store.drafts(DEMO_ID).items() if "worries" in key]
    shown, refusal = entry.text(), str(entry.property(REFUSAL) or "")
    kept_exactly = shown == before + HUGE + " after"
    refused = shown == before + " after" and "Not pasted" in refusal
    on_disk = drafts[0] if drafts else ""
    whole = on_disk in (before + " after", before + HUGE + " after")
    saw = refusal if refused else ("kept exactly" if kept_exactly else f"the box holds {len(shown)} characters")
    row = results.add(
        results.Row(
            "5 MB paste into a board item",
            1,
            1,
            0 if whole and (refused or kept_exactly) else 1,
            None,
            f"“{saw}” (the paste took {handled * 1000:.0f} ms; the console's longest stall {stall * 1000:.0f} ms)",
        )
    )
    problems = []
    if not (refused or kept_exactly):
        problems.append("neither kept exactly nor refused in words")
    if not whole:
        problems.append(f"half-written: {len(on_disk)} characters kept on disk")
    if problems:
        row.passed, row.note = False, "; ".join(problems)
    assert not problems


# -- names and text in every script ------------------------------------------------------------------------------

NAMES = {  # the demo's names, and what they become
    "Mia": "Siân",  # Welsh
    "Leo": "Łukasz",  # Polish
    "Ruby": "ليلى",  # Arabic, right to left
    "Kerry": "Gwenllïan",
    "Dean": "Jędrzej",
    "Harper": "Wójcik-ap Rhys",
    "Nadia Malik": "نادية مالك",
    "Sam Lee": "Sam Lee 🌈",  # emoji in a name
}
SENTENCES = {
    "worries": [
        "Mae Siân yn dweud ei bod hi'n ddiogel yn yr ysgol",
        "Łukasz źle śpi, gdy w domu jest hałas — zażółć gęślą jaźń",
        "قالت ليلى إنها سعيدة في الحضانة",
        "Ruby drew 🏠🌈 and a 👩‍👧 for her mum",
    ]
}


def multilingual(demo: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(demo, ensure_ascii=False)
    for old, new in NAMES.items():
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    data = json.loads(text)
    for list_name, sentences in SENTENCES.items():
        data[list_name] += [{"text": s} for s in sentences]
    return data


def documents(data: dict[str, Any], folder: Path) -> dict[str, str]:
    outputs = produce(conference_file.from_json(data), folder)
    assert outputs.not_made == [], outputs.not_made
    return {file.name: all_text(file) for file in outputs.files}


def drawn_as_a_box(letter: str) -> bool:
    """Whether the scaling chart draws ``letter`` as the box of a letter its font does not have: the chart with
    it as a label is the same picture as the chart with a letter no font has."""
    if letter.isspace() or not letter.isprintable():
        return False

    def picture(label: str) -> bytes:
        png, _ = chart.scaling_chart([chart.ScoreBar(label, 5)], "the drill")
        return Image.open(io.BytesIO(png)).tobytes()

    return picture(letter) == picture("\U0010fffd")


def test_welsh_polish_arabic_and_emoji_on_the_board_in_every_document_and_the_chart(
    qtbot: Any, tmp_path: Path, demo_data: dict[str, Any], shots: Path
) -> None:
    demo_data["participants"][9]["exclusions"] = []
    plain = documents(demo_data, tmp_path / "plain")
    data = multilingual(demo_data)
    made = documents(data, tmp_path / "words")
    words = [*NAMES.values(), *SENTENCES["worries"]]
    problems = []
    # Every name the plain demo's document has, the same document has in its new spelling, exactly.
    first_worry = demo_data["worries"][0]["text"]
    for (_, plain_text), (name, text) in zip(plain.items(), made.items(), strict=True):
        for old, new in NAMES.items():
            if re.search(rf"\b{re.escape(old)}\b", plain_text) and new not in text:
                problems.append(f"{name} lacks {new}")
        if first_worry.split()[0] in plain_text and first_worry in plain_text:
            problems += [f"{name} lacks “{s}”" for s in SENTENCES["worries"] if s not in text]

    db = tmp_path / "words.sqlite"
    app = open_console(qtbot, db, data)
    try:
        app.controller.set_blank(False)
        app.board.resize(1920, 1080)
        go_to_views(app, qtbot)
        qtbot.wait(300)
        board = app.board.visible_text()
        app.board.grab().save(str(shots / "board-in-every-script.png"))
        for_the_board = [*list(NAMES.values())[:3], *SENTENCES["worries"]]  # the children's names and the items
        on_board = [w for w in for_the_board if w in board]
        problems += [f"the board lacks “{w}”" for w in for_the_board if w not in board]
    finally:
        app.controller.close()
    with Store(db) as store:
        kept = store.load(DEMO_ID)
    problems += [f"the database lacks “{s}”" for s in SENTENCES["worries"] if s not in [w.text for w in kept.worries]]

    letters = sorted({c for w in NAMES.values() for c in w if ord(c) > 127})
    boxes = [c for c in letters if drawn_as_a_box(c)]
    if boxes:
        problems.append(f"the chart draws {' '.join(boxes)} as boxes")
    row = results.add(
        results.Row(
            "Welsh, Polish, Arabic, emoji names and text",
            1,
            len(words),
            None,
            None,
            f"{len(on_board)} of {len(for_the_board)} names and items on the board; {len(made)} documents, "
            f"{len(made) * len(words) - sum(1 for p in problems if 'lacks' in p)} checks exact; "
            f"chart: {len(letters) - len(boxes)} of {len(letters)} letters drawn"
            + (f", boxes for {' '.join(boxes)}" if boxes else "")
            + ("" if features.check("raqm") else " (Pillow without raqm: Arabic not laid out right to left)"),
        )
    )
    if problems:
        row.passed, row.note = False, "; ".join(problems)[:300]
    assert not problems, problems
