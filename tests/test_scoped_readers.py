"""Who reads what in the documents, when a reader is scoped to some of the children (RULES.md §5; issue 11, the
chair's walk): the summary, the "none recorded" lines, a professional's wording, the review's labels, and a child's
letter when their plan ends. Every document read back from the real .docx."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from test_letters_readers import made, one, person

from chairdesk import conference_file
from chairdesk.audience import a_household, version_for
from chairdesk.distribution import distribution
from chairdesk.documents.produce import SUMMARY, planned_documents
from chairdesk.model import AFTER_PLAN_ENDS, PLAN_END_REASONS

MIA_REASON = "Mia has been frightened by domestic abuse"
LEO_REASON = "Leo has seen violence at home"
MIA_OUTCOME = "Mia feels safe at home"
MIA_ACTION = "Check in with Mia once a week"


def child(data: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in data["children"] if c["id"] == cid)


def dean_reads_about_leo(demo_data: dict[str, Any]) -> dict[str, Any]:
    """The demo, with the father connected to Leo only (a separated father of one child)."""
    data = copy.deepcopy(demo_data)
    person(data, "father")["contact_with"] = ["leo"]
    return data


def as_review(data: dict[str, Any]) -> dict[str, Any]:
    review = copy.deepcopy(data)
    review.update(type="review", previous_conference={"type": "initial", "date": "2026-08-25"})
    review.pop("trigger_date", None)
    return review


# -- 1. the summary: a household scoped to some children gets its own --------------------------------------------


def test_a_household_scoped_to_some_children_gets_its_own_summary(demo_data: dict[str, Any]) -> None:
    texts = made(dean_reads_about_leo(demo_data))
    summaries = sorted(name for name in texts if "summary-and-plan" in name)
    assert len(summaries) == 2, summaries
    deans = one(texts, "summary-and-plan-for-dean-harper")
    assert LEO_REASON in deans and "Leo sleeps well" in deans
    for other in (MIA_REASON, MIA_OUTCOME, MIA_ACTION, "Ruby is too young", "The baby is likely"):
        assert other not in deans, other
    assert "is not in your copy" in deans  # told plainly, once at the top
    family = one(texts, "summary-and-plan.docx")
    assert MIA_REASON in family and LEO_REASON in family
    # The plan says who reads which: the family's summary is not for Dean.
    conference = conference_file.from_json(dean_reads_about_leo(demo_data))
    planned = [p for p in planned_documents(conference) if p.kind == SUMMARY]
    assert [p.reader.key for p in planned] == ["family", "household:father"]
    assert "Dean Harper" in planned[0].reader.name and "own" in planned[0].reader.name
    # The distribution list says so.
    rows = {row.key: row for row in distribution(conference)}
    assert "their own summary, about Leo" in rows["participant:father"].gets
    assert "Leo only" in rows["participant:father"].why
    assert "the summary" in rows["participant:mother"].gets and "own summary" not in rows["participant:mother"].gets


def test_no_scoped_household_no_second_summary(demo_data: dict[str, Any]) -> None:
    texts = made(demo_data)
    summaries = [name for name in texts if "summary-and-plan" in name]
    assert summaries == [f"{demo_data['date']}-harper-summary-and-plan.docx"]
    conference = conference_file.from_json(demo_data)
    family = next(p for p in planned_documents(conference) if p.kind == SUMMARY)
    assert family.reader.name == "the whole family (the summary)"


# -- 2. never "none recorded" where something was held back; the sentence that says so --------------------------

NONE_RECORDED = re.compile(r"^(No .* (was|were) recorded.*|Nothing was typed with a time.*)$", re.MULTILINE)


def everything_about_mia(demo_data: dict[str, Any]) -> dict[str, Any]:
    """Every part that is about one child is about Mia only (scores, views, outcomes, actions, dissent), each typed
    with a time; Dean reads about Leo, and Leo (a child with his own copy of the record) about himself."""
    data = dean_reads_about_leo(demo_data)
    when = f"{data['date']}T10:{{:02d}}:00"
    for i, score in enumerate(data["scaling"]):
        score.update(child="mia", entered_at=when.format(i))
    data["views"] = [dict(v, entered_at=when.format(20)) for v in data["views"] if v["child"] == "mia"]
    data["plan"]["outcomes"] = [o for o in data["plan"]["outcomes"] if o.get("child") == "mia"]
    data["plan"]["actions"] = [a for a in data["plan"]["actions"] if a.get("child") == "mia"]
    for key in ("danger_statements", "working_well", "worries", "safety_goals", "key_points"):
        for item in data.get(key, []):
            item.pop("entered_at", None)
    child(data, "leo")["record_copy"] = True
    return data


def none_lines(text: str) -> list[str]:
    return sorted(m.group(0) for m in NONE_RECORDED.finditer(text))


@pytest.mark.parametrize(
    "document",
    [
        "parents-copy-for-dean-harper",
        "letter-to-dean-harper",
        "summary-and-plan-for-dean-harper",
        "record-copy-for-leo",
    ],
)
def test_a_scoped_reader_is_never_told_none_was_recorded(demo_data: dict[str, Any], document: str) -> None:
    """The class: every "No ... recorded" line in a scoped reader's document is one the full record says too
    (about a part where nothing was recorded for anyone), never one where what was recorded concerns another child."""
    texts = made(everything_about_mia(demo_data))
    record = none_lines(one(texts, "-record.docx"))
    theirs = none_lines(one(texts, document))
    for line in set(theirs):
        assert theirs.count(line) <= record.count(line), (line, theirs, record)
    for other in (MIA_REASON, MIA_OUTCOME, MIA_ACTION):
        assert other not in one(texts, document), other
    # Said plainly, once at the top: what concerns the other children is not in their copy.
    assert re.search(r"What concerns (the other children|Mia)[^.\n]* is not in your copy\.", one(texts, document))


def test_each_part_says_what_concerns_other_children_is_not_there(demo_data: dict[str, Any]) -> None:
    texts = made(everything_about_mia(demo_data))
    copy_for_dean = one(texts, "parents-copy-for-dean-harper")
    for never in ("No outcomes were recorded", "No actions were recorded", "No scaling scores were recorded"):
        assert never not in copy_for_dean, never
    # Leo (his) has no views: said so; Mia's are not his to read: not said to be none.
    assert copy_for_dean.count("No views were recorded.") == 1 and "Leo\nNo views were recorded." in copy_for_dean
    assert "What concerns Mia is not in your copy." in copy_for_dean  # in the parts where it was


def test_what_concerns_them_held_back_still_says_some_things_are_not_in_the_copy(demo_data: dict[str, Any]) -> None:
    """The other kind of holding back is told as before, beside what concerns other children."""
    data = dean_reads_about_leo(demo_data)
    next(w for w in data["worries"]).update(confidential=True, confidential_reason="third-party")
    dean = one(made(data), "parents-copy-for-dean-harper")
    top = "Some things said at the conference are not in your copy. Your social worker can talk to you about this."
    assert f"{top} What concerns Mia, Ruby and the unborn baby" in dean


# -- 3. a professional's letter in the third person ---------------------------------------------------------------

SECOND_PERSON_FAMILY = ("agreed with you", "your family", "your agreement", "your social worker", "tell you the date")


@pytest.mark.parametrize(
    ("outcome", "extra"),
    [
        ("cin-plan", {}),
        ("step-down", {}),
        ("family-group-conference", {}),
        ("no-further-action", {}),
        *[("plan-ends", {"end_reason": "no-longer-at-risk", "then": then}) for then in AFTER_PLAN_ENDS],
        ("plan-continues", {"category": "neglect", "previous_category": "neglect"}),
    ],
)
def test_a_professionals_letter_speaks_of_the_family_not_to_it(
    demo_data: dict[str, Any], outcome: str, extra: dict[str, Any]
) -> None:
    data = as_review(demo_data) if outcome.startswith("plan-") else copy.deepcopy(demo_data)
    for decision in data["decisions"]:
        decision.update({"outcome": outcome, "category": None, **extra})
    data["plan"].update(first_core_group=None, next_review=None)
    texts = made(data)
    for name in ("letter-to-priya-shah", "letter-to-chris-webb", "letter-to-dr-helen-price"):
        letter = one(texts, name)
        for words in SECOND_PERSON_FAMILY:
            assert words not in letter.casefold(), (name, words)
    kerry = one(texts, "letter-to-kerry-harper")  # the parents' letter keeps its own words
    if outcome == "cin-plan":
        assert "agreed with you" in kerry
    if outcome in ("plan-continues",):
        assert "your social worker will tell you the date" in kerry.casefold()
        priya = one(texts, "letter-to-priya-shah")
        assert "the social worker will tell the family" in priya.casefold()


# -- 4. the chair's review says what a hold about another child is ----------------------------------------------


def test_the_review_does_not_call_a_hold_about_another_child_the_chairs(demo_data: dict[str, Any]) -> None:
    from chairdesk.gui.review import _item_text

    conference = conference_file.from_json(dean_reads_about_leo(demo_data))
    held = version_for(conference, a_household(conference, ("father",))).held_back
    not_theirs = [h for h in held if h.not_theirs and h.piece.must_know]
    assert not_theirs
    for hold in not_theirs:
        text = _item_text(hold)
        assert "Kept back by the chair" not in text
        assert "not theirs" in text and "nothing for you to decide" in text


# -- 5. a child's letter fits how their plan ends; none for an adult --------------------------------------------

WRONG_AFTER_A_PLAN = ("sometimes on your own", "how to keep you safe", "teacher at school")


@pytest.mark.parametrize("reason", [r for r in PLAN_END_REASONS if r not in ("died", "turned-18")])
@pytest.mark.parametrize("then", ["no-further-action", "step-down"])
def test_a_childs_letter_when_the_plan_ends_fits_the_outcome(demo_data: dict[str, Any], reason: str, then: str) -> None:
    data = as_review(demo_data)
    for decision in data["decisions"]:
        decision.update(outcome="plan-ends", category=None, end_reason=reason, then=then)
    for cid in ("mia", "leo"):
        child(data, cid)["letter"] = True
    texts = made(data)
    for name in ("letter-for-mia", "letter-for-leo"):
        letter = one(texts, name)
        for wrong in WRONG_AFTER_A_PLAN:
            assert wrong not in letter, (name, wrong)
        assert "Childline" in letter and ("will end" in letter or "going to stop" in letter)


def test_a_childs_letter_with_a_plan_still_says_they_will_see_you(demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    child(data, "mia")["letter"] = True
    mia = one(made(data), "letter-for-mia")
    assert "They will see you, sometimes on your own" in mia


def test_no_childs_letter_for_a_young_person_who_has_turned_18(demo_data: dict[str, Any]) -> None:
    data = as_review(demo_data)
    for decision in data["decisions"]:
        if decision["child"] == "mia":
            decision.update(outcome="plan-ends", category=None, end_reason="turned-18", then="no-further-action")
        else:
            decision.update(outcome="plan-continues", previous_category="emotional-abuse")
    for cid in ("mia", "leo"):
        child(data, cid)["letter"] = True
    texts = made(data)
    assert not any("letter-for-mia" in name for name in texts)
    assert any("letter-for-leo" in name for name in texts)
    rows = {row.key: row for row in distribution(conference_file.from_json(data))}
    assert "18" in rows["child:mia"].why and "letter of their own" not in rows["child:mia"].gets
    # A young person who is 18 on the day of the conference is an adult whatever the decision says.
    data = copy.deepcopy(demo_data)
    child(data, "mia").update(date_of_birth="2008-01-01", letter=True)
    assert not any("letter-for-mia" in name for name in made(data))
