"""What may go into a box the chair types in: how long a text can be, and what a paste from another program is
cleaned of before it gets there.

Text pasted from Word, a browser or a case-management system brings characters nobody can see: Word's manual
line break (vertical tab) and page break (form feed), carriage returns, Unicode line and paragraph separators,
zero-width spaces, byte-order marks and other control characters. In the Word documents they split an item in
two, start a new page or run two words together, and an invisible character inside a word hides it from the
checks that look for a withheld address. They are cleaned as they arrive, before the text is in the box: every
kind of line break becomes a line break where the box has lines, or a space where it has one line; the rest,
which show nothing, are removed. Letters, spaces and punctuation are never touched, so what the chair sees in
the box is exactly what is kept.
"""

from __future__ import annotations

import re

# The most characters one typed text may hold (an item, a reason, the contingency plan, the private notes...),
# as the conference file allows. Longer text is refused in words, never cut short.
TEXT_LIMIT = 20_000

# Every way another program marks the end of a line: CR LF, CR, vertical tab (Word's Shift+Enter), form feed
# (Word's page break), the information separators, next line, and Unicode's line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Characters that show nothing and mean nothing to a reader: the other C0 and C1 control characters, DEL, the
# zero-width space, word joiner and byte-order mark, lone surrogates and the non-characters U+FFFE/U+FFFF (which a
# Word document cannot hold). Zero-width joiners and non-joiners stay: Arabic, Persian and emoji need them.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]")


def clean_pasted(text: str, multiline: bool) -> str:
    """``text`` as it may go into a box: line breaks kept where the box has lines (``multiline``) and turned into
    spaces where it has one, a tab turned into a space, and invisible control characters removed."""
    text = _LINE_BREAKS.sub("\n" if multiline else " ", text)
    return _INVISIBLE.sub("", text).replace("\t", " ")


def too_long(limit: int = TEXT_LIMIT) -> str:
    """The sentence for a paste refused because the box would then hold more than ``limit`` characters."""
    return (
        f"Not pasted: that is more than one box can hold ({limit:,} characters at most). What was in the box is "
        "kept as it was. Paste a shorter part, or split it over several entries."
    )
