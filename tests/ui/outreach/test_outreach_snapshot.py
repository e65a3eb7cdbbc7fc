"""A picture of the outreach screen: empty and unknown placeholders marked differently."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from partner_tui.app import PartnerApp
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import new_partner
from partner_tui.domain.templates import PLAYBOOK_BODY, PLAYBOOK_TEMPLATE_ID
from partner_tui.profile.your_name import save_your_name
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import SAM


def outreach_app(db_path: Path) -> tuple[PartnerApp, str]:
    with PartnerStore(db_path) as store:
        partner = store.partners.add(
            new_partner(
                "Acme Analytics",
                contact_name="Jane Doe",
                contact_email="jane@acme.io",
                outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            )
        )
        store.program.save_settings(store.program.settings().model_copy(update={"profile": SAM}))
        # A typo'd placeholder, so the picture shows both kinds of gap.
        playbook = store.program.template(PLAYBOOK_TEMPLATE_ID)
        store.program.save_template(playbook.model_copy(update={"body": PLAYBOOK_BODY + "\n[Your titel]"}))
    save_your_name(SAM.your_name)  # yours, in your config
    app = PartnerApp(db_path=db_path)
    return app, partner.id


def test_outreach_with_gaps(snap_compare: Any, db_path: Path, frozen_clock: datetime) -> None:
    app, partner_id = outreach_app(db_path)

    async def open_outreach(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.open_outreach(partner_id)
        await pilot.pause()
        pilot.app.screen.sub_title = "partners.json"  # not the temp folder, new every run

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_outreach)
