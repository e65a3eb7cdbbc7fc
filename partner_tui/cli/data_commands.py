"""The commands that read or change the data without the app: demo, import, export.

Only arguments, the store and printing are handled here; the work is done by
partner_tui.exchange (headless).
"""

from __future__ import annotations

import contextlib
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.data_file import open_store
from partner_tui.cli.errors import CommandFailed, UsageMistake, say, warn
from partner_tui.cli.file_checks import read_import_file, same_file, shell_quote
from partner_tui.cli.parser import PROG
from partner_tui.domain import clock
from partner_tui.domain.safe_text import for_terminal, json_for_terminal
from partner_tui.store.errors import describe_os_error
from partner_tui.store.file.backup import backup_path

# The exports that are CSV: a spreadsheet opens them (a byte-order mark, CRLF kept).
CSV_FORMATS = ("csv", "payouts")
# The exports a file known valid as a whole gives without opening the store.
FAST_EXPORTS = ("csv", "json", "md", "ics")

if TYPE_CHECKING:
    from partner_tui.cli.export_stream import Exported
    from partner_tui.domain.partner import Partner
    from partner_tui.exchange.csv_import import ParsedCSV
    from partner_tui.exchange.csv_reading import RowProblem
    from partner_tui.exchange.markdown import MarkdownReport
    from partner_tui.speedups.file_board import FileStore
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


def run_import(
    db: Path,
    file: Path,
    maps: list[str] | None = None,
    dry_run: bool = False,
    errors: Path | None = None,
) -> int:
    from partner_tui.exchange.csv_columns import parse_map

    try:
        mapping = parse_map(maps or [])
    except ValueError as exc:
        raise UsageMistake(str(exc)) from None
    if errors is not None:
        output_mode(errors, "--errors")  # a pipe or a link: refused before any reading
    notes: list[str] = []
    text = read_import_file(file, db, notes)
    if dry_run:
        return _dry_run(db, file, text, mapping, notes, errors)
    for note in notes:
        warn(f"{file}: {note}")
    from partner_tui.cli.import_matching import apply_import, summary

    # Read the CSV completely before the database is created: a bad file leaves nothing
    # behind, not even an empty database. Rows matching a partner in the file update it
    # (import_matching.py); the write merges whatever another writer adds meanwhile.
    parsed = _parse_or_fail(file, text, [], mapping, errors=errors)
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
    db: Path,
    file: Path,
    text: str,
    mapping: dict[str, str],
    notes: list[str],
    errors: Path | None = None,
) -> int:
    """Everything an import checks and says, and nothing written: the database is only
    read (it works while the app has it open) and never created. The rows are checked as
    a stream (exchange/csv_check.py): only what is shown is kept. A file that would go
    into a database holding partners is then read whole, to say which rows update which
    partner (import_matching.py)."""
    from partner_tui.cli.import_matching import import_plan
    from partner_tui.cli.import_report import dry_run_report
    from partner_tui.exchange.csv_check import check_csv
    from partner_tui.exchange.csv_import import CSVFileError

    existing: list[Partner] = []
    currency = "$"
    if db.exists():
        with open_store(db, read_only=True) as store:
            existing = store.partners.all()
            currency = store.program.settings().currency_symbol
    with errors_file(errors) as write_problem:
        try:
            checked = check_csv(
                text, [p.company for p in existing], mapping, on_problem=write_problem
            )
        except CSVFileError as exc:
            raise CommandFailed(f"{file}: {exc}") from None
    checked.notes[:0] = notes
    if not checked.ok:
        for message in checked.warnings:
            warn(f"{file}: {message}")
        fail_bad_rows(file, checked.bad_lines, checked.problem_count, checked.problems,
                       errors, checked.columns.source is not None or bool(mapping))
    if not checked.count:
        raise CommandFailed(f"{file}: no partners to import (only a header row)")
    if not existing:  # nothing to match: every row is added
        say("\n".join(dry_run_report(file, db, checked, currency)))
        return 0
    parsed = _parse_or_fail(file, text, [], mapping, quiet=True)
    parsed.notes[:0] = notes
    plan = import_plan(parsed, existing)
    parsed.notes += plan.lookalike_notes()
    say("\n".join(dry_run_report(file, db, parsed, currency, plan)))
    return 0


@contextlib.contextmanager
def errors_file(errors: Path | None) -> Iterator[Callable[[RowProblem], None] | None]:
    """A writer of bad rows into `errors` (whole or not at all, as an export), or None."""
    if errors is None:
        yield None
        return
    from partner_tui.store.file.atomic_write import atomic_stream

    mode = output_mode(errors, "--errors")
    try:
        with atomic_stream(errors, mode=mode) as stream:
            yield lambda problem: stream.write(f"{problem}\n".encode())
    except OSError as exc:
        raise CommandFailed(
            f"cannot write {errors}: {describe_os_error(exc, writing=True)}"
        ) from None


def fail_bad_rows(
    file: Path,
    rows: int,
    count: int,
    shown: list[RowProblem],
    errors: Path | None,
    crm: bool,
) -> None:
    """The one message for a file with bad rows: the first SHOWN, how many more, where
    the full list is; nothing was imported."""
    from partner_tui.exchange.import_limits import SHOWN

    lines = [
        (f"{file}: {rows} bad row{'s' if rows != 1 else ''}; nothing was imported. "
         "Fix these and run the import again:")
    ]
    lines += [f"  {problem}" for problem in shown[:SHOWN]]
    if count > SHOWN:
        more = f"  ... and {count - SHOWN:,} more problem{'s' if count - SHOWN != 1 else ''}"
        lines.append(
            more + (f" (all of them in {errors})" if errors is not None
                    else " (--errors FILE writes all of them to FILE)")
        )
    elif errors is not None:
        lines.append(f"  (also written to {errors})")
    if crm:
        lines.append("  (to leave a column out of the import: --map 'COLUMN=')")
    raise CommandFailed("\n".join(lines))


def _parse_or_fail(
    file: Path,
    text: str,
    existing: list[str],
    mapping: dict[str, str],
    *,
    quiet: bool = False,
    errors: Path | None = None,
) -> ParsedCSV:
    """Every row checked; warnings printed (unless `quiet`); any bad row fails the whole
    import (the first SHOWN said, every one written to `errors`)."""
    from partner_tui.exchange.csv_import import CSVFileError, parse_csv

    try:
        parsed = parse_csv(text, existing, mapping)
    except CSVFileError as exc:
        raise CommandFailed(f"{file}: {exc}") from None
    with errors_file(errors) as write_problem:
        for problem in parsed.problems if write_problem is not None else []:
            write_problem(problem)
    for message in parsed.warnings if not quiet or not parsed.ok else []:
        warn(f"{file}: {message}")
    if not parsed.ok:
        rows = len({p.line for p in parsed.problems})
        fail_bad_rows(file, rows, len(parsed.problems), parsed.problems, errors,
                       parsed.columns.source is not None or bool(mapping))
    if not parsed.partners:
        raise CommandFailed(f"{file}: no partners to import (only a header row)")
    return parsed


def run_export(
    db: Path, fmt: str, output: Path | None, events: bool = False, period: str | None = None
) -> int:
    from partner_tui.cli.export_stream import Exported, export_chunks

    if events and fmt != "ics":
        raise UsageMistake("--events goes with --format ics only")

    if not db.exists():
        raise CommandFailed(f"{db}: no such database (nothing to export); check --db")
    if output is not None and (same_file(output, db) or same_file(output, backup_path(db))):
        raise CommandFailed(f"refusing to write the export over the database {output}")
    if output is not None:
        output_mode(output)  # a pipe, a link or a device is refused before any work
    counted = Exported()
    # A file known valid as a whole is read once, without the store (speedups/
    # file_board.py); any other file goes through the store, read-only: exporting works
    # while the app has the file open, and never writes to it.
    kept = None
    if period is None and fmt == "json":
        from partner_tui.cli.export_from_file import kept_json_chunks_of

        # An unchanged file exported before: written from what that export kept, the
        # file not read (speedups/kept_json_export.py).
        kept = kept_json_chunks_of(db, counted)
    if period is None and fmt == "md":
        from partner_tui.speedups.kept_report import FILE, TERMINAL, kept_report_of

        # A report of an unchanged file made earlier this month for your name: written as
        # it went out then, the day's parts filled in, the file not read (speedups/
        # kept_report.py).
        report = kept_report_of(db, TERMINAL if output is None else FILE, clock.today())
        if report is not None:
            counted.count, pieces = report
            _emit_kept(pieces, output)
            return _exported(counted, fmt, output, events)
    fast = None
    if kept is None and period is None and fmt in FAST_EXPORTS:
        # (Imported here: the cards and the due rules, which a kept export never reads.)
        from partner_tui.speedups.file_board import known_valid_store

        fast = known_valid_store(db)
    if kept is not None:
        _emit_chunks(kept, output, fmt)
    elif fast is not None and fmt == "md" and fast.partners.whole:
        _emit_report_kept(fast, output, counted)
    elif fast is not None:
        _emit_chunks(export_chunks(fast, fmt, events, counted), output, fmt)
    else:
        with open_store(db, read_only=True) as store:
            if period is not None:
                return _export_payouts(store, fmt, period, output)
            _emit_chunks(export_chunks(store, fmt, events, counted), output, fmt)
    return _exported(counted, fmt, output, events)


def _exported(counted: Exported, fmt: str, output: Path | None, events: bool) -> int:
    """An export done: into a file, it says how much went there."""
    if output is None:
        return 0
    what = f"{counted.count} partners"
    if fmt == "ics":
        what = f"{counted.count} {'events' if events else 'to-dos'}"
    say(f"Exported {what} as {fmt} to {output}.", sys.stderr)
    return 0


def _emit_report_kept(store: FileStore, output: Path | None, counted: Exported) -> None:
    """The Markdown report of a file known valid as a whole, emitted as any export, and
    what went out kept for the file, the month and your name, cut around its day's parts
    (speedups/kept_report_month.py): only a report that went out whole on one day is
    kept."""
    from partner_tui.cli.export_stream import markdown_report
    from partner_tui.speedups.kept_figures import checked_keys
    from partner_tui.speedups.kept_json_export import tables_key
    from partner_tui.speedups.kept_report import FILE, TERMINAL, your_given_name
    from partner_tui.speedups.kept_report_month import MonthReportKeeper

    board, today = store.partners, clock.today()
    way, name = TERMINAL if output is None else FILE, your_given_name()
    month = MonthReportKeeper(board.file, board.digest, today, name, way,
                              tables_key(board.data))
    made: list[MarkdownReport] = []  # the report, once made (its head on each day)

    def chunks() -> Iterator[str]:
        report = markdown_report(store, counted)
        made.append(report)
        for batch in report.batches():
            month.keep(batch)
            yield report.filled(batch, today)

    try:
        _emit_chunks(chunks(), output, "md")
    except BaseException:
        month.drop()
        raise
    if clock.today() != today:  # made across midnight: which day's it is, is not sure
        month.drop()
    else:
        # Each section under the inputs it was made from (a store's close that changes
        # the file carries the others: speedups/report_carry.py).
        month.done(made[0], checked_keys(board.file, board.digest, today))


def _emit_kept(pieces: Iterable[bytes], output: Path | None) -> None:
    """A kept export's bytes, as they went out the same way before (to the terminal:
    escaped already), to standard output or into `output` as _emit_chunks writes it."""
    if output is not None:
        _emit_chunks(pieces, output, "md")
        return
    binary = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    if binary is None:  # a text-only stand-in (an embedder's redirect)
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")()
        for piece in pieces:
            sys.stdout.write(decoder.decode(piece))
        sys.stdout.write(decoder.decode(b"", final=True))
        return
    for piece in pieces:
        binary.write(piece)
    binary.flush()


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


def _emit_chunks(chunks: Iterable[str | bytes], output: Path | None, fmt: str) -> None:
    """_emit for an export made piece by piece: each piece is written as it comes, to
    standard output (escaped as _emit escapes it: every piece ends at a line's end or
    between values) or into a new file renamed over `output` once all is written (whole
    or not at all, as _write_file)."""
    if output is None:
        binary = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        for chunk in chunks:
            piece = _for_terminal(chunk.decode() if isinstance(chunk, bytes) else chunk, fmt)
            if binary is None:  # a text-only stand-in (an embedder's redirect)
                sys.stdout.write(piece)
            else:
                binary.write(piece.encode("utf-8"))
        if binary is not None:
            binary.flush()
        return
    from partner_tui.store.file.atomic_write import atomic_stream

    mode = output_mode(output)  # again: the name may have changed while the data was read
    try:
        with atomic_stream(output, mode=mode) as stream:
            if fmt in CSV_FORMATS:
                stream.write(b"\xef\xbb\xbf")  # tells Excel it is UTF-8 (see _emit)
            for chunk in chunks:
                stream.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    except OSError as exc:
        raise CommandFailed(
            f"cannot write {output}: {describe_os_error(exc, writing=True)}"
        ) from None


def _for_terminal(text: str, fmt: str) -> str:
    """An export as standard output shows it: JSON with JSON's escapes; CSV and ICS keep
    their CRLF line ends (at a line's end a CR moves nothing), any other control is escaped."""
    if fmt == "json":
        return json_for_terminal(text)
    if fmt in (*CSV_FORMATS, "ics"):
        return "\r\n".join(for_terminal(line) for line in text.split("\r\n"))
    return for_terminal(text)


def output_mode(path: Path, option: str = "-o") -> int:
    """The permissions the export written to `path` gets: an existing file's own, else
    those of the person's umask (an export is meant to be shared, unlike the data file).
    Anything at `path` but a regular file or a free name is refused at once (CommandFailed):
    a link (to anything: a file, /dev/stdout, a pipe), a named pipe that would hang with no
    reader, a device, a folder. `-o -` is standard output."""
    from partner_tui.os_compat.files import new_file_mode
    from partner_tui.os_compat.plain_files import NotPlainFile, what_is_there

    try:
        found = what_is_there(path)
    except NotPlainFile as exc:
        if exc.what == "a folder":
            raise CommandFailed(f"{path} is a folder; give a file name with {option}") from None
        what, dash = ("the export", " (or - for standard output)") if option == "-o" else (
            "the bad rows", "")
        raise CommandFailed(
            f"refusing to write {what}: {exc.sentence()}; {option} takes a regular file{dash}"
        ) from None
    except OSError as exc:
        raise CommandFailed(f"cannot write {describe_os_error(exc)}") from None
    if not path.parent.is_dir():
        raise CommandFailed(f"cannot write {path}: the folder {path.parent} does not exist")
    return stat.S_IMODE(found.st_mode) if found is not None else new_file_mode()


def _write_file(path: Path, data: bytes) -> None:
    """Whole or not at all: a failed export never leaves half a file where the old one was
    (a new file renamed over the name, which output_mode checked is a plain file)."""
    from partner_tui.store.file.atomic_write import atomic_write

    mode = output_mode(path)  # again: the name may have changed while the data was read
    try:
        atomic_write(path, data, mode=mode)
    except OSError as exc:
        raise CommandFailed(f"cannot write {path}: {describe_os_error(exc, writing=True)}") from None
