"""The Markdown report kept for the month, carried by a store's close to the file it wrote.

After `log` or a move changed one partner, the next `export --format md` read the whole
file, every partner's record and figures, imported the models and wrote 20 MB of kept
report again (17.6x `--version` at 10,000 partners), to write what the report before it
wrote but for one section, two headings and the head. The store's close knows which
partners it changed and holds their models: so, as kept_json_partners.carry_texts
carries the JSON export's texts, it carries the month's kept report (speedups/
kept_report_month.py) to the file it wrote, each way out kept:

- each partner whose inputs are the ones its section was made from (kept_figures.
  inputs_key: its record, its deals and payments; remember_valid hashed them all) keeps
  its section where it lies;
- the section of each partner it changed or added is made by the report's own code
  (MarkdownReport.made, from the store's model and figures) and written to MORE, with the
  stages' headings (their counts change) and the sections MORE held before;
- the head on each day of the month is made by the report's own code (MarkdownReport.
  head) from the sums of every partner's share kept with the report, the changed or
  gone partners' kept shares taken back out and the new ones taken in
  (MarkdownReport.take, ProgramTotals.take: exact sums and counts; speedups/
  report_shares.py), no other partner's share read.

Then the next report reads the index and the stretches, not the data file nor a model.
Only when the report was kept for this month, your name and the same settings (the hash
of the settings' and templates' records), and at most MADE_AT_CLOSE partners changed (an
import of thousands leaves it to the export, which makes it whole from the file); once
MORE passes 1/MORE_SHARE of the whole text, the close leaves it too. Best effort:
anything not carried is made by the next export. tests/unit/cli/test_report_carried.py
holds the carried report to the store's report of the file written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui.speedups.kept_report_month import (
    IN_MORE,
    KIND,
    MORE,
    WHOLE,
    Entry,
    KeptMonth,
    escaped_for,
    month_days,
)
from partner_tui.speedups.kept_text_file import TextFileWriter

if TYPE_CHECKING:
    from partner_tui.domain.partner_figures import PartnerFigures
    from partner_tui.exchange.markdown import DueCut, MarkdownReport, ReportShare
    from partner_tui.speedups.known_valid import Remembered
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard

# A close makes the sections of this many changed partners at the most.
MADE_AT_CLOSE = 64
# MORE is left to the next export (which makes the whole text again) past this share.
MORE_SHARE = 16


def carry_report(
    store: PartnerStore, written: Remembered, keys: Callable[[], Mapping[str, str | None]],
    today: date,
) -> None:
    """StoreHooks.closing, the file on disk now known valid (`written`: remember_valid's):
    the month's kept report, each way out, carried to it (see the module). `keys()`:
    every partner's inputs_key now. Best effort."""
    from partner_tui.speedups.kept_report import FILE, TERMINAL, your_given_name

    kept: dict[str, KeptMonth] = {}
    try:
        for way in (FILE, TERMINAL):
            month = KeptMonth.of_file(store.file, way)
            if month is not None:
                kept[way] = month
        if not kept:  # (most closes: your name not read)
            return
        name = your_given_name()
        for way, month in list(kept.items()):
            if not month.is_for(None, today, name) or month.index.get("file") == written.digest:
                del kept[way]
                month.close()
        carrier = _Carrier(store, written.digest, keys(), today)
        for way, month in kept.items():
            carrier.carry(way, month)
    except Exception:  # noqa: BLE001 - the report's own code runs here: whatever fails,
        # the close goes on (the board's first screen is kept after this) and the next
        # report is made from the file
        return
    finally:
        for month in kept.values():
            month.close()


class _Carrier:
    """What every way's carry shares: the board's order, the settings' hash, the changed
    partners' shares and sections (made once, from the store)."""

    def __init__(
        self, store: PartnerStore, digest: str, keys: Mapping[str, str | None], today: date
    ) -> None:
        from partner_tui.cli.partner_commands import listed_cards
        from partner_tui.speedups.kept_json_export import tables_key
        from partner_tui.store.records.load import held_tables

        self.store, self.digest, self.keys, self.today = store, digest, keys, today
        self.cards: list[PartnerCard] = listed_cards(store.partners)
        self.ids = {card.id for card in self.cards}
        self.tables = tables_key(held_tables(store.storage))
        from partner_tui.profile.your_name import settings_with_your_name

        # The report is yours: your name beside the company (cli/export_stream's rule).
        self.settings = settings_with_your_name(store.program.settings())
        self._report: MarkdownReport | None = None  # makes the changed partners'
        self._made: dict[str, tuple[ReportShare, str | DueCut]] = {}
        self._figures: dict[str, PartnerFigures] = {}  # theirs

    def carry(self, way: str, month: KeptMonth) -> None:
        """Carry what `month` keeps written `way` (see the module), when it may be."""
        from partner_tui.speedups.report_shares import share_of_json, take_sums

        index = month.index
        entries = index.get("partners")
        if self.tables is None or index.get("tables") != self.tables or not isinstance(entries, dict):
            return
        texts = month.texts
        if len(texts) > 1 and (texts[1].end - texts[1].start) * MORE_SHARE > texts[0].end - texts[0].start:
            return
        keys = self.keys
        changed = [card.id for card in self.cards
                   if not _fits(entries.get(card.id), keys.get(card.id), texts)]
        gone = entries.keys() - self.ids
        if len(changed) + len(gone) > MADE_AT_CLOSE:
            return
        # The head's figures: the sums kept, each changed or gone partner's kept share
        # taken back out, each changed partner's new share taken in.
        heads = self._new_report()
        take_sums(heads, index.get("sums"))
        for pid in (*changed, *gone):
            entry = entries.get(pid)
            if entry is not None:
                kept_share = month.read(entry[1], entry[5], entry[6])
                heads.take(share_of_json(orjson.loads(kept_share)), -1)
        made = self._sections(changed)
        for pid in changed:
            heads.take(made[pid][0])
        self._write(way, month, heads, made)

    def _sections(self, ids: list[str]) -> dict[str, tuple[ReportShare, str | DueCut]]:
        """Each partner's share and section (of `ids`), made from the store's model and
        figures by the report's own code, once for every way."""
        made = self._made
        for pid in ids:
            if pid not in made:
                if self._report is None:
                    self._report = self._new_report(self._figures)
                # Its figures as the report reads them: the store's (Payouts.figures).
                self._figures[pid] = self.store.payouts.figures(pid, self.today)
                made[pid] = self._report.made(self.store.partners.get(pid))
        return {pid: made[pid] for pid in ids}

    def _new_report(self, figures: dict[str, PartnerFigures] | None = None) -> MarkdownReport:
        from partner_tui.domain.partner_figures import DealMeasures
        from partner_tui.exchange.markdown import MarkdownReport

        return MarkdownReport(
            self.settings, self.today, DealMeasures({} if figures is None else figures))

    def _write(
        self, way: str, month: KeptMonth, heads: MarkdownReport,
        made: dict[str, tuple[ReportShare, str | DueCut]],
    ) -> None:
        from partner_tui.domain.stages import PIPELINE, Stage
        from partner_tui.exchange.markdown import DueCut
        from partner_tui.speedups.kept_report_month import _key
        from partner_tui.speedups.report_shares import share_json, sums_json

        escape = escaped_for(way)

        def encoded(text: str) -> bytes:
            return (escape(text) if escape else text).encode("utf-8")

        kept: dict[str, Entry] = month.index["partners"]
        by_stage: dict[Stage, list[str]] = {stage: [] for stage in (*PIPELINE, Stage.ARCHIVED)}
        for card in self.cards:
            by_stage[card.stage].append(card.id)
        text = _Text(TextFileWriter(self.store.file, KIND, way + MORE, _key()))
        try:
            entries: dict[str, Entry] = {}
            for stage, ids in by_stage.items():
                text.made(encoded("\n" + heads.stage_heading(stage)))
                for pid in ids:
                    if pid in made:
                        share, section = made[pid]
                        if isinstance(section, DueCut):
                            start = text.made(encoded("\n" + section.before))
                            hole = [text.writer.at - start, section.when.toordinal()]
                            text.made(encoded(section.after), starts=False)
                        else:
                            start, hole = text.made(encoded("\n" + section)), None
                        entry = [self.keys.get(pid), IN_MORE, start, text.writer.at - start,
                                 hole, *text.aside(orjson.dumps(share_json(share)))]
                    else:
                        entry = kept[pid]
                        if entry[1] == IN_MORE:  # MORE is made anew: its sections copied
                            entry = entry.copy()
                            entry[2] = text.made(month.read(IN_MORE, entry[2], entry[3]))
                            entry[5:] = text.aside(month.read(IN_MORE, entry[5], entry[6]))
                        else:
                            text.kept(entry[2], entry[3])
                    entries[pid] = entry
                    hole = entry[4]
                    if hole is not None:  # (text.hole, written out: 10,000 of them)
                        text.at.append(text.piece + hole[0])
                        text.days.append(hole[1])
            text.writer.finish({
                "file": self.digest, "month": self.today.strftime("%Y-%m"),
                "name": month.index["name"], "tables": self.tables,
                "count": len(self.cards), "length": text.length,
                "heads": [(escape(head) if escape else head)
                          for head in map(heads.head, month_days(self.today))],
                "runs": text.runs, "at": text.at, "days": text.days, "partners": entries,
                "sums": sums_json(heads), "whole": month.made,
            })
        finally:
            text.writer.drop()  # (after finish: nothing to drop)


class _Text:
    """The carried report's text as it is laid out: its stretches of the whole text and
    of the new MORE (written as they come), and where its due texts go (`at`, `days`:
    each piece's due text at `piece` and its offset in it)."""

    def __init__(self, writer: TextFileWriter) -> None:
        self.writer = writer
        self.runs: list[list[int]] = []
        self.length = 0  # of the text so far
        self.at: list[int] = []
        self.days: list[int] = []
        self.piece = 0  # where the piece laid out last starts in the text

    def made(self, data: bytes, starts: bool = True) -> int:
        """Write `data` to MORE, laid out next (`starts`: a piece starts with it, else
        the piece laid out last goes on); where it went in MORE."""
        at = self.writer.at
        if starts:
            self.piece = self.length
        self._run(IN_MORE, at, len(data))
        self.writer.write(data)
        return at

    def aside(self, data: bytes) -> list[int]:
        """Write `data` to MORE, not laid out (a share); where it went and how long."""
        at = self.writer.at
        self.writer.write(data)
        return [at, len(data)]

    def kept(self, offset: int, length: int) -> None:
        """A piece of the whole text, laid out next."""
        self.piece = self.length
        self._run(WHOLE, offset, length)

    def _run(self, source: int, offset: int, length: int) -> None:
        """Lay out a stretch: the one before goes on when it ends where this starts
        (the next partner's section, mostly), so the report reads one stretch."""
        last = self.runs[-1] if self.runs else None
        if last is not None and last[0] == source and last[1] + last[2] == offset:
            last[2] += length
        else:
            self.runs.append([source, offset, length])
        self.length += length


def _fits(entry: Any, key: str | None, texts: list[Any]) -> bool:
    """Whether `entry` is a kept section made from the inputs with `key`, lying within
    its kept file (of `texts`), its due text within it. (Ten thousand of them at each
    close: one expression. The report that reads the index checks every stretch and due
    text it is given again: kept_report_month._runs_fit, _holes.)"""
    try:
        hole = entry[4]
        text = texts[entry[1]]
        return (key is not None and entry[0] == key and len(entry) == 7
                and text.start <= entry[2] and entry[2] + entry[3] <= text.end
                and text.start <= entry[5] and entry[5] + entry[6] <= text.end
                and entry[3] >= 0 and (hole is None or (
                    len(hole) == 2 and 0 <= hole[0] <= entry[3] and 1 <= hole[1] <= _LAST_DAY)))
    except (TypeError, IndexError, KeyError):
        return False


_LAST_DAY = date.max.toordinal()
