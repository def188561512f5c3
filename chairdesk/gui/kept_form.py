"""What is typed in a form with a Save (or Add) button, kept until it is saved: nothing typed is ever lost.

A form (a child's details, an exclusion request, a parent's written views, the new-conference form...) gets a
:class:`KeptForm`: its fields, by name, and how to save it. As the chair types, the fields are kept as a draft
(plain JSON, under ``@form.<form>.<row>``: per form and per row being edited) through the writer, like the
console's entry boxes (gui.kept_text); the draft goes once the form is saved or the chair discards it. Moving
away from a form with unsaved changes (another row, New, closing the window, opening another conference) goes
through :meth:`KeptForm.leave`: the form is saved when it is valid, otherwise the chair is asked to keep editing
or discard it, never silently dropped. A window opened again, or ChairDesk after a crash, puts a draft back
(:meth:`KeptForm.take_back`) and says so.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from chairdesk import at_rest, paths
from chairdesk.errors import ChairDeskError
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.widgets import SETTLE_MS
from chairdesk.storage import open_store

FORM_DRAFT = "@form."  # the start of every form's key among the drafts
NEW_ROW = "new"  # the row of a form filled in for a new one

# A field of a form: how to read its value (plain JSON) and put one back.
Field = tuple[Callable[[], Any], Callable[[Any], None]]


def field(widget: QWidget) -> Field:
    """A box, choice or tick box as a field (a date field: its box); a choice one may type in is what is typed."""
    widget = getattr(widget, "box", widget)  # preparation_fields.DateField
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText, lambda value: widget.setPlainText(str(value))
    if isinstance(widget, QLineEdit):
        return widget.text, lambda value: widget.setText(str(value))
    if isinstance(widget, QCheckBox):
        return widget.isChecked, lambda value: widget.setChecked(bool(value))
    if isinstance(widget, QComboBox):
        combo = widget
        if combo.isEditable():
            return combo.currentText, lambda value: combo.setCurrentText(str(value))

        def put_back(value: Any) -> None:
            found = combo.findData(value)
            if found >= 0:
                combo.setCurrentIndex(found)

        return combo.currentData, put_back
    raise TypeError(f"not a field a form keeps: {type(widget).__name__}")


def _signal(widget: QWidget) -> Any:
    widget = getattr(widget, "box", widget)
    if isinstance(widget, (QPlainTextEdit, QLineEdit)):
        return widget.textChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged if widget.isEditable() else widget.currentIndexChanged
    raise TypeError(f"not a field a form keeps: {type(widget).__name__}")


def _weak(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, not keeping alive the object it is a method of."""
    if not inspect.ismethod(function):
        return function
    method = weakref.WeakMethod(function)
    return lambda *args: method()(*args)  # type: ignore[misc]


def stored_drafts(controller: MeetingController) -> dict[str, str]:
    """The forms' drafts of the controller's conference as they are on disk (what is waiting is written first)."""
    controller.writer.flush()
    with open_store(controller.db_path) as store:
        drafts = store.drafts(controller.conference.id or "")
    return {key: text for key, text in drafts.items() if key.startswith(FORM_DRAFT) and text}


def in_conference(controller: MeetingController) -> Callable[[str, str], None]:
    """Keep a form's draft beside the controller's conference (in the drafts table, through the writer)."""
    return lambda key, text: controller.writer.save_draft(controller.conference.id or "", key, text)


DRAFT_PURPOSE = "form drafts"


class KeptInFile(QObject):
    """Drafts of a form not yet of any conference (the new-conference form), kept in a file of the data folder
    (paths.write_atomically, owner-only, sealed with a key from the data key: chairdesk.at_rest) within
    ``SETTLE_MS`` of a change: call it as ``keep(key, text)``."""

    def __init__(self, owner: QObject, path: Path | None = None) -> None:
        super().__init__(owner)
        self.path = path or paths.data_dir() / "new-conference-draft.json"
        self.drafts = self.read()
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self.write)

    def read(self) -> dict[str, str]:
        try:
            raw = self.path.read_bytes()
            data = json.loads(at_rest.unseal(raw, DRAFT_PURPOSE) if at_rest.is_sealed(raw) else raw)  # or plain: older
        except (OSError, ValueError, ChairDeskError):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}

    def __call__(self, key: str, text: str) -> None:
        if text:
            self.drafts[key] = text
        else:
            self.drafts.pop(key, None)
        if not self._timer.isActive():
            self._timer.start()

    def write(self) -> None:
        """Write what is kept now (the file goes when nothing is)."""
        self._timer.stop()
        try:
            if self.drafts:
                paths.private_folder(self.path.parent)
                sealed = at_rest.seal(json.dumps(self.drafts).encode("utf-8"), DRAFT_PURPOSE)  # names in it
                paths.write_atomically(self.path, sealed)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
        except (OSError, ChairDeskError) as error:  # the form still holds the typing; the next change tries again
            logging.getLogger("chairdesk").warning("a form's draft could not be kept: %s", type(error).__name__)


class KeptForm(QObject):
    """One form's typing, kept as it is typed until it is saved; see the module's description.

    ``name``: the form's name among the drafts; ``what``: the form in words ("The child's details");
    ``fields``: its widgets or (read, put back) pairs, by name; ``keep(key, text)``: keeps a draft ("" forgets
    it); ``save()``: saves the form, True when it was saved (it says itself why not, beside the form);
    ``problem()``: why the last save was refused, in words, for the question when leaving."""

    def __init__(
        self,
        owner: QWidget,
        name: str,
        what: str,
        fields: dict[str, QWidget | Field],
        keep: Callable[[str, str], None],
        save: Callable[[], bool],
        problem: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(owner)
        self.name, self.what, self.keep = name, what, keep
        self.save, self.problem = _weak(save), _weak(problem)  # the form does not keep its window alive
        self.fields: dict[str, Field] = {}
        for key, given in fields.items():
            self.fields[key] = given if isinstance(given, tuple) else field(given)
            if not isinstance(given, tuple):
                _signal(given).connect(self.typed)
        self.row = NEW_ROW
        self._loading = False
        self._shown: dict[str, Any] = self.values()  # what the form showed when it was last loaded or saved

    @property
    def owner(self) -> QWidget:
        """The form's widget (a tab, a dialog)."""
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    def key(self, row: str | None = None) -> str:
        return f"{FORM_DRAFT}{self.name}.{self.row if row is None else row}"

    def values(self) -> dict[str, Any]:
        return {name: read() for name, (read, _put_back) in self.fields.items()}

    def dirty(self) -> bool:
        """Whether the form holds typing not saved."""
        return self.values() != self._shown

    def typed(self, *_args: object) -> None:
        """A field changed: keep the form as it now is (nothing, when it is as it was shown)."""
        if self._loading:
            return
        now = self.values()
        self.keep(self.key(), json.dumps({"row": self.row, "fields": now}) if now != self._shown else "")

    def load(self, row: str | None, show: Callable[[], None]) -> None:
        """Show a row (None: a new one) with ``show``: what it shows is what the form holds, not typing. Call it
        once :meth:`leave` allowed it (a draft of the row left stays on disk until saved or discarded)."""
        self._loading = True
        try:
            show()
        finally:
            self._loading = False
        self.row = row or NEW_ROW
        self._shown = self.values()

    def done(self) -> None:
        """The form is saved (or the row it was for is gone by the chair's choice): its draft goes."""
        self.keep(self.key(), "")
        self._shown = self.values()

    def leave(self, ask_first: bool = False, save_words: str = "&Save") -> bool:
        """Before moving away from the form: True when it may be left (nothing unsaved, saved now, or discarded
        by the chair); False to keep editing. Unsaved typing is saved when it is valid; when it is not, or at
        once when ``ask_first`` (a Cancel), the chair is asked: Save (``save_words``), Keep editing or Discard."""
        if not self.dirty():
            return True
        if not ask_first and self.save():
            return True
        while True:
            why = "" if ask_first else self.problem()
            box = QMessageBox(QMessageBox.Icon.Question, "Not saved yet", "", parent=self.owner)
            box.setText(f"{self.what}: what you typed is not saved yet{'. ' + why if why else '.'}")
            box.setInformativeText("Save it, keep editing, or discard what you typed here (it cannot be had back).")
            save = box.addButton(QMessageBox.StandardButton.Save)
            save.setText(save_words)
            box.addButton(QMessageBox.StandardButton.Cancel).setText("&Keep editing")
            box.addButton(QMessageBox.StandardButton.Discard).setText("&Discard what I typed")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.setEscapeButton(QMessageBox.StandardButton.Cancel)
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Discard:
                self.done()
                return True
            if answer != QMessageBox.StandardButton.Save:
                return False
            if self.save():
                return True
            ask_first = False  # not saved: asked again, with why

    def take_back(self, drafts: dict[str, str], show_row: Callable[[str | None], None]) -> bool:
        """Put back the form's draft found among ``drafts`` (if any): ``show_row`` shows its row (None: new, also
        when its row is gone), then the typing goes back in the fields. True when a draft came back."""
        for key, stored in drafts.items():
            if not key.startswith(f"{FORM_DRAFT}{self.name}.") or not stored:
                continue
            try:
                draft = json.loads(stored)
            except ValueError:
                continue
            if not isinstance(draft, dict) or not isinstance(draft.get("fields"), dict):
                continue
            row = draft.get("row")
            show_row(None if row in (None, NEW_ROW) else str(row))
            if key != self.key():
                self.keep(key, "")  # kept from now on under the row it is back in
            self.put_back(draft["fields"])
            return True
        return False

    def put_back(self, values: dict[str, Any]) -> None:
        """Put typing back in the fields (kept as a draft at once)."""
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.fields:
                    self.fields[name][1](value)
        finally:
            self._loading = False
        self.typed()
