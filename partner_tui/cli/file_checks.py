"""Questions the command line asks about paths before it opens or writes anything."""

from __future__ import annotations

from pathlib import Path

from partner_tui.os_compat.files import quote_arg
from partner_tui.store.backup import backup_path


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
