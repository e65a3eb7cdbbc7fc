"""The session's backup: the file as it was when last opened, kept before its first
overwrite (partners.bak.json), and offered when the file cannot be read."""

from __future__ import annotations

from pathlib import Path


def backup_path(path: Path) -> Path:
    """The copy of the file as it was when last opened: partners.bak.json."""
    return path.with_name(f"{path.stem}.bak{path.suffix or '.json'}")


def known_backup(path: Path) -> Path | None:
    """The backup, if there is one to offer in an error message."""
    backup = backup_path(path)
    return backup if backup.is_file() else None
