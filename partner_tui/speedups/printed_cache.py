"""What `list` and `due` (with or without `--json`) printed, kept for the file and the day.

cron jobs, scripts and agents call `due` and `list` many times a day on a file that
rarely changes. Each call read the kept board and ran the due rules over 10,000
partners (domain/quiet.py, domain/cadence_rule.py, domain/due_list.py) to print, to the
byte, what the previous call printed: what they print depends only on the file's records,
the day and the command's options. So the text is kept in the state folder under the
digest of a file known valid as a whole, the day, the command line that asked for it and
this version of the program: the same functions' result, computed once per file, day
and query. The next call of the same query on the same file (its stamp vouching for it:
speedups/trusted_stamp.py) and day prints it without reading the data file. Any other
file, day, query or version computes it again (and keeps it). Only a file known valid is
kept this way (a file the store read is validated and remembered first), so nothing is
printed that was not validated. Deleting this module, or its state file, loses only time.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from partner_tui.speedups import state_cache

KIND = "printed"
# Bump when what a command prints changes within one release, so kept texts are dropped
# (the code's folders' times, in state_cache.program_stamp, catch most such changes too).
RULES_VERSION = 1


def _key(digest: str, today: date) -> str:
    return f"{state_cache.program_stamp()}/{RULES_VERSION}/{digest}/{today.isoformat()}"


def query_part(query: str) -> str:
    """The part of the kept texts that holds `query`'s: one state file per query (the one
    asked reads only its own text), replaced the next day or after a change."""
    return hashlib.blake2b(query.encode(), digest_size=6).hexdigest()


def kept_file(file: Path, query: str) -> Path:
    """Where what `query` printed for `file` is kept (a bench drops it, a test looks)."""
    return state_cache.kept_file(file, KIND, query_part(query))


def kept_text(file: Path, digest: str, today: date, query: str) -> str | None:
    """What `query` (a command line: "due --days 7 --json") printed for this file
    (`digest`, known valid) and day, as kept by keep_text; None when not kept."""
    header = {"key": _key(digest, today), "query": query}
    return state_cache.kept_text(file, KIND, query_part(query), header)


def keep_text(file: Path, digest: str, today: date, query: str, text: str) -> None:
    """Keep `text`, what `query` printed for this file (`digest`, known valid) and day.
    Best effort: a text that cannot be kept is computed again next time."""
    header = {"key": _key(digest, today), "query": query}
    state_cache.keep_text(file, KIND, query_part(query), header, text)


def kept_printed(db: Path, query: str, today: date) -> str | None:
    """What `query` printed for `db` today, when the file's stamp vouches that it is the
    very file known valid the text was kept for (nothing else is read: not the data
    file); None otherwise."""
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    return kept_text(file, digest, today, query) if digest is not None else None
