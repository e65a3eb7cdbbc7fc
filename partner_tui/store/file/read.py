"""Reading the data file: its bytes, parsed, shape-checked and migrated, never written.

A read that races another program replacing the file is retried (read_stable), so a
later conflict check compares against exactly the bytes that were read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import orjson

from partner_tui.store.errors import DatabaseNewer, DatabaseUnreadable
from partner_tui.store.file import schema
from partner_tui.store.file.backup import known_backup
from partner_tui.store.file.compact import Packer, expand_tables
from partner_tui.store.file.entry_ids import fill_entry_ids
from partner_tui.store.file.parse import parse_json
from partner_tui.store.file.schema import check_keys, check_shape, migrate, version_of

Fingerprint = tuple[int, int, int] | None


def fingerprint(path: Path) -> Fingerprint:
    """Identity of the file's current contents: a rename-replace changes the inode, an
    in-place rewrite the size or modification time."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_database(
    path: Path, packer: Packer | None = None
) -> tuple[dict[str, Any], int, bytes]:
    """Parse and migrate the file. Returns (data, version found, raw bytes).
    packer: the deals come back packed (file/compact.py), as the store holds them.

    Raises DatabaseUnreadable with the reason; never writes anything.
    """
    backup = known_backup(path)

    def bad(problem: str) -> DatabaseUnreadable:
        return DatabaseUnreadable(path, problem, backup)

    try:
        # A named pipe or a device would block the read (or never end): refuse it unread.
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise bad("it is not a regular file (a pipe, socket or device)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise bad("it is a directory, not a file") from None
    except PermissionError:
        raise bad("permission denied (cannot read it)") from None
    except OSError as exc:
        raise bad(exc.strerror or str(exc)) from None
    if not raw.strip():
        raise bad("the file is empty (0 bytes of data)")
    try:
        parsed = parse_json(raw, packer)
    except orjson.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    try:
        data = check_shape(parsed)
        found = version_of(data)
    except ValueError as exc:
        raise bad(str(exc)) from None
    if found > schema.SCHEMA_VERSION:
        raise DatabaseNewer(
            path,
            f"it was written by a newer partner-tui (schema {found}; "
            f"this version reads up to {schema.SCHEMA_VERSION}); upgrade partner-tui to open it",
        )
    try:
        if found < schema.SCHEMA_VERSION:
            expand_tables(data)  # the migrations read records as dicts
        data, found = migrate(data)
        check_keys(data)
        if found == schema.SCHEMA_VERSION:
            fill_entry_ids(data)  # entries a hand edit added without an id
    except ValueError as exc:
        raise bad(str(exc)) from None
    if packer is not None:
        packer.pack_tables(data)  # what the parse did not pack (a small file, a migration)
    return data, found, raw


def read_stable(
    path: Path, packer: Packer | None = None
) -> tuple[dict[str, Any], int, bytes, Fingerprint]:
    """read_database plus the fingerprint of exactly the bytes that were read.

    Another program may replace the file while we read it; reading again until the
    fingerprint is the same before and after means a later conflict check compares
    against what we really hold.
    """
    for _ in range(5):
        before = fingerprint(path)
        data, found, raw = read_database(path, packer)
        if fingerprint(path) == before:
            return data, found, raw, before
    return data, found, raw, None  # still changing: the next save will report a conflict
