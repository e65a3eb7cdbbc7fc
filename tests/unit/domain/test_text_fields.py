"""SingleLine and MultiLine: every text field of every model is cleaned, whatever it is
given, and a stored record is cleaned (clean_stored) exactly as its model would be."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import partner_tui.domain
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.domain.text_fields import clean_stored, text_plan
from tests.helpers.hostile import BIDI, C1, OSC_52, OSC_52_STORED, assert_clean, hostile_text


def domain_models() -> list[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for info in pkgutil.iter_modules(partner_tui.domain.__path__):
        module = importlib.import_module(f"partner_tui.domain.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__.startswith("partner_tui.domain")
            ):
                found.add(value)
    return sorted(found, key=lambda model: model.__name__)


def _holds_str(annotation: Any) -> bool:
    return annotation is str or any(_holds_str(arg) for arg in get_args(annotation))


def test_every_text_field_of_every_model_is_single_line_or_multi_line() -> None:
    """A new field (a deal's customer, a payout's note) declared as plain `str` would
    store whatever it is given: declare it SingleLine or MultiLine."""
    models = domain_models()
    assert Partner in models and Settings in models and OutreachTemplate in models
    bare = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if _holds_str(field.annotation) and name not in text_plan(model)
    ]
    assert bare == []


# Characters the rule removes outright: a valid address or web address holding them is
# still valid once they are gone (a tab or line break would become a space).
removable = st.sampled_from([*(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"), *C1, *BIDI])


@st.composite
def hostile_partner_record(draw: st.DrawFn) -> dict[str, Any]:
    """A stored partner record with hostile text in every text field, as a hand edit or a
    merge could leave it."""
    # Single-line fields have length limits (a subtype is at most 100 characters): cut the
    # raw text so that even with nothing removed it fits, which is not what is tested here.
    text = hostile_text.map(lambda t: t[:60])
    record = new_partner("placeholder").model_dump(mode="json")
    record.update(
        company="Co" + draw(text),
        subtype=draw(text),
        contact_name=draw(text),
        owner=draw(text),
        next_action=draw(text),
        notes=draw(text),
        tags=draw(st.lists(text, max_size=3)),
        contact_email=f"an{draw(removable)}n@ac{draw(removable)}me.com",
        website=f"https://ac{draw(removable)}me.io/{draw(removable)}x",
        contact_linkedin=f"linkedin.com/in/{draw(removable)}ann",
    )
    record["agreement"]["responsibilities"]["note"] = draw(text)
    record["value_proposition"]["specific"] = draw(text)
    record["activities"] = [
        {"id": "a1", "date": "2026-03-01", "kind": "call", "text": "x" + draw(text)}
    ]
    return record


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_partner_record())
def test_hostile_text_in_every_field_is_stored_clean_and_nothing_is_refused(
    record: dict[str, Any],
) -> None:
    partner = Partner.model_validate(record)  # never refused for a control character
    assert_clean(Partner, partner.model_dump(mode="json"))
    # The stored-record rule (what the store applies to a file it reads) agrees with the
    # model's, field by field, and is itself clean.
    stored = clean_stored(Partner, record)
    assert_clean(Partner, stored)
    assert Partner.model_validate(stored) == partner
    assert clean_stored(Partner, stored) is stored  # clean: the very same record


@given(hostile_text, hostile_text, hostile_text, hostile_text)
def test_templates_and_settings_are_stored_clean(
    name: str, subject: str, body: str, you: str
) -> None:
    name, you = name[:100], you[:100]  # within the names' length limits
    template = OutreachTemplate(name="T" + name, subject=subject, body=body)
    assert_clean(OutreachTemplate, template.model_dump(mode="json"))
    chosen = Settings.model_validate(
        {"profile": {"your_name": you, "your_company": you}, "resources": {"legal_notes": you}}
    )
    assert_clean(Settings, chosen.model_dump(mode="json"))


def test_a_clean_record_is_returned_as_it_is_and_a_dirty_one_is_copied() -> None:
    record = new_partner("Acme", notes="line\nline").model_dump(mode="json")
    assert clean_stored(Partner, record) is record
    dirty = {**record, "company": OSC_52}
    cleaned = clean_stored(Partner, dirty)
    assert cleaned is not dirty and dirty["company"] == OSC_52  # never changed in place
    assert cleaned["company"] == OSC_52_STORED


def test_values_of_a_wrong_type_are_left_for_validation_to_report() -> None:
    record = {"company": ["not", "text"], "tags": "not a list", "agreement": 3, "notes": 7}
    assert clean_stored(Partner, record) is record


def test_assignment_is_cleaned_too() -> None:
    partner = new_partner("Acme")
    partner.company = OSC_52
    assert partner.company == OSC_52_STORED
