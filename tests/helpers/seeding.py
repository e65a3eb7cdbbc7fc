"""Write a known program into a fresh data file before an app or a command opens it.

Every helper opens the file the way the command line does (a PartnerStore that writes
through and closes), so the file on disk is exactly what a user's would be.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from partner_tui.domain import clock
from partner_tui.domain.deals import Deal
from partner_tui.domain.partner import Partner
from partner_tui.domain.program import Profile
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.exchange.demo import load_demo
from partner_tui.store.partner_store import PartnerStore

SAM = Profile(your_name="Sam Rivera", your_company="Northwind")


def seed_partners(
    db_path: Path, partners: Iterable[Partner], *, at_once: bool = False
) -> dict[str, str]:
    """Add the partners (one by one, each at the end of its column, or all in one import
    when `at_once`, which keeps their stage history as given); returns company -> id."""
    with PartnerStore(db_path) as store:
        if at_once:
            store.partners.add_many(list(partners))
        else:
            for partner in partners:
                store.partners.add(partner)
        return {card.company: card.id for card in store.partners.cards()}


def seed_deals(db_path: Path, *deals: Deal, override: bool = False) -> None:
    """Register deals (all at once, as import-deals does) for partners already in the file."""
    with PartnerStore(db_path) as store:
        store.deals.add_many(list(deals), override=override)


def won_deal(partner_id: str, customer: str, domain: str, **fields: object) -> Deal:
    """A deal won on 2026-02-10 (registered 2026-01-05): $1,000 once and $100 a month,
    unless `fields` say otherwise."""
    values: dict[str, object] = {
        "partner_id": partner_id, "customer": customer, "customer_domain": domain,
        "status": "won", "registered_on": "2026-01-05", "closed_on": "2026-02-10",
        "amount": "1000", "monthly_revenue": "100", **fields,
    }
    return Deal.model_validate(values)


def seed_templates(db_path: Path, *templates: OutreachTemplate) -> None:
    with PartnerStore(db_path) as store:
        for template in templates:
            store.program.save_template(template)


def seed_profile(db_path: Path, profile: Profile = SAM) -> None:
    """Who is writing: fills [Your name] and [Your Company] in outreach drafts."""
    with PartnerStore(db_path) as store:
        store.program.save_settings(store.program.settings().model_copy(update={"profile": profile}))
    if profile.your_name:  # yours: kept in your config (a file's is only ever offered)
        from partner_tui.profile.your_name import save_your_name

        save_your_name(profile.your_name)


def seed_demo(db_path: Path) -> None:
    """The demo program (`partner-tui demo`), dated from the (possibly frozen) clock."""
    with PartnerStore(db_path) as store:
        load_demo(store, clock.today())
