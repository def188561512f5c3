"""Closing a conference: the recordings and the current documents exported and checked; the laptop's copy of the
recording removed only after the chair confirms, and never when a copy is missing or differs."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from docx_reading import all_text

from chairdesk import closing, conference_file, keys, sending
from chairdesk.documents import DocumentSettings, produce_outputs, render_documents
from chairdesk.documents.produce import write_set
from chairdesk.errors import ChairDeskError
from chairdesk.model import Bookmark
from chairdesk.paths import data_dir
from chairdesk.recording import files, sealed
from chairdesk.recording.assemble import assemble
from chairdesk.storage import Store


def sealed_part(path: Path, samples: np.ndarray, rate: int = 48000) -> None:
    """A closed sealed part, as the recorder writes it."""
    part = sealed.SealedWriter(path, rate, keys.recordings_key())
    part.gather(samples)
    part.close()


def make_take(conference_id: str, name: str, seconds: float, hertz: float) -> Path:
    """A take as the recorder leaves it: one part and its manifest, then joined as on a stop."""
    folder = files.conference_folder(conference_id) / name
    files.make_private_folder(folder)
    rate = 48000
    tone = (np.sin(np.arange(round(seconds * rate)) * 2 * np.pi * hertz / rate) * 8000).astype(np.int16)
    sealed_part(folder / files.part_name(1), tone, rate)
    manifest = {"format": files.FORMAT, "samplerate": rate, "state": files.STOPPED, "started_at": "2026-11-24T10:00:00"}
    files.write_manifest(
        folder, {**manifest, "parts": [{"file": files.part_name(1), "frames": len(tone), "closed": True}]}
    )
    assemble(folder)
    return folder


@pytest.fixture
def conference(demo_data: dict[str, Any], tmp_path: Path) -> Any:
    c = conference_file.from_json(demo_data)
    produce_a_set(c, tmp_path)
    return c


def produce_a_set(c: Any, tmp_path: Path, letter: bool | None = None) -> list[Path]:
    """Produce the outputs as the console does: a set of their own, tracked in a real SQLite file."""
    dean = c.participant("father")
    dean.letter = letter
    outputs = render_documents(c, DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    written = write_set(outputs.documents, data_dir() / "outputs" / c.id)
    with Store(tmp_path / "tracking.sqlite") as store:
        store.record_set(c.id, written[0].parent, sending.new_documents(c, outputs.documents, sending.PRODUCED, c.date))
    return written


def current(c: Any, tmp_path: Path) -> list[Path]:
    with Store(tmp_path / "tracking.sqlite") as store:
        return closing.current_documents(store.tracked_documents(c.id))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_takes_and_the_documents_are_copied_checked_and_removed_only_when_confirmed(
    conference: Any, tmp_path: Path
) -> None:
    first = make_take(conference.id, "20261124-100000", 3.0, 440)
    second = make_take(conference.id, "20261124-103000", 2.0, 660)  # after a crash, a second take
    documents = current(conference, tmp_path)
    assert documents and all(d.suffix == ".docx" for d in documents)
    target = tmp_path / "case-system"
    target.mkdir()
    exported = closing.export_for_the_record(conference, target, documents)
    flacs = sorted((exported.folder / "recording").glob("*.flac"))
    assert [f.name for f in flacs] == ["recording 1 (20261124-100000).flac", "recording 2 (20261124-103000).flac"]
    for flac, take in zip(flacs, (first, second), strict=True):  # plain FLAC, the chair's: the same samples
        assert flac.read_bytes()[:4] == b"fLaC" and sealed.is_sealed(take / files.RECORDING)
        assert np.array_equal(sf.read(flac, dtype="int16")[0], sealed.read_all(take / files.RECORDING, "int16")[0])
    assert [c.sha256 for c in exported.recordings if c.copy.suffix == ".flac"] == [sha(f) for f in flacs]
    assert sorted(p.name for p in (exported.folder / "documents").iterdir()) == sorted(d.name for d in documents)
    assert "2 recordings" in exported.sentence and "checked every copy" in exported.sentence
    # Not confirmed: nothing goes.
    assert closing.remove_recordings(exported, confirmed=False) == []
    assert (first / files.RECORDING).exists() and (second / files.RECORDING).exists()
    # Confirmed: the laptop's copy goes, the exported one stays.
    assert closing.remove_recordings(exported, confirmed=True) == [first, second]
    assert not first.exists() and not second.exists()
    assert all(f.exists() for f in flacs)


def test_a_copy_that_differs_after_the_export_stops_the_removal(conference: Any, tmp_path: Path) -> None:
    take = make_take(conference.id, "20261124-100000", 2.0, 440)
    exported = closing.export_for_the_record(conference, tmp_path, [])
    copy = next((exported.folder / "recording").glob("*.flac"))
    copy.write_bytes(copy.read_bytes()[:-10] + b"0123456789")  # the stick was pulled out mid-write, say
    with pytest.raises(ChairDeskError, match="is not the same as the original.*Nothing has been removed"):
        closing.remove_recordings(exported, confirmed=True)
    copy.unlink()
    with pytest.raises(ChairDeskError, match="it is missing"):
        closing.remove_recordings(exported, confirmed=True)
    assert (take / files.RECORDING).exists()


class Stopped(Exception):
    """What a window's sign-of-life call raises once it has given the work up (chairdesk.gui.background.GivenUp)."""


def test_the_export_and_the_check_before_removal_say_each_piece_and_a_stop_removes_nothing(
    conference: Any, tmp_path: Path
) -> None:
    """A slow share: every megabyte or block written, and every one read back, is a sign the export is still going
    on. Work stopped at one of them (its window gave it up) stops there: the removal that follows never starts."""
    take = make_take(conference.id, "20261124-100000", 30.0, 440)  # 2.8 MB of samples: several blocks
    documents = current(conference, tmp_path)
    pieces: list[int] = []
    exported = closing.export_for_the_record(conference, tmp_path, documents, piece_done=lambda: pieces.append(1))
    assert len(pieces) >= 2 * 3 + len(documents)  # the samples written and read back, the copies, their checks

    checks = sum(math.ceil(c.size / closing.CHUNK) for c in exported.recordings)  # a megabyte read is a piece
    said: list[int] = []

    def stopped_after(calls: int) -> Callable[[], None]:
        def piece_done() -> None:
            said.append(1)
            if len(said) > calls:
                raise Stopped

        return piece_done

    with pytest.raises(Stopped):  # given up while the copy was being checked
        closing.remove_recordings(exported, confirmed=True, piece_done=stopped_after(0))
    assert (take / files.RECORDING).exists()
    said.clear()
    with pytest.raises(Stopped):  # every copy checked; given up just before the removal
        closing.remove_recordings(exported, confirmed=True, piece_done=stopped_after(checks))
    assert len(said) == checks + 1 and (take / files.RECORDING).exists()


def test_a_folder_that_cannot_be_written_is_said_plainly_and_nothing_is_removed(
    conference: Any, tmp_path: Path
) -> None:
    take = make_take(conference.id, "20261124-100000", 1.0, 440)
    with pytest.raises(ChairDeskError, match="is not a folder that can be written to"):
        closing.export_for_the_record(conference, tmp_path / "not-there", [])
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "harper-family-conference-2026-11-24").write_text("a file in the way")
    exported = closing.export_for_the_record(conference, blocked, [])  # a folder of its own beside it
    assert exported.folder.name == "harper-family-conference-2026-11-24 (2)"
    assert (take / files.RECORDING).exists()


def test_a_take_not_joined_yet_is_not_exported_half(conference: Any, tmp_path: Path) -> None:
    take = make_take(conference.id, "20261124-100000", 1.0, 440)
    (take / files.RECORDING).unlink()
    with pytest.raises(ChairDeskError, match="has not been put together as one file yet"):
        closing.export_for_the_record(conference, tmp_path, [])


def test_the_record_tells_each_take_its_pauses_gaps_and_bookmarks(demo_data: dict[str, Any], tmp_path: Path) -> None:
    c = conference_file.from_json(demo_data)
    folder = files.conference_folder(c.id) / "20261124-100000"
    files.make_private_folder(folder)
    rate = 48000
    for number in (1, 2):
        tone = (np.sin(np.arange(3 * rate) * 2 * np.pi * 440 / rate) * 8000).astype(np.int16)
        sealed_part(folder / files.part_name(number), tone, rate)
    parts = [
        {"file": files.part_name(1), "frames": 3 * rate, "closed": True},
        {"gap": 75.0, "offset": 3.0, "at": "2026-11-24T10:00:04"},
        {"file": files.part_name(2), "frames": 3 * rate, "closed": True},
    ]
    events = [{"what": "paused", "offset": 80.0, "at": "2026-11-24T10:02:00"}]
    manifest = {"format": files.FORMAT, "samplerate": rate, "state": files.RECORDING_STATE, "events": events}
    files.write_manifest(folder, {**manifest, "started_at": "2026-11-24T10:00:00", "parts": parts})
    assemble(folder)  # as after a crash
    c.bookmarks.append(Bookmark("Key points", 79.5, "20261124-100000", dt.datetime(2026, 11, 24, 10, 1, 40)))
    made = produce_outputs(c, tmp_path / "out", DocumentSettings(letter_date=dt.date(2026, 11, 25)))
    record = next(p for p in made if p.name.endswith("-record.docx"))
    text = all_text(record)
    assert "Recording" in text
    assert "The recording (started 10:00) began; 1 minute 21 seconds long; it was cut off when ChairDesk" in text
    assert "10:00–10:01, 1 min 15 s lost: the microphone stopped sending sound (silence in the recording)." in text
    assert "0:00:03 into the recording" in text and "The recording was paused." in text
    assert "Bookmark: Key points" in text and "0:01:19 into the recording" in text
    parents = next(p for p in made if "parents-copy" in p.name)
    assert "1 min 15 s lost: the microphone stopped sending sound" in all_text(parents)


def test_only_the_current_set_is_exported(conference: Any, tmp_path: Path) -> None:
    """Produced again without Dean's letter: the export holds the second set only, never the stale letter."""
    first = current(conference, tmp_path)
    assert any("letter-to-dean" in p.name for p in first)
    second = produce_a_set(conference, tmp_path, letter=False)
    documents = current(conference, tmp_path)
    assert sorted(documents) == sorted(second)
    assert not any("letter-to-dean" in p.name for p in documents)
    target = tmp_path / "case-system"
    target.mkdir()
    exported = closing.export_for_the_record(conference, target, documents)
    names = sorted(p.name for p in (exported.folder / "documents").iterdir())
    assert names == sorted(p.name for p in second) and not any("letter-to-dean" in n for n in names)
