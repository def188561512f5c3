"""The meeting is split by part of the procedure over a small shared core (chairdesk/meeting/, issue 13): each
command is defined in the module of its part, each part's edits change only its own parts of the conference, and
the core makes no edit of its own. A command put in the wrong module, or a new one put nowhere in particular, fails
here: add it to the table below in the module of its part."""

from __future__ import annotations

import ast
from pathlib import Path

from chairdesk import meeting
from chairdesk.changes import Part
from chairdesk.meeting import Meeting

MEETING = Path(meeting.__file__).parent

# Where each of Meeting's methods and properties lives, by the module of its part of the procedure.
WHERE: dict[str, set[str]] = {
    "core": {
        "verify",
        "subscribe",
        "_notify",
        "initiated_by",
        "edit",
        "_edit",
        "_problems",
        "_ids",
        "_verify",
        "_operation",
        "can_undo",
        "can_redo",
        "undo_text",
        "redo_text",
        "undo",
        "redo",
        "_put_back",
        "stage",
        "go_to_stage",
        "step_stage",
        "_person",
        "_child_id",
        "_index",
        "_text",
        "_now",
        "_out",
        "stamp",
        "_stamp",
        "_marked",
        "typing",
        "typed_while_out_in",
        "_typed",
    },
    "attendance": {
        "_person_scope",
        "add_participant",
        "mark_arrived",
        "mark_left",
        "set_apologies",
        "set_report_received",
        "set_inquorate_reason",
        "exclude",
        "check_exclusion_start",
        "would_hide",
        "readmit",
    },
    "items": {"_items", "add_item", "edit_item", "set_item_confidential", "move_item", "delete_item"},
    "confidentiality": {"mark_confidential", "release"},
    "scaling": {"set_score", "delete_score", "set_view", "delete_view"},
    "plan": {
        "_plan",
        "_plan_scope",
        "set_plan_fields",
        "add_action",
        "edit_action",
        "delete_action",
        "add_outcome",
        "edit_outcome",
        "delete_outcome",
        "propose_plan_dates",
    },
    "decision": {
        "set_decision",
        "_subject",
        "delete_decision",
        "add_recommendation",
        "edit_recommendation",
        "move_recommendation",
        "delete_recommendation",
        "add_dissent",
        "delete_dissent",
    },
    "notes": {"add_chair_note", "set_chair_notes"},
    "recording": {"add_bookmark", "decide_recording_request"},
}

# The parts of the conference (changes.Part) each module's edits may say they change. Marking confidential and
# releasing reach a typed thing of any part, and an exclusion marks what was typed since, anywhere.
PARTS: dict[str, set[str]] = {
    "core": {"STAGE"},  # moving between stages: not an edit of the record
    "attendance": {"ATTENDANCE", "everything"},
    "items": {"BOARD", "DISCUSSION", "DECISION"},  # the board's lists, the discussion, the recommendations
    "confidentiality": {p.name for p in Part if p.name and p.name not in ("NONE", "STAGE")},
    "scaling": {"SCALING", "VIEWS"},
    "plan": {"PLAN"},
    "decision": {"DECISION"},
    "notes": {"NOTES"},
    "recording": {"RECORDING"},
}


def module_of(name: str) -> str:
    """The module of chairdesk.meeting that defines Meeting's ``name`` (the first class along the MRO that has it)."""
    owner = next(cls for cls in Meeting.__mro__[1:] if name in vars(cls))  # (conftest sets Meeting.verify)
    return owner.__module__.removeprefix("chairdesk.meeting.")


def tree(module: str) -> ast.Module:
    return ast.parse((MEETING / f"{module}.py").read_text(encoding="utf-8"))


def test_each_command_is_defined_in_the_module_of_its_part() -> None:
    names = {name for name in dir(Meeting) if not name.startswith("__")}
    found: dict[str, set[str]] = {}
    for name in names:
        found.setdefault(module_of(name), set()).add(name)
    assert found == WHERE
    modules = {path.stem for path in MEETING.glob("*.py")} - {"__init__"}
    assert modules == set(WHERE), "each module of the split is a part in the table"


def test_meeting_itself_adds_nothing_to_its_parts() -> None:
    """``Meeting`` only puts the parts together: every method is in the module of a part (``verify`` is the core's
    switch, which tests/conftest.py turns on for Meeting)."""
    assert {name for name in vars(Meeting) if not name.startswith("__")} <= {"verify"}


def test_each_part_edits_only_its_own_parts_of_the_conference() -> None:
    for module, allowed in PARTS.items():
        used = {
            node.attr
            for node in ast.walk(tree(module))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Part"
        }
        assert used <= allowed, f"chairdesk/meeting/{module}.py reports edits of {sorted(used - allowed)}"
        if module != "core":
            assert used, f"chairdesk/meeting/{module}.py makes no edit: it is not a part of the procedure"


def test_the_core_makes_no_edit_of_its_own() -> None:
    """In the core only ``edit`` (the door for chairdesk.preparation and the other parts outside the meeting) calls
    ``_edit``: every command is in the module of its part."""
    core = tree("core")
    callers = set()
    for function in ast.walk(core):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Attribute) and node.attr == "_edit" and isinstance(node.ctx, ast.Load):
                    callers.add(function.name)
    assert callers == {"edit"}


def test_the_core_is_small_and_no_part_is_large() -> None:
    """The core keeps what every part shares and no more; no part grows into another meeting.py (it was 1,345
    lines)."""
    lines = {path.stem: len(path.read_text(encoding="utf-8").splitlines()) for path in MEETING.glob("*.py")}
    assert lines.pop("core") <= 450
    assert max(lines.values()) <= 300, lines
