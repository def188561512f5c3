"""A hung test fails once with its stack printed, and the run finishes (tests/hang_guard.py, pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Both hangs in one file, so one process meets them in turn: xdist 3.8 itself can fail (a KeyError in
# LoadScopeScheduling._assign_work_unit) when two processes are replaced at the same moment.
HANGING_FILE = """
import threading

def test_before():
    assert True

def test_hangs_for_ever():
    threading.Event().wait()

def test_a_question_nobody_answers(qtbot):
    from PySide6.QtWidgets import QMessageBox
    QMessageBox(QMessageBox.Icon.Question, "Still writing", "Wait?").exec()

def test_after():
    assert True
"""

OTHER_FILE = """
def test_elsewhere():
    assert True
"""


def test_a_hung_test_fails_once_and_the_run_finishes(tmp_path: Path) -> None:
    (tmp_path / "test_hanging.py").write_text(HANGING_FILE)
    (tmp_path / "test_other.py").write_text(OTHER_FILE)
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["hang_guard"]\n')
    env = {**os.environ, "PYTHONPATH": str(HERE), "QT_QPA_PLATFORM": "offscreen", "PYSIDE6_OPTION_LAZY": "0"}
    env["COLUMNS"] = "200"  # the short summary is cut to the terminal's width, which differs between machines
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile"]
        + ["-o", "timeout=4", "-o", "timeout_method=thread", "-o", "faulthandler_timeout=3", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # without the guard the run would repeat the hung tests until xdist gave up
    )
    said = run.stdout + run.stderr
    assert run.returncode == 1, said
    assert "2 failed, 3 passed" in said, said
    # Each hung test ran once, in one process, which was replaced once; none was run again.
    assert said.count("node down: Not properly terminated") == 2, said
    assert said.count("replacing crashed worker") == 2, said
    assert said.count("FAILED test_hanging.py::test_hangs_for_ever - ") == 1, said
    assert said.count("FAILED test_hanging.py::test_a_question_nobody_answers - ") == 1, said
    # Where each was stuck, from pytest's faulthandler, for whoever reads the run's output.
    assert 'test_hanging.py", line 8 in test_hangs_for_ever' in said, said
    assert 'test_hanging.py", line 12 in test_a_question_nobody_answers' in said, said
