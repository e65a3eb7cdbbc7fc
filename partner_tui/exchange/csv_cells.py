"""Reading one CSV cell into a partner's field, with the reason when it cannot be read."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from partner_tui.domain.money import parse_money
from partner_tui.domain.stages import ArchiveReason, Stage

_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")
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
    """parse_money, plus two refusals a spreadsheet column needs: a cell with no digits
    at all, and a comma that is not a thousands separator ('12,5' could mean 12.5 or 125;
    guessing would import the wrong amount without a word)."""
    if not any(ch.isdigit() for ch in text):
        raise ValueError(f"{text.strip()!r} is not an amount (try 12500 or 12,500.00)")
    core = re.sub(r"[^\d,.\-]", "", text)
    if "," in core and not _GROUPED.fullmatch(core):
        raise ValueError(
            f"{text.strip()!r} is ambiguous: write 12.5 for a decimal, 12,500 for thousands"
        )
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
