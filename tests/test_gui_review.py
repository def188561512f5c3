"""The chair's review before anything leaves, driven from the keyboard through the real widgets: reader by reader
what is held back and why, what the chair must decide first, releases and keep-backs with a reason, then the
documents read back and the audit (RULES.md §5, "Confidentiality of outputs")."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console_app import DEMO_ID, open_console
from docx_reading import PROFESSIONAL_ENDINGS, all_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from two_screens import screens, seen_on_screens

from chairdesk import conference_file
from chairdesk.audience import HELD_BACK_SENTENCE
from chairdesk.gui.app import App
from chairdesk.gui.outputs import outputs_folder
from chairdesk.gui.review import TO_DECIDE, OutputsReview
from chairdesk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
ACTION = "ACTION-WHILE-OUT Kerry to see the domestic abuse advocate each week"
CONTINGENCY = "CONTINGENCY-WHILE-OUT If Dean returns to the house the police are called and an order sought"
KEEP_REASON = "The police asked that Dean is not told until they have spoken to him"
RELEASE_REASON = "Dean needs to know Kerry has support to keep to the plan"
ADDRESS = "Kerry now lives at 9 Willow Court"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NAMES = ("Dean", "Kerry", "Harper", "Willow")


@pytest.fixture
def review_app(qtbot: Any, db_path: Path, demo_data: dict[str, Any]) -> Iterator[App]:
    """The demo as it is: Dean was out of the room 10:40–11:05 (a key point typed then), a confidential worry."""
    running = open_console(qtbot, db_path, demo_data)
    yield running
    running.controller.close()


def dean_out_while_the_plan_is_typed(app: App) -> None:
    """Through the core: Dean leaves the room again, an action and the contingency are typed, he comes back."""
    meeting = app.controller.meeting
    meeting.exclude("father", 6, "Kerry asked to speak without Dean present")
    meeting.add_action(ACTION, "sw")
    meeting.set_plan_fields(contingency=CONTINGENCY)
    meeting.readmit("father")


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key, where the keyboard's focus is (as a chair presses it)."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def open_the_review(app: App, qtbot: Any) -> OutputsReview:
    app.console.activateWindow()
    qtbot.keyClick(app.console, Qt.Key.Key_P, CTRL_SHIFT)
    review = app.console.review
    assert isinstance(review, OutputsReview) and review.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is review.readers)
    return review


def reader_rows(review: OutputsReview) -> list[str]:
    return [review.readers.item(i).text() for i in range(review.readers.count())]


def item_rows(review: OutputsReview) -> list[str]:
    return [review.items.item(i).text() for i in range(review.items.count())]


def to_reader(qtbot: Any, review: OutputsReview, starts: str) -> None:
    """Arrows in the readers' list, from the top, to the reader whose row starts with ``starts``."""
    assert QApplication.focusWidget() is review.readers
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(review.readers.count()):
        if review.readers.currentItem().text().startswith(starts):
            return
        press(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"no reader {starts}: {reader_rows(review)}")


def type_the_reason(qtbot: Any, review: OutputsReview, reason: str) -> None:
    prompt = review.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.reason)
    qtbot.keyClicks(prompt.reason, reason)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: review.isAncestorOf(QApplication.focusWidget()))  # back in the review


def produce_entries(db_path: Path) -> list[Any]:
    with Store(db_path) as store:
        return [e for e in store.audit(DEMO_ID) if e.action == "produce"]


def test_the_chair_reviews_reader_by_reader_decides_and_the_documents_follow(
    review_app: App, qtbot: Any, db_path: Path
) -> None:
    app = review_app
    dean_out_while_the_plan_is_typed(app)
    review = open_the_review(app, qtbot)

    # What needs the chair's decision first and clearly, Produce off with a sentence saying why.
    banner = review.banner.text()
    assert banner.startswith(f"<b>{TO_DECIDE} first: 2 things") and "The plan: who will do what" in banner
    assert "The plan: the contingency plan" in banner
    # What may go now can go (Kerry's letter and copy, the record): the button says so, and names what waits.
    assert review.produce_button.isEnabled() and review.produce_button.text() == "&Produce what can go now"
    assert review.why_off.text() == (
        "2 items need your decision (marked TO DECIDE). Until then the documents for the whole family (the "
        "summary) and Dean Harper are not made; the others can be made now."
    )
    # Reader by reader: the summary's whole family first (it has something to decide), each household, the record.
    rows = reader_rows(review)
    assert rows[0].startswith("The whole family (the summary)\nSummary and plan\n4 held back, 2 to decide")
    assert rows[1].startswith("Kerry Harper\nDecision letter, Conference record: parents' copy\n1 held back")
    assert rows[2].startswith("Dean Harper\nDecision letter, Conference record: parents' copy\n4 held back, 2 to")
    # A decision letter for each of the eight professionals invited (RULES.md §5), from the full record's version.
    assert rows[3] == "The professionals (the full record)\nDecision letter (8), Conference record\nnothing held back"
    summary = item_rows(review)
    assert summary[0].startswith(f"{TO_DECIDE}: The plan: who will do what\n“ACTION-WHILE-OUT")
    assert summary[1].startswith(f"{TO_DECIDE}: The plan: the contingency plan\n“CONTINGENCY-WHILE-OUT")
    assert "Held back: it was typed while Dean Harper was out of the room." in summary[0]
    assert any(
        r.startswith("What we are worried about") and "it is confidential (a criminal investigation)" in r
        for r in summary
    )
    assert any(r.startswith("Key points\n“While Dean was out of the room the police") for r in summary)

    # A reader with nothing held back says so plainly.
    to_reader(qtbot, review, "The professionals")
    assert not review.items.isVisible() and review.nothing.isVisible()
    assert review.nothing.text().startswith("Nothing is held back from the professionals (the full record)")
    to_reader(qtbot, review, "Kerry Harper")
    assert [r.split("\n")[0] for r in item_rows(review)] == ["What we are worried about"]

    # Dean: keep the contingency back, with a reason typed at the keyboard (an empty reason is refused).
    to_reader(qtbot, review, "Dean Harper")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is review.items
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down)
    assert review.current_item().piece.ref == "plan.contingency"
    press(qtbot, Qt.Key.Key_Return)  # Enter on an item: to its first choice
    assert QApplication.focusWidget() is review.release_button
    assert review.release_button.text() == "&Release to Dean Harper…"
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is review.keep_button
    press(qtbot, Qt.Key.Key_Return)
    prompt = review.prompt
    assert prompt is not None and prompt.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.reason)
    press(qtbot, Qt.Key.Key_Return)  # nothing typed
    assert prompt.isVisible() and prompt.refusal.text().startswith("Nothing was done: say why")
    assert not app.controller.conference.plan.contingency_marks.releases
    type_the_reason(qtbot, review, KEEP_REASON)
    assert not prompt.isVisible()
    assert [(r.to, r.released, r.reason) for r in app.controller.conference.plan.contingency_marks.releases] == [
        ("father", False, KEEP_REASON)
    ]
    assert review.why_off.text().startswith("1 item needs your decision (marked TO DECIDE).")
    assert "kept back from Dean Harper, with your reason in the record" in review.note.text()

    # ...and release the action to him, with a reason.
    assert QApplication.focusWidget() is review.items
    press(qtbot, Qt.Key.Key_Home)
    assert review.current_item().piece.ref.startswith("plan.actions[")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # Release to Dean Harper…
    type_the_reason(qtbot, review, RELEASE_REASON)
    assert app.controller.conference.plan.actions[-1].releases[-1].to == "father"
    assert not review.undecided and review.produce_button.isEnabled()
    assert review.why_off.text().startswith("Produce the documents writes them now.")
    dean = next(r for r in reader_rows(review) if r.startswith("Dean Harper"))
    assert dean.endswith("\n3 held back")
    assert "Kept back by the chair, with a reason." in "\n".join(item_rows(review))
    assert not any("ACTION-WHILE-OUT" in r for r in item_rows(review))  # released: no longer held back from him

    # Produce, from the keyboard.
    with qtbot.waitSignal(app.console.producer.finished, timeout=60_000) as made:
        press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert not review.isVisible()
    files = [Path(f) for f in made.args[0]]
    assert len(files) == 14 and app.console.producer.not_made == []  # with the eight professionals' letters
    message = app.console.statusBar().currentMessage()
    assert message.startswith("14 documents written") and "Not made" not in message
    assert all(w in message for w in app.console.producer.warnings)

    deans = [f for f in files if "dean-harper" in f.name]
    assert len(deans) == 2
    for document in deans:  # his letter and his copy
        text = all_text(document)
        assert ACTION in text, document.name
        assert "CONTINGENCY-WHILE-OUT" not in text, document.name
        assert HELD_BACK_SENTENCE in text, document.name
    summary = all_text(next(f for f in files if "summary" in f.name))
    assert ACTION in summary and "CONTINGENCY-WHILE-OUT" not in summary
    record = all_text(next(f for f in files if f.name.endswith("-record.docx")))
    assert CONTINGENCY in record and ACTION in record
    assert f"Released to Dean Harper by the chair: {RELEASE_REASON}" in record
    assert f"Kept back from Dean Harper by the chair: {KEEP_REASON}" in record

    # The audit: the release and the keep-back as changes of the conference, and one entry per document made
    # saying what was held back from its reader, by place and reason, with no name and no words.
    assert app.controller.writer.flush()
    with Store(db_path) as store:
        entries = store.audit(DEMO_ID)
    changes = [e.field for e in entries if e.action == "change" and ".releases" in e.field]
    assert changes == [
        "plan.contingency_marks.releases",
        f"plan.actions[{len(app.controller.conference.plan.actions) - 1}].releases",
    ]
    produced = [e.field for e in entries if e.action == "produce"]
    assert len(produced) == 14
    assert produced[0] == (
        "summary for the family: held back worries[3] (confidential:criminal-investigation, typed-while-out); "
        "key_points[0] (typed-while-out); plan.contingency (typed-while-out, kept-back)"
    )
    assert "record for the record: held back nothing" in produced
    father = "household participants[9]"
    assert sum(e.startswith(("letter for " + father, "parents-copy for " + father)) for e in produced) == 2
    for entry in produced:
        assert not any(word in entry for word in (*NAMES, "ACTION-WHILE-OUT", "CONTINGENCY", KEEP_REASON))


def test_what_gives_a_withheld_address_away_cannot_be_released_the_chair_goes_to_change_it(
    review_app: App, qtbot: Any, db_path: Path
) -> None:
    app = review_app
    app.controller.meeting.go_to_stage("plan")
    plan = app.console.page_of["plan"]
    plan.what.setFocus()
    qtbot.keyClicks(plan.what, ADDRESS)
    qtbot.keyClicks(plan.who.lineEdit(), "Priya")
    qtbot.keyClick(plan.who.lineEdit(), Qt.Key.Key_Return)
    assert app.controller.conference.plan.actions[-1].what == ADDRESS
    app.controller.meeting.go_to_stage("introductions")

    review = open_the_review(app, qtbot)
    # It is part of the plan: undecided until its words change; only Kerry's own letter and copy can go meanwhile.
    assert review.produce_button.text() == "&Produce what can go now"
    assert (
        "the documents for the whole family (the summary), Dean Harper and the full record (the professionals) "
        "are not made" in review.why_off.text()
    )
    assert "The plan: who will do what" in review.banner.text()
    to_reader(qtbot, review, "Dean Harper")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Home)
    held = review.current_item()
    assert held is not None and held.piece.text.startswith(ADDRESS) and held.address_of == ("mother",)
    assert item_rows(review)[0].endswith("Cannot be released: change its words.")
    assert "This cannot be released: it would give away where Kerry Harper lives." in review.detail.text()
    assert not review.release_button.isEnabled() and not review.keep_button.isEnabled()
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Release's key does nothing
    qtbot.wait(300)
    assert review.prompt is None and QApplication.focusWidget() is review.items
    assert not app.controller.conference.plan.actions[-1].releases
    press(qtbot, Qt.Key.Key_Return)  # Enter on the item: to the one thing that can be done
    assert QApplication.focusWidget() is review.go_button
    press(qtbot, Qt.Key.Key_Return)
    assert not review.isVisible()
    assert app.controller.meeting.stage.key == "plan"  # the console is where the words are changed
    plan = app.console.page_of["plan"]  # the action itself chosen, and named
    assert plan.actions.currentIndex().row() == len(app.controller.conference.plan.actions) - 1
    assert app.console.focusWidget() is plan.actions
    assert "Change the words of The plan: who will do what: “Kerry now lives at 9 Willow Court" in (
        app.console.statusBar().currentMessage()
    )
    assert not any(outputs_folder(app.controller.conference).glob("*.docx"))


def test_cancel_closes_the_review_and_writes_nothing(review_app: App, qtbot: Any, db_path: Path) -> None:
    app = review_app
    started: list[object] = []
    app.console.producer.finished.connect(lambda *args: started.append(args))
    review = open_the_review(app, qtbot)
    assert review.produce_button.isEnabled()  # nothing to decide in the demo as it is
    assert review.banner.text().startswith("Nothing is waiting for your decision.")
    press(qtbot, Qt.Key.Key_Escape)
    assert not review.isVisible()
    qtbot.wait(300)
    assert started == [] and not app.console.producer.busy
    assert not any(outputs_folder(app.controller.conference).glob("*.docx"))
    assert app.controller.writer.flush()
    assert produce_entries(db_path) == []
    # Cancel by its button too, after opening again.
    review = open_the_review(app, qtbot)
    review.cancel_button.click()
    assert not review.isVisible() and started == []


def test_a_choice_made_in_the_review_can_be_undone_there(review_app: App, qtbot: Any) -> None:
    app = review_app
    dean_out_while_the_plan_is_typed(app)
    review = open_the_review(app, qtbot)
    assert not review.undo_button.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)  # the summary's items: the action first
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    type_the_reason(qtbot, review, RELEASE_REASON)
    assert app.controller.conference.plan.actions[-1].releases
    assert review.undo_button.isEnabled()
    press(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # a button's key clicks it a moment later
    qtbot.waitUntil(lambda: not app.controller.conference.plan.actions[-1].releases)
    assert len(review.undecided) == 4 and not review.undo_button.isEnabled()


def test_releasing_to_the_summary_what_every_family_member_is_not_given_releases_it_to_the_whole_family(
    review_app: App, qtbot: Any
) -> None:
    app = review_app
    review = open_the_review(app, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Home)
    held = review.current_item()
    assert held is not None and held.piece.ref == "worries[3]" and len(held.from_people) == 4
    assert review.release_button.text() == "&Release to the whole family…"
    assert not review.keep_button.isEnabled()  # not part of the plan: it stays held back without a choice
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    type_the_reason(qtbot, review, "The police have agreed the family may know")
    releases = app.controller.conference.worries[3].releases
    assert [(r.to, r.released) for r in releases] == [("family", True)]
    assert not any(r.startswith("What we are worried about") for r in item_rows(review))


ON_TWO_SCREENS = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication
    from chairdesk.gui.app import App
    qt = QApplication([])
    app = App(sys.argv[1])
    app.show()
    qt.processEvents()
    laptop, projector = QGuiApplication.screens()
    app.console.open_outputs_folder = False
    app.console.produce_outputs()
    qt.processEvents()
    review = app.console.review
    where = lambda w: QGuiApplication.screenAt(w.frameGeometry().center()).name()
    hint = review.minimumSizeHint()
    seen = {
        "board": app.board.screen().name(),
        "review": [where(review), laptop.geometry().contains(review.frameGeometry()),
                   projector.geometry().intersects(review.frameGeometry()),
                   hint.width() <= review.width() and hint.height() <= review.height()],
    }
    review.items.setFocus()
    review.items.setCurrentRow(0)
    review.release_button.click()
    qt.processEvents()
    prompt = review.prompt
    seen["prompt"] = [where(prompt), projector.geometry().intersects(prompt.frameGeometry())]
    print(json.dumps(seen))
    app.controller.close()
    """
)


def test_the_review_opens_on_the_laptop_never_on_the_projector_and_fits_it(
    tmp_path: Path, db_path: Path, demo_data: dict[str, Any]
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    seen = seen_on_screens(ON_TWO_SCREENS, tmp_path, str(db_path), layout=screens((1920, 1080)))
    assert seen["board"] == "PROJECTOR"
    assert seen["review"] == ["LAPTOP", True, False, True]
    assert seen["prompt"] == ["LAPTOP", False]


def test_what_was_not_made_and_what_to_check_are_named_when_the_documents_are_done(review_app: App, qtbot: Any) -> None:
    from chairdesk.documents.produce import Outputs

    app = review_app
    not_made = "The decision letter for Dean Harper was not made: it would give away where Kerry Harper lives."
    outputs = Outputs([], ["No plan is recorded; the documents say so."], [], [not_made])
    with qtbot.waitSignal(app.console.producer.finished) as made:
        app.console.producer._done((outputs, DEMO_ID, []), 0.5)  # as the worker hands it back
    assert made.args[2] == [not_made, "No plan is recorded; the documents say so."]
    message = app.console.statusBar().currentMessage()
    assert f"Not made: {not_made}" in message and "Check: No plan is recorded" in message
    box = QApplication.activeModalWidget()
    assert box is not None and not_made in box.text()
    box.close()


def test_what_can_go_now_goes_and_what_waits_is_named(review_app: App, qtbot: Any, db_path: Path) -> None:
    """An undecided part of the plan holds back only the documents of the readers it is held from: Kerry's letter
    and copy (due within a day) and the record go now."""
    app = review_app
    dean_out_while_the_plan_is_typed(app)
    made: list[list[str]] = []
    warnings: list[list[str]] = []
    app.console.producer.finished.connect(lambda files, _seconds, said: (made.append(files), warnings.append(said)))
    review = open_the_review(app, qtbot)
    review.produce_button.click()
    qtbot.waitUntil(lambda: bool(made), timeout=60_000)
    names = sorted(Path(f).name for f in made[0] if not f.endswith(PROFESSIONAL_ENDINGS))
    assert len(made[0]) - len(names) == 8  # and the professionals' letters, from the full record's version
    assert names == [
        "2026-11-24-harper-letter-to-kerry-harper.docx",
        "2026-11-24-harper-parents-copy-for-kerry-harper.docx",
        "2026-11-24-harper-record.docx",
    ]
    not_made = [w for w in warnings[0] if " was not made" in w]
    assert len(not_made) == 3 and all("the chair has not decided about it" in w for w in not_made)
