"""The sample program as a whole: settings, templates, the partners of every stage and
their deal history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.payments import Payment
from partner_tui.domain.program import Profile, ProgramResources, Settings, ToolCosts
from partner_tui.domain.targets import StageTargets
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.exchange.demo import active, archived, engage, negotiate, prospect
from partner_tui.exchange.demo.build import at
from partner_tui.exchange.demo.deals import demo_deals, demo_payments


@dataclass(frozen=True)
class DemoProgram:
    partners: list[Partner]
    settings: Settings
    templates: list[OutreachTemplate]
    deals: list[Deal]
    payments: list[Payment]



def settings() -> Settings:
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


def templates(today: date) -> list[OutreachTemplate]:
    written = at(today, 120, 14, 0)
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
            created_at=written,
            updated_at=written,
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
            created_at=written,
            updated_at=written,
        ),
    ]



def demo_partners(today: date) -> list[Partner]:
    """Every stage's partners, in the board's order."""
    stages = (active, negotiate, engage, prospect, archived)
    return [partner for stage in stages for partner in stage.partners(today)]


def demo_program(today: date) -> DemoProgram:
    """The sample program as it stands on `today` (same input, same program)."""
    partners = demo_partners(today)
    deals = demo_deals(today)
    program_settings = settings()
    return DemoProgram(
        partners=partners,
        settings=program_settings,
        templates=templates(today),
        deals=deals,
        payments=demo_payments(today, partners, deals, program_settings.rules.holding_days),
    )
