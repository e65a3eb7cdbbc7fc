"""The program tier on a card (docs/tiers.md): beside the fit, when above the first tier;
given up for the money when the card is narrow."""

from __future__ import annotations

from decimal import Decimal

from rich.cells import cell_len

from partner_tui.domain.partner import new_partner
from partner_tui.store.records.cards import card_from_record
from partner_tui.ui.board.card_text import worth_line


def test_the_tier_shows_beside_the_fit_and_gives_way_to_the_money() -> None:
    partner = new_partner("Acme", potential_value=Decimal(120000))
    card = card_from_record(partner.model_dump(mode="json"))
    wide = worth_line(card, 40, "$", tier="Gold")
    assert "Gold  fit –" in wide and "$120,000" in wide and cell_len(wide) == 40
    assert "Gold" not in worth_line(card, 40, "$")
    narrow = worth_line(card, 16, "$", tier="Gold")
    assert "$120,000" in narrow and cell_len(narrow) == 16
