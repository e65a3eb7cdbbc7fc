"""Account mapping: where our account list and a partner's name the same company.

Companies are matched by their normalised web domain (both lists store web_domain()'s
spelling). For one partner:

- shared_customers: companies that are a customer on both lists;
- intros_for_us: our prospects and opportunities that are the partner's customers: the
  warm introductions the partner can make for us;
- intros_for_them: the partner's prospects and opportunities that are our customers: the
  introductions we can make for them;
- their_accounts: how many accounts the partner's list holds; as_of: the day it was
  imported.

The intro value of a partner is the open value (domain/accounts.Account.open_value) of
our accounts in intros_for_us: what the introductions it could make are worth to us.

Speed: our list is read once into an index (domain -> row); a partner's list is then one
dictionary look-up per row, and only the rows that match are read whole. 50 partners of
10,000 accounts against our 100,000: well under a second (bench/accounts.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from partner_tui.domain.accounts import (
    SEPARATOR,
    Account,
    AccountStatus,
    account_of_row,
)

_CUSTOMER = AccountStatus.CUSTOMER.value
_ZERO = Decimal("0.00")
# A row whose status is customer continues its domain with this.
_CUSTOMER_AFTER = SEPARATOR + _CUSTOMER


class OurAccounts:
    """Our list, indexed by domain, read once for every partner it is compared with."""

    def __init__(self, rows: Iterable[str] = ()) -> None:
        # domain -> (status, row): what a match needs; the row is read further only for
        # the accounts that match.
        self.by_domain: dict[str, tuple[str, str]] = {}
        for row in rows:
            domain, _tab, rest = row.partition(SEPARATOR)
            self.by_domain[domain] = (rest.partition(SEPARATOR)[0], row)
        # Our customers' domains, and our prospects' and opportunities' (to count with).
        self.customers = {d for d, (status, _row) in self.by_domain.items() if status == _CUSTOMER}
        self.open = self.by_domain.keys() - self.customers

    def __len__(self) -> int:
        return len(self.by_domain)


def open_value_of(row: str) -> Decimal:
    """The open value of an account, from its stored row (read only for the matches)."""
    fields = row.split(SEPARATOR)
    if len(fields) < 5 or not fields[4] or fields[1] == _CUSTOMER:
        return _ZERO
    return Decimal(fields[4])


class Match(NamedTuple):
    """One company on both lists: as we know it (`ours()`), and as the partner does
    (`theirs()`); the stored rows are read only when asked for."""

    our_row: str
    their_row: str

    def ours(self) -> Account:
        return account_of_row(self.our_row)

    def theirs(self) -> Account:
        return account_of_row(self.their_row)

    @property
    def domain(self) -> str:
        return self.our_row.partition(SEPARATOR)[0]

    @property
    def open_value(self) -> Decimal:
        """Our account's open value."""
        return open_value_of(self.our_row)


@dataclass(frozen=True)
class Overlap:
    """Our list against one partner's: the three counts and the intro value, and the
    matching accounts, found again when asked for (an overview of 50 partners needs only
    the counts; keeping a quarter of a million matches would cost more than they do)."""

    partner_id: str
    as_of: date
    their_accounts: int
    shared_count: int = 0
    intro_count: int = 0  # intros for us
    for_them_count: int = 0
    intro_value: Decimal = _ZERO
    their_rows: Sequence[str] = field(default=(), repr=False, compare=False)
    ours: OurAccounts | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _matches(self) -> tuple[list[Match], list[Match], list[Match]]:
        shared: list[Match] = []
        for_us: list[Match] = []
        for_them: list[Match] = []
        if self.ours is not None:
            for kind, our_row, row in _pairs(self.their_rows, self.ours):
                (shared, for_us, for_them)[kind].append(Match(our_row, row))
        for_us.sort(key=lambda m: (-m.open_value, m.our_row))
        return sorted(shared), for_us, sorted(for_them)

    @property
    def shared_customers(self) -> list[Match]:
        return self._matches[0]

    @property
    def intros_for_us(self) -> list[Match]:
        """The warm introductions, the most open value first."""
        return self._matches[1]

    @property
    def intros_for_them(self) -> list[Match]:
        return self._matches[2]


_SHARED, _FOR_US, _FOR_THEM = 0, 1, 2


def _pairs(their_rows: Sequence[str], ours: OurAccounts) -> Iterator[tuple[int, str, str]]:
    """(kind, our row, their row) of every company on both lists that counts."""
    by_domain = ours.by_domain
    # The domains both lists hold, found by a set intersection (in C): most rows of a
    # partner's list are nobody we know, and cost no more than a hash each.
    theirs = {row.partition(SEPARATOR)[0]: row for row in their_rows}
    for domain in theirs.keys() & by_domain.keys():  # the smaller first: it is iterated
        row = theirs[domain]
        our_status, our_row = by_domain[domain]
        if row.startswith(_CUSTOMER_AFTER, len(domain)):
            yield (_SHARED if our_status == _CUSTOMER else _FOR_US), our_row, row
        elif our_status == _CUSTOMER:
            yield _FOR_THEM, our_row, row
        # open on both lists: nobody can introduce anybody


def overlap(
    partner_id: str, as_of: date, their_rows: Sequence[str], ours: OurAccounts
) -> Overlap:
    """Our accounts (indexed) against a partner's stored rows (see the module's docstring).

    One pass splits the partner's domains into customers and the others; set
    intersections (in C) with ours then count each kind."""
    their_customers: list[str] = []
    their_open: list[str] = []
    for row in their_rows:
        domain, _tab, rest = row.partition(SEPARATOR)
        (their_customers if rest.startswith(_CUSTOMER) else their_open).append(domain)
    for_us = ours.open.intersection(their_customers)
    by_domain = ours.by_domain
    total = sum((open_value_of(by_domain[domain][1]) for domain in for_us), _ZERO)
    return Overlap(
        partner_id,
        as_of,
        len(their_rows),
        len(ours.customers.intersection(their_customers)),
        len(for_us),
        len(ours.customers.intersection(their_open)),
        total,
        their_rows,
        ours,
    )


def warm_intros(overlaps: Iterable[Overlap]) -> list[Overlap]:
    """Partners that could introduce us, most open value first (then most intros)."""
    found = [o for o in overlaps if o.intro_count]
    return sorted(found, key=lambda o: (-o.intro_value, -o.intro_count, o.partner_id))
