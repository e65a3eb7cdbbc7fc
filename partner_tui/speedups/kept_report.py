"""The Markdown report of an unchanged file, kept whole for the file, the day and your name.

cron jobs and scripts ask `export --format md` of a file that rarely changes, and each
report read the whole file and every partner's record (exchange/report_records.py), the
models and pydantic imported, to write, to the byte, what the previous report of that day
wrote. A report is a function of the file's records (its digest), the day (each next
action's due text, the opening figures as of it), your name (the one you gave:
settings_with_your_name puts it beside the company; it is outside the file) and the
program; so, as speedups/printed_cache.py keeps what `list` and `due` printed, the text
a report wrote is kept in the state folder under exactly those: the program's stamp, the
digest of the file known valid it was made from, the day and your name. The next report
of the same file (its stamp vouching for it: known_valid.vouched_digest), day and name is
written from it without reading the data file or importing the models. The first report
of another day of the month is filled in from the same report kept cut around its day's
parts (speedups/kept_report_month.py, made beside this one); anything else is made again
(and kept).

The text kept is what went out, for each way out: to a file (-o, the report as stored) and
to the terminal (every control escaped: data_commands._for_terminal), one state file each
(parts FILE and TERMINAL), so the kept text is written as it is, never escaped again.
Twenty megabytes are never read whole: the text is kept as speedups/kept_text_file.py
lays it out and read a stretch of PIECE at a time. Only a report made from a file known
valid as a whole is kept, so nothing is written that was not validated. Damage, a link
or a pipe in the state folder read as nothing kept; deleting the state folder loses only
time. tests/unit/cli/test_kept_report.py holds the kept report to the store's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter
from partner_tui.speedups.state_cache import kept_file, program_stamp

KIND = "md-report"
FILE = "file"
TERMINAL = "terminal"
# Bump when what a report writes changes within one release (program_stamp, the code's
# folders' times, catches most such changes too).
LAYOUT = 1
# How much of the kept text is read and written at a time.
PIECE = 1 << 20


def _key() -> str:
    # The first line of a kept text file is read 200 bytes at most: the program's stamp
    # there, what else the report is kept for in the index (_kept_for).
    return f"{program_stamp()}/{LAYOUT}"


def name_key(name: str) -> str:
    """Your name as a kept report's index holds it: hashed (the index is read before the
    text, and names no one)."""
    return hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _kept_for(digest: str, today: date, name: str) -> dict[str, str]:
    return {"file": digest, "day": today.isoformat(), "name": name_key(name)}


def kept_report_file(file: Path, way: str) -> Path:
    """Where the report written `way` (FILE or TERMINAL) for `file` is kept (a bench
    forgets it, a test looks)."""
    return kept_file(file, KIND, way)


def kept_report(
    file: Path, digest: str, today: date, name: str, way: str
) -> tuple[int, Iterator[bytes]] | None:
    """How many partners the report written `way` of the file known valid with `digest`
    on `today` for `name` held, and its bytes (read a stretch at a time; the kept file
    closed with the last), as kept by ReportKeeper; None when it is not kept."""
    kept = KeptTextFile.of_file(file, KIND, way, _key())
    if kept is None:
        return None
    index = kept.index
    wanted = _kept_for(digest, today, name)
    ok = (isinstance(index, dict) and all(index.get(k) == v for k, v in wanted.items())
          and type(index.get("count")) is int and index["count"] >= 0
          and kept.within(kept.start, index.get("length"))
          and kept.start + index["length"] + 1 == kept.end)  # the text, its "\n", the index
    if not ok:
        kept.close()
        return None
    return index["count"], _stretches(kept, index["length"])


def _stretches(kept: KeptTextFile, length: int) -> Iterator[bytes]:
    try:
        at, end = kept.start, kept.start + length
        while at < end:
            size = min(PIECE, end - at)
            yield kept.read(at, size)  # ValueError if cut short: the report fails, not lies
            at += size
    finally:
        kept.close()


class ReportKeeper:
    """The report written `way` of the file known valid with `digest`, kept as it goes out:
    `write` each piece as written, `done(count)` once all went out (the kept file put in
    place); a report that stops half way keeps nothing (`drop`)."""

    def __init__(self, file: Path, digest: str, today: date, name: str, way: str) -> None:
        self._writer = TextFileWriter(file, KIND, way, _key())
        self._start = self._writer.at
        self._kept_for = _kept_for(digest, today, name)

    def write(self, piece: bytes) -> None:
        self._writer.write(piece)

    def done(self, count: int) -> None:
        self._writer.finish({**self._kept_for, "count": count,
                             "length": self._writer.at - self._start})

    def drop(self) -> None:
        self._writer.drop()


def your_given_name() -> str:
    """The name the report shows as yours (settings_with_your_name's: the one you gave,
    from your config), read without the models."""
    from partner_tui.profile.your_name import given_name

    return given_name()


def kept_report_of(db: Path, way: str, today: date) -> tuple[int, Iterator[bytes]] | None:
    """The report of `db` written `way` on `today` for your name from what is kept, when
    its stamp vouches that it is the very file known valid (nothing else is read: not the
    data file): the day's whole report kept here, else the month's kept cut around its
    day's parts, filled in for `today` (speedups/kept_report_month.py); None otherwise."""
    from partner_tui.speedups.known_valid import vouched_digest
    from partner_tui.store.file.lock import data_file

    file = data_file(db)
    digest = vouched_digest(file)
    if digest is None:
        return None
    name = your_given_name()
    report = kept_report(file, digest, today, name, way)
    if report is None:
        from partner_tui.speedups.kept_report_month import kept_month_report

        report = kept_month_report(file, digest, today, name, way)
    return report
