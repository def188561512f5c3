"""The council's recovery of a lost data key: the key sealed to the council's RSA public key in key-recovery.bin,
put back in the credential store with the council's private key, and the encrypted database opens again."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from builders import minimal_conference

from chairdesk import conference_file, key_recovery, keys
from chairdesk.cli import main
from chairdesk.errors import StorageError
from chairdesk.storage import Store


def key_pair(folder: Path, name: str = "council") -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    private_file, public_file = folder / f"{name}-private.pem", folder / f"{name}-public.pem"
    private_file.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public_file.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return private_file, public_file


def lose_the_key() -> None:
    """What a rebuilt profile does: the credential store no longer holds the key."""
    import keyring

    keyring.delete_password(keys.SERVICE, keys.account())
    keys.forget()


def test_the_council_recovers_a_lost_key_and_the_database_opens_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Path(os.environ["CHAIRDESK_DB"])
    with Store(db) as store:
        store.save(conference_file.from_json(minimal_conference()))
    private, public = key_pair(tmp_path)
    assert main(["key", "recovery-copy", "--council-public-key", str(public)]) == 0
    copy = key_recovery.recovery_file()
    assert copy.is_file() and copy.stat().st_mode & 0o077 == 0
    assert keys.data_key(create=False) not in copy.read_bytes()  # sealed, not the key itself

    lose_the_key()
    with pytest.raises(StorageError) as refused:
        Store(db)
    assert refused.value.kind == "key"

    other_private, _ = key_pair(tmp_path, "another council")
    capsys.readouterr()
    assert main(["key", "recover", "--council-private-key", str(other_private)]) == 2
    assert "was not sealed to this private key" in capsys.readouterr().err
    assert main(["key", "recover", "--council-private-key", str(private)]) == 0
    keys.forget()  # read from the store again, as a new start would
    with Store(db) as store:
        assert store.load("test-1").family.name == minimal_conference()["family"]["name"]


def test_a_different_key_in_the_store_is_not_replaced_without_being_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = key_pair(tmp_path)
    Store(Path(os.environ["CHAIRDESK_DB"])).close()
    original = keys.data_key(create=False)
    key_recovery.write_copy(public.read_bytes())
    keys.put_data_key(secrets.token_bytes(keys.KEY_BYTES))
    assert main(["key", "recover", "--council-private-key", str(private)]) == 2
    assert "already holds a different key" in capsys.readouterr().err
    assert main(["key", "recover", "--council-private-key", str(private), "--replace"]) == 0
    keys.forget()
    assert keys.data_key(create=False) == original


def test_a_council_key_named_by_the_install_gets_its_copy_when_a_new_key_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private, public = key_pair(tmp_path)
    monkeypatch.setenv(key_recovery.ENVIRONMENT, str(public))
    assert not key_recovery.recovery_file().exists()
    Store(Path(os.environ["CHAIRDESK_DB"])).close()  # a new database: a new data key
    copy = key_recovery.recovery_file()
    assert key_recovery.read_copy(copy, private.read_bytes()) == keys.data_key(create=False)
