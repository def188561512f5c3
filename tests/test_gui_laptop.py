"""The console fits a 1366×768 laptop (less a taskbar: 1366×728) with four children and thirteen people: the
real ConsoleWindow on the demo, every stage page shown in turn, every control in view and readable."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

from chairdesk import conference_file
from chairdesk.gui.app import App
from chairdesk.gui.console_window import ConsoleWindow
from chairdesk.meeting import STAGES
from chairdesk.recording.monitor import WarningKind, message
from chairdesk.storage import Store

LAPTOP = QSize(1366, 728)  # a 1366×768 screen less a 40-pixel taskbar
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QHeaderView, QTabBar)

MORE_CHILDREN = [
    {"id": "leo", "name": "Leo", "date_of_birth": "2019-09-02", "expected_delivery_date": None, "subject": True},
    {"id": "ruby", "name": "Ruby", "date_of_birth": "2023-01-15", "expected_delivery_date": None, "subject": True},
]
HEALTH_VISITOR = {
    "id": "hv",
    "name": "Nadia Malik",
    "role": "health-visitor",
    "agency": "Health Visiting Service",
    "attended": True,
    "contact_with": ["ruby", "baby"],
    "arrived": "09:57",
}


def four_children(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo with four subject children and thirteen people (whichever demo this branch has), every
    professional's view given for every child with a reason, and every child's decision with a long reason."""
    data = copy.deepcopy(demo)
    ids = [c["id"] for c in data["children"]]
    data["children"][1:1] = [c for c in MORE_CHILDREN if c["id"] not in ids]
    if all(p["id"] != "hv" for p in data["participants"]):
        data["participants"].append(dict(HEALTH_VISITOR))
    for person in data["participants"]:  # those who know Mia know her brother and sister too
        known = person.get("contact_with") or []
        person["contact_with"] = known + [c for c in ("leo", "ruby") if "mia" in known and c not in known]
    children = [c["id"] for c in data["children"]]
    professionals = [
        p["id"]
        for p in data["participants"]
        if p.get("attended") and p["role"] not in ("chair", "parent", "family-member", "supporter", "solicitor")
    ]
    given = {(v["participant"], v["child"]) for v in data["views"]}
    for person in professionals:
        for child in children:
            if (person, child) not in given:
                reason = f"What {person} has seen of {child} at home and at school over the last three months."
                data["views"].append(
                    {"participant": person, "child": child, "significant_harm": True, "reason": reason}
                )
    decided = {d["child"] for d in data["decisions"]}
    for child in children:
        if child not in decided:
            data["decisions"].append(
                {
                    "child": child,
                    "outcome": "cp-plan",
                    "category": "emotional-abuse",
                    "reason": f"{child} is likely to suffer significant harm from the violence at home unless it ends.",
                }
            )
    return data


@pytest.fixture
def laptop(
    request: pytest.FixtureRequest, qtbot: Any, db_path: Path, demo_data: dict[str, Any], mic: Any
) -> Iterator[App]:
    """The console on the four-children demo at 1366×728; with the parameter "inquorate", no one from children's
    social care came, so no child's conference is quorate (the longest lights, and the box for the reasons). With a
    microphone plugged in, as on a chair's laptop: without one the recording panel says so at more length and the
    register's share of the height was whatever the sound server of the test run happened to give."""
    data = four_children(demo_data)
    assert len([c for c in data["children"] if c["subject"]]) == 4 and len(data["participants"]) == 13
    if getattr(request, "param", "quorate") == "inquorate":
        for person in data["participants"]:
            if person["role"] in ("social-worker", "social-work-manager"):
                person.update(attended=False, apologies=True, arrived=None)
    with Store(db_path) as store:
        store.save(conference_file.from_json(data), action="import")
    running = App(db_path)
    inquorate = [q for q in running.controller.check().children.values() if not q.quorate]
    assert len(inquorate) == (4 if getattr(request, "param", "quorate") == "inquorate" else 0)
    qtbot.addWidget(running.console)
    qtbot.addWidget(running.board)
    running.console.open_outputs_folder = False
    running.show()
    running.console.setGeometry(QRect(QPoint(0, 0), LAPTOP))
    qtbot.waitExposed(running.console)
    yield running
    running.controller.close()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def fits(size: QSize, room: QSize = LAPTOP) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def on_a_hidden_tab(widget: QWidget, window: ConsoleWindow) -> bool:
    """Whether ``widget`` is in a dock that is behind another dock's tab (so not on the screen now)."""
    dock = widget if isinstance(widget, QDockWidget) else None
    parent = widget.parentWidget()
    while dock is None and parent is not None:
        dock = parent if isinstance(parent, QDockWidget) else None
        parent = parent.parentWidget()
    if dock is None or not window.tabifiedDockWidgets(dock):
        return False
    for bar in window.findChildren(QTabBar):
        titles = [bar.tabText(i) for i in range(bar.count())]
        if bar.parentWidget() is window and dock.windowTitle() in titles:
            return bar.tabText(bar.currentIndex()) != dock.windowTitle()
    return False


def shown_controls(window: ConsoleWindow) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) and w.isVisible() and w.window() is window and not on_a_hidden_tab(w, window)
    ]


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def described(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text or widget.objectName()!r}"


def what_is_cut(window: ConsoleWindow) -> list[str]:
    """Every shown control that is not wholly in the window and in view, and every button whose words are cut."""
    cut = []
    for widget in shown_controls(window):
        area = scroll_area_of(widget)
        if area is not None:  # a page that scrolls: the control must come wholly into view when scrolled to
            # (not ensureWidgetVisible: for a text box it shows only the cursor's line)
            centre = widget.mapTo(area.widget(), widget.rect().center())
            area.ensureVisible(centre.x(), centre.y(), widget.width() // 2 + 1, widget.height() // 2 + 1)
            settle()
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not window.rect().contains(where):
            cut.append(f"{described(widget)} at {where.getRect()} is not inside the window")
        elif widget.visibleRegion().boundingRect() != widget.rect():
            seen = widget.visibleRegion().boundingRect().size()
            cut.append(f"{described(widget)} shows {seen.toTuple()} of {widget.size().toTuple()}")
        if isinstance(widget, QAbstractButton) and widget.text():
            words = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            needed = widget.fontMetrics().horizontalAdvance(words)
            if needed > widget.width():
                cut.append(f"{described(widget)} needs {needed} px for its words and has {widget.width()}")
        if isinstance(widget, QHeaderView) and widget.isVisible():
            cut.extend(headers_cut(widget))
    return cut


def headers_cut(header: QHeaderView) -> list[str]:
    """A table's headings: every column in view without scrolling sideways, and each heading's words whole."""
    cut = []
    view = header.parentWidget()
    assert isinstance(view, QAbstractItemView)
    model = header.model()
    horizontal = header.orientation().name == "Horizontal"
    if horizontal and header.length() > view.viewport().width():
        cut.append(
            f"{view.accessibleName()!r}: its columns need {header.length()} px, it shows {view.viewport().width()}"
        )
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        words = str(model.headerData(section, header.orientation()) or "")
        needed = header.fontMetrics().horizontalAdvance(words) + 8
        if needed > header.sectionSize(section) and horizontal or not horizontal and needed > header.width():
            cut.append(f"{view.accessibleName()!r}: the heading {words!r} is cut")
    return cut


def show_each_bottom_tab(window: ConsoleWindow) -> Iterator[str]:
    """Raise each tabbed dock in turn (the problems, the notes, the discussion), so each is checked."""
    tabbed = [d for d in window.docks.values() if window.tabifiedDockWidgets(d)]
    for dock in tabbed or list(window.docks.values())[:1]:
        dock.raise_()
        settle()
        yield dock.windowTitle()


@pytest.mark.parametrize("laptop", ["quorate", "inquorate"], indirect=True)
def test_the_console_fits_a_1366_by_768_laptop_at_every_stage(laptop: App, qtbot: Any) -> None:
    window = laptop.console
    problems = []
    if not fits(window.minimumSizeHint()):
        problems.append(f"the console needs at least {window.minimumSizeHint().toTuple()}")
    for title, dock in window.docks.items():
        if not fits(dock.minimumSizeHint()):
            problems.append(f"the {title} dock needs {dock.minimumSizeHint().toTuple()}")
    for key, page in window.page_of.items():
        if not fits(page.minimumSizeHint()):
            problems.append(f"the {key} page needs {page.minimumSizeHint().toTuple()}")
    for stage in STAGES:
        laptop.controller.meeting.go_to_stage(stage.key)
        settle()
        if window.size() != LAPTOP:
            problems.append(f"at {stage.key} the console is {window.size().toTuple()}, not {LAPTOP.toTuple()}")
        for tab in show_each_bottom_tab(window):
            problems += [f"{stage.key}, {tab} in front: {cut}" for cut in what_is_cut(window)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("laptop", ["quorate", "inquorate"], indirect=True)
def test_the_register_shows_everyone_and_every_quorum_light(laptop: App) -> None:
    window = laptop.console
    settle()
    register = window.register
    table = register.table
    assert table.model().rowCount() == 13
    quorate = all(q.quorate for q in laptop.controller.check().children.values())
    assert register.inquorate_reason.isVisible() is not quorate  # the reasons are asked for only when needed
    assert table.verticalHeader().length() <= table.viewport().height(), "the register needs scrolling to see all"
    assert table.horizontalHeader().length() <= table.viewport().width(), "the register needs scrolling sideways"
    lights = register.quorum.lights
    assert len(lights) == 4
    for light in lights.values():
        assert light.isVisible()
        assert light.visibleRegion().boundingRect() == light.rect(), f"{light.text()!r} is cut"
        assert light.fontMetrics().horizontalAdvance(light.text()) <= light.contentsRect().width(), light.text()


def test_the_due_dates_rules_can_be_read_whole(laptop: App) -> None:
    window = laptop.console
    laptop.controller.meeting.go_to_stage("introductions")
    settle()
    table = window.page_of["introductions"].table
    assert isinstance(table, QTableView)
    assert table.horizontalHeader().length() <= table.viewport().width(), "the rules need scrolling sideways"
    model = table.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            needed = table.sizeHintForIndex(index).height()  # as the cell wraps the text in its width
            assert table.rowHeight(row) >= needed, f"{index.data()!r} is cut: it needs {needed} px"


def test_the_decision_grid_edits_a_reason_in_full_view(laptop: App, qtbot: Any) -> None:
    window = laptop.console
    laptop.controller.meeting.go_to_stage("decision")
    settle()
    page = window.page_of["decision"]
    grid = page.grid
    model = grid.model()
    assert model.columnCount() == 4
    last = model.index(model.rowCount() - 1, model.columnCount() - 1)
    grid.setFocus()
    grid.setCurrentIndex(last)
    grid.edit(last)
    settle()
    editors = [
        w
        for w in grid.viewport().findChildren(QWidget)
        if w.isVisible() and isinstance(w, QLineEdit | QTextEdit | QPlainTextEdit)
    ]
    assert editors, "no editor opened on the cell"
    editor = editors[0]
    assert editor.visibleRegion().boundingRect() == editor.rect(), "the cell editor is cut"
    assert editor.height() >= editor.sizeHint().height() or isinstance(editor, QAbstractScrollArea), "too low"
    where = QRect(editor.mapTo(window, QPoint(0, 0)), editor.size())
    assert window.rect().contains(where)


@pytest.mark.parametrize("laptop", ["inquorate"], indirect=True)
@pytest.mark.parametrize("said", ["no microphone", WarningKind.CLIPPING, WarningKind.DEVICE_LOST])
def test_what_the_recording_panel_says_is_read_whole_beside_the_register(laptop: App, said: Any) -> None:
    """On a laptop with no microphone (or when the recorder warns), the panel's sentence takes two lines or more
    under the register: it is read whole, and a two-line one leaves everyone in the register in view (the longest,
    the microphone lost mid-meeting, comes first: the register may then scroll)."""
    panel = laptop.console.recording
    settle()
    if said == "no microphone":
        panel._show_devices(([], None, None))  # what looking for microphones found: none
    else:
        panel._say(message(said, 754.0, device="USB microphone"))
    panel._show()
    settle()
    warning = panel.warning
    assert warning.isVisible()
    assert warning.visibleRegion().boundingRect() == warning.rect(), "the recording's warning is cut"
    lines = warning.heightForWidth(warning.width()) // warning.fontMetrics().lineSpacing()
    if said != WarningKind.DEVICE_LOST:
        assert lines >= 2, "this sentence was expected to take two lines at least"
        table = laptop.console.register.table
        assert table.verticalHeader().length() <= table.viewport().height(), "the register needs scrolling to see all"


def test_the_check_and_the_request_are_whole_at_every_width_of_the_recording_dock(laptop: App, qtbot: Any) -> None:
    """Side by side where both fit, one above the other in a narrow floating dock: never a button cut short."""
    panel = laptop.console.recording
    dock = laptop.console.docks["Recording"]
    dock.setFloating(True)
    arrangements = set()
    for width in range(280, 640, 20):
        dock.resize(width, 400)
        settle()
        check, request = panel.check_button, panel.request_button
        for button in (check, request):
            assert button.width() >= button.sizeHint().width(), f"{button.text()!r} is cut at {panel.width()} px"
            assert button.visibleRegion().boundingRect() == button.rect(), f"{button.text()!r} is hidden in part"
        side_by_side = check.y() == request.y()
        assert side_by_side or request.y() > check.y() + check.height() - 1
        arrangements.add(side_by_side)
    assert arrangements == {True, False}, "expected both arrangements between 280 and 640 px"
