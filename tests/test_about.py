"""Version in one place and the licences of what is bundled: pyproject.toml's version is the one the command
line, ``chairdesk.__version__`` and Help > About say (the packaged build's is checked by packaging/smoke_test.py);
every runtime dependency is listed with its licence and text (chairdesk.licences, ``chairdesk licences``); the
About box opens from the keyboard in the home and the console."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from console_app import running_home
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import chairdesk
from chairdesk import licences
from chairdesk.gui.about import AboutDialog
from chairdesk.gui.app import App

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies() -> list[str]:
    return [normal(re.match(r"[A-Za-z0-9._-]+", d).group(0)) for d in PROJECT["dependencies"]]  # type: ignore[union-attr]


def chairdesk_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


# -- the version --------------------------------------------------------------------------------------------------


def test_the_version_is_pyprojects_in_the_package_and_on_the_command_line() -> None:
    assert chairdesk.__version__ == VERSION
    said = chairdesk_command("--version")
    assert said.returncode == 0, said.stderr
    assert said.stdout.strip() == f"ChairDesk {VERSION}"


def test_no_other_file_writes_the_version_down() -> None:
    """pyproject.toml is the one place: no source, packaging or script file carries the number itself."""
    written = re.compile(rf"""["']{re.escape(VERSION)}["']""")
    places = [ROOT / "chairdesk", ROOT / "packaging", ROOT / "scripts"]
    found = [
        str(path.relative_to(ROOT))
        for place in places
        for path in place.rglob("*")
        if path.is_file() and path.suffix in {".py", ".spec", ".sh", ".ps1", ".wxs", ".toml"}
        if written.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []


# -- the licences -------------------------------------------------------------------------------------------------


def test_every_runtime_dependency_is_listed_with_its_licence_and_text() -> None:
    parts = {normal(p.name): p for p in licences.python_packages()}
    for dependency in runtime_dependencies():
        assert dependency in parts, f"{dependency} (a dependency in pyproject.toml) is not in the licences"
    for part in parts.values():
        assert part.version, part
        assert part.licence.strip(), f"{part.name} has no licence"
        assert len(part.text) > 200, f"{part.name} has no licence text"
    # The closure, not only the first level: what the dependencies need is bundled too (MarkupSafe for jinja2,
    # referencing and attrs for jsonschema; none of them is declared in pyproject.toml).
    assert {"markupsafe", "referencing", "attrs"} <= set(parts)
    # Test-only extras are not bundled.
    assert not {"pytest", "pytest-qt", "ruff", "hypothesis", "pyinstaller"} & set(parts)


def test_the_parts_without_python_metadata_are_listed_with_their_texts() -> None:
    others = {p.name.split(" ")[0]: p for p in licences.other_parts()}
    assert {"Qt", "PortAudio", "libsndfile", "SQLCipher", "OpenSSL"} <= set(others)
    assert others["Qt"].licence.startswith("LGPL-3.0")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in others["Qt"].text and "Version 3" in others["Qt"].text
    assert "source code" in others["Qt"].note  # the LGPL asks that Qt's source be offered
    assert others["SQLCipher"].licence == "BSD-3-Clause" and "ZETETIC" in others["SQLCipher"].text
    assert "LESSER GENERAL PUBLIC LICENSE" in others["libsndfile"].text
    assert "PortAudio" in others["PortAudio"].text
    assert others["SQLCipher"].version  # read from the library itself


def test_chairdesk_itself_has_pyprojects_licence() -> None:
    itself = licences.chairdesk_itself()
    assert itself.version == VERSION
    assert itself.licence == PROJECT["license"]
    assert itself.text == (ROOT / "LICENSE").read_text(encoding="utf-8").strip()


def write_distribution(site: Path, name: str, requires: list[str], extra: str = "", licence_file: str = "") -> None:
    folder = site / f"{name}-1.0.dist-info"
    folder.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *extra.splitlines()]
    lines += [f"Requires-Dist: {r}" for r in requires]
    (folder / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = [f"{folder.name}/METADATA,,"]
    if licence_file:
        (folder / "LICENSE").write_text(licence_file, encoding="utf-8")
        record.append(f"{folder.name}/LICENSE,,")
    # A module whose name begins like a licence file's is code, not a licence text.
    (site / name).mkdir(exist_ok=True)
    (site / name / "licences.py").write_text("NOT_A_LICENCE = True\n", encoding="utf-8")
    record.append(f"{name}/licences.py,,")
    (folder / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")


def test_the_closure_follows_extras_asked_for_and_leaves_out_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    write_distribution(
        site,
        "rootpkg",
        ["needed-a>=1", 'with-extra[fast] ; python_version >= "3"', 'testtool ; extra == "test"', "absent-on-here"],
    )
    write_distribution(site, "needed_a", ["deep-b"], "License-Expression: MIT")
    write_distribution(site, "deep_b", [], "Classifier: License :: OSI Approved :: BSD License")
    write_distribution(site, "with_extra", ['speedup ; extra == "fast"', 'slowdown ; extra == "slow"'], "License: MIT")
    write_distribution(site, "speedup", [], licence_file="Permission is hereby granted, free of charge, to any")
    write_distribution(site, "slowdown", [], "License: MIT")
    write_distribution(site, "testtool", [], "License: MIT")
    monkeypatch.syspath_prepend(str(site))

    parts = {p.name: p for p in licences.python_packages("rootpkg")}

    assert set(parts) == {"needed_a", "deep_b", "with_extra", "speedup"}
    assert parts["needed_a"].licence == "MIT"
    assert parts["deep_b"].licence == "BSD License"  # from the classifier
    assert parts["speedup"].licence == "MIT"  # recognised from its licence file, which is its text
    assert parts["speedup"].text == "Permission is hereby granted, free of charge, to any"
    assert all("NOT_A_LICENCE" not in part.text for part in parts.values())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "This software is provided 'as-is', without any warranty. Altered source versions must be plainly "
            "marked as such",
            "Zlib",
        ),
        (
            "Redistribution and use in source and binary forms ... Neither the name of the copyright holder",
            "BSD-3-Clause",
        ),
        ("Redistribution and use in source and binary forms, with or without modification", "BSD-2-Clause"),
        ("                 Apache License\n           Version 2.0, January 2004", "Apache-2.0"),
        ("SIL OPEN FONT LICENSE Version 1.1", "OFL-1.1"),
        ("Some words of a home-made licence", ""),
    ],
)
def test_a_licence_text_is_recognised_by_its_words(text: str, name: str) -> None:
    assert licences.recognise(text) == name


def test_chairdesk_licences_prints_the_same_list() -> None:
    listed = chairdesk_command("licences", "--json")
    assert listed.returncode == 0, listed.stderr
    printed = json.loads(listed.stdout)
    expected = [licences.chairdesk_itself(), *licences.bundled()]
    assert [(p["name"], p["version"], p["licence"]) for p in printed] == [
        (p.name, p.version, p.licence) for p in expected
    ]
    plain = chairdesk_command("licences")
    assert plain.returncode == 0 and f"ChairDesk {VERSION}: MIT" in plain.stdout
    assert "PySide6" in plain.stdout and "SQLCipher" in plain.stdout
    full = chairdesk_command("licences", "--full")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in full.stdout and "ZETETIC" in full.stdout


# -- Help > About -------------------------------------------------------------------------------------------------


def about_of(window: Any, qtbot: Any) -> AboutDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "about_dialog", None), AboutDialog), timeout=20_000)
    dialog: AboutDialog = window.about_dialog
    qtbot.waitExposed(dialog)
    return dialog


def check_about(dialog: AboutDialog, qtbot: Any) -> None:
    assert dialog.version == VERSION
    assert f"ChairDesk {VERSION}" in dialog.heading.text()
    assert PROJECT["description"].replace("'", "&#x27;") in dialog.heading.text()
    names = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert names[0] == "ChairDesk"
    assert {"PySide6_Essentials", "sqlcipher3", "keyring", "cryptography"} <= set(names)
    assert any(n.startswith("Qt") for n in names) and "SQLCipher" in names
    # The keyboard alone: the list has the focus, Down chooses the next part and shows its licence in full.
    qtbot.waitUntil(dialog.table.hasFocus)
    assert "Permission is hereby granted" in dialog.text.toPlainText()  # ChairDesk's own MIT licence
    qt_row = next(row for row, name in enumerate(names) if name.startswith("Qt"))
    for _ in range(qt_row):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == qt_row
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.text.toPlainText()
    assert "source code" in dialog.text.toPlainText()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_f1_opens_about_over_the_home(qtbot: Any, db_path: Path) -> None:
    with running_home(qtbot, db_path) as running:
        home = running.home
        home.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
        qtbot.keyClick(home.table, Qt.Key.Key_F1)
        dialog = about_of(home, qtbot)
        assert dialog.parent() is home
        assert str(db_path) in dialog.heading.text()
        check_about(dialog, qtbot)


def test_help_menu_opens_about_over_the_console(qtbot: Any, app: App) -> None:
    console = app.console
    help_menu = next(a.menu() for a in console.menuBar().actions() if a.text() == "&Help")
    assert console.about_action in help_menu.actions()
    assert console.about_action.shortcut().toString() == "F1"
    help_menu.popup(console.mapToGlobal(console.rect().center()))  # Alt+H as the chair would open it, then A
    qtbot.waitExposed(help_menu)
    qtbot.keyClick(help_menu, Qt.Key.Key_A)
    dialog = about_of(console, qtbot)
    assert dialog.window() is not app.board.window()  # never on the projector
    check_about(dialog, qtbot)


def test_f1_opens_about_from_the_console(qtbot: Any, app: App) -> None:
    console = app.console
    console.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    qtbot.keyClick(QApplication.focusWidget() or console, Qt.Key.Key_F1)
    dialog = about_of(console, qtbot)
    assert dialog.version == VERSION
    dialog.close()
