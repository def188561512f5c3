"""The stage pages' rules, without widgets: each presenter (chairdesk.presenters) on a real Meeting of the demo
conference, with a plain Python view that keeps a list of what it was told (as Mu's tests give its Editor a mock
view). What a page must choose first, what it proposes, what a button may do now, the problems it shows and the
words it says when an edit is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest.mock import ANY

import pytest

from chairdesk import conference_file
from chairdesk.board import BoardContent, Draft, board_content
from chairdesk.changes import Change
from chairdesk.meeting import STAGE_KEYS, Meeting
from chairdesk.model import CONFIDENTIAL_REASONS, CarriedForward, Decision, Participant
from chairdesk.presenters.console import ConsolePresenter, UndoWords
from chairdesk.presenters.decision import (
    DECISION_FIRST,
    VIEW_FIRST,
    ChildDecisionPresenter,
    ChildShown,
    Choice,
    DecisionPresenter,
    tally,
)
from chairdesk.presenters.items import ItemListPresenter
from chairdesk.presenters.plan import PlanPresenter, parse_day
from chairdesk.presenters.register import CHOOSE_SOMEONE, Exclusion, ExclusionPresenter, RegisterPresenter
from chairdesk.presenters.scaling import (
    SCORE_BEFORE_REASON,
    SCORE_FIRST,
    WHOSE_FIRST,
    ScalingPresenter,
    spread,
)
from chairdesk.timescales import due_dates, long_date

DAY = dt.date(2026, 11, 24)  # the demo's conference day


class FakeView:
    """Every page's view in plain Python: it keeps what it was told, in order, and answers the questions a page
    asks the chair (the exclusion, a yes or no) as the test says."""

    def __init__(self, exclusion: Exclusion | None = None, confirm: bool = True) -> None:
        self.told: list[tuple[str, Any]] = []
        self.exclusion, self.answer = exclusion, confirm

    def said(self) -> list[str]:
        return [what for how, what in self.told if how == "tell"]

    def last(self, how: str) -> Any:
        return [what for kind, what in self.told if kind == how][-1]

    def tell(self, sentence: str, seconds: int | None = None) -> None:
        self.told.append(("tell", sentence))
        if seconds is not None:
            self.told.append(("seconds", seconds))

    def show(self, shown: ChildShown) -> None:
        self.told.append(("show", shown))

    def show_tally(self, tallies: list[tuple[Any, str]]) -> None:
        self.told.append(("tally", [(child.id, words) for child, words in tallies]))

    def show_problems(self, problems: list[str]) -> None:
        self.told.append(("problems", problems))

    def want_score(self) -> None:
        self.told.append(("want", "score"))

    def want_time(self) -> None:
        self.told.append(("want", "time"))

    def allow_ok(self, allowed: bool) -> None:
        self.told.append(("allow", allowed))

    def show_problem(self, sentence: str) -> None:
        self.told.append(("problem", sentence))

    def confirm(self, question: str, start: str) -> bool:
        self.told.append(("asked", question))
        return self.answer

    def ask_exclusion(self, person: Participant) -> Exclusion | None:
        self.told.append(("dialog", person.id))
        return self.exclusion


def meeting_of(data: dict[str, Any], carried: dict[str, str] | None = None, at: str = "11:40") -> Meeting:
    conference = conference_file.from_json(data)
    if carried:
        conference.carried_forward = CarriedForward(
            decisions=[Decision(child, "cp-plan", category) for child, category in carried.items()]
        )
    return Meeting(conference, clock=lambda: dt.datetime.combine(DAY, dt.time.fromisoformat(at)))


def edits(meeting: Meeting) -> list[Change]:
    """The changes the meeting makes from now on (an edit refused or never made adds none)."""
    heard: list[Change] = []
    meeting.subscribe(heard.append)
    return heard


@pytest.fixture
def fresh(demo_data: dict[str, Any]) -> dict[str, Any]:
    """The demo before the scaling, the views and the decision."""
    for name in ("scaling", "views", "decisions", "dissent"):
        demo_data[name] = []
    return demo_data


def review(data: dict[str, Any]) -> dict[str, Any]:
    data.update(type="review", previous_conference={"type": "initial", "date": "2026-08-25"})
    data.pop("trigger_date")
    return data


def child_row(meeting: Meeting, child_id: str) -> tuple[ChildDecisionPresenter, FakeView]:
    view = FakeView()
    child = meeting.conference.child(child_id)
    assert child is not None
    return ChildDecisionPresenter(meeting, child, view), view


# -- the decision -----------------------------------------------------------------------------------------


def test_a_reason_typed_before_the_decision_waits_and_the_chair_is_told_to_choose_the_decision_first(
    fresh: dict[str, Any],
) -> None:
    meeting = meeting_of(fresh)
    mia, view = child_row(meeting, "mia")
    changes = edits(meeting)
    mia.choose(Choice(None, reason="Mia is frightened at home."), quiet=True)  # the reason box saving itself
    assert view.said() == [DECISION_FIRST]
    assert changes == [] and meeting.conference.decisions == []
    assert mia.shown().reason is None  # what was typed stays in the box
    mia.choose(Choice(None, reason="Mia is frightened at home."))  # the outcome box left at "Not decided yet"
    assert view.said() == [DECISION_FIRST]  # said once, when the reason was typed, not on every choice


def test_a_plan_waits_on_the_page_for_its_category_then_is_recorded_with_it(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    mia, view = child_row(meeting, "mia")
    changes = edits(meeting)
    mia.choose(Choice("cp-plan", reason="Frightened at home."))
    assert changes == [] and meeting.conference.decisions == []
    assert mia.pending == "cp-plan"
    assert view.said() == ["Choose the category of Mia's plan: the decision is recorded once it has one."]
    shown = view.last("show")
    assert (shown.outcome, shown.category, shown.category_allowed) == ("cp-plan", None, True)
    mia.choose(Choice("cp-plan", "neglect", reason="Frightened at home."))
    assert mia.pending is None and len(changes) == 1
    decision = meeting.conference.decisions[0]
    assert (decision.outcome, decision.category, decision.reason) == ("cp-plan", "neglect", "Frightened at home.")
    assert not mia.shown().shows_previous and not mia.shown().shows_ending
    # Only a plan has a category: another decision takes it away, and the box for it is off.
    mia.choose(Choice("cin-plan", "neglect", reason="Frightened at home."))
    assert meeting.conference.decisions[0].category is None and not mia.shown().category_allowed


def test_an_undo_shows_what_the_conference_holds_and_nothing_waiting(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    mia, _view = child_row(meeting, "mia")
    mia.choose(Choice("cp-plan"))
    assert mia.shown().outcome == "cp-plan"
    shown = mia.shown(undo_or_redo=True)
    assert (mia.pending, shown.outcome, shown.reason, shown.undo_or_redo) == (None, None, "", True)


def test_the_same_choice_again_is_no_edit_and_not_decided_takes_the_decision_back(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    leo, _view = child_row(meeting, "leo")
    leo.choose(Choice("cp-plan", "neglect", reason="Seen violence."))
    changes = edits(meeting)
    leo.choose(Choice("cp-plan", "neglect", reason="Seen violence."))
    leo.choose(Choice("cp-plan", "neglect", reason="Seen violence.  "[:14]))  # as saved
    assert changes == []
    leo.choose(Choice(None, reason="Seen violence."))
    assert [c.description for c in changes] == ["take back a decision"] and meeting.conference.decisions == []


def test_a_decision_the_conference_does_not_make_is_refused_in_words(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    ruby, view = child_row(meeting, "ruby")
    assert [key for _words, key in ruby.shown().outcomes][0] is None  # "Not decided yet" first
    assert "plan-continues" not in [key for _words, key in ruby.shown().outcomes]  # not at an initial conference
    ruby.choose(Choice("plan-continues", "neglect"))
    assert len(view.said()) == 1
    assert view.said()[0].startswith("That is not a decision an initial conference makes. Choose one of: ")
    assert meeting.conference.decisions == []


def test_at_a_review_a_plan_continues_with_the_category_carried_forward(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(review(fresh), carried={"mia": "neglect"})
    mia, _ = child_row(meeting, "mia")
    ruby, ruby_view = child_row(meeting, "ruby")
    assert [key for _words, key in mia.shown().outcomes] == [None, "plan-continues", "plan-ends"]
    mia.choose(Choice("plan-continues"))  # no category chosen: the one carried forward is kept
    decision = meeting.conference.decisions[0]
    assert (decision.category, decision.previous_category) == ("neglect", "neglect")
    shown = mia.shown()
    assert shown.shows_previous and not shown.previous_allowed and shown.previous == "neglect"
    assert "carried forward" in shown.previous_tip
    # Nothing carried for Ruby: she waits for the category, and the chair may say what it was before.
    ruby.choose(Choice("plan-continues", previous="physical-abuse"))
    assert ruby.pending == "plan-continues" and ruby_view.said()[-1].startswith("Choose the category of Ruby's plan")
    shown = ruby.shown()
    assert shown.previous_allowed and not shown.previous_decided  # the chair's choice stays on the page
    ruby.choose(Choice("plan-continues", "sexual-abuse", previous="physical-abuse"))
    decision = next(d for d in meeting.conference.decisions if d.child == "ruby")
    assert (decision.category, decision.previous_category) == ("sexual-abuse", "physical-abuse")


def test_a_plan_that_ends_is_recorded_at_once_and_why_and_what_follows_are_chosen_after(
    fresh: dict[str, Any],
) -> None:
    meeting = meeting_of(review(fresh), carried={"mia": "neglect"})
    page = FakeView()
    presenter = DecisionPresenter(meeting, page)
    mia, _ = child_row(meeting, "mia")
    mia.choose(Choice("plan-ends", end_reason="died", then="cin-plan"))
    decision = meeting.conference.decisions[0]
    assert (decision.outcome, decision.end_reason, decision.then) == ("plan-ends", None, None)
    assert mia.shown().shows_ending and not mia.shown().category_allowed
    presenter.refresh()
    assert "Choose why the child protection plan for Mia ends. The outputs wait for it." in page.last("problems")
    mia.choose(Choice("plan-ends", end_reason="no-longer-at-risk", then="cin-plan"))
    decision = meeting.conference.decisions[0]
    assert (decision.end_reason, decision.then) == ("no-longer-at-risk", "cin-plan")
    presenter.refresh()
    assert not any("The outputs wait" in p for p in page.last("problems"))


def test_a_view_is_given_before_its_reason_and_keeps_its_reason(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    page = FakeView()
    presenter = DecisionPresenter(meeting, page)
    changes = edits(meeting)
    assert presenter.give_reason("sw", "mia", "Mia is frightened.") is False
    assert page.said() == [VIEW_FIRST] and changes == []
    presenter.give("sw", "mia", True)
    assert presenter.give_reason("sw", "mia", "Mia is frightened.", initiator=page)
    assert changes[-1].initiator is page  # the grid's own edit: it repaints, it is not reset under the editor
    assert presenter.give_reason("sw", "mia", "Mia is frightened.") and len(changes) == 2  # unchanged: no edit
    presenter.give("sw", "mia", False)
    view = presenter.view_of("sw", "mia")
    assert view is not None and (view.significant_harm, view.reason) == (False, "Mia is frightened.")
    presenter.give("sw", "mia", None)
    presenter.give("sw", "mia", None)  # not given already: nothing to take back
    assert presenter.view_of("sw", "mia") is None and len(changes) == 4


def test_the_grid_lists_the_professionals_in_the_room_and_whoever_gave_a_view(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    presenter = DecisionPresenter(meeting, FakeView())
    people = [p.id for p in presenter.people()]
    assert people == ["sw", "swm", "school", "nurse", "midwife", "police", "hv"]  # not the chair, family, solicitor
    meeting.mark_left("police")
    assert "police" in [p.id for p in presenter.people()]  # came, and gave views: the grid keeps them
    meeting.set_view("gp", "baby", True, "Sent with the apologies")  # did not come, but gave a view
    assert [p.id for p in presenter.people()] == ["sw", "swm", "school", "nurse", "midwife", "police", "gp", "hv"]


def test_the_tally_and_the_problems_under_the_grid(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    page = FakeView()
    presenter = DecisionPresenter(meeting, page)
    assert tally([True, False, None, True]) == "2 yes · 1 no · 1 not given"
    presenter.refresh()
    tallies = dict(page.last("tally"))
    people = len(presenter.people())
    assert tallies["mia"] == f"6 yes · 1 no · {people - 7} not given"
    assert tallies["ruby"] == f"7 yes · 0 no · {people - 7} not given"
    meeting.delete_view("hv", "leo")
    meeting.set_decision("baby", "cp-plan", "neglect")
    presenter.refresh()
    assert dict(page.last("tally"))["leo"] == f"5 yes · 1 no · {people - 6} not given"
    assert page.last("problems") == [
        "Nadia Malik (health visitor) has not given a view on whether Leo is at risk of significant harm. Every "
        "professional present must give one."
    ]


def test_recommendations_and_dissent_refused_in_words_and_deleted_only_when_there(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    meeting.conference.dissent = []
    page = FakeView()
    presenter = DecisionPresenter(meeting, page)
    changes = edits(meeting)
    assert presenter.add_recommendation("   ") is False and changes == []
    assert page.said() == ["Type the words first; an item cannot be empty."]
    assert presenter.add_recommendation("A family group conference within six weeks.")
    presenter.delete_recommendation(len(meeting.conference.recommendations))  # past the end: nothing
    presenter.delete_recommendation(None)  # nothing chosen
    assert len(changes) == 1
    presenter.delete_recommendation(len(meeting.conference.recommendations) - 1)
    assert len(changes) == 2
    told = len(page.said())
    assert presenter.add_dissent(None, "We think Leo needs a plan.", "leo") is False  # who disagrees, first
    assert page.said()[told:] == ["participant: '' is not in this conference"] and len(changes) == 2
    assert presenter.add_dissent("police", "We think Leo needs a plan.", "leo")
    presenter.delete_dissent(5)
    assert len(changes) == 3
    presenter.delete_dissent(0)
    assert meeting.conference.dissent == []


# -- scaling ----------------------------------------------------------------------------------------------


def test_a_score_needs_whose_it_is_then_a_score_then_it_is_recorded(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    page = FakeView()
    presenter = ScalingPresenter(meeting, page)
    changes = edits(meeting)
    assert presenter.record(None, 4, "Some progress.") is False
    assert page.said() == [WHOSE_FIRST]
    assert presenter.record("sw", -1, "Some progress.") is False  # the box shows "—": nothing typed yet
    assert page.told[-2:] == [("tell", SCORE_FIRST), ("want", "score")]
    assert presenter.record("sw", 11, "Some progress.") is False  # refused in words, never cut to 10
    assert "not a score" in page.said()[-1] and changes == []
    assert presenter.record("sw", 4, "Some progress.")
    assert [(s.participant, s.score, s.reason) for s in meeting.conference.scaling] == [("sw", 4, "Some progress.")]


def test_going_round_the_room_the_next_person_without_a_score_comes_up(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    presenter = ScalingPresenter(meeting, FakeView())
    people = [p.id for p in presenter.people()]
    assert people[0] == "sw" and "chair" not in people and "gp" not in people  # the gp sent apologies
    assert presenter.next_person() == "sw"
    presenter.record("sw", 3, "")
    assert presenter.next_person("sw") == people[1]
    presenter.record(people[2], 5, "")
    assert presenter.next_person(people[1]) == people[3]  # the one who gave a score already is passed over
    for person in people:
        if person not in presenter.scores():
            presenter.record(person, 5, "")
    assert presenter.next_person(people[-1]) is None
    presenter.take_back("sw")
    assert presenter.next_person(people[-1]) == "sw"  # round again to the start


def test_a_reason_in_the_table_needs_a_score_and_a_score_changed_keeps_its_reason(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    page = FakeView()
    presenter = ScalingPresenter(meeting, page)
    changes = edits(meeting)
    assert presenter.change_reason("school", "Attendance is up.") is False
    assert page.said() == [SCORE_BEFORE_REASON] and changes == []
    assert presenter.change_score("school", 6, initiator=page)
    assert presenter.change_reason("school", "Attendance is up.", initiator=page)
    assert presenter.change_reason("school", "Attendance is up.") and len(changes) == 2  # unchanged: no edit
    assert presenter.change_score("school", 7)
    assert presenter.scores()["school"].reason == "Attendance is up."
    assert presenter.change_score("school", 12) is False and "not a score" in page.said()[-1]
    told = len(page.told)
    presenter.take_back("nurse")  # no score to take back: nothing, and nothing said
    presenter.take_back(None)
    assert len(changes) == 3 and len(page.told) == told


def test_scores_for_one_child_are_apart_and_the_spread_says_them(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    presenter = ScalingPresenter(meeting, FakeView())
    assert presenter.spread() == "Lowest 2 · middle 3.5 · highest 7 (8 scores)"
    presenter.child_id = "mia"
    assert presenter.scores() == {} and presenter.spread() == "No scores yet."
    presenter.record("sw", 2, "For Mia alone")
    assert presenter.spread() == spread([2]) == "Lowest 2 · middle 2 · highest 2 (1 score)"
    presenter.child_id = None
    assert presenter.scores()["sw"].score == 3


# -- the plan ---------------------------------------------------------------------------------------------


def test_the_plan_dates_are_proposed_once_when_the_meeting_reaches_the_plan(demo_data: dict[str, Any]) -> None:
    demo_data.pop("plan")
    meeting = meeting_of(demo_data)
    presenter = PlanPresenter(meeting, FakeView())
    presenter.reached("decision")
    assert meeting.conference.plan is None
    presenter.reached("plan")
    due = due_dates(meeting.conference)
    plan = meeting.conference.plan
    assert plan is not None
    assert (plan.first_core_group, plan.next_review) == (
        due["first_core_group_due"].date,
        due["next_review_due"].date,
    )
    assert not meeting.can_undo  # reaching the plan is nothing to undo
    presenter.save_date("next_review", None)  # the chair clears one
    presenter.reached("plan")  # and comes back to the plan: it stays cleared
    assert meeting.conference.plan is not None and meeting.conference.plan.next_review is None


def test_each_date_shows_the_rule_it_is_due_by(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    presenter = PlanPresenter(meeting, FakeView())
    due = due_dates(meeting.conference)
    first, review_date = presenter.dates()
    assert first.key == "first_core_group" and first.value == dt.date(2026, 12, 4)
    rule = due["first_core_group_due"]
    assert first.rule == f"Due by {long_date(rule.date)}: {rule.rule}." and first.fallback == rule.date
    assert review_date.rule.startswith("Due by ") and review_date.rule.endswith(".")


def test_a_date_and_the_contingency_are_saved_only_when_they_change(demo_data: dict[str, Any]) -> None:
    demo_data.pop("plan")
    meeting = meeting_of(demo_data)
    presenter = PlanPresenter(meeting, FakeView())
    changes = edits(meeting)
    presenter.save_contingency("")  # an empty box never starts a plan
    presenter.save_contingency("  ")  # nor one with only spaces
    presenter.save_date("next_review", None)  # as it is: not set
    assert changes == [] and meeting.conference.plan is None
    presenter.save_date("next_review", dt.date(2027, 2, 24))
    presenter.save_date("next_review", dt.date(2027, 2, 24))
    presenter.save_contingency("Legal advice if the violence goes on.")
    presenter.save_contingency("Legal advice if the violence goes on.")
    assert len(changes) == 2
    presenter.save_contingency("")  # once there is a plan, clearing it is saved
    assert len(changes) == 3 and meeting.conference.plan is not None and meeting.conference.plan.contingency == ""


def test_the_core_group_keeps_the_order_of_the_invitation_list_and_the_lead_is_a_social_worker(
    demo_data: dict[str, Any],
) -> None:
    demo_data.pop("plan")
    meeting = meeting_of(demo_data)
    page = FakeView()
    presenter = PlanPresenter(meeting, page)
    assert [p.id for p in presenter.social_workers()] == ["sw"]
    assert "chair" not in [p.id for p in presenter.invited()]
    for person in ("hv", "mother", "sw"):
        assert presenter.tick(person, True, initiator=page)
    presenter.tick("mother", False)
    assert meeting.conference.plan is not None and meeting.conference.plan.core_group == ["sw", "hv"]
    presenter.choose_lead("sw")
    assert meeting.conference.plan.lead_social_worker == "sw"


def test_an_action_is_for_a_person_when_it_names_one_and_is_refused_in_words(fresh: dict[str, Any]) -> None:
    meeting = meeting_of(fresh)
    page = FakeView()
    presenter = PlanPresenter(meeting, page)
    before = len(presenter.actions())
    name = "Priya Shah"  # the social worker, "sw"
    assert presenter.who("  priya SHAH ") == presenter.who(name) == "sw"
    assert presenter.who(" Housing team ") == "Housing team"
    assert presenter.add_action("", name, None, None) is False
    assert page.said() == ["Type what needs to happen first."]
    assert len(presenter.actions()) == before
    assert presenter.add_action("Refer Kerry to the domestic abuse service", name.lower(), None, "mia")
    action = presenter.actions()[-1]
    assert (action.who, action.child) == ("sw", "mia")


def test_an_action_edited_in_the_table_is_saved_when_it_changed_and_a_date_is_read_as_typed(
    demo_data: dict[str, Any],
) -> None:
    meeting = meeting_of(demo_data)
    page = FakeView()
    presenter = PlanPresenter(meeting, page)
    changes = edits(meeting)
    action = presenter.actions()[0]
    assert presenter.edit_action(0, "What", action.what)
    assert changes == []
    assert presenter.edit_action(0, "By", "31/13/2026") is False and page.said() == ["month must be in 1..12"]
    assert presenter.edit_action(0, "By", "next week") is False
    assert page.said()[-1] == "'next week' is not a date: type it as day/month/year"
    assert presenter.edit_action(0, "By", "4/12/26", initiator=page)
    assert presenter.actions()[0].by == dt.date(2026, 12, 4) == parse_day("2026-12-4")
    assert changes[-1].initiator is page
    count = len(presenter.actions())
    presenter.delete_action(count)  # past the end: nothing
    presenter.delete_action(None)
    assert len(presenter.actions()) == count
    presenter.delete_action(0)
    assert len(presenter.actions()) == count - 1


def test_an_outcome_for_a_child_is_refused_in_words_without_words(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    page = FakeView()
    presenter = PlanPresenter(meeting, page)
    outcomes = len(presenter.plan.outcomes)
    assert presenter.add_outcome("mia", "  ") is False
    assert presenter.add_outcome(None, "Mia feels safe at home") is False  # for which child, first
    assert page.said() == ["Type the outcome for the child first.", "child: '' is not in this conference"]
    assert presenter.add_outcome("mia", "Mia feels safe at home")
    assert len(presenter.plan.outcomes) == outcomes + 1
    presenter.delete_outcome(None)
    assert len(presenter.plan.outcomes) == outcomes + 1


# -- the register -----------------------------------------------------------------------------------------


def test_a_button_acts_on_the_person_chosen_and_says_so_when_no_one_is(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    register = FakeView()
    presenter = RegisterPresenter(meeting, register)
    changes = edits(meeting)
    for act in (presenter.arrived, presenter.left, presenter.apologies, presenter.readmit, presenter.exclude):
        act(None)
    assert register.told == [("tell", CHOOSE_SOMEONE), ("seconds", 5)] * 5 and changes == []
    presenter.left("police")
    assert meeting.conference.participant("police").left is not None
    presenter.apologies("gp")  # apologies given: taken back
    assert not meeting.conference.participant("gp").apologies
    presenter.apologies("gp")
    assert meeting.conference.participant("gp").apologies
    presenter.report_received("school", today=dt.date(2026, 11, 20))
    report = meeting.conference.participant("school").report
    assert report is not None and report.received == dt.date(2026, 11, 20)
    presenter.readmit("mother")  # not out of the room: refused in words, for longer
    assert register.told[-2:] == [("tell", "Kerry Harper is not out of the room"), ("seconds", 8)]


def test_only_a_family_member_is_excluded_and_only_as_the_dialog_says(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    register = FakeView()
    presenter = RegisterPresenter(meeting, register)
    presenter.exclude("police")
    assert register.said() == ["Chris Webb is not a family member; only family members are excluded"]
    assert ("dialog", "police") not in register.told
    presenter.exclude("mother")  # the chair cancels the dialog
    assert ("dialog", "mother") in register.told and meeting.conference.excluded_now() == []
    register.exclusion = (6, "Kerry asked to speak alone.", None)
    presenter.exclude("mother")
    assert [p.id for p in meeting.conference.excluded_now()] == ["mother"]
    presenter.readmit("mother")
    assert meeting.conference.excluded_now() == []


def test_the_reasons_for_going_ahead_inquorate_are_asked_for_only_when_needed(fresh: dict[str, Any]) -> None:
    police = next(p for p in fresh["participants"] if p["id"] == "police")
    police.pop("left")  # the police are still in the room
    meeting = meeting_of(fresh)  # no decision yet: the quorum is of the room now
    register = FakeView()
    presenter = RegisterPresenter(meeting, register)
    changes = edits(meeting)
    assert not presenter.asks_inquorate_reason("")  # the demo's room is quorate
    assert presenter.asks_inquorate_reason("Reasons typed")  # once typed, the box stays
    meeting.mark_left("police")  # Ruby's conference is no longer quorate
    assert not presenter.checked().shown()["ruby"].quorate
    assert presenter.asks_inquorate_reason("")
    changes.clear()
    presenter.save_inquorate_reason("   ")  # nothing yet, and nothing typed: nothing saved
    assert changes == []
    presenter.save_inquorate_reason("The police are on their way; interim safety plan agreed.")
    presenter.save_inquorate_reason("The police are on their way; interim safety plan agreed.")
    assert len(changes) == 1
    presenter.save_inquorate_reason("x" * 100_000)  # too long: refused, the chair told it was not saved
    assert register.said()[-1].startswith("Reasons not saved: ") and register.told[-1] == ("seconds", 15)


def test_an_exclusion_needs_a_ground_and_a_reason_and_an_earlier_time_asks_what_it_would_hide(
    demo_data: dict[str, Any],
) -> None:
    meeting = meeting_of(demo_data, at="11:40")
    mother = meeting.conference.participant("mother")
    assert mother is not None
    dialog = FakeView(confirm=False)
    presenter = ExclusionPresenter(meeting, mother, dialog)
    presenter.update(None, "")
    assert dialog.told == [
        ("allow", False),
        ("problem", f"To exclude {mother.name}, choose one of the six grounds and type the reason and the evidence."),
    ]
    presenter.update(6, " ")
    assert dialog.last("problem") == f"To exclude {mother.name}, type the reason and the evidence."
    presenter.update(None, "Asked to speak alone.")
    assert dialog.last("problem") == f"To exclude {mother.name}, choose one of the six grounds."
    assert not presenter.accept(None, "Asked to speak alone.", None)
    presenter.update(6, "Asked to speak alone.")
    assert dialog.told[-2:] == [("allow", True), ("problem", "")]
    assert presenter.accept(6, "Asked to speak alone.", None)  # from now: nothing to ask
    # Before she arrived (09:45): refused in words, the cursor on the time.
    assert not presenter.accept(6, "Asked to speak alone.", dt.time(9, 30))
    assert dialog.told[-2:] == [
        (
            "problem",
            f"{mother.name} arrived at 09:45, so cannot have been out of the room from 09:30. "
            "Choose a time from 09:45 on.",
        ),
        ("want", "time"),
    ]
    # Earlier than now, with things typed since: the chair is asked first, and "Go back" keeps her in the room.
    meeting.add_item("worries", "Kerry is worried about money.")
    meeting.clock = lambda: dt.datetime.combine(DAY, dt.time(11, 50))
    assert not presenter.accept(6, "Asked to speak alone.", dt.time(11, 30))
    assert dialog.last("asked").startswith(f"This would hide 1 thing typed since 11:30 from {mother.name}")
    dialog.answer = True
    assert presenter.accept(6, "Asked to speak alone.", dt.time(11, 30))
    asked = len([t for t in dialog.told if t[0] == "asked"])
    assert presenter.accept(6, "Asked to speak alone.", dt.time(11, 45))  # nothing typed since: not asked
    assert len([t for t in dialog.told if t[0] == "asked"]) == asked


# -- the console's order of business ----------------------------------------------------------------------


class ConsoleFake(FakeView):
    def show_stage(self, index: int) -> None:
        self.told.append(("stage", index))

    def focus_stage_entry(self) -> None:
        self.told.append(("focus", "entry"))

    def show_undo(self, undo: UndoWords, redo: UndoWords) -> None:
        self.told.append(("undo", (undo, redo)))

    def show_out_of_room(self, sentence: str) -> None:
        self.told.append(("out", sentence))


def test_a_stage_chosen_moves_the_meeting_and_moving_on_puts_the_chair_in_its_entry_box(
    demo_data: dict[str, Any],
) -> None:
    meeting = meeting_of(demo_data)
    console = ConsoleFake()
    presenter = ConsolePresenter(meeting, console)
    meeting.subscribe(presenter.changed)
    changes = edits(meeting)
    presenter.choose_stage(STAGE_KEYS.index(meeting.stage.key))  # the stage it is at: no move
    presenter.choose_stage(len(STAGE_KEYS))  # not a stage
    presenter.choose_stage(-1)  # the list with no row chosen: not the last stage
    assert changes == [] and console.told == []
    presenter.choose_stage(STAGE_KEYS.index("plan"))
    assert meeting.stage.key == "plan"
    assert console.told[:2] == [("stage", STAGE_KEYS.index("plan")), ("focus", "entry")]
    console.told.clear()
    meeting.add_item("worries", "Kerry is worried about money.")  # an edit, not a move: the cursor stays put
    assert ("focus", "entry") not in console.told and console.last("stage") == STAGE_KEYS.index("plan")
    console.told.clear()
    presenter.go_to_stage("plan")  # the stage it is at, asked for (Alt+number): back to its entry box
    assert console.told == [("focus", "entry")]


def test_undo_and_redo_say_what_they_would_do(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    console = ConsoleFake()
    presenter = ConsolePresenter(meeting, console)
    meeting.subscribe(presenter.changed)
    undo, redo = presenter.undo_words()
    assert (undo, redo) == (
        UndoWords(False, "&Undo", "Nothing to undo"),
        UndoWords(False, "&Redo", "Nothing to redo"),
    )
    meeting.set_decision("mia", "cin-plan")
    undo, _redo = console.last("undo")
    assert undo == UndoWords(True, "&Undo record a decision", "Undo record a decision (Ctrl+Z)")
    meeting.undo()
    undo, redo = console.last("undo")
    assert undo == UndoWords(False, "&Undo", "Nothing to undo")
    assert redo == UndoWords(True, "&Redo record a decision", "Redo record a decision (Ctrl+Shift+Z)")


def test_the_console_says_who_is_out_of_the_room(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    console = ConsoleFake()
    presenter = ConsolePresenter(meeting, console)
    meeting.subscribe(presenter.changed)
    meeting.exclude("father", 6, "Kerry asked to speak alone.")
    assert console.last("out") == (
        "Dean Harper is out of the room: nothing you type now goes on the board, or in the letter, copy or summary "
        "Dean Harper will read, unless you release it to them."
    )
    meeting.exclude("mother", 6, "Both asked to leave.")
    assert console.last("out") == (
        "Kerry Harper and Dean Harper are out of the room: nothing you type now goes on the board, or in their "
        "letter, copy or summary Kerry Harper and Dean Harper will read, unless you release it to them."
    )
    meeting.readmit("father")
    meeting.readmit("mother")
    assert console.last("out") == ""


def test_an_edit_a_presenter_makes_for_no_one_in_particular_keeps_whoever_asked(demo_data: dict[str, Any]) -> None:
    """A table model passes itself as the initiator (its cells repaint, not reset under the editor); any other
    edit leaves the initiator as it was, as the pages did before they had presenters."""
    meeting = meeting_of(demo_data)
    changes = edits(meeting)
    page = FakeView()
    with meeting.initiated_by(page):
        PlanPresenter(meeting, FakeView()).save_date("next_review", dt.date(2027, 3, 1))
        ScalingPresenter(meeting, FakeView()).change_score("school", 6)
        DecisionPresenter(meeting, FakeView()).give_reason("sw", "mia", "Frightened at home.")
    assert [change.initiator for change in changes] == [page, page, page]
    model = object()
    PlanPresenter(meeting, FakeView()).edit_action(0, "What", "Refer to the domestic abuse service", initiator=model)
    assert changes[-1].initiator is model


# -- the board's lists ------------------------------------------------------------------------------------


class ListFake(FakeView):
    """A list editor's view: it keeps the draft it was given, the item it was told to choose, and the item whose
    words for "another reason" it was told to ask for, with how many items the list had when it was asked."""

    def __init__(self, meeting: Meeting, list_name: str) -> None:
        super().__init__()
        self.meeting, self.list_name = meeting, list_name

    def show_draft(self, draft: Draft) -> None:
        self.told.append(("draft", draft))

    def ask_reason_words(self, ref: str) -> None:
        self.told.append(("ask", (ref, len(getattr(self.meeting.conference, self.list_name)))))

    def select(self, row: int) -> None:
        self.told.append(("select", row))


def list_of(meeting: Meeting, list_name: str = "worries") -> tuple[ItemListPresenter, ListFake]:
    view = ListFake(meeting, list_name)
    return ItemListPresenter(meeting, list_name, view), view


def typed_lines(content: BoardContent) -> list[str]:
    lines = [*content.worried, *content.working_well, *content.key_points, *content.needs_to_happen]
    return [line.text for line in lines if line.being_typed]


def test_an_entry_of_nothing_but_spaces_adds_nothing_and_says_nothing(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    changes = edits(meeting)
    for blank in ("", "   ", "\n\t "):
        assert worries.add(blank, True, "legal-advice") is False
    assert changes == [] and view.told == []
    assert worries.add("  Kerry is worried about money.  ", False, None)  # kept exactly as typed
    assert worries.items()[-1].text == "  Kerry is worried about money.  " and len(changes) == 1


def test_another_reason_is_asked_for_once_the_item_is_in(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    count = len(worries.items())
    assert worries.add("Dean's new partner has a conviction.", True, "other")
    item = worries.items()[-1]
    assert item.confidential and item.confidential_reason is None  # "no reason given yet", until the chair says
    assert view.told == [("ask", (f"worries[{count}]", count + 1))]  # asked for that item, once it is in the list
    assert worries.add("The police are investigating.", True, "criminal-investigation")
    assert worries.items()[-1].confidential_reason == "criminal-investigation"
    assert worries.add("Mia likes her new school.", False, "other")  # not ticked: no reason, nothing asked
    item = worries.items()[-1]
    assert not item.confidential and item.confidential_reason is None
    assert [how for how, _what in view.told] == ["ask"]


def test_an_item_the_meeting_refuses_is_told_in_its_words_and_not_added(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    changes = edits(meeting)
    assert worries.add("Dean's new partner has a conviction.", True, "a hunch") is False
    assert view.said() == [
        "confidential_reason: 'a hunch' is not one of " + ", ".join(CONFIDENTIAL_REASONS),
    ]
    assert changes == [] and ("ask", ANY) not in view.told


def test_the_discussion_is_never_on_the_board(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    discussion, view = list_of(meeting, "discussion")
    worries, _ = list_of(meeting)
    assert not discussion.on_board and worries.on_board
    assert discussion.placeholder() == "Type for the record (not the board), Enter to add to record of the discussion"
    assert worries.placeholder() == f"Type for the board, Enter to add to {worries.title.lower()}"
    discussion.typed("Kerry said she is frightened of Dean.", False)
    assert view.told == []  # no draft for the board
    assert discussion.add("Kerry said she is frightened of Dean.", False, None)
    content = board_content(meeting.conference, "views")
    assert "frightened of Dean" not in content.all_text()


def test_the_draft_is_on_the_board_unless_confidential_or_typed_while_someone_was_out(
    demo_data: dict[str, Any],
) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    text = "Mia is scared at bedtime."
    worries.typed(text, False)
    draft = view.last("draft")
    assert draft == Draft("worries", text, False, False)
    assert typed_lines(board_content(meeting.conference, "views", draft=draft)) == [text]
    worries.typed(text, True)
    draft = view.last("draft")
    assert draft.confidential and typed_lines(board_content(meeting.conference, "views", draft=draft)) == []
    # Typed while Dean was out (the box tells the meeting at each key): it stays off the board once he is back.
    meeting.exclude("father", 6, "Kerry asked to speak alone.")
    meeting.typing("worries", text)
    meeting.readmit("father")
    worries.typed(text, False)
    draft = view.last("draft")
    assert draft == Draft("worries", text, False, True)
    assert typed_lines(board_content(meeting.conference, "views", draft=draft)) == []
    assert worries.add(text, False, None)
    worries.typed("Mia sleeps well at her nan's.", False)  # the next item starts afresh
    assert view.last("draft").typed_while_out is False


def test_the_words_for_why_an_item_is_hidden_from_the_room(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, _ = list_of(meeting)
    shown = worries.shown(0)
    assert (shown.hidden, shown.why_hidden, shown.description) == (False, "", "Shown on the board")
    assert shown.text == shown.words == worries.items()[0].text
    assert shown.tip == "Typed at 10:30:00\nOn the board"
    worries.add("Dean's new partner has a conviction.", True, None)
    last = len(worries.items()) - 1
    assert worries.shown(last).why_hidden == "confidential (no reason given yet)"
    meeting.set_item_confidential("worries", last, True, "criminal-investigation")
    assert worries.shown(last).why_hidden == "confidential (a criminal investigation)"
    assert worries.shown(last).confidential
    meeting.clock = lambda: dt.datetime.combine(DAY, dt.time(11, 45))
    meeting.exclude("father", 6, "Kerry asked to speak alone.")
    meeting.exclude("mother", 6, "Both asked to leave.")
    worries.add("Kerry now lives at 9 Willow Court.", False, None)
    both = worries.shown(last + 1)
    assert both.why_hidden == (
        "typed while Kerry Harper and Dean Harper were out of the room; gives away where Kerry Harper lives"
    )
    assert both.text == f"[Hidden from the room: {both.why_hidden}]  Kerry now lives at 9 Willow Court."
    assert both.words == "Kerry now lives at 9 Willow Court." and not both.confidential
    assert both.description == f"Hidden from the room: {both.why_hidden}"
    assert both.tip == f"Typed at 11:45:00\nNot on the board: {both.why_hidden}"
    meeting.readmit("mother")
    meeting.clock = lambda: dt.datetime.combine(DAY, dt.time(11, 50))
    worries.add("Dean did not come to the last visit.", True, "legal-advice")
    one = worries.shown(last + 2)
    assert one.confidential and one.why_hidden.startswith("confidential (")
    assert one.why_hidden.endswith("; typed while Dean Harper was out of the room")
    worries.items()[0].recording_offset = 125.7
    assert worries.shown(0).tip == "Typed at 10:30:00, 2:05 into the recording\nOn the board"


def test_the_chosen_item_stays_in_the_list_after_a_delete_or_a_move(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    first, second = (i.text for i in worries.items()[:2])
    count = len(worries.items())
    worries.delete(None)
    worries.move(None, -1)
    assert view.told == [] and len(worries.items()) == count
    worries.move(1, -1)
    assert view.last("select") == 0 and [i.text for i in worries.items()[:2]] == [second, first]
    worries.move(0, -1)  # already first: it stays, still chosen
    assert view.last("select") == 0 and worries.items()[0].text == second
    worries.move(count - 1, +1)  # already last
    assert view.last("select") == count - 1
    worries.delete(count - 1)  # the last: the new last is chosen
    assert view.last("select") == count - 2
    worries.delete(0)  # the first: the one after it is chosen, now first
    assert view.last("select") == 0 and worries.items()[0].text == first
    while worries.items():
        worries.delete(0)
    assert view.last("select") == -1  # nothing left to choose
    assert view.said() == []


def test_an_item_corrected_in_the_list_is_the_lists_own_edit_and_refused_in_words(demo_data: dict[str, Any]) -> None:
    meeting = meeting_of(demo_data)
    worries, view = list_of(meeting)
    changes = edits(meeting)
    model = object()
    assert worries.correct(0, "Mia told her teacher she is scared.", initiator=model)
    assert worries.items()[0].text == "Mia told her teacher she is scared." and changes[-1].initiator is model
    assert worries.correct(0, "   ") is False
    assert view.said() == ["Type the words first; an item cannot be empty."] and len(changes) == 1
    assert worries.ref(3) == "worries[3]"
