"""Withheld addresses (RULES.md §5: "an address must not be revealed to a person who poses a risk").

The telling parts of an address are its postcode and the lines before the town: the house and the street
("Rose Cottage", "9 Willow Court", "Willow Court" on its own, since "nine Willow Court" gives it away too, and
the street's own name alone when it is distinctive: "Willow", "Larkspur"). A flat number or a town on its own
tells nothing and is not looked for, so it cannot stop a document for no reason. The board, the documents and
the letters all ask here.

Both the address and the text are read the same way before they are compared, so a part is found however the
chair typed it: letters and digits only (spaces, line breaks and punctuation between words are all one gap),
any case, full-width or accented letters as plain ones, look-alike Cyrillic and Greek letters as Latin ones,
invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) dropped, and a street type
however it is abbreviated ("Cl.", "Rd", "Gdns"). A postcode is found however it is spaced or broken
("NN1 0XX", "nn10xx", "N N 1 0 X X", "NN1-0XX", "NN1 OXX").
"""

from __future__ import annotations

import functools
import re
import unicodedata

_POSTCODE = re.compile(r"\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b")
# Where an address breaks into lines (a comma, a semicolon or any kind of line break).
_LINE_BREAK = re.compile(r"[,;\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_TOKEN = re.compile(r"[^\W_]+|[.!?](?=\s)")
_TOKEN_ASCII = re.compile(r"[0-9a-z]+|[.!?](?=\s)")

# Each street type and the ways it is written short. Both the address and the text are read with the short forms
# turned into the one word, so "Larkspur Cl." finds "Larkspur Close" and "Larkspur Close" finds "Larkspur Cl".
# "St" is both Street and Saint: all three read as "st", which is harmless (either way it is the same letters).
_STREET_TYPES: dict[str, tuple[str, ...]] = {
    "close": ("cl", "cls", "clo", "clse"),
    "road": ("rd",),
    "st": ("street", "str", "saint"),
    "avenue": ("ave", "av", "avn", "aven", "avenu"),
    "drive": ("dr", "drv", "dri"),
    "lane": ("ln", "la"),
    "court": ("ct", "crt", "cour"),
    "crescent": ("cres", "cresc", "cr", "crs", "crescen"),
    "gardens": ("gdns", "gdn", "gardns", "gds"),
    "place": ("pl", "plc"),
    "square": ("sq", "sqr", "squ"),
    "terrace": ("tce", "terr", "ter", "trce", "tc"),
    "grove": ("gr", "gro", "grv"),
    "park": ("pk", "prk"),
    "way": ("wy",),
    "mews": ("mws",),
    "row": ("rw",),
    "walk": ("wk", "wlk"),
    "hill": ("hl",),
    "rise": ("rse",),
    "view": ("vw",),
    "parade": ("pde", "pd", "prd"),
    "green": ("grn", "gn"),
    "gate": ("gt",),
    "boulevard": ("blvd", "bvd"),
    "broadway": ("bdwy",),
    "chase": ("ch",),
    "circus": ("circ",),
    "croft": ("crft",),
    "end": (),
    "esplanade": ("esp", "espl"),
    "fields": ("flds",),
    "heights": ("hts", "hgts"),
    "meadows": ("mdws",),
    "meadow": ("mdw",),
    "mount": ("mt",),
    "orchard": ("orch",),
    "passage": ("pass",),
    "path": (),
    "promenade": ("prom",),
    "quay": ("qy",),
    "ride": (),
    "vale": (),
    "villas": ("vls",),
    "wharf": ("whf",),
    "wynd": (),
    "yard": ("yd",),
    "approach": ("app", "appr"),
    "bank": (),
    "walkway": (),
}
_TYPE_OF = {short: full for full, shorts in _STREET_TYPES.items() for short in (full, *shorts)}
# Types that, written after a name, can only mean a street: "Larkspur Road" is another street than "Larkspur
# Close" (and a reader who lives on Willow Road must not be thought to share "Willow Court"). The other types are
# also everyday words ("Larkspur park", "Larkspur, close to school") and never make the name say less.
_PLAIN_STREET_TYPES = {"road", "st", "avenue", "lane", "crescent", "gardens", "terrace", "mews", "boulevard"}

# Words that say nothing about where someone lives on their own.
_GENERIC = {
    "flat", "flats", "unit", "apartment", "apt", "apts", "house", "floor", "room", "the", "and", "of", "at", "on",
    "in", "by", "first", "second", "third", "fourth", "ground", "top", "basement", "block", "building", "number",
    "no", "north", "south", "east", "west", "upper", "lower", "middle", "great", "little", "new", "old", "front",
    "back", "rear", "nr", "near", "off", "behind",
}  # fmt: skip
# A street's own name counts alone only when it is distinctive. These are everyday words, words a conference is
# full of, and first names and surnames a child or parent may have: "Park Road", "Mill Lane", "Victoria Street"
# are found only with their type ("Park Rd") or their house number ("3 Park"), never by the name alone.
_COMMON = {
    # everyday words that streets are named after
    "park", "green", "church", "station", "high", "mill", "market", "school", "hall", "bridge", "castle", "manor",
    "farm", "field", "fields", "meadow", "meadows", "orchard", "wood", "woods", "water", "well", "wells", "spring",
    "springs", "river", "brook", "lake", "hill", "hills", "bank", "cross", "lodge", "grange", "main", "london",
    "queen", "queens", "king", "kings", "prince", "princes", "princess", "royal", "mount", "court", "abbey",
    "chapel", "college", "hospital", "union", "home", "garden", "gardens", "common", "heath", "moor", "marsh",
    "forest", "valley", "view", "sea", "beach", "cliff", "harbour", "dock", "canal", "works", "brick", "stone",
    "sand", "gold", "silver", "red", "white", "black", "blue", "brown", "grey", "sun", "summer", "winter", "star",
    "long", "broad", "short", "small", "big", "fair", "good", "hope", "faith", "peace", "love", "way", "road",
    "lane", "close", "place", "square", "drive", "walk", "row", "rise", "end", "side", "gate", "gates",
    "yard", "path", "cottage", "cottages", "tower", "towers", "house", "houses", "villa", "villas",
    "centre", "center", "family", "child", "children", "mother", "father", "police", "safe", "care", "health",
    "social", "work", "office", "shop", "shops", "store", "post", "bus", "train", "rail", "railway", "car",
    "clock", "bell", "mall", "pound", "pond", "wall", "walls", "garage", "factory", "barn", "stables", "dairy",
    "orchards", "paddock", "copse", "acre", "acres", "town", "city", "village", "county", "borough", "ward",
    "bath", "chester", "hampton", "oxford", "cambridge", "windsor", "york", "richmond", "kent", "essex", "surrey",
    "saint", "holy", "trinity", "cathedral", "temple", "minster", "vicarage", "rectory", "parsonage", "grove",
    "glebe", "oak", "ash", "elm", "pine", "lime", "beech", "birch", "cedar", "maple", "holly", "ivy", "rose",
    "roses", "lily", "daisy", "poppy", "hazel", "heather", "violet", "iris", "jasmine", "primrose", "laurel",
    "fern", "bluebell", "clover", "thistle", "tulip", "apple", "cherry", "plum", "pear", "nut", "chestnut",
    # first names and surnames (a child or a parent called Victoria must not hold back every line about her)
    "victoria", "albert", "george", "alexandra", "edward", "william", "charles", "elizabeth", "mary", "james",
    "john", "grace", "ruby", "florence", "alice", "arthur", "henry", "stanley", "frederick", "albany",
    "anne", "margaret", "catherine", "jubilee", "regent", "duke", "nelson", "wellington", "churchill", "milton",
    "shakespeare", "byron", "cromwell", "stuart", "tudor", "norman", "percy", "harold", "alfred", "leo", "mia",
    "ella", "emily", "sophie", "olivia", "harry", "jack", "thomas", "oliver", "smith", "jones", "taylor",
    "williams", "wilson", "johnson", "davies", "robinson", "wright", "thompson", "evans", "walker", "roberts",
    "jackson", "clarke", "clark", "harper", "baker", "mason", "cook", "turner", "moore", "martin", "lee",
    "young", "allen", "scott", "hughes", "price", "bennett", "hunter", "fisher", "carter",
}  # fmt: skip

# Look-alike letters from other scripts (after casefolding) read as the Latin letters they look like.
_LOOK_ALIKES = str.maketrans(
    "аьвеёкмнорстухіїјѕԁһӏαβεζηικμνορτυχ",
    "abbeekmhopctyxiijsdhlabezhikmnoptyx",
)
# Postcodes are compared letters and digits run together, with the letters typed for digits read as digits.
_POSTCODE_DIGITS = str.maketrans("oil", "011")
_DROPPED = {"Cf", "Mn", "Me"}


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` as they are compared (letters and digits, lower case, plain letters), and a "." where
    a sentence may end (a full stop, question or exclamation mark before a space)."""
    if text.isascii():
        return tuple(_TOKEN_ASCII.findall(text.lower()))
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) not in _DROPPED)
    plain = unicodedata.normalize("NFKC", plain.casefold()).translate(_LOOK_ALIKES)
    return tuple(_TOKEN.findall(plain))


def _words(text: str) -> tuple[str, ...]:
    return tuple(t for t in _tokens(text) if t not in ".!?")


def _read(words: tuple[str, ...]) -> str:
    """Words with each street type in its one spelling, a space either side of each word."""
    return " " + " ".join(_TYPE_OF.get(w, w) for w in words) + " "


def _is_short(word: str) -> bool:
    """Whether a full stop after ``word`` may be an abbreviation's ("Cl.", "St.", "Gdns.", "J.", "No.")."""
    return len(word) <= 2 or (word in _TYPE_OF and word not in _STREET_TYPES) or not word.isalpha()


@functools.lru_cache(maxsize=4096)
def _run_together(text: str) -> str:
    """``text``'s letters and digits with nothing between them: "WillowCourt", and "Willow Court" with an
    invisible character as the only gap, which read on the page as one word."""
    return "".join(t for t in _tokens(text) if t not in ".!?")


@functools.lru_cache(maxsize=4096)
def _reading(text: str) -> tuple[str, str]:
    """``text`` read for comparing: its words (street types in one spelling, "." where a sentence ends, so "the
    park. Road works" is not "Park Road") and its letters and digits joined (for a postcode)."""
    tokens = _tokens(text)
    words: list[str] = []
    for token in tokens:
        if token in ".!?":
            if words and words[-1] != "." and not _is_short(words[-1]):
                words.append(".")
        else:
            words.append(token)
    return _read(tuple(words)), "".join(t for t in tokens if t not in ".!?").translate(_POSTCODE_DIGITS)


class _Parts:
    """What gives one address away, most telling first, and what to look for to find each."""

    def __init__(self, address: str) -> None:
        self.postcodes: list[tuple[str, str]] = []  # (shown, letters and digits)
        self.phrases: list[tuple[str, str]] = []  # (shown, " words read as compared ")
        self.names: list[tuple[str, re.Pattern[str]]] = []  # a distinctive street name alone
        self.runs: list[tuple[str, tuple[str, ...]]] = []  # (shown, its words run together, in each spelling)
        self.town = ""
        self.town_words = ""
        lines = [line for line in _LINE_BREAK.split(address) if _words(line)]
        for line in lines:
            for match in _POSTCODE.finditer(" ".join(_words(line))):
                shown = match.group(0)
                self.postcodes.append((shown, shown.replace(" ", "").translate(_POSTCODE_DIGITS)))
        named = [line for line in lines if _has_a_name(_words(_without_postcode(line)))]
        while len(named) > 1 and _is_county(_words(_without_postcode(named[-1]))):
            named.pop()  # "Northamptonshire" after the town
        if len(named) > 1 and not _street_type_at(_words(_without_postcode(named[-1]))):
            self.town = _shown_town(named[-1])
            self.town_words = _read(_words(self.town))
            named = named[:-1]
        longer: list[tuple[str, str]] = []
        shorter: list[tuple[str, str]] = []
        for line in named:
            self._add_line(_words(_without_postcode(line)), longer, shorter)
        if not self.postcodes and not longer and _words(address):
            longer.append((" ".join(_words(address)), _read(_words(address))))
        seen: set[str] = set()
        for shown, phrase in longer + shorter:
            if phrase not in seen:
                seen.add(phrase)
                self.phrases.append((shown, phrase))
                self._add_run(shown, phrase.split())

    def _add_run(self, shown: str, words: list[str]) -> None:
        """The phrase's words run together ("willowcourt", "willowct"), when it names a place with a word that
        is not common: run together, "Park Road" would be found in "the park. Road works"."""
        if len(words) < 2 or not [w for w in words if w.isalpha() and len(w) >= 4 and w not in _COMMON]:
            return
        *name, last = words
        spellings = [s for s, full in _TYPE_OF.items() if full == last] if last in _TYPE_OF.values() else [last]
        self.runs.append((shown, tuple("".join(name) + spelling for spelling in spellings)))

    def _add_line(self, words: tuple[str, ...], longer: list[tuple[str, str]], shorter: list[tuple[str, str]]) -> None:
        longer.append((" ".join(words), _read(words)))
        end = _street_type_at(words)
        if not end:
            # A house's name ("Rose Cottage"), or a street written without its type: the name's words together.
            letters = tuple(w for w in words if w.isalpha())
            if letters != words and [w for w in _name_words(letters) if w not in _COMMON or len(letters) > 1]:
                shorter.append((" ".join(letters), _read(letters)))
            return
        numbers = [i for i, w in enumerate(words[:end]) if any(c.isdigit() for c in w)]
        start = numbers[-1] + 1 if numbers else 0
        while start < end and words[start] in _GENERIC:
            start += 1
        street = words[start : end + 1]  # "willow court", "park road"
        naming = [w for w in street[:-1] if w.isalpha() and w not in _GENERIC]
        if not naming:
            return  # "3 The Green": only the whole line tells
        shorter.append((" ".join(street), _read(street)))
        if numbers:
            # "3 Park" for 3 Park Road, "9 Willow" for 9 Willow Court.
            number_and_name = (words[numbers[-1]], *street[:-1])
            shorter.append((" ".join(number_and_name), _read(number_and_name)))
        names = [w for w in naming if len(w) >= 4 and w not in _COMMON and w not in _TYPE_OF]
        own_type = _TYPE_OF[words[end]]
        other_types = "|".join(sorted(t for t in _PLAIN_STREET_TYPES if t != own_type))
        for name in names:
            self.names.append((name, re.compile(rf" {re.escape(name)} (?!(?:{other_types}) )")))


def _street_type_at(words: tuple[str, ...]) -> int:
    """Where the last street type after the first word of a line is ("Willow Court": 1), or 0 when there is none."""
    return max((i for i, w in enumerate(words) if i > 0 and w in _TYPE_OF), default=0)


def _name_words(words: tuple[str, ...]) -> list[str]:
    """The words that name a place: letters, three or more, not a street type or a generic word."""
    return [w for w in words if w.isalpha() and len(w) >= 3 and w not in _GENERIC and w not in _TYPE_OF]


def _has_a_name(words: tuple[str, ...]) -> bool:
    """Whether a line names anything ("Park Road", "The Green", "Rose Cottage"; not "Flat 2")."""
    return any(w.isalpha() and len(w) >= 3 and w not in _GENERIC for w in words)


def _without_postcode(line: str) -> str:
    return _POSTCODE.sub(" ", " ".join(_words(line))) if _POSTCODE.search(" ".join(_words(line))) else line


def _shown_town(line: str) -> str:
    """The town as the address writes it ("Northampton" from "Northampton NN1 0XX")."""
    plain = "".join(c for c in unicodedata.normalize("NFKC", line) if unicodedata.category(c) not in _DROPPED)
    plain = re.sub(r"\b[a-z]{1,2}[0-9][a-z0-9]?\s*[0-9][a-z]{2}\b", " ", plain, flags=re.IGNORECASE)
    return " ".join(plain.split()).strip(" .")


def _is_county(words: tuple[str, ...]) -> bool:
    return bool(words) and (words[-1].endswith("shire") or " ".join(words) in _COUNTIES)


_COUNTIES = {
    "kent", "essex", "surrey", "cornwall", "devon", "dorset", "somerset", "norfolk", "suffolk", "cumbria",
    "merseyside", "rutland", "middlesex", "northumberland", "county durham", "tyne and wear", "west midlands",
    "greater manchester", "greater london", "east sussex", "west sussex", "isle of wight", "anglesey", "powys",
    "gwynedd", "fife", "uk", "united kingdom", "england", "wales", "scotland", "northern ireland",
}  # fmt: skip


@functools.lru_cache(maxsize=256)
def _parts(address: str) -> _Parts:
    return _Parts(address)


def address_fragments(address: str) -> list[str]:
    """The parts of an address that would give it away: its postcode, every line before the town (the house, the
    street: "Rose Cottage", "9 Willow Court"), the street with its type ("Willow Court"), the house number with
    the street's name ("9 Willow") and the street's name alone when it is distinctive ("Willow"). The last line
    is the town, which gives nothing away on its own; so does a line with no name in it ("Flat 2")."""
    parts = _parts(address)
    return [shown for shown, _ in parts.postcodes] + [shown for shown, _ in parts.phrases] + [n for n, _ in parts.names]


# The board asks for every line on every keystroke: the answer for a text and an address never changes, so it is
# remembered (a keystroke reaches the board within a frame however many items the board holds).
@functools.lru_cache(maxsize=16_384)
def withheld_address_in(text: str, address: str) -> str | None:
    """The first telling part of ``address`` found in ``text`` (most telling first), or None."""
    parts = _parts(address)
    words, joined = _reading(text)
    for shown, letters in parts.postcodes:
        if letters in joined:
            return shown
    for shown, phrase in parts.phrases:
        if phrase in words:
            return shown
    run = _run_together(text)
    for shown, spellings in parts.runs:
        if any(spelling in run for spelling in spellings):
            return shown
    for shown, pattern in parts.names:
        if pattern.search(words):
            return shown
    return None


# Places where someone can be found week after week; named with the town, they can lead a reader to a refuge.
_PLACES: dict[str, str] = {
    "school": "a school", "schools": "a school", "academy": "a school", "college": "a college",
    "nursery": "a nursery", "nurseries": "a nursery", "preschool": "a nursery", "pre school": "a nursery",
    "playgroup": "a nursery", "creche": "a nursery", "childminder": "a childminder",
    "children s centre": "a children's centre", "childrens centre": "a children's centre",
    "family centre": "a family centre", "gp": "a GP surgery", "surgery": "a GP surgery", "doctor": "a GP surgery",
    "doctors": "a GP surgery", "health centre": "a health centre", "medical centre": "a health centre",
    "medical practice": "a GP surgery", "clinic": "a clinic", "hospital": "a hospital", "refuge": "a refuge",
    "refuges": "a refuge", "hostel": "a hostel", "shelter": "a shelter", "safe house": "a safe house",
    "women s aid": "a refuge", "womens aid": "a refuge", "supported housing": "supported housing",
    "temporary accommodation": "temporary accommodation", "b b": "a B&B", "bed and breakfast": "a B&B",
    "church": "a place of worship", "mosque": "a place of worship", "gurdwara": "a place of worship",
    "temple": "a place of worship", "synagogue": "a place of worship", "mandir": "a place of worship",
    "jobcentre": "a jobcentre", "job centre": "a jobcentre", "pharmacy": "a pharmacy", "dentist": "a dentist",
    "leisure centre": "a leisure centre", "library": "a library",
}  # fmt: skip


@functools.lru_cache(maxsize=16_384)
def refuge_hint(text: str, address: str) -> str | None:
    """A warning, not a block: ``text`` names the town of ``address`` together with a place where someone can be
    found (a school, a nursery, a GP surgery, a refuge...), which can lead a reader to a withheld address. A short
    plain phrase saying what was found ("names the town (Northampton) with a school"), or None."""
    parts = _parts(address)
    words = _reading(text)[0]
    if not parts.town_words.strip() or parts.town_words not in words:
        return None
    for place, said in _PLACES.items():
        if f" {place} " in words:
            return f"names the town ({parts.town}) with {said}"
    return None
