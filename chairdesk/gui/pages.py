"""The scaling, plan and decision stages of the console."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from chairdesk.gui.controller import MeetingController
from chairdesk.gui.decision_page import DecisionPage
from chairdesk.gui.plan_page import PlanPage
from chairdesk.gui.scaling_page import ScalingPage


def scaling_page(controller: MeetingController) -> QWidget:
    return ScalingPage(controller)


def plan_page(controller: MeetingController) -> QWidget:
    return PlanPage(controller)


def decision_page(controller: MeetingController) -> QWidget:
    return DecisionPage(controller)
