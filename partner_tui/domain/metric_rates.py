"""The playbook's rates of a partner's figures (ROI, lead-to-deal rate): plain Decimals,
no model, so the figures of stored records import no pydantic (`show`:
docs/cli-speed.md). domain/metrics.py re-exports them."""

from __future__ import annotations

from decimal import Decimal


def roi_percent(revenue: Decimal, cost: Decimal) -> Decimal | None:
    """Partnership ROI = (revenue - cost) / cost, as a percentage.

    None when there is no cost to measure against: dividing by zero would
    pretend to an infinite return.
    """
    if cost <= 0:
        return None
    return ((revenue - cost) * 100 / cost).quantize(Decimal("0.1"))


def lead_to_deal_rate(leads: int, deals: int) -> Decimal | None:
    if leads <= 0:
        return None
    return (Decimal(deals) * 100 / Decimal(leads)).quantize(Decimal("0.1"))
