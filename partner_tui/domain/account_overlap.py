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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
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
        # domain -> (status, open value, row): what a match needs; the row is read whole
        # only when a match is looked at.
        self.by_domain: dict[str, tuple[str, Decimal, str]] = {}
        for row in rows:
            domain, status, *rest = row.split(SEPARATOR)
            value = rest[2] if len(rest) > 2 and status != _CUSTOMER else ""
            self.by_domain[domain] = (status, Decimal(value) if value else _ZERO, row)

    def __len__(self) -> int:
        return len(self.by_domain)


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
        return self.ours().open_value


# (our row, their row): an overlap of 50 partners finds a quarter of a million matches,
# kept as plain tuples until someone looks at them (a Match each, then).
_Pair = tuple[str, str]


@dataclass(frozen=True)
class Overlap:
    """Our list against one partner's: the three counts, the intro value, and the
    matching accounts (read when asked for)."""

    partner_id: str
    as_of: date
    their_accounts: int
    shared: tuple[_Pair, ...] = ()
    for_us: tuple[_Pair, ...] = ()
    for_them: tuple[_Pair, ...] = ()
    intro_value: Decimal = field(default=_ZERO)

    @property
    def intro_count(self) -> int:
        return len(self.for_us)

    @property
    def shared_customers(self) -> list[Match]:
        return sorted(Match(*pair) for pair in self.shared)

    @property
    def intros_for_us(self) -> list[Match]:
        """The warm introductions, the most open value first."""
        matches = [Match(*pair) for pair in self.for_us]
        return sorted(matches, key=lambda m: (-m.open_value, m.our_row))

    @property
    def intros_for_them(self) -> list[Match]:
        return sorted(Match(*pair) for pair in self.for_them)


def overlap(
    partner_id: str, as_of: date, their_rows: Sequence[str], ours: OurAccounts
) -> Overlap:
    """Our accounts (indexed) against a partner's stored rows (see the module's docstring)."""
    shared: list[_Pair] = []
    for_us: list[_Pair] = []
    for_them: list[_Pair] = []
    total = _ZERO
    by_domain = ours.by_domain
    # The domains both lists hold, found by a set intersection (in C): most rows of a
    # partner's list are nobody we know, and cost no more than a hash each.
    theirs = {row.partition(SEPARATOR)[0]: row for row in their_rows}
    for domain in by_domain.keys() & theirs.keys():
        row = theirs[domain]
        our_status, value, our_row = by_domain[domain]
        if row.startswith(_CUSTOMER_AFTER, len(domain)):
            if our_status == _CUSTOMER:
                shared.append((our_row, row))
            else:
                for_us.append((our_row, row))
                total += value
        elif our_status == _CUSTOMER:
            for_them.append((our_row, row))
        # open on both lists: nobody can introduce anybody
    return Overlap(
        partner_id, as_of, len(their_rows), tuple(shared), tuple(for_us), tuple(for_them), total
    )


def warm_intros(overlaps: Iterable[Overlap]) -> list[Overlap]:
    """Partners that could introduce us, most open value first (then most intros)."""
    found = [o for o in overlaps if o.intros_for_us]
    return sorted(found, key=lambda o: (-o.intro_value, -o.intro_count, o.partner_id))
