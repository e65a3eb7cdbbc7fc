"""A realistic sample program: ~25 partners across every stage, filled checklists, metrics,
and a deal history with payouts paid (demo_deals.py).

Fully deterministic for a given `today`: every id, date and amount is fixed or computed
from `today`, so screenshots, snapshot tests and the dashboard's figures are stable.
The companies, people and domains are fictional (real-looking TLDs, because email
validation rejects special-use domains such as .test).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from partner_tui.domain.agreement import Agreement, AgreementItem
from partner_tui.domain.cadence import Cadence, MonthlyCadence, QuarterlyCadence
from partner_tui.domain.challenges import Challenges
from partner_tui.domain.deals import Deal
from partner_tui.domain.execution import Execution
from partner_tui.domain.fit_criteria import FitCriteria
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Activity, ActivityKind, Partner, StageChange
from partner_tui.domain.partner_types import PartnerType
from partner_tui.domain.partnership_models import (
    CoMarketing,
    IntegrationRequirements,
    PartnershipModels,
    PaymentTerms,
    ReferralFee,
    ReferralPayment,
    RevenueShare,
)
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Profile, ProgramResources, Settings, ToolCosts
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.targets import StageTargets
from partner_tui.domain.templates import OutreachTemplate, playbook_template
from partner_tui.domain.value_proposition import ValueForPartner, ValueForYou, ValueProposition
from partner_tui.exchange.demo_deals import demo_deals, demo_payments
from partner_tui.store.partner_store import PartnerStore

P, E, N, A, X = Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE, Stage.ARCHIVED
TECH, CHAN, INTG, STRAT = (
    PartnerType.TECHNOLOGY,
    PartnerType.CHANNEL,
    PartnerType.INTEGRATION,
    PartnerType.STRATEGIC_ALLIANCE,
)


@dataclass(frozen=True)
class DemoProgram:
    partners: list[Partner]
    settings: Settings
    templates: list[OutreachTemplate]
    deals: list[Deal]
    payments: list[Payment]


class DemoRefused(Exception):
    """The database already holds data; the demo never mixes into real work."""


def _at(today: date, days_ago: int, hour: int = 9, minute: int = 30) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=UTC)


def _fit(*ratings: int) -> FitCriteria:
    names = list(FitCriteria.model_fields)
    return FitCriteria(**dict(zip(names, ratings, strict=True)))


def _agreement(**items: tuple[bool, str]) -> Agreement:
    return Agreement(**{k: AgreementItem(agreed=v[0], note=v[1]) for k, v in items.items()})


def _vp(partner: str, you: str, specific: str) -> ValueProposition:
    """`partner`/`you`: which boxes are ticked, as letters in the playbook's order."""
    p_names = list(ValueForPartner.model_fields)
    y_names = list(ValueForYou.model_fields)
    return ValueProposition(
        for_partner=ValueForPartner(**{p_names[int(i)]: True for i in partner}),
        for_you=ValueForYou(**{y_names[int(i)]: True for i in you}),
        specific=specific,
    )


def _build(
    today: date,
    number: int,
    company: str,
    history: list[tuple[Stage, int]],
    activities: list[tuple[int, ActivityKind, str]],
    next_action: tuple[str, int] | None = None,
    **fields: Any,
) -> Partner:
    """One partner. `history`: (stage, days ago entered); `next_action`: (text, days ahead).
    Its owner made every change and logged every activity (they are signed with the name)."""
    owner = fields.pop("owner", "Maya Okafor")
    changes = [
        StageChange(
            stage=stage,
            entered_at=_at(today, ago, 9 + i % 6, (number * 7) % 60),
            author=owner,
        )
        for i, (stage, ago) in enumerate(history)
    ]
    acts = [Activity(date=today - timedelta(days=ago), kind=kind, text=text, author=owner)
            for ago, kind, text in activities]
    created = changes[0].entered_at
    latest = max([changes[-1].entered_at, *(_at(today, ago, 16) for ago, _, _ in activities)])
    extra: dict[str, Any] = {}
    if next_action is not None:
        extra["next_action"] = next_action[0]
        extra["next_action_date"] = today + timedelta(days=next_action[1])
    return Partner(
        id=f"demo-{number:02d}",
        company=company,
        stage=history[-1][0],
        stage_history=changes,
        activities=acts,
        created_at=created,
        updated_at=latest,
        owner=owner,
        **extra,
        **fields,
    )


def _settings() -> Settings:
    return Settings(
        targets=StageTargets(prospect=20, engage=10, negotiate=5, active=3),
        # Your name is yours (your user config), never the demo's: only the company here.
        profile=Profile(your_company="Lumen Desk"),
        resources=ProgramResources(
            partnership_manager_hours=Decimal("15"),
            technical_hours=Decimal("5"),
            marketing_hours=Decimal("4"),
            legal_notes="As needed: outside counsel reviews every contract (about 4 h each)",
            hourly_rate=Decimal("75.00"),
        ),
        tools=ToolCosts(
            crm=Decimal("150.00"), partner_portal=Decimal("299.00"), analytics=Decimal("89.00")
        ),
        currency_symbol="$",
    )


def _templates(today: date) -> list[OutreachTemplate]:
    at = _at(today, 120, 14, 0)
    return [
        OutreachTemplate(
            id="demo-tpl-follow-up",
            name="Follow-up after no reply",
            subject="Re: Partnership Opportunity: [Your Company] + [Partner Company]",
            body=(
                "Hi [Name],\n\n"
                "Following up on my note from last week. In short: [Specific value proposition]\n\n"
                "Would 20 minutes next week work to see whether there is a fit?\n\n"
                "Best,\n[Your name]"
            ),
            created_at=at,
            updated_at=at,
        ),
        OutreachTemplate(
            id="demo-tpl-check-in",
            name="Monthly partner check-in",
            subject="[Your Company] x [Partner Company]: monthly check-in",
            body=(
                "Hi [Name],\n\n"
                "Time for our monthly check-in. On our side: [leads_generated] leads and "
                "[deals_closed] closed deals from the partnership so far.\n\n"
                "Could you share your pipeline updates and anything you need from us "
                "(enablement material, co-marketing slots, support)?\n\n"
                "Thanks,\n[Your name]"
            ),
            created_at=at,
            updated_at=at,
        ),
    ]


def _partners(today: date) -> list[Partner]:  # noqa: PLR0915 - one long, flat list of data
    C, M, EM, NOTE, OUT = (
        ActivityKind.CALL,
        ActivityKind.MEETING,
        ActivityKind.EMAIL,
        ActivityKind.NOTE,
        ActivityKind.OUTREACH,
    )
    t = today
    full = Agreement(**{name: AgreementItem(agreed=True) for name, _ in Agreement.items()})
    partners = [
        # ---------------- Active ----------------
        _build(
            t, 1, "Northwind CRM",
            [(P, 330), (E, 290), (N, 240), (A, 185)],
            [
                (330, OUT, "Warm intro from Priya (former colleague) to their partnerships team"),
                (290, M, "Discovery call: 40% of their mid-market customers also run a help desk"),
                (240, M, "Proposal accepted in principle: integration + 15% revenue share"),
                (185, NOTE, "Contract signed; integration live in their marketplace"),
                (35, C, "Monthly check-in: webinar drew 310 sign-ups"),
                (6, EM, "Sent Q4 case-study draft for review"),
            ],
            ("Quarterly business review: bring pipeline numbers", 0),
            partner_type=TECH, subtype="CRM integration",
            contact_name="Hannah Lindqvist", contact_email="hannah.lindqvist@northwind-crm.io",
            website="https://northwind-crm.io", tags=["tier-1", "marketplace"],
            potential_value=Decimal("120000.00"),
            fit=_fit(5, 5, 4, 4, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=_vp(
                "0123", "0123",
                "Northwind users who open a ticket from a deal page close renewals 18% faster: "
                "a two-way sync puts every support conversation next to the account.",
            ),
            agreement=full.model_copy(update={
                "revenue_sharing": AgreementItem(agreed=True, note="15% of first-year ARR"),
                "term_and_termination": AgreementItem(
                    agreed=True, note="2 years, 90 days notice"),
            }),
            models=PartnershipModels(
                revenue_share=RevenueShare(
                    enabled=True, percent=Decimal("15"), duration_years=2,
                    minimum_customers=10, payment_terms=PaymentTerms.QUARTERLY),
                co_marketing=CoMarketing(enabled=True, joint_webinars=True, case_studies=True),
                integration=IntegrationRequirements(
                    enabled=True, api_access=True, documentation=True, support=True,
                    testing=True),
            ),
            execution=Execution(technical_integration=True, co_marketing_campaigns=True,
                                sales_enablement=True, support_setup=True,
                                regular_check_ins=True),
            metrics=Metrics(leads_generated=64, deals_closed=14,
                            revenue_attributed=Decimal("164000.00"),
                            customer_satisfaction=Decimal("92"),
                            internal_cost=Decimal("12000.00")),
            cadence=Cadence(
                monthly=MonthlyCadence(review_metrics=True, check_in_call=True),
                quarterly=QuarterlyCadence(performance_analysis=True),
                monthly_last_completed=t - timedelta(days=35),
                quarterly_last_completed=t - timedelta(days=95),
            ),
            notes="Our best partner. Their marketplace listing drives most inbound leads.",
        ),
        _build(
            t, 2, "Brightpath Consulting",
            [(P, 280), (E, 250), (N, 200), (A, 150)],
            [
                (280, OUT, "Met Tomás at SaaS Connect; he implements help desks for retailers"),
                (250, M, "Agreed a referral pilot for three of their clients"),
                (200, C, "Terms call: $500 per closed referral, paid on close"),
                (150, NOTE, "Referral agreement signed"),
                (20, C, "Check-in: two referrals in legal review"),
            ],
            ("Send the updated sales deck and pricing sheet", -2),
            partner_type=CHAN, subtype="Consultant",
            contact_name="Tomás Ferreira", contact_email="tomas@brightpath-consulting.com",
            website="https://brightpath-consulting.com",
            potential_value=Decimal("45000.00"),
            fit=_fit(4, 5, 4, 3, 5), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=_vp(
                "013", "02",
                "Brightpath's retail clients get a help desk that is live in a week, and "
                "Brightpath earns $500 for every client that signs.",
            ),
            agreement=full,
            models=PartnershipModels(
                referral_fee=ReferralFee(enabled=True, amount=Decimal("500.00"),
                                         payment=ReferralPayment.ON_CLOSE),
                co_marketing=CoMarketing(enabled=True, co_branded_content=True),
            ),
            execution=Execution(co_marketing_campaigns=True, sales_enablement=True,
                                support_setup=True, regular_check_ins=True),
            metrics=Metrics(leads_generated=38, deals_closed=9,
                            revenue_attributed=Decimal("58500.00"),
                            customer_satisfaction=Decimal("88"),
                            internal_cost=Decimal("6500.00")),
            cadence=Cadence(
                monthly=MonthlyCadence(review_metrics=True),
                monthly_last_completed=t - timedelta(days=20),
                quarterly_last_completed=t - timedelta(days=60),
            ),
        ),
        _build(
            t, 3, "Syncwell",
            [(P, 260), (E, 210), (N, 170), (A, 110)],
            [
                (260, OUT, "Applied to the Syncwell partner program"),
                (210, M, "Technical deep-dive with their API team"),
                (170, EM, "Shared integration spec and sandbox keys"),
                (110, NOTE, "Connector published; joint launch blog post"),
                (12, C, "Check-in: sync errors down to 0.2% after their fix"),
            ],
            ("Plan the joint webinar for January", 9),
            partner_type=INTG, subtype="Data sync",
            contact_name="Aiko Tanaka", contact_email="aiko.tanaka@syncwell.io",
            website="https://syncwell.io", tags=["integration"],
            potential_value=Decimal("60000.00"),
            fit=_fit(5, 4, 3, 5, 4), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=_vp(
                "12", "13",
                "Customer records stay identical in Syncwell and Lumen Desk, so agents never "
                "ask a customer for details they already gave.",
            ),
            agreement=full.model_copy(update={
                "revenue_sharing": AgreementItem(agreed=True, note="Not applicable"),
            }),
            models=PartnershipModels(
                co_marketing=CoMarketing(enabled=True, joint_webinars=True,
                                         co_branded_content=True),
                integration=IntegrationRequirements(
                    enabled=True, api_access=True, documentation=True, testing=True),
            ),
            execution=Execution(technical_integration=True, co_marketing_campaigns=True,
                                support_setup=True, regular_check_ins=True),
            metrics=Metrics(leads_generated=22, deals_closed=5,
                            revenue_attributed=Decimal("31250.00"),
                            customer_satisfaction=Decimal("95"),
                            internal_cost=Decimal("9800.00")),
            cadence=Cadence(
                monthly=MonthlyCadence(),
                monthly_last_completed=t - timedelta(days=12),
                quarterly_last_completed=t - timedelta(days=80),
            ),
        ),
        _build(
            t, 4, "Kestrel Digital Agency",
            [(P, 220), (E, 190), (N, 150), (A, 90)],
            [
                (220, OUT, "LinkedIn message to Dev, their head of partnerships"),
                (190, M, "Intro meeting: they build support sites for D2C brands"),
                (150, C, "Negotiated 20% revenue share for one year"),
                (90, NOTE, "Signed; onboarding session held"),
                (40, C, "Check-in missed; rescheduled twice"),
            ],
            ("Check-in call: agree a re-engagement plan", -6),
            partner_type=CHAN, subtype="Agency",
            contact_name="Dev Raman", contact_email="dev@kestrel-digital.co",
            website="https://kestrel-digital.co",
            potential_value=Decimal("25000.00"),
            fit=_fit(3, 4, 3, 3, 2), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=_vp(
                "02", "0",
                "Kestrel can bundle Lumen Desk into every support-site build and keep 20% "
                "of the subscription for a year.",
            ),
            agreement=full,
            models=PartnershipModels(
                revenue_share=RevenueShare(
                    enabled=True, percent=Decimal("20"), duration_years=1,
                    minimum_customers=5, payment_terms=PaymentTerms.MONTHLY),
            ),
            execution=Execution(sales_enablement=True, support_setup=True),
            metrics=Metrics(leads_generated=12, deals_closed=2,
                            revenue_attributed=Decimal("7200.00"),
                            customer_satisfaction=Decimal("79"),
                            internal_cost=Decimal("6000.00")),
            challenges=Challenges(low_engagement=True),
            cadence=Cadence(
                monthly=MonthlyCadence(share_updates=True),
                monthly_last_completed=t - timedelta(days=52),
                quarterly_last_completed=None,
            ),
            notes="Slow since onboarding. Playbook: provide value, make it easy, show results.",
        ),
        # ---------------- Negotiate ----------------
        _build(
            t, 5, "Ledgerly",
            [(P, 160), (E, 120), (N, 45)],
            [
                (160, OUT, "Mutual connection (Sam at Syncwell) introduced us"),
                (120, M, "Demo to their product team; strong interest in an embedded inbox"),
                (45, EM, "Sent draft agreement with integration and 10% revenue share"),
                (10, C, "Their legal asked for a shorter termination notice"),
            ],
            ("Reply to Ledgerly legal on termination clause", 0),
            partner_type=INTG, subtype="Platform integration",
            contact_name="Olivia Brennan", contact_email="olivia.brennan@ledgerly.finance",
            website="https://ledgerly.finance",
            potential_value=Decimal("80000.00"),
            fit=_fit(5, 4, 4, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
            value_proposition=_vp(
                "0123", "013",
                "Ledgerly's accountants answer client questions inside Ledgerly, with Lumen "
                "Desk's inbox embedded: no tab switching, every reply on the client's file.",
            ),
            agreement=_agreement(
                partnership_type=(True, "Platform integration + revenue share"),
                responsibilities=(True, "They build the embed; we provide API and support"),
                revenue_sharing=(True, "10% for 2 years"),
                marketing_commitments=(
                    False, "They want a launch webinar; we offered a case study"),
                support_expectations=(True, "Tier-2 support from us within 1 business day"),
                term_and_termination=(False, "They ask for 30 days notice; we proposed 90"),
            ),
            models=PartnershipModels(
                revenue_share=RevenueShare(
                    enabled=True, percent=Decimal("10"), duration_years=2,
                    minimum_customers=20, payment_terms=PaymentTerms.QUARTERLY),
                integration=IntegrationRequirements(enabled=True, api_access=True,
                                                    documentation=True),
            ),
            challenges=Challenges(misaligned_expectations=True),
        ),
        _build(
            t, 6, "Harbor & Vale Resellers",
            [(P, 140), (E, 100), (N, 30)],
            [
                (140, OUT, "Inbound via our partner program form"),
                (100, M, "Meeting in Rotterdam: they resell to 300 logistics firms"),
                (30, EM, "Proposal: $750 referral fee on payment, EU rights"),
            ],
            ("Send revised proposal with volume tiers", 2),
            partner_type=CHAN, subtype="Reseller",
            contact_name="Sanne de Vries", contact_email="sanne@harborvale.eu",
            website="https://harborvale.eu",
            potential_value=Decimal("55000.00"),
            fit=_fit(3, 5, 4, 3, 4), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=_vp(
                "02", "02",
                "Harbor & Vale adds a help desk to its logistics bundle; we reach 300 EU firms "
                "without a local sales team.",
            ),
            agreement=_agreement(
                partnership_type=(True, "Referral, later reseller"),
                responsibilities=(True, ""),
                revenue_sharing=(False, "Volume tiers under discussion"),
                marketing_commitments=(False, ""),
                support_expectations=(True, "They handle first-line support in Dutch"),
                term_and_termination=(False, ""),
            ),
            models=PartnershipModels(
                referral_fee=ReferralFee(enabled=True, amount=Decimal("750.00"),
                                         payment=ReferralPayment.ON_PAYMENT),
            ),
        ),
        _build(
            t, 7, "Helix Labs",
            [(P, 200), (E, 130), (N, 60)],
            [
                (200, OUT, "Met their CTO at DevOps Days"),
                (130, M, "Workshop on a co-developed AI triage feature"),
                (60, M, "Agreement in principle: shared roadmap, joint IP terms pending"),
            ],
            ("Joint IP terms: call with both legal teams", 12),
            partner_type=STRAT, subtype="Co-development",
            contact_name="Marcus Webb", contact_email="marcus.webb@helixlabs.ai",
            website="https://helixlabs.ai",
            potential_value=Decimal("150000.00"),
            fit=_fit(4, 3, 4, 5, 4), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=_vp(
                "12", "13",
                "Helix's triage models plus our ticket history: tickets routed to the right "
                "agent in seconds, a feature neither of us could ship alone this year.",
            ),
            agreement=_agreement(
                partnership_type=(True, "Co-development"),
                responsibilities=(True, "They own the model, we own the product surface"),
                revenue_sharing=(False, ""),
                marketing_commitments=(True, "Joint launch at their annual conference"),
                support_expectations=(False, ""),
                term_and_termination=(False, "IP ownership on termination is the open point"),
            ),
            models=PartnershipModels(
                co_marketing=CoMarketing(enabled=True, event_sponsorships=True),
            ),
            challenges=Challenges(resource_constraints=True),
            notes="High value but needs 2 engineers for a quarter; see resource constraints.",
        ),
        _build(
            t, 8, "Forgeline DevTools",
            [(P, 115), (E, 75), (N, 18)],
            [
                (115, OUT, "LinkedIn outreach to their ecosystem lead"),
                (75, M, "Call: they want a Lumen Desk plugin in their IDE marketplace"),
                (18, EM, "Sent our standard technology partner terms"),
            ],
            ("Follow up on standard terms", -1),
            partner_type=TECH, subtype="Development tool",
            contact_name="Ines Moreau", contact_email="ines.moreau@forgeline.dev",
            website="https://forgeline.dev",
            potential_value=Decimal("30000.00"),
            fit=_fit(4, 3, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=_vp(
                "13", "1",
                "Developers see customer-reported bugs from Lumen Desk next to the code that "
                "causes them.",
            ),
            agreement=_agreement(
                partnership_type=(True, "Technology partner"),
                responsibilities=(False, ""),
                revenue_sharing=(True, "Not applicable"),
                marketing_commitments=(False, ""),
                support_expectations=(False, ""),
                term_and_termination=(False, ""),
            ),
            models=PartnershipModels(
                integration=IntegrationRequirements(enabled=True, api_access=True),
            ),
        ),
        # ---------------- Engage ----------------
        _build(
            t, 9, "Parley Chat",
            [(P, 90), (E, 40)],
            [
                (90, OUT, "Sent the playbook outreach email"),
                (40, EM, "Positive reply; they want to see usage numbers"),
                (25, M, "Intro meeting with their product lead"),
            ],
            ("Send proposal for chat-to-ticket handoff", 0),
            partner_type=TECH, subtype="Communication tool",
            contact_name="Rafael Ortiz", contact_email="rafael@parley.chat",
            website="https://parley.chat",
            potential_value=Decimal("40000.00"),
            fit=_fit(5, 4, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=_vp(
                "12", "01",
                "A chat that turns into a ticket without losing context: Parley users stop "
                "copy-pasting transcripts into their help desk.",
            ),
        ),
        _build(
            t, 10, "Meridian Systems Integration",
            [(P, 120), (E, 55)],
            [
                (120, OUT, "Warm intro from Brightpath"),
                (55, M, "Discovery: they roll out service platforms for banks"),
            ],
            ("Prepare security questionnaire answers", 5),
            partner_type=CHAN, subtype="System integrator",
            contact_name="Grace Adeyemi", contact_email="grace.adeyemi@meridian-si.com",
            website="https://meridian-si.com",
            potential_value=Decimal("90000.00"),
            fit=_fit(3, 4, 5, 3, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=_vp(
                "02", "02",
                "Meridian's banking clients get an audited help desk; we get into regulated "
                "accounts we cannot reach alone.",
            ),
        ),
        _build(
            t, 11, "Relay Hooks",
            [(P, 70), (E, 28)],
            [
                (70, OUT, "Partner program application"),
                (28, C, "Call: they would list a Lumen Desk trigger in their catalogue"),
            ],
            ("Share API docs and a sandbox account", -4),
            partner_type=INTG, subtype="Workflow integration",
            contact_name="Noah Fischer", contact_email="noah@relayhooks.net",
            website="https://relayhooks.net",
            potential_value=Decimal("20000.00"),
            fit=_fit(4, 4, 3, 4, 5), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=_vp(
                "1", "1",
                "Any Relay Hooks workflow can open, update or close a ticket: five minutes "
                "to automate what agents now do by hand.",
            ),
        ),
        _build(
            t, 12, "Quillmetrics",
            [(P, 65), (E, 14)],
            [
                (65, OUT, "Met at the Customer Analytics Summit"),
                (14, EM, "They replied: interested in CSAT dashboards"),
            ],
            ("Schedule meeting with their partnerships team", 1),
            partner_type=TECH, subtype="Analytics platform",
            contact_name="Chloe Nakamura", contact_email="chloe@quillmetrics.io",
            website="https://quillmetrics.io",
            potential_value=Decimal("35000.00"),
            fit=_fit(4, 4, 4, 3, 3), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=_vp(
                "1", "13",
                "Support data in Quillmetrics dashboards: CSAT next to revenue, per account.",
            ),
        ),
        _build(
            t, 13, "Granite Cloud",
            [(P, 150), (E, 80)],
            [
                (150, OUT, "Mutual connection: their VP Alliances knows our CEO"),
                (80, M, "Exploring joint go-to-market in their cloud marketplace"),
                (30, EM, "Waiting for their marketplace team's requirements"),
            ],
            ("Nudge Granite on marketplace requirements", 14),
            partner_type=STRAT, subtype="Joint go-to-market",
            contact_name="Daniel Okonkwo", contact_email="d.okonkwo@granitecloud.com",
            website="https://granitecloud.com",
            potential_value=Decimal("200000.00"),
            fit=_fit(3, 4, 5, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
            value_proposition=_vp(
                "0123", "0123",
                "Lumen Desk in Granite's marketplace, billed on the customer's cloud invoice: "
                "procurement in a click for Granite's 40,000 business accounts.",
            ),
            challenges=Challenges(low_engagement=True),
        ),
        _build(
            t, 14, "Atlas Billing API",
            [(P, 45), (E, 9)],
            [
                (45, OUT, "LinkedIn message after their API launch"),
                (9, C, "Call: keen on showing invoices inside tickets"),
            ],
            ("Draft a one-page proposal", 3),
            partner_type=INTG, subtype="API partnership",
            contact_name="Lena Kowalski", contact_email="lena.kowalski@atlasbilling.com",
            website="https://atlasbilling.com",
            potential_value=Decimal("28000.00"),
            fit=_fit(4, 5, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=_vp(
                "1", "1",
                "Agents see the customer's invoices and refunds in the ticket and settle "
                "billing questions in one reply.",
            ),
        ),
        # ---------------- Prospect ----------------
        _build(
            t, 15, "Beaconly",
            [(P, 21)],
            [(21, NOTE, "Found via G2 category 'team messaging'; 12k customers")],
            ("Find a warm intro on LinkedIn", -3),
            partner_type=TECH, subtype="Communication tool",
            contact_name="Yusuf Demir", contact_email="yusuf@beaconly.app",
            website="https://beaconly.app",
            potential_value=Decimal("30000.00"),
            fit=_fit(4, 4, 3, 4, 3), outreach_approach=OutreachApproach.LINKEDIN,
        ),
        _build(
            t, 16, "Tallyboard Analytics",
            [(P, 18)],
            [(18, NOTE, "Same mid-market buyers as ours; product analytics")],
            ("Send the playbook outreach email", 0),
            partner_type=TECH, subtype="Analytics platform",
            contact_name="Emma Schultz", contact_email="emma.schultz@tallyboard.io",
            website="https://tallyboard.io",
            potential_value=Decimal("22000.00"),
            fit=_fit(3, 4, 3, 3, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=_vp(
                "1", "1",
                "Tallyboard funnels show where customers get stuck; Lumen Desk shows what they "
                "ask about at that step.",
            ),
        ),
        _build(
            t, 17, "Oakridge IT Partners",
            [(P, 35)],
            [(35, NOTE, "Regional MSP, 80 SMB clients in the Midwest")],
            ("Research their current help desk vendor", 6),
            partner_type=CHAN, subtype="Reseller",
            contact_name="Brian Kowal", contact_email="brian@oakridge-it.com",
            website="https://oakridge-it.com",
            potential_value=Decimal("18000.00"),
            fit=_fit(3, 3, 3, 2, 4),
        ),
        _build(
            t, 18, "Flowstack",
            [(P, 12)],
            [(12, NOTE, "Workflow builder popular with ops teams")],
            ("Ask Noah at Relay Hooks for an intro", 4),
            partner_type=INTG, subtype="Workflow integration",
            contact_name="Priya Shah", contact_email="priya.shah@flowstack.so",
            website="https://flowstack.so",
            potential_value=Decimal("15000.00"),
            fit=_fit(4, 3, 3, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
        ),
        _build(
            t, 19, "Cobalt Ventures",
            [(P, 50)],
            [(50, NOTE, "Their portfolio has 30 B2B SaaS companies without a help desk")],
            ("Prepare portfolio-perk offer", 20),
            partner_type=STRAT, subtype="Investment relationship",
            contact_name="Sofia Marchetti", contact_email="sofia@cobalt.vc",
            website="https://cobalt.vc",
            potential_value=Decimal("75000.00"),
            fit=_fit(2, 4, 4, 5, 3),
        ),
        _build(
            t, 20, "Summit Service Group",
            [(P, 75)],
            [(75, NOTE, "Small support outsourcer; board asked us to look at it")],
            None,
            partner_type=STRAT, subtype="Acquisition target",
            contact_name="Arthur Blake", contact_email="arthur.blake@summitservice.group",
            website="https://summitservice.group",
            potential_value=Decimal("0.00"),
            fit=_fit(2, 3, 3, 2, 3),
            notes="Parked until the board decides; no outreach yet.",
        ),
        _build(
            t, 21, "Lattice HR",
            [(P, 8)],
            [(8, NOTE, "HR platform; their users run internal IT help desks")],
            ("Send the playbook outreach email", 1),
            partner_type=INTG, subtype="Platform integration",
            contact_name="Zoe Hartmann", contact_email="zoe.hartmann@lattice-hr.co",
            website="https://lattice-hr.co",
            potential_value=Decimal("26000.00"),
            fit=_fit(3, 3, 4, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
        ),
        _build(
            t, 22, "Copperleaf Agency",
            [(P, 4)],
            [(4, NOTE, "Shopify agency; three of our customers use them")],
            ("Ask our shared customers for an intro", 7),
            partner_type=CHAN, subtype="Agency",
            contact_name="Jonas Berg", contact_email="jonas@copperleaf.agency",
            website="https://copperleaf.agency",
            potential_value=Decimal("12000.00"),
            fit=_fit(3, 4, 3, 3, 5), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
        ),
        # ---------------- Archived ----------------
        _build(
            t, 23, "Driftwood Apps",
            [(P, 240), (E, 200), (X, 150)],
            [
                (240, OUT, "Cold outreach via LinkedIn"),
                (200, M, "One meeting; they are building their own help desk"),
                (150, NOTE, "Declined: competing roadmap"),
            ],
            partner_type=TECH, subtype="Development tool",
            contact_name="Kim Larsen", contact_email="kim@driftwood-apps.com",
            website="https://driftwood-apps.com",
            potential_value=Decimal("15000.00"),
            fit=_fit(2, 3, 3, 3, 2),
            archive_reason=ArchiveReason.DECLINED, archived_from=E,
        ),
        _build(
            t, 24, "Orbit Telecom",
            [(P, 300), (E, 260), (N, 210), (X, 100)],
            [
                (300, OUT, "Industry event: TelcoCX"),
                (210, M, "Terms drafted for a reseller deal"),
                (100, NOTE, "Paused: their procurement freeze until next fiscal year"),
            ],
            partner_type=CHAN, subtype="Reseller",
            contact_name="Fatima Haddad", contact_email="fatima.haddad@orbit-telecom.net",
            website="https://orbit-telecom.net",
            potential_value=Decimal("110000.00"),
            fit=_fit(3, 4, 4, 2, 3), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            agreement=_agreement(
                partnership_type=(True, "Reseller"),
                responsibilities=(True, ""),
                revenue_sharing=(False, ""),
                marketing_commitments=(False, ""),
                support_expectations=(False, ""),
                term_and_termination=(False, ""),
            ),
            archive_reason=ArchiveReason.PAUSED, archived_from=N,
            notes="Revisit when their new fiscal year starts.",
        ),
        _build(
            t, 25, "Vantage Point Analytics",
            [(P, 420), (E, 390), (N, 350), (A, 300), (X, 45)],
            [
                (420, OUT, "Partner program"),
                (300, NOTE, "Went live with a referral agreement"),
                (120, C, "No referrals for two quarters"),
                (45, NOTE, "Churned: they were acquired and dropped the program"),
            ],
            partner_type=TECH, subtype="Analytics platform",
            contact_name="Leo Marsh", contact_email="leo.marsh@vantagepoint.io",
            website="https://vantagepoint.io",
            potential_value=Decimal("20000.00"),
            fit=_fit(3, 3, 3, 2, 3), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            agreement=full,
            models=PartnershipModels(
                referral_fee=ReferralFee(enabled=True, amount=Decimal("300.00")),
            ),
            execution=Execution(sales_enablement=True, support_setup=True),
            metrics=Metrics(leads_generated=7, deals_closed=1,
                            revenue_attributed=Decimal("2400.00"),
                            customer_satisfaction=Decimal("70"),
                            internal_cost=Decimal("4000.00")),
            challenges=Challenges(low_engagement=True),
            archive_reason=ArchiveReason.CHURNED, archived_from=A,
        ),
    ]
    return partners


def demo_program(today: date) -> DemoProgram:
    """The sample program as it stands on `today` (same input, same program)."""
    partners = _partners(today)
    deals = demo_deals(today)
    return DemoProgram(
        partners=partners,
        settings=_settings(),
        templates=_templates(today),
        deals=deals,
        payments=demo_payments(today, partners, deals),
    )


def database_is_empty(store: PartnerStore) -> bool:
    """No partners, no user templates, an unedited playbook template and default settings."""
    if store.count():
        return False
    builtin = playbook_template()
    for template in store.templates():
        if not template.builtin:
            return False
        if (template.subject, template.body, template.name) != (
            builtin.subject,
            builtin.body,
            builtin.name,
        ):
            return False
    return store.settings() == Settings()


def load_demo(store: PartnerStore, today: date) -> int:
    """Fill an empty store with the demo program; returns how many partners were added.

    Raises DemoRefused when the store already holds data: the demo never mixes into,
    or overwrites, real work.
    """
    if not database_is_empty(store):
        raise DemoRefused(
            f"{store.path} is not empty ({store.count()} partners); "
            "the demo only fills an empty database (try --db with a new file)"
        )
    program = demo_program(today)
    with store.batch():  # one disk write for the whole program
        store.save_settings(program.settings)
        for template in program.templates:
            store.save_template(template)
        store.add_many(program.partners)
        store.add_deals(program.deals)
        store.add_payments(program.payments)
    return len(program.partners)
