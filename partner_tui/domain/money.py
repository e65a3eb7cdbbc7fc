"""Money and percentages: exact decimals, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field

# Money is a non-negative Decimal with at most two decimal places (cents).
Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
# Percentages as the playbook writes them: 0 to 100.
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]

ZERO = Decimal("0")
CENT = Decimal("0.01")


def parse_money(text: str) -> Decimal:
    """Read what a person types as an amount: '12,500', '$1,200.50', '' (zero).

    Raises ValueError with a message fit to show next to the field.
    """
    cleaned = text.strip().replace(",", "").replace("$", "").replace("_", "")
    if not cleaned:
        return ZERO
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not an amount (try 12500 or 12,500.00)") from None
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    if value < 0:
        raise ValueError("amount cannot be negative")
    if value != value.quantize(CENT):
        raise ValueError("amount has more than two decimal places")
    return value.quantize(CENT)


def parse_percent(text: str) -> Decimal:
    """Read a percentage typed as '15', '15%' or '12.5'; must be 0 to 100."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return ZERO
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a percentage (try 15 or 12.5)") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError("percentage must be between 0 and 100")
    if value != value.quantize(CENT):
        raise ValueError("percentage has more than two decimal places")
    return value


def format_money(value: Decimal | None, symbol: str = "$") -> str:
    """'$12,500' for whole amounts, '$12,500.50' otherwise; negatives as '-$300'."""
    if value is None:
        return "-"
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    q = abs(q)
    text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    return f"{sign}{symbol}{text}"


def format_percent(value: Decimal | None) -> str:
    """'42%' or '12.5%'; '-' when there is nothing to measure (e.g. ROI with zero cost)."""
    if value is None:
        return "-"
    q = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.1f}"
    return f"{text}%"
