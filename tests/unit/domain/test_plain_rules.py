"""`due` reads a file known valid without models: the cadence rule and the quiet rule
run on a stored record's plain values (domain/cadence_rule.py, domain/quiet.py). Held
here to what the same rules give over the validated models, for arbitrary values, as
the record is stored (defaults left out) and in full."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.domain.cadence import Cadence, MonthlyCadence, QuarterlyCadence
from partner_tui.domain.cadence_rule import CHECKLIST_ITEMS, StoredCadence
from partner_tui.domain.due_list import cadence_due_items
from partner_tui.domain.program import ProgramRules, Settings
from partner_tui.domain.quiet import QUIET_AFTER_DEFAULTS, quiet_after_of
from partner_tui.domain.stages import Stage

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_the_checklists_items_are_the_models_fields_and_titles() -> None:
    assert MonthlyCadence.items() == list(CHECKLIST_ITEMS["monthly"])
    assert QuarterlyCadence.items() == list(CHECKLIST_ITEMS["quarterly"])


def _ticks(items: tuple[tuple[str, str], ...]) -> st.SearchStrategy[dict[str, bool]]:
    return st.fixed_dictionaries({name: st.booleans() for name, _title in items})


CADENCES = st.builds(
    Cadence,
    monthly=_ticks(CHECKLIST_ITEMS["monthly"]).map(MonthlyCadence.model_validate),
    quarterly=_ticks(CHECKLIST_ITEMS["quarterly"]).map(QuarterlyCadence.model_validate),
    monthly_last_completed=st.none() | DAYS,
    quarterly_last_completed=st.none() | DAYS,
)


@given(CADENCES, DAYS, DAYS, st.booleans())
def test_a_stored_cadence_comes_due_as_its_model(
    cadence: Cadence, live_since: date, until: date, compact: bool
) -> None:
    stored = cadence.model_dump(mode="json", exclude_defaults=compact)
    by_model = cadence_due_items("p", "Acme", cadence, live_since, until)
    assert cadence_due_items("p", "Acme", StoredCadence(stored), live_since, until) == by_model
    if compact and stored == {}:  # a record leaves a default cadence out altogether
        assert cadence_due_items("p", "Acme", StoredCadence(None), live_since, until) == by_model


QUIET_FIELDS = [f"quiet_{stage}_days" for stage in QUIET_AFTER_DEFAULTS]
RULES = st.fixed_dictionaries({}, optional={
    name: st.integers(min_value=0, max_value=3650) for name in QUIET_FIELDS
}).map(ProgramRules.model_validate)


@given(RULES, st.sets(st.sampled_from(QUIET_FIELDS)))
def test_stored_rules_say_each_stages_quiet_days_as_the_model(
    rules: ProgramRules, left_out: set[str]
) -> None:
    # Stored in full by the settings screen (store/records/settings.py); an older
    # file may lack a rule added since: then it is at its default.
    stored: dict[str, Any] = {
        k: v for k, v in rules.model_dump(mode="json").items() if k not in left_out
    }
    read = ProgramRules.model_validate(stored)
    for stage in Stage:
        assert quiet_after_of(stored, stage.value) == read.quiet_after(stage.value)


def test_the_quiet_defaults_are_the_programs() -> None:
    defaults = Settings().rules
    for stage in Stage:
        assert quiet_after_of({}, stage.value) == defaults.quiet_after(stage.value)
