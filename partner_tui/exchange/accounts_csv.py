"""An account list from CSV (`partner-tui accounts import`): ours, or a partner's.

Columns, any order, only `domain` required: name, domain (or website, url), status
(customer, prospect, opportunity, or a CRM's lifecycle stage, account type or opportunity
stage: domain/accounts.parse_status), owner, value (an open opportunity's amount). A
HubSpot companies export and a Salesforce accounts or opportunities report are read as
they come, through the same column plan as `import` (csv_columns.py): "Company Domain
Name" or "Website" is the domain, "Lifecycle Stage" or "Stage" the status, "Type" the
status when no stage says it, "Amount" the value.

Every row is checked and every problem reported with its line: one bad row and nothing is
imported. A row without a usable domain is not a problem: it is listed and left out, and
never matched by its name (two companies may share a name; a domain is one company). A
company on several rows (an opportunities report has a row per opportunity) is one
account: its status the furthest along, its value the sum of its open rows' values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from partner_tui.domain.accounts import (
    Account,
    AccountStatus,
    guess_status,
    new_account,
    parse_status,
    stronger,
)
from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.web_domain import web_domain
from partner_tui.exchange.crm_sources import is_report_footer
from partner_tui.exchange.crm_values import crm_amount
from partner_tui.exchange.csv_cells import parse_amount
from partner_tui.exchange.csv_columns import (
    ColumnPlan,
    Vocabulary,
    names_a_company,
    plan_columns,
)
from partner_tui.exchange.csv_format import unneutralise
from partner_tui.exchange.csv_reading import RowProblem, csv_rows, header_row, sniff_dialect
from partner_tui.exchange.csv_rows import lines_text

ACCOUNT_COLUMNS = ("name", "domain", "status", "owner", "value")
# `type`: a CRM's account type (Customer - Direct, Prospect), read where no status is.
ACCOUNT_FIELDS = (*ACCOUNT_COLUMNS, "type")
ACCOUNTS = Vocabulary(
    fields=ACCOUNT_FIELDS,
    required="domain",
    columns=ACCOUNT_COLUMNS,
    aliases={
        "company": "name",
        "company_name": "name",
        "account": "name",
        "account_name": "name",
        "website": "domain",
        "url": "domain",
        "web_site": "domain",
        "company_domain": "domain",
        "lifecycle_stage": "status",
        "stage": "status",
        "account_owner": "owner",
        "amount": "value",
        "open_value": "value",
        "account_type": "type",
    },
    # The CRM exports' partner fields (crm_sources.py), as an account's.
    from_crm={
        "company": "name",
        "website": "domain",
        "stage": "status",
        "type": "type",
        "owner": "owner",
        "potential_value": "value",
    },
)
NO_DOMAIN_SHOWN = 20


@dataclass
class ParsedAccounts:
    accounts: list[Account] = field(default_factory=list)  # one per domain
    lines: dict[str, int] = field(default_factory=dict)  # domain -> its first line
    problems: list[RowProblem] = field(default_factory=list)  # any: import nothing
    no_domain: list[tuple[int, str]] = field(default_factory=list)  # (line, why), left out
    notes: list[str] = field(default_factory=list)
    columns: ColumnPlan = field(default_factory=ColumnPlan)

    @property
    def ok(self) -> bool:
        return not self.problems

    def no_domain_lines(self) -> list[str]:
        """Each row left out for want of a domain, with its line (the first twenty)."""
        shown = [f"line {line}: {why}" for line, why in self.no_domain[:NO_DOMAIN_SHOWN]]
        if len(self.no_domain) > NO_DOMAIN_SHOWN:
            shown.append(f"... and {len(self.no_domain) - NO_DOMAIN_SHOWN} more")
        return shown

    @property
    def warnings(self) -> list[str]:
        plan = self.columns
        ignored = [f"ignored column(s): {plan.ignored_text()}"] if plan.ignored else []
        return ignored + self.notes


@dataclass
class _Reader:
    plan: ColumnPlan
    read: dict[str, tuple[int, Account]] = field(default_factory=dict)
    open_values: dict[str, Decimal] = field(default_factory=dict)
    repeated: list[int] = field(default_factory=list)
    no_status: list[int] = field(default_factory=list)
    # A custom CRM stage, and the status it was read as -> its lines.
    guessed: dict[tuple[str, AccountStatus], list[int]] = field(default_factory=dict)

    def _custom_default(self) -> AccountStatus:
        """A custom stage of an opportunity is an open opportunity; of a company, nothing
        known beyond a prospect."""
        source = self.plan.source
        kind = source.kind if source is not None else ""
        return AccountStatus.OPPORTUNITY if kind == "opportunities" else AccountStatus.PROSPECT

    def row(self, cells: dict[str, str], line: int, result: ParsedAccounts) -> None:
        read = {name: unneutralise(clean_line(text).strip()) for name, text in cells.items()}

        def cell(name: str) -> str:
            return read.get(name, "")

        problems: list[str] = []
        status = AccountStatus.PROSPECT
        if cell("status"):
            try:
                status = parse_status(cell("status"))
            except ValueError as exc:
                if self.plan.source is None:
                    problems.append(f"{self.plan.label('status')}: {exc}")
                else:
                    # A CRM customised with its own stages: read by the stage's words,
                    # never a stop (as `import` reads a custom stage), and said.
                    status = guess_status(cell("status"), self._custom_default())
                    self.guessed.setdefault((cell("status"), status), []).append(line)
        else:
            try:
                status = parse_status(cell("type"))
            except ValueError:
                self.no_status.append(line)  # neither says: a company not yet a customer
        value: Decimal | None = None
        if cell("value"):
            read_value = crm_amount if self.plan.source is not None else parse_amount
            try:
                value = read_value(cell("value"))
            except ValueError as exc:
                problems.append(f"{self.plan.label('value')}: {exc}")
        name = cell("name")
        who = repr(name) if name else "this row"
        if not cell("domain"):
            result.no_domain.append((line, f"{who} has no domain"))
            return
        try:
            domain = web_domain(cell("domain"))
        except ValueError as exc:
            result.no_domain.append((line, f"{who}: {exc}"))
            return
        try:
            account = new_account(name, domain, status, cell("owner"), value, normal=True)
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            result.problems.extend(RowProblem(line, p) for p in problems)
            return
        self._keep(account, line)

    def _keep(self, account: Account, line: int) -> None:
        if account.status.is_open and account.value is not None:
            total = self.open_values.get(account.domain, Decimal("0.00"))
            self.open_values[account.domain] = total + account.value
        earlier = self.read.get(account.domain)
        if earlier is None:
            self.read[account.domain] = (line, account)
            return
        self.repeated.append(line)
        first_line, first = earlier
        status = stronger(first.status, account.status)
        self.read[account.domain] = (
            first_line,
            Account(first.name, first.domain, status, first.owner or account.owner),
        )

    def accounts(self) -> list[tuple[int, Account]]:
        found = []
        for line, account in self.read.values():
            value = self.open_values.get(account.domain)
            if value is None and not account.status.is_open:
                value = account.value  # a customer's amount, as the file gave it
            found.append((line, Account(
                account.name, account.domain, account.status, account.owner, value
            )))
        return found


def parse_accounts_csv(text: str, mapping: Mapping[str, str] | None = None) -> ParsedAccounts:
    """Read every row; collect every problem with its line. Raises CSVFileError for the
    file as a whole (no header, no domain column, not CSV)."""
    mapping = mapping or {}
    result = ParsedAccounts()
    delimiter, text = sniff_dialect(text, lambda h: names_a_company(h, mapping, ACCOUNTS))
    rows = csv_rows(text, delimiter)
    header, header_line = header_row(rows, "domain")
    plan = result.columns = plan_columns(header, header_line, mapping, ACCOUNTS)
    reader = _Reader(plan)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if plan.source is not None and is_report_footer(row):
            result.notes.append(f"the report's footer from line {line} on is not data: skipped")
            break
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            result.problems.append(RowProblem(
                line, f"{len(row)} cells but the header has {len(header)} columns "
                "(a comma inside a value needs quotes around the value)"))
            continue
        reader.row(plan.cells(row[: len(header)]), line, result)
    kept = reader.accounts()
    result.accounts = [account for _line, account in kept]
    result.lines = {account.domain: line for line, account in kept}
    if reader.repeated:
        count = len(reader.repeated)
        result.notes.append(
            f"{count} row{'s' if count > 1 else ''} name a domain of an earlier row "
            f"({lines_text(reader.repeated)}): one account each, the furthest status, "
            "the open values added up"
        )
    for (stage, status), lines in reader.guessed.items():
        result.notes.append(
            f"the custom stage {stage!r} was read as {status.value} ({lines_text(lines)})"
        )
    if reader.no_status:
        count = len(reader.no_status)
        result.notes.append(
            f"{count} row{'s' if count > 1 else ''} without a status read as prospect "
            f"({lines_text(reader.no_status)})"
        )
    return result
