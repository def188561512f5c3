"""What ChairDesk is and the licences of everything it bundles, for Help > About and ``chairdesk licences``.

The Python packages are found, not typed: the runtime dependencies of the installed ``chairdesk`` distribution,
followed through their own dependencies (extras only where asked for), each with its name, version, licence
and full licence text from its own metadata. The packaged build carries that metadata (``copy_metadata`` in
packaging/chairdesk.spec), so the list there is the list of what was bundled. A small hand-kept table
(:data:`OTHER_PARTS`) covers what has no Python metadata: Qt, PortAudio, libsndfile, SQLCipher and OpenSSL, with
their licence texts in resources/licences/; fonts shipped in resources/fonts/ are listed with the licence file
beside them.

A requirement's environment markers other than ``extra`` are not evaluated: one whose distribution is installed
is taken as bundled (PyInstaller bundles what is importable), one that is not installed (``sys_platform ==
"win32"`` on Linux) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from chairdesk import DISTRIBUTION, paths

PYTHON_PACKAGE = "Python package"
LIBRARY = "Library"
FONT = "Font"

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")
# LICENSE, LICENSE.txt, LICENCE.md, LICENSE-APACHE, COPYING, NOTICE… (not a module such as licences.py)
_LICENCE_FILE = re.compile(r"^(LICEN[CS]ES?|COPYING|NOTICE|COPYRIGHT)([._-](?!py$)[A-Za-z0-9]+)*$", re.IGNORECASE)
# Words that make a metadata "License:" field a licence's name rather than a vague "Dual License" or "UNKNOWN".
_LICENCE_WORDS = ("MIT", "BSD", "APACHE", "GPL", "MPL", "PSF", "ISC", "ZLIB", "UNLICENSE", "PUBLIC DOMAIN", "CC0")
# A licence text recognised by its words, for a package whose metadata names no licence.
_RECOGNISED = (
    (("permission is hereby granted, free of charge",), "MIT"),
    (("redistribution and use in source and binary forms", "neither the name"), "BSD-3-Clause"),
    (("redistribution and use in source and binary forms",), "BSD-2-Clause"),
    (("this software is provided 'as-is'", "altered source versions must be plainly marked"), "Zlib"),
    (("apache license", "version 2.0"), "Apache-2.0"),
    (("gnu lesser general public license", "version 3"), "LGPL-3.0"),
    (("gnu lesser general public license", "version 2.1"), "LGPL-2.1"),
    (("mozilla public license", "2.0"), "MPL-2.0"),
    (("sil open font license",), "OFL-1.1"),
    (("gnu general public license",), "GPL"),
)
# The full texts shipped in resources/licences/, for a package whose metadata names its licence but carries no
# text (PySide6, shiboken6, docxtpl). The LGPL version 3 is a set of permissions on top of the GPL version 3.
_SHIPPED_TEXTS = (
    ("LGPL-3.0", ("LGPL-3.0.txt", "GPL-3.0.txt")),
    ("LGPL-2.1", ("LGPL-2.1.txt",)),
    ("Apache-2.0", ("Apache-2.0.txt",)),
    ("Apache Software License", ("Apache-2.0.txt",)),
    ("Apache 2.0", ("Apache-2.0.txt",)),
)


@dataclass(frozen=True)
class Part:
    """One thing ChairDesk is made of: its name, version, licence (a short name) and the licence's full text."""

    name: str
    version: str
    licence: str
    text: str
    kind: str = PYTHON_PACKAGE
    note: str = ""  # what the licence asks for beyond the text (Qt's source), or where the part comes from


def _normal(name: str) -> str:
    """A distribution or extra name as PEP 503/685 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(distribution: metadata.Distribution, extras: frozenset[str]) -> Iterable[tuple[str, frozenset]]:
    """The names (with the extras asked of them) that ``distribution`` needs, with ``extras`` of its own."""
    for line in distribution.requires or []:
        spec, _, marker = line.partition(";")
        match = _NAME.match(spec)
        if not match:
            continue
        wanted = {_normal(e) for e in _EXTRA.findall(marker)}
        if wanted and not wanted & extras:
            continue  # a test or optional extra nobody asked for
        asked = frozenset(_normal(e) for e in (match.group(2) or "").split(",") if e.strip())
        yield match.group(1), asked


def runtime_distributions(root: str = DISTRIBUTION) -> list[metadata.Distribution]:
    """The installed distributions ``root`` needs at run time, through every level, ``root`` itself left out,
    sorted by name."""
    found: dict[str, metadata.Distribution] = {}
    done: set[tuple[str, frozenset]] = set()
    waiting: list[tuple[str, frozenset]] = [(root, frozenset())]
    while waiting:
        name, extras = waiting.pop()
        key = (_normal(name), extras)
        if key in done:
            continue
        done.add(key)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not for this platform (its marker is false here), so not bundled
        if _normal(name) != _normal(root):
            found[_normal(distribution.metadata["Name"] or name)] = distribution
        waiting.extend(_requirements(distribution, extras))
    return sorted(found.values(), key=lambda d: _normal(d.metadata["Name"] or ""))


def licence_texts(distribution: metadata.Distribution) -> str:
    """The distribution's own licence files (LICENSE, COPYING, NOTICE…), as one text; empty if it has none."""
    texts: list[str] = []
    seen: set[str] = set()
    for file in distribution.files or []:
        parts = file.parts
        in_metadata = any(p.endswith((".dist-info", ".egg-info")) for p in parts[:-1])
        if not (_LICENCE_FILE.match(file.name) or (in_metadata and "licenses" in parts[:-1])):
            continue
        if not in_metadata and len(parts) > 3:
            continue  # a licence deep inside the package's own tree, e.g. a vendored test fixture
        path = Path(str(distribution.locate_file(file)))
        try:
            text = path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue  # listed in RECORD but not carried (a packaged build keeps only the metadata folder)
        if text and text not in seen:
            seen.add(text)
            texts.append(text if len(texts) == 0 else f"--- {file.name} ---\n{text}")
    return "\n\n".join(texts)


def recognise(text: str) -> str:
    """The licence a text is, by its words ("MIT", "BSD-3-Clause"…), or "" if it is none of the common ones."""
    words = " ".join(text.lower().split())
    for needles, name in _RECOGNISED:
        if all(n in words for n in needles):
            return name
    return ""


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    """A metadata field's (first) value, stripped; "" when the package does not give it."""
    values = meta.get_all(name) or [""]
    return str(values[0] or "").strip()


def licence_name(meta: metadata.PackageMetadata, text: str = "") -> str:
    """The licence in short from a package's metadata: its SPDX expression, else a "License:" field that names
    one, else its trove classifiers, else the licence text recognised, else the field as it is."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    field = _field(meta, "License")
    short = field if field and "\n" not in field and len(field) <= 80 and field.upper() != "UNKNOWN" else ""
    if short and any(w in short.upper() for w in _LICENCE_WORDS):
        return short
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.split("::")[-1].strip() != "OSI Approved"
    ]
    if classifiers:
        return " / ".join(classifiers)
    return recognise(text) or short or (field.splitlines()[0].strip() if field else "")


def shipped_text(*names: str) -> str:
    """The licence texts in resources/licences/ called ``names``, as one text."""
    return "\n\n".join(paths.resource(f"licences/{n}").read_text(encoding="utf-8").strip() for n in names)


def _text_for(licence: str) -> str:
    for spdx, files in _SHIPPED_TEXTS:
        if spdx in licence:
            return shipped_text(*files)
    return ""


def python_part(distribution: metadata.Distribution) -> Part:
    meta = distribution.metadata
    text = licence_texts(distribution)
    name = licence_name(meta, text)
    return Part(meta["Name"] or "?", distribution.version, name, text or _text_for(name))


def python_packages(root: str = DISTRIBUTION) -> list[Part]:
    """Each Python package ChairDesk needs at run time, with its licence."""
    return [python_part(d) for d in runtime_distributions(root)]


def chairdesk_itself() -> Part:
    """ChairDesk: its version and licence from its own metadata (pyproject.toml is the one place for both)."""
    from chairdesk import _version

    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        text = _checkout_licence()
        return Part("ChairDesk", _version(), recognise(text) or "see LICENSE", text, kind="")
    text = licence_texts(distribution) or _checkout_licence()
    return Part("ChairDesk", distribution.version, licence_name(distribution.metadata, text), text, kind="")


def description() -> str:
    """The one-line description a council reads (pyproject.toml's ``description``)."""
    try:
        return metadata.metadata(DISTRIBUTION)["Summary"] or ""
    except metadata.PackageNotFoundError:
        return ""


def _checkout_licence() -> str:
    licence = Path(__file__).resolve().parent.parent / "LICENSE"
    return licence.read_text(encoding="utf-8").strip() if licence.is_file() else ""


def _safely(read: Callable[[], object]) -> str:
    """A part's version, or "" when it cannot be read here (no PortAudio on this machine): the list still shows."""
    try:
        return str(read() or "")
    except Exception:  # a missing library is no reason to hide the licences
        return ""


def _qt_version() -> str:
    return metadata.version("PySide6-Essentials")  # PySide6's version is the Qt version it is built on


def _portaudio_version() -> str:
    import sounddevice

    said = sounddevice.get_portaudio_version()[1]  # "PortAudio V19.6.0-devel, revision 396fe4b…"
    return said.removeprefix("PortAudio ").split(",")[0].strip()


def _libsndfile_version() -> str:
    import soundfile

    return soundfile.__libsndfile_version__


def _sqlcipher_pragma(pragma: str) -> str:
    """A SQLCipher fact from a throwaway database in memory (the provider's version is told once it has a key)."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute("PRAGMA key = 'only-to-read-the-version'")
        row = connection.execute(f"PRAGMA {pragma}").fetchone()
        return str(row[0]).removeprefix("OpenSSL ").split()[0] if row else ""  # "3.6.0", not "3.6.0 1 Oct 2025"
    finally:
        connection.close()


def _cryptography_openssl_version() -> str:
    from cryptography.hazmat.backends.openssl import backend

    return backend.openssl_version_text().removeprefix("OpenSSL ").split()[0]


QT_SOURCE_OFFER = (
    "ChairDesk uses Qt and PySide6 under the GNU Lesser General Public License version 3, as shared libraries in "
    "the installed folder that you may replace with your own build of the same version. The source code of Qt "
    "and of PySide6 for this version is published by The Qt Company at https://download.qt.io/official_releases/ "
    "and https://code.qt.io. If you cannot get it there, the organisation that gave you ChairDesk will send you a "
    "copy of that source code on request, for no more than the cost of sending it, for at least three years from "
    "the day it last gave out this version."
)

# Hand-kept: the parts with no Python metadata of their own. Each: name, licence, its texts in resources/licences/,
# a note, and how to read its version here.
OTHER_PARTS: tuple[tuple[str, str, tuple[str, ...], str, Callable[[], object]], ...] = (
    ("Qt (through PySide6)", "LGPL-3.0-only", ("LGPL-3.0.txt", "GPL-3.0.txt"), QT_SOURCE_OFFER, _qt_version),
    (
        "PortAudio",
        "MIT (the PortAudio licence)",
        ("PortAudio.txt",),
        "The sound capture library behind sounddevice: carried in sounddevice's wheel on Windows and macOS, the "
        "system's libportaudio2 on Linux.",
        _portaudio_version,
    ),
    (
        "libsndfile",
        "LGPL-2.1-or-later",
        ("LGPL-2.1.txt",),
        "The sound file library behind soundfile, a shared library in the installed folder that you may replace. "
        "Its source code is at https://github.com/libsndfile/libsndfile.",
        _libsndfile_version,
    ),
    (
        "SQLCipher",
        "BSD-3-Clause",
        ("SQLCipher.txt",),
        "The encrypted database, built into the sqlcipher3 package together with SQLite (public domain).",
        lambda: _sqlcipher_pragma("cipher_version"),
    ),
    (
        "OpenSSL (in sqlcipher3)",
        "Apache-2.0",
        ("Apache-2.0.txt",),
        "The cryptography library built into the sqlcipher3 package, which encrypts the database.",
        lambda: _sqlcipher_pragma("cipher_provider_version"),
    ),
    (
        "OpenSSL (in cryptography)",
        "Apache-2.0",
        ("Apache-2.0.txt",),
        "The cryptography library built into the cryptography package, which encrypts the recordings.",
        _cryptography_openssl_version,
    ),
)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


def fonts() -> list[Part]:
    """Each font shipped in resources/fonts/, with the licence file beside it (OFL.txt, LICENSE…)."""
    folder = paths.resource("fonts")
    if not folder.is_dir():
        return []
    files = sorted(folder.iterdir(), key=lambda f: f.name)
    licences = [f for f in files if _LICENCE_FILE.match(f.name) or f.name.upper().startswith("OFL")]
    text = "\n\n".join(f.read_bytes().decode("utf-8", errors="replace").strip() for f in licences)
    return [
        Part(f.name.rsplit(".", 1)[0], "", recognise(text) or "see the licence text", text, kind=FONT)
        for f in files
        if f.name.lower().endswith(FONT_SUFFIXES)
    ]


def other_parts() -> list[Part]:
    """The bundled libraries without Python metadata, and the fonts."""
    libraries = [
        Part(name, _safely(version), licence, shipped_text(*texts), kind=LIBRARY, note=note)
        for name, licence, texts, note, version in OTHER_PARTS
    ]
    return libraries + fonts()


def bundled() -> list[Part]:
    """Everything ChairDesk bundles: the libraries without Python metadata (Qt first) and fonts, then the Python
    packages."""
    return other_parts() + python_packages()


def as_text(parts: list[Part], full: bool = False) -> str:
    """The list as plain text: one line a part (name, version, licence), with the full texts when ``full``."""
    width = max((len(p.name) for p in parts), default=0)
    wide = max((len(p.version or "-") for p in parts), default=0)
    lines = [f"{p.name:<{width}}  {p.version or '-':<{wide}}  {p.licence}" for p in parts]
    if not full:
        return "\n".join(lines)
    blocks = ["\n".join(lines)]
    for part in parts:
        heading = f"{part.name} {part.version}".strip()
        blocks.append("\n".join(["=" * 78, f"{heading}: {part.licence}", *([part.note] if part.note else []), ""]))
        blocks.append(part.text or "(no licence text)")
    return "\n\n".join(blocks)
