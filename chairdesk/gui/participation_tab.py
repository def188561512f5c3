"""The preparation window's Participation tab: for each child, the four questions with the chair's answers, the
ways the child will take part, notes, and the child's own words or drawing attached (RULES.md §3).

A child of 12 or over comes first, marked "should be offered the chance to take part". The answers and notes are
saved as they are typed (as the console's boxes are); a way is saved when ticked; a file is copied into the
conference's attachments folder, owner-only (chairdesk.attachments). Every edit goes through the meeting, so
Ctrl+Z undoes it and the writer saves it. Keyboard first: Alt+letters, Tab, Delete removes an attachment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chairdesk import attachments
from chairdesk.before_the_day import BeforeTheDay, should_be_offered
from chairdesk.changes import EVERYTHING, Change, Part
from chairdesk.errors import InvalidConference
from chairdesk.gui.background import Background, Failure
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.opening import keep_a_copy, open_attachment
from chairdesk.gui.page_tools import on_keys
from chairdesk.gui.text_guard import TextBox
from chairdesk.gui.widgets import show_saved_text, when_text_settles
from chairdesk.model import PARTICIPATION_QUESTIONS, PARTICIPATION_WAYS, Attachment, Child, Participation
from chairdesk.timescales import long_date
from chairdesk.words import capitalise

OFFER = "should be offered the chance to take part"


class ChildSection(QWidget):
    """One child's participation."""

    def __init__(self, controller: MeetingController, child: Child, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.child_id = child.id
        self.commands = BeforeTheDay(controller.meeting)
        self.work = Background(self)  # opening an attachment (its copy unsealed) off the GUI thread
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        age = child.age_on(controller.conference.date)
        heading = f"<b>{child.name}</b>" + (f", {age} on the day" if age is not None else "")
        if should_be_offered(controller.conference, child):
            heading += f": {OFFER}"
        self.heading = QLabel(heading, wordWrap=True)
        layout.addWidget(self.heading)

        questions = QFormLayout()
        questions.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.answers: dict[str, TextBox] = {}
        self._settle = {}
        for key, question in PARTICIPATION_QUESTIONS.items():
            box = TextBox(accessibleName=question, tabChangesFocus=True)
            box.setMaximumHeight(42)
            self.answers[key] = box
            label = QLabel(question, wordWrap=True)
            label.setBuddy(box)
            questions.addRow(label, box)
            self._settle[key] = when_text_settles(
                box, lambda text, key=key: self._save(key, text), controller.meeting, f"participation.{child.id}.{key}"
            )
        layout.addLayout(questions)

        ways = QGroupBox("The &ways they will take part")
        grid = QGridLayout(ways)
        grid.setVerticalSpacing(2)
        self.ways: dict[str, QCheckBox] = {}
        for place, (key, words) in enumerate(PARTICIPATION_WAYS.items()):
            box = QCheckBox(capitalise(words))
            box.setAccessibleName(words)
            box.clicked.connect(lambda _checked, key=key: self._save_ways(key))
            grid.addWidget(box, place // 4, place % 4)
            self.ways[key] = box
        layout.addWidget(ways)

        notes_row = QFormLayout()
        self.notes = TextBox(accessibleName=f"Notes on {child.name}'s participation", tabChangesFocus=True)
        self.notes.setMaximumHeight(44)
        notes_label = QLabel("&Notes")
        notes_label.setBuddy(self.notes)
        notes_row.addRow(notes_label, self.notes)
        layout.addLayout(notes_row)
        self._settle["notes"] = when_text_settles(
            self.notes, lambda text: self._save("notes", text), controller.meeting, f"participation.{child.id}.notes"
        )

        own = QGroupBox(f"{child.name}'s own words or drawing")
        own_layout = QVBoxLayout(own)
        attach_row = QHBoxLayout()
        self.title = QLineEdit(accessibleName="Title of the file to attach")
        self.title.setPlaceholderText("Title, e.g. “Mia's three houses” (the file's name if left empty)")
        self.attach_button = QPushButton("&Attach the child's own words or drawing…")
        self.attach_button.setToolTip(f"A PDF, a picture or an audio clip: {attachments.accepted_kinds()}")
        self.attach_button.clicked.connect(lambda: self.attach())
        attach_row.addWidget(self.title, 1)
        attach_row.addWidget(self.attach_button)
        own_layout.addLayout(attach_row)
        self.attached = QListWidget()
        self.attached.setAccessibleName(f"What {child.name} sent, attached")
        self.attached.setMaximumHeight(60)
        self.attached.itemActivated.connect(lambda _item: self.open_selected())
        on_keys(self.attached, [(QKeySequence.StandardKey.Delete, self.remove_selected)])
        own_layout.addWidget(self.attached)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("Re&move")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        self.doing = QLabel()  # "Keeping a copy of …" while a file is being copied, beside the buttons it holds
        buttons.addWidget(self.doing)
        self.work.busy_changed.connect(self.doing.setText)
        buttons.addStretch(1)
        self.recorded = QLabel()
        buttons.addWidget(self.recorded)
        own_layout.addLayout(buttons)
        layout.addWidget(own)

        self.problem = QLabel(wordWrap=True)
        self.problem.setProperty("class", "problem")
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        controller.changed.connect(self.refresh)
        self.refresh(EVERYTHING)

    def child(self) -> Child:
        child = self.controller.conference.child(self.child_id)
        assert child is not None
        return child

    def participation(self) -> Participation:
        return self.child().participation or Participation()

    def refresh(self, change: Change = EVERYTHING) -> None:
        if not change.touches(Part.PREPARATION):
            return
        held = self.participation()
        for key, box in self.answers.items():
            show_saved_text(box, getattr(held, key), self._settle[key], change.undo_or_redo)
        show_saved_text(self.notes, held.notes, self._settle["notes"], change.undo_or_redo)
        for key, box in self.ways.items():
            box.setChecked(key in held.ways)
        row = self.attached.currentRow()
        self.attached.clear()
        for attachment in held.own_words:
            added = f", added {attachment.added_at:%d %b %Y}" if attachment.added_at else ""
            item = QListWidgetItem(
                f"{attachment.title or attachment.original_name} ({attachments.kind_words(attachment)}{added})"
            )
            item.setToolTip(attachment.original_name)
            self.attached.addItem(item)
        if self.attached.count():
            self.attached.setCurrentRow(min(max(row, 0), self.attached.count() - 1))
        self.work.allow(self.open_button, bool(held.own_words))  # and off while one is being opened
        self.remove_button.setEnabled(bool(held.own_words))
        self.recorded.setText(f"Recorded on {long_date(held.recorded_on)}" if held.recorded_on else "Not recorded yet")

    def _say(self, sentence: str) -> None:
        self.problem.setText(sentence)

    def _save(self, key: str, text: str) -> None:
        if getattr(self.participation(), key) == (text if text.strip() else ""):
            return
        try:
            self.commands.set_participation(self.child_id, **{key: text})
        except InvalidConference as error:
            self._say(capitalise(str(error)))
            return
        self._say("")

    def _save_ways(self, key: str) -> None:
        chosen = [k for k, box in self.ways.items() if box.isChecked()]
        try:
            self.commands.set_participation(self.child_id, ways=chosen)
        except InvalidConference as error:
            self.ways[key].setChecked(not self.ways[key].isChecked())  # as it was: nothing changed
            self._say(capitalise(str(error)))
            return
        self._say("")

    def choose_file(self) -> str:
        """Ask the chair for the file (a file dialog); "" when they cancel."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            f"Attach {self.child().name}'s own words or drawing",
            str(Path.home()),
            attachments.file_dialog_filter(),
        )
        return chosen

    def attach(self, path: str | None = None) -> bool:
        """Copy a file (chosen in a file dialog when not given) into the conference and list it. The copy is made
        off the GUI thread (a drawing or a recording on a slow share), the Attach button off meanwhile; the file is
        listed when it is all there. False when nothing was started."""
        chosen = path if path is not None else self.choose_file()
        if not chosen:
            return False
        title = self.title.text().strip() or Path(chosen).stem
        try:
            to_keep = self.commands.own_words_to_keep(self.child_id, chosen, title)
        except InvalidConference as error:
            self._say(capitalise(str(error)))
            return False

        def copied(result: object) -> None:
            if isinstance(result, Failure):
                self._say(capitalise(result.sentence))
                return
            assert isinstance(result, Attachment)
            try:
                self.commands.keep_own_words(self.child_id, result)
            except InvalidConference as error:
                self._say(capitalise(str(error)))
                return
            if self.title.text().strip() == title:  # not a title the chair has typed since, for the next file
                self.title.clear()
            self.attached.setCurrentRow(self.attached.count() - 1)
            self._say("")

        self._say("")
        return keep_a_copy(
            self.work,
            "chairdesk-attach",
            to_keep,
            copied,
            (self.attach_button,),
            f"Keeping a copy of {Path(chosen).name}…",
            f"{Path(chosen).name} could not be attached because of an unexpected problem (the details are in the "
            "log). Nothing was attached; try again.",
            "Nothing was attached. Try again when the folder answers, or copy the file to this computer and attach "
            "the copy.",
        )

    def open_selected(self) -> bool:
        """Open the stored copy in the computer's own viewer or player (its plain copy made off the GUI thread);
        False when nothing was started."""
        row = self.attached.currentRow()
        held = self.participation().own_words
        if not 0 <= row < len(held):
            return False
        path = attachments.path_of(self.controller.conference.id or "", held[row])
        if not path.is_file():
            self._say(f"The copy of {held[row].original_name} is not in ChairDesk's data folder any more.")
            return False
        # The kept copy is sealed: the viewer gets a plain copy, removed when ChairDesk closes.
        conference_id = self.controller.conference.id or ""
        return open_attachment(self.work, conference_id, held[row], (self.open_button,), self._say)

    def remove_selected(self) -> None:
        row = self.attached.currentRow()
        if row < 0:
            return
        try:
            self.commands.remove_own_words(self.child_id, row)
        except InvalidConference as error:
            self._say(capitalise(str(error)))


class ParticipationTab(QWidget):
    """One section per child born: those who should be offered the chance to take part first (and marked)."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QHBoxLayout(self)
        self.children_list = QListWidget()
        self.children_list.setAccessibleName("Children")
        self.children_list.setMaximumWidth(210)
        self.children_list.setWordWrap(True)  # "should be offered the chance to take part" under the name, whole
        self.stack = QStackedWidget()
        self.sections: dict[str, ChildSection] = {}
        conference = controller.conference
        born = [c for c in conference.children if not c.unborn]
        ordered = sorted(born, key=lambda c: not should_be_offered(conference, c))
        for child in ordered:
            offered = should_be_offered(conference, child)
            item = QListWidgetItem(f"{child.name}\n{OFFER}" if offered else child.name)
            item.setData(Qt.ItemDataRole.UserRole, child.id)
            if offered:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.children_list.addItem(item)
            section = self.sections[child.id] = ChildSection(controller, child)
            self.stack.addWidget(section)
        self.children_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        left = QVBoxLayout()
        label = QLabel("C&hild")
        label.setBuddy(self.children_list)
        left.addWidget(label)
        left.addWidget(self.children_list, 1)
        unborn = [c.name for c in conference.children if c.unborn]
        if unborn:
            left.addWidget(QLabel(f"Not born yet: {', '.join(unborn)}", wordWrap=True))
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        if self.children_list.count():
            self.children_list.setCurrentRow(0)

    def show_child(self, child_id: str) -> ChildSection:
        """Go to a child's section (as choosing them in the list does)."""
        ids = [self.children_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.children_list.count())]
        self.children_list.setCurrentRow(ids.index(child_id))
        return self.sections[child_id]
