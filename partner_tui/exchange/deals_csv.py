"""Deals from CSV (`partner-tui import-deals`): every row checked, every problem reported
with its line, all or nothing; the same care with hostile files as the partner import
(csv_reading.py: encodings, delimiters, quotes, line numbers; csv_format.py: formulas).

Columns, in any order (partner and customer required): partner (the company's name or
its id), customer, customer_domain, status (registered, approved, rejected, won, lost,
refunded), registered_on, closed_on, paid_on, amount, monthly_revenue, ended_on,
refunded_on, refunded_amount (a refunded deal: the day, and how much; empty: everything it
brought; docs/refunds.md), notes, reviewed_on, rejection_reason. Dates are YYYY-MM-DD; an
empty registered_on is the close date, or today for a deal not closed; an approved or
rejected row without reviewed_on was reviewed on the day it was registered
(docs/registrations.md); a rejected row needs its rejection_reason (a key of
deals.REJECTION_REASONS, or words). The importer signs each review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from partner_tui.domain.deals import (
    REJECTION_REASONS,
    Deal,
    DealStatus,
    RegistrationClash,
    refunded,
    rejection_reason,
)
from partner_tui.domain.errors import field_messages
from partner_tui.exchange.csv_cells import parse_amount, parse_date
from partner_tui.exchange.csv_format import unneutralise
from partner_tui.exchange.csv_reading import RowProblem, read_header

DEAL_COLUMNS: tuple[str, ...] = (
    "partner",
    "customer",
    "customer_domain",
    "status",
    "registered_on",
    "closed_on",
    "paid_on",
    "amount",
    "monthly_revenue",
    "ended_on",
    "refunded_on",
    "refunded_amount",
    "notes",
    "reviewed_on",
    "rejection_reason",
)
KNOWN_DEAL_COLUMNS = frozenset(DEAL_COLUMNS)
DEAL_ALIASES = {
    "partner_id": "partner",
    "partner_name": "partner",
    "partner_company": "partner",
    "customer_name": "customer",
    "client": "customer",
    "domain": "customer_domain",
    "customer_website": "customer_domain",
    "deal_status": "status",
    "stage": "status",
    "mrr": "monthly_revenue",
    "one_time_amount": "amount",
    "reason": "rejection_reason",
    "reject_reason": "rejection_reason",
    "approved_on": "reviewed_on",
    "refund_date": "refunded_on",
    "refund_amount": "refunded_amount",
}
# A CRM's words for a deal's status, read as ours.
STATUS_WORDS = {
    "open": DealStatus.REGISTERED,
    "new": DealStatus.REGISTERED,
    "closed_won": DealStatus.WON,
    "closed_lost": DealStatus.LOST,
}
DATE_COLUMNS = (
    "registered_on", "closed_on", "paid_on", "ended_on", "reviewed_on", "refunded_on"
)


@dataclass
class PartnerLookup:
    """Which partner a `partner` cell names: its id, or its company name (any case)."""

    companies: dict[str, str]  # id -> company

    def __post_init__(self) -> None:
        self._by_name: dict[str, list[str]] = {}
        for partner_id, company in self.companies.items():
            self._by_name.setdefault(company.strip().lower(), []).append(partner_id)

    def find(self, text: str) -> str:
        """The partner's id; ValueError says why none (or more than one) fits."""
        if text in self.companies:
            return text
        found = self._by_name.get(text.strip().lower(), [])
        if len(found) == 1:
            return found[0]
        if found:
            ids = ", ".join(found)
            raise ValueError(f"{text!r} names {len(found)} partners; use the id ({ids})")
        raise ValueError(f"no partner named {text!r} (nor with that id)")


@dataclass
class ParsedDeals:
    deals: list[Deal] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # deal id -> its line
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Ids of the deals whose row had no registered_on (dated as it was read).
    undated: set[str] = field(default_factory=set)
    # Rows that refund a stored won deal: (the stored deal, refunded as the row says).
    refunds: list[tuple[Deal, Deal]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_status(text: str) -> DealStatus:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    try:
        return DealStatus(key)
    except ValueError:
        choices = ", ".join(s.value for s in DealStatus)
        raise ValueError(f"unknown status {text.strip()!r} (one of: {choices})") from None


def _row_to_deal(
    cells: dict[str, str], partners: PartnerLookup, today: date, author: str
) -> tuple[Deal | None, list[str]]:
    problems: list[str] = []
    fields: dict[str, Any] = {"author": author}

    def cell(name: str) -> str:
        value = cells.get(name, "")
        return unneutralise(value if name == "notes" else value.strip())

    def convert(column: str, parse: Callable[[str], object]) -> None:
        if cell(column):
            try:
                fields[column] = parse(cell(column))
            except ValueError as exc:
                problems.append(f"{column}: {exc}")

    if cell("partner"):
        convert("partner", partners.find)
        if "partner" in fields:
            fields["partner_id"] = fields.pop("partner")
    else:
        problems.append("partner: is required (the partner's company name or id)")
    for column in DATE_COLUMNS:
        convert(column, parse_date)
    convert("status", parse_status)
    convert("amount", parse_amount)
    convert("monthly_revenue", parse_amount)
    convert("refunded_amount", parse_amount)
    fields["customer"] = cell("customer")
    fields["customer_domain"] = cell("customer_domain")
    fields["notes"] = cell("notes")
    if "registered_on" not in fields and not cell("registered_on"):
        fields["registered_on"] = fields.get("closed_on") or today
    review_cells(fields, cell("rejection_reason"), author, problems)
    if problems:
        return None, problems
    try:
        return Deal.model_validate(fields), []
    except ValidationError as exc:
        for path, message in field_messages(exc).items():
            if path == "customer" and not cell("customer"):
                message = "is required (this row has no customer name)"
            problems.append(f"{path}: {message}" if path else message)
        return None, problems


def review_cells(
    fields: dict[str, Any], reason: str, author: str, problems: list[str]
) -> None:
    """A row's review, read into `fields`: an approved or rejected row is signed by the
    importer and dated (reviewed_on, else the registration); a rejected row's reason in
    the words of deals.rejection_reason. The model says what is missing or out of place."""
    status = fields.get("status")
    if status in (DealStatus.APPROVED, DealStatus.REJECTED):
        fields.setdefault("reviewed_on", fields.get("registered_on"))
        fields["reviewed_by"] = author
    if status is DealStatus.REJECTED:
        try:
            fields["rejection_reason"] = rejection_reason(reason)
        except ValueError:
            problems.append(
                "rejection_reason: a rejected deal needs a reason (one of: "
                + ", ".join(REJECTION_REASONS) + ", or your own words)"
            )
    elif reason:
        fields["rejection_reason"] = reason  # the model refuses it, saying why


def deal_from_cells(
    cells: dict[str, str], partners: PartnerLookup, today: date, author: str = ""
) -> tuple[Deal | None, list[str]]:
    """One deal from its cells as a row of import-deals holds them (the MCP server's
    register_deal reads its arguments so), or every problem, in the columns' order."""
    deal, problems = _row_to_deal(cells, partners, today, author)
    return deal, _in_column_order(problems)


def _in_column_order(problems: list[str]) -> list[str]:
    order = {name: i for i, name in enumerate(DEAL_COLUMNS)}
    return sorted(problems, key=lambda text: order.get(text.split(":")[0], len(order)))


def parse_deals_csv(
    text: str, partners: PartnerLookup, today: date, author: str = ""
) -> ParsedDeals:
    """Read every row; collect every problem with its line. Raises CSVFileError for the file."""
    result = ParsedDeals()
    table = read_header(text, "partner", DEAL_ALIASES, KNOWN_DEAL_COLUMNS, DEAL_COLUMNS)
    for line, cells in table.records(KNOWN_DEAL_COLUMNS):
        if isinstance(cells, str):
            result.problems.append(RowProblem(line, cells))
            continue
        deal, problems = _row_to_deal(cells, partners, today, author)
        result.problems.extend(RowProblem(line, p) for p in _in_column_order(problems))
        if deal is not None:
            result.deals.append(deal)
            result.lines[deal.id] = line
            if not cells.get("registered_on", "").strip():
                result.undated.add(deal.id)
    if table.ignored:
        result.warnings.append(
            "ignored unknown column(s): " + ", ".join(repr(n) for n in table.ignored)
            + f" (known: {', '.join(DEAL_COLUMNS)})"
        )
    return result


def clash_problems(
    parsed: ParsedDeals,
    find_clash: Callable[[Deal, Iterable[Deal]], RegistrationClash | None],
) -> list[RowProblem]:
    """Each row whose customer domain is already registered (in the file, or on a row of
    this file registered earlier), naming the earlier registration: the first registration
    is kept. Rows are taken by registered_on (row order breaks ties), as registrations
    across files are: a later row registered earlier is the first."""
    problems: list[RowProblem] = []
    # The earlier rows by domain: 100,000 rows must not each scan all the others.
    earlier: dict[str, list[Deal]] = {}
    for deal in by_registration(parsed.deals):
        clash = find_clash(deal, earlier.get(deal.customer_domain, ()))
        if deal.customer_domain:
            earlier.setdefault(deal.customer_domain, []).append(deal)
        if clash is None:
            continue
        earlier_line = parsed.lines.get(clash.earlier.id)
        where = f" (line {earlier_line} of this file)" if earlier_line is not None else ""
        problems.append(
            RowProblem(
                parsed.lines[deal.id],
                f"customer_domain: {clash}{where}; the first registration is kept "
                "(--override registers it anyway, and logs it)",
            )
        )
    return sorted(problems, key=lambda p: p.line)


def refund_problems(parsed: ParsedDeals) -> list[RowProblem]:
    """Each row refunding a stored deal that cannot be refunded so (before its close, more
    than it brought), by the domain's rule; the row itself was checked as a deal."""
    problems: list[RowProblem] = []
    for stored, row in parsed.refunds:
        if row.refunded_on is None:
            continue  # not a valid refunded row: the model refused it already
        try:
            refunded(stored, row.refunded_on, row.refunded_amount)
        except ValidationError as exc:
            problems += [RowProblem(parsed.lines[row.id], f"{path}: {message}")
                         for path, message in field_messages(exc).items()]
        except ValueError as exc:
            problems.append(RowProblem(parsed.lines[row.id], str(exc)))
    return problems


def by_registration(deals: list[Deal]) -> list[Deal]:
    """Deals in the order they were registered (a stable sort: equal dates keep their
    order), the order in which the first registration of a domain is found."""
    return sorted(deals, key=lambda deal: deal.registered_on)
