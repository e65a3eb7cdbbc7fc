"""The values of options several commands share (`--amount`, `--on`), read one way: the
same words for the same mistake whichever command it is given to (exit 2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.cli.errors import UsageMistake
from partner_tui.domain.money import parse_money


def amount_option(text: str | None, zero_or_less: str) -> Decimal | None:
    """`--amount` as money (None when not given); `zero_or_less` says why 0 is refused."""
    if text is None:
        return None
    try:
        value = parse_money(text)
    except ValueError as exc:
        raise UsageMistake(f"--amount: {exc}") from None
    if value <= 0:
        raise UsageMistake(f"--amount: {zero_or_less}")
    return value


def day_option(text: str, option: str = "--on") -> date:
    """A YYYY-MM-DD option as a date."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageMistake(f"{option} {text!r} is not a date (use YYYY-MM-DD)") from None
