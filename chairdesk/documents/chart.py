"""The scaling charts, drawn with Pillow (no Qt in the core): each person's score from 0 to 10 as a bar
(:func:`scaling_chart`), and the scaling across conferences at a review (:func:`history_chart`).

The pictures are drawn at about 300 dots per inch for a 16 cm wide picture, so they print sharply; each comes
with alt text that says everything the picture shows, for readers who cannot see it. Names are drawn in a font that
has their letters (Welsh, Polish, Arabic...): the first of the system's fonts that covers them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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

# Fonts with wide coverage (Latin with Welsh and Polish letters, Greek, Cyrillic, Arabic), first found first tried.
_FONT_FILES = (
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
    "segoeui.ttf",
    "arial.ttf",
    "Arial Unicode.ttf",
    "LiberationSans-Regular.ttf",
    "NotoSansArabic-Regular.ttf",
    "tahoma.ttf",
    "Arial.ttf",
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
def _fonts(size: int) -> tuple[Font, ...]:
    """Every font to try at ``size``: the wide ones found, then Pillow's own (always there)."""
    fonts: list[Font] = []
    for path in _font_paths():
        try:
            fonts.append(ImageFont.truetype(path, size))
        except OSError:
            continue
    fonts.append(ImageFont.load_default(size=size))
    return tuple(fonts)


@cache
def _has_letter(font: Font, letter: str) -> bool:
    """Whether ``font`` draws ``letter`` itself, not its box for a letter it does not have."""
    if letter.isspace() or not letter.isprintable():
        return True
    return bytes(font.getmask(letter)) != bytes(font.getmask("\U0010fffd"))


def covers(font: Font, text: str) -> bool:
    return all(_has_letter(font, letter) for letter in text)


def font_for(text: str, size: int) -> Font:
    """The first font that has every letter of ``text`` (the first font when none has them all)."""
    fonts = _fonts(size)
    return next((font for font in fonts if covers(font, text)), fonts[0])


def _font(size: int) -> Font:
    return _fonts(size)[0]


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


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
        font = font_for(bar.label, 40)
        label = _fit(draw, bar.label, font, LABEL_WIDTH - 40)
        draw.text((LABEL_WIDTH - 24, middle), label, font=font, fill=INK, anchor="rm")
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
    title_font = font_for(title, 46)
    draw.text((PLOT_LEFT - 100, 60), _fit(draw, title, title_font, WIDTH - 120), font=title_font, fill=INK, anchor="lm")

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
        kind = _fit(draw, r.kind, font_for(r.kind, 30), step - 10)
        draw.text((x, PLOT_BOTTOM + 95), kind, font=font_for(r.kind, 30), fill=INK, anchor="mm")
        people = "1 person" if len(values) == 1 else f"{len(values)} people"
        draw.text((x, PLOT_BOTTOM + 135), people, font=font_for(people, 30), fill=DOT, anchor="mm")
    if len(medians) > 1:
        draw.line(medians, fill=MEDIAN, width=6)
    for (x, y), r in zip(medians, rounds, strict=True):
        draw.ellipse([x - 20, y - 20, x + 20, y + 20], fill=MEDIAN, outline=BACKGROUND, width=4)
        draw.text((x + band / 2 + 16, y), _number(r.median), font=_font(44), fill=MEDIAN, anchor="lm")
    key = "Orange: the middle score. Grey dots: each person's score. Pale band: lowest to highest."
    draw.text((PLOT_LEFT - 100, HISTORY_HEIGHT - 40), key, font=small, fill=INK, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, dpi=(300, 300))
    return out.getvalue(), history_alt_text(rounds, about)
