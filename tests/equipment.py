"""What the tests' own equipment (the virtual microphone's sound server, the credential store) shares."""

from __future__ import annotations

from pathlib import Path


def running(pid: int | None) -> bool:
    """Whether process ``pid`` is still running: not gone, and not a zombie waiting for its parent to notice."""
    if pid is None:
        return False
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status
