"""The Markdown report on any day of a month, kept cut around its day's parts.

speedups/kept_report.py keeps a report whole for the file, the day and your name, so the
first report of each day still read the whole file, every partner's record, the models
and the figures (15x `--version` at 10,000 partners) to write what the day before wrote
but for a few dozen bytes. Of the day, a report reads its month (each partner's figures,
month parts: speedups/kept_figures.py) and the day itself in two places only
(exchange/markdown.MarkdownReport.batches leaves them as holes): its head (the key
figures: "as of", the program's age and cost to date, the next actions overdue and due
today) and each next action's due text (exchange/report_due.due_text, a function of the
action's day and today).

So the report is kept here for the file (the digest of the file known valid it was made
from), the month and your name (hashed), under the program's stamp, one state file per
way out (kept_report's FILE and TERMINAL, each as that way writes it: to the terminal
every control escaped): the text after the head with the due texts cut out, where each
goes and its day (a date's ordinal), and the head as it reads on each day of the month
(made by MarkdownReport.head itself: a few kilobytes each). A report on another day of
that month is that day's head, then the text a megabyte at a time with each due text
spelt for the day (the same due_text): neither the data file nor a model is read. The
same day's next report is still kept_report's whole text (cheaper: nothing to fill).

Only a report made from a file known valid as a whole and sent whole (kept_report's
rule) is kept, so nothing is written that was not validated; the file's stamp must vouch
for the digest (known_valid.vouched_digest). Damage (an index whose holes or heads do
not add up, another program's, file's, month's or name's), a link or a pipe read as
nothing kept; deleting the state folder loses only time. tests/unit/speedups/
test_kept_report_month.py holds the filled report to the report made on that day.
"""

from __future__ import annotations

import bisect
import calendar
import operator
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from partner_tui.exchange.report_due import due_text
from partner_tui.speedups.kept_report import PIECE, TERMINAL, name_key
from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter
from partner_tui.speedups.state_cache import kept_file, program_stamp

KIND = "md-month-report"
# Bump when what is kept changes within one release.
LAYOUT = 1


def _key() -> str:
    return f"{program_stamp()}/{LAYOUT}"


def _days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def _kept_for(digest: str, today: date, name: str) -> dict[str, str]:
    return {"file": digest, "month": today.strftime("%Y-%m"), "name": name_key(name)}


def kept_month_file(file: Path, way: str) -> Path:
    """Where the month's report written `way` for `file` is kept (a test looks)."""
    return kept_file(file, KIND, way)


def _escaped_for(way: str) -> Callable[[str], str] | None:
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
    `done(count, heads)` with the head as it reads on each day of the month; a report
    that stops half way keeps nothing (`drop`)."""

    def __init__(self, file: Path, digest: str, today: date, name: str, way: str) -> None:
        self._writer = TextFileWriter(file, KIND, way, _key())
        self._start = self._writer.at
        self._kept_for = _kept_for(digest, today, name)
        self._today = today
        self._escape = _escaped_for(way)
        self._at: list[int] = []  # where each due text goes, in the text kept
        self._days: list[int] = []  # its day (a date's ordinal)
        self._headed = False
        self._bad = False

    def keep(self, batch: Iterable[object]) -> None:
        """One batch: text kept, a due day's place noted, the head (first) left out."""
        writer, escape = self._writer, self._escape
        for segment in batch:
            if type(segment) is str:
                writer.write((escape(segment) if escape else segment).encode("utf-8"))
            elif type(segment) is date:
                self._at.append(writer.at - self._start)
                self._days.append(segment.toordinal())
            elif not self._headed and writer.at == self._start:
                self._headed = True  # the head: kept per day by done()
            else:
                self._bad = True  # a head not first: not the report this keeps

    def days(self) -> list[date]:
        """Every day of the month kept for: done() wants the head on each."""
        first = self._today.replace(day=1)
        return [first.replace(day=n) for n in range(1, _days_in(first) + 1)]

    def done(self, count: int, heads: list[str]) -> None:
        """All went out: kept, with the head on each of days() (in its order)."""
        if self._bad or not self._headed or len(heads) != len(self.days()):
            self.drop()
            return
        escape = self._escape
        self._writer.finish({
            **self._kept_for, "count": count, "length": self._writer.at - self._start,
            "heads": [escape(head) if escape else head for head in heads],
            "at": self._at, "days": self._days,
        })

    def drop(self) -> None:
        self._writer.drop()


def kept_month_report(
    file: Path, digest: str, today: date, name: str, way: str
) -> tuple[int, Iterator[bytes]] | None:
    """How many partners the report written `way` of the file known valid with `digest`
    on `today` for `name` held, and its bytes (the kept text read a stretch at a time,
    each due text spelt for `today`; the kept file closed with the last), as kept by
    MonthReportKeeper on a day of the same month; None when not kept."""
    kept = KeptTextFile.of_file(file, KIND, way, _key())
    if kept is None:
        return None
    index = kept.index
    wanted = _kept_for(digest, today, name)
    try:
        ok = (isinstance(index, dict) and all(index.get(k) == v for k, v in wanted.items())
              and type(index.get("count")) is int and index["count"] >= 0
              and kept.within(kept.start, index.get("length"))
              and kept.start + index["length"] + 1 == kept.end)
        head = holes = None
        if ok:
            head, holes = _day_head(index, today), _holes(index, index["length"])
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or head is None or holes is None:
        kept.close()
        return None
    return index["count"], _filled(kept, index["length"], head, holes, today)


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


def _filled(
    kept: KeptTextFile, length: int, head: bytes, holes: tuple[list[int], list[int]],
    today: date,
) -> Iterator[bytes]:
    """The head, then the kept text a stretch at a time with each due text put in."""
    at, days = holes
    # Each day's due text on `today`, spelt once: 10,000 actions share a few hundred days.
    words = {day: due_text(date.fromordinal(day), today).encode("ascii") for day in set(days)}
    try:
        yield head
        start, n = 0, 0
        while start < length:
            end = min(start + PIECE, length)
            data = kept.read(kept.start + start, end - start)  # ValueError if cut short
            last = bisect.bisect_left(at, end, n)  # the holes in this stretch: n to last
            cuts = [0, *(offset - start for offset in at[n:last]), end - start]
            parts: list[bytes] = [b""] * (2 * (last - n) + 1)
            parts[::2] = [data[a:b] for a, b in pairwise(cuts)]
            parts[1::2] = [words[day] for day in days[n:last]]
            yield b"".join(parts)
            start, n = end, last
    finally:
        kept.close()
