"""The outputs in Word: the summary and plan, a decision letter per parent or household, the conference record
and the parents' copy (RULES.md §5, §6), from the templates in ``resources/templates/``.

The app and the ``chairdesk documents`` command both call :func:`produce_outputs` (or :func:`produce` for
the warnings too). Nothing here imports Qt.
"""

from __future__ import annotations

from chairdesk.documents.produce import (
    DEFAULT_MARKING,
    DocumentSettings,
    Outputs,
    RenderedDocument,
    produce,
    produce_outputs,
    render_documents,
    write_all,
)

__all__ = [
    "DEFAULT_MARKING",
    "DocumentSettings",
    "Outputs",
    "RenderedDocument",
    "produce",
    "produce_outputs",
    "render_documents",
    "write_all",
]
