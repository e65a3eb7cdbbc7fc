"""Loading the demo into a data file: only ever into an empty one."""

from __future__ import annotations

from datetime import date

from partner_tui.domain.program import Settings
from partner_tui.domain.templates import playbook_template
from partner_tui.exchange.demo.program import DemoProgram, demo_program
from partner_tui.store.partner_store import PartnerStore


class DemoRefused(Exception):
    """The database already holds data; the demo never mixes into real work."""



def database_is_empty(store: PartnerStore) -> bool:
    """No partners, no user templates, an unedited playbook template and default settings."""
    if store.partners.count():
        return False
    builtin = playbook_template()
    for template in store.program.templates():
        if not template.builtin:
            return False
        if (template.subject, template.body, template.name) != (
            builtin.subject,
            builtin.body,
            builtin.name,
        ):
            return False
    return store.program.settings() == Settings()


def load_demo(store: PartnerStore, today: date) -> DemoProgram:
    """Fill an empty store with the demo program; returns what was added.

    Raises DemoRefused when the store already holds data: the demo never mixes into,
    or overwrites, real work.
    """
    if not database_is_empty(store):
        raise DemoRefused(
            f"{store.path} is not empty ({store.partners.count()} partners); "
            "the demo only fills an empty database (try --db with a new file)"
        )
    program = demo_program(today)
    with store.batch():  # one disk write for the whole program
        store.program.save_settings(program.settings)
        for template in program.templates:
            store.program.save_template(template)
        store.partners.add_many(program.partners)
        store.deals.add_many(program.deals)
        store.payouts.add_payments(program.payments)
    return program
