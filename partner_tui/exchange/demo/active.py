"""The active partners: integrations live, revenue flowing, one of them slowing down."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from partner_tui.domain.agreement import AgreementItem
from partner_tui.domain.cadence import Cadence, MonthlyCadence, QuarterlyCadence
from partner_tui.domain.challenges import Challenges
from partner_tui.domain.execution import Execution
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Partner
from partner_tui.domain.partnership_models import (
    CoMarketing,
    IntegrationRequirements,
    PartnershipModels,
    PaymentTerms,
    ReferralFee,
    ReferralPayment,
    RevenueShare,
)
from partner_tui.exchange.demo.build import (
    CHAN,
    EM,
    FULL,
    INTG,
    NOTE,
    OUT,
    TECH,
    A,
    C,
    E,
    M,
    N,
    P,
    build,
    fit,
    vp,
)


def partners(t: date) -> list[Partner]:
    """`t`: today, from which every date is counted back."""
    return [
        build(
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
            fit=fit(5, 5, 4, 4, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=vp(
                "0123", "0123",
                "Northwind users who open a ticket from a deal page close renewals 18% faster: "
                "a two-way sync puts every support conversation next to the account.",
            ),
            agreement=FULL.model_copy(update={
                "revenue_sharing": AgreementItem(agreed=True, note="15% of first-year ARR"),
                "term_and_termination": AgreementItem(
                    agreed=True, note="2 years, 90 days notice"),
            }),
            models=PartnershipModels(
                revenue_share=RevenueShare(
                    enabled=True, percent=Decimal("15"), duration_years=2,
                    minimum_customers=10, payment_terms=PaymentTerms.QUARTERLY,
                    cap_per_customer=Decimal("3000")),  # a cap (docs/tiers.md)
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
        build(
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
            fit=fit(4, 5, 4, 3, 5), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=vp(
                "013", "02",
                "Brightpath's retail clients get a help desk that is live in a week, and "
                "Brightpath earns $500 for every client that signs.",
            ),
            agreement=FULL,
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
        build(
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
            fit=fit(5, 4, 3, 5, 4), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=vp(
                "12", "13",
                "Customer records stay identical in Syncwell and Lumen Desk, so agents never "
                "ask a customer for details they already gave.",
            ),
            agreement=FULL.model_copy(update={
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
        build(
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
            fit=fit(3, 4, 3, 3, 2), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=vp(
                "02", "0",
                "Kestrel can bundle Lumen Desk into every support-site build and keep 20% "
                "of the subscription for a year.",
            ),
            agreement=FULL,
            models=PartnershipModels(
                revenue_share=RevenueShare(
                    enabled=True, percent=Decimal("20"), duration_years=1,
                    minimum_customers=5, payment_terms=PaymentTerms.MONTHLY,
                    steps="20% x 1, 10% x 11"),  # steps (docs/tiers.md)
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
    ]
