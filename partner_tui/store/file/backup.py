"""The session's backup: the file as it was when last opened, kept before its first
overwrite (partners.bak.json), and offered when the file cannot be read."""

from __future__ import annotations

from pathlib import Path

from partner_tui.os_compat.plain_files import other_owner
from partner_tui.store.file.atomic_write import preserve


def backup_path(path: Path) -> Path:
    """The copy of the file as it was when last opened: partners.bak.json."""
    return path.with_name(f"{path.stem}.bak{path.suffix or '.json'}")


def known_backup(path: Path) -> Path | None:
    """The backup, if there is one to offer in an error message: a plain file of the
    person's own. One another user put there (a shared or sticky folder) is never
    offered: copying it over the data file would make their file the data."""
    backup = backup_path(path)
    if backup.is_symlink() or not backup.is_file() or other_owner(backup) is not None:
        return None
    return backup


def keep_backup(path: Path) -> None:
    """Keep the file at `path` as its backup (atomic.preserve). In a sticky folder (/tmp)
    a backup name another user took first cannot be replaced: said with its owner's name,
    never as a bare "permission denied" (OSError; the save does not happen)."""
    backup = backup_path(path)
    try:
        preserve(path, backup)
    except PermissionError:
        owner = other_owner(backup)
        if owner is None:
            raise
        raise OSError(
            0,
            f"its backup {backup} belongs to another user ({owner}), who may have put it "
            f"there, and the folder does not let partner-tui replace it: remove it (or ask "
            f"{owner} to), or keep the data in a folder only you can write to",
        ) from None
