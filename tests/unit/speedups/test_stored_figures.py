"""`show` on a file known valid reads a partner's figures without a model: its store's
Payouts reads the figures' two rules (quiet days per stage, the tier table) from the
stored settings (speedups/file_board.StoredRules, domain/tiers.stored_tier_table), the
partner's terms, typed metrics, deals, refunds and payments from their records. Held
here to the figures the store computes from the validated settings."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partner_tui.domain.program import ProgramRules
from partner_tui.domain.tiers import DEFAULT_TIERS, stored_tier_table
from partner_tui.speedups.file_board import StoredRules, known_valid_store
from partner_tui.speedups.kept_figures import partner_figures_as_of
from tests.unit.exchange.test_one_truth import TODAY, programs
from tests.unit.speedups.test_kept_figures import MONTH_DAYS, opened, write_program

# Tier tables as a person may type them (spacing, k, a percent, controls, none at all).
TIERS = st.sampled_from([
    DEFAULT_TIERS, "", "Registered 0; Silver 100; Gold 2,000 at 30%", "  Base 0 ;Top 1k @ 12.5% ",
    "Only 0 at 5%", "\x1b[31mBase\x1b[0m 0; Up 50", "Base 0; Mid 10; High 20; Top 30 at 40%",
])
QUIET = st.integers(0, 60)
DAYS = MONTH_DAYS | st.integers(-400, 400).map(
    lambda n: date.fromordinal(TODAY.toordinal() + n))


@given(TIERS | st.text(max_size=40))
def test_the_stored_tier_table_is_the_models(text: str) -> None:
    try:
        model = ProgramRules.model_validate({"tiers": text})
    except ValueError:
        return  # never in a file known valid
    assert stored_tier_table({"tiers": text}) == model.tier_table()
    assert stored_tier_table({}) == ProgramRules().tier_table()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(programs(), TIERS, QUIET, QUIET, QUIET, DAYS)
def test_a_partners_figures_from_its_stored_records_are_the_stores(
    monkeypatch: pytest.MonkeyPatch, program: tuple, tiers: str, prospect: int, engage: int,
    active: int, day: date,
) -> None:
    people, sold, paid = program
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "partners.json"
        with opened(db) as store:
            write_program(store, program)
            current = store.program.settings()
            rules = current.rules.model_copy(update={
                "tiers": ProgramRules.model_validate({"tiers": tiers}).tiers,
                "quiet_prospect_days": prospect, "quiet_engage_days": engage,
                "quiet_active_days": active,
            })
            store.program.save_settings(current.model_copy(update={"rules": rules}))
        with opened(db, read_only=True) as store:
            expected = {p.id: store.payouts.figures(p.id, day) for p in people}
        trusted = known_valid_store(db)
        assert trusted is not None
        payouts = trusted.payouts
        assert isinstance(payouts.rules(), StoredRules)
        # The settings' model is never asked for: the figures read the stored rules.
        monkeypatch.setattr(trusted.partners, "settings", _no_model)
        for person in people:
            assert partner_figures_as_of(trusted, person.id, day) == expected[person.id]
        assert payouts.tier_table() == ProgramRules.model_validate({"tiers": tiers}).tier_table()


def _no_model() -> None:
    raise AssertionError("the Settings model was built")
