"""The chair's lock passphrase (chairdesk.passphrase): only a salted scrypt hash, only in the credential store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


class _Counting:
    """The real credential store, counting its reads (what read_ahead must not double)."""

    def __init__(self, store: object) -> None:
        self.store, self.reads = store, []

    def get_password(self, service: str, name: str) -> str | None:
        self.reads.append(name)
        return self.store.get_password(service, name)  # type: ignore[attr-defined]

    def set_password(self, service: str, name: str, value: str) -> None:
        self.store.set_password(service, name, value)  # type: ignore[attr-defined]

    def delete_password(self, service: str, name: str) -> None:
        self.store.delete_password(service, name)  # type: ignore[attr-defined]


def test_start_up_reads_the_key_and_the_passphrase_ahead_once_in_a_process_of_its_own_and_makes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """keys.read_ahead (chairdesk.command before the rest loads): the key and the passphrase come from the store
    once, read by a process of its own (on another processor, where loading keyring does not take turns with
    loading the windows), and what asks for them next here is given them without reading again; with nothing in
    the store it makes no key (creating one is the database's to decide) and raises nothing."""
    from chairdesk import keys

    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "fresh"))
    keys.forget()
    counting = _Counting(keys.credential_store())
    monkeypatch.setattr(keys, "_backend", counting)
    thread = keys.read_ahead()
    thread.join()
    assert thread.name == "chairdesk-key-read-ahead"
    assert counting.store.get_password(keys.SERVICE, keys.account()) is None  # type: ignore[attr-defined]
    with pytest.raises(keys.NoKey):
        keys.data_key(create=False)  # nothing made: still none (and this process looked for itself)
    assert counting.reads == [keys.account()]

    made = keys.data_key()  # the database makes the key; the lock passphrase is chosen
    passphrase.choose("a long enough passphrase", "a long enough passphrase")
    keys.forget()
    with passphrase._lock:  # noqa: SLF001 (a fresh start: nothing known yet)
        passphrase._known.clear()  # noqa: SLF001
    counting.reads.clear()
    keys.read_ahead().join()
    assert keys.data_key(create=False) == made
    assert passphrase.is_set() and passphrase.check("a long enough passphrase")
    assert counting.reads == []  # both were read once, by the process reading ahead, and not again here

    keys.forget()  # the console locked while a reading ahead was going: what it read is not kept
    with passphrase._lock:  # noqa: SLF001
        passphrase._known.clear()  # noqa: SLF001
    ahead = keys.read_ahead()
    keys.forget()
    ahead.join()
    assert keys.data_key(create=False) == made
    assert counting.reads == [keys.account()]


def test_a_reading_ahead_that_cannot_be_done_is_done_when_needed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The process reading ahead cannot be started, or fails, or says something that is not a key: each is read
    here when first needed, once, and is the same as what the store holds."""
    import sys

    from chairdesk import keys

    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "fails"))
    keys.forget()
    made = keys.data_key()
    passphrase.choose("a long enough passphrase", "a long enough passphrase")
    counting = _Counting(keys.credential_store())
    monkeypatch.setattr(keys, "_backend", counting)
    for command in (
        [str(tmp_path / "no such program")],
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        [sys.executable, "-c", 'print(\'{"key": "c2hvcnQ=", "passphrase": 7}\')'],
    ):
        monkeypatch.setattr(keys, "_read_ahead_command", lambda _folder, command=command: command)
        keys.forget()
        with passphrase._lock:  # noqa: SLF001
            passphrase._known.clear()  # noqa: SLF001
        counting.reads.clear()
        keys.read_ahead().join()
        assert keys.data_key(create=False) == made
        assert passphrase.check("a long enough passphrase")
        assert counting.reads == [keys.account(), passphrase.account()], command
    counting.delete_password(keys.SERVICE, keys.account())
    keys.forget()
    with passphrase._lock:  # noqa: SLF001
        passphrase._known.clear()  # noqa: SLF001


def test_a_credential_store_that_cannot_be_reached_is_waited_for_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No store answers (no session bus): the process reading ahead waits its patience for one and says so; the
    start then looks once more, not for that long again, and says in words that the store cannot be reached."""
    from chairdesk import keys

    looks = []
    platform_store = keys._platform_store  # noqa: SLF001
    reachable = keyring.get_keyring()  # keyring's own choice, made again while none can be reached
    with monkeypatch.context() as patch:  # (the store is back for what the test leaves)
        patch.setenv("CHAIRDESK_DATA", str(tmp_path / "no-store"))
        patch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
        patch.setattr(keys, "_backend", None)
        patch.setattr(keys, "_platform_store", lambda: looks.append(1) or platform_store())
        keys.forget()
        keys.read_ahead().join()
        assert keys._looked_in_vain  # noqa: SLF001
        with pytest.raises(keys.StoreUnreachable, match="cannot be reached"):
            keys.data_key(create=False)
        assert looks == [1]  # one look here (the process waited its patience already)
        patch.setattr(keys, "_backend", None)
        keys.forget()
        with pytest.raises(keys.StoreUnreachable):
            keys.data_key(create=False)
        assert len(looks) > 2  # without the process's word, the start waits for the store itself
    keyring.set_keyring(reachable)
    keys.forget()


def test_the_folder_chairdesk_starts_in_is_not_looked_in_for_the_reading_ahead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A chairdesk.py in the folder ChairDesk was started in is not run by the process reading the key ahead."""
    import subprocess

    from chairdesk import keys

    (tmp_path / "chairdesk.py").write_text("open(__file__ + '.ran', 'w').close()\n", encoding="utf-8")
    done = subprocess.run(
        keys._read_ahead_command(tmp_path / "data"),  # noqa: SLF001
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "chairdesk.py.ran").exists()
    assert done.stdout.strip().startswith("{")


def test_on_macos_the_key_is_read_ahead_here_and_no_process_answers_with_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where the store hands ChairDesk's program its key without asking (the macOS Keychain), a process that answered
    with the key would hand it to whoever started it: the start reads ahead on a thread of its own instead, once, and
    the command with the read-ahead argument answers nothing."""
    from chairdesk import command, keys

    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "mac"))
    keys.forget()
    made = keys.data_key()
    passphrase.choose("a long enough passphrase", "a long enough passphrase")
    keys.forget()
    with passphrase._lock:  # noqa: SLF001
        passphrase._known.clear()  # noqa: SLF001
    monkeypatch.setattr(keys, "READ_AHEAD_IN_A_PROCESS", False)
    counting = _Counting(keys.credential_store())
    monkeypatch.setattr(keys, "_backend", counting)
    monkeypatch.setattr(keys, "_read_ahead_command", lambda _folder: pytest.fail("a process was started"))
    keys.read_ahead().join()
    assert counting.reads == [keys.account(), passphrase.account()]  # read here, by the thread
    assert keys.data_key(create=False) == made and passphrase.is_set()
    assert counting.reads == [keys.account(), passphrase.account()]  # and not again
    assert command.main([keys.READ_AHEAD, str(tmp_path / "mac")]) == 2
    assert capsys.readouterr().out == ""


def test_a_store_that_answers_but_refuses_is_not_a_store_that_cannot_be_reached(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A locked store whose prompt was dismissed was reached: the start is not told to stop looking for a store."""
    import io
    import sys

    from keyring.errors import KeyringLocked

    from chairdesk import keys

    class Locked:
        def get_password(self, service: str, name: str) -> str | None:
            raise KeyringLocked("the prompt was dismissed")

    monkeypatch.setenv("CHAIRDESK_DATA", str(tmp_path / "locked"))
    with monkeypatch.context() as patch:  # (the test's own store is back for what the test leaves)
        patch.setattr(keys, "_backend", Locked())
        keys.forget()
        with pytest.raises(keys.KeyUnavailable, match="the prompt was dismissed") as refused:
            keys.data_key(create=False)
        assert not isinstance(refused.value, keys.StoreUnreachable)
        patch.setattr(sys, "stdout", io.StringIO())
        assert keys.answer_read_ahead([str(tmp_path / "locked")]) == 0
        assert "unreachable" not in sys.stdout.getvalue()
    keys.forget()


def test_a_command_that_ends_at_once_does_not_leave_its_reading_ahead_behind(tmp_path: Path) -> None:
    """A start that ends before it needs its key (a usage error, a refused database) waits for the process reading
    its key ahead, so that process never outlives it in the middle of a call to the credential store."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "ends-at-once"
    code = "import time; from chairdesk import keys; keys.read_ahead(); time.sleep(0.1)  # (the process is started)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ, CHAIRDESK_DATA=str(folder)), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    left = subprocess.run(["pgrep", "-f", f"read-ahead {folder.resolve()}"], capture_output=True, text=True)
    assert left.stdout == "", "the reading ahead outlived the command"
