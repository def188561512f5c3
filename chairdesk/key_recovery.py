"""The council's recovery of a lost data key: a copy of it sealed to the council's public key.

The data key (chairdesk.keys) lives only in the chair's credential store. If that store is lost (a profile
rebuilt, a login reset), the encrypted database and recordings cannot be opened. So the council can keep the means
to recover it without ever holding the key on the chair's laptop in a form anyone else can use:

- ``chairdesk key recovery-copy --council-public-key FILE.pem`` writes ``key-recovery.bin`` into the data folder:
  the data key encrypted with RSA-OAEP (SHA-256) to the council's public key. Only the council's private key,
  kept offline by its IT, opens it; the file is useless to whoever finds the laptop.
- When the install names a council public key (the environment's ``CHAIRDESK_RECOVERY_PUBLIC_KEY``, a PEM file,
  or ``recovery-public-key.pem`` in the install's resources folder), the copy is made by itself whenever a new
  data key is made.
- ``chairdesk key recover --council-private-key FILE.pem`` (run by the council's IT, on the chair's laptop, logged
  in as the chair) opens ``key-recovery.bin`` and puts the key back in the credential store (keys.put_data_key).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk import keys, paths
from chairdesk.errors import ChairDeskError

log = logging.getLogger(__name__)

FILE_NAME = "key-recovery.bin"
ENVIRONMENT = "CHAIRDESK_RECOVERY_PUBLIC_KEY"
RESOURCE = "recovery-public-key.pem"
MAGIC = b"ChairDesk key recovery 1\n"
LABEL = b"ChairDesk data key"


def recovery_file(folder: Path | None = None) -> Path:
    """Where the sealed copy of the data key of ``folder`` (the data folder by default) is kept."""
    return (Path(folder) if folder is not None else paths.data_dir()) / FILE_NAME


def _oaep() -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=LABEL)


def _public_key(pem: bytes) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        public = serialization.load_pem_public_key(pem)
    except ValueError:
        raise ChairDeskError(
            "The council's public key is not a PEM public key ('-----BEGIN PUBLIC KEY-----'). Ask the council's IT "
            "for the public half of its ChairDesk recovery key pair."
        ) from None
    if not isinstance(public, rsa.RSAPublicKey) or public.key_size < 2048:
        raise ChairDeskError("The council's recovery key must be an RSA key of at least 2048 bits.")
    return public


def write_copy(public_pem: bytes, folder: Path | None = None, key: bytes | None = None) -> Path:
    """Seal the data key of ``folder`` (``key`` when given: one just made) to the council's public key and write
    it, owner-only, to :func:`recovery_file`; returns the file."""
    public = _public_key(public_pem)
    key = key if key is not None else keys.data_key(folder, create=False)
    sealed = public.encrypt(key, _oaep())
    from cryptography.hazmat.primitives import serialization

    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    fingerprint = hashlib.sha256(der).hexdigest().encode("ascii")
    target = recovery_file(folder)
    paths.private_folder(target.parent)
    paths.write_atomically(target, MAGIC + b"council-key-sha256 " + fingerprint + b"\n" + sealed)
    return target


def read_copy(file: Path, private_pem: bytes, password: bytes | None = None) -> bytes:
    """The data key in the recovery file ``file``, opened with the council's private key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise ChairDeskError(f"The recovery file {file} cannot be read ({error.strerror}).") from None
    if not data.startswith(MAGIC) or data.count(b"\n") < 2:
        raise ChairDeskError(f"{file} is not a ChairDesk key recovery file.")
    sealed = data.split(b"\n", 2)[2]
    try:
        private = serialization.load_pem_private_key(private_pem, password=password)
    except TypeError:
        raise ChairDeskError("The council's private key is protected by a passphrase: give it.") from None
    except ValueError:
        raise ChairDeskError(
            "The council's private key cannot be read: it is not a PEM private key, or the passphrase is wrong."
        ) from None
    if not isinstance(private, rsa.RSAPrivateKey):  # another kind of key (EC, Ed25519…) cannot decrypt at all
        raise ChairDeskError(
            f"{file} was not sealed to this private key: it is another council's, or another key pair's. Nothing "
            "has been changed."
        )
    try:
        key = private.decrypt(sealed, _oaep())
    except (ValueError, AttributeError, TypeError):
        raise ChairDeskError(
            f"{file} was not sealed to this private key: it is another council's, or another key pair's. Nothing "
            "has been changed."
        ) from None
    if len(key) != keys.KEY_BYTES:
        raise ChairDeskError(f"{file} does not hold a ChairDesk data key. Nothing has been changed.")
    return key


def council_public_key() -> bytes | None:
    """The council's public key the install names (the environment first, then the install's resources), or
    None when it names none."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        return Path(named).read_bytes()
    shipped = paths.resource(RESOURCE)
    return shipped.read_bytes() if shipped.is_file() else None


def on_new_key(key: bytes, folder: Path | None) -> None:
    """Called when a new data key has been made: the council's copy, when the install names a council key. A copy
    that cannot be made is logged (its kind only); the chair's work goes on."""
    try:
        public = council_public_key()
        if public is not None:
            write_copy(public, folder, key)
    except (OSError, ChairDeskError, ValueError) as error:
        log.error("the council's recovery copy of the data key was not made: %s", type(error).__name__)


# -- chairdesk key ... ----------------------------------------------------------------------------------------


def register(command: Callable[..., Any]) -> None:
    """Add ``chairdesk key recovery-copy`` and ``chairdesk key recover``."""
    key = command("key", _run_help, "the council's recovery of the data key (see 'What is protected' in the README)")
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", parser_class=type(key))
    copy = actions.add_parser(
        "recovery-copy",
        help=f"write {FILE_NAME} into the data folder: the data key sealed to the council's public key",
    )
    copy.add_argument("--council-public-key", required=True, metavar="FILE.pem", help="the council's RSA public key")
    copy.set_defaults(run=run_recovery_copy)
    recover = actions.add_parser(
        "recover", help=f"open {FILE_NAME} with the council's private key and put the key back in the credential store"
    )
    recover.add_argument("--council-private-key", required=True, metavar="FILE.pem", help="the council's private key")
    recover.add_argument("--file", metavar="FILE", help=f"the recovery file (default: {FILE_NAME} in the data folder)")
    recover.add_argument("--replace", action="store_true", help="replace a different key the store holds now")
    recover.set_defaults(run=run_recover)
    key.set_defaults(key_parser=key)


def _run_help(args: argparse.Namespace) -> int:
    args.key_parser.print_help()
    return 2


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise ChairDeskError(f"The {what} {path} cannot be read ({error.strerror}).") from None


def run_recovery_copy(args: argparse.Namespace) -> int:
    target = write_copy(_read(args.council_public_key, "council's public key"))
    print(f"The council's recovery copy of the data key is in {target}")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    private = _read(args.council_private_key, "council's private key")
    file = Path(args.file) if args.file else recovery_file()
    try:
        key = read_copy(file, private)
    except ChairDeskError as error:
        if "passphrase" not in str(error) or "wrong" in str(error):
            raise
        key = read_copy(file, private, getpass.getpass("The council's private key's passphrase: ").encode())
    try:
        present: bytes | None = keys.data_key(create=False)
    except keys.NoKey:
        present = None
    if present is not None and present != key and not args.replace:
        raise ChairDeskError(
            "The credential store already holds a different key for this data folder (data made since the key was "
            "lost is encrypted with it). Nothing has been changed. Give --replace to put the recovered key in its "
            "place."
        )
    keys.put_data_key(key)
    print("The data key is back in this computer's credential store: ChairDesk opens its data again.")
    return 0
