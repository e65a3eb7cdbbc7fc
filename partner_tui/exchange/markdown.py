"""A readable Markdown report of the program: the key figures, then partners stage by stage.

Meant to be pasted into a wiki page or an email to a manager, so it shows what matters
per stage (fit and potential value early, agreement progress in Negotiate, metrics once
Active) rather than every field. `export --format json` has everything.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Protocol

from partner_tui.domain.agreement import Agreement
from partner_tui.domain.challenges import CHALLENGE_SOLUTIONS, Challenges
from partner_tui.domain.money import ZERO, format_money, format_percent
from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_figures import (
    DealMeasures,
    PartnerFigures,
    figures_of_partner,
    terms_text,
)
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.program import Settings
from partner_tui.domain.program_metrics import ProgramTotals, TotalsShare
from partner_tui.domain.stages import PIPELINE, STAGE_CRITERIA, Stage
from partner_tui.exchange.export_order import export_order
from partner_tui.exchange.report_due import due_text

if TYPE_CHECKING:
    from partner_tui.domain.activity_kinds import ActivityKind
    from partner_tui.domain.cadence import Cadence
    from partner_tui.domain.execution import Execution
    from partner_tui.domain.fit_criteria import FitCriteria
    from partner_tui.domain.partnership_models import PartnershipModels
    from partner_tui.domain.stages import ArchiveReason


class _Entered(Protocol):
    @property
    def stage(self) -> Stage: ...
    @property
    def entered_at(self) -> datetime: ...
    @property
    def author(self) -> str | None: ...


class _Logged(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def kind(self) -> ActivityKind: ...
    @property
    def text(self) -> str: ...
    @property
    def author(self) -> str | None: ...


class ReportedPartner(Protocol):
    """What the report and the program's measure read of a partner: a Partner, or for a
    file known valid its record's reading (exchange/report_records.ReportPartner, held
    equal to the model's by a property test)."""

    @property
    def id(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def partner_type(self) -> PartnerType | None: ...
    @property
    def subtype(self) -> str: ...
    @property
    def contact_name(self) -> str: ...
    @property
    def contact_email(self) -> str | None: ...
    @property
    def website(self) -> str | None: ...
    @property
    def potential_value(self) -> Decimal | None: ...
    @property
    def next_action(self) -> str: ...
    @property
    def next_action_date(self) -> date | None: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def stage_history(self) -> Sequence[_Entered]: ...
    @property
    def archive_reason(self) -> ArchiveReason | None: ...
    @property
    def archived_from(self) -> Stage | None: ...
    @property
    def fit(self) -> FitCriteria: ...
    @property
    def agreement(self) -> Agreement: ...
    @property
    def models(self) -> PartnershipModels: ...
    @property
    def execution(self) -> Execution: ...
    @property
    def challenges(self) -> Challenges: ...
    @property
    def cadence(self) -> Cadence: ...
    @property
    def notes(self) -> str: ...
    @property
    def activities(self) -> Sequence[_Logged]: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def fit_score(self) -> int: ...
    @property
    def fit_rated(self) -> bool: ...
    @property
    def live_since(self) -> date: ...
    @property
    def on_board(self) -> bool: ...


# Characters Markdown could read as formatting; escaped so a company called
# "*Acme* | [Beta]" prints as written.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# Only special at the start of a line (headings, lists, quotes): escaped there only, so
# dates and amounts stay readable in the raw file.
_LINE_START = re.compile(r"^([#>+\-=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
# The challenges and their labels, in the playbook's order (the model's, read once).
_CHALLENGES = tuple(Challenges.items())


# The characters _SPECIAL escapes, for str.replace: the backslash first, so the
# backslashes put in front of the others are not escaped again.
_SPECIAL_CHARS = "\\`*_[]<>|~"
# Printable ASCII but those: an ASCII text made of these alone needs no escaping (deleting
# them from its bytes leaves nothing: a C loop, where str.isprintable() looks up each
# character's Unicode category, seven times as long on a note).
_PLAIN_ASCII = bytes(c for c in range(0x20, 0x7F) if chr(c) not in _SPECIAL_CHARS)
_SPECIAL_ASCII = _SPECIAL_CHARS.encode("ascii")


def md(text: str) -> str:
    """Inline text: one line, every Markdown-active character escaped.

    _SPECIAL's substitution on the text's words joined by one space, made cheaper for
    the report of 10,000 partners (15 MB of notes): a text that is one line already
    (printable: no whitespace but the space; none doubled, none at either end) is not
    split and joined again, and each character is escaped by a C-speed replace; an ASCII
    text learns whether it holds a control or an active character from one C pass.
    tests/unit/exchange/test_markdown_escaping.py holds the two equal."""
    if text.isascii():
        return _md_ascii(text, text.encode("ascii").translate(None, _PLAIN_ASCII))
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
        text = " ".join(text.split())
    return _escaped(text)


def _md_ascii(text: str, found: bytes) -> str:
    """md of an ASCII text; `found`: its bytes but _PLAIN_ASCII's (its controls and its
    active characters, in one C pass)."""
    printable = not found.translate(None, _SPECIAL_ASCII)  # printable ASCII: 0x20-0x7E
    if not (printable and not _doubled(text) and text[:1] != " " and text[-1:] != " "):
        text = " ".join(text.split())
    return _escaped(text) if found else text  # nothing to escape: the usual case


# Two spaces: `in` tries every space of a text for them, the pattern's literal search
# runs faster along a long one (a note: 1.5 KB, a space every few letters).
_DOUBLE_SPACE = re.compile("  ")
_LONG_TEXT = 200


def _doubled(text: str) -> bool:
    """Whether `text` holds two spaces in a row."""
    if len(text) > _LONG_TEXT:
        return _DOUBLE_SPACE.search(text) is not None
    return "  " in text


def _escaped(text: str) -> str:
    for char in _SPECIAL_CHARS:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def md_line(text: str) -> str:
    """A line of its own (in a quote): also escape what would start a heading or list."""
    return _line_start(md(text))


def _line_start(line: str) -> str:
    """An escaped line with what would start a heading or list escaped too. The two
    patterns are anchored at the start: each is tried there once (`match`), not searched
    for along a line that may be kilobytes long (`sub` would)."""
    start = _LINE_START.match(line)
    if start is not None:
        line = "\\" + line
    numbered = _NUMBERED.match(line)
    if numbered is not None:
        line = numbered.group(1) + "\\" + line[numbered.end(1):]
    return line


def quoted(text: str) -> list[str]:
    """A text of several lines as a Markdown quote: each line md_line's, a blank one a
    bare ">". A printable ASCII text (a note, most often) has no line break to split at:
    its one C pass serves md too (tests/unit/exchange/test_markdown_escaping.py holds
    this to quoting each line)."""
    if text.isascii():
        found = text.encode("ascii").translate(None, _PLAIN_ASCII)
        if not found.translate(None, _SPECIAL_ASCII) and text.strip():  # no control at all
            return [f"> {_line_start(_md_ascii(text, found))}"]
    return [f"> {md_line(line)}" if line.strip() else ">" for line in text.splitlines()]


# A type without a subtype: its line, written once.
_TYPE_LINES: dict[PartnerType | None, str] = {
    kind: f"- **Type:** {md(kind.label if kind else 'Type not set')}"
    for kind in (*PartnerType, None)
}


def _money(value: object, symbol: str) -> str:
    return md(format_money(value, symbol))  # type: ignore[arg-type]


class _Amounts:
    """_money for one currency symbol, as often as the report names an amount.

    An amount is written as format_money writes it, a sign, the symbol and digits: md
    escapes nothing in the sign or the digits, so when the symbol is one printable word
    (no whitespace for md to collapse) the text is the sign, the symbol escaped once, and
    the digits; a zero is written once. Any other symbol goes through _money itself."""

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.word = symbol.isprintable() and " " not in symbol
        self.escaped = md(symbol)
        self.zero = _money(ZERO, symbol)

    def __call__(self, value: Decimal | None) -> str:
        if not self.word:
            return _money(value, self.symbol)
        if value is None:
            return "-"  # format_money's "-", which md leaves as it is
        if not value:
            return self.zero
        text = format_money(value, "")
        if text[0] == "-" and len(text) > 1:
            return "-" + self.escaped + text[1:]
        return text if text == "-" else self.escaped + text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _due_text(partner: ReportedPartner, today: date) -> str:
    when = partner.next_action_date
    return "" if when is None else due_text(when, today)


class DueCut(NamedTuple):
    """A partner's section whose next action has a day, cut around its due text (the
    one part of a section the day changes: exchange/report_due.py): the section is
    `before`, due_text(when, today), `after`."""

    before: str
    when: date
    after: str


class Head:
    """Where the report's head (its key figures, as of the day) goes among its pieces."""


HEAD = Head()
# A piece of the report: text as it is, a section cut around its due text, or the head.
Piece = str | DueCut | Head


class PieceStart(NamedTuple):
    """Where a piece after the head starts in the report's batches (before the line end
    that goes before it): partner `n`'s section (its number in the order added), or a
    stage's heading (n is -1). Marks only: no text."""

    n: int


# What a batch of the report is made of: text as it is, a due text's day, the head, or
# where a piece starts.
Segment = str | date | Head | PieceStart


class ReportShare(NamedTuple):
    """What one partner adds to the report's head (MarkdownReport.take): its share of
    the program's totals (its stage among them), its potential value, and the day of its
    next action when it is on the board."""

    totals: TotalsShare
    potential_value: Decimal
    due: date | None


def _models_text(partner: ReportedPartner, symbol: str) -> str:
    m = partner.models
    parts = []
    if m.revenue_share.enabled:
        rs = m.revenue_share
        parts.append(terms_text(rs.percent, rs.duration_years, rs.minimum_customers,
                                rs.payment_terms.value))
    if m.referral_fee.enabled:
        parts.append(
            f"referral fee {format_money(m.referral_fee.amount, symbol)} per customer, "
            f"paid {m.referral_fee.payment.label.lower()}"
        )
    if m.co_marketing.enabled:
        done = [label for name, label in m.co_marketing.items() if getattr(m.co_marketing, name)]
        parts.append("co-marketing" + (f" ({', '.join(done).lower()})" if done else ""))
    if m.integration.enabled:
        parts.append(f"integration ({m.integration.progress()} requirements met)")
    return md("; ".join(parts))


def _partner_section(
    partner: ReportedPartner, today: date, amounts: _Amounts,
    figures: PartnerFigures | None = None,
) -> str:
    """A partner's section of the report, its lines joined."""
    section = _section_cut(partner, today, amounts, figures)
    if isinstance(section, str):
        return section
    return section.before + due_text(section.when, today) + section.after


def _section_cut(
    partner: ReportedPartner, today: date, amounts: _Amounts,
    figures: PartnerFigures | None = None,
) -> str | DueCut:
    """A partner's section of the report, its lines joined; cut around its next
    action's due text when it has one (the rest is the same on any day of the month:
    `today` reads only its month, through the figures)."""
    due_at: int | None = None  # the line the due text is in
    due_line: tuple[str, str] = ("", "")  # that line before and after the due text
    stage = partner.stage
    if partner.subtype:
        kind = partner.partner_type.label if partner.partner_type else "Type not set"
        type_line = f"- **Type:** {md(f'{kind} · {partner.subtype}')}"
    else:
        type_line = _TYPE_LINES[partner.partner_type]
    lines = [f"### {md(partner.company)}", "", type_line]
    contact = ", ".join(
        [x for x in (partner.contact_name, partner.contact_email, partner.website) if x])
    if contact:
        lines.append(f"- **Contact:** {md(contact)}")
    fit = f"{partner.fit_score}/100" if partner.fit_rated else "not rated"
    lines.append(f"- **Fit:** {fit} · **Potential value:** {amounts(partner.potential_value)}")
    if partner.next_action.strip():
        action = f"- **Next action:** {md(partner.next_action)}"
        if partner.next_action_date is None:
            lines.append(action)
        else:
            due_at, due_line = len(lines), (action + " (", ")")
            lines.append("")
    elif partner.next_action_date:
        # A date with no words: say when, not a made-up action.
        due_at, due_line = len(lines), ("- **Next action:** not written yet, ", "")
        lines.append("")
    agreement = partner.agreement
    if stage is Stage.NEGOTIATE or stage is Stage.ACTIVE or agreement.done():
        lines.append(_agreement_line(agreement))
    if partner.models.enabled_names():
        lines.append(f"- **Partnership model:** {_models_text(partner, amounts.symbol)}")
    money = figures or figures_of_partner(partner, today)  # type: ignore[arg-type]
    if stage is Stage.ACTIVE or money.leads or money.revenue:
        csat = "-" if money.satisfaction is None else format_percent(money.satisfaction)
        source = " (typed)" if money.typed else " (from deals)"
        lines.append(
            f"- **Execution:** {partner.execution.progress()} · **Metrics{source}:** "
            f"{_count(money.leads, 'lead')}, {_count(money.deals_won, 'deal')}, "
            f"revenue {amounts(money.revenue)}, "
            f"payout {amounts(money.payout)} (paid {amounts(money.paid)}), "
            f"satisfaction {md(csat)}, ROI {md(format_percent(money.roi))}"
        )
    challenges = partner.challenges
    for name, label in _CHALLENGES:
        if getattr(challenges, name):
            lines.append(
                f"- **Challenge:** {md(label)} (playbook: {md(CHALLENGE_SOLUTIONS[name])})"
            )
    if stage is Stage.ARCHIVED:
        reason = partner.archive_reason.value if partner.archive_reason else "no reason given"
        origin = f" from {partner.archived_from.label}" if partner.archived_from else ""
        lines.append(f"- **Archived{origin}:** {md(reason)}")
    if partner.stage_history:
        steps = [f"{c.stage.label} {c.entered_at.date().isoformat()}{_by(c.author)}"
                 for c in partner.stage_history]
        lines.append(f"- **Stage history:** {md(' → '.join(steps))}")
    if partner.activities:
        last = max(reversed(partner.activities), key=lambda a: a.date)  # the latest added
        lines.append(
            f"- **Last activity:** "
            f"{md(f'{last.date.isoformat()} {last.kind.value}{_by(last.author)}')}: {md(last.text)}"
        )
    notes = partner.notes.strip()
    if notes:
        lines.append("")
        lines += quoted(notes)
    lines.append("")
    if due_at is None:
        return "\n".join(lines)
    when = partner.next_action_date
    assert when is not None
    # "\n".join(lines) with the due line's text cut out (a line follows it: the last "").
    return DueCut("\n".join([*lines[:due_at], due_line[0]]), when,
                  due_line[1] + "\n" + "\n".join(lines[due_at + 1:]))


# The agreement's line for each way its elements can stand (at most 2**6): written once.
_AGREEMENT_LINES: dict[tuple[bool, ...], str] = {}


def _agreement_line(agreement: Agreement) -> str:
    """How many elements are agreed, and which are still open."""
    items = agreement.items()
    agreed = tuple(getattr(agreement, name).agreed for name, _label in items)
    line = _AGREEMENT_LINES.get(agreed)
    if line is None:
        open_items = [label for (_name, label), done in zip(items, agreed, strict=True)
                      if not done]
        text = f"{agreement.progress()} elements agreed"
        if open_items:
            text += "; open: " + ", ".join(open_items).lower()
        line = _AGREEMENT_LINES[agreed] = f"- **Agreement:** {md(text)}"
    return line


def _by(author: str | None) -> str:
    return f" ({author})" if author else ""


def export_markdown(
    partners: Iterable[Partner], settings: Settings, today: date, deals: DealMeasures | None = None
) -> str:
    """The report; `deals`: the figures from deals (partners with deals are measured by them)."""
    report = MarkdownReport(settings, today, deals)
    for partner in export_order(partners):
        report.add(partner)
    return "".join(report.chunks())


# The report's text is sent this many characters at a time, about.
_BATCH = 1 << 18


class MarkdownReport:
    """export_markdown's text made a partner at a time: `add` each partner in board order
    (export_order's), then `chunks()`. The report opens with figures of the whole program
    (the totals and conversions of domain/program_metrics.ProgramTotals, the part of the
    dashboard's one implementation they are, fed as the partners come), so each partner's
    section is kept as text until the end, never its model: 10,000 partners' sections are
    a fifth of their models' memory. A partner is a Partner, or for a file known valid
    its record's reading (exchange/report_records.py).

    Of the day, the report reads its month (the figures) and the day itself in two
    places only: the head (`head(day)`: "as of", the program's age and cost to date, the
    next actions overdue and due today) and each next action's due text. `batches()`
    gives the text with those left as holes (the head, and each due text's day), so that
    speedups/kept_report_month.py keeps it once for the month and fills in any day's;
    `chunks()` is the batches filled in for `today`."""

    def __init__(self, settings: Settings, today: date, deals: DealMeasures | None = None) -> None:
        self.settings = settings
        self.today = today
        self.deals = deals or DealMeasures()
        self.measuring = ProgramTotals(settings, today, self.deals)
        stages = (*PIPELINE, Stage.ARCHIVED)
        # Each stage's partners: how many, their potential value, their sections' text.
        self.members = dict.fromkeys(stages, 0)
        self.value = {stage: Decimal(0) for stage in stages}
        self.sections: dict[Stage, list[str | DueCut]] = {stage: [] for stage in stages}
        # Each partner added, in order: its id and what it added to the head.
        self.partners: list[tuple[str, ReportShare]] = []
        # How many partners on the board have their next action on each day: the head's
        # "overdue" and "due today" on any day (next_action_due's rule: before, on it).
        self.due_days: dict[date, int] = {}
        self.amounts = _Amounts(settings.currency_symbol)

    def add(self, partner: ReportedPartner) -> None:
        share, section = self.made(partner)
        self.take(share)
        self.sections[share.totals.stage].append(section)
        self.partners.append((partner.id, share))

    def made(self, partner: ReportedPartner) -> tuple[ReportShare, str | DueCut]:
        """What `partner` adds to the head, and its section (cut around its due text),
        without taking either in: `add` does both; a report's head can so be made again
        from kept shares (speedups/report_carry.py)."""
        totals, money = self.measuring.share_of(partner)
        when = partner.next_action_date
        share = ReportShare(totals, partner.potential_value or ZERO,
                            when if when is not None and partner.on_board else None)
        return share, _section_cut(partner, self.today, self.amounts, money)

    def take(self, share: ReportShare, times: int = 1) -> None:
        """Take one partner's share into the head's figures (not its section); `times`
        -1 takes a share taken before back out (ProgramTotals.take)."""
        self.measuring.take(share.totals, times)
        stage = share.totals.stage
        self.members[stage] += times
        self.value[stage] += share.potential_value * times
        when = share.due
        if when is not None:
            left = self.due_days[when] = self.due_days.get(when, 0) + times
            if not left:
                del self.due_days[when]

    def stage_heading(self, stage: Stage) -> str:
        """A stage's heading piece: its name, how many partners (against its target),
        what the playbook asks of it."""
        members = self.members[stage]
        if stage in PIPELINE:
            heading = f"## {stage.label}: {members} (target {self.settings.targets.for_stage(stage)})"
        else:
            heading = f"## {stage.label}: {members}"
        lines = [heading, "", f"*{md(STAGE_CRITERIA[stage])}*", ""]
        if not members:
            lines += ["No partners in this stage.", ""]
        return "\n".join(lines)

    def head(self, day: date) -> str:
        """The report's opening, its key figures, as of `day`: any day of the month the
        report was made for (the partners' figures are that month's)."""
        settings, symbol = self.settings, self.settings.currency_symbol
        # The totals read the day for the program's age (its cost to date) alone: a copy
        # measured as of `day` shares the partners' sums.
        measuring = copy.copy(self.measuring)
        measuring.today = day
        totals = measuring.totals()
        overdue = sum(n for when, n in self.due_days.items() if when < day)
        due_today = self.due_days.get(day, 0)
        profile = settings.profile  # your name: the command line puts in yours (per person)
        out: list[str] = ["# Partnership program report", ""]
        who = " · ".join(x for x in (profile.your_company, profile.your_name) if x.strip())
        out += [md(who + (" · " if who else "") + f"as of {day.isoformat()}"), ""]

        out += ["## Key figures", ""]
        out += ["| Stage | Partners | Target | Potential value |", "|---|---:|---:|---:|"]
        for stage in (*PIPELINE, Stage.ARCHIVED):
            members = self.members[stage]
            target = settings.targets.for_stage(stage) if stage in PIPELINE else None
            mark = "" if target is None or members >= target else " (below target)"
            out.append(
                f"| {stage.label} | {members}{mark} | {target if target is not None else '-'} "
                f"| {_money(self.value[stage], symbol)} |"
            )
        out.append("")
        conversions = ", ".join(
            f"{c.from_stage.label} → {c.to_stage.label} {format_percent(c.rate)}"
            for c in self.measuring.conversions()
        )
        out += [
            f"- **Active partnerships:** {totals.active} of {totals.partnerships} on the board",
            f"- **Leads / deals:** {totals.leads} / {totals.deals}",
            (f"- **Revenue attributed:** {_money(totals.revenue, symbol)}"
             f" · **payouts:** {_money(totals.payouts, symbol)}"),
            (f"- **Cost to date:** {_money(totals.total_cost, symbol)} (program "
             f"{_money(totals.program_cost_per_month, symbol)}/month for "
             f"{totals.program_months} months, plus partners' own costs and payouts)"),
            f"- **Overall ROI:** {md(format_percent(totals.roi))}",
            f"- **Conversion to date:** {md(conversions)}",
            f"- **Next actions:** {overdue} overdue, {due_today} due today",
            "",
        ]
        return "\n".join(out)

    def _pieces(self) -> Iterator[tuple[Piece, int]]:
        """The head, then each stage's heading and its partners' sections: each with its
        partner's number (-1 for the head and a heading)."""
        yield HEAD, -1
        numbers: dict[Stage, list[int]] = {stage: [] for stage in self.sections}
        for n, (_pid, share) in enumerate(self.partners):
            numbers[share.totals.stage].append(n)
        for stage in (*PIPELINE, Stage.ARCHIVED):
            yield self.stage_heading(stage), -1
            yield from zip(self.sections[stage], numbers[stage], strict=True)

    def batches(self) -> Iterator[list[Segment]]:
        """The report a few hundred kilobytes at a time (each batch ends at a line's
        end), the head and each due text left as holes: HEAD, and the due day; each
        piece after the head marked where it starts (PieceStart)."""
        # The whole text is "\n".join of every piece, its trailing line ends cut to one: the
        # same, piece by piece (the last piece holds text, so cutting its line ends cuts the
        # whole text's; a due text never ends a section, so they are cut from its end).
        # Every piece after the head ends with one line end, so the cut leaves it as it is:
        # a piece kept apart (speedups/report_carry.py) reads the same wherever it goes.
        pieces = list(self._pieces())
        last = len(pieces) - 1
        # Sent a few hundred kilobytes at a time: one write and one encoding per section
        # and per "\n" between them was 20,000 of each.
        batch: list[Segment] = []
        size = 0
        for n, (piece, partner) in enumerate(pieces):
            if n:
                batch += (PieceStart(partner), "\n")
            if isinstance(piece, DueCut):
                after = piece.after.rstrip("\n") + "\n" if n == last else piece.after
                batch += (piece.before, piece.when, after)
                size += len(piece.before) + len(after)
            elif isinstance(piece, str):
                batch.append(piece.rstrip("\n") + "\n" if n == last else piece)
                size += len(piece)
            else:
                batch.append(piece)
            if size >= _BATCH:
                yield batch
                batch = []
                size = 0
        if batch:
            yield batch

    def filled(self, batch: list[Segment], day: date) -> str:
        """A batch's text on `day` (of the report's month): its holes filled in."""
        return "".join(
            segment if type(segment) is str
            else due_text(segment, day) if type(segment) is date
            else self.head(day) if segment is HEAD
            else ""  # a PieceStart: a mark, no text
            for segment in batch
        )

    def chunks(self) -> Iterator[str]:
        """The report's text, the program's figures first, then each stage's partners."""
        for batch in self.batches():
            yield self.filled(batch, self.today)
