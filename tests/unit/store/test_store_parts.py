"""PartnerStore is composed (a core held by its parts), and every change it stores is told
to its listeners as one DataChanged: the app's screens hear this app's changes the one way
they hear other writers' (ui/session.py publishes both)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partner_tui.domain.periods import Period
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.data_changed import DataChanged
from partner_tui.store.partner_store import PartnerStore
from tests.unit.store.test_deal_store import sharing_partner, won_deal

PARTS = ("partners", "deals", "payouts", "program")


def test_the_store_is_not_a_stack_of_mixins() -> None:
    assert PartnerStore.__mro__ == (PartnerStore, object)
    for name in PARTS:
        assert name in PartnerStore.__annotations__


def test_every_change_is_told_once_with_the_records_it_touched(db_path: Path) -> None:
    told: list[DataChanged] = []
    with PartnerStore(db_path) as store:
        store.on_change(told.append)

        def change(call: object) -> DataChanged:
            told.clear()
            assert callable(call)
            call()
            assert len(told) == 1, told
            assert told[0].source == "local"
            return told[0]

        partner = sharing_partner()
        pid = partner.id
        assert change(lambda: store.partners.add(partner)).changed_keys("partners") == {pid}
        change(lambda: store.partners.add_many([sharing_partner("Beacon")]))
        other = next(card for card in store.partners.cards() if card.company == "Beacon")
        # Both in the first column: Beacon swaps with the partner above it.
        assert change(lambda: store.partners.reorder(other.id, -1)).changed_keys(
            "partners"
        ) == {pid, other.id}
        edited = store.partners.get(pid).model_copy(update={"notes": "x"})
        for call in (
            lambda: store.partners.update(edited),
            lambda: store.partners.move(pid, Stage.ENGAGE),
            lambda: store.partners.archive(pid, ArchiveReason.PAUSED),
            lambda: store.partners.restore(pid),
        ):
            assert change(call).changed_keys("partners") == {pid}
        deal = won_deal(pid)
        assert change(lambda: store.deals.add(deal)).changed_keys("deals") == {deal.id}
        feb = Period.parse("2026-02")
        paid = change(lambda: store.payouts.mark_paid(pid, feb, date(2026, 4, 2)))  # payable
        assert paid.changed_keys("payments")
        assert change(lambda: store.deals.delete(deal.id)).changed_keys("deals") == {deal.id}
        template = OutreachTemplate(name="Hello", subject="Hi", body="Hello")
        assert change(lambda: store.program.save_template(template)).changed_keys(
            "templates"
        ) == {template.id}
        assert change(lambda: store.program.delete_template(template.id)).touches("templates")
        settings = store.program.settings()
        saved = change(lambda: store.program.save_settings(
            settings.model_copy(update={"currency_symbol": "€"})))
        assert saved.touches("settings")
        # Undo is a change too: the deal deleted last comes back (templates and settings
        # are not undone).
        assert change(store.undo).changed_keys("deals") == {deal.id}
        assert change(lambda: store.partners.delete(other.id)).changed_keys("partners") == {
            other.id
        }
