"""A deal's status (Deal.status): its own module, without pydantic, so the rules that
read stored deal records (deal_facts.py) need not import the Deal model (`show` on a file
known valid imports no model: docs/cli-speed.md). domain/deals.py re-exports it."""

from __future__ import annotations

from enum import StrEnum


class DealStatus(StrEnum):
    REGISTERED = "registered"
    APPROVED = "approved"  # reviewed: the registration stands (protection from then on)
    REJECTED = "rejected"  # reviewed: refused, with a reason; claims no customer
    WON = "won"
    LOST = "lost"
    REFUNDED = "refunded"  # won, then refunded: claws back what it earned (docs/refunds.md)

    @property
    def label(self) -> str:
        return self.value.capitalize()
