"""The command line: open the app, load the demo, import and export partners.

This module only parses arguments, opens the store and prints; the work is done by
partner_tui.exchange (headless). Every failure a person can cause (a bad file, a locked
or damaged database, a full disk) becomes one line on stderr and a non-zero exit, never
a traceback.

Exit codes: 0 success, 1 the command failed (message on stderr), 2 bad usage (argparse).
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from partner_tui import __version__
from partner_tui.domain import clock
from partner_tui.paths import DB_ENV, default_db_path
from partner_tui.store.errors import ChangedOnDisk, StoreError, WriteFailed
from partner_tui.store.json_file import backup_path
from partner_tui.store.json_file import describe_os_error as in_words

if TYPE_CHECKING:
    from partner_tui.exchange.csv_io import ParsedCSV
    from partner_tui.store.partner_store import PartnerStore

PROG = "partner-tui"
FORMATS = ("csv", "json", "md")


class CommandFailed(Exception):
    """A command could not do its job; the message is what the person reads."""


# -- arguments -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    # --db and --read-only are accepted before or after the command
    # ("partner-tui --db x.json demo" and "partner-tui demo --db x.json").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"the data file (default: ${DB_ENV}, else {default_db_path_hint()})",
    )
    common.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS,
        help="open without changing anything (works while another partner-tui has the file open)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Run a partnership program from the terminal. "
        "With no command, opens the app on the data file.",
        epilog="examples:\n"
        "  partner-tui                          open the app\n"
        "  partner-tui --db demo.json demo      a sample program in a new file\n"
        "  partner-tui import partners.csv      add partners from a spreadsheet\n"
        "  partner-tui export --format md -o report.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        parents=[common],
        help="fill an EMPTY database with a sample program of 25 partners",
        description="Fill an empty database with a sample program of 25 partners across "
        "every stage. Refuses a database that already holds partners, templates or settings.",
    )
    imp = commands.add_parser(
        "import",
        parents=[common],
        help="add partners from a CSV file (all or nothing)",
        description="Add partners from a UTF-8 CSV file with a header row. Columns, in any "
        "order (only company is required): company, type, stage, contact_name, "
        "contact_email, website, potential_value, next_action, notes. Every bad row is "
        "reported with its line number and nothing is imported until all rows are good.",
    )
    imp.add_argument("file", metavar="FILE.csv", help="the CSV file to read")
    exp = commands.add_parser(
        "export",
        parents=[common],
        help="write every partner as csv, json or a Markdown report",
        description="Write the program out. csv: the import columns first (re-importable); "
        "json: every record in full with templates and settings; md: a readable report.",
    )
    exp.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    exp.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of standard output ('-' is standard output)"
    )
    shots = commands.add_parser(
        "screenshots",
        help="draw an SVG picture of every screen from demo data (for the README)",
        description="Run the app headless on the demo program (on a fixed day, so the "
        "pictures only change when a screen does) and save one SVG per screen.",
    )
    shots.add_argument(
        "--out", metavar="DIR", help="folder for the pictures (default: screens/ in the checkout)"
    )
    web = commands.add_parser(
        "serve",
        parents=[common],
        help="the same app in a web browser (textual-serve), on 127.0.0.1 by default",
        description="Serve the app to web browsers: each tab gets its own partner-tui on the "
        "data file. There is no authentication: keep the default 127.0.0.1, or put it behind "
        "a reverse proxy with authentication and TLS (see README).",
    )
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it differs (behind a reverse proxy), "
        "e.g. https://partners.example.com",
    )
    return parser


def default_db_path_hint() -> str:
    try:
        return str(default_db_path())
    except Exception:  # noqa: BLE001 - only a help text; never fail --help over it
        return "the user data folder"


# -- output helpers ------------------------------------------------------------------------------
def say(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stdout)


def warn(text: str) -> None:
    print(f"{PROG}: warning: {text}", file=sys.stderr)


def fail(text: str) -> int:
    print(f"{PROG}: {text}", file=sys.stderr)
    return 1


def describe_os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


# -- commands ------------------------------------------------------------------------------------
def open_store(db: Path, *, read_only: bool = False) -> PartnerStore:
    # Imported here: the store brings pydantic and the playbook's models, which opening
    # the app from the board's preview does without (see partner_tui/store/preview.py).
    from partner_tui.store.partner_store import PartnerStore

    return PartnerStore(db, read_only=read_only)


def run_app(db: Path, read_only: bool) -> int:
    # The start makes hundreds of thousands of objects (Textual's modules, classes, the
    # first screen) and almost no garbage: the cycle collector walked them over and over
    # (full collections of 8-25 ms each, before the first paint). It is paused until the
    # board is on screen (PartnerApp._after_first_paint), and what the start made is
    # frozen then, so later collections skip it.
    gc.disable()
    # Imported here: Textual is only loaded when the app really opens, which keeps
    # `export` and `import` quick and lets them run where Textual can't draw.
    from partner_tui.ui.app import PartnerApp

    app = PartnerApp(db_path=db, read_only=read_only)  # a StoreError surfaces in main()
    try:
        app.run()
    finally:
        # The background writer is a daemon thread: without this, a save still in flight
        # when the person presses q (the card already moved on screen) dies with the
        # interpreter. close() waits for it; a failure to save surfaces in main().
        try:
            app.close_store()
        except (WriteFailed, ChangedOnDisk) as exc:
            # Only reached when the person chose to leave anyway (the app asked first).
            raise CommandFailed(f"{exc} Changes since the last save were not saved.") from None
    if app.open_error is not None:
        # The file changed unseen since the board's preview was kept, and is unreadable.
        raise app.open_error
    if app.store_open and app.store.storage.blocked is not None:
        # The background record check found the file unusable (read-only opens too).
        raise app.store.storage.blocked
    return app.return_code or 0


def run_demo(db: Path) -> int:
    from partner_tui.exchange.demo import DemoRefused, load_demo

    with open_store(db) as store:
        try:
            added = load_demo(store, clock.today())
        except DemoRefused as exc:
            raise CommandFailed(str(exc)) from None
    say(f"Added the sample program ({added} partners, 2 templates, settings) to {db}.")
    say(f"Open it with: {PROG} --db {_shell_quote(db)}")
    return 0


def run_import(db: Path, file: Path) -> int:
    from partner_tui.exchange.csv_io import CSVFileError, read_text

    try:
        text = read_text(file)
    except CSVFileError as exc:
        raise CommandFailed(str(exc)) from None
    except OSError as exc:
        raise CommandFailed(f"cannot read {describe_os_error(exc)}") from None
    if _same_file(file, db):
        raise CommandFailed(f"{file} is the database itself, not a CSV file")
    if db.exists():
        # Take the writer lock first: a database open in the app is reported before
        # anything else, and nobody can add a partner between the check and the write.
        with open_store(db) as store:
            parsed = _parse_or_fail(file, text, [p.company for p in store.all()])
            store.add_many(parsed.partners)
    else:
        # Read the CSV completely before the database is created: a bad file leaves
        # nothing behind, not even an empty database.
        parsed = _parse_or_fail(file, text, [])
        with open_store(db) as store:
            store.add_many(parsed.partners)
    count = len(parsed.partners)
    say(f"Imported {count} partner{'s' if count != 1 else ''} from {file} into {db}.")
    return 0


def _parse_or_fail(file: Path, text: str, existing: list[str]) -> ParsedCSV:
    """Every row checked; warnings printed; any bad row fails the whole import."""
    from partner_tui.exchange.csv_io import CSVFileError, parse_csv

    try:
        parsed = parse_csv(text, existing)
    except CSVFileError as exc:
        raise CommandFailed(f"{file}: {exc}") from None
    for message in parsed.warnings:
        warn(f"{file}: {message}")
    if not parsed.ok:
        rows = len({p.line for p in parsed.problems})
        lines = [
            f"{file}: {rows} bad row{'s' if rows != 1 else ''}; nothing was imported. "
            "Fix these and run the import again:"
        ]
        lines += [f"  {problem}" for problem in parsed.problems]
        raise CommandFailed("\n".join(lines))
    if not parsed.partners:
        raise CommandFailed(f"{file}: no partners to import (only a header row)")
    return parsed


def run_export(db: Path, fmt: str, output: Path | None) -> int:
    from partner_tui.exchange.csv_io import export_csv
    from partner_tui.exchange.json_export import export_json
    from partner_tui.exchange.markdown import export_markdown

    if not db.exists():
        raise CommandFailed(f"{db}: no such database (nothing to export); check --db")
    if output is not None and (_same_file(output, db) or _same_file(output, backup_path(db))):
        raise CommandFailed(f"refusing to write the export over the database {output}")
    # Read-only: exporting works while the app has the file open, and never writes to it.
    with open_store(db, read_only=True) as store:
        partners = store.all()
        if fmt == "csv":
            text = export_csv(partners)
        elif fmt == "json":
            text = export_json(partners, store.settings(), store.templates(), clock.now())
        else:
            text = export_markdown(partners, store.settings(), clock.today())
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    data = text.encode("utf-8")
    if fmt == "csv":
        # A byte-order mark tells Excel the file is UTF-8 (import accepts it either way).
        data = b"\xef\xbb\xbf" + data
    _write_file(output, data)
    say(f"Exported {len(partners)} partners as {fmt} to {output}.", sys.stderr)
    return 0


def _write_file(path: Path, data: bytes) -> None:
    """Whole or not at all: a failed export never leaves half a file where the old one was."""
    from partner_tui.store.atomic import atomic_write

    if path.is_dir():
        raise CommandFailed(f"{path} is a folder; give a file name with -o")
    if not path.parent.is_dir():
        raise CommandFailed(f"cannot write {path}: the folder {path.parent} does not exist")
    is_new = not path.exists()
    if not is_new and not path.is_file():
        # A device, pipe or socket (/dev/null, /dev/stdout, a FIFO): write into it. Renaming
        # a temp file over it would replace the device itself (root can).
        try:
            with path.open("wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise CommandFailed(f"cannot write {path}: {in_words(exc)}") from None
        return
    try:
        atomic_write(path, data)
        if is_new:
            # atomic_write makes private temp files (right for the database); an export
            # is meant to be shared, so a new one gets the usual permissions (umask).
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(path, 0o666 & ~mask)
    except OSError as exc:
        raise CommandFailed(f"cannot write {path}: {in_words(exc)}") from None


def _orphan_backup(db: Path) -> Path | None:
    """The backup of a data file that is missing (deleted, or a sync tool lost it)."""
    if db.exists() or db.is_symlink():
        return None
    backup = backup_path(db)
    return backup if backup.is_file() else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _shell_quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


# -- entry point ---------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    raw_db = getattr(args, "db", None)
    if raw_db is not None and not raw_db.strip():
        return fail("--db needs a file path")
    db = Path(raw_db).expanduser() if raw_db else default_db_path()
    read_only = getattr(args, "read_only", False)
    command = args.command
    if read_only and command in ("demo", "import"):
        return fail(f"{command} changes the database; it cannot run with --read-only")
    if db.is_dir():
        return fail(f"{db} is a folder; --db needs a file path such as {db / 'partners.json'}")
    orphan = _orphan_backup(db) if command in (None, "demo", "import", "serve") else None
    if orphan is not None:
        # Starting a new, empty file here would make the next session's backup overwrite
        # this one: the last copy of the data. Say so and let the person choose.
        return fail(
            f"{db} does not exist, but its backup {orphan} does. To restore it: "
            f"cp {_shell_quote(orphan)} {_shell_quote(db)} (or move the backup away to "
            "start a new file)"
        )
    try:
        if command is None:
            return run_app(db, read_only)
        if command == "demo":
            return run_demo(db)
        if command == "import":
            return run_import(db, Path(args.file).expanduser())
        if command == "export":
            # "-o -" is standard output, as for most tools.
            output = Path(args.output).expanduser() if args.output not in (None, "-") else None
            return run_export(db, args.format, output)
        if command == "screenshots":
            from partner_tui.ui.screenshots import main as draw_pictures

            return draw_pictures(Path(args.out).expanduser() if args.out else None)
        if command == "serve":
            from partner_tui.ui.serve import serve

            return serve(db, args.host, args.port, args.public_url, read_only=read_only)
        return fail(f"unknown command {command!r}")  # argparse stops this; belt and braces
    except CommandFailed as exc:
        return fail(str(exc))
    except StoreError as exc:
        return fail(str(exc))
    except (csv.Error, UnicodeError) as exc:
        return fail(f"{exc}")
    except BrokenPipeError:
        # `partner-tui export ... | head`: the reader left; not an error worth a traceback.
        _silence_stdout()
        return 1
    except OSError as exc:
        return fail(describe_os_error(exc))
    except KeyboardInterrupt:
        return fail("interrupted")
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        return fail(
            f"unexpected error ({type(exc).__name__}: {exc}); nothing was lost. "
            "Please report this."
        )


def _silence_stdout() -> None:
    # Python would complain again when it flushes stdout at exit; point it at /dev/null.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
