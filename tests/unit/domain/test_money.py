"""Money and percentages: exact decimals, clear messages, never float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from partner_tui.domain.amount_fields import Money, Percent
from partner_tui.domain.errors import field_messages
from partner_tui.domain.money import format_money, format_percent, parse_money, parse_percent


class Amounts(BaseModel):
    money: Money = Decimal(0)
    percent: Percent = Decimal(0)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "0.00"),
        ("   ", "0.00"),
        ("0", "0.00"),
        ("12500", "12500.00"),
        ("12,500", "12500.00"),
        ("$1,200.50", "1200.50"),
        ("  $ 99.9 ", "99.90"),
        ("€1 000", "1000.00"),
        ("£5", "5.00"),
        ("1_000", "1000.00"),
        ("1e3", "1000.00"),
        ("0.100", "0.10"),
        ("-0", "0.00"),
        ("9999999999999.99", "9999999999999.99"),
    ],
)
def test_parse_money_accepts_what_people_type(typed: str, expected: str) -> None:
    value = parse_money(typed)
    assert isinstance(value, Decimal)
    assert str(value) == expected


def test_parse_money_strips_a_named_symbol() -> None:
    assert parse_money("CHF 1,250", symbol="CHF") == Decimal("1250")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "'abc' is not an amount"),
        ("12.5.1", "is not an amount"),
        ("-5", "cannot be negative"),
        ("$-1,000", "cannot be negative"),
        ("0.001", "more than two decimal places"),
        ("1e-99999999", "more than two decimal places"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("1e30", "too large"),
        ("10000000000000", "too large"),
        # A dot or comma that could group thousands or mark decimals: never guessed.
        ("12,5", "'12,5' is ambiguous: write 12.5 for a decimal, 12,500 for thousands"),
        ("1.500", "'1.500' is ambiguous: write 12.5 for a decimal, 12,500 for thousands"),
        ("2.500", "'2.500' is ambiguous"),
        ("€1.500", "'€1.500' is ambiguous"),
        ("12.345.678", "is ambiguous"),
        ("1.500,00", "is ambiguous"),
    ],
)
def test_parse_money_refuses_with_a_message(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", "0"), ("15", "15"), ("15%", "15"), (" 12.5 % ", "12.5"), ("100", "100"), ("0", "0")],
)
def test_parse_percent(typed: str, expected: str) -> None:
    assert parse_percent(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "between 0 and 100"),
        ("100.01", "between 0 and 100"),
        ("-1", "between 0 and 100"),
        ("nan", "between 0 and 100"),
        ("12.345", "more than two decimal places"),
        ("lots", "'lots' is not a percentage"),
    ],
)
def test_parse_percent_refuses(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_percent(typed)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "-"),
        (Decimal("0"), "$0"),
        (Decimal("12500"), "$12,500"),
        (Decimal("12500.5"), "$12,500.50"),
        (Decimal("0.005"), "$0.01"),
        (Decimal("-300"), "-$300"),
        (Decimal("-0.001"), "$0"),
        (Decimal("NaN"), "-"),
        (Decimal("1E+40"), "$10,000,000,000,000,000,000,000,000,000,000,000,000,000"),
    ],
)
def test_format_money(value: Decimal | None, text: str) -> None:
    assert format_money(value) == text


def test_format_money_with_another_symbol() -> None:
    assert format_money(Decimal("99.5"), "€") == "€99.50"


def _format_money_by_rounding(value: Decimal, symbol: str) -> str:
    """format_money's rounding path, for every finite amount (its text before the path
    for whole cents was added)."""
    from decimal import ROUND_HALF_UP, localcontext

    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 4)
        q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        sign = "-" if q < 0 else ""
        q = abs(q)
        text = f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"
    return f"{sign}{symbol}{text}"


@given(st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.decimals(-10**15, 10**15, places=2),
    st.sampled_from([Decimal("-0.00"), Decimal("-0"), Decimal("1E+3"), Decimal("0.005"),
                     Decimal("-0.005"), Decimal("1E+25"), Decimal("9.99E+23"), Decimal("1.10")]),
), st.sampled_from(["$", "", "CHF "]))
def test_format_money_of_whole_cents_is_the_rounding_rules(value: Decimal, symbol: str) -> None:
    assert format_money(value, symbol) == _format_money_by_rounding(value, symbol)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "-"),
        (Decimal("42"), "42%"),
        (Decimal("12.5"), "12.5%"),
        (Decimal("12.25"), "12.3%"),
        (Decimal("-50"), "-50%"),
        (Decimal("1234.5"), "1,234.5%"),
        (Decimal("-0.01"), "0%"),
    ],
)
def test_format_percent(value: Decimal | None, text: str) -> None:
    assert format_percent(value) == text


money_values = st.decimals(
    min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False
)


@given(money_values)
def test_money_round_trips_through_its_text(value: Decimal) -> None:
    assert parse_money(format_money(value)) == value
    assert parse_money(format_money(value, "€"), symbol="€") == value
    assert parse_money(str(value)) == value


@given(st.text(max_size=40))
def test_parse_money_never_crashes(text: str) -> None:
    try:
        value = parse_money(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(value, Decimal)
        assert Decimal(0) <= value < Decimal("1e13")
        assert value == value.quantize(Decimal("0.01"))
        Amounts(money=value)  # whatever parses is valid Money


@given(st.text(max_size=20))
def test_parse_percent_never_crashes(text: str) -> None:
    try:
        value = parse_percent(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert Decimal(0) <= value <= 100
        Amounts(percent=value)


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_format_never_crashes(value: Decimal) -> None:
    assert isinstance(format_money(value), str)
    assert format_percent(value).endswith("%") or format_percent(value) == "-"


def test_money_field_validation_messages() -> None:
    with pytest.raises(ValidationError) as info:
        Amounts(money=Decimal("-1"), percent=Decimal("101"))
    assert field_messages(info.value) == {
        "money": "must be 0 or more",
        "percent": "must be 100 or less",
    }
    with pytest.raises(ValidationError) as info:
        Amounts(money=Decimal("1.234"))
    assert field_messages(info.value) == {"money": "at most 2 decimal places"}
    with pytest.raises(ValidationError) as info:
        Amounts(money=Decimal("1e20"))
    assert field_messages(info.value) == {"money": "is too large"}


def test_money_is_stored_as_exact_cents_text() -> None:
    amounts = Amounts(money=Decimal("1E+3"), percent=Decimal("15"))
    assert isinstance(amounts.money, Decimal)
    dumped = amounts.model_dump(mode="json")
    # Strings, not JSON numbers: a float never gets a chance to round them.
    assert dumped == {"money": "1000.00", "percent": "15.00"}
    assert Amounts.model_validate(dumped) == amounts


def test_a_float_never_rounds_silently() -> None:
    # A float that is exactly what it looks like is accepted (a hand-edited file)...
    assert Amounts(money=0.1).money == Decimal("0.10")  # type: ignore[arg-type]
    assert isinstance(Amounts(money=12500.5).money, Decimal)  # type: ignore[arg-type]
    # ...but float arithmetic noise is refused, never rounded into the data.
    with pytest.raises(ValidationError):
        Amounts(money=0.1 + 0.2)  # type: ignore[arg-type]
