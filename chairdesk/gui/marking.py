"""Marking anything the chair typed confidential, with a reason a chair recognises, and flagging as it is typed
what would give a withheld address away.

- :class:`ConfidentialDialog` asks "Why is it confidential?" with the six reasons of
  :data:`chairdesk.model.CONFIDENTIAL_REASONS` (arrow keys or the reason's number, then Enter; Escape leaves it as
  it was), takes the chair's words (needed for "another reason") and marks the thing through
  :meth:`chairdesk.meeting.Meeting.mark_confidential`, one undo step; "Not confidential" takes the mark off. A
  refusal from the meeting is shown in the dialog, in its words.
- :func:`attach_marking` gives a list or table "Confidential…" in its right-click menu and on Ctrl+H, for the
  chosen row; :class:`MarkButton` does the same for a box (the contingency plan, a reason), beside it.
- :class:`TypingFlags` sits under a box the chair types in and says at once, in a plain sentence, when the words
  would give a withheld address away (they are then kept off the board and out of everyone else's copies: the
  one rule in :mod:`chairdesk.audience` decides that, not this), or name the town of one with a school, a GP or
  a refuge (a warning: it may still go).
- :func:`marked` and :func:`mark_notes` give the words a list shows beside each thing that is held back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk import audience
from chairdesk.addresses import refuge_hint
from chairdesk.audience import gives_away_words  # the core's words (the list editors' presenter says them too)
from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.page_tools import tell
from chairdesk.gui.widgets import save_pending_text
from chairdesk.model import CONFIDENTIAL_REASONS, Conference, Marks, Participant
from chairdesk.words import capitalise, join_names

CONFIDENTIAL_ACTION = "Confidential…"
CONFIDENTIAL_KEY = "Ctrl+H"
MARKED_BRUSH = QBrush(QColor("#efe3f7"))  # a row the console shows marked: confidential, or giving an address away


def reason_choices() -> list[tuple[str, str]]:
    """The six reasons as the chair picks them: ``("2  A criminal investigation", "criminal-investigation")``.
    The number is the key that picks it in a list or a choice box."""
    return [(f"{n}  {capitalise(words)}", key) for n, (key, words) in enumerate(CONFIDENTIAL_REASONS.items(), 1)]


def mark_words(marks: Marks) -> str:
    """``Confidential: a criminal investigation`` (``Confidential: no reason given yet``), or "" when it is not."""
    return f"Confidential: {audience.confidential_words(marks)}" if marks.confidential else ""


def _withheld(conference: Conference) -> list[Participant]:
    return [p for p in conference.participants if p.address_withheld and p.address.strip()]


def _first_name(person: Participant) -> str:
    return person.name.split()[0] if person.name.split() else person.name


def mark_notes(conference: Conference, marks: Marks, text: str) -> list[str]:
    """What the console shows beside a typed thing: its confidential mark with the reason, and whether its words
    give a withheld address away."""
    return [note for note in (mark_words(marks), gives_away_words(conference, text)) if note]


def marked(conference: Conference, marks: Marks, text: str, shown: str | None = None) -> str:
    """``shown`` (``text`` when None) with its marks before it: ``[Confidential: legal advice]  The words``."""
    notes = mark_notes(conference, marks, text)
    shown = text if shown is None else shown
    return f"[{' · '.join(notes)}]  {shown}" if notes else shown


def address_sentence(conference: Conference, text: str) -> str:
    """The plain sentence under a box whose words would give a withheld address away, or ""."""
    people = audience.gives_away(conference, text) if text.strip() else []
    if not people:
        return ""
    lives = "lives" if len(people) == 1 else "live"
    return (
        f"This gives away where {join_names(p.name for p in people)} {lives}: it will be kept off the board and "
        "out of everyone else's copies. Change the words to keep it in."
    )


_TOWN_HINT = re.compile(r"names the town \((?P<town>.+)\) with (?P<place>.+)")


def refuge_sentence(conference: Conference, text: str) -> str:
    """A gentler warning under a box whose words name the town of a withheld address with a school, a GP, a
    refuge...: ``This names Northampton with a school: could it tell someone where Kerry lives?``; or ""."""
    if not text.strip():
        return ""
    giving_away = {p.id for p in audience.gives_away(conference, text)}
    sentences = []
    for person in _withheld(conference):
        if person.id in giving_away:
            continue  # the stronger flag already says so
        hint = refuge_hint(text, person.address)
        if hint:
            found = _TOWN_HINT.fullmatch(hint)
            said = f"names {found['town']} with {found['place']}" if found else hint
            sentences.append(f"This {said}: could it tell someone where {_first_name(person)} lives?")
    return " ".join(sentences)


class TypingFlags(QWidget):
    """Under a box the chair types in: a sentence, as each key is typed, when the words would give a withheld
    address away (``address``) or could lead someone to it (``refuge``). Hidden while there is nothing to say."""

    def __init__(self, controller: MeetingController, box: QPlainTextEdit | QLineEdit) -> None:
        super().__init__()
        self.controller, self.box = controller, box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.address = QLabel(objectName="addressFlag", wordWrap=True)
        self.refuge = QLabel(objectName="refugeFlag", wordWrap=True)
        for label in (self.address, self.refuge):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName("Warning about a withheld address")
            label.hide()
            layout.addWidget(label)
        box.textChanged.connect(self.check)
        self.hide()

    def text(self) -> str:
        """What the flags say now ("" when nothing)."""
        return " ".join(label.text() for label in (self.address, self.refuge) if label.text())

    def check(self, *_args: object) -> None:
        box = self.box
        text = box.toPlainText() if isinstance(box, QPlainTextEdit) else box.text()
        conference = self.controller.conference
        for label, sentence in (
            (self.address, address_sentence(conference, text)),
            (self.refuge, refuge_sentence(conference, text)),
        ):
            if label.text() != sentence:
                label.setText(sentence)
            label.setVisible(bool(sentence))
        self.setVisible(bool(self.address.text() or self.refuge.text()))


class ReasonList(QListWidget):
    """The six reasons. With none chosen yet, the first Down chooses the first reason (and Up the last), rather
    than the second one Qt would move to from the row it marks as current without choosing it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        number = _number(event, self.count())
        if number is not None:  # the reason's number chooses it, whatever was typed just before
            self.setCurrentRow(number - 1)
            event.accept()
            return
        if not self.selectedItems() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.count():
            self.setCurrentRow(0 if event.key() == Qt.Key.Key_Down else self.count() - 1)
            event.accept()
            return
        super().keyPressEvent(event)


def _number(event: QKeyEvent, count: int) -> int | None:
    """The digit pressed with no Ctrl or Alt, when it numbers a choice (1 to ``count``)."""
    held = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
    text = event.text()
    if held == Qt.KeyboardModifier.NoModifier and len(text) == 1 and text.isdigit() and 1 <= int(text) <= count:
        return int(text)
    return None


class ReasonChoice(QComboBox):
    """Why what is being typed is confidential, beside the entry box: "Why? (choose later)" first, then the six
    reasons, each chosen by its number at one key (Qt's own search would join two digits typed close together)."""

    def __init__(self) -> None:
        super().__init__()
        self.addItem("Why? (choose later)", None)
        for text, key in reason_choices():
            self.addItem(text, key)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        number = _number(event, self.count() - 1)
        if number is not None:
            self.setCurrentIndex(number)
            self.activated.emit(number)
            event.accept()
            return
        super().keyPressEvent(event)


class ConfidentialDialog(QDialog):
    """Why the typed thing at ``ref`` is confidential (see the module's description). ``preset``: a reason to
    start from (the chair chose "another reason" as they typed it, so only the words are left to give)."""

    def __init__(
        self, controller: MeetingController, ref: str, parent: QWidget | None = None, preset: str | None = None
    ) -> None:
        super().__init__(parent)
        self.controller, self.ref = controller, ref
        piece = audience.piece_at(controller.conference, ref)
        marks = piece.marks
        self.setObjectName("confidentialDialog")
        self.setWindowTitle("Confidential")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        flat = " ".join(piece.text.split())
        excerpt = flat if len(flat) <= 140 else flat[:139] + "…"
        what = QLabel(f"<b>{html.escape(piece.section)}</b>: “{html.escape(excerpt)}”", wordWrap=True)
        what.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(what)
        self.now = QLabel(mark_words(marks) or "Not confidential now.")
        if marks.confidential:
            self.now.setObjectName("confidentialMark")
        layout.addWidget(self.now)
        question = QLabel("&Why is it confidential?")
        layout.addWidget(question)
        self.reasons = ReasonList()
        self.reasons.setAccessibleName("Why is it confidential?")
        self.reasons.setToolTip("The arrow keys or the reason's number choose; Enter marks it; Escape leaves it")
        for text, key in reason_choices():
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.reasons.addItem(item)
        self.reasons.setMinimumWidth(self.reasons.sizeHintForColumn(0) + 24)
        self.reasons.setFixedHeight(self.reasons.sizeHintForRow(0) * self.reasons.count() + 8)
        question.setBuddy(self.reasons)
        layout.addWidget(self.reasons)
        words_label = QLabel("In your w&ords (needed for another reason, otherwise if you wish):")
        self.words = QLineEdit(marks.confidential_words if marks.confidential else "")
        self.words.setAccessibleName("Why it is confidential, in your words")
        words_label.setBuddy(self.words)
        layout.addWidget(words_label)
        layout.addWidget(self.words)
        self.refusal = QLabel(objectName="markingRefusal", wordWrap=True)
        self.refusal.setStyleSheet("color: #6b1410; font-weight: bold;")
        self.refusal.hide()
        layout.addWidget(self.refusal)

        buttons = QDialogButtonBox()
        self.mark_button = buttons.addButton("&Mark confidential", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unmark_button = buttons.addButton("&Not confidential", QDialogButtonBox.ButtonRole.ActionRole)
        self.unmark_button.setEnabled(marks.confidential)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Leave it as it was (Escape)")
        self.mark_button.setDefault(True)
        self.mark_button.setAutoDefault(True)
        self.unmark_button.setAutoDefault(False)
        layout.addWidget(buttons)
        self.mark_button.clicked.connect(self.mark)
        self.unmark_button.clicked.connect(self.unmark)
        cancel.clicked.connect(self.reject)
        self.reasons.itemDoubleClicked.connect(lambda _item: self.mark())

        start = preset or (marks.confidential_reason if marks.confidential else None)
        keys = list(CONFIDENTIAL_REASONS)
        if start in keys:
            self.reasons.setCurrentRow(keys.index(start))
        else:
            self.reasons.setCurrentRow(-1)  # nothing chosen for the chair: Enter without a choice says so
        (self.words if preset == "other" else self.reasons).setFocus()

    def reason(self) -> str | None:
        item = self.reasons.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def _refuse(self, sentence: str) -> None:
        self.refusal.setText(sentence)
        self.refusal.show()

    def mark(self) -> None:
        reason = self.reason()
        if reason is None:
            self._refuse("Choose why it is confidential (the arrow keys or the reason's number), then press Enter.")
            self.reasons.setFocus()
            return
        try:
            self.controller.meeting.mark_confidential(self.ref, True, reason, self.words.text())
        except InvalidConference as error:
            self._refuse(str(error))
            (self.words if reason == "other" else self.reasons).setFocus()
            return
        self.accept()

    def unmark(self) -> None:
        try:
            self.controller.meeting.mark_confidential(self.ref, False)
        except InvalidConference as error:
            self._refuse(str(error))
            return
        self.accept()


def ask_confidential(
    widget: QWidget, controller: MeetingController, ref: str | None, missing: str, preset: str | None = None
) -> ConfidentialDialog | None:
    """Open the dialog for the typed thing at ``ref`` (in front of ``widget``'s window, not waiting for it), or
    tell the chair ``missing`` when there is nothing there to mark yet."""
    if ref is None:
        tell(widget, missing)
        return None
    try:
        audience.piece_at(controller.conference, ref)
    except KeyError:
        tell(widget, missing)
        return None
    dialog = ConfidentialDialog(controller, ref, widget.window(), preset)
    dialog.finished.connect(lambda _result: _back_in(widget))
    dialog.open()
    dialog.activateWindow()  # the keys go to it at once, even as the window it came from is still being activated
    return dialog


def _back_in(widget: QWidget) -> None:
    """The dialog closed: the keys go back to the console, where the chair was."""
    widget.window().activateWindow()
    widget.setFocus()


def attach_marking(
    view: QAbstractItemView,
    controller: MeetingController,
    ref_of: Callable[[QModelIndex], str | None],
    missing: str = "Choose what to mark first.",
) -> QAction:
    """Gives the chosen row of ``view`` "Confidential…": in its right-click menu, and on Ctrl+H while the view has
    the focus. ``ref_of`` gives the typed thing a row (a cell, in a grid) is, as :func:`audience.pieces` names it,
    or None when it holds nothing typed yet (then ``missing`` is told)."""
    action = QAction(CONFIDENTIAL_ACTION, view)
    action.setShortcut(CONFIDENTIAL_KEY)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setToolTip("Mark the chosen entry confidential, with the reason, or not (Ctrl+H)")

    def ask() -> None:
        index = view.currentIndex()
        ref = ref_of(index) if index.isValid() else None
        dialog = ask_confidential(view, controller, ref, missing)
        if dialog is not None:
            row, column = index.row(), index.column()
            dialog.finished.connect(lambda _result: _back_to(view, row, column))

    action.triggered.connect(ask)
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def _back_to(view: QAbstractItemView, row: int, column: int) -> None:
    """The chair is back where they were: the same row chosen (the list was redrawn with its mark)."""
    model = view.model()
    if model is not None and row < model.rowCount():
        view.setCurrentIndex(model.index(row, column))


class MarkButton(QWidget):
    """A "Confidential…" button beside a box saved as it is typed (the contingency plan, a reason), with the mark
    it has now. What is waiting to be saved is saved first, so the words marked are the words in the box."""

    def __init__(
        self,
        controller: MeetingController,
        ref: Callable[[], str | None],
        what: str,
        missing: str,
        compact: bool = False,
    ) -> None:
        """``compact``: the mark under the button, in one word (the reason in its tooltip), for a narrow place."""
        super().__init__()
        self.controller, self.ref, self.missing, self.compact = controller, ref, missing, compact
        row = QVBoxLayout(self) if compact else QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.button = QPushButton(CONFIDENTIAL_ACTION)
        self.button.setAccessibleName(f"{what}: confidential")
        self.button.setToolTip(f"Mark {what.lower()} confidential, with the reason, or not")
        self.mark = QLabel(objectName="confidentialMark", wordWrap=True)
        self.mark.setMaximumWidth(240)
        row.addWidget(self.button)
        row.addWidget(self.mark, 1)
        if compact:
            row.addStretch(1)
        self.button.clicked.connect(self.ask)
        controller.changed.connect(lambda _change: self.refresh())
        self.refresh()

    def marks(self) -> Marks | None:
        ref = self.ref()
        if ref is None:
            return None
        try:
            return audience.marks_at(self.controller.conference, ref)
        except KeyError:
            return None

    def refresh(self) -> None:
        marks = self.marks()
        words = mark_words(marks) if marks is not None else ""
        self.mark.setText("Confidential" if self.compact and words else words)
        self.mark.setToolTip(words)

    def ask(self) -> ConfidentialDialog | None:
        save_pending_text(self.window())
        return ask_confidential(self.button, self.controller, self.ref(), self.missing)
