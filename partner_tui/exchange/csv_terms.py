"""A partner's payout terms as CSV columns: revenue share and referral fee, both ways.

A percent turns the revenue share model on, a fee the referral fee model; export writes
the percent or fee only for a model in force (so the round trip keeps which models are
on), and the other terms when they are set.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from partner_tui.domain.money import CENT, parse_percent
from partner_tui.domain.share_steps import parse_steps, steps_text
from partner_tui.domain.terms_choices import PaymentTerms, ReferralPayment
from partner_tui.exchange.csv_cells import parse_amount

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner


def _amount(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


def terms_cells(partner: Partner) -> dict[str, str]:
    """The terms columns of one partner (before the formula guard)."""
    share, fee = partner.models.revenue_share, partner.models.referral_fee
    return terms_of_values(
        share_enabled=share.enabled, percent=share.percent, years=share.duration_years,
        minimum=share.minimum_customers, payment_terms=share.payment_terms,
        fee_enabled=fee.enabled, fee=fee.amount, fee_payment=fee.payment,
        steps=share.steps, cap_per_customer=share.cap_per_customer,
        cap_per_period=share.cap_per_period,
    )


def terms_of_values(
    *,
    share_enabled: bool,
    percent: Decimal,
    years: int,
    minimum: int,
    payment_terms: PaymentTerms,
    fee_enabled: bool,
    fee: Decimal,
    fee_payment: ReferralPayment,
    steps: str,
    cap_per_customer: Decimal,
    cap_per_period: Decimal,
) -> dict[str, str]:
    """The terms columns from the terms' values (of a model, or of a stored record:
    exchange/csv_records.py)."""
    paid_at_all = share_enabled or fee_enabled
    return {
        "revenue_share_percent": _amount(percent) if share_enabled else "",
        "revenue_share_years": str(years) if years else "",
        "minimum_customers": str(minimum) if minimum else "",
        "payment_terms": (
            payment_terms.value
            if paid_at_all or payment_terms is not PaymentTerms.MONTHLY
            else ""
        ),
        "referral_fee": _amount(fee) if fee_enabled else "",
        "referral_payment": (
            fee_payment.value
            if fee_enabled or fee_payment is not ReferralPayment.ON_CLOSE
            else ""
        ),
        "revenue_share_steps": steps,
        "cap_per_customer": _amount(cap_per_customer) if cap_per_customer else "",
        "cap_per_period": _amount(cap_per_period) if cap_per_period else "",
    }


def _count(text: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned.isdigit():
        raise ValueError(f"{text.strip()!r} is not a whole number (try 2)")
    return int(cleaned)


def _steps(text: str) -> str:
    """'20%x12;10%x12' -> '20% x 12, 10% x 12' (the one spelling; ValueError says why)."""
    return steps_text(parse_steps(text))


def _choice(kind: type[PaymentTerms] | type[ReferralPayment]) -> Callable[[str], object]:
    def parse(text: str) -> object:
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        for member in kind:
            if key in (member.value, member.value.removeprefix("on_")):
                return member
        choices = ", ".join(member.value for member in kind)
        raise ValueError(f"unknown value {text.strip()!r} (one of: {choices})")

    return parse


# column -> (model, field, how the cell is read); the percent and the fee switch models on.
_READERS: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "revenue_share_percent": ("revenue_share", "percent", parse_percent),
    "revenue_share_years": ("revenue_share", "duration_years", _count),
    "minimum_customers": ("revenue_share", "minimum_customers", _count),
    "payment_terms": ("revenue_share", "payment_terms", _choice(PaymentTerms)),
    "referral_fee": ("referral_fee", "amount", parse_amount),
    "referral_payment": ("referral_fee", "payment", _choice(ReferralPayment)),
    "revenue_share_steps": ("revenue_share", "steps", _steps),
    "cap_per_customer": ("revenue_share", "cap_per_customer", parse_amount),
    "cap_per_period": ("revenue_share", "cap_per_period", parse_amount),
}
_SWITCHES = {"revenue_share_percent": "revenue_share", "referral_fee": "referral_fee"}


def terms_from_cells(
    cell: Callable[[str], str], problems: list[tuple[str, str]]
) -> dict[str, dict[str, object]]:
    """The models' fields the terms columns set ({} when none is filled in); each cell that
    cannot be read is added to `problems` as (column, reason)."""
    models: dict[str, dict[str, object]] = {}
    for column, (model, name, parse) in _READERS.items():
        text = cell(column)
        if not text:
            continue
        try:
            value = parse(text)
        except ValueError as exc:
            problems.append((column, str(exc)))
            continue
        fields = models.setdefault(model, {})
        fields[name] = value
        if column in _SWITCHES:
            fields["enabled"] = True
    return models


def column_of(path: str) -> str | None:
    """The terms column a model error ('models.revenue_share.percent') came from."""
    for column, (model, name, _parse) in _READERS.items():
        if path == f"models.{model}.{name}":
            return column
    return None
