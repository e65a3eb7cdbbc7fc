"""The commands that read or change the data without the app: demo, import, export.

Only arguments, the store and printing are handled here; the work is done by
partner_tui.exchange (headless).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.errors import CommandFailed, say, warn
from partner_tui.cli.file_checks import same_file, shell_quote
from partner_tui.cli.parser import PROG
from partner_tui.domain import clock
from partner_tui.store.backup import backup_path
from partner_tui.store.errors import describe_os_error

if TYPE_CHECKING:
    from partner_tui.exchange.csv_import import ParsedCSV
    from partner_tui.store.partner_store import PartnerStore


def open_store(db: Path, *, read_only: bool = False) -> PartnerStore:
    # Imported here: the store brings pydantic and the playbook's models, which opening
    # the app from the board's preview does without (see speedups/board_preview.py).
    from partner_tui.speedups.store_speedups import store_speedups
    from partner_tui.store.partner_store import PartnerStore

    # With the speedups: records known valid are not validated again, and closing keeps
    # what makes the app's next start fast (the known-valid records, the board preview).
    return PartnerStore(db, read_only=read_only, hooks=store_speedups())


def run_demo(db: Path) -> int:
    from partner_tui.exchange.demo import DemoRefused, load_demo

    with open_store(db) as store:
        try:
            added = load_demo(store, clock.today())
        except DemoRefused as exc:
            raise CommandFailed(str(exc)) from None
    say(f"Added the sample program ({added} partners, 2 templates, settings) to {db}.")
    say(f"Open it with: {PROG} --db {shell_quote(db)}")
    return 0


def run_import(db: Path, file: Path) -> int:
    from partner_tui.exchange.csv_import import CSVFileError, read_text

    try:
        text = read_text(file)
    except CSVFileError as exc:
        raise CommandFailed(str(exc)) from None
    except OSError as exc:
        raise CommandFailed(f"cannot read {describe_os_error(exc)}") from None
    if same_file(file, db):
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
    from partner_tui.exchange.csv_import import CSVFileError, parse_csv

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


def run_export(db: Path, fmt: str, output: Path | None, period: str | None = None) -> int:
    from partner_tui.exchange.csv_export import export_csv
    from partner_tui.exchange.json_export import export_json
    from partner_tui.exchange.markdown import export_markdown

    if not db.exists():
        raise CommandFailed(f"{db}: no such database (nothing to export); check --db")
    if output is not None and (same_file(output, db) or same_file(output, backup_path(db))):
        raise CommandFailed(f"refusing to write the export over the database {output}")
    # Read-only: exporting works while the app has the file open, and never writes to it.
    with open_store(db, read_only=True) as store:
        if period is not None:
            return _export_payouts(store, fmt, period, output)
        partners = store.all()
        if fmt == "csv":
            text = export_csv(partners)
        elif fmt == "json":
            text = export_json(
                partners, store.settings(), store.templates(), clock.now(),
                store.all_deals(), store.all_payments(),
            )
        else:
            deals = store.deal_measures(clock.today())
            text = export_markdown(partners, store.settings(), clock.today(), deals)
    _emit(text, output, bom=fmt == "csv")
    if output is not None:
        say(f"Exported {len(partners)} partners as {fmt} to {output}.", sys.stderr)
    return 0


def _export_payouts(store: PartnerStore, fmt: str, period: str, output: Path | None) -> int:
    from partner_tui.cli.deal_commands import payouts_text
    from partner_tui.domain.periods import Period

    text, count = payouts_text(store, fmt, Period.parse(period), clock.today())
    _emit(text, output, bom=fmt == "payouts")
    if output is not None:
        owed = f"{count} partner{'s' if count != 1 else ''}"
        say(f"Exported the {period} payout statement ({owed}) as {fmt} to {output}.", sys.stderr)
    return 0


def _emit(text: str, output: Path | None, *, bom: bool) -> None:
    """To standard output, or whole into `output`. A byte-order mark (`bom`) tells Excel a
    CSV file is UTF-8 (import accepts it either way)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    data = text.encode("utf-8")
    _write_file(output, b"\xef\xbb\xbf" + data if bom else data)


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
            raise CommandFailed(
                f"cannot write {path}: {describe_os_error(exc, writing=True)}"
            ) from None
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
        raise CommandFailed(f"cannot write {path}: {describe_os_error(exc, writing=True)}") from None
