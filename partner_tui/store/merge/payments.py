"""A payout marked paid on two copies of the file is paid once.

Each copy checked what was owed against what it had, so neither saw the other's payment;
merged, both would count and the partner would show as overpaid. Payments are one per
partner and period per writer: when both sides added payments for one partner and period
since their common ancestor, the later side's (by when the payments were recorded) are
kept. The other side's are dropped: silently when they paid the same amount (the same
payment, recorded twice), else with a line in the partner's activity log naming what the
other side paid, like any clash. Payments one side added alone are all kept (a part
payment and then the rest are two payments).

Pure, like merge.py, and the same whichever side is "ours".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from partner_tui.store.merge.notes import MERGE_PREFIX
from partner_tui.store.merge.value_rules import canonical, instant

Table = dict[str, dict[str, Any]]


@dataclass
class SettledPayments:
    dropped: set[str] = field(default_factory=set)
    # (partner id, payment id kept, the note) for each clash worth telling.
    notes: list[tuple[str, str, str]] = field(default_factory=list)


def settle_payments(base: Table, ours: Table, theirs: Table, partners: Table) -> SettledPayments:
    """Which payments added on both sides for one partner and period to drop, and the
    notes for the partners' logs (tables: `payments` of base, ours, theirs; the merged
    `partners`, for names)."""
    settled = SettledPayments()
    mine, others = _added(ours, base, theirs), _added(theirs, base, ours)
    for group in sorted(mine.keys() & others.keys()):
        one, other = mine[group], others[group]
        kept, lost = (one, other) if _later(one) >= _later(other) else (other, one)
        settled.dropped.update(p["id"] for p in lost)
        if _total(kept) != _total(lost):
            partner_id, period = group
            company = str((partners.get(partner_id) or {}).get("company", "this partner"))
            settled.notes.append((partner_id, kept[0]["id"], _text(company, period, kept, lost)))
    return settled


def _added(side: Table, base: Table, other: Table) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Payments only this side added, by (partner id, period)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, payment in side.items():
        if key in base or key in other or not isinstance(payment, dict):
            continue
        group = (str(payment.get("partner_id", "")), str(payment.get("period", "")))
        groups.setdefault(group, []).append({**payment, "id": key})
    return groups


def _later(payments: list[dict[str, Any]]) -> tuple[Any, bytes]:
    """When the side's latest payment was recorded; ties settled by content."""
    latest = max(instant(p.get("updated_at") or p.get("created_at")) for p in payments)
    return latest, max(canonical(p) for p in payments)


def _total(payments: list[dict[str, Any]]) -> Decimal:
    total = Decimal(0)
    for payment in payments:
        try:
            total += Decimal(str(payment.get("amount", "0")))
        except InvalidOperation:
            pass
    return total


def _described(payments: list[dict[str, Any]]) -> str:
    parts = []
    for p in payments:
        by = f" by {p['author']}" if p.get("author") else ""
        parts.append(f"{_total([p]):.2f} on {p.get('paid_on', '?')}{by}")
    return " and ".join(parts)


def _text(company: str, period: str, kept: list[dict[str, Any]], lost: list[dict[str, Any]]) -> str:
    return (
        f"{MERGE_PREFIX}{company} was marked paid for {period} on two copies of the file: "
        f"{_described(lost)} on the other copy was dropped; kept {_described(kept)} "
        "(the later)"
    )
