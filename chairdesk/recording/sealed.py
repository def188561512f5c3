"""Recordings sealed as they are written: encrypted, a second at a time, so a lost laptop gives nothing away.

A sealed file (a part, or the joined recording) is a short header and then records, each about a second of sound:

    header   MAGIC, version, sample rate, channels, codec, a random file id, a key check (HMAC of the file id)
    record   length of the sealed bytes (4), frames (4), nonce (12), then the sound (a small FLAC stream)
             sealed with AES-GCM under :func:`chairdesk.keys.recordings_key`

Each record's associated data is the header (so the file id, the rate and the channels) with the record's number
and frame count: a record cannot be changed, moved within the file or swapped into another file without its seal
failing. Each record is written and fsynced as its second is complete (:class:`SealedWriter`), so ``kill -9`` or a
power cut loses at most the second being gathered; a torn last record is found on reading and left out, and every
record before it is whole.

The sound inside a record is FLAC (soundfile to memory): measured on speech with a room's noise floor it is as
small as one long FLAC file (about 190 MB an hour, against 346 MB for raw 16-bit samples) for about 4 s of one core
per hour of sound to encode, and about 1 ms to decode a second.

:func:`open_recording` is the one reader of every recording, sealed or not: an earlier version's plain FLAC parts
and joined files are read through soundfile here (and only here), so they still play, recover and export.
:func:`export_flac` writes the plain FLAC copy the chair asks for when a conference is closed: made on purpose, and
the chair's to handle.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import io
import logging
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import soundfile as sf
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chairdesk import keys, paths
from chairdesk.errors import ChairDeskError

log = logging.getLogger(__name__)

MAGIC = b"CDSEALED"
VERSION = 1
CODEC_FLAC = 1  # each record a small FLAC stream: the joined recording (made off the meeting's busy moments)
# Each record the samples themselves (int16, little-endian): the parts written while recording. Encoding FLAC goes
# through libsndfile's Python callbacks, each waiting for Python's lock: 0.7 ms for half a second of sound alone,
# 130 ms with the console busy on the other thread, so the writer fell seconds behind and a kill -9 lost them.
CODEC_PCM16 = 2
_CODECS = (CODEC_FLAC, CODEC_PCM16)
_HEADER = struct.Struct("<8sBIBB16s16s")  # magic, version, rate, channels, codec, file id, key check
_RECORD = struct.Struct("<II12s")  # sealed length, frames, nonce
_NUMBER = struct.Struct("<QI")  # record number, frames: with the header, each record's associated data
HEADER_SIZE = _HEADER.size
RECORD_HEADER_SIZE = _RECORD.size
TAG_SIZE = 16
MAX_RECORD_BYTES = 64 * 1024 * 1024  # far more than a second of sound: a larger length is a torn or damaged end
READ_BLOCK = 4096  # a plain FLAC part's torn tail costs at most this much


class RecordingUnreadable(ChairDeskError):
    """A recording cannot be read (another key, changed since it was made, not a recording): said in words."""


def _label(path: Path) -> str:
    """How a recording file is named to the chair: its take (a time) and the file, never its conference's folder."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _key_check(key: bytes, file_id: bytes) -> bytes:
    return hmac.new(key, b"chairdesk recording key check" + file_id, hashlib.sha256).digest()[:16]


def _encode(samples: np.ndarray, rate: int, codec: int = CODEC_FLAC) -> bytes:
    if codec == CODEC_PCM16:
        return np.ascontiguousarray(samples, dtype="<i2").tobytes()
    out = io.BytesIO()
    sf.write(out, samples, rate, "PCM_16", format="FLAC")
    return out.getvalue()


def _decode(data: bytes, codec: int = CODEC_FLAC) -> np.ndarray:
    if codec == CODEC_PCM16:
        return np.frombuffer(data, dtype="<i2").astype(np.int16)
    samples, _ = sf.read(io.BytesIO(data), dtype="int16", always_2d=False)
    return samples


def is_sealed(path: Path) -> bool:
    """True when ``path`` starts as a sealed recording does."""
    try:
        with open(path, "rb") as stream:  # noqa: PTH123
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


class SealedWriter:
    """Writes one sealed file: the header at once, then a record each time :meth:`add` is given samples.

    ``copies`` are further open binary files that get exactly the same bytes (the second copy); writing to them is
    the caller's business (see :class:`chairdesk.recording.parts.PartWriter`), so this class only makes bytes and
    writes the main file. Every record is written to the file before :meth:`add` returns, so a ``kill -9`` cannot
    lose it; it reaches the disk itself (against a power cut) at once with ``sync_each``, else at :meth:`sync`
    (the recorder's writer calls it once a second: an fsync per record made it fall behind on a slow disk).
    """

    def __init__(
        self, path: Path, rate: int, key: bytes, channels: int = 1, sync_each: bool = True, codec: int = CODEC_FLAC
    ) -> None:
        self.path = Path(path)
        self.rate = rate
        self.codec = codec
        self.sync_each = sync_each  # False: the caller fsyncs once at the end (joining parts into one file)
        self._gathered: list[np.ndarray] = []
        self._gathered_frames = 0
        self._aead = AESGCM(key)
        file_id = secrets.token_bytes(16)
        self.header = _HEADER.pack(MAGIC, VERSION, rate, channels, codec, file_id, _key_check(key, file_id))
        self.records = 0
        self.frames = 0
        self.size = 0
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        self._fd: int | None = os.open(self.path, flags, 0o600)
        if os.name == "posix":
            os.chmod(self.path, 0o600)
        self._write(self.header)

    def seal(self, samples: np.ndarray) -> bytes:
        """The record for ``samples`` (int16, one channel), numbered next: made, not written."""
        frames = len(samples)
        nonce = secrets.token_bytes(12)
        associated = self.header + _NUMBER.pack(self.records, frames)
        sealed = self._aead.encrypt(nonce, _encode(samples, self.rate, self.codec), associated)
        self.records += 1
        self.frames += frames
        return _RECORD.pack(len(sealed), frames, nonce) + sealed

    def add(self, samples: np.ndarray) -> bytes:
        """Seal ``samples`` as the next record, write it and put it on the disk; returns the record's bytes."""
        record = self.seal(samples)
        self._write(record)
        return record

    def gather(self, samples: np.ndarray) -> None:
        """Add ``samples`` to the sound being gathered, sealing a record each time a second is complete."""
        self._gathered.append(samples)
        self._gathered_frames += len(samples)
        if self._gathered_frames >= self.rate:
            gathered = np.concatenate(self._gathered)
            whole = len(gathered) - len(gathered) % self.rate
            for start in range(0, whole, self.rate):
                self.add(gathered[start : start + self.rate])
            self._gathered = [gathered[whole:]] if whole < len(gathered) else []
            self._gathered_frames = len(gathered) - whole

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError("the sealed file is closed")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        if self.sync_each:
            os.fsync(self._fd)
        self.size += len(data)

    def sync(self) -> None:
        """Put every record written so far on the disk (fsync)."""
        if self._fd is not None:
            os.fsync(self._fd)

    def close(self) -> None:
        """Seal what is still gathered, put everything on the disk and close the file."""
        if self._gathered_frames and self._fd is not None:
            self.add(np.concatenate(self._gathered))
        self._gathered, self._gathered_frames = [], 0
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


class Recording:
    """One recording file opened for reading, sealed or plain FLAC: its rate, length and sound.

    ``frames`` counts what can be read: for a sealed file whose last record is torn, the records before it; for a
    plain FLAC part left open by a crash, what libsndfile could read of it. ``torn`` says a torn end was left out.
    """

    def __init__(self, path: str | Path, key: bytes | None = None) -> None:
        self.path = Path(path)
        self.torn = False
        self._stream: BinaryIO | None = None
        self._plain: sf.SoundFile | None = None
        self._cached: tuple[int, np.ndarray] | None = None
        try:
            stream = open(self.path, "rb")  # noqa: PTH123, SIM115 (kept open while the recording is read)
        except FileNotFoundError:
            raise RecordingUnreadable(f"The recording {_label(self.path)} is not on this computer any more.") from None
        start = stream.read(HEADER_SIZE)
        if start[: len(MAGIC)] == MAGIC or (len(start) < len(MAGIC) and MAGIC.startswith(start)):
            self._stream = stream
            self._open_sealed(start, key)
        else:
            stream.close()
            self._open_plain()

    # -- opening ---------------------------------------------------------------------------------------------

    def _open_sealed(self, header: bytes, key: bytes | None) -> None:
        self.sealed = True
        self.header = header
        self._offsets: list[int] = []
        self._starts: list[int] = []  # the first frame of each record
        self._lengths: list[int] = []
        self._frame_counts: list[int] = []
        if len(header) < HEADER_SIZE:  # the file was made but its header never reached the disk: nothing in it
            self.torn = True
            self.samplerate, self.channels, self.frames = 0, 1, 0
            return
        magic, version, rate, channels, codec, file_id, check = _HEADER.unpack(header)
        if version != VERSION or codec not in _CODECS:
            raise RecordingUnreadable(
                f"The recording {_label(self.path)} was made by a newer version of ChairDesk (its format is "
                f"{version}). Install the newer version to play it; nothing has been changed."
            )
        key = key if key is not None else keys.recordings_key()
        if not hmac.compare_digest(check, _key_check(key, file_id)):
            raise RecordingUnreadable(
                f"The recording {_label(self.path)} was sealed with another key (it was made under another login, on "
                "another computer, or before this computer's ChairDesk key was replaced), so it cannot be opened "
                "here. Nothing has been changed. Ask your council's ChairDesk administrator to recover the key (see "
                "'What is protected' in the README)."
            )
        self.samplerate, self.channels, self.codec = int(rate), int(channels), int(codec)
        self._aead = AESGCM(key)
        self._index()

    def _index(self) -> None:
        """Find every whole record from the record headers (no decrypting); a torn end is left out."""
        assert self._stream is not None
        size = os.fstat(self._stream.fileno()).st_size
        offset, frames = HEADER_SIZE, 0
        while offset < size:
            self._stream.seek(offset)
            head = self._stream.read(RECORD_HEADER_SIZE)
            if len(head) < RECORD_HEADER_SIZE:
                self.torn = True
                break
            length, count, _nonce = _RECORD.unpack(head)
            end = offset + RECORD_HEADER_SIZE + length
            if length < TAG_SIZE or length > MAX_RECORD_BYTES or end > size or count == 0:
                self.torn = True
                break
            self._offsets.append(offset)
            self._starts.append(frames)
            self._lengths.append(length)
            self._frame_counts.append(count)
            frames += count
            offset = end
        self.frames = frames
        if self._offsets:  # the last record may be torn with a whole length (a power cut's zeros): check it now
            try:
                self._record(len(self._offsets) - 1)
            except RecordingUnreadable:
                log.info("a recording's last record is torn; it is left out")
                self.torn = True
                self.frames -= self._frame_counts.pop()
                for kept in (self._offsets, self._starts, self._lengths):
                    kept.pop()

    def _open_plain(self) -> None:
        """An earlier version's plain FLAC file (or a part of one left open by a crash)."""
        self.sealed = False
        try:
            self._plain = sf.SoundFile(str(self.path))
        except (sf.LibsndfileError, RuntimeError, OSError):
            raise RecordingUnreadable(
                f"The recording {_label(self.path)} cannot be read: it is not a ChairDesk recording, or it is damaged."
            ) from None
        self.samplerate, self.channels = int(self._plain.samplerate), int(self._plain.channels)
        known = self._plain.frames
        if 0 < known < 2**62:
            self.frames = int(known)
        else:  # a part whose header never got its length: count what can be read, then open it again at its start
            self.frames = sum(len(b) for b in self._plain_blocks(0, READ_BLOCK))
            self.torn = True
            self._plain.close()
            self._plain = sf.SoundFile(str(self.path))

    # -- reading ---------------------------------------------------------------------------------------------

    @property
    def duration(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0

    def _record(self, number: int) -> np.ndarray:
        """The samples of record ``number``, checked against its seal."""
        if self._cached is not None and self._cached[0] == number:
            return self._cached[1]
        assert self._stream is not None
        self._stream.seek(self._offsets[number])
        head = self._stream.read(RECORD_HEADER_SIZE)
        sealed = self._stream.read(self._lengths[number])
        _length, count, nonce = _RECORD.unpack(head)
        try:
            data = self._aead.decrypt(nonce, sealed, self.header + _NUMBER.pack(number, count))
            samples = _decode(data, self.codec)
        except (InvalidTag, ValueError, sf.LibsndfileError, RuntimeError):
            raise RecordingUnreadable(
                f"The recording {_label(self.path)} has been changed or damaged since it was made (second "
                f"{self._starts[number] // max(1, self.samplerate) + 1} does not match its seal), so ChairDesk will "
                "not use it. Nothing has been changed; keep the file and tell your council's ChairDesk administrator."
            ) from None
        if len(samples) != count:
            raise RecordingUnreadable(
                f"The recording {_label(self.path)} is damaged (a second of it holds {len(samples)} samples where "
                f"{count} were sealed), so ChairDesk will not use it. Nothing has been changed."
            )
        self._cached = (number, samples)
        return samples

    def blocks(self, start: int = 0, blocksize: int = 65536) -> Iterator[np.ndarray]:
        """The sound from frame ``start`` to the end, as int16 blocks (a sealed file: a record at a time)."""
        if not self.sealed:  # small blocks: libsndfile gives up a whole block at a torn end
            yield from self._plain_blocks(start, READ_BLOCK if self.torn else blocksize)
            return
        number = max(0, bisect.bisect_right(self._starts, start) - 1)
        for n in range(number, len(self._offsets)):
            samples = self._record(n)
            skip = max(0, start - self._starts[n])
            if skip < len(samples):
                yield samples[skip:]

    def _plain_blocks(self, start: int, blocksize: int) -> Iterator[np.ndarray]:
        """A plain FLAC file block by block, stopping quietly where it stops being readable (a torn part)."""
        assert self._plain is not None
        if start or self._plain.tell():
            try:
                self._plain.seek(start)
            except (sf.LibsndfileError, RuntimeError):
                return
        while True:
            try:
                block = self._plain.read(blocksize, dtype="int16")
            except (sf.LibsndfileError, RuntimeError) as error:
                log.info("a plain recording part ends early: %s", type(error).__name__)
                return
            if len(block) == 0:
                return
            yield block

    def read(self, start: int, count: int, dtype: str = "float32") -> np.ndarray:
        """Up to ``count`` frames from frame ``start`` (fewer at the end), as ``dtype`` ("float32": -1.0 to 1.0)."""
        start = min(max(0, start), self.frames)
        if not self.sealed:
            assert self._plain is not None
            self._plain.seek(start)
            return self._plain.read(count, dtype=dtype, always_2d=False)
        out: list[np.ndarray] = []
        got = 0
        for block in self.blocks(start):
            out.append(block[: count - got])
            got += len(out[-1])
            if got >= count:
                break
        samples = np.concatenate(out) if out else np.zeros(0, dtype=np.int16)
        if dtype == "int16":
            return samples
        return (samples.astype(np.float32) / 32768.0).astype(dtype)

    def close(self) -> None:
        for handle in (self._stream, self._plain):
            if handle is not None:
                handle.close()
        self._stream = self._plain = None
        self._cached = None

    def __enter__(self) -> Recording:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()


def open_recording(path: str | Path, key: bytes | None = None) -> Recording:
    """Open a recording (a part or the joined file, sealed or an earlier version's plain FLAC) for reading.

    ``key``: the recordings key (default: :func:`chairdesk.keys.recordings_key`, asked only for a sealed file).
    Raises :class:`RecordingUnreadable` in words for another key, a changed file, or a file that is no recording.
    """
    return Recording(path, key)


def read_all(path: str | Path, dtype: str = "float32", key: bytes | None = None) -> tuple[np.ndarray, int]:
    """Every sample of a recording and its rate (as ``soundfile.read`` gives them): for checks and tests."""
    with open_recording(path, key) as recording:
        return recording.read(0, recording.frames, dtype), recording.samplerate


def export_flac(
    path: str | Path, target: Path, key: bytes | None = None, piece_done: Callable[[], object] | None = None
) -> str:
    """Write a plain FLAC copy of the recording at ``path`` to ``target`` and check it: read back, it must hold
    exactly the same samples. Returns the SHA-256 of the samples. The copy is the chair's, made on purpose.
    ``piece_done`` is called after each block written and each read back (the export is still going on).

    Raises :class:`RecordingUnreadable` when the recording cannot be read, and ``OSError`` when the copy cannot be
    written; :class:`ChairDeskError` when the copy does not read back the same (it is removed then).
    """
    made, back = hashlib.sha256(), hashlib.sha256()
    with open_recording(path, key) as recording:
        if recording.frames == 0:
            raise RecordingUnreadable(f"The recording {_label(Path(path))} holds no sound to export.")
        rate, channels = recording.samplerate, recording.channels

        def write_and_read_back(into: BinaryIO) -> None:
            """libsndfile writes by name, into the temporary file write_atomically gives: checked before it is
            renamed into place, so a copy that does not read back the same is never there at all."""
            going = paths.LongWrite(into, piece_done)
            with sf.SoundFile(into.name, "w", rate, channels, "PCM_16", format="FLAC") as out:
                for block in recording.blocks():
                    out.write(block)
                    samples = np.ascontiguousarray(block, dtype="<i2").tobytes()
                    made.update(samples)
                    going.wrote(len(samples) // 2)  # about what the FLAC holds of it
            with sf.SoundFile(into.name) as copy:
                while len(block := copy.read(65536, dtype="int16")):
                    back.update(np.ascontiguousarray(block, dtype="<i2").tobytes())
                    if piece_done is not None:
                        piece_done()
            if back.hexdigest() != made.hexdigest():
                raise ChairDeskError(
                    f"The copy of the recording in {target.parent} did not read back the same as the recording; it "
                    "has been removed. Nothing has been removed from this laptop; export again."
                )

        try:  # a second refused on the way, the disk full: no half copy is left to be taken for whole
            paths.write_atomically(target, write_and_read_back)
        except (sf.LibsndfileError, RuntimeError) as error:
            raise ChairDeskError(f"The copy of the recording in {target.parent} could not be made ({error}).") from None
    return made.hexdigest()
