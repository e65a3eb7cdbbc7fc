"""The partners being engaged: first calls held, fit being checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.domain.challenges import Challenges
from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Partner
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
    P,
    build,
    fit,
    vp,
)


def partners(t: date) -> list[Partner]:
    """`t`: today, from which every date is counted back."""
    return [
        build(
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
            fit=fit(5, 4, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=vp(
                "12", "01",
                "A chat that turns into a ticket without losing context: Parley users stop "
                "copy-pasting transcripts into their help desk.",
            ),
        ),
        build(
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
            fit=fit(3, 4, 5, 3, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=vp(
                "02", "02",
                "Meridian's banking clients get an audited help desk; we get into regulated "
                "accounts we cannot reach alone.",
            ),
        ),
        build(
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
            fit=fit(4, 4, 3, 4, 5), outreach_approach=OutreachApproach.PARTNER_PROGRAM,
            value_proposition=vp(
                "1", "1",
                "Any Relay Hooks workflow can open, update or close a ticket: five minutes "
                "to automate what agents now do by hand.",
            ),
        ),
        build(
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
            fit=fit(4, 4, 4, 3, 3), outreach_approach=OutreachApproach.INDUSTRY_EVENT,
            value_proposition=vp(
                "1", "13",
                "Support data in Quillmetrics dashboards: CSAT next to revenue, per account.",
            ),
        ),
        build(
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
            fit=fit(3, 4, 5, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
            value_proposition=vp(
                "0123", "0123",
                "Lumen Desk in Granite's marketplace, billed on the customer's cloud invoice: "
                "procurement in a click for Granite's 40,000 business accounts.",
            ),
            challenges=Challenges(low_engagement=True),
        ),
        build(
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
            fit=fit(4, 5, 3, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
            value_proposition=vp(
                "1", "1",
                "Agents see the customer's invoices and refunds in the ticket and settle "
                "billing questions in one reply.",
            ),
        ),
    ]
