"""The prospects: researched and scored, outreach not yet answered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partner_tui.domain.outreach import OutreachApproach
from partner_tui.domain.partner import Partner
from partner_tui.exchange.demo.build import (
    CHAN,
    INTG,
    NOTE,
    STRAT,
    TECH,
    P,
    build,
    fit,
    vp,
)


def partners(t: date) -> list[Partner]:
    """`t`: today, from which every date is counted back."""
    return [
        build(
            t, 15, "Beaconly",
            [(P, 21)],
            [(21, NOTE, "Found via G2 category 'team messaging'; 12k customers")],
            ("Find a warm intro on LinkedIn", -3),
            partner_type=TECH, subtype="Communication tool",
            contact_name="Yusuf Demir", contact_email="yusuf@beaconly.app",
            website="https://beaconly.app",
            potential_value=Decimal("30000.00"),
            fit=fit(4, 4, 3, 4, 3), outreach_approach=OutreachApproach.LINKEDIN,
        ),
        build(
            t, 16, "Tallyboard Analytics",
            [(P, 18)],
            [(18, NOTE, "Same mid-market buyers as ours; product analytics")],
            ("Send the playbook outreach email", 0),
            partner_type=TECH, subtype="Analytics platform",
            contact_name="Emma Schultz", contact_email="emma.schultz@tallyboard.io",
            website="https://tallyboard.io",
            potential_value=Decimal("22000.00"),
            fit=fit(3, 4, 3, 3, 4), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
            value_proposition=vp(
                "1", "1",
                "Tallyboard funnels show where customers get stuck; Lumen Desk shows what they "
                "ask about at that step.",
            ),
        ),
        build(
            t, 17, "Oakridge IT Partners",
            [(P, 35)],
            [(35, NOTE, "Regional MSP, 80 SMB clients in the Midwest")],
            ("Research their current help desk vendor", 6),
            partner_type=CHAN, subtype="Reseller",
            contact_name="Brian Kowal", contact_email="brian@oakridge-it.com",
            website="https://oakridge-it.com",
            potential_value=Decimal("18000.00"),
            fit=fit(3, 3, 3, 2, 4),
        ),
        build(
            t, 18, "Flowstack",
            [(P, 12)],
            [(12, NOTE, "Workflow builder popular with ops teams")],
            ("Ask Noah at Relay Hooks for an intro", 4),
            partner_type=INTG, subtype="Workflow integration",
            contact_name="Priya Shah", contact_email="priya.shah@flowstack.so",
            website="https://flowstack.so",
            potential_value=Decimal("15000.00"),
            fit=fit(4, 3, 3, 4, 3), outreach_approach=OutreachApproach.MUTUAL_CONNECTION,
        ),
        build(
            t, 19, "Cobalt Ventures",
            [(P, 50)],
            [(50, NOTE, "Their portfolio has 30 B2B SaaS companies without a help desk")],
            ("Prepare portfolio-perk offer", 20),
            partner_type=STRAT, subtype="Investment relationship",
            contact_name="Sofia Marchetti", contact_email="sofia@cobalt.vc",
            website="https://cobalt.vc",
            potential_value=Decimal("75000.00"),
            fit=fit(2, 4, 4, 5, 3),
        ),
        build(
            t, 20, "Summit Service Group",
            [(P, 75)],
            [(75, NOTE, "Small support outsourcer; board asked us to look at it")],
            None,
            partner_type=STRAT, subtype="Acquisition target",
            contact_name="Arthur Blake", contact_email="arthur.blake@summitservice.group",
            website="https://summitservice.group",
            potential_value=Decimal("0.00"),
            fit=fit(2, 3, 3, 2, 3),
            notes="Parked until the board decides; no outreach yet.",
        ),
        build(
            t, 21, "Lattice HR",
            [(P, 8)],
            [(8, NOTE, "HR platform; their users run internal IT help desks")],
            ("Send the playbook outreach email", 1),
            partner_type=INTG, subtype="Platform integration",
            contact_name="Zoe Hartmann", contact_email="zoe.hartmann@lattice-hr.co",
            website="https://lattice-hr.co",
            potential_value=Decimal("26000.00"),
            fit=fit(3, 3, 4, 4, 4), outreach_approach=OutreachApproach.LINKEDIN,
        ),
        build(
            t, 22, "Copperleaf Agency",
            [(P, 4)],
            [(4, NOTE, "Shopify agency; three of our customers use them")],
            ("Ask our shared customers for an intro", 7),
            partner_type=CHAN, subtype="Agency",
            contact_name="Jonas Berg", contact_email="jonas@copperleaf.agency",
            website="https://copperleaf.agency",
            potential_value=Decimal("12000.00"),
            fit=fit(3, 4, 3, 3, 5), outreach_approach=OutreachApproach.WARM_INTRODUCTION,
        ),
    ]
