"""What the ``chairdesk`` command runs first (as ``python -m chairdesk`` and the packaged app do): when the command
opens a window, reading the data key and the lock passphrase from the credential store starts in a process of its
own (:func:`chairdesk.keys.read_ahead`) before the command line's modules are loaded, so its round trip to the
store overlaps them as well as Qt's; then :func:`chairdesk.cli.main` runs the command. That process is this
command again, with :data:`chairdesk.keys.READ_AHEAD` as its first argument."""

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
    from chairdesk import keys, paths  # no keyring yet: that is loaded where the store is read

    paths.owner_only()  # first: the process reading the keys ahead (which this one starts, or is) leaves no dump
    if arguments[:1] == [keys.READ_AHEAD]:  # a start's own process reading its keys ahead
        return keys.answer_read_ahead(list(arguments[1:]))
    if opens_a_window(arguments):
        keys.read_ahead()
    from chairdesk.cli import main as command_line

    return command_line(argv)
