"""The fast readers (store/cards.py, domain/deal_facts.py) and the command line's choices
follow the pydantic models: a field added to a model, or renamed, fails here until every
reader takes it in; and a reader of stored records reads what the model-side reader does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partner_tui.cli.bridge_arguments import ACTIVITY_KINDS, ARCHIVE_REASONS, STAGES
from partner_tui.cli.json_output import partner_summary
from partner_tui.domain import deal_facts
from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.deals import Deal, normalise_domain
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.partner import Partner, new_partner, normalise_url
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    PaymentTerms,
    ReferralFee,
    ReferralPayment,
    RevenueShare,
)
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.web_domain import web_domain
from partner_tui.store.records.cards import CARD_FIELDS_READ, PartnerCard


def test_each_reader_reads_every_field_of_its_model() -> None:
    assert set(deal_facts.DEAL_FIELDS_READ) | set(deal_facts.DEAL_FIELDS_IGNORED) == set(
        Deal.model_fields)
    assert not set(deal_facts.DEAL_FIELDS_READ) & set(deal_facts.DEAL_FIELDS_IGNORED)
    assert set(deal_facts.SHARE_FIELDS_READ) == set(RevenueShare.model_fields)
    assert set(deal_facts.FEE_FIELDS_READ) == set(ReferralFee.model_fields)
    assert set(deal_facts.METRICS_FIELDS_READ) == set(Metrics.model_fields)
    assert set(CARD_FIELDS_READ) <= set(Partner.model_fields)


def test_the_command_lines_choices_are_the_domains_values() -> None:
    assert STAGES == tuple(s.value for s in Stage)
    assert ACTIVITY_KINDS == tuple(k.value for k in ActivityKind)
    assert ARCHIVE_REASONS == tuple(r.value for r in ArchiveReason)


def test_the_record_readers_read_what_the_model_readers_do() -> None:
    models = PartnershipModels(
        revenue_share=RevenueShare(enabled=True, percent=Decimal("12.5"), duration_years=2,
                                   minimum_customers=3, payment_terms=PaymentTerms.QUARTERLY),
        referral_fee=ReferralFee(enabled=True, amount=Decimal(750),
                                 payment=ReferralPayment.ON_PAYMENT),
    )
    metrics = Metrics(leads_generated=7, deals_closed=2, revenue_attributed=Decimal("1234.50"),
                      customer_satisfaction=Decimal("92.5"), internal_cost=Decimal(300))
    partner = new_partner("Acme", Stage.ACTIVE, models=models, metrics=metrics,
                          contact_email="a@acme.io", tags=["x"])
    raw = partner.model_dump(mode="json")
    assert deal_facts.terms_from_record(raw) == deal_facts.terms_of(models)
    assert deal_facts.typed_from_record(raw) == deal_facts.typed_of(metrics)
    deal = Deal(partner_id=partner.id, customer="Beta", status="won",
                registered_on=date(2026, 1, 5), closed_on=date(2026, 2, 1),
                paid_on=date(2026, 3, 1), ended_on=date(2026, 9, 1),
                amount=Decimal("99.99"), monthly_revenue=Decimal("10.01"))
    assert deal_facts.facts_from_record(deal.model_dump(mode="json")) == deal_facts.facts_of(deal)
    card = PartnerCard(raw)
    summary = partner_summary(card)
    for name in ("company", "contact_email", "subtype", "next_action", "tags", "owner"):
        assert summary[name] == getattr(partner, name)


# -- one parser of web addresses and domains ---------------------------------------------------
_URLISH = st.text(alphabet="aAbw.:/-_@?#1 h\u00e9tps", max_size=24)


@given(_URLISH)
def test_websites_and_customer_domains_are_read_by_web_domain(text: str) -> None:
    try:
        host = web_domain(text)
    except ValueError:
        host = None
    try:
        url = normalise_url(text)
    except ValueError:
        url = ""
    if text.strip():
        assert (url != "") == (host is not None)  # a website is exactly what it accepts
    if "@" not in text and text.strip():
        try:
            assert normalise_domain(text) == host
        except ValueError:
            pass  # a customer's domain has rules of its own (DNS labels, no IP address)


# -- the CSV export's rows from stored records (exchange/csv_records.py) -----------------------
_LINE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
_TYPED = {  # values as a person may type them into the file: validation normalises them
    "website": st.sampled_from(["acme.io", " https://acme.io/x ", "http://b.example", None]),
    "contact_linkedin": st.sampled_from(["linkedin.com/in/jane", None]),
    "contact_email": st.sampled_from(["Jane@ACME.IO", " jane@acme.io ", "", None]),
    "company": st.sampled_from(["  Acme  ", "Acme\tLtd", "Beta\u202e"]),
    "potential_value": st.sampled_from(["12", "12.5", 40, None]),
    "next_action_date": st.sampled_from(["2026-03-13", None]),
}


@given(
    company=_LINE.filter(lambda s: s.strip() and any(c.isalnum() for c in s)),
    notes=st.text(max_size=40), owner=_LINE, next_action=_LINE,
    stage=st.sampled_from(list(Stage)), percent=st.decimals("0", "100", places=2),
    years=st.integers(0, 5), share=st.booleans(), fee=st.booleans(),
    quarterly=st.booleans(), typed=st.fixed_dictionaries(_TYPED),
)
def test_the_csv_row_of_a_record_is_the_row_of_its_model(
    company: str, notes: str, owner: str, next_action: str, stage: Stage, percent: Decimal,
    years: int, share: bool, fee: bool, quarterly: bool, typed: dict[str, object],
) -> None:
    from partner_tui.exchange.csv_export import partner_row
    from partner_tui.exchange.csv_records import ROW_FIELDS_READ, NotReadable, record_row
    from partner_tui.store.records.stored_form import dump_partner

    assert set(ROW_FIELDS_READ) <= set(Partner.model_fields)
    models = PartnershipModels(
        revenue_share=RevenueShare(
            enabled=share, percent=percent, duration_years=years,
            payment_terms=PaymentTerms.QUARTERLY if quarterly else PaymentTerms.MONTHLY),
        referral_fee=ReferralFee(enabled=fee, amount=Decimal(250)),
    )
    partner = new_partner(company, stage, notes=notes, owner=owner, next_action=next_action,
                          models=models, subtype="Reseller", crm_id="hs-1")
    stored = dump_partner(partner)  # as this program writes it
    assert record_row(stored) == partner_row(partner)
    hand = {**stored, **{k: v for k, v in typed.items() if v is not None}}  # as typed by hand
    model = Partner.model_validate(hand)
    try:
        row = record_row(hand)
    except (NotReadable, ValueError, TypeError):
        return  # read by validation instead (cli/export_stream.py)
    assert row == partner_row(model)


@given(typed=st.fixed_dictionaries(_TYPED), contact=_LINE, owner=_LINE)
def test_the_calendar_reads_a_record_as_it_reads_the_model(
    typed: dict[str, object], contact: str, owner: str
) -> None:
    from partner_tui.exchange.ics_export import CalendarPartner
    from partner_tui.speedups.file_board import calendar_partner
    from partner_tui.store.records.stored_form import dump_partner

    partner = new_partner("Acme", Stage.ACTIVE, contact_name=contact, owner=owner,
                          contact_email="jane@acme.io", website="https://acme.io")
    for raw in (dump_partner(partner),  # as this program writes it, and as typed by hand
                {**dump_partner(partner), **{k: v for k, v in typed.items() if v is not None}}):
        model = Partner.model_validate(raw)
        assert calendar_partner(PartnerCard(raw)) == CalendarPartner.of_partner(model)
