"""The `--json` output of the scriptable commands: one stable shape per command.

Stable means: keys sorted and never renamed (a test pins them), days as ISO dates
(`2026-03-16`), instants as ISO 8601 with their offset, money as exact decimal strings
(`"12500.00"`), absent values as null. ASCII only: any other character is written as a
`\\uXXXX` escape, which every JSON reader turns back, so no byte of the data can act on
the terminal the output lands in. README's *Bridges* section shows each shape.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Activity, Partner


def print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def partner_summary(partner: Partner) -> dict[str, Any]:
    """A partner as `list` gives it: what a script needs to find and act on one."""
    return {
        "id": partner.id,
        "company": partner.company,
        "stage": partner.stage.value,
        "partner_type": partner.partner_type.value if partner.partner_type else None,
        "subtype": partner.subtype,
        "contact_name": partner.contact_name,
        "contact_email": partner.contact_email,
        "website": partner.website,
        "owner": partner.owner,
        "tags": list(partner.tags),
        "potential_value": format(partner.potential_value, "f"),
        "fit_score": partner.fit_score,
        "next_action": partner.next_action,
        "next_action_date": _day(partner.next_action_date),
        "archive_reason": partner.archive_reason.value if partner.archive_reason else None,
        "updated_at": partner.updated_at.isoformat(),
    }


def due_entry(item: DueItem, today: date, partner: Partner | None = None) -> dict[str, Any]:
    """One due item: whose, what, when, and how far from today (negative: overdue)."""
    entry = {
        "partner_id": item.partner_id,
        "company": item.company,
        "kind": item.kind.value,
        "what": item.label,
        "item": item.item,
        "due": item.due.isoformat(),
        "days": (item.due - today).days,
        "overdue": item.due < today,
    }
    if partner is not None:
        entry["contact_name"] = partner.contact_name
        entry["contact_email"] = partner.contact_email
    return entry


def activity_entry(activity: Activity) -> dict[str, Any]:
    return {"date": activity.date.isoformat(), "kind": activity.kind.value, "text": activity.text}


def partner_record(partner: Partner) -> dict[str, Any]:
    """The whole stored record, as `export --format json` writes each partner."""
    return partner.model_dump(mode="json")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
