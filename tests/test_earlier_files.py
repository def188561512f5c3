"""What an earlier ChairDesk left in the clear beside the database (plain FLAC recordings, plain copies of
attachments, folders named after the conference's id, which may carry the family's name) is sealed and renamed
(chairdesk.earlier_files): a review found all of it still readable on a laptop upgraded from such a version."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from test_attachments import make_png
from test_recording_files import RATE, closed_part, manifest, tone

from chairdesk import at_rest, attachments, earlier_files, paths
from chairdesk.model import Attachment
from chairdesk.recording import files, sealed, timeline

CONFERENCE = "demo-harper-2026-11-24"  # an id carrying the family's name, as an earlier version named folders


def earlier_version_left(data: Path) -> tuple[Path, np.ndarray, Path, bytes]:
    """A recording (two plain FLAC parts and the plain joined file) and a plain attachment, as an earlier version
    left them, in folders named after the conference's id."""
    take = data / "recordings" / CONFERENCE / "20261124-110000"
    files.make_private_folder(take)
    first, second = tone(440, 1.5), tone(660, 1.0)
    parts = [closed_part(take, 1, first), closed_part(take, 2, second)]
    whole = np.concatenate([first, second])
    joined = take / files.LEGACY_RECORDING
    import soundfile as sf

    sf.write(joined, whole, RATE, subtype="PCM_16", format="FLAC")
    files.write_manifest(
        take,
        manifest(
            parts, files.COMPLETE, file=files.LEGACY_RECORDING, frames=len(whole), sound_frames=len(whole),
            gaps=[], events=[], bookmarks=[], started_at="2026-11-24T11:00:00",
        ),
    )  # fmt: skip
    folder = data / "attachments" / CONFERENCE
    paths.private_folder(folder)
    drawing = make_png(folder / "20261120-090000-mia-three-houses.png")
    return take, whole, drawing, drawing.read_bytes()


def test_an_earlier_versions_plain_recordings_and_attachments_are_sealed_and_read_back_the_same() -> None:
    data = paths.data_dir()
    take, whole, drawing, picture = earlier_version_left(data)

    assert earlier_files.bring_up_to_date() == 4  # two parts, the joined file, the drawing

    assert not list(take.glob("*.flac"))  # no plain sound left in the folder
    stored = files.read_manifest(take)
    assert stored is not None and [p["file"] for p in stored["parts"]] == ["part-0001.sealed", "part-0002.sealed"]
    assert stored["file"] == files.RECORDING and sealed.is_sealed(take / files.RECORDING)
    audio, rate = sealed.read_all(take / files.RECORDING, dtype="int16")
    assert rate == RATE and np.array_equal(audio.ravel(), whole)  # the same sound, sample for sample
    parts = [sealed.read_all(take / p["file"], dtype="int16")[0].ravel() for p in stored["parts"]]
    assert np.array_equal(np.concatenate(parts), whole)
    assert at_rest.is_sealed_stream(drawing) and picture[1:4] not in drawing.read_bytes()  # no PNG in the clear
    copy = Attachment(file=drawing.name, title="Mia's three houses")

    # The folders named after the id get their keyed names when the conference is next opened.
    assert earlier_files.bring_up_to_date(CONFERENCE) == 0  # once only: nothing plain is left to seal
    assert attachments.read(CONFERENCE, copy) == picture
    (found,) = timeline.takes(CONFERENCE)
    assert found.folder.parent.name.startswith("c-") and found.duration == len(whole) / RATE
    assert not (data / "recordings" / CONFERENCE).exists() and not (data / "attachments" / CONFERENCE).exists()
    names = [p.name for p in data.rglob("*")]
    assert not any("harper" in name.lower() for name in names), names


def test_a_plain_file_that_cannot_be_sealed_now_is_left_whole_and_tried_again(tmp_path: Path) -> None:
    """A plain part that cannot be read (damaged) is left as it was, and the others are still sealed."""
    data = paths.data_dir()
    take, _whole, drawing, picture = earlier_version_left(data)
    (take / "part-0002.flac").write_bytes(b"not a FLAC file at all")
    os.chmod(drawing, 0o600)

    earlier_files.bring_up_to_date()

    stored = files.read_manifest(take)
    assert stored is not None and stored["parts"][1]["file"] == "part-0002.flac"
    assert (take / "part-0002.flac").read_bytes() == b"not a FLAC file at all"  # left as it was, never half
    assert not (take / "part-0002.sealed").exists()
    assert not (take / "part-0001.flac").exists() and not (take / files.LEGACY_RECORDING).exists()  # the others
    assert attachments.read(CONFERENCE, Attachment(file=drawing.name, title="")) == picture


def test_a_manifest_it_cannot_use_or_a_crash_half_way_never_stops_the_rest(tmp_path: Path) -> None:
    """A take whose manifest lacks what sealing needs is passed over (the others are sealed, and the look for
    interrupted recordings that comes next is never stopped); a plain part left beside its sealed one by a crash
    while it was being zeroed is removed at the next start."""
    data = paths.data_dir()
    take, _whole, _drawing, _picture = earlier_version_left(data)
    odd = data / "recordings" / CONFERENCE / "20261124-120000"
    files.make_private_folder(odd)
    closed_part(odd, 1, tone(440, 0.5))
    files.write_manifest(odd, {"format": files.FORMAT, "parts": [{"file": "part-0001.flac"}]})  # no rate

    assert earlier_files.bring_up_to_date() == 4  # the good take's three files and the drawing
    assert (odd / "part-0001.flac").exists()  # passed over, left as it was

    (take / "part-0001.flac").write_bytes(b"what a crash left half-zeroed")  # beside part-0001.sealed, named
    earlier_files.bring_up_to_date()
    assert not (take / "part-0001.flac").exists() and (take / "part-0001.sealed").exists()
