"""Every box the chair types in takes a paste the same way: a 5 MB paste is refused at once, in words, keeping what
was in the box; control characters pasted from other programs are cleaned, keeping line breaks where the box
has lines. Driven through the real widgets with the real clipboard and Ctrl+V."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from console_app import DEMO_ID, go_to_views
from docx import Document
from docx.oxml.ns import qn
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QWidget

from chairdesk.gui.app import App
from chairdesk.gui.attendance import AddPersonDialog
from chairdesk.gui.kept_text import decode_draft
from chairdesk.gui.recording_request import RecordingRequestDialog
from chairdesk.gui.text_guard import REFUSAL, EntryBox, PasteValidator, TextBox
from chairdesk.storage import Store
from chairdesk.typed_text import TEXT_LIMIT, clean_pasted

HUGE = "x" * 5_000_000
# From Word and a case-management system: Word's line break (VT) and page break (FF), CR LF, a tab, a Unicode line
# separator, a zero-width space inside a word, a byte-order mark, a NUL and a bell.
DIRTY = "Larkspur\x0bClose\x0cpage\r\ntwo\tcols\u2028next wo\u200brd \ufeff\x00\x07end"


def paste(qtbot: Any, box: QWidget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def text_of(box: QWidget) -> str:
    return box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()  # type: ignore[attr-defined]


def typing_boxes(root: QWidget) -> list[QWidget]:
    """The boxes the chair can type in under ``root`` (not a spin box's own line, which holds a number or date)."""
    boxes: list[QWidget] = []
    for box in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit):
        if box.isVisible() and not box.isReadOnly() and not isinstance(box.parentWidget(), QAbstractSpinBox):
            boxes.append(box)
    return boxes


def check_box(qtbot: Any, box: QWidget) -> str:
    """Paste 5 MB and then dirty text into ``box``; '' when it behaved, else what went wrong."""
    name = box.accessibleName() or box.objectName() or f"{type(box).__name__} in {type(box.parentWidget()).__name__}"
    if isinstance(box, QLineEdit) and not isinstance(box.validator(), PasteValidator):
        return f"{name}: a one-line box without the paste validator"
    if isinstance(box, QPlainTextEdit) and not isinstance(box, TextBox):
        return f"{name}: a box with lines that is not a TextBox"
    before = text_of(box)
    box.setProperty(REFUSAL, None)
    paste(qtbot, box, HUGE)
    if text_of(box) != before:
        return f"{name}: the 5 MB paste changed the box"
    if "Not pasted" not in str(box.property(REFUSAL)):
        return f"{name}: the 5 MB paste was not refused in words"
    paste(qtbot, box, DIRTY)
    pasted = text_of(box)
    multiline = isinstance(box, QPlainTextEdit) and box.multiline  # an entry box holds one entry, no lines
    if clean_pasted(DIRTY, multiline) not in pasted:
        return f"{name}: the pasted text was not cleaned: {pasted!r}"
    return ""


def test_clean_pasted_keeps_every_visible_character_and_the_line_breaks_a_box_allows() -> None:
    assert clean_pasted(DIRTY, multiline=True) == "Larkspur\nClose\npage\ntwo cols\nnext word end"
    assert clean_pasted(DIRTY, multiline=False) == "Larkspur Close page two cols next word end"
    kept = "Łódź, Dafydd ap Gruffydd, مريم 😊 👩‍👧 — “quoted” £5 a\u200db"  # joiners stay (emoji, scripts)
    assert clean_pasted(kept, multiline=False) == kept


def test_every_box_of_the_console_refuses_a_5_mb_paste_and_cleans_control_characters(app: App, qtbot: Any) -> None:
    problems: list[str] = []
    checked = 0
    for number in range(1, 9):  # every stage of the order of business, as the chair steps through them
        qtbot.keyClick(app.console, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
        for box in typing_boxes(app.console.pages.currentWidget()):
            problems.append(check_box(qtbot, box))
            checked += 1
    for dock in app.console.docks.values():
        dock.raise_()
        for box in typing_boxes(dock):
            problems.append(check_box(qtbot, box))
            checked += 1
    assert checked >= 15  # the entry boxes of five lists, the pages' boxes, the notes, the discussion...
    assert [p for p in problems if p] == []


def test_every_box_of_the_dialogs_takes_a_paste_the_same_way(app: App, qtbot: Any) -> None:
    register = app.console.register
    ids = [p.id for p in app.controller.conference.participants]
    register.table.setFocus()
    register.table.selectRow(ids.index("father"))
    problems: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        boxes = typing_boxes(dialog)
        problems.append("" if boxes else f"{dialog.windowTitle()}: no box found")
        problems.extend(check_box(qtbot, box) for box in boxes)
        dialog.reject()

    openers: list[Callable[[], object]] = [
        lambda: qtbot.mouseClick(register.buttons["exclude"], Qt.MouseButton.LeftButton),  # Exclude…
        lambda: AddPersonDialog(app.controller, app.console).run(),  # someone at the door
        lambda: RecordingRequestDialog(app.controller, app.console).exec(),
    ]
    for open_dialog in openers:
        QTimer.singleShot(100, in_the_dialog)
        open_dialog()
    assert len(problems) >= 6
    assert [p for p in problems if p] == []


def test_an_item_being_edited_in_its_list_takes_a_paste_the_same_way(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    worries.view.setFocus()
    worries.view.setCurrentIndex(worries.model.index(0))
    first = app.controller.conference.worries[0].text
    qtbot.keyClick(worries.view, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    assert isinstance(cell, EntryBox) and cell.text() == first
    assert check_box(qtbot, cell) == ""


def test_a_5_mb_paste_is_refused_at_once_and_nothing_of_it_is_kept(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    qtbot.keyClicks(worries.entry, "Mia said")
    paste(qtbot, worries.entry, HUGE)
    assert worries.entry.text() == "Mia said"  # what was there is kept, and only that
    assert "Not pasted" in app.console.statusBar().currentMessage()
    assert "xxxxxxxxxx" not in app.board.visible_text()
    assert app.controller.writer.flush()
    with Store(app.controller.db_path) as store:
        assert decode_draft(store.drafts(DEMO_ID)["worries"])["text"] == "Mia said"  # no 5 MB draft on disk


def test_pasted_control_characters_never_split_an_item_or_break_a_page_in_the_documents(
    app: App, qtbot: Any, tmp_path: Path
) -> None:
    from chairdesk.documents.produce import produce_outputs

    worries = go_to_views(app, qtbot)
    paste(qtbot, worries.entry, "Kerry said\x0bthe flat at Larkspur\x0cis cold\r\nand damp\x00.")
    qtbot.keyClick(worries.entry, Qt.Key.Key_Return)
    item = app.controller.conference.worries[-1]
    assert item.text == "Kerry said the flat at Larkspur is cold and damp."
    notes = app.console.notes
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    paste(qtbot, notes, "\nFirst\x0bsecond")
    assert notes.toPlainText().endswith("\nFirst\nsecond")
    files = produce_outputs(app.controller.conference, tmp_path)
    summary = next(f for f in files if "summary" in f.name.lower())
    paragraphs = [p for p in Document(str(summary)).paragraphs if "Kerry said" in p.text]
    assert [p.text for p in paragraphs] == ["Kerry said the flat at Larkspur is cold and damp."]  # one, words apart
    assert paragraphs[0]._p.findall(".//" + qn("w:br")) == []  # no line or page break inside it


def test_a_paste_that_fits_exactly_is_taken_whole(app: App, qtbot: Any) -> None:
    worries = go_to_views(app, qtbot)
    paste(qtbot, worries.entry, "y" * TEXT_LIMIT)
    assert len(worries.entry.text()) == TEXT_LIMIT
