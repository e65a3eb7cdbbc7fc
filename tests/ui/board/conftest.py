"""Board test fixtures: a database seeded with a few known partners, and a way to read it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from partner_tui.app import PartnerApp
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.partner import new_partner
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.seeding import seed_partners

# (company, stage, extra fields): three prospects so reorder and j/k have room.
SEED: list[tuple[str, Stage, dict[str, Any]]] = [
    ("Acme Analytics", Stage.PROSPECT, {"partner_type": PartnerType.TECHNOLOGY, "contact_name": "Ada Byron"}),
    ("Bolt Resellers", Stage.PROSPECT, {"partner_type": PartnerType.CHANNEL, "notes": "met at SaaStr"}),
    ("Cobalt Cloud", Stage.PROSPECT, {"partner_type": PartnerType.INTEGRATION}),
    ("Delta Data", Stage.ENGAGE, {"partner_type": PartnerType.TECHNOLOGY, "fit": FitCriteria(complementary=5, target_market=4)}),
    ("Echo Alliance", Stage.NEGOTIATE, {"partner_type": PartnerType.STRATEGIC_ALLIANCE}),
    ("Fjord Sync", Stage.ACTIVE, {"partner_type": PartnerType.INTEGRATION, "next_action_date": date(2026, 3, 10)}),
]


def seed(db_path: Path, rows: list[tuple[str, Stage, dict[str, Any]]] = SEED) -> dict[str, str]:
    """Write partners to a fresh file; returns company -> id."""
    return seed_partners(db_path, (new_partner(company, stage, **f) for company, stage, f in rows))


@pytest.fixture
def seeded(db_path: Path, frozen_clock: object) -> dict[str, str]:
    return seed(db_path)


@pytest.fixture
def saved(db_path: Path) -> Callable[[PartnerApp], PartnerStore]:
    """Wait for the app's background writes, then open the file as a second reader would."""
    opened: list[PartnerStore] = []

    def read(app: PartnerApp) -> PartnerStore:
        app.store.flush()
        store = PartnerStore(db_path, read_only=True)
        opened.append(store)
        return store

    yield read  # type: ignore[misc]
    for store in opened:
        store.close()
