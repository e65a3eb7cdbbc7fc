"""`partner-tui due`: what is overdue and due in the next days, for a person, cron or a
script. The dashboard's own rule (domain/due_list.py), looked ahead --days days.

Exit 0 whether or not anything is due (a good run); 1 only when the file cannot be read.
So `cron` can mail or notify-send what it prints (README: *Bridges*).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli import json_output, partner_text
from partner_tui.cli.data_commands import open_existing
from partner_tui.cli.errors import say
from partner_tui.domain import clock
from partner_tui.domain.stages import Stage

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner
    from partner_tui.store.partner_store import PartnerStore


def may_be_due(store: PartnerStore, until: date) -> Iterator[Partner]:
    """The partners that can have something due by `until`, read in full; the others are
    told apart from their cards alone (10,000 full models are slow to build). The due
    rule itself (domain/due_list.py) then decides, as the dashboard's does."""
    for card in store.cards():
        day = card.next_action_date
        dated = day is not None and day <= until and card.stage is not Stage.ARCHIVED
        if dated or card.stage is Stage.ACTIVE:  # active: the cadence may be due
            yield store.get(card.id)


def run_due(db: Path, days: int, as_json: bool) -> int:
    from partner_tui.domain.due_list import due_by

    today = clock.today()
    until = today + timedelta(days=days)
    with open_existing(db, read_only=True) as store:
        partners = {p.id: p for p in may_be_due(store, until)}
    items = due_by(partners.values(), today, until)
    if as_json:
        json_output.print_json({
            "today": today.isoformat(),
            "until": until.isoformat(),
            "days": days,
            "items": [json_output.due_entry(i, today, partners[i.partner_id]) for i in items],
        })
        return 0
    say("\n".join(partner_text.due_report(items, today, days)))
    return 0
