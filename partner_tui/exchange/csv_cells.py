"""Reading one CSV cell into a partner's field, with the reason when it cannot be read."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from partner_tui.domain.money import parse_money
from partner_tui.domain.stages import ArchiveReason, Stage

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXT_AND_DATE = re.compile(r"(.*?)\s*\|\s*(\d{4}-\d{2}-\d{2})", re.DOTALL)


def parse_stage(text: str) -> Stage:
    key = text.strip().lower()
    try:
        return Stage(key)
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        raise ValueError(f"unknown stage {text.strip()!r} (one of: {choices})") from None


def parse_reason(text: str) -> ArchiveReason:
    key = text.strip().lower()
    try:
        return ArchiveReason(key)
    except ValueError:
        choices = ", ".join(r.value for r in ArchiveReason)
        raise ValueError(f"unknown archive reason {text.strip()!r} (one of: {choices})") from None


def parse_amount(text: str) -> Decimal:
    """parse_money (which refuses an ambiguous amount: '12,5', '1.500'), plus the refusal
    a spreadsheet column needs: a cell with no digits at all is not zero."""
    if not any(ch.isdigit() for ch in text):
        raise ValueError(f"{text.strip()!r} is not an amount (try 12500 or 12,500.00)")
    return parse_money(text)


def parse_date(text: str) -> date:
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def split_next_action(cell: str) -> tuple[str, date | None]:
    """The rule for a `next_action` cell in a file without a next_action_date column."""
    text = cell.strip()
    if _ISO_DATE.fullmatch(text):
        return "", parse_date(text)
    match = _TEXT_AND_DATE.fullmatch(text)
    if match:
        return match.group(1), parse_date(match.group(2))
    return text, None
