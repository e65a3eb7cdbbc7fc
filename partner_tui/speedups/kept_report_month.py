"""The Markdown report on any day of a month, kept cut around its day's parts and its
partners' sections.

A report kept whole for the file, the day and your name (round 7) left the first report
of each day to read the whole file, every partner's record, the models and the figures
(15x `--version` at 10,000 partners) to write what the day before wrote but for a few
dozen bytes. Of the day, a report reads its month (each partner's figures,
month parts: speedups/kept_figures.py) and the day itself in two places only
(exchange/markdown.MarkdownReport.batches leaves them as holes): its head (the key
figures: "as of", the program's age and cost to date, the next actions overdue and due
today) and each next action's due text (exchange/report_due.due_text, a function of the
action's day and today).

So the report is kept here for the file (the digest of the file known valid it was made
from), the month and your name (hashed), under the program's stamp, per way out
(kept_report's FILE and TERMINAL, each as that way writes it: to the terminal every
control escaped). The text after the head, with the due texts cut out, is a run of
stretches (`runs`: which kept file, where, how long) of two kept files: the whole text
as a report made from the data file wrote it (part `way`, named at random: `made`), and
MORE (part `way`-more: what stores' closes made since, and the index over both, naming
the whole text it goes with). The index says where each due text goes in that text and
its day (a date's ordinal), and holds the head as it reads on each day of the month
(made by MarkdownReport.head itself: a few kilobytes each). A report on any day of that
month is that day's head, then the stretches a megabyte at a time with each due
text spelt for the day (the same due_text): neither the data file nor a model is read.

The index also holds, per partner, what a store's close needs to carry the report to the
file it wrote (speedups/report_carry.py): the inputs its section was made from
(kept_figures.inputs_key: its record, deals and payments), where its section lies (with
the line end before it) and its due text's place and day, and where what it adds to the
head lies (markdown.ReportShare, as speedups/report_shares.py writes it: after the text,
read for a changed partner only); what the head is made from once every share is taken
(`sums`); and the hash of the settings the report read (kept_json_export.tables_key).
Every report of an unchanged file in that month is filled in so, the same day's next one
too: no day's whole text is kept beside this (speedups/kept_report.py says why: filling
in costs what reading that did).

Only a report made from a file known valid as a whole and sent whole on one day (one
made across midnight is not kept), or carried by a store's close from one, is kept, so
nothing is written that was not validated; the file's stamp must vouch for the digest
(known_valid.vouched_digest). Damage (an index whose stretches, holes or heads do not
add up, another program's, file's, month's or name's), a link or a pipe read as nothing
kept; deleting the state folder loses only time. tests/unit/speedups/
test_kept_report_month.py holds the filled report to the report made on that day;
tests/unit/cli/test_report_carried.py the carried report to the store's report of the
file written.
"""

from __future__ import annotations

import bisect
import calendar
import operator
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.exchange.report_due import due_text
from partner_tui.speedups.kept_report import TERMINAL, name_key
from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter, whole_and_more
from partner_tui.speedups.state_cache import kept_file, program_stamp

if TYPE_CHECKING:
    from partner_tui.exchange.markdown import ReportShare

KIND = "md-month-report"
# Bump when what is kept changes within one release.
LAYOUT = 2
# The part of what closes made since the whole text: the way's name and this.
MORE = "-more"
# Which kept file a stretch is in.
WHOLE, IN_MORE = 0, 1
# How much of the kept text is read at a time (20 MB are never read whole).
PIECE = 1 << 20

# A partner's entry in the index: [its inputs' key (None: not carried), which file its
# section is in, where, how long (with the line end before it), its due text's place in it
# and day ([offset, ordinal]) or None, where its share of the head is in the same file (as
# JSON: report_shares.py) and how long].
Entry = list[Any]


def _key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


def _days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_days(today: date) -> list[date]:
    """Every day of `today`'s month: a kept report holds its head on each."""
    first = today.replace(day=1)
    return [first.replace(day=n) for n in range(1, _days_in(first) + 1)]


def _kept_for(digest: str, today: date, name: str) -> dict[str, str]:
    return {"file": digest, "month": today.strftime("%Y-%m"), "name": name_key(name)}


def kept_month_file(file: Path, way: str) -> Path:
    """Where the month's report written `way` for `file` is kept (a test looks)."""
    return kept_file(file, KIND, way)


def escaped_for(way: str) -> Callable[[str], str] | None:
    """How text goes out `way`: to the terminal every control escaped (data_commands.
    _for_terminal's rule for a report), into a file as it is. for_terminal escapes
    character by character, so the text cut at a hole escapes as the whole would."""
    if way != TERMINAL:
        return None
    from partner_tui.domain.safe_text import for_terminal

    return for_terminal


class MonthReportKeeper:
    """The report written `way` of the file known valid with `digest`, kept for the month
    of `today`: `keep` each batch (MarkdownReport.batches') as it goes out, then
    `done(report, keys)` with the report made (its head on each day of the month, its
    partners' shares) and each partner's inputs' key; a report that stops half way keeps
    nothing (`drop`). `tables`: the hash of the settings the report read."""

    def __init__(
        self, file: Path, digest: str, today: date, name: str, way: str,
        tables: str | None = None,
    ) -> None:
        self._writer = TextFileWriter(file, KIND, way, _key(), {"made": os.urandom(8).hex()})
        self._start = self._writer.at
        self._kept_for = {**_kept_for(digest, today, name), "tables": tables}
        self._today = today
        self._escape = escaped_for(way)
        # (The report's module: this keeps only what a report made from a file wrote.)
        from partner_tui.exchange.markdown import PieceStart

        self._mark = PieceStart
        self._at: list[int] = []  # where each due text goes, in the text kept
        self._days: list[int] = []  # its day (a date's ordinal)
        # Each partner's section: [its number, where it starts, its due text or None].
        self._sections: list[list[Any]] = []
        self._open: list[Any] | None = None  # the section being written
        self._ends: list[int] = []  # where each section ends
        self._headed = False
        self._bad = False

    def keep(self, batch: Iterable[object]) -> None:
        """One batch: text kept, a due day's place and each section's noted, the head
        (first) left out."""
        writer, escape = self._writer, self._escape
        for segment in batch:
            kind = type(segment)
            if kind is str:
                writer.write((escape(segment) if escape else segment).encode("utf-8"))  # type: ignore[arg-type]
            elif kind is date:
                self._at.append(writer.at - self._start)
                self._days.append(segment.toordinal())  # type: ignore[attr-defined]
                if self._open is not None:
                    self._open[2] = [writer.at - self._open[1], self._days[-1]]
            elif kind is self._mark:
                self._piece(segment.n)  # type: ignore[attr-defined]
            elif not self._headed and writer.at == self._start:
                self._headed = True  # the head: kept per day by done()
            else:
                self._bad = True  # a head not first: not the report this keeps

    def _piece(self, n: int) -> None:
        if self._open is not None:
            self._ends.append(self._writer.at)
            self._open = None
        if n >= 0:
            self._open = [n, self._writer.at, None]
            self._sections.append(self._open)

    def days(self) -> list[date]:
        """Every day of the month kept for."""
        return month_days(self._today)

    def done(self, report: Any, keys: Mapping[str, str | None] | None = None) -> None:
        """All went out: kept, with `report`'s head on each of days() and what each of its
        partners adds to it (report.partners: id and share, in the order added), each
        partner's section under its inputs' key in `keys` (none: not carried)."""
        from partner_tui.speedups.report_shares import share_json, sums_json

        self._piece(-1)
        partners: list[tuple[str, ReportShare]] = report.partners
        if self._bad or not self._headed or len(self._sections) != len(partners):
            self.drop()
            return
        escape, keys = self._escape, keys or {}
        heads = [report.head(day) for day in self.days()]
        length = self._writer.at - self._start
        # Each partner's share after the text (read only for a partner a close changed).
        entries: dict[str, Entry] = {}
        for (n, start, hole), end in zip(self._sections, self._ends, strict=True):
            pid, share = partners[n]
            kept_share = orjson.dumps(share_json(share))
            entries[pid] = [keys.get(pid), WHOLE, start, end - start, hole,
                            self._writer.at, len(kept_share)]
            self._writer.write(kept_share)
        self._writer.finish({
            **self._kept_for, "count": len(partners), "length": length,
            "heads": [escape(head) if escape else head for head in heads],
            "runs": [[WHOLE, self._start, length]] if length else [],
            "at": self._at, "days": self._days, "partners": entries,
            "sums": sums_json(report),
        })

    def drop(self) -> None:
        self._writer.drop()


class KeptMonth:
    """What is kept of the month's report written one way, open: the whole text and MORE
    when MORE's index is the one read (it names the whole text it goes with), the index,
    and the files to read stretches from."""

    def __init__(self, texts: list[KeptTextFile], index: dict[str, Any]) -> None:
        self.texts = texts
        self.index = index
        self.made = texts[0].head.get("made")

    @classmethod
    def of_file(cls, data_file: Path, way: str) -> KeptMonth | None:
        """What is kept `way` for `data_file` by this program, or None."""
        opened = whole_and_more(data_file, KIND, way, way + MORE, _key())
        if opened is None:
            return None
        texts, index = opened
        if not isinstance(index, dict) or not _runs_fit(index, texts):
            for text in texts:
                text.close()
            return None
        return cls(texts, index)  # type: ignore[arg-type]

    def close(self) -> None:
        for text in self.texts:
            text.close()

    def read(self, source: int, offset: int, length: int) -> bytes:
        """The kept bytes at `offset` of `source` (WHOLE, IN_MORE); ValueError when the
        file gives fewer."""
        return self.texts[source].read(offset, length)

    def is_for(self, digest: str | None, today: date, name: str) -> bool:
        """Whether this is the report of the file known valid with `digest` (None: any
        file) kept for `today`'s month and `name`."""
        wanted = _kept_for(digest or "", today, name)
        if digest is None:
            del wanted["file"]
        index = self.index
        return all(index.get(k) == v for k, v in wanted.items())


def _runs_fit(index: dict[str, Any], texts: list[KeptTextFile]) -> bool:
    """Whether the index's stretches lie within their kept files and add up to its
    length (a few: one for the whole text, two more for each partner a close changed)."""
    runs, length = index.get("runs"), index.get("length")
    if type(runs) is not list or type(length) is not int:
        return False
    total = 0
    for run in runs:
        if not (type(run) is list and len(run) == 3 and run[0] in (WHOLE, IN_MORE)
                and run[0] < len(texts) and texts[run[0]].within(run[1], run[2])):
            return False
        total += run[2]
    return total == length


def kept_month_report(
    file: Path, digest: str, today: date, name: str, way: str
) -> tuple[int, Iterator[bytes]] | None:
    """How many partners the report written `way` of the file known valid with `digest`
    on `today` for `name` held, and its bytes (the kept text read a stretch at a time,
    each due text spelt for `today`; the kept files closed with the last), as kept by
    MonthReportKeeper on a day of the same month or carried by a store's close since;
    None when not kept."""
    kept = KeptMonth.of_file(file, way)
    if kept is None:
        return None
    index = kept.index
    try:
        ok = (kept.is_for(digest, today, name)
              and type(index.get("count")) is int and index["count"] >= 0)
        head = holes = None
        if ok:
            head, holes = _day_head(index, today), _holes(index, index["length"])
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or head is None or holes is None:
        kept.close()
        return None
    return index["count"], _filled(kept, index["runs"], head, holes, today)


def _day_head(index: dict[str, Any], today: date) -> bytes | None:
    heads = index.get("heads")
    if type(heads) is not list or len(heads) != _days_in(today):
        return None
    head = heads[today.day - 1]
    return head.encode("utf-8") if type(head) is str else None


def _holes(index: dict[str, Any], length: int) -> tuple[list[int], list[int]] | None:
    """Where the due texts go (in order, within the text: each is followed by its line's
    end) and their days (ordinals), checked (in C loops: 10,000 of them)."""
    at, days = index.get("at"), index.get("days")
    if type(at) is not list or type(days) is not list or len(at) != len(days):
        return None
    if not at:
        return at, days
    if set(map(type, at)) != {int} or set(map(type, days)) != {int}:
        return None
    if not (0 <= at[0] and at[-1] < length and all(map(operator.le, at, at[1:]))):
        return None
    if not (1 <= min(days) and max(days) <= date.max.toordinal()):
        return None
    return at, days


def _stretches(kept: KeptMonth, runs: list[list[int]]) -> Iterator[bytes]:
    """The kept text, its runs read PIECE at a time at the most (runs next to each
    other in one kept file were laid out as one: report_carry._Text)."""
    for source, offset, length in runs:
        at, end = offset, offset + length
        while at < end:
            size = min(PIECE, end - at)
            yield kept.read(source, at, size)  # ValueError if cut short: the report fails
            at += size


def _filled(
    kept: KeptMonth, runs: list[list[int]], head: bytes,
    holes: tuple[list[int], list[int]], today: date,
) -> Iterator[bytes]:
    """The head, then the kept text a stretch at a time with each due text put in."""
    at, days = holes
    # Each day's due text on `today`, spelt once: 10,000 actions share a few hundred days.
    words = {day: due_text(date.fromordinal(day), today).encode("ascii") for day in set(days)}
    try:
        yield head
        start, n = 0, 0
        for data in _stretches(kept, runs):
            end = start + len(data)
            last = bisect.bisect_left(at, end, n)  # the holes in this stretch: n to last
            if last == n:
                yield data
            else:
                cuts = [0, *(offset - start for offset in at[n:last]), end - start]
                parts: list[bytes] = [b""] * (2 * (last - n) + 1)
                parts[::2] = [data[a:b] for a, b in pairwise(cuts)]
                parts[1::2] = [words[day] for day in days[n:last]]
                yield b"".join(parts)
            start, n = end, last
    finally:
        kept.close()
