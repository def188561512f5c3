"""The scaling, plan and decision stages of the console."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from chairdesk.gui.controller import MeetingController


def scaling_page(controller: MeetingController) -> QWidget:
    return QLabel("Scaling")


def plan_page(controller: MeetingController) -> QWidget:
    return QLabel("Plan")


def decision_page(controller: MeetingController) -> QWidget:
    return QLabel("Decision")
