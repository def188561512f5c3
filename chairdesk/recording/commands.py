"""Subcommands of this feature, added to the ``chairdesk`` command by :func:`register`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register(command: Callable[..., Any]) -> None:
    """Add this feature's subcommands with ``command(name, run, help_text, json_option=False)``."""
