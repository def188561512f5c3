"""A family member's request to record the meeting themselves, and the chair's decision (RULES.md §3, §5)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from chairdesk.errors import InvalidConference
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.text_guard import TextBox
from chairdesk.model import is_family_side
from chairdesk.recording.requests import DEFAULT_LIMITS
from chairdesk.words import capitalise


class RecordingRequestDialog(QDialog):
    """Who asked, the chair's decision and reasons, the legal advice (before a refusal), the limits on use."""

    def __init__(self, controller: MeetingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("A request to record the meeting")
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                "The chair decides each request on its merits. Before refusing, take legal advice. Record the "
                "decision and the limits on using the recording; sharing it more widely breaks data protection law.",
                wordWrap=True,
            )
        )
        self.who = QComboBox(accessibleName="Who asked")
        for person in controller.conference.participants:
            if is_family_side(person.role):
                self.who.addItem(f"{person.name} ({person.role_name})", person.id)
        self.decision = QComboBox(accessibleName="The chair's decision")
        for text, value in (("Not decided yet", None), ("Agreed", "agreed"), ("Refused", "refused")):
            self.decision.addItem(text, value)
        self.reasons = TextBox(accessibleName="Reasons for the decision", tabChangesFocus=True)
        self.legal_advice = QLineEdit(accessibleName="Legal advice taken")
        self.legal_advice.setPlaceholderText("Needed before a refusal: who advised, and when")
        self.limits = TextBox(DEFAULT_LIMITS, accessibleName="Limits on using the recording")
        self.limits.setTabChangesFocus(True)
        self.accepted_limits = QCheckBox("The parent agreed to these limits")
        form.addRow("&Who asked", self.who)
        form.addRow("&Decision", self.decision)
        form.addRow("&Reasons", self.reasons)
        form.addRow("&Legal advice", self.legal_advice)
        form.addRow("Li&mits on use", self.limits)
        form.addRow("", self.accepted_limits)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.who.currentIndexChanged.connect(self._show_existing)
        self._show_existing()

    def _show_existing(self) -> None:
        request = next(
            (r for r in self.controller.conference.recording_requests if r.requested_by == self.who.currentData()),
            None,
        )
        if request is None:
            return
        self.decision.setCurrentIndex(max(self.decision.findData(request.decision), 0))
        self.reasons.setPlainText(request.reasons)
        self.legal_advice.setText(request.legal_advice)
        if request.limits_on_use:
            self.limits.setPlainText(request.limits_on_use)
        self.accepted_limits.setChecked(request.limits_accepted)

    def save(self) -> None:
        """Record it, or say plainly what is missing and stay open."""
        try:
            self.controller.meeting.decide_recording_request(
                self.who.currentData(),
                self.decision.currentData(),
                self.reasons.toPlainText(),
                limits_on_use=self.limits.toPlainText(),
                legal_advice=self.legal_advice.text(),
                limits_accepted=self.accepted_limits.isChecked(),
            )
        except InvalidConference as error:
            QMessageBox.information(self, "Not recorded yet", capitalise(str(error)) + ".")
            return
        self.accept()
