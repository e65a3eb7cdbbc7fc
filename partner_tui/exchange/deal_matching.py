"""Which rows of a deals file are deals the file holds already (`import-deals` run again).

A row is the same deal as a stored one when it says the same thing: the same partner,
customer (any case), customer domain, status, dates, amount and monthly revenue. Such a
row is reported as already there and not added, so importing a file twice changes nothing
the second time, with or without `--override` (which overrides registration clashes,
never makes a duplicate). Equal rows are counted: a file with two equal rows adds two
deals the first time and none the second.

A row without a registered_on cell is dated today as it is read; it matches a stored deal
whatever that deal's registration date (else a file imported again the next day would
add every such row again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from partner_tui.domain.deals import Deal, DealStatus


def deal_key(deal: Deal, *, dated: bool = True) -> tuple[Any, ...]:
    """What makes a deal the same deal (dated=False: whatever its registration date)."""
    return (
        deal.partner_id,
        deal.customer.strip().casefold(),
        deal.customer_domain,
        deal.status.value,
        deal.registered_on if dated else None,
        deal.closed_on,
        deal.paid_on,
        deal.ended_on,
        deal.amount,
        deal.monthly_revenue,
        deal.refunded_on,
        deal.refunded_amount,
    )


def _refund_key(deal: Deal) -> tuple[Any, ...]:
    """Which stored won deal a refunded row refunds: the same partner, customer (any case),
    customer domain and close date (its other cells may be left empty)."""
    return (deal.partner_id, deal.customer.strip().casefold(), deal.customer_domain,
            deal.closed_on)


def split_refunds(
    deals: list[Deal], stored_of: Callable[[str], Iterable[Deal]]
) -> tuple[list[Deal], list[tuple[Deal, Deal]], list[Deal]]:
    """(new deals, refunds, rows already there) of `deals`: a refunded row naming a stored
    won deal (_refund_key) is that deal refunded, not a new one: (stored deal, row) in
    `refunds` (docs/refunds.md); one naming a deal refunded on the same day already is
    there (the same file imported twice changes nothing)."""
    stored_by_key: dict[tuple[Any, ...], list[Deal]] = {}
    read: set[str] = set()  # partners whose stored deals are in stored_by_key
    new: list[Deal] = []
    refunds: list[tuple[Deal, Deal]] = []
    known: list[Deal] = []
    for deal in deals:
        if deal.status is not DealStatus.REFUNDED:
            new.append(deal)
            continue
        if deal.partner_id not in read:
            read.add(deal.partner_id)
            for stored in stored_of(deal.partner_id):
                if stored.status in (DealStatus.WON, DealStatus.REFUNDED):
                    stored_by_key.setdefault(_refund_key(stored), []).append(stored)
        found = stored_by_key.get(_refund_key(deal), [])
        done = [d for d in found if d.status is DealStatus.REFUNDED
                and (d.refunded_on, d.refunded_amount) == (deal.refunded_on, deal.refunded_amount)]
        won = [d for d in found if d.status is DealStatus.WON]
        if done:
            found.remove(done[0])
            known.append(deal)
        elif won:
            found.remove(won[0])
            refunds.append((won[0], deal))
        else:
            new.append(deal)
    return new, refunds, known


def split_known(
    deals: list[Deal], undated: set[str], stored_of: Callable[[str], Iterable[Deal]]
) -> tuple[list[Deal], list[Deal]]:
    """(new deals, deals already in the file) of `deals`, in their order. `undated`: ids
    of the rows that had no registered_on; stored_of(partner id): its stored deals."""
    dated: Counter[tuple[Any, ...]] = Counter()
    loose: Counter[tuple[Any, ...]] = Counter()
    for partner_id in dict.fromkeys(d.partner_id for d in deals):
        for stored in stored_of(partner_id):
            dated[deal_key(stored)] += 1
            loose[deal_key(stored, dated=False)] += 1
    new: list[Deal] = []
    known: list[Deal] = []
    for deal in deals:
        full, any_date = deal_key(deal), deal_key(deal, dated=False)
        if deal.id not in undated and dated[full] > 0:
            dated[full] -= 1
            loose[any_date] -= 1
            known.append(deal)
        elif deal.id in undated and loose[any_date] > 0:
            loose[any_date] -= 1
            known.append(deal)
        else:
            new.append(deal)
    return new, known
