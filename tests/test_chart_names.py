"""The scaling charts draw every name as it is written: Welsh and Polish letters, Arabic joined and right to left,
emoji; from the fonts ChairDesk ships, so the picture is the same on a machine with no fonts of its own (issue 12:
the chart drew non-Latin names as boxes)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from chairdesk.documents import chart
from chairdesk.paths import resource

WELSH = "Siân Ŵyn ap Gwŷn"
POLISH = "Bartłomiej Żółć-Śliwińska"
ARABIC = "محمد الأحمد"
EMOJI = "Mia 🌈 Harper"
NAMES = [WELSH, "Gwenllïan ap Dafydd", POLISH, "Łucja Więcek", ARABIC, "ليلى حداد", EMOJI, "Zoë ❤️ 👍🏽", "ليلى 🌙"]
NOTDEF = "\U0010fffd"  # a letter no font has: what a font draws for it is its missing-glyph box


def _caches() -> list:
    return [
        chart._font_paths,
        chart._system_fonts,
        chart._font_for_letter,
        chart.glyph_runs,
        chart._scaling_chart,
        chart._history_chart,
    ]


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine with none of the fonts ChairDesk used to look for (a bare Windows or Linux install)."""
    monkeypatch.setattr(chart, "_font_folders", lambda: [])
    for cached in _caches():
        cached.cache_clear()
    yield
    for cached in _caches():
        cached.cache_clear()


def _is_box(font: ImageFont.FreeTypeFont, letter: str) -> bool:
    return bytes(font.getmask(letter)) == bytes(font.getmask(NOTDEF))


@pytest.mark.parametrize("name", NAMES)
def test_every_letter_of_a_name_is_drawn_by_a_font_that_has_it(name: str, no_system_fonts: None) -> None:
    runs = chart.glyph_runs(name, 40)
    drawn = "".join(run for run, _font in runs)
    assert chart.MISSING not in drawn, f"{name}: drawn as {drawn!r}"
    for run, font in runs:
        for letter in run.replace(" ", ""):
            assert not _is_box(font, letter), f"{name}: {letter!r} would be a box in {font.getname()}"
    png, alt = chart.scaling_chart([chart.ScoreBar(name, 6)], "Mia")
    assert Image.open(io.BytesIO(png)).size[0] == chart.WIDTH and name in alt


def test_the_chart_draws_the_names_not_boxes(no_system_fonts: None) -> None:
    """The label drawn in the chart is the name's letters: it differs from the same number of boxes, and the chart
    with the name is the chart with the label drawn by :func:`chart.draw_text` over a blank label."""
    for name in (WELSH, POLISH, ARABIC, EMOJI):
        drawn = Image.open(io.BytesIO(chart.scaling_chart([chart.ScoreBar(name, 6)], "Mia")[0])).convert("RGB")
        blank = Image.open(io.BytesIO(chart.scaling_chart([chart.ScoreBar("", 6)], "Mia")[0])).convert("RGB")
        ImageDraw.Draw(blank).rectangle(
            [0, chart.TOP, chart.LABEL_WIDTH - 5, chart.TOP + chart.ROW], fill=chart.BACKGROUND
        )
        chart.draw_text(
            ImageDraw.Draw(blank), (chart.LABEL_WIDTH - 24, chart.TOP + chart.ROW // 2), name, 40, chart.INK, "rm"
        )
        assert ImageChops.difference(drawn, blank).getbbox() is None, name
        boxes = Image.new("L", (800, 80), 0)
        ImageDraw.Draw(boxes).text((10, 40), NOTDEF * len(name), font=chart._font(40), fill=255, anchor="lm")
        label = Image.new("L", (800, 80), 0)
        chart.draw_text(ImageDraw.Draw(label), (10, 40), name, 40, 255, "lm")
        assert ImageChops.difference(label, boxes).getbbox() is not None, name


def test_arabic_is_joined_and_right_to_left() -> None:
    shown = chart.display_text("محمد")
    # Joined forms (Arabic Presentation Forms-B), in display order: the first letter read is drawn rightmost.
    assert all("\ufe70" <= letter <= "\ufeff" for letter in shown)
    assert (
        shown[-1] == "\ufee3" and shown[0] == "\ufeaa"
    )  # meem in its initial form at the right, dal final at the left
    font = chart._font(40)
    for word in ("محمد", "ليلى", ARABIC):
        isolated = sum(font.getlength(letter) for letter in word.replace(" ", "")) + font.getlength(" ") * word.count(
            " "
        )
        assert chart.text_width(word, 40) < isolated, word
    # Lam-alef is one letter, as it is written.
    assert "\ufef7" in chart.display_text("الأحمد")
    # A line that starts in Arabic reads right to left, its brackets the right way round; one that starts in English
    # reads left to right with the Arabic name in it.
    assert chart.display_text("محمد (school nurse)") == "(school nurse) \ufeaa\ufee4\ufea4\ufee3"
    assert chart.display_text("Zoë (محمد)") == "Zoë (\ufeaa\ufee4\ufea4\ufee3)"


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow's complex layout (raqm with FriBiDi) is not here")
def test_arabic_is_drawn_as_a_shaping_engine_draws_it() -> None:
    """Where Pillow has raqm (HarfBuzz and FriBiDi), our drawing on every machine matches its shaping."""
    raqm = ImageFont.truetype(
        io.BytesIO(resource("fonts/DejaVuSans.ttf").read_bytes()), 40, layout_engine=ImageFont.Layout.RAQM
    )
    for word in (ARABIC, "ليلى حداد", "عمر"):
        ours, theirs, isolated = (Image.new("L", (500, 80), 0) for _ in range(3))
        chart.draw_text(ImageDraw.Draw(ours), (490, 40), word, 40, 255, "rm")
        ImageDraw.Draw(theirs).text((490, 40), word, font=raqm, fill=255, anchor="rm", direction="rtl")
        ImageDraw.Draw(isolated).text((490, 40), " ".join(word), font=chart._font(40), fill=255, anchor="rm")
        ink = sum(1 for value in ours.get_flattened_data() if value > 127)

        def differing(other: Image.Image, mine: Image.Image = ours) -> int:
            return sum(1 for value in ImageChops.difference(mine, other).get_flattened_data() if value > 127)

        assert differing(theirs) < ink / 4 < differing(isolated), word


def test_an_emoji_is_drawn_from_the_emoji_font_and_a_space_stays_narrow(no_system_fonts: None) -> None:
    runs = chart.glyph_runs(EMOJI, 40)
    assert [(run, font.getname()[0]) for run, font in runs] == [
        ("Mia ", "DejaVu Sans"),
        ("🌈", "Noto Emoji"),
        (" Harper", "DejaVu Sans"),
    ]
    # Skin tones and the emoji variation selector have no picture of their own in a one-colour chart.
    assert chart.display_text("Zoë ❤️ 👍🏽") == "Zoë ❤ 👍"


def test_a_letter_no_shipped_font_has_is_drawn_as_a_clear_sign_not_a_box(no_system_fonts: None) -> None:
    runs = chart.glyph_runs("中 Li", 40)
    assert "".join(run for run, _font in runs) == f"{chart.MISSING} Li"
    # A private-use or unassigned letter too (a name pasted from a system with its own characters).
    assert "".join(run for run, _font in chart.glyph_runs("Mia\ue000\U000e0fff", 40)) == f"Mia{chart.MISSING * 2}"
    assert not _is_box(chart._font(40), chart.MISSING)


def test_the_chart_is_the_same_with_or_without_the_machines_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    bars = [chart.ScoreBar(name, n % 11) for n, name in enumerate(NAMES)]
    for cached in _caches():
        cached.cache_clear()
    with_them = chart.scaling_chart(bars, "Mia")[0]
    monkeypatch.setattr(chart, "_font_folders", lambda: [])
    for cached in _caches():
        cached.cache_clear()
    try:
        assert chart.scaling_chart(bars, "Mia")[0] == with_them
    finally:
        for cached in _caches():
            cached.cache_clear()


def test_the_history_chart_draws_a_title_of_names_in_every_script(no_system_fonts: None) -> None:
    rounds = [
        chart.Round(dt.date(2026, 1, 5), "initial conference", (("Siân", 3), ("محمد", 5))),
        chart.Round(dt.date(2026, 4, 5), "review", (("Łucja", 6), ("ليلى", 7))),
    ]
    about = "Siân, Łucja and ليلى 🌈"
    png, alt = chart.history_chart(rounds, about)
    assert about in alt and Image.open(io.BytesIO(png)).size == (chart.WIDTH, chart.HISTORY_HEIGHT)
    title = f"Scaling at each conference: {about}"
    assert all(
        not _is_box(font, letter) for run, font in chart.glyph_runs(title, 46) for letter in run if letter != " "
    )


def test_a_long_name_is_cut_with_an_ellipsis_at_its_end_as_read() -> None:
    long = "محمد " * 40
    cut = chart._fit(long, 40, 400)
    assert cut.endswith("…") and chart.text_width(cut, 40) <= 400 and long.startswith(cut[:-1])
    assert chart.display_text(cut).startswith("…")  # right to left: the end read is at the left


def test_the_same_chart_is_drawn_once_and_its_picture_reused() -> None:
    bars = [chart.ScoreBar("Siân", 4), chart.ScoreBar("Łucja", 7)]
    first, _alt = chart.scaling_chart(bars, "Mia")
    again, _alt = chart.scaling_chart(list(bars), "Mia")
    assert again is first
    assert chart.scaling_chart([chart.ScoreBar("Siân", 5), bars[1]], "Mia")[0] != first


def test_the_fonts_are_shipped_with_their_licences() -> None:
    folder = resource("fonts")
    for name in chart.SHIPPED_FONTS:
        assert folder.joinpath(name).read_bytes()[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    assert "Bitstream Vera" in folder.joinpath("LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in folder.joinpath("OFL-NotoEmoji.txt").read_text(encoding="utf-8")
