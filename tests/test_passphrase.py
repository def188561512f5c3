"""The chair's lock passphrase (chairdesk.passphrase): only a salted scrypt hash, only in the credential store."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from chairdesk import passphrase
from chairdesk.passphrase import PassphraseProblem


@pytest.fixture(autouse=True)
def _nothing_left_in_the_store() -> Iterator[None]:
    yield
    passphrase.remove()


def test_only_a_salted_scrypt_hash_is_kept_and_it_tells_the_passphrase_from_any_other() -> None:
    passphrase.remove()
    assert not passphrase.is_set() and not passphrase.check("anything at all")
    passphrase.choose("Café at the corner", "Café at the corner")
    kept = keyring.get_password(passphrase.SERVICE, passphrase.account())
    assert kept is not None and kept.startswith("scrypt$131072$8$1$") and "Caf" not in kept
    assert passphrase.check("Café at the corner")
    assert passphrase.check("Cafe\u0301 at the corner")  # the same letters typed as e and an accent
    for other in ("café at the corner", "Café at the corner ", "Café at the", ""):
        assert not passphrase.check(other)
    assert passphrase.hashed("same words here") != passphrase.hashed("same words here")  # a salt of its own each


@pytest.mark.parametrize(
    ("first", "second", "said"),
    [
        ("seven!!", "seven!!", "at least 8 characters (spaces at either end do not count); this one has 7"),
        ("   short    ", "   short    ", "this one has 5"),
        ("", "", "at least 8 characters"),
        ("eight chars", "eight chars.", "not the same"),
    ],
)
def test_a_passphrase_too_short_or_typed_differently_is_refused_in_words(first: str, second: str, said: str) -> None:
    passphrase.remove()
    assert said in (passphrase.problem(first, second) or "")
    with pytest.raises(PassphraseProblem, match="passphrase"):
        passphrase.choose(first, second)
    assert not passphrase.is_set()


def test_a_hash_changed_by_something_else_is_said_in_words() -> None:
    for stored in ("not a hash", "bcrypt$1$2$3$AAAA$AAAA", "scrypt$1073741824$8$1$AAAAAAAA$AAAAAAAA"):
        with pytest.raises(PassphraseProblem, match="not one ChairDesk made"):
            passphrase.matches("whatever words", stored)
