"""A test that hangs fails, once, and the run goes on to its summary.

pytest-timeout ends a test's process when the test has run too long (pyproject.toml: ``timeout``), after pytest's
faulthandler has printed every thread's stack to the run's output (``faulthandler_timeout``). Under scripts/test.sh
pytest-xdist then starts another process for the tests still to run. Once on CI, before this, the run stopped at 97%
and said nothing more until CI's 90 minutes were up.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem: str, report: pytest.TestReport, sched: Any) -> None:
    """The test during which a test process ended is failed, and counted as done. pytest-xdist's file-by-file
    scheduling puts the rest of that file back for another process, the test that ended the last one included
    (xdist 3.8, LoadScopeScheduling.remove_node): a hung test would be run again, hang again and end process after
    process, and the run would not finish."""
    for scope, work_unit in list(getattr(sched, "workqueue", {}).items()):
        if crashitem in work_unit:
            work_unit[crashitem] = True
            if all(work_unit.values()):
                del sched.workqueue[scope]
