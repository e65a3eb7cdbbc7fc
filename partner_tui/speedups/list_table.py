"""`list`'s table on any day, kept for a file known valid: its rows as laid out.

The first `list` of a day (yesterday's printed text is no use: speedups/printed_cache.py)
read the kept board into 10,000 cards, cleaned and escaped each row and padded the
columns, to print what it printed the day before but for one thing: how far each next
action's day is from today ("3 days overdue", "in 4 days"). So what
cli/partner_text.table_layout lays out (the header, each row's padded columns, its next
action's day and the action) is kept for the file and the query (`list`, `list --stage
active`), and any day spells the days by partner_text.table_lines, the table's own code.
The next `list` of the same query on that very file (its stamp vouching for it) reads
this only: not the data file, nor the kept board.

A change made through the program carries the tables laid out for the file it read to
the file it wrote (carry_tables, as its store closes: speedups/store_speedups.py), when
the kept board tells which partners' projections changed and what they were
(board_cache.Carried): every other partner's row is the same, so when each changed
partner's row, stage and place on the board are the same as before, the table is the
same and is kept under the new file's digest (a log entry, the usual change, touches
no column). A row that changed (a new stage, company or action), a partner added or
gone: not carried, the next `list` lays the table out from the kept board.

Only a file known valid (a FileBoard) is laid out this way, under its digest and the
program's stamp: nothing is printed that was not validated. A test holds the table
printed from what is kept to the one the cards print, for arbitrary partners and days.
Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partner_tui.speedups import state_cache

if TYPE_CHECKING:
    from partner_tui.cli.partner_text import LaidRow
    from partner_tui.speedups.board_cache import Carried

KIND = "list_table"  # state/list_table/
# Bump when what is kept changes within one release.
LAYOUT = 1
# Between a row's fields: a row as laid out holds no raw control character (its values
# are cleaned and escaped for a terminal), which keep_table checks.
SEP = "\x1f"


def _header(digest: str, query: str) -> dict[str, str]:
    return {"key": f"{state_cache.program_stamp()}/{LAYOUT}/{digest}", "query": query}


def _part(query: str) -> str:
    return hashlib.blake2b(query.encode(), digest_size=6).hexdigest()


def keep_table(file: Path, digest: str, query: str, head: str, rows: list[LaidRow]) -> None:
    """Keep table_layout's `head` and `rows` of `query` for the file known valid with
    `digest`: the head line, then a line per row (its columns, its day, ISO or empty,
    and its action, SEP between them). Best effort; nothing kept when a value holds a
    line break or SEP."""
    lines = [head]
    for columns, day, action in rows:
        lines.append(f"{columns}{SEP}{day.isoformat() if day is not None else ''}{SEP}{action}")
    text = "\n".join(lines)
    if text.count("\n") != len(rows) or text.count(SEP) != 2 * len(rows):
        return
    state_cache.keep_text(file, KIND, _part(query), _header(digest, query), text)


def kept_table(file: Path, digest: str, query: str) -> tuple[str, list[LaidRow]] | None:
    """The head and rows kept by keep_table for `query` of the file known valid with
    `digest`, or None."""
    kept = state_cache.kept_text(file, KIND, _part(query), _header(digest, query))
    if kept is None:
        return None
    head, *lines = kept.split("\n")
    read: dict[str, date | None] = {"": None}
    rows: list[LaidRow] = []
    try:
        for text in lines:
            columns, stored, action = text.split(SEP)
            day = read.get(stored, date.min)
            if day is date.min:
                day = read[stored] = date.fromisoformat(stored)
            rows.append((columns, day, action))
    except ValueError:  # (not three fields, or not a day: not kept here)
        return None
    return head, rows


def kept_lines(db: Path, query: str, today: date) -> tuple[list[str], Path, str] | None:
    """`list`'s lines for `query` on `today` (partner_text.partner_table's, [] for no
    partner), from what is kept for `db`, when the file's stamp vouches that it is the
    very file known valid it was laid out from (nothing else is read); with the file and
    its digest. None otherwise."""
    from partner_tui.cli.partner_text import table_lines
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    kept = kept_table(file, digest, query) if digest is not None else None
    if kept is None or digest is None:
        return None
    head, rows = kept
    return (table_lines(head, rows, today) if rows else []), file, digest


def carry_tables(file: Path, carried: Carried, digest: str, tables: dict[str, Any]) -> None:
    """As a store that changed `file` closes (the file now known valid with `digest`,
    `tables` the records written): each table kept for the file it read
    (`carried.before`) kept under `digest` when it is the same table: each changed
    partner was on the board before, in the same stage and place (cards.sort_key) with
    the same row (partner_text.table_row), and the query lists as many partners (none
    added or gone). Its text is not read as rows. Best effort: a table not carried is
    laid out by the next `list`."""
    from collections import Counter

    from partner_tui.cli.partner_text import table_row
    from partner_tui.domain.stages import Stage
    from partner_tui.speedups.board_cache import projection
    from partner_tui.store.records.cards import PartnerCard

    partners = tables.get("partners") or {}
    for pid, old in carried.changed.items():
        if old is None or pid not in partners:
            return
        was, now = PartnerCard(old, pid), PartnerCard(projection(partners[pid]), pid)
        if (was.stage, was.sort_key, table_row(was)) != (now.stage, now.sort_key, table_row(now)):
            return
    stages = Counter(raw.get("stage") for raw in partners.values() if isinstance(raw, dict))
    for stage in (None, *Stage):
        query = "list" + (f" --stage {stage.value}" if stage is not None else "")
        text = state_cache.kept_text(file, KIND, _part(query), _header(carried.before, query))
        listed = len(partners) if stage is None else stages[stage.value]
        if text is not None and text.count("\n") == listed:
            state_cache.keep_text(file, KIND, _part(query), _header(digest, query), text)
