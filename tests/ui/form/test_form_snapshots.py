"""A picture of each section of the form, filled with one deterministic partner (clock frozen)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.partner import Activity, ActivityKind, new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.form.sections import SECTIONS

SNAP_ID = "snapshot0001"


def seed(db_path: Path) -> None:
    partner = new_partner(
        "Northwind Analytics",
        stage=Stage.ACTIVE,
        id=SNAP_ID,
        partner_type=PartnerType.TECHNOLOGY,
        subtype="Analytics platform",
        contact_name="Ada Byron",
        contact_email="ada@northwind.example",
        website="northwind.example",
        owner="Sam",
        tags=["analytics", "emea"],
        potential_value=Decimal("48000"),
        next_action="Send co-marketing plan",
        next_action_date=date(2026, 3, 20),
        notes="Strong fit; their CS team asked for the integration.",
        activities=[
            Activity(date=date(2026, 3, 2), kind=ActivityKind.OUTREACH, text="Warm intro via Lee"),
            Activity(date=date(2026, 3, 9), kind=ActivityKind.CALL, text="Discovery call"),
        ],
    )
    data = partner.model_dump()
    data["fit"] = {"complementary": 5, "target_market": 4, "brand_reputation": 4,
                   "growth_trajectory": 3, "cultural_fit": 5}
    data["outreach_approach"] = "warm_introduction"
    data["value_proposition"]["for_partner"]["revenue_opportunity"] = True
    data["value_proposition"]["for_you"]["product_enhancement"] = True
    data["value_proposition"]["specific"] = "Your dashboards, fed live by our pipeline data."
    for name in ("partnership_type", "responsibilities", "revenue_sharing", "support_expectations"):
        data["agreement"][name] = {"agreed": True, "note": "agreed on the call"}
    data["models"]["revenue_share"].update(enabled=True, percent=Decimal("15"),
                                           duration_years=2, minimum_customers=5)
    data["models"]["co_marketing"].update(enabled=True, joint_webinars=True)
    data["execution"].update(technical_integration=True, sales_enablement=True)
    data["cadence"]["monthly"].update(review_metrics=True)
    data["metrics"].update(leads_generated=30, deals_closed=6,
                           revenue_attributed=Decimal("60000"),
                           customer_satisfaction=Decimal("91"), internal_cost=Decimal("8000"))
    data["challenges"]["resource_constraints"] = True
    with PartnerStore(db_path) as store:
        store.partners.add(type(partner).model_validate(data))


@pytest.mark.parametrize("index", range(len(SECTIONS)), ids=[s.id for s in SECTIONS])
def test_form_section_snapshot(
    snap_compare: Any, db_path: Path, frozen_clock: object, index: int
) -> None:
    seed(db_path)
    app = PartnerApp(db_path=db_path)

    async def open_section(pilot: Any) -> None:
        app.open_partner_form(SNAP_ID)
        await pilot.pause()
        await pilot.press(SECTIONS[index].key)
        await pilot.pause()
        # A blinking cursor is caught on or off at random: hold it on.
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_section)
