"""The board: what the room reads on the projector. It draws only what :func:`chairdesk.board.board_content`
lets through, in large, calm, high-contrast type that scales with the screen."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPen,
    QResizeEvent,
    QShortcut,
    QTextCursor,
)
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
from chairdesk.words import capitalise

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


class _ColumnBody(QTextBrowser):
    """A column's text: it refits its type whenever its own size changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        column = self.parentWidget()
        if isinstance(column, BoardColumn):
            column.fit()


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
        self.body = _ColumnBody()
        # Never let a long column push the board past the bottom of the screen: it shrinks and scrolls instead.
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.body.setObjectName("columnBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.setAccessibleName(COLUMN_TITLES[key])
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        # The newest lines stay in view; when earlier ones are scrolled out of it, the room is told.
        self.more_above = QLabel("▲ more above", self.body)
        self.more_above.setObjectName("moreAbove")
        self.more_above.hide()
        bar = self.body.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, high: bar.setValue(high))  # whatever changes, the newest stay in view
        bar.valueChanged.connect(self._show_more_above)
        self._html = ""
        self._size: int | None = None
        self._lines = 0
        self._area: tuple[int, int, int] = (0, 0, 0)
        self.base_size = 16
        self.body.document().setDocumentMargin(4)
        self.body.document().setDefaultStyleSheet(
            "ul { margin-left: 0px; -qt-list-indent: 1; } li { margin-bottom: 6px; } "
            ".kind { color: #555555; } .typing { color: #1d4f91; }"
        )

    def show_lines(self, lines: tuple[BoardLine, ...]) -> None:
        text = _lines_html(lines)
        if text == self._html:
            return
        self._html = text
        self.body.setHtml(text)
        self.fit()

    def set_base_size(self, pixels: int) -> None:
        self.base_size = pixels
        self.fit()

    def fit(self) -> None:
        """Shrink the type (to no less than four fifths of the base, to stay legible from the back of the room)
        until every line fits; if they still do not, keep the newest lines, and what is being typed, in view,
        with a sign that there is more above. Starts from the size in use, so a keystroke usually costs one
        layout."""
        document = self.body.document()
        available = self.body.viewport().height()
        width = self.body.viewport().width()
        if document.textWidth() != width:
            document.setTextWidth(width)
        smallest = self.base_size * 4 // 5
        lines = self._html.count("<li>")
        area = (width, available, self.base_size)
        if self._size is None or lines < self._lines or area != self._area:
            self._size = self.base_size  # fewer lines, or a new size of column: start again from the full size
        self._lines, self._area = lines, area
        while True:
            self._set_size(self._size)
            if available <= 0 or self._size <= smallest or document.size().height() <= available:
                break
            self._size = max(self._size - max(1, self._size // 10), smallest)
        # The text cursor at the end: Qt keeps the cursor in view, so the newest lines stay there too.
        self.body.moveCursor(QTextCursor.MoveOperation.End)
        bar = self.body.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _show_more_above(self, value: int) -> None:
        self.more_above.setVisible(value > 0)
        if value > 0:
            self.more_above.adjustSize()
            self.more_above.move(self.body.width() - self.more_above.width() - 6, 2)
            self.more_above.raise_()

    def _set_size(self, pixels: int) -> None:
        document = self.body.document()
        if document.defaultFont().pixelSize() != pixels:
            font = QFont(self.body.font())
            font.setPixelSize(pixels)
            document.setDefaultFont(font)

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
        size = font.pixelSize() if font.pixelSize() > 0 else 16
        margin = size * 1.5
        width = self.width() - 2 * margin
        y = self.height() - size * 1.9  # the line, with its numbers under it
        painter.setPen(QPen(ink, 3))
        painter.drawLine(QPointF(margin, y), QPointF(margin + width, y))
        painter.setFont(font)
        for n in range(11):
            x = margin + width * n / 10
            painter.drawLine(QPointF(x, y - size * 0.3), QPointF(x, y + size * 0.3))
            painter.drawText(
                QRectF(x - size * 2, y + size * 0.4, size * 4, size * 1.4), Qt.AlignmentFlag.AlignHCenter, str(n)
            )
        stacked: dict[int, int] = {}
        dot = size * 0.55
        for score in self.scores:
            level = stacked.get(score.score, 0)
            stacked[score.score] = level + 1
            x = margin + width * score.score / 10
            cy = y - dot * 1.6 - level * dot * 2.4
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#1d4f91"))
            painter.drawEllipse(QPointF(x, cy), dot, dot)
            if score.name:
                painter.setPen(ink)
                box = QRectF(x + dot * 1.4, cy - dot * 1.2, size * 8, dot * 2.4)
                painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, score.name)
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
        layout.addLayout(columns, 3)
        self.key_points = BoardColumn("key_points")
        layout.addWidget(self.key_points, 1)
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
        self.decisions.setText("   ".join(capitalise(d.text) for d in content.decisions))
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
        self.scaling.setFixedHeight(int(base * 4.4))
        for column in (*self.columns.values(), self.key_points):
            heading = QFont(column.heading.font())
            heading.setPixelSize(int(base * 1.15))
            heading.setBold(True)
            column.heading.setFont(heading)
            column.set_base_size(int(base))

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
