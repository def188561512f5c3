"""The board: what the room reads on the projector. It draws only what :func:`chairdesk.board.board_content`
lets through, in large, calm, high-contrast type that scales with the screen."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence, QPainter, QPen, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.board import COLUMN_TITLES, BoardContent, BoardLine, BoardScore
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.style import stylesheet

# Where each kind of line comes from, said quietly in front of it on the board.
_KIND_PREFIX = {"danger_statements": "Danger statement: ", "action": "Next step: "}


def _lines_html(lines: tuple[BoardLine, ...]) -> str:
    if not lines:
        return ""
    items = []
    for line in lines:
        prefix = _KIND_PREFIX.get(line.kind, "")
        text = html.escape(line.text)
        if prefix:
            text = f"<span class='kind'>{html.escape(prefix)}</span>{text}"
        if line.being_typed:
            text = f"<span class='typing'>{text}\u258d</span>"
        items.append(f"<li>{text}</li>")
    return "<ul>" + "".join(items) + "</ul>"


class BoardColumn(QFrame):
    """One column of the board: a heading and the lines under it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"column-{key}")
        self.setProperty("column", key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.heading = QLabel(COLUMN_TITLES[key])
        self.heading.setObjectName("columnHeading")
        self.heading.setWordWrap(True)
        self.body = QTextBrowser()
        self.body.setObjectName("columnBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.setAccessibleName(COLUMN_TITLES[key])
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        self._html = ""

    def show_lines(self, lines: tuple[BoardLine, ...]) -> None:
        text = _lines_html(lines)
        if text == self._html:
            return
        self._html = text
        self.body.setHtml(text)
        if any(line.being_typed for line in lines) or lines:
            bar = self.body.verticalScrollBar()
            bar.setValue(bar.maximum())  # the newest line, and what is being typed, stay in view

    def text(self) -> str:
        return self.body.toPlainText()


class ScalingLine(QWidget):
    """Each person's score as a dot on a 0 to 10 line, so the room sees agreement and difference at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scalingLine")
        self.scores: tuple[BoardScore, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Scaling scores")

    def set_scores(self, scores: tuple[BoardScore, ...]) -> None:
        if scores != self.scores:
            self.scores = scores
            described = ", ".join(f"{s.name + ' ' if s.name else ''}{s.score}" for s in scores) or "no scores yet"
            self.setAccessibleDescription(f"Scores from 0 to 10: {described}")
            self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        font = QFont(self.font())
        margin = font.pointSizeF() * 2.5 if font.pointSizeF() > 0 else 30
        width = self.width() - 2 * margin
        y = self.height() * 0.35
        painter.setPen(QPen(ink, 3))
        painter.drawLine(QPointF(margin, y), QPointF(margin + width, y))
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.7, 8))
        painter.setFont(small)
        for n in range(11):
            x = margin + width * n / 10
            painter.drawLine(QPointF(x, y - 8), QPointF(x, y + 8))
            painter.drawText(QRectF(x - 30, y + 10, 60, 30), Qt.AlignmentFlag.AlignHCenter, str(n))
        stacked: dict[int, int] = {}
        dot = max(font.pointSizeF() * 0.9, 10)
        for score in self.scores:
            level = stacked.get(score.score, 0)
            stacked[score.score] = level + 1
            x = margin + width * score.score / 10
            cy = y - dot * 1.2 - level * dot * 2.1
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1d4f91"))
            painter.drawEllipse(QPointF(x, cy), dot * 0.7, dot * 0.7)
            if score.name:
                painter.setPen(ink)
                painter.drawText(QRectF(x + dot, cy - dot, 200, dot * 2), Qt.AlignmentFlag.AlignVCenter, score.name)
        painter.end()


class BoardWindow(QWidget):
    """The projected board. Full screen on the second screen when there is one; the chair can move it."""

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("board")
        self.setWindowTitle("ChairDesk board")
        self.setAccessibleName("Conference board")
        self.setStyleSheet(stylesheet("board.qss"))
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        page = QWidget()
        page.setObjectName("boardPage")
        layout = QVBoxLayout(page)
        self.title = QLabel(objectName="boardTitle")
        self.children_line = QLabel(objectName="boardChildren")
        self.stage = QLabel(objectName="boardStage")
        for label in (self.title, self.children_line, self.stage):
            label.setWordWrap(True)
            layout.addWidget(label)
        columns = QHBoxLayout()
        self.columns = {key: BoardColumn(key) for key in ("worried", "working_well", "needs_to_happen")}
        for column in self.columns.values():
            columns.addWidget(column, 1)
        layout.addLayout(columns, 5)
        self.key_points = BoardColumn("key_points")
        layout.addWidget(self.key_points, 2)
        self.scaling = ScalingLine()
        layout.addWidget(self.scaling)
        self.decisions = QLabel(objectName="boardDecisions")
        self.decisions.setWordWrap(True)
        layout.addWidget(self.decisions)
        self.stack.addWidget(page)

        self.blank_page = QLabel(objectName="boardBlank", alignment=Qt.AlignmentFlag.AlignCenter)
        self.blank_page.setWordWrap(True)
        self.stack.addWidget(self.blank_page)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._leave_full_screen)
        controller.board_changed.connect(self.refresh)
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        content = self.controller.board()
        self.show_content(content)

    def show_content(self, content: BoardContent) -> None:
        if content.blank:
            self.blank_page.setText(content.title)
            self.stack.setCurrentWidget(self.blank_page)
            return
        self.stack.setCurrentIndex(0)
        self.title.setText(content.title)
        self.children_line.setText("Children: " + " · ".join(content.children))
        self.stage.setText(content.stage)
        self.columns["worried"].show_lines(content.worried)
        self.columns["working_well"].show_lines(content.working_well)
        self.columns["needs_to_happen"].show_lines(content.needs_to_happen)
        self.key_points.show_lines(content.key_points)
        self.key_points.setVisible(bool(content.key_points))
        self.scaling.set_scores(content.scores)
        self.scaling.setVisible(bool(content.scores))
        self.decisions.setText("   ".join(d.text for d in content.decisions))
        self.decisions.setVisible(bool(content.decisions))

    def visible_text(self) -> str:
        """Every word the room can read now (for tests and for screen readers)."""
        if self.stack.currentWidget() is self.blank_page:
            return self.blank_page.text()
        parts = [self.title.text(), self.children_line.text(), self.stage.text(), self.decisions.text()]
        parts += [c.heading.text() + "\n" + c.text() for c in (*self.columns.values(), self.key_points)]
        parts += [s.name or "" for s in self.scaling.scores]
        return "\n".join(parts)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._scale_type()

    def _scale_type(self) -> None:
        """Type sized from the window: legible from the back of a room on a 1024×768 projector."""
        base = max(12.0, min(self.height() / 34.0, self.width() / 48.0))
        sizes = {
            self.title: 1.5,
            self.children_line: 1.0,
            self.stage: 1.1,
            self.decisions: 1.0,
            self.scaling: 0.9,
            self.blank_page: 2.0,
        }
        for widget, factor in sizes.items():
            font = QFont(widget.font())
            font.setPixelSize(int(base * factor))
            font.setBold(widget in (self.title, self.blank_page))
            widget.setFont(font)
        self.scaling.setFixedHeight(int(base * 4.5))
        for column in (*self.columns.values(), self.key_points):
            heading = QFont(column.heading.font())
            heading.setPixelSize(int(base * 1.15))
            heading.setBold(True)
            column.heading.setFont(heading)
            body = QFont(column.body.font())
            body.setPixelSize(int(base))
            column.body.setFont(body)
            column.body.document().setDefaultFont(body)

    # -- placement ---------------------------------------------------------------------------------------

    def place(self) -> None:
        """Full screen on the projector (the screen that is not the primary one) or a window when alone."""
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not primary]
        if others:
            screen = others[0]
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            available = primary.availableGeometry() if primary else None
            if available is not None:
                self.resize(int(available.width() * 0.6), int(available.height() * 0.6))
            self.showNormal()

    def _leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
