"""Findings of the chair's walk through issue 9 (a reviewer's failing tests; not yet fixed).

A withheld street written with the words run together, or with an invisible character as the only thing between
them, reads on the page as "WillowCourt": the reader sees the address, but the check does not find it."""

from __future__ import annotations

import pytest

from chairdesk.addresses import withheld_address_in

KERRY = "Flat 2, 9 Willow Court, Northampton NN1 0XX"


@pytest.mark.parametrize(
    "typed",
    [
        "Kerry is at WillowCourt now",
        "Kerry is at WillowCt now",
        "Kerry is at Willow\u200bCourt now",  # zero-width space as the only gap: shows as "WillowCourt"
        "Kerry is at Willow\u00adCourt now",  # soft hyphen pasted from a document
        "Kerry is at Willow\u2060Court now",  # word joiner
    ],
)
def test_a_street_run_together_is_found(typed: str) -> None:
    assert withheld_address_in(typed, KERRY) is not None
