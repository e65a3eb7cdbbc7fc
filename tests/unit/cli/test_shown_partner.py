"""`show` reads a partner of a file known valid straight from its stored record
(cli/shown_partner.shown_of_record): what it reads must be what the model reads, for
records as this program writes them and as a person may type them, and the due items
read from it the model's. A field added to a model that `show` prints fails here too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from partner_tui.cli.partner_text import partner_details
from partner_tui.cli.shown_partner import (
    AGREEMENT_FIELDS,
    SHOWN_FIELDS_READ,
    NotReadable,
    ShownPartner,
    shown_of_record,
)
from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.agreement import Agreement
from partner_tui.domain.due_list import due_items
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.fit_score import FIT_FIELDS
from partner_tui.domain.partner import Activity, Partner, StageChange
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    PaymentTerms,
    RevenueShare,
)
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.text_fields import clean_stored
from partner_tui.store.records.stored_form import dump_partner

TODAY = date(2026, 12, 7)
# Any text: markup-like, non-ASCII, control and bidi characters, line breaks.
TEXT = st.one_of(
    st.sampled_from(["[/]", "[@click=app.quit]x[/]", "[b]Acme[/b]", "Café Ünïcode 株式会社",
                     "Evil\x1b]52;c;eA==\x07", "a\tb\nc", "\u202eevil", "  padded  "]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=16),
)
COMPANY = TEXT.filter(lambda s: s.strip() and any(c.isalnum() for c in s))
MONEY = st.decimals("0", "99999", places=2)
INSTANT = st.datetimes(datetime(2020, 1, 1), datetime(2026, 12, 31),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))]))
DAY = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@st.composite
def partners(draw: st.DrawFn) -> Partner:
    stage = draw(st.sampled_from(list(Stage)))
    created = draw(INSTANT)
    history = [StageChange(stage=draw(st.sampled_from(list(Stage))), entered_at=draw(INSTANT))
               for _ in range(draw(st.integers(0, 3)))]
    share = RevenueShare(
        enabled=draw(st.booleans()), percent=draw(st.decimals("0", "100", places=2)),
        payment_terms=draw(st.sampled_from(list(PaymentTerms))),
        steps=draw(st.sampled_from(["", "20% x 12, 10% x 12", "15%x6,5% x 6"])),
        cap_per_customer=draw(MONEY), cap_per_period=draw(st.sampled_from([Decimal(0), *[
            Decimal("1000.50")]])),
    )
    return Partner(
        company=draw(COMPANY), stage=stage, created_at=created, updated_at=created,
        stage_history=history,
        archive_reason=draw(st.sampled_from([None, *ArchiveReason])),
        partner_type=draw(st.sampled_from([None, *PartnerType])),
        subtype=draw(TEXT), contact_name=draw(TEXT),
        contact_email=draw(st.sampled_from([None, "jane@acme.io", "Jane@ACME.IO"])),
        contact_linkedin=draw(st.sampled_from([None, "linkedin.com/in/jane"])),
        website=draw(st.sampled_from([None, "acme.io", "https://b.example/x"])),
        owner=draw(TEXT), tags=draw(st.lists(TEXT, max_size=4)),
        potential_value=draw(st.none() | MONEY),
        fit=FitCriteria(**{name: draw(st.integers(0, 5)) for name in FIT_FIELDS}),
        agreement=Agreement(**{name: {"agreed": draw(st.booleans()), "note": draw(TEXT)}
                               for name in AGREEMENT_FIELDS}),
        models=PartnershipModels(revenue_share=share),
        next_action=draw(TEXT), next_action_date=draw(st.none() | DAY),
        activities=[Activity(date=draw(DAY), kind=draw(st.sampled_from(list(ActivityKind))),
                             text=draw(COMPANY)) for _ in range(draw(st.integers(0, 7)))],
        notes=draw(TEXT),
        cadence={"monthly": {"review_metrics": draw(st.booleans())},
                 "quarterly": {"business_review": draw(st.booleans())},
                 "monthly_last_completed": draw(st.none() | DAY),
                 "quarterly_last_completed": draw(st.none() | DAY)},
    )


def model_of(raw: dict[str, Any]) -> Partner:
    """The model `show` builds of a stored record (speedups/file_board.FileBoard.get)."""
    return Partner.model_validate(clean_stored(Partner, raw))


def assert_read_alike(raw: dict[str, Any], model: Partner) -> None:
    shown = shown_of_record(raw)
    assert shown == ShownPartner.of_partner(model)
    for today in (TODAY, TODAY - timedelta(days=400), TODAY + timedelta(days=400)):
        assert due_items(shown, today) == due_items(model, today)
        assert due_items(shown, today, until=date.max) == due_items(model, today, until=date.max)


def test_the_reader_reads_fields_of_the_model() -> None:
    assert set(SHOWN_FIELDS_READ) <= set(Partner.model_fields)
    assert AGREEMENT_FIELDS == tuple(Agreement.model_fields)
    assert FIT_FIELDS == tuple(FitCriteria.model_fields)


@given(partners())
def test_a_stored_partner_reads_as_its_model(partner: Partner) -> None:
    raw = dump_partner(partner)  # as this program writes it
    assert_read_alike(raw, model_of(raw))


# Values as a person may type them into the file: validation normalises them (or the
# reader leaves them to validation).
RAW_TEXT = ["  Acme  ", "Acme\tLtd", "Beta\u202e", "[b]x[/b]", "Evil\x1b]52;c;eA==\x07",
            "a\nb", "Café"]
TYPED: dict[str, list[Any]] = {
    "website": ["acme.io", " https://acme.io/x ", "http://b.example"],
    "contact_email": ["Jane@ACME.IO", " jane@acme.io ", "", "ja\x1bne@acme.io"],
    "company": RAW_TEXT,
    "contact_name": RAW_TEXT,
    "owner": RAW_TEXT,
    "subtype": RAW_TEXT,
    "next_action": RAW_TEXT,
    "notes": [*RAW_TEXT, "one\r\ntwo\x00"],
    "potential_value": ["12", "12.5", 40, 12.5, "1e3", " 7 ", True, "0.005"],
    "next_action_date": ["2026-03-13", "20260313", "2026-03-13T00:00:00"],
    "tags": [[" a ", "a", "", "b\t"], ["x", 3], "a,b", ["x\x1b[2J", "x"]],
    "created_at": ["2026-01-05T10:00:00Z", "2026-01-05", "2026-01-05 10:00",
                   "2026-01-05T23:59:59.9999999+00:00", 1700000000],
    "stage": ["active", "archived", "Active"],
    "archive_reason": ["paused", "Paused", None],
    "partner_type": ["channel", None],
    "fit": [{"cultural_fit": 3}, {"cultural_fit": "3"}, {"cultural_fit": True}, {}],
    "agreement": [{"responsibilities": {"agreed": True}},
                  {"responsibilities": {"agreed": "yes"}},
                  {"responsibilities": {"agreed": "false"}}, None],
    "cadence": [{"monthly": {"review_metrics": True}, "monthly_last_completed": "2026-11-02"},
                None],
    "models": [
        {"revenue_share": {"enabled": True, "steps": "20%x12", "cap_per_period": "500"}},
        {"revenue_share": {"enabled": 1, "percent": 12.5}},
        {"revenue_share": {"enabled": True, "cap_per_customer": "1E+3", "percent": "7"}},
        {"revenue_share": {"enabled": True, "steps": "\x1b20%x12"}},
        None,
    ],
    "activities": [
        [{"id": "a1", "date": "2026-01-05", "text": "Call\x1b[2J"}],
        [{"id": "a1", "date": "2026-01-05", "kind": "call", "text": "x"},
         {"id": "a2", "date": "2026-01-05", "kind": "email", "text": "y"}],
        [{"id": "a1", "date": "2026-01-05T00:00:00", "text": "x"}],
        [{"id": "a1", "date": "2026-01-05", "kind": "Call", "text": "x"}],
    ],
}


# One field typed by hand at a time: many hand-typed values make the record invalid,
# and two at once would leave too few records to compare.
HAND_TYPED = st.sampled_from(sorted(TYPED)).flatmap(
    lambda key: st.sampled_from(TYPED[key]).map(lambda value: {key: value}))


@given(partners(), HAND_TYPED)
def test_a_record_typed_by_hand_reads_as_its_model_or_is_left_to_validation(
    partner: Partner, typed: dict[str, Any]
) -> None:
    read_alike_or_left_to_validation({**dump_partner(partner), **typed})


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in TYPED.items() for value in values]
)
@pytest.mark.parametrize("stage", [Stage.ACTIVE, Stage.ENGAGE])
def test_each_value_typed_by_hand_reads_as_the_model_reads_it(
    key: str, value: Any, stage: Stage
) -> None:
    partner = Partner(
        company="Acme", stage=stage, next_action="Call", next_action_date=TODAY,
        created_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        updated_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        models=PartnershipModels(revenue_share=RevenueShare(enabled=True, steps="10% x 3")),
    )
    read_alike_or_left_to_validation({**dump_partner(partner), key: value})


def read_alike_or_left_to_validation(hand: dict[str, Any]) -> str:
    """"invalid", "validated" (left to the model) or "read" (and read alike)."""
    try:
        model = model_of(hand)
    except ValidationError:
        return "invalid"  # never known valid: read by the store, which refuses it
    try:
        shown_of_record(hand)
    except (NotReadable, ValueError, TypeError):
        return "validated"  # `show` builds the model instead (cli/partner_commands._shown)
    assert_read_alike(hand, model)
    return "read"


def test_the_reader_reads_what_the_store_writes_and_leaves_the_rest_to_the_model() -> None:
    base = dump_partner(Partner(company="Acme", stage=Stage.ACTIVE))
    outcome = {(key, repr(value)): read_alike_or_left_to_validation({**base, key: value})
               for key, values in TYPED.items() for value in values}
    # Read (and held equal above): text to clean, tags to strip, steps to spell, amounts
    # as text or whole numbers, the instants the store writes.
    for read in (("company", "'Evil\\x1b]52;c;eA==\\x07'"), ("tags", "[' a ', 'a', '', 'b\\t']"),
                 ("potential_value", "'12.5'"), ("potential_value", "40"),
                 ("notes", "'one\\r\\ntwo\\x00'"), ("created_at", "'2026-01-05T10:00:00Z'")):
        assert outcome[read] == "read", read
    assert outcome[("models", repr(TYPED["models"][0]))] == "read"
    # Left to the model: what only validation reads (a float, "yes", a number for a day).
    for left in (("potential_value", "12.5"), ("agreement", repr(TYPED["agreement"][2])),
                 ("created_at", "1700000000"), ("fit", "{'cultural_fit': '3'}")):
        assert outcome[left] == "validated", left


def test_the_details_of_a_record_and_of_its_model_are_the_same_text() -> None:
    from partner_tui.domain.partner_figures import PartnerFigures

    partner = Partner(
        company="[@click=app.quit]Acme[/] Café", stage=Stage.ACTIVE,
        contact_name="[/]", tags=["[b]", "株式会社"], notes="line one\n[/]\x1b[2J",
        activities=[Activity(date=date(2026, 12, 1), text="[@click=x]")],
        models=PartnershipModels(revenue_share=RevenueShare(
            enabled=True, percent=Decimal(20), steps="20% x 12", cap_per_period=Decimal(500))),
    )
    raw = dump_partner(partner)
    model = model_of(raw)
    figures = PartnerFigures(
        as_of=TODAY, source="typed", leads=3, deals_won=1, revenue=Decimal("100.00"),
        revenue_share=Decimal("20.00"), referral_fees=Decimal(0), paid=Decimal(0),
        internal_cost=Decimal(0), satisfaction=None, commitment=None,
        last_touch=date(2026, 12, 1), quiet_days=None, tier="[b]Gold[/b]",
    )
    by_record = partner_details(shown_of_record(raw), figures, [], TODAY, "$")
    by_model = partner_details(ShownPartner.of_partner(model), figures, [], TODAY, "$")
    assert by_record == by_model
    assert by_record[0].startswith("[@click=app.quit]Acme[/] Café")
    assert "\x1b" not in "".join(by_record)


@given(st.one_of(st.none(), TEXT.map(lambda s: s[:4]), st.sampled_from(["€", "CHF", " $ ", "\x1b$"])))
def test_the_currency_is_read_from_the_stored_settings_as_the_model_reads_it(
    symbol: str | None,
) -> None:
    from partner_tui.cli.shown_partner import CURRENCY_DEFAULT, currency_of_settings
    from partner_tui.domain.program import Settings
    from partner_tui.store.records.settings import settings_of_table

    assert Settings.model_fields["currency_symbol"].default == CURRENCY_DEFAULT
    record = {} if symbol is None else {"currency_symbol": symbol}
    for table in ({}, {"1": record}, {"1": {**record, "updated_at": "2026-01-05T10:00:00Z"}}):
        try:
            model = settings_of_table(table).currency_symbol
        except ValidationError:
            continue  # never known valid
        assert currency_of_settings(table) == model
