"""A withheld address is found however the chair typed it, and nothing else is taken for it (RULES.md §5)."""

from __future__ import annotations

import pytest

from chairdesk.addresses import address_fragments, refuge_hint, withheld_address_in

LARKSPUR = "14 Larkspur Close, Northampton, NN1 0XX"
WILLOW = "Flat 2, 9 Willow Court\nKettering\nNN16 8AB"
ROSE = "Rose Cottage, Mill Lane, Brixworth, NN6 9DF"
PARK = "3 Park Road, Leeds LS1 1AA"  # a street named with an everyday word
ABBREVIATED = "12 Larkspur Cl., Northampton NN1 0XX"  # the address itself written short

# Every street type with the ways it is written short. A street named "Station" (an everyday word, so the name
# alone is not enough) shows the type is what is matched.
STREET_TYPES = {
    "Close": ["Cl", "Cl.", "Cls", "Clo"],
    "Road": ["Rd", "Rd."],
    "Street": ["St", "St.", "Str"],
    "Avenue": ["Ave", "Av", "Ave."],
    "Drive": ["Dr", "Dr."],
    "Lane": ["Ln", "La"],
    "Court": ["Ct", "Ct."],
    "Crescent": ["Cres", "Cresc", "Cres."],
    "Gardens": ["Gdns", "Gdns."],
    "Place": ["Pl", "Pl."],
    "Square": ["Sq", "Sq."],
    "Terrace": ["Tce", "Terr"],
    "Grove": ["Gr", "Gro"],
    "Park": ["Pk"],
    "Way": ["Wy"],
    "Mews": ["Mews"],
    "Row": ["Row"],
    "Walk": ["Wk"],
    "Hill": ["Hill"],
    "Rise": ["Rise"],
    "View": ["Vw"],
    "Parade": ["Pde"],
    "Green": ["Grn"],
}

LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", " \n ", "\n\n"]
GAPS = ["-", ",", ", ", " - ", "  ", "\t", "/", ".", "\u00a0", "\u2009", "\u202f", "\u3000", "_"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def with_invisible(words: str, char: str) -> list[str]:
    """One spelling for each word of ``words``, with ``char`` inside that word."""
    split = words.split(" ")
    return [" ".join(w[:2] + char + w[2:] if i == n else w for i, w in enumerate(split)) for n in range(len(split))]


def must_find() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for full, shorts in STREET_TYPES.items():
        for short in shorts:
            cases.append((f"7 Station {full}, Kettering NN16 1AA", f"she moved to Station {short} last week"))
            cases.append((f"7 Station {short}, Kettering NN16 1AA", f"she moved to Station {full} last week"))
    cases += [
        (LARKSPUR, f"Kerry is at {s}") for s in ("Larkspur Cl.", "Larkspur Cl", "14 Larkspur Cls", "Larkspur Clo")
    ]
    cases += [(ABBREVIATED, f"Kerry is at {s}") for s in ("Larkspur Close", "12 Larkspur Close", "LARKSPUR CLOSE")]
    cases += [(PARK, f"they live at {s}") for s in ("Park Rd", "3 Park", "park road", "3 PARK RD.")]
    for gap in LINE_BREAKS + GAPS:
        cases.append((LARKSPUR, f"Kerry is at Larkspur{gap}Close now"))
        cases.append((ROSE, f"staying at Mill{gap}Lane with her aunt"))
        cases.append((ROSE, f"staying at Rose{gap}Cottage with her aunt"))
        cases.append((PARK, f"moved to Park{gap}Road in May"))
    for char in INVISIBLE:
        for address, words in ((LARKSPUR, "Larkspur Close"), (ROSE, "Mill Lane"), (ROSE, "Rose Cottage")):
            cases += [(address, f"at {spelt}") for spelt in with_invisible(words, char)]
        cases.append((LARKSPUR, f"postcode NN1{char}0XX"))
        cases.append((LARKSPUR, f"postcode N{char}N1 0{char}XX"))
    for address, words in (
        (LARKSPUR, "Larkspur Close"),
        (LARKSPUR, "14 Larkspur"),
        (WILLOW, "9 Willow Court"),
        (ROSE, "Mill Lane"),
        (ROSE, "Rose Cottage"),
        (PARK, "Park Road"),
        (LARKSPUR, "NN1 0XX"),
        (WILLOW, "NN16 8AB"),
    ):
        cases.append((address, f"she is at {full_width(words)}"))
    for address, postcode in ((LARKSPUR, "NN1 0XX"), (WILLOW, "NN16 8AB"), (ROSE, "NN6 9DF"), (PARK, "LS1 1AA")):
        outward, inward = postcode.split()
        for spelt in (
            postcode,
            postcode.lower(),
            outward + inward,
            (outward + inward).lower(),
            " ".join(outward + inward),
            f"{outward}-{inward}",
            f"{outward}\n{inward}",
            f"{outward}\u2028{inward}",
            f"{outward}  {inward}",
            f"{outward}\u00a0{inward}",
            f"{outward}\u200b{inward}",
            f"{outward[:1]}\u200b{outward[1:]} {inward}",
            full_width(postcode),
            postcode.replace("0", "O"),
        ):
            cases.append((address, f"the postcode is {spelt}."))
    for spelt in (
        "LARKSPUR  close",
        "larkspur close",
        "LaRkSpUr ClOsE",
        "Larkspur CLOSE",
        "Lárkspur Close",
        "Larkspu\u0301r Close",
        "L\u0430rkspur Close",  # a Cyrillic a
        "\uff2c\uff41\uff52\uff4b\uff53\uff50\uff55\uff52 \uff23\uff4c\uff4f\uff53\uff45",
        "Larkspur",
        "larkspur's",
        "LARKSPUR",
        "Lark\u200bspur",
        "\uff11\uff14 Larkspur Close",
    ):
        cases.append((LARKSPUR, f"Kerry lives on {spelt}"))
    for spelt in ("Willow", "willow", "9 Willow", "Willow Ct", "WILLOW COURT", "9\nWillow\nCourt", "Wil\u00adlow"):
        cases.append((WILLOW, f"Kerry lives at {spelt}"))
    for spelt in ("Flat 2, 9 Willow", "nine Willow Court", "Willow, Kettering"):
        cases.append((WILLOW, f"letters to {spelt}"))
    # With no town, the street is the last line and still tells; after the town, a county tells nothing.
    cases.append(("Rose Cottage, Mill Lane, NN6 9DF", "staying on Mill Lane"))
    cases.append(("14 Larkspur Close, Northampton, Northamptonshire NN1 0XX", "Larkspur Cl"))
    return cases


NEAR_MISSES: list[tuple[str, str]] = [
    (LARKSPUR, "The family centre is in flat 2 of the old library"),
    (LARKSPUR, "Kerry and Mia moved to Northampton"),
    (LARKSPUR, "Mia is 14 and likes to be close to mum"),
    (LARKSPUR, "the court hearing is on the 14th"),
    (LARKSPUR, "they walk in the park on Sundays"),
    (LARKSPUR, "Dean lives at 22 Mill Lane, Northampton NN5 0XX"),
    (LARKSPUR, "a road safety talk at school"),
    (LARKSPUR, "the house on the corner"),
    (LARKSPUR, "Larkspur Road is where Dean's mother lives"),  # another street with the same name
    (LARKSPUR, "NN1 is a big area"),
    (LARKSPUR, "postcode NN1 0XY"),
    (LARKSPUR, "Close the file before 10 XX"),
    (WILLOW, "Flat 2"),
    (WILLOW, "Kettering is where the family centre is"),
    (WILLOW, "the court hearing is on 9 May"),
    (WILLOW, "9 of the 12 actions are done"),
    (WILLOW, "NN16 covers most of Kettering"),
    (WILLOW, "Dean lives at 22 Mill Lane"),
    (ROSE, "the old mill by the river"),
    (ROSE, "Brixworth has a new health visitor"),
    (ROSE, "Rose is Kerry's sister"),
    (ROSE, "the cottage hospital"),
    (ROSE, "down the lane"),
    (ROSE, "Dean lives at 22 Mill Road"),
    (PARK, "they walk in the park on Sundays"),
    (PARK, "a road safety talk at school"),
    (PARK, "Mia wants to go to the park. Road works stop her"),
    (PARK, "Dean lives at 5 Park Street"),
    (PARK, "Leeds social care will transfer the case"),
    (PARK, "3 parks nearby"),
    (ABBREVIATED, "close to mum"),
    (ABBREVIATED, "Mia is 12"),
    ("14 Larkspur Close, Northampton, Northamptonshire NN1 0XX", "Northampton is in Northamptonshire"),
]


@pytest.mark.parametrize(("address", "typed"), must_find())
def test_a_withheld_address_is_found_however_it_is_typed(address: str, typed: str) -> None:
    found = withheld_address_in(typed, address)
    assert found is not None, (typed, address)
    assert found in address_fragments(address)


@pytest.mark.parametrize(("address", "typed"), NEAR_MISSES)
def test_what_only_looks_like_a_withheld_address_is_not_taken_for_it(address: str, typed: str) -> None:
    assert withheld_address_in(typed, address) is None, address_fragments(address)


def test_there_are_enough_spellings_across_enough_addresses() -> None:
    cases = must_find()
    assert len(cases) >= 150
    assert {LARKSPUR, WILLOW, ROSE} <= {address for address, _ in cases}


def test_the_telling_parts_are_plain_and_the_most_telling_is_said_first() -> None:
    assert withheld_address_in("she is at 14 Larkspur Close", LARKSPUR) == "14 larkspur close"
    assert withheld_address_in("NN1 0XX, Larkspur Close", LARKSPUR) == "nn1 0xx"
    assert withheld_address_in("off Larkspur Cl.", LARKSPUR) == "larkspur close"
    assert withheld_address_in("near Larkspur", LARKSPUR) == "larkspur"
    assert withheld_address_in("near Larkspur Close", ABBREVIATED) == "larkspur cl"
    assert address_fragments(ROSE) == ["nn6 9df", "rose cottage", "mill lane"]
    # The town, a flat number, the street type and an everyday name are never telling parts on their own.
    for fragments in map(address_fragments, (LARKSPUR, WILLOW, ROSE, PARK)):
        assert not {"northampton", "kettering", "brixworth", "leeds", "flat 2", "2", "close", "park", "mill"} & set(
            fragments
        )


def test_a_reader_on_another_street_of_the_same_name_is_not_taken_to_share_it() -> None:
    # The documents ask whether the part found is in the reader's own address (then it tells them nothing).
    found = withheld_address_in("Visit Kerry at Willow Court", WILLOW)
    assert found == "willow court"
    assert withheld_address_in("22 Willow Road, Kettering NN16 9ZZ", found) is None
    assert withheld_address_in("4 Willow Court, Kettering NN16 8AB", found) == "willow court"


def test_the_answer_is_remembered_for_the_next_keystroke() -> None:
    withheld_address_in.cache_clear()
    withheld_address_in("Kerry lives at Larkspur", LARKSPUR)
    withheld_address_in("Kerry lives at Larkspur", LARKSPUR)
    assert withheld_address_in.cache_info().hits == 1


@pytest.mark.parametrize(
    ("address", "typed", "said"),
    [
        (LARKSPUR, "Mia goes to school in Northampton", "names the town (Northampton) with a school"),
        (LARKSPUR, "NORTHAMPTON nursery has a place for Ruby", "names the town (Northampton) with a nursery"),
        (LARKSPUR, "Kerry is in a refuge in Northampton", "names the town (Northampton) with a refuge"),
        (WILLOW, "registered with a GP in Kettering", "names the town (Kettering) with a GP surgery"),
        (WILLOW, "Kettering\nHealth Centre", "names the town (Kettering) with a health centre"),
        (ROSE, "a hostel near Brixworth", "names the town (Brixworth) with a hostel"),
        (ROSE, "Ｂｒｉｘｗｏｒｔｈ primary school", "names the town (Brixworth) with a school"),
        (PARK, "Leeds Children's Centre", "names the town (Leeds) with a children's centre"),
    ],
)
def test_a_town_named_with_a_place_where_someone_can_be_found_is_a_warning(address: str, typed: str, said: str) -> None:
    assert refuge_hint(typed, address) == said
    assert withheld_address_in(typed, address) is None  # a warning, not a block


@pytest.mark.parametrize(
    ("address", "typed"),
    [
        (LARKSPUR, "Kerry and Mia moved to Northampton"),
        (LARKSPUR, "Mia's school is doing well with her"),
        (LARKSPUR, "a school in Kettering"),  # not this address's town
        (WILLOW, "Kettering is where the family lived"),
        (ROSE, "Kerry's GP has written"),
        (PARK, "the refuge has a place for her"),
    ],
)
def test_a_town_alone_or_a_place_alone_is_no_warning(address: str, typed: str) -> None:
    assert refuge_hint(typed, address) is None


KERRY_AT_WILLOW_COURT = "Flat 2, 9 Willow Court, Northampton NN1 0XX"


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
    """It reads on the page as "WillowCourt" (found by the chair's walk through issue 9)."""
    assert withheld_address_in(typed, KERRY_AT_WILLOW_COURT) is not None
