"""Every way a template cannot be opened is said with the folder or file and what to do, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from unprivileged import run_bound_by_permissions

from chairdesk.cli import main
from chairdesk.documents import render

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo_conference.json"


def documents(capsys: pytest.CaptureFixture[str], out: Path, *extra: str) -> str:
    code = main(["documents", str(DEMO), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "None" not in err, err
    assert not out.exists()
    return err


def test_chairdesks_own_templates_folder_missing_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "resources" / "templates"  # an installation that lost its templates folder
    monkeypatch.setattr(render, "shipped_templates", lambda: missing)
    err = documents(capsys, tmp_path / "out")
    assert f"ChairDesk's own summary template cannot be read ({missing / 'summary.docx'}: it is missing)" in err
    assert "Install ChairDesk again" in err and "--templates" in err


def test_one_of_chairdesks_own_templates_unreadable_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = tmp_path / "templates"
    shipped.mkdir()
    for name in render.TEMPLATE_NAMES:
        (shipped / f"{name}.docx").write_bytes(render.default_template(name))
    (shipped / "letter.docx").unlink()
    (shipped / "letter.docx").mkdir()  # cannot be read as a file
    monkeypatch.setattr(render, "shipped_templates", lambda: shipped)
    err = documents(capsys, tmp_path / "out")
    assert f"ChairDesk's own letter template cannot be read ({shipped / 'letter.docx'}" in err
    (shipped / "letter.docx").rmdir()
    (shipped / "letter.docx").write_bytes(b"not a Word document")
    err = documents(capsys, tmp_path / "out")
    assert f"ChairDesk's own letter template ({shipped / 'letter.docx'}): is not a Word document" in err
    assert "install it again" in err


def test_a_templates_folder_that_is_a_file_or_missing_says_what_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = documents(capsys, tmp_path / "out", "--templates", str(tmp_path / "missing"))
    assert f"{tmp_path / 'missing'}: the templates folder does not exist" in err and "summary.docx" in err
    a_file = tmp_path / "templates.zip"
    a_file.write_bytes(b"PK")
    err = documents(capsys, tmp_path / "out", "--templates", str(a_file))
    assert f"{a_file}: is a file, not a folder of templates" in err


def test_a_councils_template_that_is_not_a_word_document_says_how_to_save_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "summary.docx").write_bytes(b"{\\rtf1 a Word 97 file renamed}")
    err = documents(capsys, tmp_path / "out", "--templates", str(folder))
    assert f"{folder / 'summary.docx'}: is not a Word document that can be opened" in err
    assert "Save it again from Word as a Word Document (.docx" in err


def test_a_councils_template_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    template = folder / "record.docx"
    template.write_bytes(render.default_template("record"))
    template.chmod(0o000)
    try:
        result = run_bound_by_permissions(
            ["-m", "chairdesk.cli", "documents", str(DEMO), "--out", str(tmp_path / "out"), "--templates", str(folder)]
        )
    finally:
        template.chmod(0o600)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {template}: the template cannot be read (Permission denied). Check it is a file you may open "
        "(close it in Word if it is open there), or take it out of the folder to use ChairDesk's own record template"
    )
    assert not (tmp_path / "out").exists()
