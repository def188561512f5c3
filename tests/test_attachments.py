"""Files attached to a conference (chairdesk.attachments): real files made here, kept owner-only and whole, and
every file that cannot be kept refused in words with nothing half-written."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import struct
import subprocess
import sys
import threading
import wave
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from small_disk import mount_small_disk, unmount
from unprivileged import run_bound_by_permissions

from chairdesk import attachments, paths
from chairdesk.errors import ChairDeskError
from chairdesk.model import Attachment

ROOT = Path(__file__).resolve().parent.parent
CONFERENCE = "demo-harper-2026-11-24"


def slow_copies(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[int]]:
    """Every copy kept of an attachment waits until the event is set (a network folder that takes its time); the
    list is the thread each copy ran on. Set the event before the test ends, pass or fail."""
    release, copied_on = threading.Event(), []
    real = attachments.write_atomically

    def slow(path: Any, write: Any) -> None:
        copied_on.append(threading.get_ident())
        release.wait(30)
        real(path, write)

    monkeypatch.setattr(attachments, "write_atomically", slow)
    return release, copied_on


def make_png(path: Path, width: int = 4, height: int = 3) -> Path:
    """A real PNG picture (red pixels), as a drawing photographed on a phone would be."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def make_pdf(path: Path) -> Path:
    """A small real PDF (one empty page)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def make_wav(path: Path, seconds: float = 0.5) -> Path:
    """A real WAV clip (silence), as a child's recorded statement would be."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * int(16000 * seconds))
    return path


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A umask that lets everyone read everything: the copies must be owner-only anyway."""
    before = os.umask(0)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("make", [make_png, make_pdf, make_wav], ids=["picture", "pdf", "audio"])
def test_a_copy_is_kept_whole_and_owner_only(tmp_path: Path, make, permissive_umask: None) -> None:
    ending = {make_png: ".png", make_pdf: ".pdf", make_wav: ".wav"}[make]
    source = make(tmp_path / f"Mia's three houses{ending}")
    now = dt.datetime(2026, 11, 20, 16, 5, 12)

    attachment = attachments.attach(CONFERENCE, source, "Mia's three houses", dt.date(2026, 11, 19), now=now)

    stored = attachments.path_of(CONFERENCE, attachment)
    folder = paths.conference_folder_name(CONFERENCE)
    assert stored.parent == Path(os.environ["CHAIRDESK_DATA"]) / "attachments" / folder
    # Kept sealed (a lost laptop must not give a child's drawing away), read back exactly as it was.
    assert stored.read_bytes()[:26] == b"ChairDesk sealed stream 1\n"
    assert source.read_bytes()[:64] not in stored.read_bytes()
    assert attachments.read(CONFERENCE, attachment) == source.read_bytes()
    assert source.exists()  # the chair's own file is left where it was
    assert mode(stored) == 0o600
    assert mode(stored.parent) == 0o700 and mode(stored.parent.parent) == 0o700
    assert attachment == Attachment(
        file=stored.name,
        title="Mia's three houses",
        original_name=source.name,
        received=dt.date(2026, 11, 19),
        added_at=now,
    )
    assert stored.suffix == ending and "'" not in stored.name and " " not in stored.name
    assert "mia" not in stored.name.casefold() and "houses" not in stored.name  # no name in the data folder's names
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # no temporary file left behind
    assert attachments.kind_of(attachment) == {".png": "picture", ".pdf": "pdf", ".wav": "audio"}[ending]


def test_two_files_of_the_same_name_never_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    first = make_png(tmp_path / "one" / "drawing.png")
    second = make_png(tmp_path / "drawing.png", width=9)
    now = dt.datetime(2026, 11, 20, 16, 5, 12)

    a = attachments.attach(CONFERENCE, first, now=now)
    b = attachments.attach(CONFERENCE, second, now=now)

    assert a.file != b.file
    assert attachments.read(CONFERENCE, a) == first.read_bytes()
    assert attachments.read(CONFERENCE, b) == second.read_bytes()


def test_a_stored_name_never_leads_out_of_the_conference_folder(tmp_path: Path) -> None:
    planted = Attachment(file="../../../chairdesk.sqlite")
    assert attachments.path_of(CONFERENCE, planted) == attachments.conference_folder(CONFERENCE) / "chairdesk.sqlite"
    assert attachments.conference_folder("../other").parent == attachments.attachments_root()


def refusal(source: Path | str) -> str:
    with pytest.raises(ChairDeskError) as raised:
        attachments.attach(CONFERENCE, source)
    assert not attachments.conference_folder(CONFERENCE).exists() or not any(
        attachments.conference_folder(CONFERENCE).iterdir()
    )
    return str(raised.value)


def test_files_that_cannot_be_kept_are_refused_in_words(tmp_path: Path) -> None:
    assert "There is no file “gone.png” any more" in refusal(tmp_path / "gone.png")
    (tmp_path / "Mia").mkdir()
    assert "“Mia” is a folder, not a file" in refusal(tmp_path / "Mia")
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert "“empty.pdf” is empty" in refusal(tmp_path / "empty.pdf")
    (tmp_path / "run-me.exe").write_bytes(b"MZ")
    sentence = refusal(tmp_path / "run-me.exe")
    assert "“run-me.exe” is not a kind of file ChairDesk keeps" in sentence and "PDF, PNG" in sentence
    (tmp_path / "notes.png").write_text("not a picture at all")
    assert "“notes.png” does not look like a PNG picture" in refusal(tmp_path / "notes.png")
    (tmp_path / "clip.wav").write_bytes(b"ID3" + b"\0" * 40)
    assert "“clip.wav” does not look like a WAV audio clip" in refusal(tmp_path / "clip.wav")


def test_a_file_over_200_mb_is_refused_before_anything_is_copied(tmp_path: Path) -> None:
    big = tmp_path / "long statement.m4a"
    with open(big, "wb") as out:  # sparse: its size is real, its blocks are not written
        out.truncate(attachments.MAX_BYTES + 1)
    assert attachments.MAX_BYTES == 200 * 1024 * 1024
    sentence = refusal(big)
    assert "“long statement.m4a” is 200 MB; the most ChairDesk keeps is 200 MB" in sentence


def test_an_unreadable_file_is_refused_in_words(tmp_path: Path) -> None:
    secret = make_pdf(tmp_path / "views.pdf")
    secret.chmod(0o000)
    code = (
        "from chairdesk import attachments\n"
        "from chairdesk.errors import ChairDeskError\n"
        "try:\n"
        f"    attachments.attach({CONFERENCE!r}, {str(secret)!r})\n"
        "except ChairDeskError as error:\n"
        "    print(error)\n"
    )
    done = run_bound_by_permissions(["-c", code], cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("“views.pdf” cannot be read"), done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not attachments.conference_folder(CONFERENCE).exists() or not any(
        attachments.conference_folder(CONFERENCE).iterdir()
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a tmpfs is Linux's")
def test_a_full_disk_leaves_nothing_half_written(tmp_path: Path) -> None:
    root = attachments.attachments_root()
    mount_small_disk(root, "1m")
    try:
        clip = make_wav(tmp_path / "statement.wav", seconds=60)  # about 1.9 MB
        sentence = refusal(clip)
        assert "There is not enough space on the disk to keep a copy of “statement.wav”" in sentence
        assert "Nothing was attached" in sentence
        folder = attachments.conference_folder(CONFERENCE)
        assert list(folder.iterdir()) == []  # no part of a copy, no temporary file
        small = attachments.attach(CONFERENCE, make_png(tmp_path / "drawing.png"))  # what fits is still kept
        assert attachments.path_of(CONFERENCE, small).is_file()
    finally:
        unmount(root)


def test_a_long_copy_says_after_each_piece_that_it_is_still_going(tmp_path: Path) -> None:
    """What a window counts as a sign that a copy from a slow share has not stopped: once after each sealed piece
    (a megabyte) is written, each time with more of the copy on the disk."""
    source = make_wav(tmp_path / "long statement.wav", seconds=70.0)  # 2.2 MB: three sealed pieces
    written: list[int] = []

    def piece_done() -> None:
        partial = list(attachments.conference_folder(CONFERENCE).glob("*"))  # the atomic write's temporary file
        written.append(sum(p.stat().st_size for p in partial))

    held = attachments.attach(CONFERENCE, source, "Statement", piece_done=piece_done)
    assert len(written) == 3 and written == sorted(set(written)) and written[0] > 1024 * 1024
    assert attachments.read(CONFERENCE, held) == source.read_bytes()


def test_a_kept_copy_is_sealed_a_piece_at_a_time_and_a_changed_or_cut_copy_is_refused_in_words(
    tmp_path: Path,
) -> None:
    """A copy larger than one sealed piece (1 MB) comes back whole; one changed, cut short or with a piece dropped
    is refused in words rather than opened as something else; the viewer's plain copy is outside the data folder
    and owner-only; an earlier version's plain copy is still read."""
    source = make_wav(tmp_path / "long statement.wav", seconds=70.0)  # 2.2 MB: three sealed pieces
    held = attachments.attach(CONFERENCE, source, "Statement")
    stored = attachments.path_of(CONFERENCE, held)
    assert attachments.read(CONFERENCE, held) == source.read_bytes()

    plain = attachments.opened_copy(CONFERENCE, held)
    assert plain.read_bytes() == source.read_bytes() and plain.name == "attachment.wav"  # no name a viewer shows
    assert attachments.opened_root() in plain.parents and mode(plain) == 0o600
    assert all(mode(folder) == 0o700 for folder in plain.parents if attachments.opened_root() in folder.parents)

    whole = stored.read_bytes()
    changed = bytearray(whole)
    changed[len(whole) // 2] ^= 1
    for damaged in (bytes(changed), whole[: len(whole) - 10], whole[: len(whole) // 2]):
        stored.write_bytes(damaged)
        with pytest.raises(ChairDeskError, match="cannot be opened"):
            attachments.read(CONFERENCE, held)
        with pytest.raises(ChairDeskError, match="cannot be opened"):
            attachments.opened_copy(CONFERENCE, held)

    stored.write_bytes(source.read_bytes())  # kept by a version before sealing
    assert attachments.read(CONFERENCE, held) == source.read_bytes()


LEAVES_A_COPY_OPEN = """
import os, signal, sys
from pathlib import Path
from chairdesk import attachments
held = attachments.attach(sys.argv[1], Path(sys.argv[2]), "Mia's three houses")
print(attachments.opened_copy(sys.argv[1], held), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # a crash, a kill -9, the power gone: nothing of ChairDesk's runs after
"""


def test_a_plain_copy_a_crash_left_for_the_viewer_is_removed_on_the_next_start(tmp_path: Path) -> None:
    """The viewer's plain copy is removed when ChairDesk closes; a ChairDesk killed with it open left it on the
    disk (a review found a child's drawing, named after the child, in /tmp after a crash). Every start now removes
    what a ChairDesk no longer running left, never what a running one holds open."""
    drawing = make_png(tmp_path / "Mia's three houses.png")
    killed = subprocess.run(
        [sys.executable, "-c", LEAVES_A_COPY_OPEN, CONFERENCE, str(drawing)], capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = Path(killed.stdout.strip())
    assert left.read_bytes() == drawing.read_bytes() and left.name == "attachment.png"
    mine = attachments.opened_copy(CONFERENCE, attachments.attach(CONFERENCE, drawing, "Another"))  # still running

    started = subprocess.run([sys.executable, "-m", "chairdesk", "list"], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    assert not left.exists() and not left.parent.parent.exists()  # the killed ChairDesk's folder, gone
    assert mine.read_bytes() == drawing.read_bytes()  # the running one's copy, kept while it is open
    assert [p.name for p in attachments.opened_root().iterdir()] == [mine.parent.parent.name]


def test_a_folder_being_claimed_is_never_taken_for_one_left_by_a_crash(tmp_path: Path) -> None:
    """Made, then locked: in between, another start must not remove it (it has no lock file yet). One with no lock
    file for a minute was left by a ChairDesk that died in between, and goes."""
    from chairdesk import instance

    root = tmp_path / "opened"
    being_claimed = root / "1234-abcd"
    being_claimed.mkdir(parents=True)
    assert instance.remove_unclaimed(root) == 0 and being_claimed.is_dir()
    long_ago = being_claimed.stat().st_mtime - 2 * instance.CLAIMING_SECONDS
    os.utime(being_claimed, (long_ago, long_ago))
    assert instance.remove_unclaimed(root) == 1 and not being_claimed.exists()
    locking = root / "5678-ef01"  # its lock file made, not yet locked and written
    locking.mkdir()
    (locking / f"{instance.IN_USE}.lock").touch()
    assert instance.remove_unclaimed(root) == 0 and locking.is_dir()
