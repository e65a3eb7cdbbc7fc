"""Amounts as the playbook counts them: exact decimals (never floats), in cents.

The rules every amount follows: one spelling per amount in the file (cents), and how a
person types and reads amounts and percentages (parse_*, format_*). The validated field
types that apply them to records are in amount_fields.py; these rules stay free of
pydantic, because the board draws amounts before pydantic is imported.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

ZERO = Decimal(0)
CENT = Decimal("0.01")
# Money has at most 15 digits, two of them cents: below ten trillion.
MONEY_LIMIT = Decimal(10000000000000)


def cents(value: Decimal) -> Decimal:
    """One spelling per amount in the file: 1E+3, 1000 and 1000.0 are all stored 1000.00."""
    return value.quantize(CENT) + ZERO  # '+ ZERO' turns -0.00 into 0.00


# The default of Money and Percent fields: spelled like every stored amount, so a field
# that was never edited reads "0.00" in the file, as it will once edited (no diff noise).
ZERO_CENTS = Decimal("0.00")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _has_cents_at_most(value: Decimal) -> bool:
    # Read the digits rather than quantize()/normalize(): both depend on the context's
    # precision and exponent limits, and fail or round on huge or tiny exponents.
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite values only
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return not any(digits) or exponent + trailing_zeros >= -2


# Thousands grouped with commas ('12,500', '1,200.50'): the one way a comma is read.
_COMMA_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")
# Thousands grouped with dots, as comma-decimal locales write them ('1.500', '12.345.678').
_DOT_GROUPED = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+")


def ambiguous_amount(text: str) -> bool:
    """Whether `text` could mean two amounts: '12,5' (12.5 or 125?), '1.500' or '€1.500'
    (1.5 or 1,500?), '1.500,00'. Guessing would store the wrong amount without a word."""
    core = re.sub(r"[^\d,.\-]", "", text)
    if "," in core:
        return not _COMMA_GROUPED.fullmatch(core)
    return bool(_DOT_GROUPED.fullmatch(core))
# What a person types after a number for thousands and millions ('25k', '1.2m').
_SCALES = {"k": 1_000, "m": 1_000_000}


def parse_money(text: str, symbol: str = "") -> Decimal:
    """Read what a person types as an amount: '12,500', '$1,200.50', '€ 99', '25k',
    '1.2m', '' (zero).

    Currency signs, thousands separators (',', '_', spaces) and `symbol` (e.g. 'CHF')
    are ignored; a k or m at the end means thousands or millions. Raises ValueError with
    a message fit to show next to the field; an amount that reads two ways ('12,5',
    '1.500') is refused, never guessed. The one parser of amounts: forms, settings,
    imports and `pay --amount` all read through it.
    """
    cleaned = text.strip()
    if symbol.strip():
        cleaned = cleaned.replace(symbol.strip(), "")
    if ambiguous_amount(cleaned):
        raise ValueError(
            f"{text.strip()!r} is ambiguous: write 12.5 for a decimal, 12,500 for thousands"
        )
    cleaned = "".join(
        ch
        for ch in cleaned
        if ch not in ",_" and not ch.isspace() and unicodedata.category(ch) != "Sc"
    )
    if not cleaned:
        return cents(ZERO)
    scale = _SCALES.get(cleaned[-1].lower(), 1)
    value = _decimal(cleaned[:-1] if scale != 1 else cleaned)
    if value is None:
        raise ValueError(f"{text.strip()!r} is not an amount (try 12500, 12,500.00 or 25k)")
    if scale != 1:
        value *= scale
    if not value.is_finite():
        raise ValueError("amount must be a finite number")
    if value < 0:
        raise ValueError("amount cannot be negative")
    if not _has_cents_at_most(value):
        raise ValueError("amount has more than two decimal places")
    if value >= MONEY_LIMIT:
        raise ValueError("amount is too large (at most 9,999,999,999,999.99)")
    return cents(value)


def parse_percent(text: str) -> Decimal:
    """Read a percentage typed as '15', '15%' or '12.5'; must be 0 to 100."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return ZERO
    value = _decimal(cleaned)
    if value is None:
        raise ValueError(f"{text.strip()!r} is not a percentage (try 15 or 12.5)")
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError("percentage must be between 0 and 100")
    if not _has_cents_at_most(value):
        raise ValueError("percentage has more than two decimal places")
    return cents(value)


# Below 10**24 an amount's cents fit the default context's 28 digits: quantize is exact.
_CENTS_EXACT_BELOW = 24


def format_money(value: Decimal | None, symbol: str = "$") -> str:
    """'$12,500' for whole amounts, '$12,500.50' otherwise; negatives as '-$300'."""
    if value is None or not value.is_finite():
        return "-"
    if value.adjusted() < _CENTS_EXACT_BELOW and value == value.quantize(CENT):
        # Whole cents already (every amount the program stores or computes): nothing to
        # round, so the value's own two-place text is the rule's, without a context to
        # set up for each of the report's 10,000 amounts ('+ ZERO': -0.00 is 0.00).
        # tests/unit/domain/test_money.py holds it to the rounding path below.
        text = f"{value + ZERO:,.2f}".removesuffix(".00")
        if text[0] == "-":
            return f"-{symbol}{text[1:]}"
        return f"{symbol}{text}"
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 4)  # never round away whole units
        q = value.quantize(CENT, rounding=ROUND_HALF_UP)
        sign = "-" if q < 0 else ""
        q = abs(q)
        text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    return f"{sign}{symbol}{text}"


def format_cents(value: Decimal | None, symbol: str = "$") -> str:
    """'$12,500.00', '$607.50', '-$3.00': always the cents, as payouts and statements
    show money (a column of amounts to pay reads, and adds up, only that way)."""
    if value is None or not value.is_finite():
        return "-"
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 4)
        q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    return f"{sign}{symbol}{abs(q):,.2f}"


def format_percent(value: Decimal | None) -> str:
    """'42%' or '12.5%'; '-' when there is nothing to measure (e.g. ROI with zero cost)."""
    if value is None or not value.is_finite():
        return "-"
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 4)
        q = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) + ZERO
        text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.1f}"
    return f"{text}%"
