"""The chair's review before anything leaves (RULES.md §5, "Confidentiality of outputs"; PRODUCT.md, Outputs).

Before the documents are made the chair sees, reader by reader (the summary's whole family, each household's
letter and copy, the full record), what is being held back from them and why, as :mod:`chairdesk.audience`
decides it. What still needs the chair's decision (part of the decision or the plan held back from a parent)
comes first, and "Produce the documents" stays off until nothing is left undecided. The chair can:

- release an item to the people it is held back from, with a reason (it then goes in their documents, and the
  reason in the record);
- keep back, with a reason, what a parent must know (the decision's reason, the plan's outcomes, actions and
  contingency);
- for an item that would give away a withheld address, which can never be released, go to it to change its words.

Each choice is an ordinary edit of the meeting (:meth:`chairdesk.meeting.Meeting.release`): saved at once, in the
audit, undone with Undo. Cancel makes no document. Everything works from the keyboard: arrows in the lists, Tab
between them and the buttons, Enter on a button, Escape to cancel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk import audience
from chairdesk.audience import HeldBack, Reader, Version
from chairdesk.documents.produce import output_readers, planned_documents
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.model import WHOLE_FAMILY, Conference
from chairdesk.sending import reader_name
from chairdesk.words import capitalise, join_names

# Where the chair changes the words of each part of the conference (a stage of the console), to go to an item
# whose words give a withheld address away. Parts typed elsewhere (the discussion dock, a recording request)
# leave the console at its stage.
STAGE_OF_PART = {
    "danger_statements": "danger",
    "working_well": "views",
    "worries": "views",
    "key_points": "key-points",
    "safety_goals": "safety-goals",
    "scaling": "scaling",
    "views": "decision",
    "decisions": "decision",
    "dissent": "decision",
    "plan.outcomes": "plan",
    "plan.actions": "plan",
    "plan.contingency": "plan",
    "inquorate_reason": "introductions",
}

TO_DECIDE = "TO DECIDE"
EXCERPT = 160  # characters of an item shown in the list (the whole of it under the list)
BANNER_LINES = 5  # the most items named in the banner at the top; the lists show the rest


def excerpt(text: str, length: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _sentence(error: InvalidConference) -> str:
    text = str(error).strip()
    return capitalise(text) + ("" if text.endswith(".") else ".")


class ReasonPrompt(QDialog):
    """Asks for the reason for a release or a keep-back. Empty is refused in words; so is what the meeting
    refuses. ``choose(reason)`` makes the choice; the prompt closes only when it succeeded."""

    def __init__(self, parent: QWidget, title: str, question: str, choose: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choose = choose
        layout = QVBoxLayout(self)
        ask = QLabel(question, wordWrap=True)
        self.reason = QLineEdit(accessibleName="Reason")
        self.reason.setPlaceholderText("The reason, for the record")
        ask.setBuddy(self.reason)
        self.refusal = QLabel(wordWrap=True, accessibleName="Why it was not done")
        self.refusal.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.refusal.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_choice)
        buttons.rejected.connect(self.reject)
        for widget in (ask, self.reason, self.refusal, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)
        self.reason.setFocus()

    def try_choice(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self._refuse("Nothing was done: say why in a few words (the reason goes in the record), or press Escape.")
            return
        try:
            self.choose(reason)
        except InvalidConference as error:
            self._refuse(f"Nothing was done. {_sentence(error)}")
            return
        self.accept()

    def _refuse(self, sentence: str) -> None:
        self.refusal.setText(sentence)
        self.refusal.show()
        self.reason.setFocus()


class OutputsReview(QDialog):
    """The review (see the module's description). ``accepted`` means: produce the documents now.
    ``go_to_item(ref)``: the chair chose to change the words of the item at ``ref``; the review has closed."""

    go_to_item = Signal(str)

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Before the documents leave: what each reader is not given")
        self.prompt: ReasonPrompt | None = None
        self.versions: list[Version] = []
        self.choices: list[int] = []  # for Undo: how many meeting edits each choice made in this review took

        self.banner = QLabel(wordWrap=True, objectName="reviewToDecide", accessibleName="What needs your decision")
        self.banner.setStyleSheet(
            "QLabel { background: #fff1c2; color: #4a3b00; border: 1px solid #d9b400; padding: 4px 8px; }"
        )
        self.readers = QListWidget(accessibleName="Readers of the documents")
        self.readers.setWordWrap(True)
        self.readers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.readers.setMaximumWidth(330)
        self.readers.setSpacing(3)
        self.reader_title = QLabel(wordWrap=True)
        self.items = QListWidget(accessibleName="What is held back from them")
        self.items.setWordWrap(True)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.items.setSpacing(2)
        self.nothing = QLabel(wordWrap=True, accessibleName="Nothing held back")
        self.detail = QLabel(wordWrap=True, accessibleName="The item")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.release_button = QPushButton("&Release…")
        self.keep_button = QPushButton("&Keep back…")
        self.go_button = QPushButton("&Go to it to change its words")
        self.note = QLabel(wordWrap=True, accessibleName="What happened")
        self.why_off = QLabel(wordWrap=True, accessibleName="Why Produce is off")
        self.undo_button = QPushButton("&Undo the last choice")
        self.produce_button = QPushButton("&Produce the documents")
        self.cancel_button = QPushButton("Cancel")
        for button in (self.release_button, self.keep_button, self.go_button, self.undo_button):
            button.setAutoDefault(True)  # Enter presses the button that has the focus
        self.produce_button.setAutoDefault(True)
        self.cancel_button.setAutoDefault(True)

        side = QVBoxLayout()
        side.addWidget(QLabel("Rea&ders", buddy=self.readers))
        side.addWidget(self.readers, 1)
        main = QVBoxLayout()
        main.addWidget(self.reader_title)
        main.addWidget(self.items, 3)
        main.addWidget(self.nothing)
        main.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        for button in (self.release_button, self.keep_button, self.go_button):
            actions.addWidget(button)
        actions.addStretch(1)
        main.addLayout(actions)
        main.addWidget(self.note)
        middle = QHBoxLayout()
        middle.addLayout(side)
        middle.addLayout(main, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.why_off, 1)
        for button in (self.undo_button, self.produce_button, self.cancel_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.readers, self.items)

        # Moving on clears what the last choice said (a refresh after a choice moves nothing: its signals are held).
        self.readers.currentRowChanged.connect(lambda _row: (self.note.clear(), self._show_reader()))
        self.items.currentRowChanged.connect(lambda _row: (self.note.clear(), self._show_item()))
        # Enter in a list goes on to what comes next (the reader's items, the item's first choice), and is never
        # passed on to the dialog, where it would press a button the chair is not on.
        self.readers.installEventFilter(self)
        self.items.installEventFilter(self)
        self.release_button.clicked.connect(lambda: self.ask(released=True))
        self.keep_button.clicked.connect(lambda: self.ask(released=False))
        self.go_button.clicked.connect(self.go_to_current)
        self.undo_button.clicked.connect(self.undo_last_choice)
        self.produce_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)

        self.refresh()
        first = next((i for i, v in enumerate(self.versions) if v.undecided), 0)
        self.readers.setCurrentRow(first)
        self.readers.setFocus()
        self._fit_the_screen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in (self.readers, self.items)
        ):
            if watched is self.readers:
                (self.items if self.items.isVisible() and self.items.count() else self.readers).setFocus()
            else:
                self._to_first_action()
            return True
        return super().eventFilter(watched, event)

    # -- what it shows -------------------------------------------------------------------------------------

    def _fit_the_screen(self) -> None:
        """As large as the work needs, never larger than the laptop's screen (1366×768 and up)."""
        screen = (self.parentWidget() or self).screen()
        available = screen.availableGeometry()
        self.resize(min(1180, available.width() - 40), min(680, available.height() - 60))

    def refresh(self) -> None:
        """Read again, from the meeting, what each reader is not given (after every choice)."""
        conference = self.controller.conference
        documents: dict[str, list[str]] = {}
        for planned in planned_documents(conference):
            documents.setdefault(planned.reader.key, []).append(planned.title)
        self.versions = [audience.version_for(conference, reader) for reader in output_readers(conference)]
        row = max(self.readers.currentRow(), 0)
        self.readers.blockSignals(True)
        self.readers.clear()
        for version in self.versions:
            listed = documents.get(version.reader.key, [])
            # One line per kind: the professionals' letters are one each ("Decision letter (8)").
            titles = [t if listed.count(t) == 1 else f"{t} ({listed.count(t)})" for t in dict.fromkeys(listed)]
            held, undecided = len(version.held_back), len(version.undecided)
            if undecided:
                count = f"{held} held back, {undecided} {TO_DECIDE.lower()}"
            else:
                count = f"{held} held back" if held else "nothing held back"
            item = QListWidgetItem(f"{self._title(version.reader)}\n{', '.join(titles)}\n{count}")
            if undecided:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.readers.addItem(item)
        self.readers.setCurrentRow(min(row, self.readers.count() - 1))
        self.readers.blockSignals(False)
        self._show_banner()
        self._show_reader()

    @property
    def undecided(self) -> list[HeldBack]:
        return [held for version in self.versions for held in version.undecided]

    def _show_banner(self) -> None:
        by_piece: dict[str, list[HeldBack]] = {}
        for held in self.undecided:
            by_piece.setdefault(held.piece.ref, []).append(held)
        if not by_piece:
            self.banner.setText(
                "Nothing is waiting for your decision. Below, reader by reader, is what each is not given and why; "
                "release an item with a reason if they should have it."
            )
            self.banner.setStyleSheet("QLabel { padding: 4px 8px; }")
        else:
            lines = [
                f"• {held[0].piece.section}: “{excerpt(held[0].piece.text, 70)}” — held back from "
                f"{join_names([self._title(h.reader, True) for h in held])}"
                for held in by_piece.values()
            ]
            more = len(lines) - BANNER_LINES
            if more > 0:
                lines = [*lines[:BANNER_LINES], f"• …and {more} more (marked {TO_DECIDE} in the lists)"]
            thing = "thing" if len(by_piece) == 1 else "things"
            self.banner.setText(
                f"<b>{TO_DECIDE} first: {len(by_piece)} {thing} a parent must know to keep to the plan "
                f"{'is' if len(by_piece) == 1 else 'are'} held back.</b> Release each to them, or keep it back "
                "with a reason; one that gives away where someone lives needs its words changed.<br>"
                + "<br>".join(_html(line) for line in lines)
            )
            self.banner.setStyleSheet(
                "QLabel { background: #fff1c2; color: #4a3b00; border: 1px solid #d9b400; padding: 4px 8px; }"
            )
        undecided = len(by_piece)
        waiting = [reader_name(self.controller.conference, v.reader) for v in self.versions if v.undecided]
        ready = len(waiting) < len(self.versions)
        # What may go now goes (the letters are due within a day); what waits for a decision is named.
        self.produce_button.setEnabled(not undecided or ready)
        self.produce_button.setText("&Produce what can go now" if undecided else "&Produce the documents")
        self.undo_button.setEnabled(bool(self.choices) and self.controller.meeting.can_undo)
        if undecided and ready:
            self.why_off.setText(
                f"{undecided} {'item needs' if undecided == 1 else 'items need'} your decision (marked "
                f"{TO_DECIDE}). Until then the documents for {join_names(waiting)} are not made; the others can "
                "be made now."
            )
        elif undecided:
            self.why_off.setText(
                f"Produce the documents is off: {undecided} {'item needs' if undecided == 1 else 'items need'} "
                f"your decision first (marked {TO_DECIDE})."
            )
        else:
            self.why_off.setText(
                "Produce the documents writes them now. Cancel writes nothing (what you released or kept back "
                "here stays decided; Undo takes it back)."
            )

    def current_version(self) -> Version | None:
        row = self.readers.currentRow()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def held_in_list(self) -> list[HeldBack]:
        """The current reader's held-back items as listed: what needs a decision first."""
        version = self.current_version()
        if version is None:
            return []
        return sorted(version.held_back, key=lambda h: not h.needs_decision)

    def current_item(self) -> HeldBack | None:
        listed = self.held_in_list()
        row = self.items.currentRow()
        return listed[row] if 0 <= row < len(listed) else None

    def _show_reader(self) -> None:
        version = self.current_version()
        row = self.items.currentRow()
        self.items.blockSignals(True)
        self.items.clear()
        if version is None:
            self.items.blockSignals(False)
            return
        listed = self.held_in_list()
        self.reader_title.setText(f"<b>What is held back from {_html(self._title(version.reader, True))}</b>")
        for held in listed:
            item = QListWidgetItem(_item_text(held))
            item.setToolTip(held.piece.text)
            if held.needs_decision:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.items.addItem(item)
        self.items.setVisible(bool(listed))
        self.nothing.setVisible(not listed)
        for button in (self.release_button, self.keep_button, self.go_button):
            button.setVisible(bool(listed))
        self.nothing.setText(
            f"Nothing is held back from {self._title(version.reader, True)}: they get everything typed in "
            "the parts of the conference their documents hold."
        )
        self.items.setCurrentRow(min(max(row, 0), len(listed) - 1) if listed else -1)
        self.items.blockSignals(False)
        self._show_item()

    def _show_item(self) -> None:
        held = self.current_item()
        for button in (self.release_button, self.keep_button, self.go_button):
            button.setEnabled(False)
        self.detail.setText("")
        if held is None:
            self.release_button.setText("&Release…")
            self.keep_button.setText("&Keep back…")
            return
        names = self._names(held)
        lines = [
            f"<b>{_html(held.piece.section)}</b>: “{_html(excerpt(held.piece.text, 600))}”",
            f"Held back because {_html('; '.join(held.why))}.",
        ]
        kept = self._held_back_words(held)
        if kept:
            lines.append(_html(kept) + ".")
        can_go = bool(held.address_of) and held.piece.part in STAGE_OF_PART
        if held.address_of:
            people = join_names([self._name(i) for i in held.address_of])
            lines.append(
                f"<b>This cannot be released: it would give away where {_html(people)} "
                f"{'lives' if len(held.address_of) == 1 else 'live'}. Change its words"
                + (": “Go to it” closes this review and takes you there.</b>" if can_go else ".</b>")
            )
        elif not held.releasable:
            lines.append("It cannot be released to this reader.")
        self.detail.setText("<br>".join(lines))
        self.release_button.setText(f"&Release to {names}…")
        self.keep_button.setText(f"&Keep back from {names}…")
        self.release_button.setEnabled(held.releasable)
        self.keep_button.setEnabled(held.releasable and held.piece.must_know)
        self.go_button.setEnabled(can_go)

    def _to_first_action(self) -> None:
        for button in (self.release_button, self.keep_button, self.go_button):
            if button.isEnabled():
                button.setFocus()
                return

    def _name(self, person_id: str) -> str:
        person = self.controller.conference.participant(person_id)
        return person.name if person is not None else person_id

    def _names(self, held: HeldBack) -> str:
        if self._targets(held) == [WHOLE_FAMILY]:
            return "the whole family"
        return join_names([self._name(i) for i in held.from_people]) or self._title(held.reader, True)

    def _title(self, reader: Reader, lower: bool = False) -> str:
        return _reader_title(reader, lower, self.controller.conference)

    def _held_back_words(self, held: HeldBack) -> str:
        kept = []
        for person in held.from_people:
            choices = [r for r in held.piece.marks.releases if r.to in (person, WHOLE_FAMILY)]
            if choices and not choices[-1].released:
                kept.append(f"Kept back from {self._name(person)} by the chair: {choices[-1].reason}")
        return ". ".join(kept)

    # -- the chair's choices -------------------------------------------------------------------------------

    def _targets(self, held: HeldBack) -> list[str]:
        """Who a choice is made for: everyone it is kept from. For the summary, when that is every family member,
        the whole family at once (one choice in the record, which also covers a family member added later)."""
        family = set(audience.family_ids(self.controller.conference))
        if held.reader.kind in (audience.FAMILY, audience.CHILD) and family and family <= set(held.from_people):
            return [WHOLE_FAMILY]
        return list(held.from_people)

    def ask(self, released: bool) -> None:
        """Ask for the reason, then release the current item (or keep it back)."""
        held = self.current_item()
        if held is None or not held.releasable or (not released and not held.piece.must_know):
            return
        names = self._names(held)
        if released:
            title = f"Release to {names}"
            question = (
                f"{held.piece.section}: “{excerpt(held.piece.text, 200)}”\n\nIt will be in the documents "
                f"{names} {'reads' if len(held.from_people) == 1 else 'read'}. Why may they have it? "
                "The reason goes in the record."
            )
        else:
            title = f"Keep back from {names}"
            question = (
                f"{held.piece.section}: “{excerpt(held.piece.text, 200)}”\n\nThis is part of what a parent must "
                f"know to keep to the plan. Why is it kept back from {names}? The reason goes in the record."
            )
        self.prompt = ReasonPrompt(self, title, question, lambda reason: self._choose(held, released, reason))
        came_from = QApplication.focusWidget()
        self.prompt.accepted.connect(lambda: self._chosen(held, released))
        self.prompt.rejected.connect(lambda: self._back(came_from))
        self.prompt.open()

    def _choose(self, held: HeldBack, released: bool, reason: str) -> None:
        meeting = self.controller.meeting
        done = 0
        try:
            for person in self._targets(held):
                meeting.release(held.piece.ref, person, released, reason)
                done += 1
        except InvalidConference:
            for _ in range(done):  # all of it or none of it
                meeting.undo()
            raise
        self.choices.append(done)

    def _chosen(self, held: HeldBack, released: bool) -> None:
        names = self._names(held)
        what = f"{held.piece.section} (“{_excerpt(held.piece.text)}”)"
        if released:
            self.note.setText(
                f"{what}: released to {names}. It goes in their documents, and your reason in the record."
            )
        else:
            self.note.setText(f"{what}: kept back from {names}, with your reason in the record.")
        self.refresh()
        self._back(self.items if self.items.count() else self.readers)

    def _back(self, widget: QWidget | None) -> None:
        """The keyboard back in the review after the prompt closed, where the chair was (or where they go on)."""
        self.activateWindow()
        if widget is not None and self.isAncestorOf(widget) and widget.isEnabled() and widget.isVisible():
            widget.setFocus()
        else:
            self.readers.setFocus()

    def undo_last_choice(self) -> None:
        if not self.choices:
            return
        for _ in range(self.choices.pop()):
            if self.controller.meeting.can_undo:
                self.controller.meeting.undo()
        self.note.setText("Your last choice was undone.")
        self.refresh()

    def go_to_current(self) -> None:
        """Close the review (nothing is made) so the chair can change the words of the current item."""
        held = self.current_item()
        if held is None or not held.address_of:
            return
        self.reject()
        self.go_to_item.emit(held.piece.ref)


def _reader_title(reader: Reader, lower: bool = False, conference: Conference | None = None) -> str:
    if reader.kind == audience.CHILD and conference is not None:
        return reader_name(conference, reader)  # a child by their name, not their id
    if reader.kind == audience.FAMILY:
        title = capitalise(reader.name)  # "The whole family (the summary)", or the family but those sent their own
    elif reader.kind == audience.RECORD:
        title = "The professionals (the full record)"
    else:
        return reader.name
    return title[0].lower() + title[1:] if lower else title


def _item_text(held: HeldBack) -> str:
    first = f"{TO_DECIDE}: " if held.needs_decision else ""
    why = "; ".join(held.why)
    last = ""
    if held.not_theirs:
        # Not the chair's doing: the reader is not connected to that child (contact_with), so it is not theirs.
        last = (
            "\nNot the chair's choice: they are not connected to that child, so it is not in their documents "
            "(nothing for you to decide)."
        )
    elif held.address_of:
        last = "\nCannot be released: change its words."
    elif held.piece.must_know and not held.needs_decision:
        last = "\nKept back by the chair, with a reason."
    return f"{first}{held.piece.section}\n“{excerpt(held.piece.text)}”\nHeld back: {why}.{last}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stage_of(ref: str) -> str | None:
    """The console's stage where the item at ``ref`` is typed (None when it is typed elsewhere)."""
    part = ref.split("[", 1)[0]
    return STAGE_OF_PART.get(part)


def _excerpt(text: str, length: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
