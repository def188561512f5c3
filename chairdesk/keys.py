"""The key that locks a chair's data at rest: kept in the operating system's credential store, never on disk.

A lost or stolen laptop must not give away a child's name, the board or the recording to someone without the
chair's login. So the database is encrypted (SQLCipher) and so are the recordings, both with keys made from one
random *data key* per data folder. That key lives in the credential store through ``keyring``: Windows Credential
Manager, the macOS Keychain, or the Secret Service (GNOME Keyring, KWallet) on Linux, each unlocked by the chair's
login. It is never written to a file beside the data.

Each use has its own key, derived from the data key with HMAC-SHA-256 (one block of HKDF-Expand, which is enough
for a key that is already uniformly random): :func:`database_key` for the database, :func:`recordings_key` for
the recordings. A key is read from the store once per process and kept in memory.

When the credential store cannot be reached (no Secret Service on a Linux machine without a desktop session), or
holds no key for data that exists, :class:`KeyUnavailable` says so in words; nothing is made or opened without it.
"""

from __future__ import annotations

import atexit
import base64
import binascii
import contextlib
import hashlib
import hmac
import logging
import secrets
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk import paths
from chairdesk.errors import ChairDeskError

log = logging.getLogger(__name__)

SERVICE = "ChairDesk"
KEY_BYTES = 32

_lock = threading.Lock()
_known: dict[str, bytes] = {}
_reading_ahead: dict[str, threading.Thread] = {}  # read_ahead's thread for each data key


class KeyUnavailable(ChairDeskError):
    """The data key cannot be had from the credential store: said in words, with what to do."""


class StoreUnreachable(KeyUnavailable):
    """No credential store could be reached at all (none answered for :data:`STORE_PATIENCE` seconds), as against
    one that was reached and refused (locked, its prompt dismissed)."""


class NoKey(KeyUnavailable):
    """The credential store was reached and holds no key for this data folder (it was lost, or made elsewhere)."""


_backend: Any = None
_looked_in_vain = False  # read_ahead's process found no credential store after waiting STORE_PATIENCE
STORE_PATIENCE = 5.0  # seconds a start waits for a credential store that does not answer yet, before saying so


def _platform_store() -> Any:
    """The platform's own credential store, when it is there, without keyring's search of every backend."""
    try:
        if sys.platform == "win32":
            from keyring.backends.Windows import WinVaultKeyring as Store
        elif sys.platform == "darwin":
            from keyring.backends.macOS import Keyring as Store
        else:
            from keyring.backends.SecretService import Keyring as Store
        Store.priority  # noqa: B018 (raises when the store is not there: no Secret Service, a library missing)
        return Store()
    except Exception:  # whatever the platform's store fails with, keyring's own search decides
        return None


# One call to the credential store at a time in this process. GNOME Keyring 42 is not safe with two clients at once:
# items made at the same moment were mixed up ("already registered"), and several clients making and deleting items
# crashed it (tests/conftest.py, scripts/with_keyring.sh). Each keyring call is a client of its own, and ChairDesk
# reads its data key on one thread while another reads the lock passphrase.
_calls = threading.RLock()


# What the D-Bus says when the Secret Service's process went away in the middle of a call (it crashed, or was
# restarted): the next call starts it again, with its keys.
_WENT_AWAY = ("disconnected from message bus without replying", "org.freedesktop.DBus.Error.NoReply")
_AGAIN_AFTER = 0.2  # seconds before the one call made again


def _again_if_it_went_away(call: Callable[[], Any]) -> Any:
    """Make ``call`` (a read, or a write of the same value: either may be made twice) once more if the store's
    process went away during it. Any other error, a locked store above all, is not tried again (no second prompt)."""
    try:
        return call()
    except Exception as error:
        if not any(words in str(error) for words in _WENT_AWAY):
            raise
        log.warning("the credential store went away during a call; asking once more")
        time.sleep(_AGAIN_AFTER)
        return call()


class _OneAtATime:
    """A keyring backend whose calls are made one at a time in this process (``_calls``); a read or a write whose
    store went away in the middle is made once more (:func:`_again_if_it_went_away`)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def get_password(self, service: str, name: str) -> str | None:
        with _calls:
            return _again_if_it_went_away(lambda: self.backend.get_password(service, name))

    def set_password(self, service: str, name: str, value: str) -> None:
        with _calls:
            _again_if_it_went_away(lambda: self.backend.set_password(service, name, value))

    def delete_password(self, service: str, name: str) -> None:
        with _calls:
            self.backend.delete_password(service, name)


def _store_in_lock() -> _OneAtATime:
    """:func:`credential_store` for a caller that holds ``_lock`` already."""
    global _backend
    if _backend is None:
        _backend = _find_store()
    return _OneAtATime(_backend)


def _find_store() -> Any:
    """The credential store, looked for again for up to :data:`STORE_PATIENCE` seconds while none answers: just
    after login ChairDesk may start before the desktop's store (or its session bus) is there, and on a busy machine
    the first look can fail. keyring's own search keeps its first answer, so it is made to look again too."""
    import keyring
    import keyring.backend
    import keyring.core
    from keyring.backends import fail

    deadline = time.monotonic() + (0.0 if _looked_in_vain else STORE_PATIENCE)
    while True:
        found = keyring.core.load_env() or keyring.core.load_config() or _platform_store()
        if found is None:
            with contextlib.suppress(KeyError):  # jaraco.functools.once: forget the last search (none yet: KeyError)
                keyring.backend.get_all_keyring.reset()
            keyring.core.init_backend()
            found = keyring.get_keyring()
        if not isinstance(found, fail.Keyring) or time.monotonic() >= deadline:
            return found
        time.sleep(0.2)


def credential_store() -> _OneAtATime:
    """The credential store (a keyring backend), found once per process: the one the environment
    (``PYTHON_KEYRING_BACKEND``) or keyring's configuration file names, else the platform's own (Windows Credential
    Manager, the macOS Keychain, the Secret Service) taken directly, else whatever keyring's search finds. Taking
    the platform's directly skips loading every installed backend, about a tenth of a second of each start."""
    with _lock:
        return _store_in_lock()


def account(folder: Path | None = None) -> str:
    """The name the data key of ``folder`` (the data folder by default) has in the credential store."""
    folder = Path(folder) if folder is not None else paths.data_dir()
    return f"data-key {folder.expanduser().resolve()}"


def _store_error(error: Exception) -> KeyUnavailable:
    from keyring.errors import NoKeyringError

    kind = StoreUnreachable if isinstance(error, NoKeyringError) else KeyUnavailable  # (else: locked, refused...)
    return kind(
        "ChairDesk keeps the key to its encrypted data in this computer's credential store (Windows Credential "
        "Manager, the macOS Keychain, or the Secret Service on Linux), and the store cannot be reached "
        f"({type(error).__name__}: {error}). Nothing has been opened or changed. Log in to the computer's desktop "
        "session so its credential store is unlocked, then start ChairDesk again; if it still fails, ask whoever "
        "looks after this computer."
    )


def data_key(folder: Path | None = None, create: bool = True) -> bytes:
    """The data key of ``folder`` (the data folder by default), made and put in the credential store when there is
    none yet and ``create`` is true. Raises :class:`KeyUnavailable` when the store cannot be reached, or holds no
    key and ``create`` is false (the data was made elsewhere, or its key was lost: see the council's recovery)."""
    name = account(folder)
    made = False
    wait_for_read_ahead(folder)
    with _lock:
        known = _known.get(name)
        if known is not None:
            return known
        from keyring.errors import KeyringError

        try:
            stored = _store_in_lock().get_password(SERVICE, name)
        except (KeyringError, RuntimeError, OSError) as error:
            raise _store_error(error) from None
        if stored is None:
            if not create:
                raise NoKey(
                    f"The credential store on this computer has no key for ChairDesk's data in {name[9:]}, so it "
                    "cannot be opened: it was made under another login or on another computer, or its key was "
                    "removed. Nothing has been changed. Ask your council's ChairDesk administrator to recover the "
                    "key (see 'What is protected' in the README)."
                )
            key = secrets.token_bytes(KEY_BYTES)
            made = True
            try:
                _store_in_lock().set_password(SERVICE, name, base64.b64encode(key).decode("ascii"))
                stored = _store_in_lock().get_password(SERVICE, name)
            except (KeyringError, RuntimeError, OSError) as error:
                raise _store_error(error) from None
            if stored is None:
                raise _store_error(RuntimeError("the key was not kept"))
        try:
            key = base64.b64decode(stored.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyUnavailable(
                f"The key for ChairDesk's data in the credential store ({name}) is not a ChairDesk key: it has been "
                "changed by something else. Nothing has been opened or changed. Ask your council's ChairDesk "
                "administrator to recover the key."
            )
        _known[name] = key
    if made:  # the council's recovery copy, when the install names a council key (chairdesk.key_recovery)
        from chairdesk import key_recovery

        key_recovery.on_new_key(key, folder)
    return key


READ_AHEAD = "--chairdesk-read-ahead"  # the command's first argument in read_ahead's process (chairdesk.command)
READ_AHEAD_IN_A_PROCESS = sys.platform != "darwin"  # (see read_ahead)


def _read_ahead_command(folder: Path) -> list[str]:
    """The command that starts :func:`read_ahead`'s process: the same program as this one (the packaged app runs
    its own entry point, a checkout ``python -m chairdesk``), which answers as :func:`answer_read_ahead`."""
    # -P: the folder ChairDesk was started in is not looked in for modules (a chairdesk.py there is not run).
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-P", "-m", "chairdesk"]
    return [*program, READ_AHEAD, str(folder)]


def read_ahead(folder: Path | None = None) -> threading.Thread:
    """Start reading the data key of ``folder`` (the data folder by default) and the chair's lock passphrase from
    the credential store, and return the thread that waits for them. Start-up calls this first, so the wait for
    the store (loading keyring's modules, then a round trip to the Secret Service on Linux: about 80 ms) overlaps
    loading the windows instead of coming before it.

    The reading is done by a process of its own (:func:`answer_read_ahead`), on another processor: a thread of
    this process loading keyring's modules took its turns with the windows' loading (Python runs one thread at a
    time), so the two did not overlap and the start was no faster. Not on macOS, where the Keychain hands
    ChairDesk's key to ChairDesk's program without asking: a process that answers with the key would hand it to
    any program that started it (no check of who asked can be made safe against a program that replaces itself
    with ChairDesk's), so there it is read on a thread of this process. What is read is kept as :func:`data_key` and
    :func:`chairdesk.passphrase.stored` keep it, and they wait for it (:func:`wait_for_read_ahead`) rather than
    read twice. Nothing is made there (no new key). Whatever goes wrong (the process cannot be started, the store
    does not answer it) is left for them to meet again, in this process, and say in words."""
    folder = Path(folder if folder is not None else paths.data_dir()).expanduser().resolve()
    name = account(folder)
    read = _read_in_a_process if READ_AHEAD_IN_A_PROCESS else _read_here
    with _lock:
        thread = _reading_ahead.get(name)
        if thread is None:  # once per folder and process: the command's start and the window's both ask
            thread = threading.Thread(target=read, args=(folder, name), name="chairdesk-key-read-ahead")
            thread.daemon = True
            if not _reading_ahead:
                atexit.register(_let_the_reading_end)
            _reading_ahead[name] = thread
            thread.start()
    return thread


READING_ENDS_WITHIN = 2.0  # seconds a command that ends waits for a reading ahead it no longer needs


def _let_the_reading_end() -> None:
    """At exit: a command that ended before it needed its key (a usage error, a database refused before opening)
    waits a moment for the reading ahead to end, so its process does not outlive it in the middle of a call to the
    credential store (a client gone in the middle of a call has crashed GNOME Keyring)."""
    with _lock:
        threads = list(_reading_ahead.values())
    deadline = time.monotonic() + READING_ENDS_WITHIN
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


def _read_here(folder: Path, _name: str) -> None:
    """:func:`read_ahead` on a thread of this process (macOS)."""
    with contextlib.suppress(Exception):
        data_key(folder, create=False)
    with contextlib.suppress(Exception):
        from chairdesk import passphrase

        passphrase.stored(folder)


def _read_in_a_process(folder: Path, name: str) -> None:
    import json
    import subprocess

    try:
        done = subprocess.run(
            _read_ahead_command(folder),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its warnings are met again, and logged, by whatever reads next here
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        found = json.loads(done.stdout) if done.returncode == 0 else {}
        key = base64.b64decode(found["key"].encode("ascii"), validate=True) if found.get("key") else None
    except (OSError, ValueError, TypeError, AttributeError, binascii.Error):
        log.warning("the credential store could not be read ahead; it is read when needed")
        return
    from chairdesk import passphrase

    global _looked_in_vain
    with _lock:
        if _reading_ahead.get(name) is not threading.current_thread():
            return  # forgotten meanwhile: what was read is not kept
        if key is not None and len(key) == KEY_BYTES:
            _known.setdefault(name, key)
        # No store answered the process for STORE_PATIENCE seconds: looking here is one look, not that wait again.
        _looked_in_vain = found.get("unreachable") is True
    if isinstance(found.get("passphrase"), str):
        passphrase.read_ahead_found(found["passphrase"], folder)


def answer_read_ahead(arguments: list[str]) -> int:
    """What :func:`read_ahead`'s process does: read the data key of the folder named in ``arguments`` and the lock
    passphrase, and write what was found to its standard output (the pipe to the start that asked) as one line of
    JSON. Nothing is made; what is not found, or cannot be read, is left out."""
    import json

    if len(arguments) != 1 or not READ_AHEAD_IN_A_PROCESS:
        return 2
    folder = Path(arguments[0])
    found: dict[str, str | bool] = {}
    try:
        found["key"] = base64.b64encode(data_key(folder, create=False)).decode("ascii")
    except StoreUnreachable:
        found["unreachable"] = True
    except Exception:  # noqa: S110 (left for the start to meet again, and say in words)
        pass
    with contextlib.suppress(Exception):
        from chairdesk import passphrase

        stored = passphrase.stored(folder)
        if stored is not None:
            found["passphrase"] = stored
    sys.stdout.write(json.dumps(found) + "\n")
    sys.stdout.flush()
    return 0


def wait_for_read_ahead(folder: Path | None = None) -> None:
    """Wait for :func:`read_ahead`'s reading of ``folder``, when one was started and is still going (the start's
    first wish for the key or the passphrase comes a little before it is there)."""
    with _lock:
        thread = _reading_ahead.get(account(folder))
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def put_data_key(key: bytes, folder: Path | None = None) -> None:
    """Put ``key`` in the credential store as the data key of ``folder``: the council's recovery of a lost key."""
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(f"A ChairDesk data key is {KEY_BYTES} bytes; this one is {len(key)}.")
    from keyring.errors import KeyringError

    name = account(folder)
    try:
        credential_store().set_password(SERVICE, name, base64.b64encode(key).decode("ascii"))
    except (KeyringError, RuntimeError, OSError) as error:
        raise _store_error(error) from None
    with _lock:
        _known[name] = key


def derived_key(purpose: str, folder: Path | None = None, create: bool = True) -> bytes:
    """The key for one use (``"database"``, ``"recordings"``) made from the data key."""
    return hmac.new(data_key(folder, create), purpose.encode("utf-8") + b"\x01", hashlib.sha256).digest()


def database_key(folder: Path | None = None, create: bool = True) -> bytes:
    """The key SQLCipher opens the database with."""
    return derived_key("database", folder, create)


def recordings_key(folder: Path | None = None, create: bool = True) -> bytes:
    """The key each recording's parts are encrypted with as they are written."""
    return derived_key("recordings", folder, create)


def forget() -> None:
    """Drop the keys kept in memory, and any reading ahead (tests that change data folder)."""
    global _looked_in_vain
    with _lock:
        _looked_in_vain = False
        _known.clear()
        _reading_ahead.clear()
