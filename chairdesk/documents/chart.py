"""The scaling charts, drawn with Pillow (no Qt in the core): each person's score from 0 to 10 as a bar
(:func:`scaling_chart`), and the scaling across conferences at a review (:func:`history_chart`).

The pictures are drawn at about 300 dots per inch for a 16 cm wide picture, so they print sharply; each comes
with alt text that says everything the picture shows, for readers who cannot see it. Names are drawn in the fonts
ChairDesk ships (:data:`SHIPPED_FONTS`), letter by letter in the first that has it: Welsh, Polish, Arabic joined and
right to left, emoji; the same picture on every machine (:func:`draw_text`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import arabic_reshaper
from bidi.algorithm import get_display  # python-bidi's own algorithm: it mirrors brackets, its Rust one does not
from PIL import Image, ImageDraw, ImageFont

from chairdesk.paths import resource

WIDTH = 1900
ROW = 84
TOP = 80
BOTTOM = 130
LABEL_WIDTH = 820
RIGHT_MARGIN = 70
INK = (33, 33, 33)
GRID = (200, 205, 212)
BAR = (31, 78, 121)
BACKGROUND = (255, 255, 255)


@dataclass(frozen=True)
class ScoreBar:
    label: str
    score: int


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# The fonts ChairDesk ships (resources/fonts/, with their licences), tried first and in this order, so the chart is
# the same on Windows, macOS and Linux: DejaVu Sans has Latin with every Welsh and Polish letter, Greek, Cyrillic,
# Hebrew and Arabic; Noto Emoji (one colour, drawn like the text) has the emoji.
SHIPPED_FONTS = ("DejaVuSans.ttf", "NotoEmoji-Regular.ttf")
# Pillow's basic layout everywhere, with the Arabic shaped and every line put in display order by arabic-reshaper and
# python-bidi (:func:`display_text`): Pillow's complex layout (raqm) needs the FriBiDi library, which Pillow's wheels
# do not carry (on Windows it is not there at all), so with it the chart would differ from machine to machine.
LAYOUT = ImageFont.Layout.BASIC
# Drawn for a letter no font here has: the Unicode replacement character, a clear "cannot be shown" sign rather than
# an empty box (the name is whole in the alt text and in the document's text).
MISSING = "\ufffd"

# Fonts on the machine with wide coverage, tried after the shipped ones for a letter neither has (Devanagari...).
_FONT_FILES = (
    "NotoSans-Regular.ttf",
    "segoeui.ttf",
    "arial.ttf",
    "Arial Unicode.ttf",
    "LiberationSans-Regular.ttf",
    "NotoSansArabic-Regular.ttf",
    "tahoma.ttf",
    "Arial.ttf",
)
# Letters that only steer joining, direction or the emoji's look, and have no picture of their own, and the emoji
# skin tones (the emoji are drawn in one colour, like the text): dropped from what is drawn once the text is shaped
# and in display order. An emoji joined of several (a family) is drawn as its parts, side by side.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    + list(range(0x1F3FB, 0x1F400))
)


def _font_folders() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"] if sys.platform == "win32" else []
    folders += [
        Path.home() / ".local/share/fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
    ]
    return [f for f in folders if f.is_dir()]


@cache
def _font_paths() -> tuple[str, ...]:
    """The wide-coverage fonts on this machine, in the order of :data:`_FONT_FILES`."""
    found: dict[str, str] = {}
    wanted = {name.casefold(): name for name in _FONT_FILES}
    for folder in _font_folders():
        for path in folder.rglob("*.[tT][tT][fF]"):
            name = wanted.get(path.name.casefold())
            if name and name not in found:
                found[name] = str(path)
    return tuple(found[name] for name in _FONT_FILES if name in found)


@cache
def _shipped(name: str) -> bytes:
    return resource(f"fonts/{name}").read_bytes()


@cache
def _fonts(size: int) -> tuple[ImageFont.FreeTypeFont, ...]:
    """The shipped fonts at ``size``, first the one for text (:data:`SHIPPED_FONTS`)."""
    return tuple(ImageFont.truetype(io.BytesIO(_shipped(name)), size, layout_engine=LAYOUT) for name in SHIPPED_FONTS)


@cache
def _system_fonts(size: int) -> tuple[Font, ...]:
    """The machine's wide fonts at ``size``, looked for only when a letter is in no shipped font."""
    fonts: list[Font] = []
    for path in _font_paths():
        try:
            fonts.append(ImageFont.truetype(path, size, layout_engine=LAYOUT))
        except OSError:
            continue
    return tuple(fonts)


@cache
def _has_letter(font: Font, letter: str) -> bool:
    """Whether ``font`` draws ``letter`` itself, not its box for a letter it does not have (its .notdef glyph)."""
    if letter.isspace():
        return True
    return bytes(font.getmask(letter)) != bytes(font.getmask("\U0010fffd"))


def covers(font: Font, text: str) -> bool:
    return all(_has_letter(font, letter) for letter in text)


def font_for(text: str, size: int) -> Font:
    """The first font that has every letter of ``text`` (the first font when none has them all)."""
    fonts = _fonts(size) + _system_fonts(size)
    return next((font for font in fonts if covers(font, text)), fonts[0])


@cache
def _font_for_letter(letter: str, size: int) -> Font | None:
    """The first shipped font that has ``letter``; the machine's fonts are looked through only for a letter none has."""
    shipped = next((f for f in _fonts(size) if _has_letter(f, letter)), None)
    return shipped or next((f for f in _system_fonts(size) if _has_letter(f, letter)), None)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return _fonts(size)[0]


@cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    # The vowel marks (harakat) a name is written with are kept, not deleted (the library's default).
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


@lru_cache(maxsize=1024)
def display_text(text: str) -> str:
    """``text`` as it is drawn, left to right: its Arabic letters in their joined forms (initial, medial, final, and
    lam-alef as one), every right-to-left stretch in display order by the Unicode bidi algorithm (the line's direction
    from its first strong letter, as the documents' paragraphs, :func:`chairdesk.documents.render.starts_right_to_left`;
    brackets mirrored), and the letters that only steer (joiners, direction marks, emoji variation selectors) taken
    out."""
    text = unicodedata.normalize("NFC", text)
    if any(unicodedata.bidirectional(letter) in ("R", "AL", "AN") for letter in text):
        text = get_display(_reshaper().reshape(text))
    return text.translate(_INVISIBLE)


@lru_cache(maxsize=1024)
def glyph_runs(text: str, size: int) -> tuple[tuple[str, Font], ...]:
    """What is drawn for ``text`` at ``size``, left to right: stretches of :func:`display_text` each with the first
    font that has their letters (the shipped ones first). A letter no font has is drawn as :data:`MISSING`."""
    runs: list[tuple[str, Font]] = []
    for letter in display_text(text):
        # A mark over a letter stays with the stretch it is in; any other letter (a space too: the emoji font's are
        # wide) takes the first font that has it.
        joins = runs and unicodedata.category(letter).startswith("M")
        font = runs[-1][1] if joins and _has_letter(runs[-1][1], letter) else _font_for_letter(letter, size)
        if font is None:
            letter, font = MISSING, _font(size)
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + letter, font)
        else:
            runs.append((letter, font))
    return tuple(runs)


def text_width(text: str, size: int) -> float:
    return sum(font.getlength(run) for run, font in glyph_runs(text, size))


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: Any, anchor: str) -> None:
    """Draw ``text`` (any script, any direction, emoji) at ``xy`` like ``draw.text`` with ``anchor`` (l/m/r, then
    m or s: middle or baseline), each stretch in its own font (:func:`glyph_runs`) on one baseline."""
    x, y = xy
    width = text_width(text, size)
    x -= {"l": 0, "m": width / 2, "r": width}[anchor[0]]
    if anchor[1] == "m":  # halfway between the text font's ascender and descender, as Pillow's "m"
        ascent, descent = _font(size).getmetrics()
        y += (ascent - descent) / 2
    for run, font in glyph_runs(text, size):
        draw.text((x, y), run, font=font, fill=fill, anchor="ls")
        x += font.getlength(run)


def _fit(text: str, size: int, width: float) -> str:
    """``text``, or as much of it as fits in ``width`` with "…" after it (at the end of the words as read)."""
    if text_width(text, size) <= width:
        return text
    low, high = 0, len(text)  # the longest beginning of the text that fits with "…"
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def alt_text(bars: list[ScoreBar], about: str) -> str:
    scores = [b.score for b in bars]
    each = "; ".join(f"{b.label}: {b.score}" for b in bars)
    spread = f"The scores go from {min(scores)} to {max(scores)}." if len(set(scores)) > 1 else ""
    return (
        f"Bar chart of the scaling scores for {about}, on a scale of 0 to 10, where 0 means the children are "
        f"certain to be harmed and 10 means they are safe enough for the conference to close. {each}. {spread}"
    ).strip()


def scaling_chart(bars: list[ScoreBar], about: str) -> tuple[bytes, str]:
    """The chart as PNG bytes, and its alt text. The same chart (every document of a set has the scaling its reader
    may see, most often all the same) is drawn once and its PNG reused."""
    return _scaling_chart(tuple(bars), about)


@lru_cache(maxsize=32)
def _scaling_chart(bars: tuple[ScoreBar, ...], about: str) -> tuple[bytes, str]:
    height = TOP + ROW * len(bars) + BOTTOM
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    label_font, small = _font(40), _font(34)
    left, right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    step = (right - left) / 10
    # The scale, 0 to 10, with a light line at each number.
    for n in range(11):
        x = round(left + n * step)
        draw.line([(x, TOP - 10), (x, TOP + ROW * len(bars))], fill=GRID, width=2)
        draw.text((x, TOP - 18), str(n), font=small, fill=INK, anchor="ms")
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        middle = y + ROW // 2
        label = _fit(bar.label, 40, LABEL_WIDTH - 40)
        draw_text(draw, (LABEL_WIDTH - 24, middle), label, 40, INK, "rm")
        end = left + max(bar.score, 0) * step
        if bar.score > 0:
            draw.rectangle([left, y + 16, end, y + ROW - 16], fill=BAR)
        draw.text((end + 14, middle), str(bar.score), font=label_font, fill=INK, anchor="lm")
    draw.line([(left, TOP + ROW * len(bars)), (right, TOP + ROW * len(bars))], fill=INK, width=2)
    base = TOP + ROW * len(bars) + 50
    draw.text((left, base), "0: certain to be harmed", font=small, fill=INK, anchor="lm")
    draw.text((right, base), "10: safe enough to close", font=small, fill=INK, anchor="rm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, dpi=(300, 300))
    return out.getvalue(), alt_text(list(bars), about)


# -- the scaling across conferences (a review) ------------------------------------------------------------------

HISTORY_HEIGHT = 1150
PLOT_LEFT = 150
PLOT_RIGHT = WIDTH - 90
PLOT_TOP = 150
PLOT_BOTTOM = HISTORY_HEIGHT - 250
SPREAD = (214, 226, 240)
DOT = (120, 128, 140)
MEDIAN = (192, 80, 0)


@dataclass(frozen=True)
class Round:
    """One conference's scaling: its date, its kind in words ("initial conference"), and each score with the
    scorer's name as it was then."""

    date: dt.date
    kind: str
    scores: tuple[tuple[str, int], ...]

    @property
    def median(self) -> float:
        return statistics.median(score for _name, score in self.scores)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def history_alt_text(rounds: list[Round], about: str) -> str:
    parts = []
    for r in rounds:
        each = "; ".join(f"{name}: {score}" for name, score in r.scores)
        low, high = min(s for _n, s in r.scores), max(s for _n, s in r.scores)
        spread = f"from {low} to {high}" if low != high else f"all {low}"
        parts.append(f"{r.kind} on {_day(r.date)}: middle score {_number(r.median)}, scores {spread} ({each})")
    return (
        f"Chart of the scaling scores for {about} at each conference, on a scale of 0 to 10, where 0 means the "
        f"children are certain to be harmed and 10 means they are safe enough for the conference to close. "
        + ". ".join(parts)
        + "."
    )


def history_chart(rounds: list[Round], about: str) -> tuple[bytes, str]:
    """The scaling across conferences as PNG bytes, and its alt text: the conferences' dates along the bottom,
    0 to 10 up the side; for each conference a pale band from its lowest to its highest score (the spread), a grey
    dot for each person's score, and the middle score (the median) in orange, joined from one conference to the
    next so the chair sees at a glance whether the scores are rising and whether people agree. Drawn once for the
    same rounds, like :func:`scaling_chart`."""
    return _history_chart(tuple(rounds), about)


@lru_cache(maxsize=32)
def _history_chart(given: tuple[Round, ...], about: str) -> tuple[bytes, str]:
    rounds = sorted((r for r in given if r.scores), key=lambda r: r.date)
    image = Image.new("RGB", (WIDTH, HISTORY_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = _font(34)
    title = f"Scaling at each conference: {about}"
    draw_text(draw, (PLOT_LEFT - 100, 60), _fit(title, 46, WIDTH - 120), 46, INK, "lm")

    def y_of(score: float) -> float:
        return PLOT_BOTTOM - score * (PLOT_BOTTOM - PLOT_TOP) / 10

    for n in range(11):
        y = round(y_of(n))
        draw.line([(PLOT_LEFT, y), (PLOT_RIGHT, y)], fill=GRID, width=2)
        draw.text((PLOT_LEFT - 20, y), str(n), font=small, fill=INK, anchor="rm")
    draw.line([(PLOT_LEFT, PLOT_BOTTOM), (PLOT_RIGHT, PLOT_BOTTOM)], fill=INK, width=3)
    if not rounds:
        draw.text(((PLOT_LEFT + PLOT_RIGHT) // 2, (PLOT_TOP + PLOT_BOTTOM) // 2), "No scores yet", font=small, fill=INK)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(len(rounds), 1)
    xs = [PLOT_LEFT + step * (i + 0.5) for i in range(len(rounds))]
    medians = [(x, y_of(r.median)) for x, r in zip(xs, rounds, strict=True)]
    band = min(90, step / 3)
    for x, r in zip(xs, rounds, strict=True):
        values = [score for _name, score in r.scores]
        draw.rounded_rectangle(
            [x - band / 2, y_of(max(values)) - 14, x + band / 2, y_of(min(values)) + 14], radius=14, fill=SPREAD
        )
        # One dot per person; people who gave the same score sit side by side.
        for value in sorted(set(values)):
            same = values.count(value)
            for k in range(same):
                dx = (k - (same - 1) / 2) * 22
                draw.ellipse([x + dx - 9, y_of(value) - 9, x + dx + 9, y_of(value) + 9], fill=DOT)
        draw.text((x, PLOT_BOTTOM + 50), _day(r.date), font=small, fill=INK, anchor="mm")
        draw_text(draw, (x, PLOT_BOTTOM + 95), _fit(r.kind, 30, step - 10), 30, INK, "mm")
        people = "1 person" if len(values) == 1 else f"{len(values)} people"
        draw_text(draw, (x, PLOT_BOTTOM + 135), people, 30, DOT, "mm")
    if len(medians) > 1:
        draw.line(medians, fill=MEDIAN, width=6)
    for (mx, my), r in zip(medians, rounds, strict=True):
        draw.ellipse([mx - 20, my - 20, mx + 20, my + 20], fill=MEDIAN, outline=BACKGROUND, width=4)
        draw.text((mx + band / 2 + 16, my), _number(r.median), font=_font(44), fill=MEDIAN, anchor="lm")
    key = "Orange: the middle score. Grey dots: each person's score. Pale band: lowest to highest."
    draw.text((PLOT_LEFT - 100, HISTORY_HEIGHT - 40), key, font=small, fill=INK, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, dpi=(300, 300))
    return out.getvalue(), history_alt_text(rounds, about)
