"""The scaling chart: each person's score from 0 to 10 as a bar, drawn with Pillow (no Qt in the core).

The picture is drawn at about 300 dots per inch for a 16 cm wide picture, so it prints sharply; it comes
with alt text that says everything the picture shows, for readers who cannot see it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

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


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


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
    """The chart as PNG bytes, and its alt text."""
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
        label = _fit(draw, bar.label, label_font, LABEL_WIDTH - 40)
        draw.text((LABEL_WIDTH - 24, middle), label, font=label_font, fill=INK, anchor="rm")
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
    return out.getvalue(), alt_text(bars, about)
