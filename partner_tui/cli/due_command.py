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
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import say
from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, Stage

if TYPE_CHECKING:
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Partner
    from partner_tui.store.partner_store import PartnerStore


def may_be_due(store: PartnerStore, until: date) -> Iterator[Partner]:
    """The partners that can have something due by `until`, read in full one at a time,
    in board order; the others are told apart from their cards alone (10,000 full models
    are slow to build and big to hold)."""
    from partner_tui.domain.due_list import next_action_item

    for stage in PIPELINE:  # an archived partner has nothing due
        for card in store.column_cards(stage):
            if stage is Stage.ACTIVE or next_action_item(card, until) is not None:
                yield store.get(card.id)


def due_by_cards(store: PartnerStore, today: date, until: date) -> list[DueItem]:
    """Everything due by `until`, by the dashboard's rule (domain/due_list.py): a next
    action read from the card, the cadence of an active partner from its full record."""
    # Imported here: the models bring pydantic, which opening the app does without.
    from partner_tui.domain.deal_facts import last_touch_from_record
    from partner_tui.domain.due_list import due_items, next_action_item, quiet_item
    from partner_tui.domain.partner_figures import quiet_of

    items: list[DueItem] = []
    rules = store.settings().rules
    for card in store.cards():
        if card.on_board:  # quiet as of today: the figures' rule (partner_figures.quiet_of)
            quiet = quiet_of(
                last_touch_from_record(card.record), rules.quiet_after(card.stage.value), today
            )
            found = quiet_item(card.id, card.company, quiet)
            if found is not None:
                items.append(found)
        if card.stage is Stage.ACTIVE:
            items.extend(due_items(store.get(card.id), today, until=until))
        else:
            item = next_action_item(card, until)
            if item is not None:
                items.append(item)
    items.sort(key=lambda item: item.sort_key)
    return items


def run_due(db: Path, days: int, as_json: bool) -> int:
    today = clock.today()
    until = today + timedelta(days=days)
    with open_existing(db, read_only=True) as store:
        items = due_by_cards(store, today, until)
        cards = {item.partner_id: store.card(item.partner_id) for item in items}
    if as_json:
        json_output.print_json({
            "today": today.isoformat(),
            "until": until.isoformat(),
            "days": days,
            "items": [json_output.due_entry(i, today, cards[i.partner_id]) for i in items],
        })
        return 0
    say("\n".join(partner_text.due_report(items, today, days)))
    return 0
