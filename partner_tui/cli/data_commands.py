"""The commands that read or change the data without the app: demo, import, export.

Only arguments, the store and printing are handled here; the work is done by
partner_tui.exchange (headless).
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.data_file import open_store
from partner_tui.cli.errors import CommandFailed, UsageMistake, say, warn
from partner_tui.cli.file_checks import read_import_file, same_file, shell_quote
from partner_tui.cli.parser import PROG
from partner_tui.domain import clock
from partner_tui.domain.safe_text import for_terminal, json_for_terminal
from partner_tui.store.backup import backup_path
from partner_tui.store.errors import describe_os_error

# The exports that are CSV: a spreadsheet opens them (a byte-order mark, CRLF kept).
CSV_FORMATS = ("csv", "payouts")

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner
    from partner_tui.exchange.csv_import import ParsedCSV
    from partner_tui.store.partner_store import PartnerStore


def run_demo(db: Path) -> int:
    from partner_tui.exchange.demo import DemoRefused, load_demo

    with open_store(db) as store:
        try:
            added = load_demo(store, clock.today())
        except DemoRefused as exc:
            raise CommandFailed(str(exc)) from None
    say(
        f"Added the sample program ({len(added.partners)} partners, {len(added.templates)} "
        f"templates, {len(added.deals)} deals, {len(added.payments)} payouts paid, settings) "
        f"to {db}."
    )
    say(f"Open it with: {PROG} --db {shell_quote(db)}")
    return 0


def run_import(db: Path, file: Path, maps: list[str] | None = None, dry_run: bool = False) -> int:
    from partner_tui.exchange.csv_columns import parse_map

    try:
        mapping = parse_map(maps or [])
    except ValueError as exc:
        raise UsageMistake(str(exc)) from None
    notes: list[str] = []
    text = read_import_file(file, db, notes)
    if dry_run:
        return _dry_run(db, file, text, mapping, notes)
    for note in notes:
        warn(f"{file}: {note}")
    from partner_tui.cli.import_matching import apply_import, summary

    # Read the CSV completely before the database is created: a bad file leaves nothing
    # behind, not even an empty database. Rows matching a partner in the file update it
    # (import_matching.py); the write merges whatever another writer adds meanwhile.
    parsed = _parse_or_fail(file, text, [], mapping)
    with open_store(db) as store:
        plan = apply_import(store, parsed, file)
    count = len(plan.added)
    if parsed.columns.source is not None:
        say(f"Read {file} as a {parsed.columns.source.name}.")
    say(f"Imported {count} partner{'s' if count != 1 else ''} from {file} into {db}.")
    for text_line in summary(plan):
        say(text_line)
    for note in plan.lookalike_notes():
        warn(f"{file}: {note}")
    return 0


def _dry_run(
    db: Path, file: Path, text: str, mapping: dict[str, str], notes: list[str]
) -> int:
    """Everything an import checks and says, and nothing written: the database is only
    read (it works while the app has it open) and never created."""
    from partner_tui.cli.import_matching import import_plan
    from partner_tui.cli.import_report import dry_run_report

    existing: list[Partner] = []
    currency = "$"
    if db.exists():
        with open_store(db, read_only=True) as store:
            existing = store.all()
            currency = store.settings().currency_symbol
    parsed = _parse_or_fail(file, text, [], mapping, quiet=True)
    parsed.notes[:0] = notes
    plan = import_plan(parsed, existing)
    parsed.notes += plan.lookalike_notes()
    say("\n".join(dry_run_report(file, db, parsed, currency, plan)))
    return 0


def _parse_or_fail(
    file: Path, text: str, existing: list[str], mapping: dict[str, str], *, quiet: bool = False
) -> ParsedCSV:
    """Every row checked; warnings printed (unless `quiet`: the dry run's report says
    them); any bad row fails the whole import."""
    from partner_tui.exchange.csv_import import CSVFileError, parse_csv

    try:
        parsed = parse_csv(text, existing, mapping)
    except CSVFileError as exc:
        raise CommandFailed(f"{file}: {exc}") from None
    for message in parsed.warnings if not quiet or not parsed.ok else []:
        warn(f"{file}: {message}")
    if not parsed.ok:
        rows = len({p.line for p in parsed.problems})
        lines = [
            f"{file}: {rows} bad row{'s' if rows != 1 else ''}; nothing was imported. "
            "Fix these and run the import again:"
        ]
        lines += [f"  {problem}" for problem in parsed.problems]
        if parsed.columns.source is not None or mapping:
            lines.append("  (to leave a column out of the import: --map 'COLUMN=')")
        raise CommandFailed("\n".join(lines))
    if not parsed.partners:
        raise CommandFailed(f"{file}: no partners to import (only a header row)")
    return parsed


def run_export(
    db: Path, fmt: str, output: Path | None, events: bool = False, period: str | None = None
) -> int:
    from partner_tui.exchange.csv_export import export_csv
    from partner_tui.exchange.json_export import export_json
    from partner_tui.exchange.markdown import export_markdown

    if events and fmt != "ics":
        raise UsageMistake("--events goes with --format ics only")

    if not db.exists():
        raise CommandFailed(f"{db}: no such database (nothing to export); check --db")
    if output is not None and (same_file(output, db) or same_file(output, backup_path(db))):
        raise CommandFailed(f"refusing to write the export over the database {output}")
    # Read-only: exporting works while the app has the file open, and never writes to it.
    with open_store(db, read_only=True) as store:
        if period is not None:
            return _export_payouts(store, fmt, period, output)
        partners = [] if fmt == "ics" else store.all()
        if fmt == "csv":
            text = export_csv(partners)
        elif fmt == "json":
            text = export_json(
                partners, store.settings(), store.templates(), clock.now(),
                store.all_deals(), store.all_payments(),
            )
        elif fmt == "ics":
            from partner_tui.cli.due_command import may_be_due
            from partner_tui.exchange.ics_export import export_ics

            # One partner at a time, only those with something to do (see may_be_due).
            text = export_ics(may_be_due(store, date.max), clock.today(), events=events).decode()
        else:
            from partner_tui.profile.your_name import settings_with_your_name

            # The report is yours: your name (from your config) beside the company.
            settings = settings_with_your_name(store.settings())
            deals = store.deal_measures(clock.today())
            text = export_markdown(partners, settings, clock.today(), deals)
    _emit(text, output, fmt)
    if output is None:
        return 0
    what = f"{len(partners)} partners"
    if fmt == "ics":
        entries = text.count("\r\nBEGIN:VTODO\r\n") + text.count("\r\nBEGIN:VEVENT\r\n")
        what = f"{entries} {'events' if events else 'to-dos'}"
    say(f"Exported {what} as {fmt} to {output}.", sys.stderr)
    return 0


def _export_payouts(store: PartnerStore, fmt: str, period: str, output: Path | None) -> int:
    from partner_tui.cli.deal_commands import payouts_text
    from partner_tui.domain.periods import Period

    text, count = payouts_text(store, fmt, Period.parse(period), clock.today())
    _emit(text, output, fmt)
    if output is not None:
        owed = f"{count} partner{'s' if count != 1 else ''}"
        say(f"Exported the {period} payout statement ({owed}) as {fmt} to {output}.", sys.stderr)
    return 0


def _emit(text: str, output: Path | None, fmt: str) -> None:
    """To standard output, or whole into `output`; a CSV file gets a byte-order mark,
    which tells Excel it is UTF-8 (import accepts it either way)."""
    if output is None:
        # The data is clean (every text field is), yet a multi-line note may keep bidi
        # controls, and whatever reaches a terminal is escaped on principle: for JSON with
        # JSON's escapes, so it still means the same. A file (-o) gets the data as stored.
        text = _for_terminal(text, fmt)
    data = text.encode("utf-8")
    if output is None:
        # Bytes, as -o writes them: a text stream would turn each "\n" into "\r\n" on
        # Windows (and CSV's "\r\n" into "\r\r\n"), or fail on a character the console's
        # code page lacks.
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a text-only stand-in (an embedder's redirect)
            sys.stdout.write(text)
            return
        sys.stdout.flush()
        binary.write(data)
        binary.flush()
        return
    _write_file(output, b"\xef\xbb\xbf" + data if fmt in CSV_FORMATS else data)


def _for_terminal(text: str, fmt: str) -> str:
    """An export as standard output shows it: JSON with JSON's escapes; CSV and ICS keep
    their CRLF line ends (at a line's end a CR moves nothing), any other control is escaped."""
    if fmt == "json":
        return json_for_terminal(text)
    if fmt in (*CSV_FORMATS, "ics"):
        return "\r\n".join(for_terminal(line) for line in text.split("\r\n"))
    return for_terminal(text)


def _write_file(path: Path, data: bytes) -> None:
    """Whole or not at all: a failed export never leaves half a file where the old one was.
    A link at `path` is replaced, never written through (someone may have put it there)."""
    from partner_tui.os_compat.files import new_file_mode
    from partner_tui.store.atomic import atomic_write

    if path.is_dir():
        raise CommandFailed(f"{path} is a folder; give a file name with -o")
    if not path.parent.is_dir():
        raise CommandFailed(f"cannot write {path}: the folder {path.parent} does not exist")
    kind = _stream_kind(path)
    if kind == "disk":
        raise CommandFailed(f"refusing to write the export over the disk device {path}")
    if kind == "stream":
        # A pipe, terminal or null device (/dev/null, /dev/stdout, a FIFO): write into it.
        # Renaming a temp file over it would replace the device itself (root can).
        try:
            with path.open("wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise CommandFailed(
                f"cannot write {path}: {describe_os_error(exc, writing=True)}"
            ) from None
        return
    try:
        # A new export (or one replacing a link) gets the usual permissions (umask), set on
        # the new file before it takes the name: it is meant to be shared, unlike the
        # database's private temp files. An existing one keeps its own.
        replaces_a_file = path.is_file() and not path.is_symlink()
        atomic_write(path, data, mode=None if replaces_a_file else new_file_mode())
    except OSError as exc:
        raise CommandFailed(f"cannot write {path}: {describe_os_error(exc, writing=True)}") from None


def _stream_kind(path: Path) -> str | None:
    """"stream" for a pipe, terminal, socket or character device at `path` (through a link
    too, as /dev/stdout is), "disk" for a block device, None for a file or a free name."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # free, or a dangling link: replaced
    if stat.S_ISBLK(mode):
        return "disk"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "stream"
