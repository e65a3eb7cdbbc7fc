"""The merge driver's edges: every side git hands it is read as the program reads a data
file, and the merged result is checked the same way before it is written.

Git commits whatever the driver writes, and every command then opens that file. So a
side the program would refuse (an invalid record, a value nested a thousand deep, `{}`
with no data at all, which would read as an empty program and delete every record) is
refused here too: the driver exits 1, OURS is left as it was, and git shows a conflict
as it would without the driver. Text is cleaned as on import (no control or bidi
characters), before the merge, so the merged file and the merge's notes are clean too.
What the merge itself does with the records is store/merge.py's; only its inputs and its
output are checked here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partner_tui.cli.errors import CommandFailed
from partner_tui.store.errors import StoreError

Data = dict[str, Any]

# Anything a hostile or broken side can make the reading or the checking raise: a depth
# past the parser's or the serializer's limit, a value of a type nobody expected.
_BROKEN = (RecursionError, TypeError, ValueError, AttributeError, KeyError)


class SideRefused(CommandFailed):
    """A side (or the result) the program would not open: the driver leaves OURS alone."""


def read_side(path: Path, side: str, name: str, *, may_be_empty: bool = False) -> Data | None:
    """`side` of the merge, parsed, migrated, its text cleaned and every record checked
    with the program's models. The common ancestor (may_be_empty) may be missing or empty
    (a file added on both branches): None, and the merge is two-way; it is cleaned like
    the others but not refused for an invalid record (the result is checked instead)."""
    from partner_tui.store.file.read import read_database
    from partner_tui.store.records.load import clean_tables

    if may_be_empty and (not path.exists() or _is_empty(path)):
        return None
    try:
        data, found, _raw = read_database(path)
        if not may_be_empty and found == 0 and not any(t for k, t in data.items() if k != "meta"):
            raise _refuse(
                name, side, path,
                "it holds no data and no schema_version (an empty {}), which would read "
                "as a program with no partners and delete every record",
            )
        if may_be_empty:
            clean_tables(data)
        else:
            check_data(data, path)
    except SideRefused:
        raise
    except StoreError as exc:
        raise _refuse(name, side, path, getattr(exc, "problem", str(exc))) from None
    except _BROKEN as exc:
        raise _refuse(name, side, path, _broken(exc)) from None
    return data


def checked_result(data: Data, name: str) -> bytes:
    """The merged file's bytes, once it has passed the same check as a side (a merge of
    two valid sides can still combine into a record no side had)."""
    from partner_tui.store.file.serialize import dumps

    try:
        check_data(data, Path(name))
        return dumps(data)
    except StoreError as exc:
        problem = getattr(exc, "problem", str(exc))
    except _BROKEN as exc:
        problem = _broken(exc)
    raise SideRefused(
        f"cannot merge {name}: the merged result would not be a valid file ({problem}); "
        "left for git to report as a conflict"
    )


def check_data(data: Data, path: Path) -> None:
    """Clean every record's text in place (as reading a file does) and validate every
    record with its model, as the program does before its first write of a file.
    DatabaseUnreadable names the first invalid record."""
    from partner_tui.store.records.load import (
        check_stored,
        clean_tables,
        read_records,
        validate_record,
    )

    clean_tables(data)
    records = read_records(data, path, path)  # templates and settings validated here
    check = check_stored(
        lambda model, raw, kind, key: validate_record(model, raw, kind, key, path, path)
    )
    for key, raw in records.unverified:
        check(raw, key)


def _refuse(name: str, side: str, path: Path, problem: str) -> SideRefused:
    return SideRefused(
        f"cannot merge {name}: {side} ({path}) is not a valid partner-tui file: {problem}; "
        "left for git to report as a conflict"
    )


def _broken(exc: BaseException) -> str:
    if isinstance(exc, RecursionError) or "recursion" in str(exc).lower():
        return "a value is nested too deep"
    return f"{type(exc).__name__}: {exc}"


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False
