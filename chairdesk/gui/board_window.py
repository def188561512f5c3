"""The board: what the room reads on the projector. It draws only what :func:`chairdesk.board.board_content`
lets through, in large, calm, high-contrast type that scales with the screen.

Fitting the screen. Everything on the board is set in one type size, chosen from the window's height: the
largest at which everything fits, and never smaller than :func:`smallest_type` (18 px on a 768-line projector;
see there why). When even that does not hold everything, the board chooses what gives way, in this order of what
stays: the decisions and every person's score; the danger statements and the safety goals (pinned); the key points
(at the least how many there are); the lines of the current stage (at the key points stage, the key points); then
a line of every other list and the newest of the other lines. To keep them it tries every split of the width from
a quarter to a half for each column, and the key points across the board or under one column (BoardPage._give_way).
A line is shown whole or not at all, and the room is told how many earlier lines are not shown.

Projector safety. The board starts blank and shows a conference only when the chair says so (the controller starts
blank). While blank, the conference's page is emptied, so nothing of it is left to flash up; on unblanking the
page is filled before it is shown. Given another conference (:meth:`BoardWindow.set_controller`) the board
blanks first. When the projector's screen goes away the board blanks and hides rather than let the system move it
onto the laptop next to the console; when a projector comes back, the board comes back on it, blank. A dialog or
message that would open on the projector's screen is moved over the console before it is drawn.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from math import ceil

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QResizeEvent,
    QScreen,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from chairdesk.board import COLUMN_TITLES, PINNED, BoardContent, BoardLine, BoardScore
from chairdesk.gui.controller import MeetingController
from chairdesk.gui.lock import COVER
from chairdesk.gui.style import stylesheet
from chairdesk.gui.widgets import ApplicationFilter
from chairdesk.meeting import STAGES
from chairdesk.words import capitalise

# Where each kind of line comes from, said quietly in front of it on the board.
_KIND_PREFIX = {"danger_statements": "Danger statement: ", "action": "Next step: "}
_LIST_STYLE = (
    "ul { margin-left: 0px; margin-top: 0px; margin-bottom: 0px; -qt-list-indent: 1; } "
    "li { margin-bottom: 6px; } .kind { color: #555555; } .typing { color: #1d4f91; } "
    ".more { color: #5a5a5a; font-style: italic; }"
)
_DOC_MARGIN = 4
_GAP = 6  # between the parts of the board, in pixels
_MARGIN = 12  # round the edge of the board


def smallest_type(height: int) -> int:
    """The smallest type the board uses on a window ``height`` pixels high: 18 px at 768 lines, in proportion
    above. 18 px is 1/42 of the picture's height: on a projected picture 1.5 m high that is about 35 mm a line,
    capitals about 25 mm, which the usual rule for signs (25 mm of letter for every 3 to 7 m of distance) makes
    readable from the back of a meeting room of 6 m; it is also the smallest size presentation guidance allows on
    a 1024×768 projector."""
    return max(14, round(height * 18 / 768))


def largest_type(width: int, height: int) -> int:
    """The type size the board starts from, before anything has to fit: calm and large."""
    return max(smallest_type(height), int(min(height / 34.0, width / 44.0)))


def _line_html(line: BoardLine) -> str:
    prefix = _KIND_PREFIX.get(line.kind, "")
    text = html.escape(line.text)
    if prefix:
        text = f"<span class='kind'>{html.escape(prefix)}</span>{text}"
    if line.being_typed:
        text = f"<span class='typing'>{text}\u258d</span>"
    return f"<li>{text}</li>"


def _more_html(count: int) -> str:
    return f"<li class='more'>{count} earlier {'line is' if count == 1 else 'lines are'} not shown here</li>"


class _Measure:
    """Heights of rich text at a type size and width, remembered, so a keystroke costs one or two layouts."""

    def __init__(self) -> None:
        self.document = QTextDocument()
        self.document.setDocumentMargin(_DOC_MARGIN)
        self.document.setDefaultStyleSheet(_LIST_STYLE)
        self.heights: dict[tuple[str, int, int], int] = {}

    def height(self, body: str, width: int, size: int) -> int:
        key = (body, width, size)
        found = self.heights.get(key)
        if found is None:
            if len(self.heights) > 4000:
                self.heights.clear()
            if self.document.defaultFont().pixelSize() != size:
                font = QFont(self.document.defaultFont())
                font.setPixelSize(size)
                self.document.setDefaultFont(font)
            if self.document.textWidth() != width:
                self.document.setTextWidth(width)
            self.document.setHtml(f"<ul>{body}</ul>" if body else "")
            found = self.heights[key] = ceil(self.document.size().height()) if body else 0
        return found


_measure: _Measure | None = None


def _measurer() -> _Measure:
    global _measure
    if _measure is None:
        _measure = _Measure()
    return _measure


class BoardColumn(QFrame):
    """One column of the board: a heading and the lines under it, each line whole."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"column-{key}")
        self.setProperty("column", key)
        self.key = key
        self.heading = QLabel(COLUMN_TITLES[key], self)
        self.heading.setObjectName("columnHeading")
        self.heading.setWordWrap(True)
        self.body = QTextBrowser(self)
        self.body.setObjectName("columnBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.setAccessibleName(COLUMN_TITLES[key])
        self.body.document().setDocumentMargin(_DOC_MARGIN)
        self.body.document().setDefaultStyleSheet(_LIST_STYLE)
        self.lines: tuple[BoardLine, ...] = ()
        self.shown: tuple[BoardLine, ...] = ()  # the lines in view now, in order
        self.left_out = 0  # how many earlier lines are not in view
        self.size = 18
        self._html = ""
        self._frame = 2 * 2  # the column's border, top and bottom (board.qss)
        self._heading_heights: dict[tuple[int, int], int] = {}  # by width and type size

    # -- measuring ---------------------------------------------------------------------------------------

    def text_width(self, width: int) -> int:
        """The width the lines are laid out in, for a column ``width`` pixels wide."""
        return max(40, width - 2 * 6 - 2 * 2 - 2 * 8)  # margin, border, the body's padding (board.qss)

    def heading_height(self, width: int, size: int) -> int:
        key = (width, size)
        if key not in self._heading_heights:
            font = QFont(self.heading.font())
            font.setPixelSize(size)
            font.setBold(True)
            if self.heading.font() != font:
                self.heading.setFont(font)
            self._heading_heights[key] = self.heading.heightForWidth(width - 2 * 6 - 2 * 2)  # margin and border
        return self._heading_heights[key]

    def chrome(self, width: int, size: int) -> int:
        """Everything but the lines: margins, border, heading and padding."""
        return 2 * 6 + self._frame + self.heading_height(width, size) + 2 * 4

    def need(self, width: int, size: int, lines: tuple[BoardLine, ...] | None = None, left_out: int = 0) -> int:
        """The height the column needs to show ``lines`` (all its lines by default) whole."""
        chosen = self.lines if lines is None else lines
        if not chosen and not left_out:
            return self.chrome(width, size)
        return self.chrome(width, size) + _measurer().height(self._body(chosen, left_out), self.text_width(width), size)

    def _body(self, lines: tuple[BoardLine, ...], left_out: int) -> str:
        parts = [_line_html(line) for line in lines]
        if left_out > 0:
            first_other = next((n for n, line in enumerate(lines) if not _always_shown(line)), len(parts))
            parts.insert(first_other, _more_html(left_out))
        return "".join(parts)

    def _split(self) -> tuple[list[int], list[int]]:
        """The lines that always stay (pinned, being typed) and the others, by their place in the column."""
        always = [n for n, line in enumerate(self.lines) if _always_shown(line)]
        others = [n for n, line in enumerate(self.lines) if not _always_shown(line)]
        return always, others

    def pick(self, newest: int) -> tuple[tuple[BoardLine, ...], int]:
        """The lines kept when the ``newest`` of the others are shown, and how many others are left out."""
        always, others = self._split()
        keep = sorted(always + others[len(others) - max(0, newest) :])
        return tuple(self.lines[n] for n in keep), len(self.lines) - len(keep)

    def heights(self, width: int, size: int, limit: int) -> list[int]:
        """The height needed to show the kept lines and the newest ``j`` others whole (saying how many are left
        out), for j = 0, 1, ... up to all of them, or until the height passes ``limit``."""
        _always, others = self._split()
        found = []
        for newest in range(len(others) + 1):
            found.append(self.need(width, size, *self.pick(newest)))
            if found[-1] > limit:
                break
        return found

    def others(self) -> tuple[BoardLine, ...]:
        """The lines that may give way (neither pinned nor being typed)."""
        return tuple(line for line in self.lines if not _always_shown(line))

    # -- showing -----------------------------------------------------------------------------------------

    def show_lines(self, lines: tuple[BoardLine, ...]) -> None:
        self.lines = lines

    def apply(self, width: int, height: int, size: int, newest: int | None = None) -> None:
        """Show the kept lines and the ``newest`` others (all by default) in a column of this size, in type of
        ``size`` pixels; the board has measured that they fit whole."""
        self.size = size
        self.shown, left_out = self.pick(len(self.lines) if newest is None else newest)
        self.left_out = left_out
        document = self.body.document()
        if document.defaultFont().pixelSize() != size:
            font = QFont(self.body.font())
            font.setPixelSize(size)
            document.setDefaultFont(font)
        body = self._body(self.shown, left_out)
        text = f"<ul>{body}</ul>" if body else ""
        if text != self._html:
            self._html = text
            self.body.setHtml(text)
        inner = self.contentsRect()
        heading_height = self.heading_height(width, size)
        font = QFont(self.heading.font())
        font.setPixelSize(size)
        font.setBold(True)
        if self.heading.font() != font:
            self.heading.setFont(font)
        self.heading.setGeometry(inner.x(), inner.y(), inner.width(), heading_height)
        self.body.setGeometry(inner.x(), inner.y() + heading_height, inner.width(), inner.height() - heading_height)
        self.body.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        self.lines = self.shown = ()
        self.left_out = 0
        self._html = ""
        self.body.clear()

    def text(self) -> str:
        return self.body.toPlainText()

    def line_rects(self) -> list[tuple[str, QRect]]:
        """Each line in view and where it is drawn, in the column's coordinates (for tests of what fits)."""
        document = self.body.document()
        layout = document.documentLayout()
        offset = self.body.viewport().mapTo(self, self.body.viewport().rect().topLeft())
        found = []
        block = document.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block).toAlignedRect()
            found.append((block.text(), rect.translated(offset)))
            block = block.next()
        return [(text, rect) for text, rect in found if text]

    def visible_area(self) -> QRect:
        """The part of the column where lines can be seen, in the column's coordinates."""
        viewport = self.body.viewport()
        return QRect(viewport.mapTo(self, viewport.rect().topLeft()), viewport.size())


def _always_shown(line: BoardLine) -> bool:
    return line.kind in PINNED or line.being_typed


@dataclass
class _ScalingLayout:
    height: int = 0
    dots: list[tuple[BoardScore, QRectF]] = field(default_factory=list)
    line_y: float = 0.0
    left: float = 0.0
    right: float = 0.0


class ScalingLine(QWidget):
    """Each person's score as a dot on a 0 to 10 line, dots at the same number side by side and stacked, so the
    room sees agreement and difference at a glance; who gave which number is said under the line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scalingLine")
        self.scores: tuple[BoardScore, ...] = ()
        self.size = 18
        self.setAccessibleName("Scaling scores")
        self.names = QLabel(self, objectName="scalingNames")
        self.names.setWordWrap(True)
        self.names.setTextFormat(Qt.TextFormat.RichText)
        self._layout = _ScalingLayout()

    def set_scores(self, scores: tuple[BoardScore, ...]) -> None:
        if scores != self.scores:
            self.scores = scores
            described = ", ".join(f"{s.label + ' ' if s.label else ''}{s.score}" for s in scores) or "no scores yet"
            self.setAccessibleDescription(f"Scores from 0 to 10: {described}")
            groups: dict[int, list[str]] = {}
            for score in scores:
                if score.label:
                    groups.setdefault(score.score, []).append(_unbroken(score.label))
            # A line of names may break after a "·" or a comma, never before a "·" or between a number and a name.
            self.names.setText(
                "&nbsp;&nbsp;·&nbsp; ".join(
                    f"<b>{number}</b>:&nbsp;{', '.join(groups[number])}" for number in sorted(groups)
                )
            )
            self.update()

    def plan(self, width: int, size: int, names: bool = True) -> _ScalingLayout:
        """Where the line and every dot go, and the height it all needs, at ``width`` and type ``size``."""
        margin = size * 1.2
        left, right = margin, width - margin
        step_x = (right - left) / 10
        diameter = max(10.0, size * 0.8)
        pitch = diameter * 1.3
        counts: dict[int, int] = {}
        for score in self.scores:
            counts[score.score] = counts.get(score.score, 0) + 1
        most = max(counts.values(), default=1)
        across_room = max(1, int(step_x * 0.9 // pitch))  # dots side by side under one number, at most
        across = min(across_room, max(1, ceil(most / 3)))
        rows = ceil(most / across)
        top = size * 0.3
        line_y = top + rows * pitch + diameter * 0.3
        numbers = size * 1.5
        layout = _ScalingLayout(line_y=line_y, left=left, right=right)
        placed: dict[int, int] = {}
        for score in self.scores:
            n = placed.get(score.score, 0)
            placed[score.score] = n + 1
            row, col = divmod(n, across)
            in_row = min(across, counts[score.score] - row * across)
            cx = left + step_x * score.score + (col - (in_row - 1) / 2) * pitch
            cy = line_y - diameter * 0.3 - pitch / 2 - row * pitch
            layout.dots.append((score, QRectF(cx - diameter / 2, cy - diameter / 2, diameter, diameter)))
        names = self.names.heightForWidth(int(width - 2 * margin)) if names and self.names.text() else 0
        layout.height = ceil(line_y + size * 0.3 + numbers + (names + _GAP if names > 0 else 0))
        return layout

    def need(self, width: int, size: int, names: bool = True) -> int:
        self._set_type(size)
        return self.plan(width, size, names).height

    def _set_type(self, size: int) -> None:
        if self.size != size or self.names.font().pixelSize() != size:
            self.size = size
            font = QFont(self.names.font())
            font.setPixelSize(size)
            self.names.setFont(font)

    def apply(self, size: int, names: bool = True) -> None:
        self._set_type(size)
        self.names.setVisible(names and bool(self.names.text()))
        self._layout = self.plan(self.width(), size, names)
        margin = int(size * 1.2)
        top = ceil(self._layout.line_y + size * 0.3 + size * 1.5) + _GAP
        self.names.setGeometry(margin, top, max(0, self.width() - 2 * margin), max(0, self.height() - top))
        self.update()

    def dot_rects(self) -> list[tuple[BoardScore, QRect]]:
        """Each score's dot and where it is drawn, in this widget's coordinates (for tests of what fits)."""
        return [(score, rect.toAlignedRect()) for score, rect in self._layout.dots]

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        layout = self._layout
        if not self.scores:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        size = self.size
        font = QFont(self.font())
        font.setPixelSize(size)
        painter.setFont(font)
        y = layout.line_y
        painter.setPen(QPen(ink, 3))
        painter.drawLine(QPointF(layout.left, y), QPointF(layout.right, y))
        step_x = (layout.right - layout.left) / 10
        for n in range(11):
            x = layout.left + step_x * n
            painter.drawLine(QPointF(x, y - size * 0.25), QPointF(x, y + size * 0.25))
            painter.drawText(
                QRectF(x - size * 2, y + size * 0.3, size * 4, size * 1.4), Qt.AlignmentFlag.AlignHCenter, str(n)
            )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(DOT_COLOUR))
        for _score, rect in layout.dots:
            painter.drawEllipse(rect)
        painter.end()


DOT_COLOUR = "#1d4f91"


def _unbroken(label: str) -> str:
    """``label`` as rich text, a person's name kept on one line with the start of their role."""
    return html.escape(label).replace(" ", "&nbsp;", 1)


class Decisions(QWidget):
    """Each child's decision on a line of its own, two side by side where they fit whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardDecisions")
        self.labels: list[QLabel] = []
        self.texts: tuple[str, ...] = ()
        self.size = 18

    def set_decisions(self, lines: tuple[BoardLine, ...]) -> None:
        texts = tuple(capitalise(line.text) for line in lines)
        if texts == self.texts:
            return
        self.texts = texts
        while len(self.labels) < len(texts):
            label = QLabel(self, objectName="boardDecision")
            label.setWordWrap(True)
            self.labels.append(label)
        for n, label in enumerate(self.labels):
            label.setText(texts[n] if n < len(texts) else "")
            label.setVisible(n < len(texts))

    def _font(self, size: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(size)
        font.setBold(True)
        return font

    def widest(self, size: int) -> int:
        """The width of the longest decision on one line."""
        metrics = QFontMetrics(self._font(size))
        return max((metrics.horizontalAdvance(text) for text in self.texts), default=0)

    def _columns(self, width: int, size: int) -> int:
        metrics = QFontMetrics(self._font(size))
        half = (width - _GAP) // 2 - 16
        fits = all(metrics.horizontalAdvance(text) <= half for text in self.texts)
        return 2 if len(self.texts) > 1 and fits else 1

    def _rows(self, width: int, size: int) -> tuple[int, int, list[int]]:
        columns = self._columns(width, size)
        cell = (width - (columns - 1) * _GAP) // columns
        font = self._font(size)
        heights = []
        for label in self.labels[: len(self.texts)]:
            if label.font() != font:
                label.setFont(font)
            heights.append(label.heightForWidth(cell))
        return columns, cell, heights

    def need(self, width: int, size: int) -> int:
        if not self.texts:
            return 0
        columns, _cell, heights = self._rows(width, size)
        rows = [max(heights[n : n + columns]) for n in range(0, len(heights), columns)]
        return sum(rows) + _GAP * (len(rows) - 1)

    def apply(self, size: int) -> None:
        font = self._font(size)
        columns, cell, heights = self._rows(self.width(), size)
        y = 0
        for start in range(0, len(self.texts), columns):
            row = max(heights[start : start + columns])
            for n in range(start, min(start + columns, len(self.texts))):
                label = self.labels[n]
                if label.font() != font:
                    label.setFont(font)
                label.setGeometry((n - start) * (cell + _GAP), y, cell, row)
            y += row + _GAP

    def rects(self) -> list[tuple[str, QRect]]:
        return [(label.text(), label.geometry()) for label in self.labels if label.isVisibleTo(self)]


# The lists that are the business of each stage: at their stage they get the room first when space runs out.
_STAGE_LISTS = {stage.key: frozenset(stage.lists) for stage in STAGES} | {"plan": frozenset({"action"})}
_NAMES_STAY = ("scaling", "plan", "decision")  # the stages at which who gave which score stays on the board
_SHARES = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)  # of the width, that one column may have


@dataclass
class _Plan:
    """Where everything goes at one type size, and how many lines of each list are shown."""

    size: int
    names: bool
    header: tuple[int, int, int, int]
    top: int
    middle: int
    bottom: int
    scaling: tuple[int, int]
    decisions: tuple[int, int]
    widths: list[int] = field(default_factory=list)
    newest: list[int] = field(default_factory=list)  # how many of each column's other lines are shown
    columns_height: int = 0
    key_points_height: int = 0
    key_points_newest: int = -1  # -1: the key points are not on the board at all
    key_points_under: int = 3  # the column the key points are under; 3: across the board, under all three
    fits: bool = False
    pinned_fit: bool = False
    score: tuple = ()


class BoardPage(QWidget):
    """The conference's page of the board, laid out by hand so that what matters most is always whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPage")
        self.title = QLabel(self, objectName="boardTitle")
        self.title.setWordWrap(True)
        self.stage = QLabel(self, objectName="boardStage")
        self.stage.setWordWrap(True)
        self.children_line = QLabel(self, objectName="boardChildren")
        self.children_line.setWordWrap(True)
        self.columns = {key: BoardColumn(key, self) for key in ("worried", "working_well", "needs_to_happen")}
        self.key_points = BoardColumn("key_points", self)
        self.scaling = ScalingLine(self)
        self.decisions = Decisions(self)
        self.stage_key = ""
        self.size = 18
        self._last: tuple[tuple, tuple[int, ...], _Plan] | None = None  # what was laid out last, for a keystroke

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.arrange()

    def _layout_key(self) -> tuple:
        """All the board holds but the words of the line being typed: when only those change, the layout can."""
        parts = [self.width(), self.height(), self.stage_key, self.title.text(), self.children_line.text()]
        parts.append(self.stage.text())
        for column in (*self.columns.values(), self.key_points):
            parts.append(
                tuple((line.kind, line.being_typed, "" if line.being_typed else line.text) for line in column.lines)
            )
        parts.append(tuple(self.scaling.scores))
        parts.append(tuple(self.decisions.texts))
        return tuple(parts)

    def _typed_heights(self, plan: _Plan) -> tuple[int, ...]:
        """The height of each line being typed, at the width and type ``plan`` gives its column."""
        found = []
        for index, column in enumerate((*self.columns.values(), self.key_points)):
            for line in column.lines:
                if line.being_typed:
                    if index < 3:
                        width = plan.widths[index] if plan.widths else 0
                    else:
                        width = (
                            self.width() - 2 * _MARGIN
                            if plan.key_points_under == 3
                            else plan.widths[plan.key_points_under]
                        )
                    found.append(_measurer().height(_line_html(line), column.text_width(width), plan.size))
        return tuple(found)

    def _label_height(self, label: QLabel, width: int, size: int, factor: float = 1.0, bold: bool = False) -> int:
        font = QFont(label.font())
        font.setPixelSize(int(size * factor))
        font.setBold(bold)
        if label.font() != font:
            label.setFont(font)
        return label.heightForWidth(width) if label.text() else 0

    def _header(self, width: int, size: int) -> tuple[int, int, int, int]:
        """Heights of the title, the stage and the children's line, and the stage's width (0: under the title)."""
        inner = width - 2 * _MARGIN
        stage_font = QFont(self.stage.font())
        stage_font.setPixelSize(size)
        stage_width = QFontMetrics(stage_font).horizontalAdvance(self.stage.text()) + 2 * 16 + 16
        title_font = QFont(self.title.font())
        title_font.setPixelSize(int(size * 1.15))
        title_font.setBold(True)
        title_width = QFontMetrics(title_font).horizontalAdvance(self.title.text()) + 2 * 16 + 4
        side_by_side = bool(self.stage.text()) and title_width + stage_width + _GAP <= inner
        title = self._label_height(self.title, inner - (stage_width + _GAP if side_by_side else 0), size, 1.15, True)
        self.stage.setWordWrap(not side_by_side)
        stage = self._label_height(self.stage, stage_width if side_by_side else inner, size) if self.stage.text() else 0
        children = self._label_height(self.children_line, inner, size)
        return title, stage, children, stage_width if side_by_side else 0

    def arrange(self) -> None:
        """Choose the type size and what is shown, and put every part in its place. A keystroke that changes only
        the words of the line being typed, not how many lines they take, keeps the layout it had (choosing the
        layout measures the board many times over; a keystroke must reach the board within a frame)."""
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0:
            return
        key = self._layout_key()
        if self._last is not None and self._last[0] == key and self._last[2].widths:
            plan = self._last[2]
            typed = self._typed_heights(plan)
            if typed == self._last[1] or not plan.pinned_fit:
                # The same lines (or a window too small even for the pinned lines, where every column is cut at
                # its end whatever is chosen): the same layout.
                self._apply(plan)
                return
            if plan.pinned_fit and all(now >= before for now, before in zip(typed, self._last[1], strict=False)):
                refitted = self._refit(plan)  # the line being typed took another line: the oldest give way
                if refitted is not None:
                    self._apply(refitted)
                    return
        self._last = None
        self._choose()

    def _refit(self, plan: _Plan) -> _Plan | None:
        """``plan`` with as many of the oldest lines left out of a column as its line being typed now needs, so the
        line being typed stays whole in the same layout; None when that is not enough (the layout is chosen
        again)."""
        key_points_shown = bool(self.key_points.lines) and plan.key_points_newest >= 0
        newest = list(plan.newest)
        key_points_newest = plan.key_points_newest
        for index, column in enumerate(self.columns.values()):
            if not any(line.being_typed for line in column.lines):
                continue
            height = plan.columns_height - (
                plan.key_points_height if index == plan.key_points_under and key_points_shown else 0
            )
            while (
                newest[index] >= 0 and column.need(plan.widths[index], plan.size, *column.pick(newest[index])) > height
            ):
                newest[index] -= 1
            if newest[index] < 0:
                return None
        if key_points_shown and any(line.being_typed for line in self.key_points.lines):
            under = plan.key_points_under
            width = self.width() - 2 * _MARGIN if under == 3 else plan.widths[under]
            while (
                key_points_newest >= 0
                and self.key_points.need(width, plan.size, *self.key_points.pick(key_points_newest))
                > plan.key_points_height
            ):
                key_points_newest -= 1
            if key_points_newest < 0:
                return None
        return replace(plan, newest=newest, key_points_newest=key_points_newest)

    def _choose(self) -> None:
        width, height = self.width(), self.height()
        smallest, largest = smallest_type(height), largest_type(width, height)
        plan = self._everything(self._frame(width, height, smallest))
        if plan is not None:
            # Everything fits in the smallest type: the largest type in which it fits (larger type needs more
            # room, so the sizes that fit run from the smallest up to that one).
            low, high = smallest, largest
            while low < high:
                size = (low + high + 1) // 2
                larger = self._everything(self._frame(width, height, size))
                if larger is None:
                    high = size - 1
                else:
                    low, plan = size, larger
            if plan.size != low:
                plan = self._everything(self._frame(width, height, low))
            assert plan is not None
            self._apply(plan)
            return
        plan = self._give_way(self._frame(width, height, smallest))
        if self.scaling.scores and not (self.stage_key in _NAMES_STAY and plan.pinned_fit):
            # Who gave which score gives way before the lines of the stage; from the scaling on the names stay
            # when the pinned lines fit with them (at the plan stage, when the actions lose nothing by them).
            without = self._give_way(self._frame(width, height, smallest, names=False))
            if not (self.stage_key == "plan" and plan.pinned_fit and plan.score[:4] >= without.score[:4]):
                plan = without
        self._apply(plan)

    def _frame(self, width: int, height: int, size: int, names: bool = True) -> _Plan:
        """The header, the scores and the decisions at type ``size``, and the height left for the columns."""
        title, stage, children, stage_width = self._header(width, size)
        header = _MARGIN + (max(title, stage) if stage_width else title + stage) + children + _GAP
        full_width = width - 2 * _MARGIN
        # The scores and the decisions side by side under the columns, each across the board when alone.
        scaling_width = full_width
        if self.scaling.scores and self.decisions.texts:
            widest = self.decisions.widest(size) + 48
            scaling_width = full_width - _GAP - min(int(full_width * 0.64), max(int(full_width * 0.4), widest))
        decisions_width = full_width - scaling_width - _GAP if scaling_width < full_width else full_width
        scaling = self.scaling.need(scaling_width, size, names) if self.scaling.scores else 0
        decisions = self.decisions.need(decisions_width, size)
        bottom = max(scaling, decisions) + (_GAP if scaling or decisions else 0) + _MARGIN
        return _Plan(
            size=size,
            names=names,
            header=(title, stage, children, stage_width),
            top=header,
            middle=height - header - bottom,
            bottom=bottom,
            scaling=(scaling_width, scaling),
            decisions=(decisions_width, decisions),
        )

    def _splits(self, full_width: int) -> list[tuple[int, ...]]:
        """The ways the three columns may share the width: equal first, then each from a quarter to a half."""
        equal = full_width // 3
        found = [(equal, equal, full_width - 2 * equal)]
        for first in _SHARES:
            for second in _SHARES:
                third = round(1 - first - second, 2)
                if _SHARES[0] <= third <= _SHARES[-1]:
                    one, two = int(full_width * first), int(full_width * second)
                    found.append((one, two, full_width - one - two))
        return found

    def _everything(self, plan: _Plan) -> _Plan | None:
        """``plan`` with every line shown, or None when everything does not fit at this type size. Of the splits of
        the width, and the places for the key points (across the board, or under one column), the one whose
        tallest part is lowest; equal widths with the key points across the board when they hold it all."""
        size, full_width = plan.size, self.width() - 2 * _MARGIN
        columns = list(self.columns.values())
        has_key_points = bool(self.key_points.lines)
        best: tuple[tuple[int, bool, float], tuple[int, ...], int, int, int] | None = None
        measured: dict[tuple[int, int], int] = {}
        for n, widths in enumerate(self._splits(full_width)):
            for index, (column, column_width) in enumerate(zip(columns, widths, strict=True)):
                if (index, column_width) not in measured:
                    measured[index, column_width] = column.need(column_width, size)
            needs = [measured[index, column_width] for index, column_width in enumerate(widths)]
            imbalance = max(abs(w - full_width / 3) for w in widths) if n else -1.0
            for under in (3, 0, 1, 2) if has_key_points else (3,):
                kp_width = full_width if under == 3 else widths[under]
                if (3, kp_width) not in measured:
                    measured[3, kp_width] = self.key_points.need(kp_width, size) if has_key_points else 0
                key_points = measured[3, kp_width]
                if under == 3:
                    tallest, columns_height = max(needs) + key_points, plan.middle - key_points
                else:
                    tallest = max(need + (key_points if i == under else 0) for i, need in enumerate(needs))
                    columns_height = plan.middle
                rank = (tallest, under != 3, imbalance)
                if tallest <= plan.middle and (best is None or rank < best[0]):
                    best = (rank, widths, under, columns_height, key_points)
            if n == 0 and best is not None and best[2] == 3:
                break
        if best is None:
            return None
        _rank, widths, under, columns_height, key_points = best
        return replace(
            plan,
            widths=list(widths),
            newest=[len(c.others()) for c in columns],
            columns_height=columns_height,
            key_points_height=key_points,
            key_points_newest=len(self.key_points.others()) if has_key_points else -1,
            key_points_under=under,
            fits=True,
            pinned_fit=True,
        )

    def _give_way(self, plan: _Plan) -> _Plan:
        """``plan`` when not everything fits: the split of the width between the columns, and where the key points
        go (across the board under the columns, or under one column) and how high they are, that keeps, in this
        order: the pinned lines whole; the key points on the board (at least how many there are); the newest line of
        each of the current stage's lists, then as many of their lines as can be; a line of every other list; and
        then as many lines as can be, the newest first."""
        size, middle, full_width = plan.size, plan.middle, self.width() - 2 * _MARGIN
        columns = list(self.columns.values())
        others = [c.others() for c in columns]
        stage = _STAGE_LISTS.get(self.stage_key, frozenset())
        key_points = self.key_points
        kp_others = key_points.others()
        kp_options: dict[int, list[tuple[int, int]]] = {}

        def options(width: int) -> list[tuple[int, int]]:
            """(height, how many of the newest key points) for key points ``width`` wide."""
            if width not in kp_options:
                heights = key_points.heights(width, size, middle)
                kp_options[width] = [(h, newest) for newest, h in enumerate(heights) if h <= middle]
            return kp_options[width]

        measured: dict[tuple[int, int], list[int]] = {}
        best: _Plan | None = None
        for n, widths in enumerate(self._splits(full_width)):
            heights_of = []
            for index, (column, column_width) in enumerate(zip(columns, widths, strict=True)):
                if (index, column_width) not in measured:
                    measured[index, column_width] = column.heights(column_width, size, middle)
                heights_of.append(measured[index, column_width])
            imbalance = -max(abs(w - full_width / 3) for w in widths) if n else 1.0
            # Where the key points go: nowhere (-1, or nothing to show), across the board (3), under a column.
            places: list[tuple[int, int, int]] = [(3, 0, -1 if key_points.lines else 0)]
            if key_points.lines:
                places += [(3, h, newest) for h, newest in options(full_width)]
                for under in range(3):
                    places += [(under, h, newest) for h, newest in options(widths[under])]
            for under, kp_height, kp_newest in places:
                rooms = (
                    [middle - kp_height] * 3
                    if under == 3
                    else [middle - (kp_height if i == under else 0) for i in range(3)]
                )
                newest = [
                    max((j for j, h in enumerate(hs) if h <= room), default=-1)
                    for hs, room in zip(heights_of, rooms, strict=True)
                ]
                overflow = max(hs[0] - room for hs, room in zip(heights_of, rooms, strict=True))
                shown = [lines[len(lines) - j :] if j > 0 else () for lines, j in zip(others, newest, strict=True)]
                shown.append(kp_others[len(kp_others) - kp_newest :] if kp_newest > 0 else ())
                totals = [len(lines) for lines in others] + [len(kp_others)]
                staged = [sum(1 for line in lines if line.kind in stage) for lines in shown]
                score = (
                    overflow <= 0,
                    -max(0, overflow),
                    kp_newest >= 0,
                    sum(1 for count in staged if count),  # each of the stage's lists has its newest line shown
                    sum(staged),
                    sum(1 for lines, total in zip(shown, totals, strict=True) if lines or not total),
                    sum(len(lines) for lines in shown),
                    under == 3,
                    imbalance,
                )
                if best is None or score > best.score:
                    best = replace(
                        plan,
                        widths=list(widths),
                        newest=[max(0, j) for j in newest],
                        columns_height=middle - kp_height if under == 3 else middle,
                        key_points_height=kp_height,
                        key_points_newest=kp_newest,
                        key_points_under=under,
                        pinned_fit=overflow <= 0,
                        score=score,
                    )
        assert best is not None
        return best

    def _apply(self, plan: _Plan) -> None:
        if plan.widths:
            self._last = (self._layout_key(), self._typed_heights(plan), plan)
        size = self.size = plan.size
        width = self.width()
        inner = width - 2 * _MARGIN
        title, stage, children, stage_width = plan.header
        y = _MARGIN
        if stage_width:
            self.title.setGeometry(_MARGIN, y, inner - stage_width - _GAP, max(title, stage))
            self.stage.setGeometry(width - _MARGIN - stage_width, y, stage_width, stage)
            y += max(title, stage)
        else:
            self.title.setGeometry(_MARGIN, y, inner, title)
            y += title
            self.stage.setGeometry(_MARGIN, y, inner, stage)
            y += stage
        self.stage.setVisible(bool(self.stage.text()))
        self.children_line.setGeometry(_MARGIN, y, inner, children)
        y = plan.top
        columns_height = max(0, plan.columns_height)
        under = plan.key_points_under
        key_points_shown = bool(self.key_points.lines) and plan.key_points_newest >= 0
        self.key_points.setVisible(key_points_shown)
        x = _MARGIN
        newest_lines = plan.newest
        if not plan.pinned_fit:
            # A window too small for the pinned lines even in the smallest type (not a projector): every column
            # shows its pinned lines and its newest line, cut where the window ends.
            columns = zip(self.columns.values(), plan.newest, strict=True)
            newest_lines = [max(n, min(1, len(c.others()))) for c, n in columns]
        for index, (column, column_width, newest) in enumerate(
            zip(self.columns.values(), plan.widths, newest_lines, strict=True)
        ):
            column_height = columns_height - (plan.key_points_height if index == under and key_points_shown else 0)
            column.setGeometry(x, y, column_width, max(0, column_height))
            column.apply(column_width, max(0, column_height), size, newest)
            if index == under and key_points_shown:
                self.key_points.setGeometry(x, y + column_height, column_width, plan.key_points_height)
                self.key_points.apply(column_width, plan.key_points_height, size, plan.key_points_newest)
            x += column_width
        if under == 3 and key_points_shown:
            self.key_points.setGeometry(_MARGIN, y + columns_height, inner, plan.key_points_height)
            self.key_points.apply(inner, plan.key_points_height, size, plan.key_points_newest)
        y = self.height() - plan.bottom + _GAP
        scaling_width, scaling = plan.scaling
        self.scaling.setVisible(bool(self.scaling.scores))
        self.scaling.setGeometry(_MARGIN, y, scaling_width, scaling)
        self.scaling.apply(size, plan.names)
        decisions_width, decisions = plan.decisions
        self.decisions.setVisible(bool(self.decisions.texts))
        self.decisions.setGeometry(width - _MARGIN - decisions_width, y, decisions_width, decisions)
        self.decisions.apply(size)


class BoardWindow(QWidget):
    """The projected board. Full screen on the second screen when there is one; the chair can move it."""

    said = Signal(str)  # a sentence for the chair's status bar (the projector went away, came back)

    def __init__(self, controller: MeetingController) -> None:
        super().__init__()
        self.setObjectName("board")
        self.setWindowTitle("ChairDesk board")
        self.setAccessibleName("Conference board")
        self.setStyleSheet(stylesheet("board.qss"))
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.page = BoardPage()
        self.title, self.children_line, self.stage = self.page.title, self.page.children_line, self.page.stage
        self.columns, self.key_points = self.page.columns, self.page.key_points
        self.scaling, self.decisions = self.page.scaling, self.page.decisions
        self.stack.addWidget(self.page)
        self.blank_page = QLabel(objectName="boardBlank", alignment=Qt.AlignmentFlag.AlignCenter)
        self.blank_page.setWordWrap(True)
        self.stack.addWidget(self.blank_page)
        self.stack.setCurrentWidget(self.blank_page)
        self.projector_lost = False

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._leave_full_screen)
        self.controller = controller
        controller.board_changed.connect(self.refresh)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenRemoved.connect(self.screen_removed)
        app.screenAdded.connect(self.screen_added)
        self.refresh()

    def set_controller(self, controller: MeetingController) -> None:
        """Show another conference: the board blanks before anything of it is drawn, and stays blank until
        the chair shows it."""
        self.controller.board_changed.disconnect(self.refresh)
        controller.set_blank(True)
        self.controller = controller
        controller.board_changed.connect(self.refresh)
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.show_content(self.controller.board())

    def show_content(self, content: BoardContent) -> None:
        if content.blank:
            self.blank_page.setText(content.title)
            self.stack.setCurrentWidget(self.blank_page)
            self._empty_page()  # nothing of the conference is left behind the neutral screen
            return
        page = self.page
        page.title.setText(content.title)
        page.children_line.setText("Children: " + " · ".join(content.children) if content.children else "")
        page.stage.setText(content.stage)
        page.stage_key = content.stage_key
        page.columns["worried"].show_lines(content.worried)
        page.columns["working_well"].show_lines(content.working_well)
        page.columns["needs_to_happen"].show_lines(content.needs_to_happen)
        page.key_points.show_lines(content.key_points)
        page.scaling.set_scores(content.scores)
        page.decisions.set_decisions(content.decisions)
        page.arrange()
        self.stack.setCurrentWidget(page)  # only now, filled and laid out

    def _empty_page(self) -> None:
        page = self.page
        for label in (page.title, page.children_line, page.stage):
            label.clear()
        for column in (*page.columns.values(), page.key_points):
            column.clear()
        page.scaling.set_scores(())
        page.decisions.set_decisions(())

    def visible_text(self) -> str:
        """Every word the room can read now (for tests and for screen readers)."""
        if self.stack.currentWidget() is self.blank_page:
            return self.blank_page.text()
        page = self.page
        parts = [page.title.text(), page.children_line.text(), page.stage.text(), *page.decisions.texts]
        columns = [*page.columns.values()] + ([page.key_points] if page.key_points.isVisibleTo(page) else [])
        parts += [c.heading.text() + "\n" + c.text() for c in columns]
        parts += [s.label for s in page.scaling.scores]
        return "\n".join(parts)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        font = QFont(self.blank_page.font())
        font.setPixelSize(2 * largest_type(self.width(), self.height()))
        font.setBold(True)
        self.blank_page.setFont(font)

    # -- placement ---------------------------------------------------------------------------------------

    def place(self, screen: QScreen | None = None) -> None:
        """Full screen on the projector (``screen``, or the screen that is not the primary one) or a window when
        there is only the laptop's screen."""
        primary = QGuiApplication.primaryScreen()
        if screen is None:
            screen = next((s for s in QGuiApplication.screens() if s is not primary), None)
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            available = primary.availableGeometry() if primary else None
            if available is not None:
                self.resize(int(available.width() * 0.6), int(available.height() * 0.6))
            self.showNormal()

    def on_projector(self) -> bool:
        """Whether the board is on a screen of its own, not the laptop's."""
        return self.isVisible() and self.screen() is not QGuiApplication.primaryScreen()

    def screen_removed(self, screen: QScreen) -> None:
        """The projector's screen went away: blank and hide, rather than be moved onto the laptop's screen."""
        handle = self.windowHandle()
        if not self.isVisible() or (self.screen() is not screen and (handle is None or handle.screen() is not screen)):
            return
        self.controller.set_blank(True)
        self.hide()
        self.projector_lost = True
        self.said.emit(
            "The projector was disconnected: the board is blank and hidden. When a projector is connected again "
            "the board comes back on it, blank; F8 shows it."
        )

    def screen_added(self, screen: QScreen) -> None:
        """A projector came (back): the board goes onto it, blank."""
        if screen is QGuiApplication.primaryScreen() or (self.isVisible() and self.on_projector()):
            return
        self.controller.set_blank(True)
        self.projector_lost = False
        if self.isVisible():
            self.hide()
        self.place(screen)
        self.said.emit("A projector was connected: the board is on it, blank. F8 shows it to the room.")

    def _leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()


class ScreenNumber(QLabel):
    """A large number on one screen, for a few seconds, so the chair sees which screen is which."""

    def __init__(self, number: int, screen: QScreen, what: str) -> None:
        super().__init__()
        self.setWindowFlags(Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("screenNumber")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = number
        self.setText(
            f"<div style='font-size:{max(120, screen.geometry().height() // 4)}px'><b>{number}</b></div>"
            f"<div style='font-size:{max(18, screen.geometry().height() // 30)}px'>{html.escape(what)}</div>"
        )
        self.setStyleSheet("#screenNumber { background: #1d4f91; color: #ffffff; border-radius: 24px; }")
        area = screen.geometry()
        self.setScreen(screen)
        self.setGeometry(
            area.x() + area.width() // 4, area.y() + area.height() // 4, area.width() // 2, area.height() // 2
        )

    def mousePressEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.close()


class IdentifyScreens(QObject):
    """ "Identify screens": a large number on each screen for a few seconds; Escape or a click closes them."""

    SECONDS = 3

    def __init__(self, board: BoardWindow | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.numbers: list[ScreenNumber] = []
        self.timer = QTimer(self, singleShot=True, interval=self.SECONDS * 1000, timeout=self.close)

    def show(self) -> None:
        self.close()
        primary = QGuiApplication.primaryScreen()
        for number, screen in enumerate(QGuiApplication.screens(), start=1):
            what = screen.name()
            if screen is primary:
                what += ": the console"
            if self.board is not None and self.board.isVisible() and self.board.screen() is screen:
                what += ", the board" if screen is primary else ": the board"
            label = ScreenNumber(number, screen, what)
            label.destroyed.connect(lambda _=None, shown=label: self._forget(shown))
            self.numbers.append(label)
            label.show()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def _forget(self, label: ScreenNumber) -> None:
        if label in self.numbers:
            self.numbers.remove(label)

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
        for label in list(self.numbers):
            label.close()
        self.numbers.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.close()
            return True
        return False


class KeepDialogsOffTheProjector(ApplicationFilter):
    """Any window about to open on the board's screen (a dialog, a message, a menu torn off) is moved over the
    console before it is drawn, and one moved onto it later (the preparation window dragged across) is moved back:
    the room never sees one. Installed on the application with the board."""

    def __init__(self, board: BoardWindow, console: QWidget) -> None:
        super().__init__(console)
        self.board, self.console = board, console

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Move) or not isinstance(watched, QWidget):
            return False
        if not watched.isWindow() or (kind == QEvent.Type.Move and not watched.isVisible()):
            return False
        if watched is self.board or watched is self.console or isinstance(watched, ScreenNumber):
            return False  # (the console is the chair's to place: its frame may reach past the laptop's edge)
        if watched.property(COVER):
            return False  # the idle lock's covers are placed on their screens on purpose
        if not self.board.isVisible():
            return False
        board_screen = self.board.screen()
        console_screen = self.console.screen()
        if board_screen is None or board_screen is console_screen:
            return False
        frame, projector = watched.frameGeometry(), board_screen.geometry()
        # Opening: any part of it on the projector. Moved: its middle there (a frame's edge past the laptop's is not,
        # and moving it back must not move it again).
        on_it = projector.intersects(frame) if kind == QEvent.Type.Show else projector.contains(frame.center())
        if on_it:  # (asking a passing window for its screen spoils PySide's)
            over = self.console.geometry()
            watched.setScreen(console_screen)
            watched.move(over.center().x() - frame.width() // 2, over.center().y() - frame.height() // 2)
        return False
