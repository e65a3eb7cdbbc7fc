"""The partners in negotiation: proposals out, terms being agreed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.domain.challenges import Challenges
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
    INTG,
    OUT,
    STRAT,
    TECH,
    C,
    E,
    M,
    N,
    P,
    agreement,
    build,
    fit,
    vp,
)


def partners(t: date) -> list[Partner]:
    """`t`: today, from which every date is counted back."""
    return [
        build(
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
            fit=fit(5, 4, 4, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
            value_proposition=vp(
                "0123", "013",
                "Ledgerly's accountants answer client questions inside Ledgerly, with Lumen "
                "Desk's inbox embedded: no tab switching, every reply on the client's file.",
            ),
            agreement=agreement(
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
        build(
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
            fit=fit(3, 5, 4, 3, 4), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=vp(
                "02", "02",
                "Harbor & Vale adds a help desk to its logistics bundle; we reach 300 EU firms "
                "without a local sales team.",
            ),
            agreement=agreement(
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
        build(
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
            fit=fit(4, 3, 4, 5, 4), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=vp(
                "12", "13",
                "Helix's triage models plus our ticket history: tickets routed to the right "
                "agent in seconds, a feature neither of us could ship alone this year.",
            ),
            agreement=agreement(
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
        build(
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
            fit=fit(4, 3, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=vp(
                "13", "1",
                "Developers see customer-reported bugs from Lumen Desk next to the code that "
                "causes them.",
            ),
            agreement=agreement(
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
    ]
