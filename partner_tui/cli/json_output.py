"""The `--json` output of the scriptable commands: one stable shape per command.

Stable means: keys sorted and never renamed (a test pins them), days as ISO dates
(`2026-03-16`), instants as ISO 8601 in UTC (`...Z`), money as exact decimal strings
(`"12500.00"`), absent values as null. ASCII only: any other character is written as a
`\\uXXXX` escape, which every JSON reader turns back, so no byte of the data can act on
the terminal the output lands in. README's *Bridges* section shows each shape.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from partner_tui import os_compat
from partner_tui.domain.money import CENT

if TYPE_CHECKING:
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Activity, Partner
    from partner_tui.store.records.cards import PartnerCard


def print_json(document: dict[str, Any]) -> None:
    print_text(json_text(document))


def print_text(text: str) -> None:
    """Print a document's json_text as it is (already escaped to ASCII)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def print_ascii(data: bytes) -> None:
    """Print a document's json_text kept as bytes (ASCII) as print_text would print its
    text: straight to the binary stream under standard output, neither decoded nor
    encoded again (megabytes: list_cache.kept_listing); through the text stream where it
    turns line ends into the system's (Windows) or where there is no binary stream."""
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None or os_compat.WINDOWS:
        print_text(data.decode("ascii"))
        return
    sys.stdout.flush()
    binary.write(data)
    binary.flush()


# DEL and any character outside ASCII (json.dumps's ensure_ascii escapes both); JSON text
# holds them only inside strings.
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # as a surrogate pair, as json.dumps(ensure_ascii=True) writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(document: dict[str, Any]) -> str:
    """The text json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) gives,
    and a newline: written by orjson (its pure-Python indenting encoder took most of
    `list --json`'s time at 10,000 partners), then DEL and every non-ASCII character
    escaped."""
    try:
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):  # what orjson refuses (a lone surrogate)
        return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) + "\n"
    if not text.isascii() or "\x7f" in text:
        text = _NOT_ASCII.sub(_escape, text)
    return text + "\n"


def partner_summary(card: PartnerCard) -> dict[str, Any]:
    """A partner as `list` gives it: what a script needs to find and act on one. Read
    from the stored record (validated when the file was opened), so listing 10,000
    partners does not build 10,000 models."""
    raw = card.record
    day = card.next_action_date
    return {
        "id": card.id,
        "company": card.company,
        "stage": card.stage.value,
        "partner_type": card.partner_type.value if card.partner_type else None,
        "subtype": card.subtype,
        "contact_name": card.contact_name,
        "contact_email": card.contact_email,
        "website": raw.get("website") or None,
        "owner": raw.get("owner") or "",
        "tags": list(raw.get("tags") or []),
        "potential_value": (
            None if card.potential_value is None else format(card.potential_value.quantize(CENT), "f")
        ),
        "fit_score": card.fit_score,
        "next_action": card.next_action,
        "next_action_date": day.isoformat() if day is not None else None,
        "archive_reason": card.archive_reason.value if card.archive_reason else None,
        "updated_at": raw.get("updated_at"),
    }


def due_entry(item: DueItem, today: date, partner: PartnerCard | None = None) -> dict[str, Any]:
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
