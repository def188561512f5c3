"""The command line: what it prints, and that bad input exits 2 with one error line and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import minimal_conference, write_json

from chairdesk import conference_file
from chairdesk.cli import main
from chairdesk.storage import Store
from chairdesk.timescales import DATE_KEYS

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_dates_json_has_exactly_the_date_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write_json(tmp_path / "c.json", minimal_conference(trigger_date="2026-12-14", date="2027-01-07"))
    code, out, _ = run(capsys, "dates", str(file), "--json")
    assert code == 0
    dates = json.loads(out)
    assert list(dates) == list(DATE_KEYS)
    assert dates["conference_due"] == "2027-01-07"
    assert dates["summary_due"] == "2027-01-08"


def test_dates_for_people_show_the_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write_json(tmp_path / "c.json", minimal_conference(trigger_date="2026-12-14"))
    code, out, _ = run(capsys, "dates", str(file))
    assert code == 0
    assert "Thursday 7 January 2027" in out
    assert "15 working days after the strategy discussion on Monday 14 December 2026" in out


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = minimal_conference(decisions=[{"child": "c1", "outcome": "cp-plan", "category": None}])
    data["participants"][2]["attended"] = False
    file = write_json(tmp_path / "c.json", data)
    code, out, _ = run(capsys, "check", str(file), "--json")
    assert code == 0  # problems are not failures of the command
    result = json.loads(out)
    assert result["quorate"] is False
    assert result["children"]["c1"]["quorate"] is False
    assert result["children"]["c1"]["agencies"] == ["NHS Health Visiting"]
    found = {p["code"] for p in result["problems"]}
    assert {"inquorate", "category-missing", "view-missing"} <= found
    assert all(p["message"] for p in result["problems"])


def test_import_export_list_round_trip(
    db_path: Path, tmp_path: Path, demo_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    demo_data["case_reference"] = "CS-42"
    source = write_json(tmp_path / "in.json", demo_data)
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(source))
    assert (code, out.strip()) == (0, "demo-harper-2026-11-24")
    code, out, _ = run(capsys, "list", "--db", str(db_path), "--json")
    assert json.loads(out) == [
        {"id": "demo-harper-2026-11-24", "type": "initial", "date": "2026-11-24", "family": "Harper"}
    ]
    exported = tmp_path / "out.json"
    code, _, _ = run(capsys, "--db", str(db_path), "export", "demo-harper-2026-11-24", "--out", str(exported))
    assert code == 0
    again = json.loads(exported.read_text(encoding="utf-8"))
    assert again["case_reference"] == "CS-42"
    assert again["views"] == [
        dict(v, entered_at=None, recording_offset=None, typed_while_out=[]) for v in demo_data["views"]
    ]
    # Importing the same conference twice would overwrite the chair's work: refused unless asked.
    code, _, err = run(capsys, "--db", str(db_path), "import", str(source))
    assert code == 2 and err.startswith("error:") and "already in the database" in err
    code, _, _ = run(capsys, "--db", str(db_path), "import", str(source), "--replace")
    assert code == 0


def database_state(db_path: Path) -> tuple[list[Any], list[Any]]:
    with Store(db_path) as store:
        return store.list_conferences(), store.audit()


BAD_FILES = {
    "missing": None,
    "not json": "{ this is not json",
    "wrong field": json.dumps(minimal_conference(type="emergency")),
    "impossible date": json.dumps(minimal_conference(date="2027-02-30")),
    "score of 11": json.dumps(minimal_conference(scaling=[{"participant": "sw", "child": None, "score": 11}])),
    "5 MB paste": json.dumps(minimal_conference(key_points=[{"text": "y" * 5_000_000}])),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
@pytest.mark.parametrize("command", ["import", "dates", "check"])
def test_bad_input_exits_2_with_one_error_line_and_changes_nothing(
    name: str,
    command: str,
    db_path: Path,
    tmp_path: Path,
    demo_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Store(db_path) as store:
        store.save(conference_file.from_json(demo_data))
    before = database_state(db_path)
    file = tmp_path / "bad.json"
    if BAD_FILES[name] is not None:
        file.write_text(BAD_FILES[name], encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db_path), command, str(file))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert database_state(db_path) == before


def test_impossible_date_error_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = write_json(tmp_path / "c.json", minimal_conference(date="2027-02-30"))
    _, _, err = run(capsys, "dates", str(file))
    assert err.strip() == f'error: {file}: date: "2027-02-30" is not a real date'


def test_a_bad_import_never_creates_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new" / "db.sqlite"
    file = write_json(tmp_path / "c.json", minimal_conference(date="2027-13-01"))
    code, _, _ = run(capsys, "--db", str(db), "import", str(file))
    assert code == 2
    assert not db.parent.exists()


def test_export_of_an_unknown_id_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "out.json"
    code, _, err = run(capsys, "--db", str(db_path), "export", "nope", "--out", str(out_file))
    assert code == 2 and "no conference with the id 'nope'" in err
    assert not out_file.exists()


def test_a_damaged_database_is_an_error_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    db.write_bytes(b"this is not a database" * 500)
    code, _, err = run(capsys, "--db", str(db), "list")
    assert code == 2
    assert err.startswith("error: The database") and "has not been changed" in err
    assert len(err.strip().splitlines()) == 1


def test_demo_loads_once_and_keeps_the_chairs_edits(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "demo", "--no-window")
    assert code == 0 and "demo-harper-2026-11-24" in out
    with Store(db_path) as store:
        conference = store.load("demo-harper-2026-11-24")
        assert [c.name for c in conference.children] == ["Mia", "Leo", "Ruby", "Baby"]
        assert [c.unborn for c in conference.children] == [False, False, False, True]
        assert conference.decisions and conference.views and conference.plan and conference.scaling
        conference.location = "Room 5"
        store.save(conference)
    run(capsys, "--db", str(db_path), "demo", "--no-window")
    with Store(db_path) as store:
        assert store.load("demo-harper-2026-11-24").location == "Room 5"


def test_usage_errors_are_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["dates"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


def test_the_chairdesk_command_python_m_and_the_environment_database(tmp_path: Path) -> None:
    env = {"CHAIRDESK_DB": str(tmp_path / "env.sqlite"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    # The credential store the data key is kept in (scripts/with_keyring.sh's, or the desktop session's).
    env.update({k: v for k, v in os.environ.items() if k.startswith(("DBUS_", "XDG_RUNTIME", "CHAIRDESK_KEYRING"))})
    script = Path(sys.executable).parent / "chairdesk"  # the console script installed with the package
    loaded = subprocess.run([str(script), "demo", "--no-window"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    result = subprocess.run(
        [sys.executable, "-m", "chairdesk", "list"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "demo-harper-2026-11-24" in result.stdout
