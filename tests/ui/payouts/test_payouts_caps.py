"""The deals behind a capped line (docs/tiers.md): the cap per period is a row of its own,
so the rows add up to the line."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from textual.widgets import DataTable

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partnership_models import PartnershipModels, RevenueShare
from partner_tui.domain.program import ProgramRules
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.payouts.deals_behind import DealsBehind
from tests.helpers.seeding import seed_deals, seed_partners, won_deal

NORTH = "north000001"


async def test_the_cap_per_period_is_a_row_behind_the_line(
    db_path: Path, frozen_clock: datetime
) -> None:
    with PartnerStore(db_path) as store:
        store.program.save_settings(store.program.settings().model_copy(
            update={"rules": ProgramRules(holding_days=0)}))
    share = RevenueShare(enabled=True, percent=Decimal(20), cap_per_period=Decimal(200))
    seed_partners(db_path, [new_partner("Northwind", Stage.ACTIVE, id=NORTH,
                                        models=PartnershipModels(revenue_share=share))])
    seed_deals(db_path, won_deal(NORTH, "Acme", "acme.io"))  # February: 1,100 -> 220
    app = PartnerApp(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DealsBehind)
        assert app.screen.behind.line.revenue_share == Decimal("200.00")
        table = app.screen.query_one("#behind-deals", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[-1][0] == "Cap per month"
        assert rows[-1][-1] == "-$20.00" and rows[0][-1] == "$220.00"
