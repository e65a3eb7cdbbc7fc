"""Fixtures for the partner form tests: one partner in a fresh file, and ways to reach fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.store.partner_store import PartnerStore

PARTNER_ID = "acme0000001"

@pytest.fixture
def seeded_db(db_path: Path, frozen_clock: object) -> Path:
    """A file holding one active partner, Acme, with a fixed id and frozen timestamps."""
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme", stage=Stage.ACTIVE, id=PARTNER_ID))
    return db_path

