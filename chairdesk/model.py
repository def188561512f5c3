"""The conference, as plain Python types, in the words of RULES.md and CONFERENCE_FILE.md.

Every type keeps the JSON fields it does not know in ``extra``, so a conference file from a newer tool or a
case-management system goes out again exactly as it came in. Converting to and from JSON lives in
:mod:`chairdesk.conference_file`; this module knows nothing of files, databases or Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

FORMAT = "chairdesk.conference/1"

CONFERENCE_TYPES = ("initial", "pre-birth", "transfer-in", "review")
INITIAL_TYPES = ("initial", "pre-birth", "transfer-in")
REGIONS = ("england-and-wales", "scotland", "northern-ireland")

# The family, and those who come with them (RULES.md §3, §7): they never count towards quorum, may be asked to
# leave, and are who the family's copies are for. A parent advocate and a communication facilitator (Families First,
# 2025) are on the family's side of the room; a solicitor listens and advises and does not speak.
FAMILY_ROLES = (
    "parent",
    "family-member",
    "child",
    "supporter",
    "advocate",
    "parent-advocate",
    "communication-facilitator",
    "solicitor",
)
# In the room for everyone and on no side: they give no view and no score, never count towards quorum, and are
# never the family (an interpreter is never a family member: RULES.md §3; an observer takes no part).
NEUTRAL_ROLES = ("interpreter", "observer", "minute-taker")
# Who gives a scaling score: everyone in the room but the chair, those who take no part, and a solicitor (who
# listens and does not speak, RULES.md §3).
NO_SCORE_ROLES = ("chair", "solicitor", *NEUTRAL_ROLES)
# Children's social care: the lead child protection practitioner (Families First, 2025) is a social worker.
SOCIAL_CARE_ROLES = ("chair", "social-worker", "lead-practitioner", "social-work-manager")
OTHER_PROFESSIONAL_ROLES = (
    "child-protection-team",
    "health-visitor",
    "school-nurse",
    "gp",
    "paediatrician",
    "midwife",
    "health-other",
    "school",
    "early-years",
    "police",
    "probation",
    "youth-offending",
    "mental-health",
    "substance-misuse",
    "domestic-abuse",
    "housing",
    "legal",
    "guardian",
    "iro",
    "carer",
    "other-local-authority",
    "professional-other",
)
ROLES = FAMILY_ROLES + NEUTRAL_ROLES + SOCIAL_CARE_ROLES + OTHER_PROFESSIONAL_ROLES

# Plain words for each role, for the board, the console and the letters: no initials, no jargon.
ROLE_NAMES = {
    "parent": "parent",
    "family-member": "family member",
    "child": "child",
    "supporter": "supporter",
    "advocate": "advocate",
    "parent-advocate": "parent advocate",
    "communication-facilitator": "communication facilitator",
    "solicitor": "solicitor",
    "interpreter": "interpreter",
    "observer": "observer",
    "minute-taker": "minute taker",
    "chair": "chair",
    "social-worker": "social worker",
    "lead-practitioner": "lead child protection practitioner",
    "social-work-manager": "social work manager",
    "child-protection-team": "child protection team",
    "health-visitor": "health visitor",
    "school-nurse": "school nurse",
    "gp": "family doctor",
    "paediatrician": "children's doctor (paediatrician)",
    "midwife": "midwife",
    "health-other": "health",
    "school": "school",
    "early-years": "nursery or early years",
    "police": "police",
    "probation": "probation",
    "youth-offending": "youth justice",
    "mental-health": "mental health",
    "substance-misuse": "drug and alcohol service",
    "domestic-abuse": "domestic abuse service",
    "housing": "housing",
    "legal": "council's lawyer",
    "guardian": "children's guardian",
    "iro": "independent reviewing officer",
    "carer": "foster carer",
    "other-local-authority": "other council",
    "professional-other": "professional",
}

# Outcomes of a decision (RULES.md §4), and the plain words for them.
# At an initial conference (P §8): a plan, or help without one (a child in need plan, step-down to early help, a
# Family Group Conference), or no further action. At a review (P §10): the plan continues or ends.
INITIAL_OUTCOMES = ("cp-plan", "cin-plan", "step-down", "family-group-conference", "no-further-action")
REVIEW_OUTCOMES = ("plan-continues", "plan-ends")
OUTCOMES = INITIAL_OUTCOMES + REVIEW_OUTCOMES
OUTCOMES_NEEDING_CATEGORY = ("cp-plan", "plan-continues")
# The outcomes under which a child has (or keeps) a child protection plan.
PLAN_OUTCOMES = OUTCOMES_NEEDING_CATEGORY
CATEGORIES = ("neglect", "physical-abuse", "emotional-abuse", "sexual-abuse")
# Why a plan ends (RULES.md §4, P §10), completing "The plan ends because the child ...".
PLAN_END_REASONS = {
    "no-longer-at-risk": "is no longer likely to suffer significant harm",
    "moved-authority": "has moved permanently to another council, and that council's transfer-in conference has "
    "been held",
    "turned-18": "has turned 18",
    "died": "has died",
    "left-uk": "has left the UK permanently",
    "court-order": "is living where a court order says",
    "accommodated": "is accommodated by the council (section 20)",
}
# What follows when a plan ends (RULES.md §4): help without a plan, or nothing further.
AFTER_PLAN_ENDS = ("cin-plan", "step-down", "family-group-conference", "no-further-action")

# RULES.md §3, "Excluding a family member": the six grounds, numbered as the conference file numbers them.
EXCLUSION_GROUNDS = {
    1: "their presence may seriously prejudice the welfare of the child",
    2: "they are likely to interfere seriously with the conference",
    3: "the child asks that the parent is not present while the child is there",
    4: "a professional could not contribute properly because of violence or intimidation",
    5: "members need to share confidential information",
    6: "conflict between family members who cannot attend together",
}

# A parent's request to record the meeting themselves (RULES.md §3, §5): the chair agrees or refuses.
RECORDING_DECISIONS = ("agreed", "refused")

BOARD_LISTS = ("danger_statements", "working_well", "worries", "safety_goals", "key_points")

# Why a typed thing is confidential (RULES.md §7, "Redaction needs a reason"): the kinds of restricted information
# a chair recognises, in their words. "other" needs the chair's own words beside it.
CONFIDENTIAL_REASONS = {
    "third-party": "information from a third party who could be identified",
    "criminal-investigation": "a criminal investigation",
    "legal-advice": "legal advice",
    "health": "someone else's health information",
    "address": "where someone lives",
    "other": "another reason",
}
# Who a release is to: a participant's id, or every family member at once.
WHOLE_FAMILY = "family"

# The child's participation (RULES.md §3, "The child's participation"): the four questions the chair weighs, and
# the ways a child may take part, in plain words.
PARTICIPATION_QUESTIONS = {
    "understanding": "Does the child have sufficient understanding?",
    "wish": "Has the child said they want to be involved?",
    "parents_views": "What do the parents think?",
    "benefit": "Would taking part be of benefit to the child?",
}
PARTICIPATION_WAYS = {
    "attend-all": "come to all of the meeting",
    "attend-part": "come to part of the meeting",
    "with-parent": "come with a parent",
    "without-parent": "come without a parent",
    "supporter": "bring a supporter",
    "advocate": "an advocate speaks for them",
    "letter": "a letter, e-mail or text",
    "drawing": "a drawing",
    "recording": "a recording",
    "meet-chair": "meet the chair before the meeting",
    "social-worker": "the social worker tells the meeting their views",
    "declined": "said they do not want to take part (respected)",
}

# How an agreed exclusion request was decided (RULES.md §3, "Excluding a family member").
EXCLUSION_REQUEST_DECISIONS = ("agreed", "refused")

# How far a carried-forward outcome or action of the plan has got, as the review hears it.
PROGRESS = {"done": "done", "in-progress": "in progress", "not-done": "not done"}


@dataclass
class Release:
    """The chair's choice, in the review before the outputs leave, about one typed thing held back from a family
    member: ``to`` (a participant id, or ``"family"`` for every family member) may read it after all
    (``released``), or it stays out of their copies (``released`` false: for the decision and the plan, which are
    never held back without the chair deciding). ``reason`` goes in the record."""

    to: str
    released: bool
    reason: str = ""
    at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class Marks:
    """What decides who may read a typed thing: whether the chair marked it confidential (and why, from
    :data:`CONFIDENTIAL_REASONS`, with their words for "other"), the family members out of the room at any
    moment it was typed or changed (ChairDesk's addition: it is held back from them), and the chair's releases.
    Every typed thing carries these; :mod:`chairdesk.audience` reads them, in one place, for every reader."""

    confidential: bool = False
    confidential_reason: str | None = None
    confidential_words: str = ""
    typed_while_out: list[str] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def clock_times(*times: dt.time | None) -> list[str]:
    """Times of the meeting as the chair reads them: ``10:40``, or ``10:40:25`` when seconds matter, that is
    when another of ``times`` falls in the same minute (times are kept to the second; None reads as "")."""
    minutes = [(t.hour, t.minute) for t in times if t is not None]
    return [
        "" if t is None else t.strftime("%H:%M:%S" if minutes.count((t.hour, t.minute)) > 1 else "%H:%M") for t in times
    ]


def is_family_side(role: str) -> bool:
    """True for the family and those who come with them (:data:`FAMILY_ROLES`)."""
    return role in FAMILY_ROLES


def is_professional(role: str) -> bool:
    """True for every role that gives a view on significant harm: neither family-side, nor neutral (an interpreter,
    an observer, a minute taker), nor the chair."""
    return role not in FAMILY_ROLES and role not in NEUTRAL_ROLES and role != "chair"


def gives_a_score(role: str) -> bool:
    """True for everyone asked for a scaling score (see :data:`NO_SCORE_ROLES`)."""
    return role not in NO_SCORE_ROLES


@dataclass(kw_only=True)
class Attachment(Marks):
    """A file kept with the conference: the child's own words or drawing (a PDF, an image, an audio clip), or a
    parent's written views. ``file`` is the stored copy's name in the conference's attachments folder (see
    :mod:`chairdesk.attachments`); ``original_name`` what the chair chose; ``title`` the chair's words for it."""

    file: str
    title: str = ""
    original_name: str = ""
    received: dt.date | None = None
    added_at: dt.datetime | None = None


@dataclass
class Participation:
    """A child's participation, weighed before the day (RULES.md §3): the answers to the four questions
    (:data:`PARTICIPATION_QUESTIONS`, in the chair's words), the ways chosen (:data:`PARTICIPATION_WAYS`), and
    the child's own words or drawing, attached."""

    understanding: str = ""
    wish: str = ""
    parents_views: str = ""
    benefit: str = ""
    ways: list[str] = field(default_factory=list)
    notes: str = ""
    own_words: list[Attachment] = field(default_factory=list)
    recorded_on: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def decided(self) -> bool:
        """True once a way to take part (or the child's wish not to) is recorded."""
        return bool(self.ways)


@dataclass
class Child:
    id: str
    name: str
    date_of_birth: dt.date | None = None
    expected_delivery_date: dt.date | None = None
    subject: bool = True
    # RULES.md §7: the NHS number (for an unborn child, the mother's), needed by the NHS child protection
    # information sharing service by the day of an initial conference; and the consistent child identifier of
    # the Children's Wellbeing and Schools Act 2026 (regulations pending), kept as given.
    nhs_number: str = ""
    child_identifier: str = ""
    participation: Participation | None = None
    # After the meeting (RULES.md §5): whether the child gets a letter of their own, and, separately, a copy of
    # the record (the chair's discretion).
    letter: bool = False
    record_copy: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_delivery_date is not None

    def age_on(self, day: dt.date) -> int | None:
        """Whole years of age on ``day``; None for an unborn child."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class Report:
    """A report expected from an invitee (its presence means one is expected): when it reached the chair and
    when it was shared with the family, each against its deadline (RULES.md §2)."""

    received: dt.date | None = None
    shared_with_family: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Exclusion:
    """A family member out of the room from ``from_`` to ``to`` (``to`` None: still out)."""

    from_: dt.time
    to: dt.time | None = None
    ground: int | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def covers(self, moment: dt.time) -> bool:
        return self.from_ <= moment and (self.to is None or moment < self.to)


@dataclass
class Participant:
    id: str
    name: str
    role: str
    agency: str = ""
    attended: bool = False
    contact_with: list[str] = field(default_factory=list)
    address: str = ""
    address_withheld: bool = False
    report: Report | None = None
    exclusions: list[Exclusion] = field(default_factory=list)
    # The live register (additions to the format): when they came and went, and apologies sent.
    arrived: dt.time | None = None
    left: dt.time | None = None
    apologies: bool = False
    # Whether this person gets a decision letter: None means the default (parents do, no one else does);
    # the chair may send one to another family member, or not to a parent. Never to a professional.
    letter: bool | None = None
    # Before the day (RULES.md §3, §7): how to reach them, their language ("" is English) and what they need to
    # follow the meeting, and an observer's consent (the chair's and the family's, given beforehand).
    email: str = ""
    phone: str = ""
    language: str = ""
    needs_interpreter: bool = False
    needs_translation: bool = False
    consent: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def excluded_at(self, moment: dt.time) -> Exclusion | None:
        return next((e for e in self.exclusions if e.covers(moment)), None)

    def in_the_room(self, moment: dt.time | None = None) -> bool:
        """From the register: whether they were in the room at ``moment`` of the conference day (came, had arrived
        and had not yet left), or, with no moment, whether they are in the room now (came and have not left).
        An exclusion is not counted here: it concerns only the family, who never count towards quorum."""
        if not self.attended:
            return False
        if moment is None:
            return self.left is None
        if self.arrived is not None and moment < self.arrived:
            return False
        return self.left is None or moment < self.left


@dataclass
class Item(Marks):
    """One line on the board. ``entered_at`` and ``recording_offset`` (seconds) say when it was typed,
    ``edited_at`` when it was last changed."""

    text: str
    entered_at: dt.datetime | None = None
    recording_offset: float | None = None
    edited_at: dt.datetime | None = None
    recording: str | None = None  # which take ``recording_offset`` is in (see Bookmark.recording)


@dataclass
class ScalingScore(Marks):
    participant: str
    child: str | None
    score: int
    reason: str = ""
    entered_at: dt.datetime | None = None
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class View(Marks):
    """A professional's view on whether a child is at risk of significant harm (RULES.md §4, step 8)."""

    participant: str
    child: str
    significant_harm: bool
    reason: str = ""
    entered_at: dt.datetime | None = None
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class Decision(Marks):
    """``entered_at``: when the decision was made; ``edited_at``: when its reason was last changed.

    At a review: ``previous_category`` is the plan's category before (so a changed category is told with the one
    it replaces); when the plan ends, ``end_reason`` is why (:data:`PLAN_END_REASONS`) and ``then`` what follows
    (:data:`AFTER_PLAN_ENDS`). ``recording``/``recording_offset``: where in the recording it was made.
    """

    child: str
    outcome: str
    category: str | None = None
    reason: str = ""
    entered_at: dt.datetime | None = None
    edited_at: dt.datetime | None = None
    previous_category: str | None = None
    end_reason: str | None = None
    then: str | None = None
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class Dissent(Marks):
    participant: str
    child: str | None
    text: str
    entered_at: dt.datetime | None = None
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class Outcome(Marks):
    child: str
    text: str
    entered_at: dt.datetime | None = None
    edited_at: dt.datetime | None = None
    progress: str | None = None  # at the review that carries it forward: a key of PROGRESS
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class PlanAction(Marks):
    what: str
    who: str
    by: dt.date | None = None
    child: str | None = None
    entered_at: dt.datetime | None = None
    edited_at: dt.datetime | None = None
    progress: str | None = None  # at the review that carries it forward: a key of PROGRESS
    recording_offset: float | None = None
    recording: str | None = None


@dataclass
class Plan:
    lead_social_worker: str | None = None
    core_group: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    contingency: str = ""
    first_core_group: dt.date | None = None
    next_review: dt.date | None = None
    contingency_marks: Marks = field(default_factory=Marks)
    contingency_edited_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Bookmark:
    """A place in the conference's own audio recording the chair marked: ``offset`` seconds into ``recording``.

    ``recording`` names the take (its folder under the conference's recordings folder); None for the only one.
    """

    label: str
    offset: float
    recording: str | None = None
    entered_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class RecordingRequest(Marks):
    """A request by a parent (``requested_by``, a participant id) to record the meeting themselves, and the
    chair's decision with its reasons and the limits on use (RULES.md §3, §5). ``decision`` is None until the
    chair decides; a refusal needs the legal advice taken noted in ``legal_advice``.
    """

    requested_by: str
    requested_on: dt.date | None = None
    decision: str | None = None
    decided_on: dt.date | None = None
    reasons: str = ""
    legal_advice: str = ""
    limits_on_use: str = ""
    limits_accepted: bool = False


@dataclass(kw_only=True)
class ExclusionRequest(Marks):
    """A request, before the day, to exclude a family member (``about``, a participant id) (RULES.md §3, §2):
    who asked, the ground (1–6) and the evidence, the date it reached the chair (late when under 3 working days
    before), the chair's decision, which part of the meeting, and how the parent's views will be heard.
    The request and its evidence are for the record only."""

    about: str
    requested_by: str = ""
    ground: int | None = None
    evidence: str = ""
    received: dt.date | None = None
    decision: str | None = None
    decided_on: dt.date | None = None
    which_part: str = ""
    how_heard: str = ""


@dataclass(kw_only=True)
class WrittenViews(Marks):
    """A parent's own written views sent to the chair before the meeting (RULES.md §2: 2 working days before):
    typed in, attached, or both."""

    by: str
    received: dt.date | None = None
    text: str = ""
    attachment: Attachment | None = None


@dataclass
class Amendment(Marks):
    """An amendment to the record sent back to the chair by someone who attended or was invited (RULES.md §5,
    within a week of receiving it): who (``by``, a participant id), when it was received, what they ask to change,
    and the chair's decision (``applied`` True or False; None until decided) with the chair's note."""

    by: str
    received: dt.date
    text: str
    applied: bool | None = None
    note: str = ""
    decided_at: dt.datetime | None = None


@dataclass
class PastScores:
    """One conference's scaling, carried forward for the history across conferences: its date and type, and
    each score with the scorer's name and role as they were then (the child by this conference's id)."""

    date: dt.date
    type: str
    scores: list[ScalingScore] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # participant id then → "Name (role)"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CarriedForward:
    """What a review starts from (RULES.md §1, PRODUCT.md "Prepare"): the previous conference's danger
    statements, safety goals, the plan's outcomes and actions (each with its ``progress`` at this review), the
    decisions with their categories, the lead social worker and core group (by name), and the scaling history.
    None of it is on the board: the chair puts a line there (:meth:`Meeting.put_on_board`)."""

    danger_statements: list[Item] = field(default_factory=list)
    safety_goals: list[Item] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    lead_social_worker: str = ""
    core_group: list[str] = field(default_factory=list)
    contingency: str = ""
    scaling_history: list[PastScores] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PreviousConference:
    """The conference this review follows: its type and date, and its id when it is in ChairDesk."""

    type: str
    date: dt.date
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Family:
    name: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Conference:
    type: str
    date: dt.date
    family: Family
    children: list[Child]
    participants: list[Participant]
    id: str | None = None
    start_time: dt.time | None = None
    location: str = ""
    region: str = "england-and-wales"
    trigger_date: dt.date | None = None
    previous_conference: PreviousConference | None = None
    danger_statements: list[Item] = field(default_factory=list)
    working_well: list[Item] = field(default_factory=list)
    worries: list[Item] = field(default_factory=list)
    safety_goals: list[Item] = field(default_factory=list)
    key_points: list[Item] = field(default_factory=list)
    scaling: list[ScalingScore] = field(default_factory=list)
    views: list[View] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    dissent: list[Dissent] = field(default_factory=list)
    inquorate_reason: str | None = None
    inquorate_reason_marks: Marks = field(default_factory=Marks)
    inquorate_reason_edited_at: dt.datetime | None = None
    plan: Plan | None = None
    confidential_notes: list[str] = field(default_factory=list)
    # The chair's record of the discussion (an addition to the format): never on the board; in the record,
    # and in the parents' copy unless confidential or typed while a family member was out of the room.
    discussion: list[Item] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    recording_requests: list[RecordingRequest] = field(default_factory=list)
    # Before the day (RULES.md §1–3): requests to exclude a family member, parents' written views, the reasons
    # the conference is late (the procedure requires them), and what a review carries forward.
    exclusion_requests: list[ExclusionRequest] = field(default_factory=list)
    written_views: list[WrittenViews] = field(default_factory=list)
    late_reasons: str = ""
    carried_forward: CarriedForward | None = None
    # The conference's recommendations (RULES.md §4–5: told in the decision letter) and the amendments to the
    # record received after it was sent.
    recommendations: list[Item] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    # The language the conference is held and recorded in ("" is English): Welsh practice records a conference held
    # in Welsh in Welsh, so the summary and the record use the council's templates for it (each reader's letter
    # uses the reader's own language).
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_initial_type(self) -> bool:
        return self.type in INITIAL_TYPES

    @property
    def subject_children(self) -> list[Child]:
        return [c for c in self.children if c.subject]

    def child(self, child_id: str | None) -> Child | None:
        return next((c for c in self.children if c.id == child_id), None)

    def participant(self, participant_id: str | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def board_items(self) -> dict[str, list[Item]]:
        """The board's five lists, by their names in the conference file."""
        return {name: getattr(self, name) for name in BOARD_LISTS}

    def excluded_now(self) -> list[Participant]:
        """The family members out of the room now: those whose exclusion has begun and not yet ended (``to`` is
        not set)."""
        return [p for p in self.participants if is_family_side(p.role) and any(e.to is None for e in p.exclusions)]

    def excluded_at(self, moment: dt.time) -> list[Participant]:
        """The family members out of the room at ``moment``."""
        return [p for p in self.participants if is_family_side(p.role) and p.excluded_at(moment)]

    def in_an_exclusion(self, moment: dt.datetime | None) -> bool:
        """True when something typed at ``moment`` on the conference day falls inside an exclusion.

        Exclusions are recorded as times of the conference day. What ChairDesk itself records during the meeting
        is also marked as it is typed (``typed_while_out``), so this reading of the times matters for
        conferences that come from elsewhere, and it stays right when the meeting is held on another day.
        """
        if moment is None or moment.date() != self.date:
            return False
        return bool(self.excluded_at(moment.time().replace(tzinfo=None)))

    def excluded_when_typed(self, thing: Any) -> set[str]:
        """The ids of the family members excluded (out of the room) when ``thing`` (an item, score, view, decision,
        dissent, outcome or action, or the marks of a part of one) was typed or changed: marked so as it was typed
        (``typed_while_out``), or, for a conference from elsewhere, stamped at a time inside their exclusion on
        the conference day. Whether there are any: ``bool(conference.excluded_when_typed(thing))``."""
        ids = set(getattr(thing, "typed_while_out", None) or [])
        for name in ("entered_at", "edited_at"):
            moment = getattr(thing, name, None)
            if moment is not None and self.in_an_exclusion(moment):
                ids |= {p.id for p in self.excluded_at(moment.time().replace(tzinfo=None))}
        return ids

    def excluded_people_when_typed(self, thing: Any) -> list[Participant]:
        """The family members excluded (out of the room) when ``thing`` was typed or changed."""
        ids = self.excluded_when_typed(thing)
        return [p for p in self.participants if p.id in ids]

    def hidden_from_room(self, item: Item) -> bool:
        """True when an item must never reach the board or the parents' copy."""
        return item.confidential or bool(self.excluded_when_typed(item))
