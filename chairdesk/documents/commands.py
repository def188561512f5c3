"""Subcommands of this feature, added to the ``chairdesk`` command by :func:`register`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk import audience, conference_file
from chairdesk.documents.settings import DEFAULT_MARKING, DocumentSettings
from chairdesk.errors import ChairDeskError
from chairdesk.meeting import Meeting


def _letter_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ChairDeskError(f"--letter-date: {text!r} is not a date in the form YYYY-MM-DD") from None


def refuse_to_mix(out: Path) -> None:
    """The documents of one run are one set: a folder already holding documents (of an earlier run, or anything
    else's) is refused, so a letter left out of this run is never left beside the new ones, ready to be posted."""
    found = sorted(p.name for p in out.glob("*.docx")) if out.is_dir() else []
    if found:
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        raise ChairDeskError(
            f"--out: {out} already holds documents ({found[0]}{more}); a new set is never mixed with an older one. "
            "Give an empty or new folder (for example one named by today's date and time), or move those away first"
        )


def cmd_documents(args: argparse.Namespace) -> int:
    conference = conference_file.read(args.file)
    refuse_to_mix(Path(args.out))
    marking = args.marking.strip()
    if not marking:
        raise ChairDeskError("--marking: the protective marking must not be empty")
    settings = DocumentSettings(
        marking=marking,
        templates_dir=Path(args.templates) if args.templates else None,
        letter_date=_letter_date(args.letter_date),
    )
    from chairdesk.documents.produce import produce  # Word's libraries, loaded only when documents are made

    outputs = produce(conference, args.out, settings)
    if args.json:
        data = {
            "files": [
                {"kind": d.kind, "path": str(p), "recipients": list(d.recipients)}
                for d, p in zip(outputs.documents, outputs.files, strict=True)
            ],
            "warnings": outputs.warnings,
            "not_made": outputs.not_made,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 1 if outputs.not_made else 0
    for path in outputs.files:
        print(path)
    for warning in outputs.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for sentence in outputs.not_made:
        print(f"not made: {sentence}", file=sys.stderr)
    return 1 if outputs.not_made else 0


def cmd_release(args: argparse.Namespace) -> int:
    """The chair's review without the window: list what each reader is not given (no --item), or release an item
    to a family member (or ``family``), or keep it back, with a reason; the conference file is written back."""
    from chairdesk.documents.produce import output_readers

    conference = conference_file.read(args.file)
    if args.item is None:
        for reader in output_readers(conference):
            version = audience.version_for(conference, reader)
            print(f"{reader.name}: {'nothing held back' if not version.held_back else ''}".rstrip())
            for held in version.held_back:
                first = "TO DECIDE " if held.needs_decision else ""
                who = ",".join(held.from_people) or "-"
                print(f"  {first}{held.piece.ref} (from {who}): {held.piece.section}: {'; '.join(held.why)}")
        return 1 if any(audience.version_for(conference, r).undecided for r in output_readers(conference)) else 0
    if not args.to or args.reason is None:
        raise ChairDeskError("--item needs --to (a family member's id, or 'family') and --reason")
    meeting = Meeting(conference)
    meeting.release(args.item, args.to, not args.keep_back, args.reason)
    conference_file.write(meeting.conference, args.file)
    person = meeting.conference.participant(args.to)
    name = person.name if person is not None else "the whole family"
    section = audience.piece_at(meeting.conference, args.item).section
    print(f"{'Kept back from' if args.keep_back else 'Released to'} {name}: {section} ({args.item})")
    return 0


def register(command: Callable[..., Any]) -> None:
    """Add this feature's subcommands with ``command(name, run, help_text, json_option=False)``."""
    sub = command(
        "documents",
        cmd_documents,
        "write the summary and plan, the decision letters, the record and the parents' copy as Word documents "
        "(a document that may not go yet is named, with what to do, and the command ends with status 1)",
        True,
    )
    sub.add_argument("file", help="a conference file (chairdesk.conference/1 JSON)")
    sub.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder to write them into (made if missing). It must hold no .docx yet: a folder that already "
        "holds documents is refused (status 2) and nothing is written, because one run's documents are one set: "
        "mixed with an earlier run's, a letter left out since would still be there, ready to be posted. Give a new "
        "folder for each run (for example named by the date and time); a script always finds its files at DIR/NAME",
    )
    sub.add_argument(
        "--marking", default=DEFAULT_MARKING, help=f"the protective marking on every page (default {DEFAULT_MARKING})"
    )
    sub.add_argument(
        "--templates", metavar="DIR", help="a folder with the council's own summary.docx, letter.docx, record.docx"
    )
    sub.add_argument("--letter-date", metavar="YYYY-MM-DD", help="the date on the letters (default: today)")
    sub = command(
        "release",
        cmd_release,
        "the chair's review before the documents: with no --item, list what each reader is not given and why "
        "(status 1 while something needs a decision); with --item, release it to a family member, or keep it back "
        "(--keep-back), with a reason for the record, and write the conference file back",
    )
    sub.add_argument("file", help="a conference file (chairdesk.conference/1 JSON), written back in place")
    sub.add_argument("--item", metavar="REF", help="the item, as the list names it (worries[3], plan.contingency)")
    sub.add_argument("--to", metavar="ID", help="the family member's id, or 'family' for every family member")
    sub.add_argument("--reason", metavar="TEXT", help="why (it goes in the record)")
    sub.add_argument("--keep-back", action="store_true", help="keep it back from them instead of releasing it")
