"""``chairdesk documents FILE --out DIR``: what it writes, and that bad input writes nothing at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from builders import write_json
from docx import Document

from chairdesk import conference_file
from chairdesk.cli import main
from chairdesk.documents import DocumentSettings, produce_outputs
from chairdesk.errors import ChairDeskError
from chairdesk.paths import resource

DEMO = Path(str(resource("demo_conference.json")))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_error_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err


def test_writes_every_document_into_a_new_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "folder"
    code, stdout, err = run(capsys, "documents", str(DEMO), "--out", str(out), "--letter-date", "2026-11-25")
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(Path(line).name for line in stdout.split())
    assert len(names) == 14
    for word in ("summary", "record"):
        assert len([n for n in names if word in n]) == 1, word
    assert len([n for n in names if "letter" in n]) == 10  # both parents' and the eight professionals' letters
    assert len([n for n in names if "parents" in n]) == 2  # one for each household
    assert all(not n.startswith(".") for n in names)  # no temporary files left


def test_json_output_and_the_marking_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "documents", str(DEMO), "--out", str(tmp_path), "--marking", "OFFICIAL", "--json")
    assert code == 0
    data = json.loads(stdout)
    assert [f["kind"] for f in data["files"]] == [
        "summary",
        "letter",
        "letter",
        *["professional-letter"] * 8,  # everyone who attended or was invited (RULES.md §5)
        "record",
        "parents-copy",
        "parents-copy",
    ]
    assert data["files"][1]["recipients"] == ["mother"]
    header = Document(data["files"][0]["path"]).sections[0].header.paragraphs[0].text
    assert header == "OFFICIAL"


def test_an_invalid_conference_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data: dict[str, Any] = json.loads(DEMO.read_text(encoding="utf-8"))
    data["scaling"][0]["score"] = 11
    bad = write_json(tmp_path / "bad.json", data)
    out = tmp_path / "out"
    code, _, err = run(capsys, "documents", str(bad), "--out", str(out))
    assert code == 2
    assert_one_error_line(err)
    assert "scaling[0].score" in err
    assert not out.exists()


def test_a_missing_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "documents", str(tmp_path / "nope.json"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert_one_error_line(err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", [False, True])
def test_an_out_folder_that_cannot_be_used(tmp_path: Path, capsys: pytest.CaptureFixture[str], inside: bool) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "sub" if inside else blocker
    code, _, err = run(capsys, "documents", str(DEMO), "--out", str(out))
    assert code == 2
    assert_one_error_line(err)
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def _templates_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_bytes(data)
    return folder


def test_a_template_that_will_not_open_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _templates_with(tmp_path, "record.docx", b"this is not a Word document")
    out = tmp_path / "out"
    code, _, err = run(capsys, "documents", str(DEMO), "--out", str(out), "--templates", str(folder))
    assert code == 2
    assert_one_error_line(err)
    assert "record.docx" in err and "not a Word document" in err
    assert not out.exists()


def test_a_templates_folder_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, err = run(capsys, "documents", str(DEMO), "--out", str(out), "--templates", str(tmp_path / "missing"))
    assert code == 2
    assert_one_error_line(err)
    assert not out.exists()


def test_a_council_template_with_a_misspelt_name_writes_nothing(tmp_path: Path) -> None:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(resource("templates/summary.docx")))
    template.get_docx().add_paragraph("{{ famly_name }}")
    folder = tmp_path / "templates"
    folder.mkdir()
    template.get_docx().save(str(folder / "summary.docx"))
    out = tmp_path / "out"
    conference = conference_file.read(DEMO)
    with pytest.raises(ChairDeskError, match="famly_name"):
        produce_outputs(conference, out, DocumentSettings(templates_dir=folder))
    assert not out.exists()


def test_a_council_template_is_used_and_the_others_come_from_the_defaults(tmp_path: Path) -> None:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(resource("templates/letter.docx")))
    template.get_docx().paragraphs[0].runs[0].text = "Northshire Council"
    folder = tmp_path / "templates"
    folder.mkdir()
    template.get_docx().save(str(folder / "letter.docx"))
    paths = produce_outputs(conference_file.read(DEMO), tmp_path / "out", DocumentSettings(templates_dir=folder))
    letters = [p for p in paths if "letter" in p.name]
    assert all(Document(str(p)).paragraphs[0].text == "Northshire Council" for p in letters)
    summary = next(p for p in paths if "summary" in p.name)
    assert Document(str(summary)).paragraphs[0].text == "Summary and plan"


def test_if_one_document_cannot_be_written_none_of_the_new_set_remains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "documents", str(DEMO), "--out", str(out))
    assert code == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    summary = next(name for name in first if "summary" in name)
    record = next(name for name in first if "record" in name)
    # A folder squats on the record's name, so renaming the new record into place fails part-way through,
    # after the summary and the letters have been put in place.
    (out / record).unlink()
    (out / record).mkdir()
    (out / record / "keep.txt").write_text("x")
    code, _, err = run(capsys, "documents", str(DEMO), "--out", str(out), "--marking", "OFFICIAL")
    assert code == 2
    assert_one_error_line(err)
    now = sorted(p.name for p in out.iterdir())
    assert now == sorted(first)  # no temporary or partial files
    for name, data in first.items():
        if name != record:
            assert (out / name).read_bytes() == data, name  # the earlier set is back as it was
    assert Document(str(out / summary)).sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    shutil.rmtree(out / record)
