"""ChairDesk: the chair's desk for a child protection conference.

The core (model, rules and timescales, storage, recording, documents, command line) imports no Qt; the
windows live in :mod:`chairdesk.gui` and are a client of the core.

The version has one place, ``version`` in pyproject.toml: ``chairdesk.__version__`` reads it from the installed
package's metadata (the packaged build carries that metadata too), when first asked for.
"""

from __future__ import annotations

from typing import Any

DISTRIBUTION = "chairdesk"


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a checkout that was never installed: say so, never guess a number
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read when asked, so that importing chairdesk stays cheap
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
