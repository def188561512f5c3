"""The conference file, ``chairdesk.conference/1``: reading, checking, converting and writing it.

The JSON Schema in ``resources/conference.schema.json`` checks the shape; :func:`validate` adds what a schema
cannot say (ids that must exist, times in order) and turns every problem into a sentence that names the field:
``scaling[2].score: 11 is not between 0 and 10``. Fields the model does not know are kept in ``extra`` and
written out again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import re
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk import model
from chairdesk.errors import ChairDeskError, InvalidConference
from chairdesk.model import Conference
from chairdesk.paths import conference_schema, write_atomically

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

# ---------------------------------------------------------------------------------------------------------
# Validation


def _field_path(parts: typing.Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if len(value) <= 40 else json.dumps(value[:37] + "...")
    return json.dumps(value)


_JSON_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _sentence(error: ValidationError) -> str:
    """One plain sentence for one schema error, beginning with the field it is about."""
    if error.validator == "anyOf" and error.context:
        # A nullable field (X or null): the interesting complaint is the one about X.
        not_null = [e for e in error.context if e.schema != {"type": "null"}]
        deepest = max(not_null or error.context, key=lambda e: len(e.relative_path))
        return _sentence(deepest)
    where = _field_path(error.absolute_path) or "the file"
    value, schema, kind = typing.cast(Any, error.instance), typing.cast(Any, error.schema), error.validator
    expected: Any = error.validator_value  # the value the schema gave the keyword that failed
    if kind == "required":
        missing = error.message.split("'")[1]
        name = f"{where}.{missing}" if error.absolute_path else missing
        needed_for = " for this type of conference" if "then" in error.schema_path else ""
        return f"{name}: is missing (it is required{needed_for})"
    if kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{where}: {_show(value)} is not between {low} and {high}"
        return f"{where}: {_show(value)} must be at least {low}"
    if kind == "enum":
        return f"{where}: {_show(value)} is not one of {', '.join(str(v) for v in expected)}"
    if kind == "const":
        return f"{where}: must be {_show(expected)}, not {_show(value)}"
    if kind == "format" and expected == "date":
        return f"{where}: {_show(value)} is not a real date"
    if kind == "format" and expected == LOCAL_DATE_TIME:
        return f"{where}: {_show(value)} is not a real date and time (no such day, hour or minute)"
    if kind == "pattern":
        if expected == "\\S":
            return f"{where}: must not be empty"
        if "T" in expected:
            form = "a date and time in the form YYYY-MM-DDTHH:MM"
        elif ":" in expected:
            form = "a time in the form HH:MM or HH:MM:SS (24-hour)"
        else:
            form = "a date in the form YYYY-MM-DD"
        return f"{where}: {_show(value)} is not {form}"
    if kind == "type":
        wanted = expected
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = " or ".join(_JSON_TYPE_NAMES[w] for w in wanted if w != "null")
        return f"{where}: must be {names}, not {_type_name(value)}"
    if kind == "minItems":
        return f"{where}: needs at least {expected}"
    if kind == "maxLength":
        return f"{where}: is {len(value):,} characters long; the most it can hold is {expected:,}"
    if kind == "minLength":
        return f"{where}: must not be empty"
    return f"{where}: {error.message}"


# A date and time of the conference day as the file writes it, with no offset (``2026-11-24T10:40:00``): the
# schema's pattern checks its shape, this format that it names a real moment (not hour 25, not 30 February).
LOCAL_DATE_TIME = "local-date-time"
_DATE_TIME_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$")


def _real_date_time(value: object) -> bool:
    if not isinstance(value, str) or not _DATE_TIME_SHAPE.match(value):
        return True  # not text, or not the shape: the schema's type and pattern say so, once
    dt.datetime.fromisoformat(value)
    return True


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    """The schema's validator, made once. jsonschema is imported here, on the first check, not when ChairDesk
    starts: the console is drawn before the conference it opened is checked (chairdesk.gui.app)."""
    import jsonschema

    formats = jsonschema.FormatChecker(formats=list(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers))
    formats.checks(LOCAL_DATE_TIME, raises=ValueError)(_real_date_time)
    return jsonschema.Draft202012Validator(conference_schema(), format_checker=formats)


def _schema_problems(data: Any) -> list[str]:
    validator = _validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    problems: list[str] = []
    for error in errors:
        sentence = _sentence(error)
        if sentence not in problems:
            problems.append(sentence)
    return problems


def _clock(value: str) -> dt.time:
    """A time as the file writes it, HH:MM or HH:MM:SS (compared as times: "10:40" is "10:40:00")."""
    return dt.time.fromisoformat(value)


def _entries(data: dict[str, Any], key: str, only: set[str] | None) -> typing.Iterator[tuple[int, Any]]:
    """The entries of the list ``key`` to check, with their places: all of them, or (``only``, checking one edit)
    those given, kept by place in a mapping; none when ``key`` is not among ``only``."""
    if only is not None and key not in only:
        return iter(())
    value = data.get(key) or []
    return iter(sorted(value.items()) if isinstance(value, dict) else enumerate(value))


def _reference_problems(
    data: dict[str, Any], only: set[str] | None = None, entries: dict[str, set[int]] | None = None
) -> list[str]:
    """What a schema cannot check: ids that must be unique and must exist, and times in order. ``only``: the
    top-level fields an edit changed (the children and the participants are then given by their ids, those it
    changed, ``entries``, whole; a list's changed entries by place), for checking one edit."""
    problems: list[str] = []
    child_ids = [c["id"] for c in data["children"]]
    people_ids = [p["id"] for p in data["participants"]]
    whole = only is None
    for kind, ids in (("children", child_ids), ("participants", people_ids)) if whole else ():
        for i, ident in enumerate(ids):
            if ident in ids[:i]:
                problems.append(f"{kind}[{i}].id: {_show(ident)} is used twice")

    def child_ref(where: str, ident: Any, nullable: bool = True) -> None:
        if ident is None and nullable:
            return
        if ident not in child_ids:
            problems.append(f"{where}: {_show(ident)} is not the id of a child in this conference")

    def person_ref(where: str, ident: Any) -> None:
        if ident not in people_ids:
            problems.append(f"{where}: {_show(ident)} is not the id of a participant in this conference")

    conference_day = dt.date.fromisoformat(data["date"])

    def changed(key: str) -> typing.Iterable[tuple[int, Any]]:
        if whole:
            return enumerate(data[key])
        return ((i, data[key][i]) for i in sorted((entries or {}).get(key, ())))

    for i, child in changed("children"):
        born = child.get("date_of_birth")
        if born is not None and dt.date.fromisoformat(born) > conference_day:
            problems.append(
                f"children[{i}].date_of_birth: {born} is after the conference ({data['date']}); for a child not yet "
                "born on the day, give expected_delivery_date instead"
            )
    family_ids = {p["id"] for p in data["participants"] if model.is_family_side(p["role"])}
    checked = data if whole else {key: data[key] for key in only or () if key in data}
    for where, ident in _typed_while_out(checked):
        if ident not in family_ids:
            problems.append(
                f"{where}: {_show(ident)} is not a family member of this conference. typed_while_out names the "
                "family members who were out of the room when it was typed, and it is kept from them: name the "
                "family member, or remove it"
            )
    for i, person in changed("participants"):
        for j, ident in enumerate(person.get("contact_with", [])):
            child_ref(f"participants[{i}].contact_with[{j}]", ident, nullable=False)
        for j, exclusion in enumerate(person.get("exclusions", [])):
            start, end = exclusion.get("from"), exclusion.get("to")
            if end is not None and _clock(end) <= _clock(start):
                problems.append(f"participants[{i}].exclusions[{j}].to: {end} is not after {start}")
        if person.get("arrived") and person.get("left") and _clock(person["left"]) < _clock(person["arrived"]):
            problems.append(f"participants[{i}].left: {person['left']} is before they arrived")
    for i, score in _entries(data, "scaling", only):
        person_ref(f"scaling[{i}].participant", score["participant"])
        child_ref(f"scaling[{i}].child", score.get("child"))
    for i, view in _entries(data, "views", only):
        person_ref(f"views[{i}].participant", view["participant"])
        child_ref(f"views[{i}].child", view["child"], nullable=False)
    decided: list[str] = []
    not_subjects = {c["id"] for c in data["children"] if c.get("subject") is False}
    for i, decision in _entries(data, "decisions", only):
        child_ref(f"decisions[{i}].child", decision["child"], nullable=False)
        if decision["child"] in not_subjects:
            problems.append(
                f"decisions[{i}].child: {_show(decision['child'])} is not a subject of this conference, so no "
                "decision is made for them (make them a subject, or remove the decision)"
            )
        if decision["child"] in decided:
            problems.append(f"decisions[{i}].child: {_show(decision['child'])} already has a decision")
        decided.append(decision["child"])
    for i, dissent in _entries(data, "dissent", only):
        person_ref(f"dissent[{i}].participant", dissent["participant"])
        child_ref(f"dissent[{i}].child", dissent.get("child"))
    plan = (data.get("plan") or {}) if whole or "plan" in (only or ()) else {}
    if plan.get("lead_social_worker") is not None:
        person_ref("plan.lead_social_worker", plan["lead_social_worker"])
    for i, ident in enumerate(plan.get("core_group", [])):
        person_ref(f"plan.core_group[{i}]", ident)
    for i, outcome in enumerate(plan.get("outcomes", [])):
        child_ref(f"plan.outcomes[{i}].child", outcome["child"], nullable=False)
    for i, action in enumerate(plan.get("actions", [])):
        child_ref(f"plan.actions[{i}].child", action.get("child"))
    for i, request in _entries(data, "exclusion_requests", only):
        person_ref(f"exclusion_requests[{i}].about", request["about"])
    for i, views in _entries(data, "written_views", only):
        person_ref(f"written_views[{i}].by", views["by"])
    for i, amendment in _entries(data, "amendments", only):
        person_ref(f"amendments[{i}].by", amendment["by"])
    for where, release in _releases(checked):
        if release["to"] != model.WHOLE_FAMILY and release["to"] not in people_ids:
            problems.append(f'{where}.to: {_show(release["to"])} is not the id of a participant, nor "family"')
    return problems


def _releases(value: Any, where: str = "") -> typing.Iterator[tuple[str, dict[str, Any]]]:
    """Every release the chair made (model.Release), wherever the typed thing it is on sits, with its field path."""
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{where}.{key}" if where else key
            if isinstance(key, int):  # a list's changed entries, kept by place (checking one edit)
                yield from _releases(sub, f"{where}[{key}]")
            elif key == "releases" and isinstance(sub, list):
                yield from ((f"{path}[{i}]", r) for i, r in enumerate(sub) if isinstance(r, dict))
            else:
                yield from _releases(sub, path)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _releases(sub, f"{where}[{i}]")


def _typed_while_out(value: Any, where: str = "") -> typing.Iterator[tuple[str, Any]]:
    """Every id named in a ``typed_while_out`` (model.Marks), wherever the typed thing it is on sits, with its path."""
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{where}.{key}" if where else key
            if isinstance(key, int):  # a list's changed entries, kept by place (checking one edit)
                yield from _typed_while_out(sub, f"{where}[{key}]")
            elif key == "typed_while_out" and isinstance(sub, list):
                yield from ((f"{path}[{i}]", ident) for i, ident in enumerate(sub))
            else:
                yield from _typed_while_out(sub, path)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _typed_while_out(sub, f"{where}[{i}]")


def validate(data: Any) -> list[str]:
    """Every problem with a conference file's data, each a sentence naming its field; [] when it is valid."""
    data = _upgrade(data)
    problems = _schema_problems(data)
    if problems:
        return problems
    return _reference_problems(data)


# ---------------------------------------------------------------------------------------------------------
# Checking one edit: the places it changed, not the whole file (an edit in a meeting of a thousand items costs
# what it costs in one of fifteen). The same problems in the same words as :func:`validate` gives for them.

# Top-level fields an edit of which is checked against the whole file: the ids everything refers to, and what the
# type of conference makes required.
_CHECKED_WHOLE = ("children", "participants", "date", "type", "trigger_date", "previous_conference", "format")
# A child's or participant's fields the rest of the file depends on: an edit of any other (an arrival, an exclusion,
# a child's participation) is checked in that child or participant alone.
_REFERRED_TO = ("id", "role", "subject", "date_of_birth")


def _checked_whole(parts: list[str | int]) -> bool:
    if not parts or parts[0] not in _CHECKED_WHOLE:
        return not parts
    entry = parts[0] in ("children", "participants") and len(parts) >= 3 and isinstance(parts[1], int)
    return not entry or parts[2] in _REFERRED_TO


def _pointer_parts(pointer_text: str) -> list[str | int]:
    parts: list[str | int] = []
    for part in pointer_text[1:].split("/") if pointer_text else []:
        part = part.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return parts


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = conference_schema()["$defs"][name]
    return schema


def _schema_at(parts: typing.Sequence[str | int]) -> dict[str, Any] | None:
    """The part of the schema that checks the value at ``parts`` (None when it cannot be told apart)."""
    schema: dict[str, Any] = conference_schema()
    for part in parts:
        schema = _resolve(schema)
        while "anyOf" in schema:
            branches = [_resolve(b) for b in schema["anyOf"] if b != {"type": "null"}]
            if len(branches) != 1:
                return None
            schema = branches[0]
        if isinstance(part, int) and "items" in schema:
            schema = schema["items"]
        elif isinstance(part, int) or "items" in schema:
            return None
        elif part in schema.get("properties", {}):
            schema = schema["properties"][part]
        elif isinstance(schema.get("additionalProperties"), dict):
            schema = schema["additionalProperties"]
        elif schema.get("additionalProperties") is False:
            return None
        else:
            schema = {}  # a field the format does not name: allowed and kept
    return schema


def _problems_at(parts: typing.Sequence[str | int], value: Any, schema: dict[str, Any]) -> list[ValidationError]:
    errors = list(_validator().evolve(schema=schema).iter_errors(value))
    for error in errors:
        error.path.extendleft(reversed(parts))
    return errors


def check_change(
    patch: list[dict[str, Any]],
    json_at: typing.Callable[[list[str | int]], Any],
    ids: typing.Callable[[], dict[str, Any]],
) -> list[str] | None:
    """The problems the change ``patch`` (JSON Patch operations, already made) brings into a conference that was
    valid before, in :func:`validate`'s words; None when only the whole file can tell (the caller validates it).
    ``json_at(parts)`` gives what the conference now holds at a place, as its file would; ``ids()`` its date, and
    its children's ids (with ``subject``) and participants' (with ``role``), which the rest refers to."""
    errors: list[ValidationError] = []
    touched: dict[str, set[int] | None] = {}
    for op in patch:
        parts = _pointer_parts(op["path"])
        if _checked_whole(parts):
            return None
        key = str(parts[0])
        if op["op"] != "remove":
            schema = _schema_at(parts)
            if schema is None:
                return None
            errors += _problems_at(parts, op["value"], schema)
        else:
            # Taking something away can leave its holder short of what it requires.
            holder = _schema_at(parts[:-1])
            if holder is None:
                return None
            shallow = {k: v for k, v in _resolve(holder).items() if k in ("required", "minItems", "type")}
            if shallow and len(parts) > 1:
                errors += _problems_at(parts[:-1], json_at(parts[:-1]), shallow)
        index = parts[1] if len(parts) > 1 and isinstance(parts[1], int) and key != "decisions" else None
        if op["op"] == "remove" and len(parts) == 2:
            continue  # a whole entry taken away: nothing in it is referred to (ids are in children and participants)
        chosen = touched.get(key, set())
        touched[key] = None if index is None or chosen is None else {*chosen, index}
    problems: list[str] = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        sentence = _sentence(error)
        if sentence not in problems:
            problems.append(sentence)
    if problems:
        return problems
    data: dict[str, Any] = ids()
    checked_entries: dict[str, set[int]] = {}
    for key in ("children", "participants"):
        for i in touched.pop(key, None) or ():  # the entries changed, whole, among the others' ids
            data[key][i] = json_at([key, i])
            checked_entries.setdefault(key, set()).add(i)
    for key, indexes in touched.items():
        if indexes is None:
            value = json_at([key])
        else:  # only the entries that changed are looked at again
            value = {i: found for i in sorted(indexes) if (found := json_at([key, i])) is not ABSENT}
        if value is not ABSENT:
            data[key] = value
    return _reference_problems(data, only={*touched, *checked_entries}, entries=checked_entries)


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
"""What a conference file holds where it holds nothing (a field left out)."""


# ---------------------------------------------------------------------------------------------------------
# Converting between JSON data and the model


def _json_name(field: dataclasses.Field[Any]) -> str:
    return field.name.rstrip("_")  # Exclusion.from_ is "from" in the file


@typing.no_type_check
def _decode(kind: Any, value: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        return _decode(inner, value)
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [_decode(inner, v) for v in value]
    if dataclasses.is_dataclass(kind):
        return _decode_object(kind, value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is dt.time:
        return dt.time.fromisoformat(value)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is float:
        return float(value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The model's field types, read once per class (reading them is most of the time a conference takes to load)."""
    return typing.get_type_hints(cls)


def _decode_object(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    known: set[str] = set()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name == "extra":
            continue
        name = _json_name(field)
        known.add(name)
        if name not in data:
            required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
            if required and type(None) in typing.get_args(hints[field.name]):
                values[field.name] = None  # left out where the format allows null (a score's child): null
            continue
        if data[name] is None and field.default is not None and field.default is not dataclasses.MISSING:
            continue  # null where the model has a plain default ("" or false): take the default
        values[field.name] = _decode(hints[field.name], data[name])
    values["extra"] = {k: v for k, v in data.items() if k not in known}
    return cls(**values)


# The marks every typed thing carries (model.Marks): written after the thing's own fields, as a reader expects.
_MARK_FIELDS = tuple(f.name for f in dataclasses.fields(model.Marks) if f.name != "extra")


def _fields_in_order(value: Any) -> list[dataclasses.Field[Any]]:
    fields = [f for f in dataclasses.fields(value) if f.name != "extra"]
    return [f for f in fields if f.name not in _MARK_FIELDS] + [f for f in fields if f.name in _MARK_FIELDS]


# Marks written only when they say something (a file of a conference with nothing confidential stays as it was).
_QUIET_MARKS = ("confidential_reason", "confidential_words", "releases")
# Fields added after the format was first written, written only when set, for the same reason.
_QUIET_ADDITIONS = ("recording", "previous_category", "end_reason", "then", "record_copy")
_QUIET_CONFERENCE = ("language",)  # written only when set
# ``recording_offset`` was part of the format for an item, a score and a view; elsewhere it is an addition.
_OFFSET_IN_FORMAT = (model.Item, model.ScalingScore, model.View)


def _said(value: Any, field: dataclasses.Field[Any]) -> bool:
    """Whether a field of ``value`` is written: always, but for a mark at its default (``confidential`` is part
    of the format for an item, so an item always says it)."""
    quiet = (
        field.name in _QUIET_MARKS
        or field.name in _QUIET_ADDITIONS
        or (field.name == "confidential" and not isinstance(value, model.Item))
        or (field.name == "recording_offset" and not isinstance(value, _OFFSET_IN_FORMAT))
        or (field.name == "letter" and isinstance(value, model.Child))
        or (field.name in _QUIET_CONFERENCE and isinstance(value, model.Conference))
    )
    if not quiet:
        return True
    default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
    return getattr(value, field.name) != default


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {_json_name(f): _encode(getattr(value, f.name)) for f in _fields_in_order(value) if _said(value, f)}
        data.update(value.extra)  # type: ignore[attr-defined]  # every model dataclass keeps unknown fields in extra
        return data
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        # To the second when the second is known (an exclusion's end, an arrival), so what was typed in the
        # minute a parent came back is not hidden from them; HH:MM otherwise, as older files and tools write it.
        return value.strftime("%H:%M:%S" if value.second or value.microsecond else "%H:%M")
    return value


def _upgrade(data: Any) -> Any:
    """Files written before every typed thing carried its marks kept the contingency plan's and the inquorate
    reason's "typed while out" beside them; they are now in the text's marks. ``data`` is not changed."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    old = data.pop("inquorate_reason_typed_while_out", None)
    if old is not None and "inquorate_reason_marks" not in data:
        data["inquorate_reason_marks"] = {"typed_while_out": old}
    plan = data.get("plan")
    if isinstance(plan, dict) and "contingency_typed_while_out" in plan:
        plan = dict(plan)
        old = plan.pop("contingency_typed_while_out")
        plan.setdefault("contingency_marks", {"typed_while_out": old})
        data["plan"] = plan
    return data


def from_json(data: Any, check: bool = True) -> Conference:
    """The conference in ``data`` (parsed JSON); raises :class:`InvalidConference` naming every problem.
    ``check=False``: not checked against the format here (the caller checks it soon after, see Store.load)."""
    data = _upgrade(data)
    problems = validate(data) if check else []
    if problems:
        raise InvalidConference(problems)
    conference = _decode_object(Conference, data)
    del conference.extra["format"]  # always written, by to_json
    return conference


# The conversion one value at a time, for chairdesk.changes (an edit turns only what it changed into JSON).
json_name = _json_name
is_said = _said
field_types = _hints
encode = _encode
decode = _decode


def to_json(conference: Conference) -> dict[str, Any]:
    """The conference as conference-file data: known fields first, in the format's order, then the rest."""
    data = {"format": model.FORMAT}
    data.update(_encode(conference))
    return data


def dumps(conference: Conference) -> str:
    """The conference file's text."""
    return json.dumps(to_json(conference), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Files


def read(path: str | os.PathLike[str]) -> Conference:
    """The conference in the file at ``path``; a :class:`ChairDeskError` with a plain sentence if it can't."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows Notepad saves one) is not JSON
    except FileNotFoundError:
        raise ChairDeskError(f"{path}: there is no such file") from None
    except IsADirectoryError:
        raise ChairDeskError(f"{path}: is a folder, not a conference file") from None
    except UnicodeDecodeError:
        raise ChairDeskError(f"{path}: is not a text file (a conference file is JSON in UTF-8)") from None
    except OSError as error:
        raise ChairDeskError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ChairDeskError(
            f"{path}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    try:
        return from_json(data)
    except InvalidConference as error:
        raise InvalidConference([f"{path}: {p}" for p in error.problems]) from None


def write(conference: Conference, path: str | os.PathLike[str]) -> None:
    """Write the conference file to ``path`` atomically, once the whole of it is checked (an edit checks only what
    it changed): an :class:`InvalidConference` naming every problem, and nothing written, if it is not valid."""
    write_text(dumps(conference), path)


def write_text(text: str, path: str | os.PathLike[str]) -> None:
    """Write a conference file's text (:func:`dumps`'s) to ``path`` as :func:`write` does, checked first. The text is
    the conference as it was when it was made, sharing nothing with it: a window makes it at once and has it written
    on a worker thread while the chair goes on typing (a network folder or a USB stick can take seconds)."""
    problems = validate(json.loads(text))
    if problems:
        raise InvalidConference(problems)
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise ChairDeskError(f"{path}: cannot be written ({error.strerror})") from None
