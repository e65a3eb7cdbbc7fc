"""The close lets go of what is only kept for speed (each deal's facts, the payouts kept,
every card's search text) before its hooks hash every record: anything asked after the
close is built again, the same."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from partner_tui.domain.deals import Deal, DealStatus
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
from partner_tui.domain.periods import Period
from partner_tui.store.hooks import StoreHooks
from partner_tui.store.partner_store import PartnerStore


def _deal(partner_id: str, n: int) -> Deal:
    return Deal(
        partner_id=partner_id, customer=f"Customer {n}", customer_domain=f"c{n}.io",
        registered_on=date(2026, 1, 1 + n % 28), status=DealStatus.WON,
        closed_on=date(2026, 2, 1 + n % 27), amount=f"{100 + n}.50", monthly_revenue="10.00",
    )


def test_the_close_lets_go_of_figures_and_search_text_and_they_come_back_the_same(
    db_path: Path,
) -> None:
    terms = PartnershipModels(revenue_share=RevenueShare(enabled=True, percent=Decimal("10")))
    with PartnerStore(db_path) as store:
        partners = store.partners.add_many(
            [new_partner(f"P{i}", notes=f"Note {i} ABC", models=terms) for i in range(3)]
        )
        store.deals.add_many([_deal(partners[i % 3].id, i) for i in range(9)])
    period = Period.of(date(2026, 3, 1))
    seen_at_close: list[tuple[int, int, int]] = []

    def closing(store: PartnerStore) -> None:
        deals = store._deals  # (what the hashing would grow on top of)
        searched = sum(card._search is not None for card in store.partners.cards())
        seen_at_close.append((len(deals._facts), len(deals.payouts_kept), searched))

    store = PartnerStore(db_path, hooks=StoreHooks(closing=closing))
    before = store.payouts.for_period(period)
    texts = [card.search_text() for card in store.partners.cards()]
    facts = {p.id: store._deals.facts(p.id) for p in partners}
    assert before and all(facts.values()) and store._deals.payouts_kept
    store.close()
    assert seen_at_close == [(0, 0, 0)]
    assert store.payouts.for_period(period) == before  # built again, the same
    assert [card.search_text() for card in store.partners.cards()] == texts
    assert {p.id: store._deals.facts(p.id) for p in partners} == facts
