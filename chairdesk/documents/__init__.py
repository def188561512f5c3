"""The outputs in Word: the summary and plan, a decision letter per parent or household, the conference record
and the parents' copy (RULES.md §5, §6), from the templates in ``resources/templates/``.

The app and the ``chairdesk documents`` command both call :func:`produce_outputs` (or
:func:`chairdesk.documents.produce.produce` for the warnings too). Nothing here imports Qt.

What is named here is loaded when first used (PEP 562): the command line reads its options from this package
without loading Word's libraries, which took a third of a second of every start of the app.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MARKING",
    "DocumentSettings",
    "Outputs",
    "RenderedDocument",
    "produce_outputs",
    "render_documents",
    "write_all",
]


def __getattr__(name: str) -> object:
    if name in __all__:
        import importlib

        return getattr(importlib.import_module("chairdesk.documents.produce"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
