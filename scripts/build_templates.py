"""(Re)build the default Word templates in resources/templates/ from code.

    .venv/bin/python scripts/build_templates.py

The committed .docx files are the source of truth: a council restyles them in Word (letterhead, fonts,
wording) and keeps its own copies. Run this only to change the defaults, then look at the result with
scripts/render_documents.sh. The names the templates use are listed in docs/TEMPLATES.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.text import WD_BREAK

sys.path.insert(0, str(Path(__file__).resolve().parent))
from template_kit import (  # noqa: E402
    bullets,
    fixed_table,
    held_back_line,
    larger_type,
    loop_table,
    new_document,
    para,
    spacer,
    tag,
)

OUT = Path(__file__).resolve().parent.parent / "resources" / "templates"
DETAIL = "{{ document_title }}  ·  {{ family_name }} family  ·  conference on {{ conference_date }}"
WHEN = (
    "{% if item.when %} [{{ item.when }}{% if item.recording %}, {{ item.recording }}{% endif %}]{% endif %}",
    "Note",
)
NOTE = ("{% if item.note %} {{ item.note }}{% endif %}", "Note")
# In the full record, what is confidential says so, and why, before its words ("" in every other copy).
CONFIDENTIAL = ("{{ item.flag }}", "Confidential")

SCALING_QUESTION = (
    "Everyone was asked: on a scale of 0 to 10, where 10 means everyone agrees the children are safe enough for "
    "the conference to close and 0 means the children are certain to be harmed, where are we?"
)


def details(doc: DocumentType) -> None:
    fixed_table(
        doc,
        [
            ("Conference", "{{ Conference_type }}"),
            ("Date", "{{ conference_date }}{% if start_time %}, starting at {{ start_time }}{% endif %}"),
            ("Place", "{{ location }}"),
            ("Chair", "{{ chair.name }}{% if chair.agency %}, {{ chair.agency }}{% endif %}"),
        ],
        [4.0, 12.6],
    )
    doc.add_heading("The children", 1)
    bullets(
        doc,
        "c in children",
        "{{ c.Name }}{% if c.born %}, {{ c.born }}{% endif %}",
        ("{% if not c.subject %} (lives in the household; not the subject of this conference){% endif %}", "Note"),
    )


def attendance(doc: DocumentType, full: bool) -> None:
    doc.add_heading("Who was invited", 1)
    loop_table(
        doc,
        ["Name", "Role", "Organisation", "Came to the conference", "Written report"],
        "row in attendance",
        [["{{ row.name }}"], ["{{ row.role }}"], ["{{ row.agency }}"], ["{{ row.came }}"], ["{{ row.report }}"]],
        [3.0, 2.6, 3.2, 3.0, 4.8],
    )
    spacer(doc)
    tag(doc, "{%p if apologies %}")
    para(doc, ("Apologies: ", "Strong Text"), "{{ apologies|join('; ') }}.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if exclusions %}")
    doc.add_heading("Time out of the room", 2)
    if full:
        para(
            doc,
            "The chair may ask a family member to leave for part of the conference, for the shortest time needed, "
            "on one of the grounds in the procedure.",
        )
        tag(doc, "{%p for e in exclusions %}")
        para(
            doc,
            ("{{ e.name }} ({{ e.role }})", "Strong Text"),
            " was out of the room {{ e.part }}. The chair's reason: {{ e.ground }}.",
            "{% if e.reason %} {{ e.reason }}{% endif %}",
            style="List Bullet",
        )
        tag(doc, "{%p endfor %}")
    else:
        tag(doc, "{%p for e in exclusions %}")
        para(doc, "{{ e.name }} was out of the room {{ e.part }}.", style="List Bullet")
        tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    if full:
        language_and_requests(doc)


def language_and_requests(doc: DocumentType) -> None:
    """The record's attendance, before the day: each person's language needs, and the requests to exclude a family
    member with their evidence (the full record only: a family's copy is given none)."""
    tag(doc, "{%p if language_needs %}")
    doc.add_heading("Language and communication", 2)
    bullets(doc, "need in language_needs", "{{ need }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if exclusion_requests %}")
    doc.add_heading("Requests before the day to exclude a family member", 2)
    tag(doc, "{%p for r in exclusion_requests %}")
    para(
        doc,
        ("{{ r.flag }}", "Confidential"),
        ("{{ r.about }}", "Strong Text"),
        ": asked by {{ r.requested_by }}, received {{ r.received }}. {{ r.ground }}.",
        ("{% if r.note %} {{ r.note }}{% endif %}", "Note"),
        style="List Bullet",
    )
    para(doc, ("Evidence: ", "Strong Text"), "{{ r.evidence }}")
    para(
        doc,
        ("The chair's decision: ", "Strong Text"),
        "{{ r.decision }}{% if r.which_part %} (the part of the meeting: {{ r.which_part }}){% endif %}.",
    )
    para(doc, ("How their views will be heard: ", "Strong Text"), "{{ r.how_heard or 'not recorded yet' }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def board(doc: DocumentType, full: bool) -> None:
    doc.add_heading("What the conference said", 1)
    runs = [CONFIDENTIAL, "{{ item.text }}", NOTE, WHEN] if full else ["{{ item.text }}"]
    for name, title in (
        ("danger_statements", "Danger statement"),
        ("working_well", "What's working well?"),
        ("worries", "What are we worried about?"),
        ("safety_goals", "Safety goals: what needs to happen?"),
        ("key_points", "Key points"),
    ):
        doc.add_heading(title, 2)
        bullets(doc, f"item in {name}", *runs, held=name)


def scaling(doc: DocumentType) -> None:
    doc.add_heading("Scaling", 1)
    para(doc, SCALING_QUESTION)
    tag(doc, "{%p if scaling %}")
    tag(doc, "{%p for group in scaling %}")
    doc.add_heading("{{ group.title[:1]|upper }}{{ group.title[1:] }}", 2)
    para(doc, "{{ group.chart }}")
    para(doc, ("{{ group.spread }}.", "Note"))
    loop_table(
        doc,
        ["Name", "Role", "Score", "Reason"],
        "row in group.rows",
        [
            ["{{ row.name }}"],
            ["{{ row.role }}"],
            ["{{ row.score }}"],
            [
                ("{{ row.flag }}", "Confidential"),
                "{{ row.reason }}",
                ("{% if row.note %} {{ row.note }}{% endif %}", "Note"),
            ],
        ],
        [3.4, 3.4, 1.4, 8.4],
    )
    spacer(doc)
    tag(doc, "{%p endfor %}")
    held_back_line(doc, "scaling")
    tag(doc, "{%p else %}")
    para(doc, "{{ held_back_in.scaling or 'No scaling scores were recorded.' }}")
    tag(doc, "{%p endif %}")


def views_and_decisions(doc: DocumentType) -> None:
    doc.add_heading("Views on significant harm", 1)
    para(
        doc,
        "The chair asked each professional whether they think each child is at risk of significant harm, and why.",
    )
    tag(doc, "{%p for v in views %}")
    doc.add_heading("{{ v.child }}", 2)
    tag(doc, "{%p if v.rows %}")
    loop_table(
        doc,
        ["Name", "Role", "At risk of significant harm?", "Why"],
        "row in v.rows",
        [
            ["{{ row.name }}"],
            ["{{ row.role }}"],
            ["{{ row.harm }}"],
            [
                ("{{ row.flag }}", "Confidential"),
                "{{ row.reason }}",
                ("{% if row.note %} {{ row.note }}{% endif %}", "Note"),
            ],
        ],
        [3.4, 3.4, 2.4, 7.4],
    )
    spacer(doc)
    tag(doc, "{%p else %}")
    para(doc, "{{ v.none or 'No views were recorded.' }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    held_back_line(doc, "views")

    doc.add_heading("The decision", 1)
    tag(doc, "{%p for d in decisions %}")
    doc.add_heading("{{ d.child }}", 2)
    para(doc, ("{{ d.outcome }}.", "Strong Text"))
    tag(doc, "{%p if d.reason %}")
    para(doc, ("{{ d.flag }}", "Confidential"), "{{ d.reason }}", ("{% if d.note %} {{ d.note }}{% endif %}", "Note"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    held_back_line(doc, "decisions")
    tag(doc, "{%p if dissent or held_back_in.dissent %}")
    doc.add_heading("Disagreement with the decision (dissent)", 2)
    bullets(
        doc,
        "d in dissent",
        ("{{ d.who }}", "Strong Text"),
        ", about {{ d.child }}: ",
        ("{{ d.flag }}", "Confidential"),
        "{{ d.text }}",
        ("{% if d.note %} {{ d.note }}{% endif %}", "Note"),
        held="dissent",
    )
    tag(doc, "{%p endif %}")
    recommendations(doc)


def recommendations(doc: DocumentType) -> None:
    """The conference's recommendations, under the decisions (the summary and the record; the letter has its own
    words for them). Only when there are some, or some were held back from this copy."""
    tag(doc, "{%p if recommendations or held_back_in.recommendations %}")
    doc.add_heading("Recommendations", 2)
    bullets(
        doc,
        "item in recommendations",
        CONFIDENTIAL,
        "{{ item.text }}",
        NOTE,
        held="recommendations",
    )
    tag(doc, "{%p endif %}")


def plan(doc: DocumentType, heading: str = "The plan") -> None:
    """The outline plan when a child has or keeps a child protection plan (``plan.protection``); when none does,
    what the conference agreed all the same, with no core group, no core group meeting and no review date; nothing
    at all when nothing was agreed."""
    tag(doc, "{%p if plan %}")
    doc.add_heading(f"{{% if plan.protection %}}{heading}{{% else %}}What the conference agreed{{% endif %}}", 1)
    tag(doc, "{%p if not plan.protection %}")
    para(
        doc,
        "No child has a child protection plan, so there is no outline plan, core group or review conference. "
        "This is what the conference agreed should happen.",
    )
    tag(doc, "{%p endif %}")
    para(doc, ("Lead social worker: ", "Strong Text"), "{{ plan.lead_social_worker }}")
    tag(doc, "{%p if plan.protection %}")
    para(doc, ("The core group", "Strong Text"), " (the family members and professionals who meet to check the plan):")
    bullets(doc, "member in plan.core_group", "{{ member }}", empty="No core group has been named yet.")
    tag(doc, "{%p endif %}")
    doc.add_heading("What needs to change for each child", 2)
    tag(doc, "{%p for o in plan.outcomes %}")
    para(doc, ("{{ o.child }}", "Strong Text")).paragraph_format.keep_with_next = True
    tag(doc, "{%p for t in o.entries %}")
    para(
        doc,
        ("{{ t.flag }}", "Confidential"),
        "{{ t.text }}",
        ("{% if t.note %} {{ t.note }}{% endif %}", "Note"),
        style="List Bullet",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not plan.outcomes %}")
    para(doc, "{{ held_back_in.plan_outcomes or 'No outcomes were recorded.' }}")
    tag(doc, "{%p else %}")
    held_back_line(doc, "plan_outcomes")
    tag(doc, "{%p endif %}")
    doc.add_heading("Who will do what, and by when", 2)
    tag(doc, "{%p if plan.actions %}")
    loop_table(
        doc,
        ["What will happen", "Who", "By when", "For"],
        "a in plan.actions",
        [
            [("{{ a.flag }}", "Confidential"), "{{ a.what }}", ("{% if a.note %} {{ a.note }}{% endif %}", "Note")],
            ["{{ a.who }}"],
            ["{{ a.by }}"],
            ["{{ a.child }}"],
        ],
        [7.6, 3.6, 2.6, 2.8],
    )
    spacer(doc)
    held_back_line(doc, "plan_actions")
    tag(doc, "{%p else %}")
    para(doc, "{{ held_back_in.plan_actions or 'No actions were recorded.' }}")
    tag(doc, "{%p endif %}")
    doc.add_heading("If things do not improve (contingency plan)", 2)
    para(
        doc,
        ("{{ plan.contingency_flag }}", "Confidential"),
        "{{ plan.contingency or held_back_in.plan_contingency or 'No contingency plan was recorded.' }}",
        ("{% if plan.contingency_note %} {{ plan.contingency_note }}{% endif %}", "Note"),
    )
    tag(doc, "{%p if plan.protection %}")
    doc.add_heading("Dates", 2)
    para(
        doc,
        ("{{ plan.core_group_meeting or 'First core group meeting' }}: ", "Strong Text"),
        "{{ plan.first_core_group or 'to be arranged by the social worker' }}",
    )
    para(
        doc,
        ("Next conference (review): ", "Strong Text"),
        "{{ plan.next_review or 'to be arranged, by ' ~ review_by }}",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p elif plan_missing %}")
    doc.add_heading(heading, 1)
    para(doc, "No plan was recorded.")
    tag(doc, "{%p endif %}")


def from_the_last_conference(doc: DocumentType) -> None:
    """A review: what the last conference decided and planned, how far it has got, and the scaling across
    conferences (``carried``: none for a conference that follows no other)."""
    tag(doc, "{%p if carried %}")
    doc.add_heading("From the last conference", 1)
    para(doc, "This review follows the {{ carried.previous[:1]|lower }}{{ carried.previous[1:] }}.")
    tag(doc, "{%p if carried.held_back %}")
    para(doc, ("{{ carried.held_back }}", "Note"))
    tag(doc, "{%p endif %}")
    doc.add_heading("The decisions then", 2)
    bullets(
        doc,
        "d in carried.decisions",
        ("{{ d.child }}", "Strong Text"),
        ": {{ d.outcome }}.",
        empty="No decision was carried forward.",
    )
    doc.add_heading("How far the plan has got", 2)
    tag(doc, "{%p if carried.outcomes %}")
    loop_table(
        doc,
        ["What needed to change", "For", "At this review"],
        "o in carried.outcomes",
        [[("{{ o.flag }}", "Confidential"), "{{ o.text }}"], ["{{ o.child }}"], ["{{ o.progress }}"]],
        [9.6, 3.0, 4.0],
    )
    spacer(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if carried.actions %}")
    loop_table(
        doc,
        ["What was to happen", "Who", "By when", "For", "At this review"],
        "a in carried.actions",
        [
            [("{{ a.flag }}", "Confidential"), "{{ a.what }}"],
            ["{{ a.who }}"],
            ["{{ a.by }}"],
            ["{{ a.child }}"],
            ["{{ a.progress }}"],
        ],
        [6.0, 3.2, 2.4, 2.2, 2.8],
    )
    spacer(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not carried.outcomes and not carried.actions and not carried.held_back %}")
    para(doc, "The last conference's plan had no outcomes or actions to carry forward.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if carried.scaling %}")
    doc.add_heading("Scaling at each conference", 2)
    tag(doc, "{%p for group in carried.scaling %}")
    para(doc, "{{ group.chart }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def child_and_parents_views(doc: DocumentType) -> None:
    """The child's view as its own heading (RULES.md §7: "What Mia told us"), with the child's own words or
    drawing; then the parents' own written views sent before the day."""
    tag(doc, "{%p if child_views or held_back_in.participation or held_back_in.own_words %}")
    doc.add_heading("The child's view", 1)
    tag(doc, "{%p for v in child_views %}")
    doc.add_heading("{{ v.heading }}", 2)
    tag(doc, "{%p if v.ways %}")
    para(doc, ("How {{ v.child }} took part: ", "Strong Text"), "{{ v.ways }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for a in v.answers %}")
    para(doc, ("{{ a.question }} ", "Strong Text"), "{{ a.answer }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if v.notes %}")
    para(doc, "{{ v.notes }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for w in v.own_words %}")
    para(
        doc,
        ("{{ w.flag }}", "Confidential"),
        ("{{ w.title }}", "Strong Text"),
        " ({{ w.kind }}{% if w.date %}, {{ w.date }}{% endif %})",
        ("{% if w.note %} {{ w.note }}{% endif %}", "Note"),
        style="List Bullet",
    )
    tag(doc, "{%p if w.picture %}")
    para(doc, "{{ w.picture }}")
    tag(doc, "{%p elif w.missing %}")
    para(doc, ("{{ w.missing }}", "Note"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if held_back_in.participation or held_back_in.own_words %}")
    para(doc, ("{{ held_back_in.participation or held_back_in.own_words }}", "Note"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if written_views or held_back_in.written_views %}")
    doc.add_heading("The parents' written views", 1)
    tag(doc, "{%p for w in written_views %}")
    para(
        doc,
        ("{{ w.flag }}", "Confidential"),
        ("{{ w.by }}", "Strong Text"),
        ", {{ w.received }}:",
        ("{% if w.note %} {{ w.note }}{% endif %}", "Note"),
    ).paragraph_format.keep_with_next = True
    tag(doc, "{%p if w.text %}")
    para(doc, "{{ w.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if w.attachment %}")
    para(
        doc,
        ("{{ w.attachment.flag }}", "Confidential"),
        "Attached: ",
        ("{{ w.attachment.title }}", "Strong Text"),
        " ({{ w.attachment.kind }}{% if w.attachment.date %}, {{ w.attachment.date }}{% endif %})",
        ("{% if w.attachment.note %} {{ w.attachment.note }}{% endif %}", "Note"),
        style="List Bullet",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if held_back_in.written_views or held_back_in.written_views_attachment %}")
    para(doc, ("{{ held_back_in.written_views or held_back_in.written_views_attachment }}", "Note"))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def held_back_notice(doc: DocumentType) -> None:
    """At the top of a copy something was held back from: saying so plainly (never a silent "Nothing recorded")."""
    tag(doc, "{%p if held_back %}")
    para(doc, ("{{ held_back }}", "Strong Text"))
    tag(doc, "{%p endif %}")


def amended(doc: DocumentType) -> None:
    """A record reissued after amendments (RULES.md §5): "Amended on", what it replaces, and in the full record
    the amendments applied (who asked, when, what, and the chair's note)."""
    tag(doc, "{%p if amended_on %}")
    para(
        doc,
        ("Amended on {{ amended_on }}. ", "Strong Text"),
        "{% if parents_copy %}This copy replaces the one you were sent before.{% else %}This record replaces the "
        "one sent before{% if amendments %}; the amendments applied are listed below{% endif %}.{% endif %}",
    )
    tag(doc, "{%p if amendments %}")
    bullets(
        doc,
        "item in amendments",
        ("{{ item.by }}", "Strong Text"),
        ", received {{ item.received }}: {{ item.text }}",
        ("{% if item.note %} (the chair: {{ item.note }}){% endif %}", "Note"),
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def summary() -> DocumentType:
    doc = new_document(DETAIL)
    doc.add_heading("Summary and plan", 0)
    para(doc, "{{ Conference_type }}: the {{ family_name }} family", style="Subtitle")
    para(
        doc,
        "This is the written summary of what the conference said and agreed, and the plan. It is sent to the "
        "family and to everyone who was invited, within one working day of the conference.",
    )
    held_back_notice(doc)
    details(doc)
    attendance(doc, full=False)
    board(doc, full=False)
    scaling(doc)
    views_and_decisions(doc)
    plan(doc)
    para(doc, ("Chair: ", "Strong Text"), "{{ chair.name }}", style="Signature")
    para(doc, "{{ conference_date }}")
    return doc


def recording_part(doc: DocumentType) -> None:
    """The record's "Recording" section: each take, its pauses and gaps (a lost microphone), and the bookmarks."""
    tag(doc, "{%p if recording_timeline %}")
    doc.add_heading("Recording", 2)
    para(doc, "When the recording began, paused, lost the microphone, and the places the chair marked in it.")
    loop_table(
        doc,
        ["Time", "In the recording", "What"],
        "row in recording_timeline",
        [["{{ row.when }}"], [("{{ row.recording }}", "Note")], ["{{ row.what }}"]],
        [2.0, 5.2, 9.4],
    )
    spacer(doc)
    tag(doc, "{%p endif %}")


def record() -> DocumentType:
    doc = new_document(DETAIL)
    doc.add_heading("{{ document_title }}", 0)
    para(doc, "{{ Conference_type }}: the {{ family_name }} family", style="Subtitle")
    tag(doc, "{%p if parents_copy %}")
    para(doc, ("This copy is for ", "Strong Text"), ("{{ copy_for }}", "Strong Text"), ".")
    para(
        doc,
        "This is the family's copy of the record of the conference. The chair may leave out of this copy "
        "information that cannot be shared with the family. Your social worker will go through it with you. "
        "If you think something in it is wrong, please tell the chair within one week of getting it.",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "This is the full record of the conference, signed by the chair. It contains confidential information "
        "that must not be shared with the family: it is marked ",
        ("CONFIDENTIAL", "Confidential"),
        ". The family receive a separate copy without it. Amendments go back to the chair within one week.",
    )
    tag(doc, "{%p endif %}")
    amended(doc)
    held_back_notice(doc)
    details(doc)
    # The children's NHS numbers and identifiers: the full record only (a family's copy is given none).
    tag(doc, "{%p if identifiers %}")
    para(
        doc,
        ("NHS numbers and identifiers", "Strong Text"),
        " (for the NHS child protection information sharing service; for an unborn child, the mother's NHS number):",
    ).paragraph_format.keep_with_next = True
    loop_table(
        doc,
        ["Child", "NHS number", "Consistent child identifier"],
        "c in identifiers",
        [["{{ c.name }}"], ["{{ c.nhs_number }}"], ["{{ c.child_identifier }}"]],
        [6.0, 4.6, 6.0],
    )
    spacer(doc)
    tag(doc, "{%p endif %}")
    para(doc, "{{ timeliness }}")
    from_the_last_conference(doc)
    tag(doc, "{%p if late_reasons %}")
    para(doc, ("Why the conference is late: ", "Strong Text"), "{{ late_reasons }}")
    tag(doc, "{%p endif %}")
    attendance(doc, full=True)
    doc.add_heading("Quorum", 2)
    para(
        doc,
        "A conference is quorate for a child when children's social care and at least two other agencies that "
        "have had direct contact with the child are there.",
    )
    loop_table(
        doc,
        ["Child", "Quorate", "Children's social care there", "Other agencies in contact"],
        "q in quorum",
        [["{{ q.child }}"], ["{{ q.quorate }}"], ["{{ q.social_care }}"], ["{{ q.agencies }}"]],
        [4.0, 2.0, 3.4, 7.2],
    )
    spacer(doc)
    tag(doc, "{%p if not quorate %}")
    para(
        doc,
        ("Reasons for going ahead without a quorum, and the interim safeguarding arrangements: ", "Strong Text"),
        ("{{ inquorate_reason_flag }}", "Confidential"),
        "{{ inquorate_reason or held_back_in.inquorate_reason or 'none recorded' }}",
        ("{% if inquorate_reason_note %} {{ inquorate_reason_note }}{% endif %}", "Note"),
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if recording_requests or held_back_in.recording_requests %}")
    doc.add_heading("Recording the meeting", 2)
    bullets(doc, "request in recording_requests", "{{ request }}", held="recording_requests")
    tag(doc, "{%p endif %}")
    child_and_parents_views(doc)
    board(doc, full=True)
    scaling(doc)
    views_and_decisions(doc)
    plan(doc)

    doc.add_heading("Record of the discussion", 1)
    para(
        doc,
        "Everything the chair typed during the conference, in the order it was typed, with where to find it "
        "in the recording.",
    )
    tag(doc, "{%p if discussion %}")
    loop_table(
        doc,
        ["Time", "Heading", "What was said"],
        "item in discussion",
        [
            ["{{ item.when }}", ("{% if item.recording %} ({{ item.recording }}){% endif %}", "Note")],
            ["{{ item.heading }}"],
            [CONFIDENTIAL, "{{ item.text }}", NOTE],
        ],
        [2.0, 4.2, 10.4],
    )
    spacer(doc)
    held_back_line(doc, "discussion")
    tag(doc, "{%p else %}")
    para(doc, "{{ held_back_in.discussion or 'Nothing was typed with a time during the conference.' }}")
    tag(doc, "{%p endif %}")
    recording_part(doc)
    tag(doc, "{%p if notes %}")
    doc.add_heading("The chair's notes", 2)
    bullets(doc, "item in notes", CONFIDENTIAL, "{{ item.text }}")
    tag(doc, "{%p endif %}")
    # The chair's private notes are in no document (the name is still given, always empty, for older templates).

    para(doc, ("Signed: ", "Strong Text"), "______________________________", style="Signature")
    para(doc, "{{ chair.name }}, chair of the conference").paragraph_format.keep_with_next = True
    para(doc, ("Date: ", "Strong Text"), "______________________")
    return doc


def letter() -> DocumentType:
    """The decision letter with the outline plan (RULES.md §5): to a parent or household (``professional`` false)
    or to one professional (``professional`` true: the decisions, the plan and their own actions)."""
    doc = new_document("Decision letter  ·  {{ family_name }} family  ·  conference on {{ conference_date }}")
    para(doc, ("{{ service_name }}", "Strong Text"), style="Letterhead")
    para(doc, "Child Protection Conference Service", style="Letterhead")
    spacer(doc)
    para(doc, ("Private and confidential", "Strong Text"), style="Address")
    para(doc, "{{ addressee }}", style="Address")
    tag(doc, "{%p for line in address_lines %}")
    para(doc, "{{ line }}", style="Address")
    tag(doc, "{%p endfor %}")
    spacer(doc)
    para(doc, "{{ letter_date }}")
    para(doc, "Dear {{ salutation }},")
    para(doc, ("The child protection conference about {{ subject_children }}", "Strong Text"))
    para(
        doc,
        "{% if attended %}Thank you for coming to{% else %}You were invited to{% endif %} the {{ conference_type }} "
        "on {{ conference_date }}. This letter tells you what the conference decided and what happens next."
        "{% if about_children %} It is about {{ about_children }}.{% endif %}",
    )
    tag(doc, "{%p for sentence in languages %}")
    para(doc, ("{{ sentence }}", "Strong Text"))
    tag(doc, "{%p endfor %}")
    held_back_notice(doc)

    doc.add_heading("What the conference decided", 2)
    tag(doc, "{%p for d in decisions %}")
    para(doc, ("{{ d.child }}", "Strong Text")).paragraph_format.keep_with_next = True
    tag(doc, "{%p for s in d.sentences %}")
    para(doc, "{{ s }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if d.reason %}")
    para(doc, "The conference's reason: {{ d.reason }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    held_back_line(doc, "decisions")
    para(doc, "The chair made the decision after listening to everyone. The decision of the chair is final.")

    tag(doc, "{%p if recommendations or safety_goals %}")
    doc.add_heading("What the conference recommended", 2)
    tag(doc, "{%p if recommendations %}")
    bullets(doc, "r in recommendations", "{{ r.text }}", held="recommendations")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if safety_goals %}")
    para(doc, "Everyone agreed these safety goals:")
    bullets(doc, "item in safety_goals", "{{ item.text }}", held="safety_goals")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if your_actions %}")
    doc.add_heading("What you agreed to do", 2)
    loop_table(
        doc,
        ["What you will do", "By when", "For"],
        "a in your_actions",
        [["{{ a.what }}"], ["{{ a.by }}"], ["{{ a.child }}"]],
        [10.6, 3.2, 2.8],
    )
    spacer(doc)
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if professional %}")
    doc.add_heading("The lead social worker", 2)
    tag(doc, "{%p if social_worker and not is_social_worker %}")
    para(
        doc,
        "The lead social worker is {{ social_worker.name }}{% if social_worker.agency %} from "
        "{{ social_worker.agency }}{% endif %}. Please tell them at once of any worry about the children.",
    )
    tag(doc, "{%p elif is_social_worker %}")
    para(doc, "You are the lead social worker for the plan.")
    tag(doc, "{%p else %}")
    para(doc, "Children's social care will name the lead social worker.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    doc.add_heading("Your social worker", 2)
    tag(doc, "{%p if social_worker %}")
    para(
        doc,
        "Your social worker is {{ social_worker.name }}{% if social_worker.agency %} from "
        "{{ social_worker.agency }}{% endif %}. Please contact them if you have any questions about this letter "
        "or the plan.",
    )
    tag(doc, "{%p else %}")
    para(doc, "Children's social care will tell you the name of your social worker.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if visits %}")
    para(doc, "The social worker will visit {{ visits }} at least every 10 working days, usually at home.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    doc.add_heading("What happens next", 2)
    tag(doc, "{%p if any_plan %}")
    para(
        doc,
        "The core group is a group of family members and professionals who meet regularly to check how the plan "
        "is working.{% if in_core_group %} You are part of the core group.{% endif %}",
    )
    para(
        doc,
        ("The {{ core_group_label }}: ", "Strong Text"),
        "{{ first_core_group or core_group_when or 'the social worker will tell you the date' }}.",
    )
    para(doc, ("The next conference: ", "Strong Text"), "{{ next_review }}.")
    para(doc, "A child protection plan can only be ended at a conference.")
    para(doc, "With this letter you will find the outline plan.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if professional %}")
    para(
        doc,
        "You will also get the written summary of the conference, and the full record within 20 working days. If "
        "you think something in the record is wrong, please tell the chair within one week of getting it.",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "You will also get the written summary of the conference. The full record of the conference will be sent "
        "to you within 20 working days, and your social worker will go through it with you. If you think something "
        "in the record is wrong, please tell the chair within one week of getting it.",
    )
    para(
        doc,
        "If you need this letter in another language or in another format, or you would like help to understand "
        "it, please ask your social worker.",
    )

    doc.add_heading("If you are not happy with the conference", 2)
    para(doc, "You have the right to complain. You can complain if you think:")
    for text in (
        "the conference did not follow the right process;",
        "the decision about a child protection plan, or its category, was wrong;",
        "the decision to start, continue or not start a child protection plan was wrong.",
    ):
        para(doc, text, style="List Bullet")
    para(
        doc,
        "Please write to the chair, {{ chair.name }}{% if chair.agency %}, at {{ chair.agency }}{% endif %}, as "
        "soon as you can. Say what you are unhappy about and why. Your social worker can tell you where to send "
        "it, and can help you to write it if you would like.",
    )
    para(
        doc,
        "The decision of the conference stays in place while your complaint is looked at. After looking at your "
        "complaint, the conference may be held again with a different chair, the next conference may be held "
        "sooner, or the decision may stay the same, and you will be told why.",
    )
    tag(doc, "{%p endif %}")
    para(doc, "Yours sincerely,")
    para(doc, "{{ chair.name }}", style="Signature")
    para(doc, "Chair of the child protection conference")

    # The outline plan, only when a child has or keeps a plan.
    tag(doc, "{%p if any_plan %}")
    page_break = doc.add_paragraph().add_run()
    page_break.add_break(WD_BREAK.PAGE)
    plan(doc, "The outline plan")
    para(doc, ("Signed by the chair: ", "Strong Text"), "{{ chair.name }}, {{ conference_date }}", style="Signature")
    tag(doc, "{%p endif %}")
    return doc


def child_letter() -> DocumentType:
    """A child's own letter (RULES.md §5): short sentences, bigger type, "you"; ``younger`` (under 11) chooses the
    simpler words."""
    doc = new_document("A letter for {{ child_name }}  ·  {{ conference_date }}")
    larger_type(doc)
    para(doc, ("{{ service_name }}", "Strong Text"), style="Letterhead")
    spacer(doc)
    para(doc, "{{ letter_date }}")
    para(doc, ("Dear {{ child_name }},", "Strong Text"))
    tag(doc, "{%p if younger %}")
    para(doc, "On {{ conference_date }}, some grown-ups had a meeting about you and your family.")
    para(doc, "{{ about_meeting }}")
    para(doc, "This letter tells you what they decided.")
    tag(doc, "{%p else %}")
    para(doc, "On {{ conference_date }}, there was a child protection conference about you and your family.")
    para(doc, "{{ about_meeting }}")
    para(doc, "This letter tells you what was decided for you and what happens next.")
    tag(doc, "{%p endif %}")

    doc.add_heading("What was decided for you", 1)
    tag(doc, "{%p for sentence in decided %}")
    para(doc, "{{ sentence }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if outcomes %}")
    para(
        doc,
        "{% if younger %}What everyone wants for you:{% else %}What everyone is working towards for you:{% endif %}",
    )
    bullets(doc, "text in outcomes", "{{ text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if actions %}")
    para(doc, "{% if younger %}Who will help:{% else %}What people will do:{% endif %}")
    bullets(doc, "a in actions", ("{{ a.who }}: ", "Strong Text"), "{{ a.what }}")
    tag(doc, "{%p endif %}")

    doc.add_heading("Your social worker", 1)
    tag(doc, "{%p if social_worker %}")
    para(doc, "Your social worker is {{ social_worker }}.")
    para(doc, "{{ social_worker_does }}")
    tag(doc, "{%p else %}")
    para(doc, "You will be told the name of your social worker soon.")
    tag(doc, "{%p endif %}")

    doc.add_heading("What happens next", 1)
    tag(doc, "{%p if has_plan %}")
    para(
        doc,
        "{% if younger %}The grown-ups will meet again to see how things are going.{% else %}The people in the "
        "meeting will meet again to check how the plan is going.{% endif %}",
    )
    para(doc, "The next meeting: {{ next_review }}.")
    tag(doc, "{%p else %}")
    para(doc, "Your social worker will tell you what happens next.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if record_copy %}")
    para(doc, "You will also get a copy of the notes of the meeting. Someone will go through them with you.")
    tag(doc, "{%p endif %}")

    doc.add_heading("Who you can talk to", 1)
    para(
        doc,
        "{% if younger %}If you are worried or sad, tell a grown-up you trust, like a teacher.{% else %}If you are "
        "worried about anything, you can talk to an adult you trust, such as a teacher or a youth worker.{% endif %}",
    )
    para(doc, "You can talk to your social worker{% if social_worker %}, {{ social_worker }}{% endif %}.")
    para(doc, "You can call Childline on 0800 1111. It is free, and you can call at any time.")
    para(doc, "From,")
    para(doc, "{{ chair.name }}", style="Signature")
    para(doc, "{% if younger %}The person who ran the meeting{% else %}Chair of the conference{% endif %}")
    return doc


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("summary.docx", summary),
        ("record.docx", record),
        ("letter.docx", letter),
        ("child_letter.docx", child_letter),
    ):
        doc = build()
        # ChairDesk fills in the title, subject and keywords (the marking) of each document it makes.
        doc.core_properties.title = f"ChairDesk template: {name}"
        doc.core_properties.author = "ChairDesk"
        doc.save(OUT / name)
        print(OUT / name)


if __name__ == "__main__":
    main()
