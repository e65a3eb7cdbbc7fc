"""Account lists: our accounts and each partner's, compared by company domain (account
mapping, as Crossbeam and Reveal do it).

An account is a company on a list: its name, its web domain (one spelling per company:
web_domain.py), its status with the list's owner (customer, prospect, opportunity), who
owns it there, and the amount of its open opportunity. A list is ours or one partner's,
dated by when it was imported ("as of").

A list is stored as one record holding one line of text per account,
`domain<TAB>status<TAB>name<TAB>owner<TAB>value` (trailing empty fields left out), sorted
by domain: 100,000 accounts read in a tenth of the time objects would take, and `git diff`
shows one line per changed account. A tab cannot occur inside a field: every field is a
single line of text, whose tabs are turned into spaces (safe_text.clean_line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from partner_tui.domain import clock
from partner_tui.domain.money import MONEY_LIMIT, cents
from partner_tui.domain.records import Record
from partner_tui.domain.safe_text import clean_line
from partner_tui.domain.text_fields import MultiLine, SingleLine
from partner_tui.domain.web_domain import web_domain

OURS = "ours"  # the id of our own list; a partner's list has the partner's id
SEPARATOR = "\t"
NAME_LIMIT = 200
OWNER_LIMIT = 120


class AccountStatus(StrEnum):
    CUSTOMER = "customer"
    PROSPECT = "prospect"
    OPPORTUNITY = "opportunity"

    @property
    def is_open(self) -> bool:
        """A prospect or an opportunity: a company not yet a customer."""
        return self is not AccountStatus.CUSTOMER


# Which status wins when one list names a company twice (an opportunities report has a
# row per opportunity): the furthest along.
_RANK = {AccountStatus.PROSPECT: 0, AccountStatus.OPPORTUNITY: 1, AccountStatus.CUSTOMER: 2}


def stronger(a: AccountStatus, b: AccountStatus) -> AccountStatus:
    return a if _RANK[a] >= _RANK[b] else b


# A CRM's words for where a company stands, as the three statuses. HubSpot's lifecycle
# stages, Salesforce's account types and opportunity stages, and plain words.
_STATUS_WORDS: dict[str, AccountStatus] = {
    **{status.value: status for status in AccountStatus},
    "customers": AccountStatus.CUSTOMER,
    "client": AccountStatus.CUSTOMER,
    "evangelist": AccountStatus.CUSTOMER,
    "closed_won": AccountStatus.CUSTOMER,
    "won": AccountStatus.CUSTOMER,
    "customer_direct": AccountStatus.CUSTOMER,
    "customer_channel": AccountStatus.CUSTOMER,
    "active": AccountStatus.CUSTOMER,
    "subscriber": AccountStatus.PROSPECT,
    "lead": AccountStatus.PROSPECT,
    "new": AccountStatus.PROSPECT,
    "marketing_qualified_lead": AccountStatus.PROSPECT,
    "marketingqualifiedlead": AccountStatus.PROSPECT,
    "mql": AccountStatus.PROSPECT,
    "prospecting": AccountStatus.PROSPECT,
    "qualification": AccountStatus.PROSPECT,
    "closed_lost": AccountStatus.PROSPECT,  # a lost opportunity leaves a prospect
    "lost": AccountStatus.PROSPECT,
    "other": AccountStatus.PROSPECT,
    "sales_qualified_lead": AccountStatus.OPPORTUNITY,
    "salesqualifiedlead": AccountStatus.OPPORTUNITY,
    "sql": AccountStatus.OPPORTUNITY,
    "open": AccountStatus.OPPORTUNITY,
    "needs_analysis": AccountStatus.OPPORTUNITY,
    "value_proposition": AccountStatus.OPPORTUNITY,
    "id_decision_makers": AccountStatus.OPPORTUNITY,
    "perception_analysis": AccountStatus.OPPORTUNITY,
    "proposal_price_quote": AccountStatus.OPPORTUNITY,
    "negotiation_review": AccountStatus.OPPORTUNITY,
}


def word_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


def parse_status(text: str) -> AccountStatus:
    """A status as a CSV or a CRM writes it ('Customer - Direct', 'Closed Won', 'Lead').
    ValueError names the three statuses."""
    status = _STATUS_WORDS.get(word_key(text))
    if status is None:
        choices = ", ".join(s.value for s in AccountStatus)
        raise ValueError(
            f"unknown status {text.strip()!r} (one of: {choices}; or a CRM's lifecycle "
            "stage, account type or opportunity stage)"
        )
    return status


# A stage a CRM was customised with, read by its words; the first rule that matches wins.
_STATUS_HINTS: tuple[tuple[str, AccountStatus], ...] = (
    (r"\blost\b|disqualif|unqualif|churn", AccountStatus.PROSPECT),
    (r"\bwon\b|\blive\b|signed|customer|client|renew", AccountStatus.CUSTOMER),
    (r"negotiat|proposal|quote|contract|legal|demo|discover|evaluat|trial|pilot",
     AccountStatus.OPPORTUNITY),
)


def guess_status(text: str, default: AccountStatus) -> AccountStatus:
    """A customised CRM stage read by its words ('Discovery Call': opportunity), else
    `default` (what a row of that export is when its stage says nothing known)."""
    words = word_key(text).replace("_", " ")
    for pattern, status in _STATUS_HINTS:
        if re.search(pattern, words):
            return status
    return default


@dataclass(frozen=True, slots=True)
class Account:
    """One company on a list. `value`: its open opportunity's amount (None: not given)."""

    name: str
    domain: str
    status: AccountStatus
    owner: str = ""
    value: Decimal | None = None

    @property
    def open_value(self) -> Decimal:
        """What this account could still bring: its value while it is not a customer."""
        return self.value if self.value is not None and self.status.is_open else Decimal(0)

    def row(self) -> str:
        """The account as stored (see the module's docstring)."""
        value = "" if self.value is None else format(cents(self.value), "f")
        fields = [self.domain, self.status.value, self.name, self.owner, value]
        while fields and not fields[-1]:
            fields.pop()
        return SEPARATOR.join(fields)


def new_account(
    name: str,
    domain: str,
    status: AccountStatus,
    owner: str = "",
    value: Decimal | None = None,
    *,
    normal: bool = False,
) -> Account:
    """An account from what a person or a file gave: text cleaned, the domain normalised
    (ValueError when there is none; `normal`: it is web_domain()'s already), the value in
    cents. Raises ValueError."""
    clean_name = clean_line(name).strip()
    if len(clean_name) > NAME_LIMIT:
        raise ValueError(f"name is longer than {NAME_LIMIT} characters")
    clean_owner = clean_line(owner).strip()
    if len(clean_owner) > OWNER_LIMIT:
        raise ValueError(f"owner is longer than {OWNER_LIMIT} characters")
    spelled = domain if normal else web_domain(domain)
    return Account(clean_name or spelled, spelled, status, clean_owner, _checked_value(value))


def _checked_value(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value >= MONEY_LIMIT:
        raise ValueError(f"value {value} is not an amount from 0 to 9,999,999,999,999.99")
    return cents(value)


# What a stored domain looks like: web_domain's output (lower case, no scheme, path, port
# or spaces, two labels or more). A cheap check, run on every stored row.
_STORED_DOMAIN = re.compile(r"[^\sA-Z/:@?#.]+(?:\.[^\sA-Z/:@?#.]+)+")
_STORED_VALUE = re.compile(r"\d{1,13}\.\d\d")
_STATUS_OF = {status.value: status for status in AccountStatus}


def account_of_row(row: str) -> Account:
    """A stored row as an Account; ValueError when the row is not one."""
    if "\n" in row or "\r" in row:  # one line per account (account_overlap.py reads so)
        raise ValueError(f"account {row[:60]!r} holds a line break")
    fields = row.split(SEPARATOR)
    if len(fields) < 2 or len(fields) > 5:
        raise ValueError(f"account {row[:60]!r} is not domain, status, name, owner, value")
    fields += [""] * (5 - len(fields))
    domain, status_text, name, owner, value_text = fields
    if not _STORED_DOMAIN.fullmatch(domain):
        raise ValueError(f"account {domain[:60]!r}: not a domain as stored (acme.io)")
    status = _STATUS_OF.get(status_text)
    if status is None:
        raise ValueError(f"account {domain}: unknown status {status_text[:30]!r}")
    if value_text and not _STORED_VALUE.fullmatch(value_text):
        raise ValueError(f"account {domain}: value {value_text[:30]!r} is not an amount")
    value = Decimal(value_text) if value_text else None
    return Account(clean_line(name), domain, status, clean_line(owner), value)


def rows_of(accounts: Iterable[Account]) -> list[str]:
    """Accounts as stored: one row each, by domain."""
    return [account.row() for account in sorted(accounts, key=lambda a: a.domain)]


class AccountList(Record):
    """Our account list (id 'ours') or one partner's (id: the partner's id), as stored.

    `accounts` holds the stored rows, one per domain, sorted by domain. `as_of`: the day
    the list was imported; `imported_at`: the instant (a clash of two imports of one list
    is told by it)."""

    partner_id: SingleLine | None = None
    as_of: date = Field(default_factory=lambda: clock.today())
    imported_at: datetime = Field(default_factory=lambda: clock.now())
    # Tab-separated rows (multi-line text keeps the tab, loses every other control).
    accounts: list[MultiLine] = Field(default_factory=list)

    @field_validator("accounts")
    @classmethod
    def _rows_are_accounts(cls, rows: list[str]) -> list[str]:
        seen: set[str] = set()
        for row in rows:
            domain = account_of_row(row).domain
            if domain in seen:
                raise ValueError(f"the domain {domain} is on the list twice")
            seen.add(domain)
        return rows

    @model_validator(mode="after")
    def _id_names_the_list(self) -> AccountList:
        if self.partner_id == OURS:
            raise ValueError(f"{OURS!r} names our own list, not a partner")
        if self.id != list_id(self.partner_id):
            raise ValueError(f"an account list's id is {list_id(self.partner_id)!r}")
        return self

    @property
    def ours(self) -> bool:
        return self.partner_id is None

    def read(self) -> list[Account]:
        return [account_of_row(row) for row in self.accounts]


def list_id(partner_id: str | None) -> str:
    """The id (and the file's key) of a list: one list per partner, and ours."""
    return OURS if partner_id is None else partner_id


def new_list(
    partner_id: str | None, accounts: Iterable[Account], now: datetime | None = None
) -> AccountList:
    moment = now or clock.now()
    return AccountList(
        id=list_id(partner_id),
        partner_id=partner_id,
        as_of=clock.today(),
        imported_at=moment,
        created_at=moment,
        updated_at=moment,
        accounts=rows_of(accounts),
    )
