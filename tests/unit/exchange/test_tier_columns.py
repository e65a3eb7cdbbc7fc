"""Steps and caps as import columns (docs/tiers.md): read, checked, written back; and
`show` says them with the tier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.cli.partner_text import partner_details
from partner_tui.cli.shown_partner import ShownPartner
from partner_tui.domain.partner_figures import figures_of_partner
from partner_tui.exchange.csv_export import export_csv
from partner_tui.exchange.csv_import import parse_csv


def test_steps_and_caps_columns_are_read_in_one_spelling_and_written_back() -> None:
    text = (
        "company,revenue_share_percent,revenue_share_steps,cap_per_customer,cap_per_period\n"
        "Northwind,15,20%x12; 10 for 12,\"$5,000\",1000\n"
    )
    parsed = parse_csv(text)
    assert parsed.ok, parsed.problems
    share = parsed.partners[0].models.revenue_share
    assert share.enabled and share.steps == "20% x 12, 10% x 12"
    assert (share.cap_per_customer, share.cap_per_period) == (Decimal("5000.00"),
                                                              Decimal("1000.00"))
    again = parse_csv(export_csv(parsed.partners).lstrip("\ufeff"))
    assert again.ok and again.partners[0].models.revenue_share == share


def test_steps_that_cannot_be_read_are_named_by_column() -> None:
    parsed = parse_csv("company,revenue_share_percent,revenue_share_steps\nA,10,20% x 0\n")
    assert not parsed.ok
    assert any("revenue_share_steps" in str(problem) and "at least 1 month" in str(problem)
               for problem in parsed.problems)


def test_show_says_the_share_terms_and_the_tier() -> None:
    partner = parse_csv(
        "company,revenue_share_percent,revenue_share_steps,cap_per_period\nA,10,20% x 3,900\n"
    ).partners[0]
    today = date(2026, 3, 16)
    figures = figures_of_partner(partner, today)
    lines = partner_details(ShownPartner.of_partner(partner), figures, [], today, "$")
    assert "  Share terms: steps 20% x 3 · cap per month $900" in lines
