"""Running ChairDesk in a process that file permissions bind.

Root ignores read-only folders and files. When the tests run as root (on Linux), the command runs as root
without the two capabilities that override file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped
from its bounding set before it starts), so a read-only folder is read-only to it as it would be to a chair.
As anyone else it runs as that user, whom permissions bind already.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from typing import Any

import pytest

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def _drop_permission_overrides() -> None:  # runs in the child, between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "the capability could not be dropped")


def run_bound_by_permissions(args: list[str], **extra: Any) -> subprocess.CompletedProcess[str]:
    """Run ``python args...`` in a process that file permissions bind."""
    how: dict[str, Any] = {}
    if os.geteuid() == 0:
        if not sys.platform.startswith("linux"):
            pytest.skip("running as root: permissions can only be made to count on Linux")
        how["preexec_fn"] = _drop_permission_overrides
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, **how, **extra)
