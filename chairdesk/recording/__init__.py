"""Recording the conference: a recorder that survives a crash, a pulled microphone and a full disk.

The names below are imported lazily, so ``chairdesk`` commands that do not record never start PortAudio.

- :class:`Recorder` (``recorder.py``): start, pause, resume, stop, bookmark, elapsed, levels, warnings.
- :func:`list_input_devices`, :func:`find_input_device`, :func:`remembered_device`, :func:`remember_device`
  (``devices.py``): microphones, chosen and remembered by name.
- :func:`assemble`, :func:`recover_all` (``assemble.py``): one playable file from the parts, after a stop or a
  crash; :func:`find_unfinished` (``files.py``) the recordings waiting to be joined.
- :func:`recover_interrupted` (``recovery.py``): after a crash, what came back, in one plain sentence each.
- ``requests.py``: a parent's request to record the meeting and the chair's decision.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

# The app's own logging set-up decides where these go (a log file); without one, nothing is printed, so a command
# shows the chair its plain warnings and never a traceback.
logging.getLogger(__name__).addHandler(logging.NullHandler())

_EXPORTS = {
    "Recorder": "recorder",
    "RecorderError": "recorder",
    "State": "status",
    "RecorderStatus": "status",
    "InputDevice": "devices",
    "NoInputDevice": "devices",
    "list_input_devices": "devices",
    "find_input_device": "devices",
    "remembered_device": "devices",
    "remember_device": "devices",
    "AssembledRecording": "assemble",
    "Gap": "assemble",
    "assemble": "assemble",
    "find_unfinished": "files",
    "recover_all": "assemble",
    "Recovered": "recovery",
    "recover_interrupted": "recovery",
    "Level": "monitor",
    "RecorderWarning": "monitor",
    "WarningKind": "monitor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"chairdesk.recording.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'chairdesk.recording' has no attribute {name!r}")
