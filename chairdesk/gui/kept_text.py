"""What the chair is typing in an entry box, kept as it is typed.

Each keystroke goes to the meeting (``Meeting.typing``), which keeps, per box, who in the family was out of the
room while what is in it was typed: the one place that rule lives. Each keystroke is also saved (in the drafts
table, through the writer) with whether it is confidential and the meeting's marks for the box, so that after a
crash or a close the text comes back with the same marks, and a sentence begun while a parent was out stays
hidden from them when it is finished after they come back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from chairdesk.changes import Change
from chairdesk.gui.controller import MeetingController
from chairdesk.meeting import ACTION_BOX, DISSENT_BOX, OUTCOME_BOX, decision_box

# Drafts kept by earlier versions under names of their own, by the meeting's name for the box (see box_of_draft).
_OLD_KEYS = {"decision.dissent": DISSENT_BOX, "plan.action": ACTION_BOX, "plan.outcome": OUTCOME_BOX}
_OLD_DECISION_REASON = "decision.reason."


def box_of_draft(key: str) -> str:
    """The box a draft stored under ``key`` belongs to: its key is the meeting's name for the box, except for
    drafts kept by an earlier version under a name of its own ("decision.reason.<child>", "decision.dissent",
    "plan.action", "plan.outcome"), which come back in the box that took their place."""
    if key.startswith(_OLD_DECISION_REASON):
        return decision_box(key.removeprefix(_OLD_DECISION_REASON))
    return _OLD_KEYS.get(key, key)


def encode_draft(
    text: str,
    confidential: bool = False,
    typed_while_out: list[str] | None = None,
    context: dict[str, Any] | None = None,
) -> str:
    """A draft as stored: JSON with its marks and what it belongs to ("" when there is nothing to keep)."""
    if not text:
        return ""
    marks = {"text": text, "confidential": confidential, "typed_while_out": sorted(typed_while_out or [])}
    return json.dumps({**marks, "context": context or {}})


def decode_draft(stored: str) -> dict[str, Any]:
    """A stored draft (older drafts were plain text)."""
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return {"text": stored, "confidential": False, "typed_while_out": [], "context": {}}
    context = data.get("context")
    return {
        "text": data["text"],
        "confidential": bool(data.get("confidential")),
        "typed_while_out": [str(i) for i in data.get("typed_while_out") or []],
        "context": context if isinstance(context, dict) else {},
    }


# What a draft belongs to, read from and put back into the boxes beside it: (read, put back), by name.
Context = dict[str, tuple[Callable[[], Any], Callable[[Any], None]]]


def chosen(combo: QComboBox) -> tuple[Callable[[], Any], Callable[[Any], None]]:
    """A choice beside an entry box (who, which child) as part of its draft: the choice's value, or for a box one
    may type in (who does an action), what is typed there."""

    def read() -> Any:
        if combo.isEditable() and combo.currentText() != combo.itemText(combo.currentIndex()):
            return {"typed": combo.currentText()}
        return combo.currentData()

    def put_back(value: Any) -> None:
        if isinstance(value, dict) and "typed" in value:
            combo.setEditText(str(value["typed"]))
            return
        found = combo.findData(value)
        if found >= 0:
            combo.setCurrentIndex(found)

    return read, put_back


class KeptText(QObject):
    """Tells the meeting what is typed in one entry box, as it is typed, and keeps the text on disk with its
    marks; see the module's description. ``key``: the meeting's name for the box (a board list's name, or one of
    the ``*_BOX`` names of chairdesk.meeting), under which its draft is kept too."""

    marks_changed = Signal()  # someone left the room while text was waiting in the box

    def __init__(
        self,
        controller: MeetingController,
        editor: QLineEdit | QPlainTextEdit,
        key: str,
        confidential: QCheckBox | None = None,
        saved: Callable[[], str] | None = None,
        context: Context | None = None,
    ) -> None:
        super().__init__(editor)
        self.controller, self.editor, self.key, self.confidential = controller, editor, key, confidential
        self.saved = saved or (lambda: "")  # what the meeting already holds for the box: not typing to keep
        self.context = context or {}  # what the typing belongs to (who, which child): kept and put back with it
        self._typed_while_out: list[str] = []  # the meeting's marks for the box when the draft was last kept
        controller.kept_texts[key] = self
        editor.textChanged.connect(self._typed)
        controller.changed.connect(self._attendance_changed)
        if confidential is not None:
            confidential.toggled.connect(lambda _checked: self._typed())

    def watch(self, *signals: Any) -> None:
        """Keep the draft again when one of ``signals`` says what it belongs to has changed (a new choice of who)."""
        for signal in signals:
            signal.connect(lambda *_args: self.text() and self._typed())

    def text(self) -> str:
        return self.editor.toPlainText() if isinstance(self.editor, QPlainTextEdit) else self.editor.text()

    def typed_while_out(self) -> list[str]:
        """The family members out of the room while any of the text now in the box was typed (as the meeting
        keeps them)."""
        return self.controller.meeting.typed_while_out_in(self.key)

    def unsaved(self) -> bool:
        """Whether the box holds typing the meeting does not have yet."""
        return self.text() != self.saved() and bool(self.text().strip() or self.saved().strip())

    def _typed(self, *_args: object) -> None:
        self.controller.meeting.typing(self.key, self.text())
        self._keep()

    def _keep(self) -> None:
        """Keep the draft on disk, with the meeting's marks for the box."""
        self._typed_while_out = self.typed_while_out()
        secret = self.confidential.isChecked() if self.confidential is not None else False
        context = {name: read() for name, (read, _put_back) in self.context.items()}
        stored = encode_draft(self.text(), secret, self._typed_while_out, context) if self.unsaved() else ""
        self.controller.writer.save_draft(self.controller.conference.id or "", self.key, stored)

    def _attendance_changed(self, _change: Change) -> None:
        """Someone left the room (perhaps recorded late, from an earlier time): the meeting keeps the text still
        waiting in the box from them too; the draft on disk takes the meeting's new marks, and the board is told."""
        if self.text() and self.typed_while_out() != self._typed_while_out:
            self._keep()
            self.marks_changed.emit()

    def restore(self, stored: str, stored_under: str | None = None) -> bool:
        """Put back what was being typed when ChairDesk last closed or stopped, with its marks (the meeting is
        told who was out while it was typed). False, and the box left as it is, when there was nothing the meeting
        did not already hold. ``stored_under``: the key the draft was found under, when an earlier version kept it
        under another name (see :func:`box_of_draft`); it is kept under the box's own name from now on."""
        conference_id = self.controller.conference.id or ""
        if stored_under is not None and stored_under != self.key:
            self.controller.writer.save_draft(conference_id, stored_under, "")
        draft = decode_draft(stored)
        if draft["text"] == self.saved() or not draft["text"].strip():
            self.controller.writer.save_draft(conference_id, self.key, "")
            return False
        if self.confidential is not None:
            self.confidential.setChecked(draft["confidential"])
        for name, (_read, put_back) in self.context.items():
            if name in draft["context"]:
                put_back(draft["context"][name])  # before the text, so the text is kept with it
        text, out = draft["text"], draft["typed_while_out"]
        self.controller.meeting.typing(self.key, text, typed_while_out=out)  # before the board reads the marks
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        else:
            self.editor.setText(text)
        self.controller.meeting.typing(self.key, text, typed_while_out=out)  # should the box have emptied first
        self._keep()
        return True
