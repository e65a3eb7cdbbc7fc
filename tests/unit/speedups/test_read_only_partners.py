"""speedups/read_only_partners.py: a stored record validated with its sections left at
the default handed over (made once by the model's own factories) is the partner the
store's validation makes, for arbitrary valid partners, as this program writes them and
as a person may type them (the records are drawn from the models' own fields,
tests/unit/exchange/test_json_records.py)."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given

from partner_tui.domain.partner import Partner
from partner_tui.speedups.read_only_partners import ReadOnlyPartners
from partner_tui.store.records.stored_form import dump_partner
from tests.unit.exchange.test_json_records import _SETTINGS, _record, _validated

_READER = ReadOnlyPartners()


def _same(ours: Partner, theirs: Partner) -> None:
    assert ours == theirs
    assert orjson.dumps(ours.model_dump(mode="json")) == orjson.dumps(
        theirs.model_dump(mode="json"))


@_SETTINGS
@given(typed=_record(Partner))
def test_a_record_reads_as_the_store_validates_it(typed: dict[str, Any]) -> None:
    model = _validated(Partner, typed)
    stored = dump_partner(model)
    _same(_READER.of_record(stored), model)
    _same(_READER.of_record(typed), model)


def test_sections_left_out_are_the_models_defaults_shared_and_the_record_untouched() -> None:
    stored = dump_partner(Partner(company="Acme"))
    before = dict(stored)
    first, second = _READER.of_record(stored), _READER.of_record(stored)
    assert stored == before  # the stored record is never changed
    assert "agreement" not in stored and first.agreement == Partner(company="x").agreement
    assert first.agreement is second.agreement  # made once: read, never change
    assert first == Partner.model_validate(stored)
