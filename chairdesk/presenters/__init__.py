"""The stage pages' rules, without a window: what must be chosen before what, what a page proposes, what a button
may do now, which problems a page shows and the words it says when an edit is refused.

Each page has a presenter here that takes the meeting (chairdesk.meeting.Meeting) and a small view (a
``typing.Protocol`` of what the page must show: its problems, a sentence for the chair, what it draws). The page in
chairdesk.gui builds the widgets, forwards the chair's actions to its presenter and draws what it is told, as Mu's
``Editor`` takes the window as its view. The tests drive a presenter with a plain Python view that keeps a list of
what it was told (tests/test_presenters.py): the rules are tested without widgets.
"""
