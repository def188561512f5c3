"""ChairDesk makes one call to the credential store at a time (chairdesk/keys.py, _OneAtATime): GNOME Keyring 42
mixed up items two clients made at the same moment and crashed when several made and deleted items at once, and
ChairDesk reads its data key on one thread while another reads the lock passphrase."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from chairdesk import keys, passphrase


class _Overlaps:
    """The real store, noting how many calls are inside it at once (each held a moment, to widen the window)."""

    def __init__(self, store: Any) -> None:
        self.store, self.inside, self.most = store, 0, 0
        self._count = threading.Lock()

    def _call(self, method: str, *args: str) -> Any:
        with self._count:
            self.inside += 1
            self.most = max(self.most, self.inside)
        try:
            time.sleep(0.02)
            return getattr(self.store, method)(*args)
        finally:
            with self._count:
                self.inside -= 1

    def get_password(self, service: str, name: str) -> str | None:
        return self._call("get_password", service, name)  # type: ignore[no-any-return]

    def set_password(self, service: str, name: str, value: str) -> None:
        self._call("set_password", service, name, value)

    def delete_password(self, service: str, name: str) -> None:
        self._call("delete_password", service, name)


def test_the_key_the_passphrase_and_other_threads_reach_the_store_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = keys.credential_store().backend
    overlaps = _Overlaps(real)
    monkeypatch.setattr(keys, "_backend", overlaps)
    keys.forget()
    folders = [tmp_path / f"data-{n}" for n in range(6)]
    failed: list[BaseException] = []

    def work(folder: Path) -> None:
        try:
            key = keys.data_key(folder)  # made and kept
            passphrase.keep(passphrase.hashed("a passphrase for this folder only"), folder)
            assert passphrase.stored(folder)
            keys.forget()
            assert keys.data_key(folder, create=False) == key
            keys.credential_store().delete_password(keys.SERVICE, keys.account(folder))
            passphrase.remove(folder)
        except BaseException as error:  # noqa: BLE001 (said below, with the thread's folder)
            failed.append(error)

    threads = [threading.Thread(target=work, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failed == []
    assert overlaps.most == 1  # never two calls in the store at once
    assert all(real.get_password(keys.SERVICE, keys.account(folder)) is None for folder in folders)


class _GoesAwayOnce:
    """A backend whose process goes away in the middle of the first call (GNOME Keyring 42 crashing, as seen), then
    answers; or that is locked, which must never be asked twice (a second unlock prompt)."""

    def __init__(self, error: str) -> None:
        self.error, self.calls = error, 0

    def get_password(self, service: str, name: str) -> str | None:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError(self.error)
        return "the key"

    def set_password(self, service: str, name: str, value: str) -> None:
        self.get_password(service, name)


def test_a_call_whose_store_went_away_is_made_once_more_and_a_locked_store_is_not() -> None:
    went_away = (
        "InitError: Failed to create the collection: Message recipient disconnected from message bus without replying."
    )
    store = keys._OneAtATime(_GoesAwayOnce(went_away))
    assert store.get_password("ChairDesk", "data") == "the key" and store.backend.calls == 2
    store = keys._OneAtATime(_GoesAwayOnce(went_away))
    store.set_password("ChairDesk", "data", "the key")
    assert store.backend.calls == 2

    locked = keys._OneAtATime(_GoesAwayOnce("KeyringLocked: Failed to unlock the collection!"))
    with pytest.raises(RuntimeError, match="Failed to unlock"):
        locked.get_password("ChairDesk", "data")
    assert locked.backend.calls == 1
