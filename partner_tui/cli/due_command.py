"""`partner-tui due`: what is overdue and due in the next days, for a person, cron or a
script. The dashboard's own rule (domain/due_list.py), looked ahead --days days.

Exit 0 whether or not anything is due (a good run); 1 only when the file cannot be read.
So `cron` can mail or notify-send what it prints (docs/bridges.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from partner_tui.cli import json_output, partner_text
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import say
from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.speedups.collector import off_while_reading

if TYPE_CHECKING:
    from partner_tui.domain.deals import Deal
    from partner_tui.domain.due_list import DueItem
    from partner_tui.domain.partner import Partner
    from partner_tui.domain.program import ProgramRules
    from partner_tui.speedups.file_board import FileBoard
    from partner_tui.store.partner_store import PartnerStore
    from partner_tui.store.records.cards import PartnerCard


def may_be_due(store: PartnerStore, until: date) -> Iterator[Partner]:
    """The partners that can have something due by `until`, read in full one at a time,
    in board order; the others are told apart from their cards alone (10,000 full models
    are slow to build and big to hold)."""
    from partner_tui.domain.due_list import next_action_item

    for stage in PIPELINE:  # an archived partner has nothing due
        for card in store.partners.column_cards(stage):
            if stage is Stage.ACTIVE or next_action_item(card, until) is not None:
                yield store.partners.get(card.id)


class DueSource(Protocol):
    """Where `due` reads: the store (StoreDue), or a file known valid read as cards
    (speedups/file_board.FileBoard)."""

    def cards(self) -> Iterable[PartnerCard]: ...
    def card(self, partner_id: str) -> PartnerCard: ...
    def active_due(self, card: PartnerCard, until: date) -> list[DueItem]: ...
    def quiet_after(self, stage: Stage) -> int: ...
    def rules(self) -> ProgramRules: ...
    def open_registrations(self) -> list[Deal]: ...


class StoreDue:
    """The store as a DueSource: an active partner's items from its full model."""

    def __init__(self, store: PartnerStore) -> None:
        self._store = store

    def cards(self) -> Iterable[PartnerCard]:
        return self._store.partners.cards()

    def card(self, partner_id: str) -> PartnerCard:
        return self._store.partners.card(partner_id)

    def active_due(self, card: PartnerCard, until: date) -> list[DueItem]:
        from partner_tui.domain.due_list import due_items

        return due_items(self._store.partners.get(card.id), until, until=until)

    def quiet_after(self, stage: Stage) -> int:
        return self.rules().quiet_after(stage.value)

    def rules(self) -> ProgramRules:
        return self._store.program.settings().rules

    def open_registrations(self) -> list[Deal]:
        return self._store.deals.open_registrations()


def due_by_cards(due: DueSource, today: date, until: date) -> list[DueItem]:
    """Everything due by `until`, by the dashboard's rule (domain/due_list.py): a next
    action read from the card, the cadence of an active partner from its record, and
    each partner gone quiet as of `today` (the figures' rule)."""
    # Imported here, and rules on plain values: no models (pydantic) unless a deal
    # registration is open (docs/cli-speed.md).
    from partner_tui.domain.due_list import next_action_item, quiet_item
    from partner_tui.domain.quiet import last_touch_from_record, quiet_of

    items: list[DueItem] = []
    for card in due.cards():
        if card.on_board:  # quiet as of today: the figures' rule (domain/quiet.py)
            quiet = quiet_of(last_touch_from_record(card.record), due.quiet_after(card.stage), today)
            # Its name (cleaned as read) only for a quiet partner's item.
            found = quiet_item(card.id, card.company, quiet) if quiet.quiet_since else None
            if found is not None:
                items.append(found)
        if card.stage is Stage.ACTIVE:
            items.extend(due.active_due(card, until))
        else:
            item = next_action_item(card, until)
            if item is not None:
                items.append(item)
    items.extend(registration_items(due, today))
    items.sort(key=lambda item: item.sort_key)
    return items


def registration_items(due: DueSource, today: date) -> list[DueItem]:
    """Each open registration whose protection ends within the rules' warning days
    (domain/registration.expiring), whatever --days says: time to extend it or let go."""
    opened = due.open_registrations()
    if not opened:
        return []
    from partner_tui.domain.due_list import registration_item
    from partner_tui.domain.registration import expiring

    return [
        registration_item(due.card(soon.deal.partner_id).company, soon)
        for soon in expiring(opened, due.rules(), today)
    ]


def due_document(due: DueSource, today: date, days: int) -> dict[str, Any]:
    """`due --json`: everything overdue and due within `days` days of `today`."""
    until = today + timedelta(days=days)
    items = due_by_cards(due, today, until)
    cards = {item.partner_id: due.card(item.partner_id) for item in items}
    return {
        "today": today.isoformat(),
        "until": until.isoformat(),
        "days": days,
        "items": [json_output.due_entry(i, today, cards[i.partner_id]) for i in items],
    }


@off_while_reading  # read, print, end: see speedups/collector.py
def run_due(db: Path, days: int, as_json: bool) -> int:
    from partner_tui.speedups.due_plan import planned_text
    from partner_tui.speedups.printed_cache import keep_text, kept_printed

    today = clock.today()
    query = f"due --days {days}" + (" --json" if as_json else "")
    # The same query on the same file (its stamp unchanged) and day: what it printed, as
    # kept (speedups/printed_cache.py), without reading the file.
    kept = kept_printed(db, query, today) if db.exists() else None
    if kept is not None:
        _print(kept, as_json)
        return 0
    # Any query on any day, of a file planned (its stamp unchanged): the rules' items as
    # kept for the file, the day filled in (speedups/due_plan.py).
    planned = planned_text(db, today, days, as_json) if db.exists() else None
    if planned is not None:
        text, file, digest = planned
        keep_text(file, digest, today, query, text)
        _print(text, as_json)
        return 0
    # A file known valid as a whole is read as cards (see run_list); any other through
    # the store, which checks it and remembers it for next time.
    # What `due` reads of it as kept (speedups/board_cache.py), else the whole file.
    from partner_tui.speedups.file_board import kept_board, known_valid_board

    kept_cards = kept_board(db, with_deals=True) if db.exists() else None
    board = kept_cards or (known_valid_board(db) if db.exists() else None)
    if board is not None:
        # Planned from the kept board only: the whole file is read on the first call
        # after a change, and a plan costs a few such calls to make, paid back only when
        # the file is asked again (another day, another query): then the kept board is.
        planned = _planned_report(board, today, days, as_json) if kept_cards is not None else None
        text = planned if planned is not None else report_text(board, today, days, as_json)
        if planned is None:  # (a plan kept is what the next call reads: a second write of
            keep_text(board.file, board.digest, today, query, text)  # megabytes saved)
        _print(text, as_json)
        return 0
    with open_existing(db, read_only=True) as store:
        _print(report_text(StoreDue(store), today, days, as_json), as_json)
    return 0


def _planned_report(board: FileBoard, today: date, days: int, as_json: bool) -> str | None:
    """report_text of a file known valid (`board`), printed from its plan, which is kept
    for any next `due` on any day up to its horizon (speedups/due_plan.py): the next call
    reads it and keeps what it printed; None when it has none (a file with deals)."""
    from partner_tui.speedups import due_plan

    if days < 0:  # (never asked) a quiet item past `until` prints: left to the rules
        return None
    form = "json" if as_json else "report"  # (the other is made when it is asked)
    plan = due_plan.plan_of_board(board, today, due_plan.horizon_of(today, days), (form,),
                                  last_day=due_plan.last_day_of(today))
    if plan is None:
        return None
    due_plan.keep_plan(board.file, board.digest, plan)
    part = due_plan.PlanPart.of_text(plan[form])
    try:
        return due_plan.report_text(part, today, days, as_json)
    except (TypeError, ValueError, IndexError, OverflowError):  # (left to the rules)
        return None


def report_text(due: DueSource, today: date, days: int, as_json: bool) -> str:
    """What `due` prints: the JSON document's text, or the report's lines (say() escapes
    them as it prints)."""
    if as_json:
        return json_output.json_text(due_document(due, today, days))
    items = due_by_cards(due, today, today + timedelta(days=days))
    return "\n".join(partner_text.due_report(items, today, days))


def _print(text: str, as_json: bool) -> None:
    if as_json:
        json_output.print_text(text)
    else:
        say(text)
