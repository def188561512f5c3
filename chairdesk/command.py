"""What the ``chairdesk`` command runs first (as ``python -m chairdesk`` and the packaged app do): when the command
opens a window, reading the data key and the lock passphrase from the credential store starts on a thread of its
own (:func:`chairdesk.keys.read_ahead`) before the command line's modules are loaded, so its round trip to the
store overlaps them as well as Qt's; then :func:`chairdesk.cli.main` runs the command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

WINDOWS = {"open", "home", "demo"}  # the subcommands that open a window ('demo --no-window' reads ahead for nothing)


def opens_a_window(argv: Sequence[str]) -> bool:
    """Whether ``argv`` (the command's arguments) may open a window: no subcommand (the home), or one that does."""
    if {"-h", "--help", "--version"} & set(argv):
        return False
    words, after_db = [], False
    for word in argv:
        if not after_db and not word.startswith("-"):
            words.append(word)
        after_db = word == "--db"  # its value is a path, not a subcommand
    return not words or words[0] in WINDOWS


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if opens_a_window(arguments):
        from chairdesk import keys

        keys.read_ahead()
    from chairdesk.cli import main as command_line

    return command_line(argv)
