"""The ``chairdesk`` command: the app, and headless subcommands for scripting, support and tests.

Every subcommand exits 2 on bad input with one line on stderr that starts ``error:``, and writes nothing
partial: files are checked before the database is opened, and written to a temporary name then renamed. A
database that cannot be used (damaged, empty, read-only, another program's, newer) is an ``error:`` line too,
never a traceback.

The subcommands that write (``import``, ``demo``) may run while the app has the same database open: every save
checks the version it read, so neither overwrites the other's change without a word. ``import --replace`` and
``demo --reset`` replace on purpose; the open window then says its conference was changed elsewhere and stops
saving over it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from chairdesk import conference_file, instance, key_recovery, keys, paths, ssd_export
from chairdesk.checks import check
from chairdesk.documents import commands as document_commands
from chairdesk.errors import ChairDeskError
from chairdesk.recording import commands as recording_commands
from chairdesk.storage import ConferenceStore, open_store
from chairdesk.timescales import DATE_KEYS, due_dates, long_date

DEMO_FILE = "demo_conference.json"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see 'chairdesk --help')\n")


def _database(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else paths.default_database()


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_dates(args: argparse.Namespace) -> int:
    conference = conference_file.read(args.file)
    dates = due_dates(conference)
    if args.json:
        _print_json({key: (day.isoformat() if (day := dates[key].date) else None) for key in DATE_KEYS})
        return 0
    for due in dates.values():
        when = long_date(due.date) if due.date else "—"
        print(f"{due.label:<42} {when:<28} {due.rule}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    conference = conference_file.read(args.file)
    result = check(conference)
    if args.json:
        _print_json(result.to_json())
        return 0
    if result.before_meeting:
        print("No one is marked as having come yet: quorum from the invitation list (apologies left out).")
    for child in conference.subject_children:
        quorum = result.shown()[child.id]
        state = "quorate" if quorum.quorate else "NOT quorate"
        there = "invited" if result.before_meeting else "present"
        care = f"children's social care {there}" if quorum.social_care else "no children's social care"
        agencies = ", ".join(quorum.agencies) or "no other agency"
        print(f"{child.name}: {state} ({care}; {agencies})")
    if not result.problems:
        print("No problems found.")
    for problem in result.problems:
        print(f"- [{problem.code}] {problem.message}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    conference = conference_file.read(args.file)  # checked before the database is touched
    with open_store(_database(args)) as store:
        if conference.id and store.exists(conference.id) and not args.replace:
            raise ChairDeskError(
                f"a conference with the id {conference.id!r} is already in the database; nothing was imported "
                "(use --replace to replace it)"
            )
        print(store.save(conference, action="import", replace=args.replace))
    if args.replace:
        _warn_if_open(_database(args))
    return 0


def _warn_if_open(db: Path) -> None:
    if instance.is_open(db):
        print(
            "warning: ChairDesk is open on this database; if it has this conference open it will say the "
            "conference was changed elsewhere and will not save over it (close it and open it again)",
            file=sys.stderr,
        )


def cmd_export(args: argparse.Namespace) -> int:
    with open_store(_database(args)) as store:
        if not store.exists(args.id):
            raise ChairDeskError(f"there is no conference with the id {args.id!r}")
        conference = store.load(args.id)
    if args.out == "-":
        sys.stdout.write(conference_file.dumps(conference))
    else:
        conference_file.write(conference, args.out)
    return 0


def cmd_export_ssd(args: argparse.Namespace) -> int:
    """Each subject child's decision, category, dates, quorum and participation for the case-management system."""
    conference = conference_file.read(args.file)
    for path in ssd_export.export(conference, args.out):
        print(path)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(_database(args)) as store:
        summaries = store.list_conferences()
    if args.json:
        _print_json(
            [{"id": s.id, "type": s.type, "date": s.date.isoformat(), "family": s.family_name} for s in summaries]
        )
        return 0
    if not summaries:
        print("No conferences yet. 'chairdesk import FILE' or 'chairdesk demo' adds one.")
    for s in summaries:
        print(f"{s.id}  {s.date.isoformat()}  {s.type:<11}  {s.family_name}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Start the review that follows a conference in the database or in a conference file; prints its id."""
    from chairdesk.carry_forward import previous_from, start_review

    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        raise ChairDeskError(f"{args.date!r} is not a date: give the review's date as YYYY-MM-DD") from None
    db = _database(args)
    if not Path(args.previous).exists() and not db.exists():
        raise ChairDeskError(f"there is no conference file {args.previous!r} and no database yet")
    with open_store(db) as store:
        review = start_review(previous_from(args.previous, store), date)
        print(store.save(review, action="create"))
    return 0


def load_demo(store: ConferenceStore, reset: bool = False) -> str:
    """Put the fictional demo conference in ``store`` (keeping the chair's edits unless ``reset``)."""
    demo = json.loads(paths.resource(DEMO_FILE).read_text(encoding="utf-8"))
    conference = conference_file.from_json(demo)
    if reset or not store.exists(conference.id or ""):
        store.save(conference, action="import", replace=reset)
    return conference.id or ""


def open_window(db: Path, conference_id: str | None, screenshot_dir: str | None = None, home: bool = False) -> int:
    """Open the console and the board (only the home when ``home``). The one place the command line reaches the
    windows: imported only here, when asked, so every other subcommand runs without Qt."""
    no_screen = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )
    if no_screen and not screenshot_dir:
        raise ChairDeskError(
            "there is no screen to open the window on (no display); 'chairdesk demo --screenshot DIR' opens it on "
            "a virtual screen and saves pictures of the console and the board"
        )
    if no_screen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    keys.read_ahead()  # the credential store's wait overlaps loading Qt and the windows
    from chairdesk.gui.app import run

    return run(db, conference_id, Path(screenshot_dir) if screenshot_dir else None, home=home)


def cmd_demo(args: argparse.Namespace) -> int:
    with open_store(_database(args)) as store:
        conference_id = load_demo(store, reset=args.reset)
        conference = store.load(conference_id)
    if args.reset:
        _warn_if_open(_database(args))
    result = check(conference)
    children = ", ".join(c.name for c in conference.children)
    print(f"Demo conference loaded: {conference_id}")
    print(
        f"The {conference.family.name} family ({children}), {conference.type} conference on "
        f"{long_date(conference.date)}; {'quorate' if result.quorate else 'not quorate'}, "
        f"{len(result.problems)} problem(s) to look at."
    )
    print(f"Database: {_database(args)}", flush=True)
    if args.no_window:
        return 0
    return open_window(_database(args), conference_id, args.screenshot)


def cmd_open(args: argparse.Namespace) -> int:
    return open_window(_database(args), args.id, args.screenshot)


def cmd_home(args: argparse.Namespace) -> int:
    return open_window(_database(args), None, args.screenshot, home=True)


def cmd_licences(args: argparse.Namespace) -> int:
    """ChairDesk's licence and every bundled part's, as Help > About shows them (for IT and procurement)."""
    from chairdesk import licences

    itself, parts = licences.chairdesk_itself(), licences.bundled()
    if args.json:
        _print_json(
            [
                {"name": p.name, "version": p.version, "licence": p.licence, "kind": p.kind or "ChairDesk"}
                | ({"note": p.note} if p.note else {})
                | ({"text": p.text} if args.full else {})
                for p in [itself, *parts]
            ]
        )
        return 0
    print(f"ChairDesk {itself.version}: {itself.licence}")
    print(licences.as_text(parts, full=args.full))
    if args.full:
        print("\n" + "=" * 78 + f"\nChairDesk {itself.version}: {itself.licence}\n\n{itself.text}")
    return 0


class _Version(argparse.Action):
    """``chairdesk --version``: the version from the installed metadata, read only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print ChairDesk's version")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        import chairdesk

        print(f"ChairDesk {chairdesk.__version__}")
        parser.exit(0)


def _add_db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: CHAIRDESK_DB, else chairdesk.sqlite in the user's data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="chairdesk", description="The chair's desk for a child protection conference.")
    parser.add_argument("--version", action=_Version)
    _add_db_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, run: object, help_text: str, json_option: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _add_db_option(sub, argparse.SUPPRESS)
        if json_option:
            sub.add_argument("--json", action="store_true", help="print JSON for other programs")
        sub.set_defaults(run=run)
        return sub

    command("dates", cmd_dates, "every due date for the conference in a conference file", True).add_argument(
        "file", help="a conference file (chairdesk.conference/1 JSON)"
    )
    command("check", cmd_check, "quorum and the problems a chair needs to know about", True).add_argument(
        "file", help="a conference file"
    )
    sub = command("import", cmd_import, "add a conference file to the database; prints its id")
    sub.add_argument("file", help="a conference file")
    sub.add_argument("--replace", action="store_true", help="replace a conference with the same id")
    sub = command("export", cmd_export, "write a conference from the database to a conference file")
    sub.add_argument("id", help="the conference's id (see 'chairdesk list')")
    sub.add_argument("--out", required=True, metavar="FILE", help="the file to write ('-' for the screen)")
    sub = command(
        "export-ssd",
        cmd_export_ssd,
        "write each subject child's decision, category, dates, quorum and participation for the case-management "
        "system, as CSV and JSON with the Standard Safeguarding Dataset's field names (see the README)",
    )
    sub.add_argument("file", help="a conference file (chairdesk.conference/1 JSON)")
    sub.add_argument("--out", required=True, metavar="DIR", help="the folder to write them into (made if missing)")
    command("list", cmd_list, "the conferences in the database", True)
    sub = command("review", cmd_review, "start the review that follows a conference; prints the review's id")
    sub.add_argument("previous", help="the previous conference's id (see 'chairdesk list') or its conference file")
    sub.add_argument("--date", required=True, help="the review's date, YYYY-MM-DD")
    sub = command("demo", cmd_demo, "load the fictional demo conference")
    sub.add_argument("--reset", action="store_true", help="reload it, losing changes made to the demo")
    sub.add_argument("--no-window", action="store_true", help="load it without opening the window")
    sub.add_argument("--screenshot", metavar="DIR", help="save pictures of the console and board in DIR, then close")
    sub = command(
        "home", cmd_home, "open the home: every conference and what is due next (what 'chairdesk' alone does)"
    )
    sub.add_argument("--screenshot", metavar="DIR", help="save a picture of the home in DIR, then close")
    sub = command("open", cmd_open, "open a conference's console and board")
    sub.add_argument("id", nargs="?", help="the conference (default: the one last worked on)")
    sub.add_argument("--screenshot", metavar="DIR", help="save pictures of the console and board in DIR, then close")
    sub = command("licences", cmd_licences, "ChairDesk's licence and the licences of everything it bundles", True)
    sub.add_argument("--full", action="store_true", help="with the full text of each licence")
    for feature in (document_commands, recording_commands, key_recovery):
        feature.register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    paths.owner_only()  # before anything is written: every file and folder ChairDesk makes is the user's alone
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        args = parser.parse_args([*(["--db", args.db] if args.db else []), "home"])
    try:
        paths.tighten_all(_database(args))  # what an earlier ChairDesk made readable by others is tightened
        instance.remove_unclaimed(paths.opened_root())  # plain copies a ChairDesk that crashed left for the viewer
        return args.run(args)
    except ChairDeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: stopped", file=sys.stderr)
        return 130
    except Exception as error:  # a fault in ChairDesk itself: still one line, never a traceback
        if os.environ.get("CHAIRDESK_DEBUG"):
            raise
        print(
            f"error: ChairDesk met an unexpected problem ({type(error).__name__}) and stopped; run it again with "
            "CHAIRDESK_DEBUG=1 to see the details for whoever supports ChairDesk",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
