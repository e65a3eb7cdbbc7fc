"""exchange/report_records.py: what the Markdown report and the program's measure read of
a partner, read from its stored record, is what they read of the validated model: each
field equal, the partner's section of the report the same text, and the program's
figures (domain/program_metrics.measure, the dashboard's) the same, for arbitrary valid
partners as this program writes them (always read) and as a person may type them (read,
or refused so the caller validates). The records are drawn from the models' own fields
(tests/unit/exchange/test_json_records.py), so a field added to a model is drawn here too."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given

from partner_tui.domain.partner import Partner
from partner_tui.domain.partner_figures import DealMeasures, figures_of_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.program_metrics import measure
from partner_tui.exchange.markdown import _Amounts, _partner_section
from partner_tui.exchange.report_records import (
    REPORT_FIELDS_READ,
    SECTIONS,
    NotReadable,
    ReportPartner,
    ReportRecords,
)
from partner_tui.store.records.stored_form import dump_partner
from tests.unit.exchange.test_json_records import _SETTINGS, _record, _validated

_READER = ReportRecords()
_TODAY = date(2026, 3, 16)
# Symbols of each kind the report writes amounts with: none, one word, words, active ones.
_AMOUNTS = [_Amounts(symbol) for symbol in ("$", "", "CHF ", "*€_", " x\ty ")]


def _entries(partner: ReportPartner | Partner) -> tuple[list[Any], list[Any]]:
    return (
        [(c.stage, c.entered_at, c.author) for c in partner.stage_history],
        [(a.date, a.kind, a.text, a.author) for a in partner.activities],
    )


def _same(ours: ReportPartner, model: Partner) -> None:
    for name in REPORT_FIELDS_READ:
        if name not in ("stage_history", "activities"):
            assert getattr(ours, name) == getattr(model, name), name
            assert type(getattr(ours, name)) is type(getattr(model, name)), name
    assert _entries(ours) == _entries(model)
    for name in ("fit_score", "fit_rated", "live_since", "on_board"):
        assert getattr(ours, name) == getattr(model, name), name
    figures = figures_of_partner(model, _TODAY)
    assert figures_of_partner(ours, _TODAY, 14) == figures_of_partner(  # type: ignore[arg-type]
        model, _TODAY, 14)
    assert measure([ours], Settings(), _TODAY) == measure(  # type: ignore[list-item]
        [model], Settings(), _TODAY)  # no figures given: made from the partner
    for amounts in _AMOUNTS:
        assert _partner_section(ours, _TODAY, amounts, figures) == _partner_section(
            model, _TODAY, amounts, figures)
    deals = DealMeasures({model.id: figures}, [])
    assert measure([ours], Settings(), _TODAY, deals) == measure(  # type: ignore[list-item]
        [model], Settings(), _TODAY, deals)


@_SETTINGS
@given(typed=_record(Partner))
def test_a_record_reads_as_its_validated_model(typed: dict[str, Any]) -> None:
    model = _validated(Partner, typed)
    assert isinstance(model, Partner)
    # As this program writes it: always read.
    _same(_READER.read(dump_partner(model)), model)
    # As a person may type it: the same, or refused (then validated instead).
    try:
        ours = _READER.read(typed)
    except (ValueError, TypeError, AttributeError):
        return
    _same(ours, model)


def test_the_fields_read_are_the_models() -> None:
    assert set(REPORT_FIELDS_READ) <= set(Partner.model_fields)
    assert set(SECTIONS) <= set(REPORT_FIELDS_READ)


def test_sections_left_out_are_the_models_defaults_shared() -> None:
    stored = dump_partner(Partner(company="Acme"))
    before = dict(stored)
    first, second = _READER.read(stored), _READER.read(stored)
    assert stored == before  # the stored record is never changed
    for name in SECTIONS:
        assert name not in stored
        made = Partner.model_fields[name].default_factory()  # type: ignore[call-arg, misc]
        ours = getattr(first, name)
        assert ours == made == getattr(Partner(company="x"), name)
        assert ours.model_fields_set == made.model_fields_set
        assert ours is getattr(second, name)  # made once: read, never change
        assert _partner_section(first, _TODAY, _AMOUNTS[0], figures_of_partner(first, _TODAY)) \
            == _partner_section(Partner.model_validate(stored), _TODAY, _AMOUNTS[0],
                                figures_of_partner(Partner.model_validate(stored), _TODAY))


def test_what_only_validation_can_say_is_refused() -> None:
    """A value in a form the reader does not vouch for is left to validation."""
    good = dump_partner(Partner(company="Acme", potential_value=12))
    assert _READER.read(good).potential_value == 12
    for bad in (
        {k: v for k, v in good.items() if k != "id"},  # a new id each validation
        {k: v for k, v in good.items() if k != "created_at"},  # made up: now
        {**good, "stage_history": {"stage": "prospect"}},  # not a list
        {**good, "potential_value": "1E+3"},  # validation's spelling, not the file's
        {**good, "potential_value": 12.5},  # a float
        {**good, "next_action_date": 1767225600},  # a timestamp
        {**good, "created_at": "2026-01-01 10:00"},
        {**good, "stage": "Prospect"},
        {**good, "fit": None},
    ):
        with pytest.raises((NotReadable, ValueError, TypeError, AttributeError)):
            _READER.read(bad)


def test_the_agreements_line_is_written_once_per_way_its_elements_stand() -> None:
    """_agreement_line keeps each line it writes: the same as writing it anew, for every
    way the six elements can stand."""
    from itertools import product

    from partner_tui.domain.agreement import Agreement, AgreementItem
    from partner_tui.exchange.markdown import _agreement_line, md

    names = [name for name, _label in Agreement.items()]
    for flags in product((False, True), repeat=len(names)):
        agreement = Agreement(**{
            name: AgreementItem(agreed=agreed) for name, agreed in zip(names, flags, strict=True)})
        open_items = [label for name, label in agreement.items()
                      if not getattr(agreement, name).agreed]
        text = f"{agreement.progress()} elements agreed"
        if open_items:
            text += "; open: " + ", ".join(open_items).lower()
        for _ in range(2):  # written, then kept
            assert _agreement_line(agreement) == f"- **Agreement:** {md(text)}"
