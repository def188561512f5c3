"""The stylesheets in ``resources/``: one for the board (projector), one for the console (laptop)."""

from __future__ import annotations

from functools import cache

from chairdesk.paths import resource


@cache
def stylesheet(name: str) -> str:
    """The text of ``resources/<name>``."""
    return resource(name).read_text(encoding="utf-8")
