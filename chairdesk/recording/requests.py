"""A parent's request to record the conference themselves, and the chair's decision (RULES.md §3, §5).

The procedure: the chair decides, in consultation with the conference and/or with legal advice; each request is
considered on its merits; if the chair is minded to refuse, legal advice is sought; the decision and the limits
on the recording's use are recorded, and the parent is preferably asked to agree to those limits. Wider
distribution of a recording breaches data protection law.
"""

from __future__ import annotations

import datetime as dt

from chairdesk.errors import ChairDeskError
from chairdesk.model import RECORDING_DECISIONS, Conference, RecordingRequest, is_family_side

DEFAULT_LIMITS = (
    "The recording is for the family's own use, to remember what was said, and in the child protection process or "
    "family court proceedings (where the court decides whether it may be used). It must not be shared more widely "
    "or published, for example on the internet: that would breach data protection law."
)


def request_recording(conference: Conference, participant_id: str, on: dt.date | None = None) -> RecordingRequest:
    """Note that a family member asked to record the meeting; the request waits for the chair's decision."""
    person = conference.participant(participant_id)
    if person is None:
        raise ChairDeskError(f"there is no one with the id {participant_id!r} in this conference")
    if not is_family_side(person.role):
        raise ChairDeskError(
            f"{person.name} is the {person.role_name}; only a parent or family member's request is recorded here"
        )
    request = RecordingRequest(requested_by=participant_id, requested_on=on or dt.date.today())
    conference.recording_requests.append(request)
    return request


def decide(
    request: RecordingRequest,
    decision: str,
    reasons: str,
    *,
    limits_on_use: str | None = None,
    legal_advice: str = "",
    limits_accepted: bool = False,
    on: dt.date | None = None,
) -> None:
    """Record the chair's decision on a request, with the reasons. A refusal needs the legal advice taken; an
    agreement carries limits on use (the usual limits when none are given)."""
    if decision not in RECORDING_DECISIONS:
        raise ChairDeskError(f"the decision must be one of {', '.join(RECORDING_DECISIONS)}, not {decision!r}")
    if not reasons.strip():
        raise ChairDeskError("write the reasons for the decision: each request is decided on its own merits")
    if decision == "refused" and not legal_advice.strip():
        raise ChairDeskError("before refusing a request to record, take legal advice and note it here")
    request.decision = decision
    request.reasons = reasons.strip()
    request.legal_advice = legal_advice.strip()
    request.decided_on = on or dt.date.today()
    if decision == "agreed":
        request.limits_on_use = (limits_on_use or "").strip() or DEFAULT_LIMITS
        request.limits_accepted = limits_accepted
    else:
        request.limits_on_use = ""
        request.limits_accepted = False


def problems(conference: Conference) -> list[str]:
    """What is missing from the conference's recording requests, as sentences for the chair."""
    found = []
    for request in conference.recording_requests:
        person = conference.participant(request.requested_by)
        who = person.name if person else request.requested_by
        if request.decision is None:
            found.append(f"{who} asked to record the meeting and there is no decision yet.")
        elif request.decision == "refused" and not request.legal_advice.strip():
            found.append(f"The refusal of {who}'s request to record has no note of the legal advice taken.")
        elif request.decision == "agreed" and not request.limits_on_use.strip():
            found.append(f"{who} may record the meeting, but the limits on using the recording are not written down.")
    return found


def describe(conference: Conference, request: RecordingRequest) -> str:
    """One sentence for the record: who asked, what the chair decided and why."""
    person = conference.participant(request.requested_by)
    who = person.name if person else request.requested_by
    if request.decision is None:
        return f"{who} asked to record the meeting; the chair has not yet decided."
    if request.decision == "refused":
        # The legal advice is in the full record only: a family's copy is given the request without it.
        advice = f"after legal advice ({request.legal_advice})" if request.legal_advice else "after taking legal advice"
        return f"{who} asked to record the meeting. The chair refused, {advice}. Reasons: {request.reasons}"
    accepted = f" {who} agreed to these limits." if request.limits_accepted else ""
    return (
        f"{who} asked to record the meeting. The chair agreed. Reasons: {request.reasons} "
        f"Limits on use: {request.limits_on_use}{accepted}"
    )
