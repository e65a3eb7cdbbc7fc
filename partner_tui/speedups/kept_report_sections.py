"""Each partner's section of the Markdown report, kept per partner, cut around when its
next action is due.

`export --format md` writes a section per partner (its type, contact, fit, next action,
agreement, terms, figures, challenges, stage history, last activity and notes, escaped
for Markdown): a quarter of the report's time at 10,000 partners. A section reads the
partner's record, the currency symbol, a few of its figures (the month's: leads, deals,
revenue, payout, paid, satisfaction, ROI, typed or not) and of the day only when its next
action is due (exchange/markdown.due_text: "" when the record has no next action date,
and then on every day). So each partner's section is kept in the state folder
(speedups/kept_text_file.py: kind "report", part "sections"; read a section at a time,
never whole, so the report's peak does not grow) in two parts around the due text, made
with a stand-in for it (a section holding the stand-in anywhere else is not kept), under
the record's hash and those figures, for program_stamp() and
the currency symbol, with the digest of the file it was made from. The next report
writes the kept section of every partner whose record and figures are the same (on the
same file, no record is hashed) and makes the others; the kept file is made again when
any was made. Deleting it loses only time. tests/unit/speedups/test_kept_report_sections.py
holds the report through it to the report without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups.kept_text_file import KeptTextFile, TextFileWriter
from partner_tui.speedups.known_valid import record_hash
from partner_tui.speedups.state_cache import program_stamp

if TYPE_CHECKING:
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.exchange.markdown import ReportedPartner
    from partner_tui.speedups.file_board import FileBoard

# Bump when what is kept changes within one release.
LAYOUT = 1
KIND, PART = "report", "sections"
# The due text's stand-in while a section is made (private-use characters: a section
# holding them where the data has them too is not kept).
DUE = "\ue000due\ue000"

# A kept section: [its record's hash, its figures (_figures_key), where its text starts,
# the length of its part before the due text, of its part after it (-1: the section
# shows no due text)], lengths in UTF-8 bytes.
Entry = list[Any]


def key(symbol: str) -> str:
    return f"{program_stamp()}/{LAYOUT}/{orjson.dumps(symbol).decode()}"


def _figures_key(figures: PartnerFigures) -> str:
    """What a section shows of a partner's figures (exchange/markdown._partner_section)."""
    return repr((
        figures.typed, figures.leads, figures.deals_won, figures.revenue, figures.payout,
        figures.paid, figures.satisfaction, figures.roi,
    ))


class KeptSections:
    """The sections kept for a file known valid (`board`) and a currency symbol; those
    of this report are kept again as it ends (`save`) when any was made."""

    def __init__(self, board: FileBoard, symbol: str) -> None:
        self._board = board
        self._key = key(symbol)
        self._file = KeptTextFile.of_file(board.file, KIND, PART, self._key)
        index = self._file.index if self._file is not None else None
        entries = index.get("sections") if isinstance(index, dict) else None
        self._kept: dict[str, Entry] = entries if isinstance(entries, dict) else {}
        self._same = isinstance(index, dict) and index.get("file") == board.digest
        # This report's sections, in order: [pid, hash, figures key, before, after].
        self._now: list[list[Any]] = []
        self._made = 0

    def section(
        self, partner: ReportedPartner, figures: PartnerFigures | None, due: str,
        make: Callable[[str], str],
    ) -> str | tuple[str, ...]:
        """The section of `partner` (exchange/markdown.KeptSectionsLike): kept, in its
        parts around the due text (not joined into one more copy of it)."""
        pid = partner.id
        card = self._board.index.cards.get(pid)
        if figures is None or card is None:  # figures worked out by the section itself
            self._made += 1
            return make(due)
        fkey = _figures_key(figures)
        digest: str | None = None
        found = self._kept_parts(pid, fkey)
        if found is not None and not self._same:
            digest = _hash_or_none(card.record)
            if digest is None or digest != self._kept[pid][0]:
                found = None
        if found is not None:
            before, after = found
            self._now.append([pid, self._kept[pid][0], fkey, before, after])
            return before if after is None else (before, due, after)
        self._made += 1
        if digest is None:
            digest = _hash_or_none(card.record)
        if not due:  # no next action date: no due text, any day (the record says so)
            section = make(due)
            if digest is not None:
                self._now.append([pid, digest, fkey, section, None])
            return section
        # The due text goes in once (markdown._partner_section); a stand-in found once
        # is that place, found more often it is in the data too: not kept.
        template = make(DUE)
        if digest is None or template.count(DUE) != 1:
            return make(due)
        before, after = template.split(DUE)
        self._now.append([pid, digest, fkey, before, after])
        return (before, due, after)

    def _kept_parts(self, pid: str, fkey: str) -> tuple[str, str | None] | None:
        """The kept section's two parts when it was kept with the figures `fkey`."""
        entry = self._kept.get(pid)
        kept = self._file
        if kept is None or not (isinstance(entry, list) and len(entry) == 5
                                and isinstance(entry[0], str) and entry[1] == fkey):
            return None
        offset, before, after = entry[2], entry[3], entry[4]
        if not (kept.within(offset, before) and type(after) is int
                and kept.within(offset, before + max(after, 0))):
            return None
        try:
            text = kept.read(offset, before + max(after, 0))
            first = text[:before].decode("utf-8")
            return first, (None if after < 0 else text[before:].decode("utf-8"))
        except (OSError, ValueError):  # cut short, not UTF-8 where it is cut
            return None

    def save(self) -> None:
        """Keep this report's sections when any was made or the file is another (else
        they are the kept ones, for this very file). Best effort."""
        if self._file is not None:
            self._file.close()
        if not self._made and self._same and len(self._now) == len(self._kept):
            return
        out = TextFileWriter(self._board.file, KIND, PART, self._key)
        index: dict[str, Entry] = {}
        try:
            for pid, digest, fkey, before, after in self._now:
                first = before.encode("utf-8")
                second = b"" if after is None else after.encode("utf-8")
                rest = -1 if after is None else len(second)
                index[pid] = [digest, fkey, out.at, len(first), rest]
                out.write(first + second)
        except UnicodeEncodeError:  # a lone surrogate in the data: nothing kept
            out.drop()
            return
        out.finish({"sections": index, "file": self._board.digest})


def _hash_or_none(record: Any) -> str | None:
    try:
        return record_hash(record)
    except (orjson.JSONEncodeError, TypeError):
        return None
