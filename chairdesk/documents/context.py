"""What each template is given: plain data, made from the version of the conference its readers may see.

Every function here is given a :class:`chairdesk.audience.Version`: the conference with what its readers may not
see already taken out, by the one rule in :mod:`chairdesk.audience`. Nothing here decides who may read what; it
only says it in words (and, in the full record, marks what is confidential and why, beside it).

The names here are the template language a council edits in Word (``{{ family_name }}``,
``{%p for item in worries %}``); ``docs/TEMPLATES.md`` lists them. Everything is text ready to print.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from chairdesk import audience, words
from chairdesk import outcomes as outcomes_of
from chairdesk.audience import (
    HELD_BACK_SENTENCE,
    RECORD,
    SECTIONS,
    Version,
    attachment_label,
    confidential_words,
)
from chairdesk.checks import quorum_for_decision
from chairdesk.documents.chart import ScoreBar, scaling_chart
from chairdesk.errors import ChairDeskError
from chairdesk.model import (
    PARTICIPATION_QUESTIONS,
    PARTICIPATION_WAYS,
    Attachment,
    Conference,
    Marks,
    Participant,
    clock_times,
    is_professional,
)
from chairdesk.paths import data_dir
from chairdesk.timescales import due_dates, long_date, working_days

Picture = Callable[[bytes, str], Any]

BOARD_TITLES = {
    "danger_statements": "Danger statement",
    "working_well": "What's working well?",
    "worries": "What are we worried about?",
    "safety_goals": "Safety goals: what needs to happen?",
    "key_points": "Key points",
}


def _time(moment: dt.time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def flag(version: Version, marks: Marks) -> str:
    """In the full record, what is confidential says so, and why, before its words."""
    if version.reader.kind != RECORD or not marks.confidential:
        return ""
    return f"CONFIDENTIAL ({confidential_words(marks)}), not for the family: "


def note(version: Version, marks: Marks, thing: Any = None) -> str:
    """In the full record only: who was out of the room while it was typed, and the chair's choices to release
    or hold back, with their reasons (a family's copy is not told about other people's time out item by item)."""
    if version.reader.kind != RECORD:
        return ""
    c = version.conference
    out = (
        c.excluded_people_when_typed(thing)
        if thing is not None
        else [p for p in c.participants if p.id in marks.typed_while_out]
    )
    notes = []
    if out:
        were = "was" if len(out) == 1 else "were"
        notes.append(f"Typed while {words.join_names(p.name for p in out)} {were} out of the room.")
    for release in marks.releases:
        who = c.participant(release.to)
        to = who.name if who else "every family member"
        done = "Released to" if release.released else "Kept back from"
        reason = release.reason.strip()
        notes.append(f"{done} {to} by the chair: {reason}" + ("" if reason.endswith((".", "!", "?")) else "."))
    return " ".join(notes)


def _entry(version: Version, text: str, thing: Any) -> dict[str, Any]:
    """A row of the record's discussion: ``thing`` (an item, score or view) says when it was typed."""
    entered_at = getattr(thing, "entered_at", None)
    offset = getattr(thing, "recording_offset", None)
    marked = flag(version, thing)
    return {
        "text": text,
        "confidential": bool(marked),
        "flag": marked,
        "when": entered_at.strftime("%H:%M") if entered_at else "",
        "recording": words.recording_offset(offset),
        "note": note(version, thing, thing),
    }


def _item(version: Version, item: Any) -> dict[str, Any]:
    return _entry(version, item.text, item)


def _came(participant: Participant) -> str:
    if not participant.attended:
        return "No, sent apologies" if participant.apologies else "No"
    arrived, left = clock_times(participant.arrived, participant.left)
    if arrived and left:
        return f"Yes, {arrived} to {left}"
    if arrived:
        return f"Yes, from {arrived}"
    if left:
        return f"Yes, left at {left}"
    return "Yes"


def _report(participant: Participant) -> str:
    report = participant.report
    if report is None:
        return "No written report" if is_professional(participant.role) else ""
    if report.received is None:
        return "A report was expected and not received"
    text = f"Received {words.short_date(report.received)}"
    if report.shared_with_family:
        text += f"; shared with the family {words.short_date(report.shared_with_family)}"
    else:
        text += "; not shared with the family"
    return text


def common(conference: Conference, marking: str, document_title: str) -> dict[str, Any]:
    """What every document has: the marking, the family, the date, the children, the chair."""
    chair = next((p for p in conference.participants if p.role == "chair"), None)
    subject = conference.subject_children
    type_name = words.CONFERENCE_TYPE_NAMES.get(conference.type, "child protection conference")
    return {
        "marking": marking,
        "document_title": document_title,
        "family_name": conference.family.name,
        "family": f"the {conference.family.name} family",
        "conference_type": type_name,
        "Conference_type": words.capitalise(type_name),
        "conference_date": long_date(conference.date),
        "conference_date_short": words.short_date(conference.date),
        "start_time": _time(conference.start_time),
        "location": conference.location,
        "children": [
            {
                "name": words.child_name(c),
                "Name": words.capitalise(words.child_name(c)),
                "born": words.child_born(c, conference.date),
                "subject": c.subject,
            }
            for c in conference.children
        ],
        "subject_children": words.children_in_sentence(subject),
        "Subject_children": words.capitalise(words.children_in_sentence(subject)),
        "chair": {"name": chair.name if chair else "", "agency": chair.agency if chair else ""},
        "service_name": (chair.agency.strip() if chair and chair.agency.strip() else "Children's Services"),
    }


def attendance(version: Version) -> dict[str, Any]:
    people = version.conference.participants
    rows = [
        {
            "name": p.name,
            "role": words.capitalise(p.role_name),
            "agency": p.agency,
            "came": _came(p),
            "report": _report(p),
        }
        for p in people
    ]
    exclusions = []
    for p in people:
        for exclusion, part in zip(p.exclusions, words.exclusion_part(p), strict=True):
            exclusions.append(
                {
                    "name": p.name,
                    "role": p.role_name,
                    "part": part,
                    "ground": words.exclusion_ground(exclusion.ground),
                    # The reason the chair typed (in the full record only: the version has it nowhere else).
                    "reason": exclusion.reason,
                }
            )
    return {
        "attendance": rows,
        "apologies": [words.person(p) for p in people if not p.attended and p.apologies],
        "absent": [words.person(p) for p in people if not p.attended and not p.apologies],
        "exclusions": exclusions,
    }


def board(version: Version) -> dict[str, Any]:
    return {name: [_item(version, i) for i in items] for name, items in version.conference.board_items().items()}


# The parts whose typed things the record of the discussion lists (those typed with a time).
IN_THE_DISCUSSION = (*audience.BOARD_LISTS, "discussion", "recommendations", "scaling", "views")


def other_children(version: Version, held: list[audience.HeldBack] | tuple[audience.HeldBack, ...]) -> str:
    """What a copy says where what was held back from it concerns other children (RULES.md §5): one sentence,
    naming them ("What concerns Mia and Ruby is not in your copy."); "" when nothing of the kind was held back."""
    conference = version.conference
    about = {audience.about_child(conference, h.piece) for h in held if h.not_theirs}
    if not about:
        return ""
    named = [c for c in conference.children if c.id in about]
    names = words.children_in_sentence(named) if len(named) == len(about) else "the other children"
    return f"What concerns {names} is not in your copy."


def held_back(version: Version) -> dict[str, Any]:
    """What a document says where something was held back from its readers: once at the top (``held_back``), and
    in each part of the conference where it was (``held_back_in``, by part: ``worries``, ``plan_contingency``...),
    instead of "Nothing recorded". What concerns a child who is not the readers' is said as such ("What concerns
    Mia is not in your copy."), never as "nothing was recorded"."""
    sentences = []
    if version.held_back_from_them and version.reader.family_side:
        sentences.append(HELD_BACK_SENTENCE)
    elif version.held_back_from_them:
        sentences.append(
            "Some things said at the conference are not in this copy, because they would give away where someone "
            "lives who has asked for their address to be kept private."
        )
    sentences.append(other_children(version, version.held_back))
    here = (
        "Some of what was said here is not in your copy."
        if version.reader.family_side
        else ("Some of what was said here is not in this copy.")
    )

    def said(key: str) -> str:
        if version.held_back_in(key):
            return here
        return other_children(version, [h for h in version.held_back if h.piece.part == key])

    def in_the_discussion(held: audience.HeldBack) -> bool:
        timed = getattr(held.piece.owner, "entered_at", None) is not None
        return held.piece.part == "discussion" or (held.piece.part in IN_THE_DISCUSSION and timed)

    parts = {key.replace(".", "_"): said(key) for key in SECTIONS}
    if any(in_the_discussion(h) for h in version.held_back_from_them):
        parts["discussion"] = here
    else:
        parts["discussion"] = other_children(version, [h for h in version.held_back if in_the_discussion(h)])
    return {"held_back": " ".join(s for s in sentences if s), "held_back_in": parts}


def scaling(version: Version, picture: Picture) -> list[dict[str, Any]]:
    """One group per child the scores are about (``None``, all the children, first), each with its chart."""
    conference = version.conference
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for score in conference.scaling:
        who = conference.participant(score.participant)
        groups.setdefault(score.child, []).append(
            {
                "name": who.name if who else score.participant,
                "role": words.capitalise(who.role_name) if who else "",
                "score": score.score,
                "reason": score.reason,
                "flag": flag(version, score),
                "note": note(version, score, score),
            }
        )
    order = [None] + [c.id for c in conference.children]
    result = []
    for key in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        rows = groups[key]
        child = conference.child(key)
        about = "all the children" if child is None else words.child_in_sentence(child)
        bars = [ScoreBar(f"{r['name']} ({r['role'].lower()})" if r["role"] else r["name"], r["score"]) for r in rows]
        png, alt = scaling_chart(bars, about)
        low, high = min(r["score"] for r in rows), max(r["score"] for r in rows)
        result.append(
            {
                "title": f"Scaling: {about}",
                "about": about,
                "rows": rows,
                "chart": picture(png, alt),
                "alt_text": alt,
                "spread": _spread(rows, low, high),
            }
        )
    return result


def _spread(rows: list[dict[str, Any]], low: int, high: int) -> str:
    """``Scores from 3 to 7``; ``Everyone scored 7`` only when more than one person scored."""
    if len(rows) == 1:
        return f"Only {rows[0]['name']} gave a score: {low}"
    return f"Scores from {low} to {high}" if low != high else f"Everyone scored {low}"


def views(version: Version) -> list[dict[str, Any]]:
    conference = version.conference
    result = []
    # What was said about a child who is not the readers' is not in their copy (the part says so, never "No views
    # were recorded" under that child's name).
    for child in [c for c in conference.subject_children if version.reader.concerns(c.id)]:
        rows = []
        for view in conference.views:
            if view.child != child.id:
                continue
            who = conference.participant(view.participant)
            rows.append(
                {
                    "name": who.name if who else view.participant,
                    "role": words.capitalise(who.role_name) if who else "",
                    "agency": who.agency if who else "",
                    "harm": "Yes" if view.significant_harm else "No",
                    "reason": view.reason,
                    "flag": flag(version, view),
                    "note": note(version, view, view),
                }
            )
        kept = any(
            h.piece.part == "views" and getattr(h.piece.owner, "child", None) == child.id
            for h in version.held_back_from_them
        )
        # Where there are no rows: never "No views were recorded" when some were held back from this copy.
        copy = "your copy" if version.reader.family_side else "this copy"
        none = "" if rows else (f"Some of what was said here is not in {copy}." if kept else "No views were recorded.")
        result.append({"child": words.capitalise(words.child_name(child)), "rows": rows, "none": none})
    return result


def decisions(version: Version) -> list[dict[str, Any]]:
    """The decision per subject child. The outcome is always told; its reason as the readers may see it."""
    conference = version.conference
    result = []
    for child in conference.subject_children:
        decision = next((d for d in conference.decisions if d.child == child.id), None)
        reason = decision.reason if decision else ""
        result.append(
            {
                "child": words.capitalise(words.child_name(child)),
                "outcome": words.outcome_title(decision, child) if decision else "No decision recorded",
                "category": words.category(decision) if decision else "",
                "previous_category": words.CATEGORY_NAMES.get(decision.previous_category or "", "") if decision else "",
                "category_changed": bool(decision and words.category_change(decision)),
                "end_reason": words.end_reason(decision) if decision else "",
                "then": words.AFTER_PLAN_TITLES.get(decision.then or "", "") if decision else "",
                "reason": reason,
                "flag": flag(version, decision) if decision and reason else "",
                "note": note(version, decision, decision) if decision and reason else "",
                "sentences": words.decision_sentences(child, decision),
            }
        )
    return result


def recommendations(version: Version) -> list[dict[str, Any]]:
    """The conference's recommendations its readers may see, in the order the chair gave them: each with its
    ``text`` (and, in the full record, its ``flag``, ``note``, ``when`` and ``recording``). For the summary, the
    record and the decision letter alike (``{%p for item in recommendations %}``)."""
    return [_item(version, item) for item in version.conference.recommendations if item.text.strip()]


def dissent(version: Version) -> list[dict[str, Any]]:
    conference = version.conference
    result = []
    for item in conference.dissent:
        child = conference.child(item.child)
        result.append(
            {
                "who": words.person(conference.participant(item.participant)),
                "child": words.capitalise(words.child_name(child)) if child else "All the children",
                "text": item.text,
                "flag": flag(version, item),
                "note": note(version, item, item),
            }
        )
    return result


# The core group meeting the plan dates: the first after an initial conference, the next after a review.
CORE_GROUP_MEETING = {True: "First core group meeting", False: "Next core group meeting"}


def plan(version: Version) -> dict[str, Any]:
    """The outline plan, when a child has or keeps a child protection plan (``plan.protection``): its lead social
    worker, core group, outcomes, actions, contingency, and the first core group (at a review, the next core group)
    and next review dates. When no child has a plan there is no outline plan, core group or review to tell: what the
    conference agreed all the same (outcomes, actions, a contingency the chair typed) is given without them, and
    ``plan`` is None when nothing was. ``plan_missing``: a plan was decided and nothing of it recorded."""
    conference = version.conference
    plan = conference.plan
    dates = due_dates(conference)
    review_by = dates["next_review_due"].date
    protection_plan = outcomes_of.keeps_a_plan(conference)
    agreed = plan is not None and bool(
        plan.actions
        or plan.outcomes
        or plan.contingency.strip()
        or version.held_back_in("plan.outcomes", "plan.actions", "plan.contingency")
    )
    if plan is None or not (agreed or protection_plan):
        # The console proposes the plan's dates before the decision; dates alone, with no plan decided and
        # nothing else agreed, are not a plan.
        return {"plan": None, "plan_missing": protection_plan, "review_by": words.maybe_long_date(review_by)}
    outcomes = []
    for child in conference.children:
        mine = [o for o in plan.outcomes if o.child == child.id]
        if mine:
            outcomes.append(
                {
                    "child": words.capitalise(words.child_name(child)),
                    "texts": [o.text for o in mine],
                    "entries": [{"text": o.text, "flag": flag(version, o), "note": note(version, o, o)} for o in mine],
                }
            )
    actions = []
    for action in plan.actions:
        whose = conference.child(action.child)
        actions.append(
            {
                "what": action.what,
                "who": words.who(conference, action.who),
                "by": words.short_date(action.by) if action.by else "No date set",
                "child": words.capitalise(words.child_short(whose)) if whose else "The family",
                "flag": flag(version, action),
                "note": note(version, action, action),
            }
        )
    lead = conference.participant(plan.lead_social_worker)
    return {
        "plan": {
            "lead_social_worker": words.person(lead) if lead else "Not named yet",
            "lead_name": lead.name if lead else "",
            "lead_agency": lead.agency if lead else "",
            "core_group": [words.person(conference.participant(i)) for i in plan.core_group],
            "outcomes": outcomes,
            "actions": actions,
            "contingency": plan.contingency,
            "contingency_flag": flag(version, plan.contingency_marks) if plan.contingency.strip() else "",
            "contingency_note": note(version, plan.contingency_marks) if plan.contingency.strip() else "",
            "first_core_group": words.maybe_long_date(plan.first_core_group, ""),
            "next_review": words.maybe_long_date(plan.next_review, ""),
            "protection": protection_plan,
            # At a review the core group has met already: its next meeting (RULES.md §4 "later dates set").
            "core_group_meeting": "First core group meeting"
            if conference.is_initial_type
            else "Next core group meeting",
        },
        "plan_missing": False,
        "review_by": words.maybe_long_date(review_by),
    }


def quorum(conference: Conference) -> dict[str, Any]:
    """Quorum per subject child at the time of the child's decision, from who was in the room then (RULES.md §3).
    The time is said only when it is a time of the meeting (:func:`chairdesk.checks.decided_at`: on the day, within
    the register's arrivals and departures); otherwise quorum is judged on everyone who came and no time is said."""
    rows = []
    judged = [quorum_for_decision(conference, child) for child in conference.subject_children]
    for child, q in zip(conference.subject_children, judged, strict=True):
        when = f" (at the decision, {clock_times(q.at)[0]})" if q.at is not None else ""
        rows.append(
            {
                "child": words.capitalise(words.child_name(child)),
                "quorate": ("Yes" if q.quorate else "No") + when,
                "social_care": "Yes" if q.social_care else "No",
                "agencies": ", ".join(q.agencies) or "None",
            }
        )
    return {"quorum": rows, "quorate": all(q.quorate for q in judged), "inquorate_reason": ""}


def timeliness(conference: Conference) -> str:
    due = due_dates(conference)["conference_due"]
    if due.date is None:
        return f"The date this conference was due by is not known ({due.rule})."
    held = conference.date
    if held <= due.date:
        return f"The conference was due by {long_date(due.date)} ({due.rule}). It was held on time."
    late = working_days(conference.region).between(due.date, held)
    days = "1 working day" if late == 1 else f"{late} working days"
    return f"The conference was due by {long_date(due.date)} ({due.rule}). It was held {days} late."


def discussion(version: Version) -> list[dict[str, Any]]:
    """Everything typed during the meeting, in the order it was typed, with where to find it in the recording."""
    conference = version.conference
    entries: list[tuple[dt.datetime, dict[str, Any]]] = []
    for name, items in conference.board_items().items():
        for item in items:
            if item.entered_at:
                entries.append((item.entered_at, {**_item(version, item), "heading": BOARD_TITLES[name]}))
    for score in conference.scaling:
        if score.entered_at:
            who = conference.participant(score.participant)
            text = f"{who.name if who else score.participant} scored {score.score}: {score.reason}".rstrip(": ")
            row = _entry(version, text, score)
            entries.append((score.entered_at, {**row, "heading": "Scaling"}))
    for view in conference.views:
        if view.entered_at:
            who = conference.participant(view.participant)
            child = conference.child(view.child)
            answer = "at risk" if view.significant_harm else "not at risk"
            text = f"{who.name if who else view.participant}: {child_label(child)} {answer} of significant harm"
            row = _entry(version, f"{text}. {view.reason}".strip(), view)
            entries.append((view.entered_at, {**row, "heading": "Views on significant harm"}))
    for item in conference.discussion:
        if item.entered_at:
            entries.append((item.entered_at, {**_item(version, item), "heading": "Discussion"}))
    for item in conference.recommendations:
        if item.entered_at:
            entries.append((item.entered_at, {**_item(version, item), "heading": "Recommendations"}))
    entries.sort(key=lambda pair: pair[0])
    return [row for _, row in entries]


def child_label(child: Any) -> str:
    return words.child_in_sentence(child) if child else "the children"


def discussion_notes(version: Version) -> list[dict[str, Any]]:
    """The chair's notes of the discussion (``discussion`` in the file) that have no time."""
    return [_item(version, item) for item in version.conference.discussion if item.entered_at is None]


def carried(version: Version, picture: Picture) -> dict[str, Any]:
    """The record's "From the last conference": the previous conference, the plan's outcomes and actions with
    their progress at this review, the decisions (outcome and category, never held back), and the scaling history
    chart. A family reader is given only what the family could read at the last conference (``held_back`` says
    when something was left out)."""
    from chairdesk.carry_forward import scaling_groups
    from chairdesk.documents.chart import history_chart
    from chairdesk.model import PROGRESS

    conference = version.conference
    previous, cf = conference.previous_conference, conference.carried_forward
    if previous is None or cf is None:
        return {"carried": None}
    # What this reader may not read was left out of the version by the one rule (audience); this section says so.
    left_out = version.held_back_in(*audience.CARRIED)

    def progress(thing: Any) -> str:
        return words.capitalise(PROGRESS[thing.progress]) if thing.progress in PROGRESS else "Not said"

    outcomes = []
    for outcome in cf.outcomes:
        child = conference.child(outcome.child)
        outcomes.append(
            {
                "child": words.capitalise(words.child_short(child)) if child else outcome.child,
                "text": outcome.text,
                "progress": progress(outcome),
                "flag": flag(version, outcome),
            }
        )
    actions = []
    for action in cf.actions:
        child = conference.child(action.child)
        actions.append(
            {
                "what": action.what,
                "who": words.who(conference, action.who),
                "by": words.short_date(action.by) if action.by else "No date set",
                "child": words.capitalise(words.child_short(child)) if child else "The family",
                "progress": progress(action),
                "flag": flag(version, action),
            }
        )
    decisions = []
    for decision in cf.decisions:
        child = conference.child(decision.child)
        decisions.append(
            {
                "child": words.capitalise(words.child_name(child)) if child else decision.child,
                "outcome": words.outcome_title(decision, child),
                "category": words.category(decision),
            }
        )
    charts = []
    for about, rounds in scaling_groups(conference):
        png, alt = history_chart(rounds, about)
        charts.append({"about": about, "chart": picture(png, alt), "alt_text": alt})
    type_name = words.CONFERENCE_TYPE_NAMES.get(previous.type, "child protection conference")
    return {
        "carried": {
            "previous": f"{words.capitalise(type_name)} on {long_date(previous.date)}",
            "outcomes": outcomes,
            "actions": actions,
            "decisions": decisions,
            "scaling": charts,
            "held_back": "Some of what was carried from the last conference is not in your copy."
            if left_out
            else other_children(version, [h for h in version.held_back if h.piece.part in audience.CARRIED]),
        }
    }


# -- Before the day (RULES.md §2–3, §7): the full record's children's identifiers, language needs, the child's view,
# requests to exclude a family member and the parents' written views. Each from the version its readers may see.

ATTACHMENT_KINDS = {
    ".png": "picture",
    ".jpg": "picture",
    ".jpeg": "picture",
    ".gif": "picture",
    ".bmp": "picture",
    ".webp": "picture",
    ".heic": "picture",
    ".pdf": "PDF document",
    ".mp3": "audio recording",
    ".m4a": "audio recording",
    ".wav": "audio recording",
    ".ogg": "audio recording",
    ".aac": "audio recording",
    ".docx": "Word document",
    ".doc": "Word document",
    ".txt": "text",
}
# Pictures the documents can show (HEIC and WebP are listed by title: Word cannot show them everywhere).
SHOWN_PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")
PICTURE_MAX_PIXELS = 1600  # a phone photo of a drawing is made smaller, so the record stays a sendable size
PICTURE_TALLEST = 1.25  # a taller picture is framed in white, so it fits on a page at the record's width


def attachment_path(conference_id: str | None, attachment: Attachment) -> Path | None:
    """Where the stored copy of ``attachment`` is: :func:`chairdesk.attachments.path_of` when that is there;
    until then, ``data_dir()/attachments/<conference id>/<file>`` (the same folder). None when the conference has
    no id yet, or the name is not a plain file name (a conference file from elsewhere cannot point outside the
    folder)."""
    name = attachment.file
    if not conference_id or not name or Path(name).name != name or name in (".", ".."):
        return None
    try:
        from chairdesk.attachments import path_of  # noqa: PLC0415 (written in another part of issue 10)
    except ImportError:
        return data_dir() / "attachments" / conference_id / name
    try:
        return Path(path_of(conference_id, attachment))
    except (OSError, ValueError, ChairDeskError):
        return None


def attachment_kind(attachment: Attachment) -> str:
    suffix = Path(attachment.file or attachment.original_name).suffix.casefold()
    return ATTACHMENT_KINDS.get(suffix, "file")


def _attachment_date(attachment: Attachment) -> str:
    if attachment.received is not None:
        return f"received {words.short_date(attachment.received)}"
    if attachment.added_at is not None:
        return f"added {words.short_date(attachment.added_at.date())}"
    return ""


def _picture_png(path: Path | io.BytesIO) -> bytes:
    """The picture at ``path`` (or in it) as a PNG the record can hold: made smaller when large, framed when tall."""
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    image.thumbnail((PICTURE_MAX_PIXELS, PICTURE_MAX_PIXELS))
    if image.height > image.width * PICTURE_TALLEST:
        framed = Image.new("RGB", (round(image.height / PICTURE_TALLEST), image.height), "white")
        framed.paste(image, ((framed.width - image.width) // 2, 0))
        image = framed
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def attachment_entry(
    version: Version, attachment: Attachment, whose: str, picture: Picture | None = None
) -> dict[str, Any]:
    """An attached file as a document lists it: title, kind and date; a picture shown when ``picture`` is given
    and the file can be read (else ``missing`` says why it is not there)."""
    label = attachment_label(attachment)
    kind = attachment_kind(attachment)
    entry: dict[str, Any] = {
        "title": label,
        "kind": kind,
        "date": _attachment_date(attachment),
        "picture": "",
        "alt_text": "",
        "missing": "",
        "flag": flag(version, attachment),
        "note": note(version, attachment),
    }
    suffix = Path(attachment.file).suffix.casefold()
    if picture is None or kind != "picture":
        return entry
    path = attachment_path(version.conference.id, attachment)
    if suffix not in SHOWN_PICTURES or path is None:
        entry["missing"] = "The picture is kept with the conference; it cannot be shown in this document."
        return entry
    try:
        from chairdesk.attachments import read  # noqa: PLC0415

        png = _picture_png(io.BytesIO(read(version.conference.id or "", attachment)))  # the copy is sealed
    except (OSError, ValueError, Image.DecompressionBombError, ChairDeskError):
        entry["missing"] = (
            "The picture could not be shown here: its file is missing or cannot be read in the conference's "
            "attachments folder. Attach it again, then make the documents again."
        )
        return entry
    entry["alt_text"] = f"{label}: a picture from {whose}"
    entry["picture"] = picture(png, entry["alt_text"])
    return entry


def identifiers(version: Version) -> list[dict[str, str]]:
    """The full record's children's table: each child's NHS number (for an unborn child, the mother's) and the
    consistent child identifier. Empty for every other reader: the version has none (never in a family's
    document, never on the board)."""
    if version.reader.kind != RECORD:
        return []
    return [
        {
            "name": words.capitalise(words.child_name(c)),
            "nhs_number": c.nhs_number.strip() or "Not recorded",
            "child_identifier": c.child_identifier.strip() or "Not recorded",
        }
        for c in version.conference.children
    ]


def language_needs(version: Version) -> list[str]:
    """``Kerry Harper (parent): Polish; needs an interpreter; needs documents translated``, for each person with a
    language other than English or a need (the version has them for the full record, and a household's own)."""
    found = []
    for p in version.conference.participants:
        needs = [p.language.strip()] if p.language.strip() else []
        if p.needs_interpreter:
            needs.append("needs an interpreter (never a family member)")
        if p.needs_translation:
            needs.append("needs documents translated")
        if needs:
            found.append(f"{p.name} ({p.role_name}): {'; '.join(needs)}")
    return found


def child_views(version: Version, picture: Picture | None = None) -> list[dict[str, Any]]:
    """Each child's view, under its own heading ("What Mia told us", RULES.md §7): how the child took part, the
    chair's answers to the four questions and notes (in the full record), and the child's own words or drawing
    (pictures shown, other files listed by title, kind and date)."""
    result = []
    for child in version.conference.children:
        taking_part = child.participation
        if taking_part is None:
            continue
        name = words.capitalise(words.child_short(child))
        answers = [
            {"question": question, "answer": getattr(taking_part, key).strip()}
            for key, question in PARTICIPATION_QUESTIONS.items()
            if getattr(taking_part, key).strip()
        ]
        ways = [PARTICIPATION_WAYS.get(w, w) for w in taking_part.ways]
        own = [attachment_entry(version, a, name, picture) for a in taking_part.own_words]
        if not (answers or ways or taking_part.notes.strip() or own):
            continue
        result.append(
            {
                "child": name,
                "heading": f"What {name} told us",
                "ways": words.capitalise("; ".join(ways)) if ways else "",
                "answers": answers,
                "notes": taking_part.notes.strip(),
                "recorded_on": words.short_date(taking_part.recorded_on) if taking_part.recorded_on else "",
                "own_words": own,
            }
        )
    return result


def exclusion_requests(version: Version) -> list[dict[str, Any]]:
    """Requests before the day to exclude a family member (RULES.md §3): in the full record only (the version for
    any family reader has none)."""
    c = version.conference
    result = []
    for request in c.exclusion_requests:
        decided = {"agreed": "Agreed", "refused": "Refused"}.get(request.decision or "", "Not decided yet")
        if request.decision and request.decided_on:
            decided += f" on {words.short_date(request.decided_on)}"
        result.append(
            {
                "about": words.person(c.participant(request.about), with_agency=False),
                "requested_by": words.who(c, request.requested_by) if request.requested_by.strip() else "Not recorded",
                "received": words.short_date(request.received) if request.received else "date not recorded",
                "ground": words.capitalise(words.exclusion_ground(request.ground)),
                "evidence": request.evidence.strip() or "None recorded",
                "decision": decided,
                "which_part": request.which_part.strip(),
                "how_heard": request.how_heard.strip(),
                "flag": flag(version, request),
                "note": note(version, request),
            }
        )
    return result


def written_views(version: Version) -> list[dict[str, Any]]:
    """The parents' own written views sent before the day: in the record, and in the family's copy (they are the
    parents' own words) unless marked."""
    c = version.conference
    result = []
    for views in c.written_views:
        who = c.participant(views.by)
        attached = views.attachment
        result.append(
            {
                "by": who.name if who else views.by,
                "received": f"received {words.short_date(views.received)}" if views.received else "date not recorded",
                "text": views.text.strip(),
                "attachment": attachment_entry(version, attached, who.name if who else "") if attached else None,
                "flag": flag(version, views),
                "note": note(version, views),
            }
        )
    return result


def before_the_day(version: Version, picture: Picture | None = None) -> dict[str, Any]:
    """Everything record.docx is given about the preparation (docs/TEMPLATES.md)."""
    return {
        "identifiers": identifiers(version),
        "late_reasons": version.conference.late_reasons.strip(),
        "language_needs": language_needs(version),
        "child_views": child_views(version, picture),
        "exclusion_requests": exclusion_requests(version),
        "written_views": written_views(version),
    }


def recording_timeline(version: Version, root: Path | None = None) -> list[dict[str, str]]:
    """The record's "Recording" section: each take (when it began, how long, cut off by a crash), its pauses, its
    gaps where the microphone was lost, and the chair's bookmarks, in order, each with its place in which take.
    ``root``: the recordings folder (the user's, by default). Empty when nothing was recorded."""
    from chairdesk.recording import timeline

    known = timeline.takes(version.conference.id or "", root)
    kinds = ("take", "pause", "gap", "microphone", "bookmark")
    rows = []
    for moment in timeline.moments(version.conference, known):
        if moment.kind not in kinds:
            continue
        where = ""
        if moment.offset is not None and moment.kind != "take":
            where = f"{timeline.clock(moment.offset)} into {timeline.take_label(moment.take, known)}"
        what = f"Bookmark: {moment.text}" if moment.kind == "bookmark" else moment.text
        rows.append(
            {"when": moment.entered_at.strftime("%H:%M") if moment.entered_at else "", "recording": where, "what": what}
        )
    return rows


def amendments(version: Version, amended_on: dt.date | None = None) -> dict[str, Any]:
    """The record reissued after amendments (RULES.md §5): ``amended_on``, the day it was amended ("" when it was
    not: the day given, else the day the chair last applied one), and ``amendments``, each amendment the chair
    applied, in the order received, as its readers may see them (the professionals' record only, unless the chair
    says otherwise: chairdesk.audience)."""
    applied = [a for a in version.conference.amendments if a.applied]
    decided = [a.decided_at.date() for a in version.conference.amendments if a.applied and a.decided_at]
    day = amended_on or (max(decided) if decided else None)
    listed = []
    for amendment in sorted(applied, key=lambda a: a.received):
        who = version.conference.participant(amendment.by)
        listed.append(
            {
                "by": f"{who.name} ({who.role_name})" if who else amendment.by,
                "received": long_date(amendment.received),
                "text": amendment.text,
                "note": amendment.note,
                "decided": long_date(amendment.decided_at.date()) if amendment.decided_at else "",
            }
        )
    return {"amended_on": long_date(day) if day else "", "amendments": listed}
