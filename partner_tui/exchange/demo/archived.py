"""The archived partners: declined, paused and churned, each with its reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.domain.challenges import Challenges
from partner_tui.domain.execution import Execution
from partner_tui.domain.metrics import Metrics
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Partner
from partner_tui.domain.partnership_models import (
    PartnershipModels,
    ReferralFee,
)
from partner_tui.domain.stages import ArchiveReason
from partner_tui.exchange.demo.build import (
    CHAN,
    FULL,
    NOTE,
    OUT,
    TECH,
    A,
    C,
    E,
    M,
    N,
    P,
    X,
    agreement,
    build,
    fit,
)


def partners(t: date) -> list[Partner]:
    """`t`: today, from which every date is counted back."""
    return [
        build(
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
            fit=fit(2, 3, 3, 3, 2),
            archive_reason=ArchiveReason.DECLINED, archived_from=E,
        ),
        build(
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
            fit=fit(3, 4, 4, 2, 3), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            agreement=agreement(
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
        build(
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
            fit=fit(3, 3, 3, 2, 3), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            agreement=FULL,
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
