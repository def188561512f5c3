"""What an edit changed, as data: which parts of the conference (for the windows to redraw), who asked (the
initiator, so the view that made a change is not reset by it), and the change itself as a JSON Patch (RFC 6902)
with its inverse (for undo, the writer and the audit).

An edit names where it may change the conference (its scope: ``("worries",)``, ``("worries", 3)``, ``("plan",)``,
or the whole conference). Only those places are turned into JSON, before and after, so an edit costs the same in a
meeting of fifteen items as in one of a thousand. A list is compared by identity first (what was added, removed or
replaced), so adding to a list of a thousand items turns one item into JSON, not the thousand; anything changed in
place in a list needs a scope of its own. The patch goes back onto the model with :func:`apply_to_model`, so undo
and redo hold only the change, never a copy of the conference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import getpass
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chairdesk import conference_file
from chairdesk.model import Conference

Op = dict[str, Any]
Patch = list[Op]
Path = tuple[str | int, ...]
WHOLE: Path = ()  # the scope of an edit that may change anything


class Part(enum.Flag):
    """The parts of the conference an edit changed: what each window follows."""

    NONE = 0
    BOARD = enum.auto()  # the board's five lists
    DISCUSSION = enum.auto()  # the chair's record of the discussion
    ATTENDANCE = enum.auto()  # who is invited, came, left or is out of the room; the inquorate reason
    SCALING = enum.auto()
    VIEWS = enum.auto()
    DECISION = enum.auto()  # the decisions, the recommendations and dissent
    PLAN = enum.auto()
    NOTES = enum.auto()  # the chair's private notes: in no document and not on the board
    RECORDING = enum.auto()  # bookmarks and requests to record
    PREPARATION = enum.auto()  # what is recorded before the day: the details, children, participation, views
    DISTRIBUTION = enum.auto()  # who gets which document
    AMENDMENTS = enum.auto()
    CARRIED = enum.auto()  # what a review carries forward from the last conference
    STAGE = enum.auto()  # where the meeting is: not part of the record, nor of undo

    @classmethod
    def everything(cls) -> Part:
        """Every part of the record (not the stage)."""
        every = cls.NONE
        for part in cls:
            if part is not cls.STAGE:
                every |= part
        return every


@dataclass(frozen=True)
class Operation:
    """One thing the chair did, as the audit keeps it: in words, the change as a JSON Patch, when (UTC, to the
    second) and by whom (the login name)."""

    description: str
    patch: Patch
    at: str
    by: str


@dataclass(frozen=True)
class Change:
    """What an edit changed, for listeners to decide what to redraw: the parts, in words, who asked (the page or
    object that made it, or None), and the operation for the writer (None for a move between stages)."""

    parts: Part
    description: str
    initiator: object | None = None
    operation: Operation | None = None
    undo_or_redo: bool = False  # an undo or a redo: boxes show what it did even where the chair is typing

    def touches(self, parts: Part) -> bool:
        """Whether the change is to any of ``parts``."""
        return bool(self.parts & parts)


# What a window shows when it is first drawn: everything, as after an undo.
EVERYTHING = Change(Part.everything(), "", undo_or_redo=True)


@functools.cache
def chair_login() -> str:
    """Who is making the changes: the login name of the chair on this computer ("" when it cannot be had)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment (a service account): the audit says nobody in particular
        return ""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------------------
# JSON Pointer paths


ABSENT: Any = conference_file.ABSENT  # a field the file leaves out (a quiet mark at its default, a key not there)


def pointer(path: Sequence[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def parts_of(pointer_text: str) -> list[str]:
    if not pointer_text:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer_text[1:].split("/")]


def field_path(pointer_text: str) -> str:
    """``/plan/actions/2/what`` as the audit and the problems name it: ``plan.actions[2].what``."""
    text = ""
    for part in parts_of(pointer_text):
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text


def common_pointer(patch: Patch) -> str:
    """The deepest place every operation of ``patch`` is under ("" for the whole conference)."""
    paths = [parts_of(op["path"]) for op in patch]
    if not paths:
        return ""
    common = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(common), len(path)) and common[n] == path[n]:
            n += 1
        common = common[:n]
    return pointer(common)


# ---------------------------------------------------------------------------------------------------------
# The diff


def diff(before: Any, after: Any, path: Sequence[str | int] = ()) -> Patch:
    """The JSON Patch that makes ``before`` into ``after``: by key in objects, and in lists what was added or
    removed where (deleting the first of fifty items is one ``remove``, not fifty replacements)."""
    if before is ABSENT and after is ABSENT:
        return []
    if before is ABSENT:
        return [{"op": "add", "path": pointer(path), "value": after}]
    if after is ABSENT:
        return [{"op": "remove", "path": pointer(path)}]
    if isinstance(before, dict) and isinstance(after, dict):
        ops: Patch = []
        for key in before:
            ops += diff(before[key], after.get(key, ABSENT), (*path, key))
        for key in after:
            if key not in before:
                ops.append({"op": "add", "path": pointer((*path, key)), "value": after[key]})
        return ops
    if isinstance(before, list) and isinstance(after, list):
        return _list_diff(before, after, path, lambda a, b: a == b, 0)
    if type(before) is not type(after) or before != after:
        return [{"op": "replace", "path": pointer(path), "value": after}]
    return []


def _list_diff(before: list[Any], after: list[Any], path: Sequence[str | int], same: Any, offset: int) -> Patch:
    """The list ``before`` made into ``after``: the common start and end kept, the middle replaced element by
    element when as long, else removed and added. ``offset``: where ``before`` starts in the list at ``path``."""
    start = 0
    while start < min(len(before), len(after)) and same(before[start], after[start]):
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and same(before[-1 - end], after[-1 - end]):
        end += 1
    old, new = before[start : len(before) - end], after[start : len(after) - end]
    at = offset + start
    if len(old) == len(new):
        ops: Patch = []
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            ops += diff(a, b, (*path, at + i))
        return ops
    ops = [{"op": "remove", "path": pointer((*path, at))} for _ in old]
    ops += [{"op": "add", "path": pointer((*path, at + i)), "value": value} for i, value in enumerate(new)]
    return ops


# ---------------------------------------------------------------------------------------------------------
# The model as JSON, one place at a time


@functools.cache
def _fields_by_name(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {conference_file.json_name(f): f for f in dataclasses.fields(cls) if f.name != "extra"}


def _unwrap(kind: Any) -> Any:
    """``X | None`` as ``X``."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        return inner
    return kind


def _kind_of(value: Any) -> type:
    """The model class of ``value``, as the cached look-ups take it (typed ``type``: the type checker holds that a
    ``type[Any]`` may not be hashable)."""
    kind: type = type(value)
    return kind


def _is_record(value: Any) -> bool:
    """A model object (a dataclass instance), not a class nor raw JSON."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _step(value: Any, kind: Any, part: str | int, said_only: bool = True) -> tuple[Any, Any]:
    """The value one step down from ``value`` (of type ``kind``, or None for raw JSON kept in ``extra``), and its
    type; ABSENT where the file leaves it out (``said_only``; otherwise the model's value all the same)."""
    if _is_record(value):
        found = _fields_by_name(_kind_of(value)).get(str(part))
        if found is None:
            return value.extra.get(str(part), ABSENT), None
        if said_only and not conference_file.is_said(value, found):
            return ABSENT, None
        return getattr(value, found.name), conference_file.field_types(_kind_of(value))[found.name]
    if isinstance(value, list):
        inner = typing.get_args(_unwrap(kind))[0] if kind is not None else None
        index = int(part)
        return (value[index] if 0 <= index < len(value) else ABSENT), inner
    if isinstance(value, dict):
        return value.get(str(part), ABSENT), None
    return ABSENT, None


def model_at(conference: Conference, path: Sequence[str | int]) -> Any:
    """The model's value at ``path`` (ABSENT if the file has nothing there)."""
    value: Any = conference
    kind: Any = Conference
    for part in path:
        if value is ABSENT or value is None:
            return ABSENT
        value, kind = _step(value, kind, part)
    return value


def json_at(conference: Conference, path: Sequence[str | int]) -> Any:
    """What the conference file holds at ``path``, as :func:`conference_file.to_json` writes it (ABSENT if
    nothing)."""
    if not path:
        return conference_file.to_json(conference)
    value = model_at(conference, path)
    return value if value is ABSENT else conference_file.encode(value)


class Snapshot:
    """The places an edit may change, as they were: a list by its members (compared by identity afterwards),
    anything else as JSON."""

    def __init__(self, conference: Conference, scopes: Sequence[Path]) -> None:
        self.scopes = list(scopes)
        self._before = [self._take(conference, scope) for scope in self.scopes]

    @staticmethod
    def _take(conference: Conference, scope: Path) -> Any:
        value = model_at(conference, scope) if scope else None
        if isinstance(value, list):
            return ("members", list(value))
        return ("json", json_at(conference, scope))

    def patches(self, conference: Conference) -> tuple[Patch, Patch]:
        """The change since the snapshot, and its inverse."""
        forward: Patch = []
        inverse: Patch = []
        for scope, (kind, before) in zip(self.scopes, self._before, strict=True):
            after = model_at(conference, scope) if scope else None
            if kind == "members" and isinstance(after, list):
                forward += _members_diff(before, after, scope)
                inverse += _members_diff(after, before, scope)
            else:
                now = json_at(conference, scope)
                old = before if kind == "json" else conference_file.encode(before)
                forward += diff(old, now, scope)
                inverse += diff(now, old, scope)
        return forward, inverse


def _members_diff(before: list[Any], after: list[Any], path: Path) -> Patch:
    """A list's change found by which objects are in it (adding to a list turns only the new one into JSON)."""
    start = 0
    while start < min(len(before), len(after)) and before[start] is after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] is after[-1 - end]:
        end += 1
    old = [conference_file.encode(v) for v in before[start : len(before) - end]]
    new = [conference_file.encode(v) for v in after[start : len(after) - end]]
    return _list_diff(old, new, path, lambda a, b: a == b, start)


# ---------------------------------------------------------------------------------------------------------
# The patch put back onto the model


def _decode_field(cls: type, found: dataclasses.Field[Any], value: Any) -> Any:
    """A field's value from the file, as :func:`conference_file.from_json` reads it."""
    if value is None and found.default is not None and found.default is not dataclasses.MISSING:
        return found.default
    return conference_file.decode(conference_file.field_types(cls)[found.name], value)


def _default(found: dataclasses.Field[Any]) -> Any:
    if found.default_factory is not dataclasses.MISSING:
        return found.default_factory()
    return None if found.default is dataclasses.MISSING else found.default


def _raw_apply(target: Any, parts: list[str], op: Op) -> None:
    """An operation inside JSON kept as it came (a field the model does not know)."""
    *ahead, last = parts
    for part in ahead:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        index = len(target) if last == "-" else int(last)
        if op["op"] == "add":
            target.insert(index, op["value"])
        elif op["op"] == "remove":
            del target[index]
        else:
            target[index] = op["value"]
    elif op["op"] == "remove":
        del target[last]
    else:
        target[last] = op["value"]


def apply_to_model(conference: Conference, patch: Patch) -> None:
    """Make the change ``patch`` (add, remove and replace) to the model itself, as reading the patched file would
    give it."""
    for op in patch:
        parts = parts_of(op["path"])
        if not parts:
            raise ValueError("a patch of the whole conference is not put back onto the model")
        value: Any = conference
        kind: Any = Conference
        for i, part in enumerate(parts[:-1]):
            if _is_record(value) and str(part) not in _fields_by_name(_kind_of(value)):
                _raw_apply(value.extra, parts[i:], op)
                break
            if isinstance(value, dict):
                _raw_apply(value, parts[i:], op)
                break
            value, kind = _step(value, kind, part, said_only=False)
        else:
            _apply_last(value, kind, parts[-1], op)


def _apply_last(value: Any, kind: Any, last: str, op: Op) -> None:
    if isinstance(value, list):
        inner = typing.get_args(_unwrap(kind))[0] if kind is not None else None
        index = len(value) if last == "-" else int(last)
        decoded = conference_file.decode(inner, op["value"]) if op["op"] != "remove" and inner else op.get("value")
        if op["op"] == "add":
            value.insert(index, decoded)
        elif op["op"] == "remove":
            del value[index]
        else:
            value[index] = decoded
    elif _is_record(value):
        found = _fields_by_name(_kind_of(value)).get(last)
        if found is None:
            _raw_apply(value.extra, [last], op)
        elif op["op"] == "remove":
            setattr(value, found.name, _default(found))
        else:
            setattr(value, found.name, _decode_field(type(value), found, op["value"]))
    elif isinstance(value, dict):
        _raw_apply(value, [last], op)
    else:
        raise ValueError(f"{op['path']}: there is nothing there to change")


# ---------------------------------------------------------------------------------------------------------
# Folding successive saves of one box into one undo step


def fold(earlier: Patch, later: Patch) -> Patch:
    """``earlier`` then ``later`` as one patch, a value replaced again kept only as it was last (typing saved
    as it goes makes one step of the sentence, not one per save)."""
    ops = [*earlier, *later]
    kept: list[Op] = []
    for i, op in enumerate(ops):
        replaced_later = op["op"] == "replace" and any(
            o["op"] == "replace" and o["path"] == op["path"] for o in ops[i + 1 :]
        )
        structural_after = any(
            o["op"] != "replace" and (op["path"] + "/").startswith(_parent(o["path"]) + "/") for o in ops[i + 1 :]
        )
        if replaced_later and not structural_after:
            continue
        kept.append(op)
    return kept


def _parent(pointer_text: str) -> str:
    return pointer_text.rsplit("/", 1)[0]
