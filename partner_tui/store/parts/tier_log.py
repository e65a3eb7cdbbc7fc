"""A change of program tier, logged on the partner (docs/tiers.md).

The trigger: the app, when it has read the file and each time it sees the month turn
while open, logs for every partner whose tier this month differs from last month's one
activity, dated the first of the month, signed "program". Its id is `tier-YYYY-MM`: a
partner already holding it is skipped, and two writers that log the same change write one
entry (the merge knows entries by id: one entry on both sides is one). A month the app
was not open in is not logged afterwards. The command line's `due` and `show` only read:
they show the tier, and write nothing (the file contract for read commands).

Not an undo step: the log is the program's, not the person's, and ctrl+z takes back what
the person did.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from partner_tui.domain.activity_kinds import ActivityKind
from partner_tui.domain.partner import Activity
from partner_tui.domain.periods import month_index, month_label
from partner_tui.domain.tiers import tier_change_text, tier_in, trailing_revenue
from partner_tui.store.parts.core import StoreCore
from partner_tui.store.parts.partner_changes import touched

if TYPE_CHECKING:
    from partner_tui.store.parts.payouts import Payouts

PROGRAM = "program"  # the author of what the program logs by itself


def tier_entry_id(month: int) -> str:
    return f"tier-{month_label(month)}"


def log_tier_changes(core: StoreCore, payouts: Payouts, today: date, symbol: str) -> list[str]:
    """Log this month's changes of tier (see the module's words); returns the ids of the
    partners logged. Writes nothing when the file is read-only or nothing changed."""
    if core.read_only:
        return []
    tiers = payouts.tier_table()
    if len(tiers) < 2:
        return []
    month = month_index(today)
    entry_id = tier_entry_id(month)
    cards = core.partners.index.cards
    changes: list[tuple[str, int, int]] = []
    for pid in core.deals.partners_with_deals():
        if pid not in cards:
            continue
        schedule = payouts.tier_schedule(pid)
        was, now = tier_in(schedule, month - 1), tier_in(schedule, month)
        if was != now:
            changes.append((pid, was, now))
    if not changes:
        return []
    logged: list[str] = []
    first_day = date(today.year, today.month, 1)
    with core.batch():
        for pid, was, now in changes:
            partner = core.partners.get(pid)
            if any(a.id == entry_id for a in partner.activities):
                continue  # logged already (here, or by another writer)
            revenue = trailing_revenue(core.deals.facts(pid), month)
            entry = Activity(
                id=entry_id, date=first_day, kind=ActivityKind.NOTE, author=PROGRAM,
                text=tier_change_text(tiers, was, now, revenue, symbol),
            )
            core.partners.put(touched(partner, activities=[*partner.activities, entry]))
            logged.append(pid)
    if logged:
        core.announce({"partners": set(logged)})
    return logged
