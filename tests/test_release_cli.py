"""``chairdesk release FILE``: the chair's review without the window. What each reader is not given, and a release
or a keep-back with a reason written back into the conference file; bad input changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx_reading import all_text

from chairdesk import conference_file
from chairdesk.cli import main
from chairdesk.meeting import Meeting
from chairdesk.paths import resource

DEMO = Path(str(resource("demo_conference.json")))
CONTINGENCY = "CONTINGENCY-WHILE-OUT If Dean returns to the house the police are called"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def conference(tmp_path: Path) -> Path:
    """The demo with a contingency typed while Dean was out of the room: something the chair must decide."""
    meeting = Meeting(conference_file.read(DEMO))
    meeting.exclude("father", 6, "Kerry asked to speak without Dean present")
    meeting.set_plan_fields(contingency=CONTINGENCY)
    meeting.readmit("father")
    path = tmp_path / "harper.json"
    conference_file.write(meeting.conference, path)
    return path


def test_lists_what_each_reader_is_not_given_and_what_needs_a_decision(
    conference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "release", str(conference))
    assert code == 1  # something needs the chair's decision
    assert "Dean Harper:\n" in out and "the full record (the professionals): nothing held back" in out
    assert "  TO DECIDE plan.contingency (from father): The plan: the contingency plan: it was typed while Dean" in out
    assert "  key_points[0] (from father): Key points:" in out


def test_keep_back_then_release_written_back_and_the_documents_follow(
    conference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "release", str(conference), "--item", "plan.contingency", "--to", "father", "--keep-back",
        "--reason", "The police have not spoken to him yet",
    )  # fmt: skip
    assert (code, out) == (0, "Kept back from Dean Harper: The plan: the contingency plan (plan.contingency)\n")
    code, out, _ = run(
        capsys, "release", str(conference), "--item", "key_points[0]", "--to", "father", "--reason", "He knows"
    )
    assert (code, out) == (0, "Released to Dean Harper: Key points (key_points[0])\n")
    saved = conference_file.read(conference)
    assert [(r.to, r.released) for r in saved.plan.contingency_marks.releases] == [("father", False)]
    assert [(r.to, r.released, r.reason) for r in saved.key_points[0].releases] == [("father", True, "He knows")]
    assert run(capsys, "release", str(conference))[0] == 0  # nothing left to decide
    code, out, err = run(capsys, "documents", str(conference), "--out", str(tmp_path / "out"))
    assert code == 0 and "not made" not in err
    record = all_text(next(Path(p) for p in out.split() if p.endswith("-record.docx")))
    assert "Kept back from Dean Harper by the chair: The police have not spoken to him yet." in record
    assert "Released to Dean Harper by the chair: He knows." in record


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--item", "key_points[0]", "--to", "father", "--reason", "  "], "error: Give the reason first"),
        (["--item", "key_points[9]", "--to", "father", "--reason", "x"], "error: key_points[9]: there is no such"),
        (["--item", "key_points[0]", "--to", "sw", "--reason", "x"], "is not a family member"),
        (["--item", "key_points[0]", "--reason", "x"], "error: --item needs --to"),
    ],
)
def test_bad_input_is_said_in_one_line_and_changes_nothing(
    argv: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.json"
    shutil.copy(DEMO, path)
    before = path.read_bytes()
    code, _, err = run(capsys, "release", str(path), *argv)
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert json.loads(before)  # still the file it was
