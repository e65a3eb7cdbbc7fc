"""Questions the command line asks about paths before it opens or writes anything."""

from __future__ import annotations

from pathlib import Path

from partner_tui.cli.errors import CommandFailed
from partner_tui.os_compat.files import quote_arg
from partner_tui.store.errors import describe_os_error
from partner_tui.store.file.backup import backup_path


def orphan_backup(db: Path) -> Path | None:
    """The backup of a data file that is missing (deleted, or a sync tool lost it)."""
    if db.exists() or db.is_symlink():
        return None
    backup = backup_path(db)
    return backup if backup.is_file() else None


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def shell_quote(path: Path) -> str:
    """A path as the person's shell reads it (cmd.exe and PowerShell on Windows)."""
    return quote_arg(str(path))


def read_import_file(file: Path, db: Path, notes: list[str] | None = None) -> str:
    """The text of the CSV file an import (of partners or deals) reads, with the same care
    for both: a workbook or a file that is not UTF-8, a file that cannot be read, and the
    database itself given by mistake each end in one line (CommandFailed)."""
    from partner_tui.exchange.csv_import import CSVFileError, read_text
    from partner_tui.exchange.import_limits import check_file, check_rows

    try:
        check_file(file)  # a pipe, or past the documented bounds: refused before reading
        text = read_text(file, notes)
        check_rows(file, text)
    except CSVFileError as exc:
        raise CommandFailed(str(exc)) from None
    except OSError as exc:
        raise CommandFailed(f"cannot read {describe_os_error(exc)}") from None
    if same_file(file, db):
        raise CommandFailed(f"{file} is the database itself, not a CSV file")
    return text
