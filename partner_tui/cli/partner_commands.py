"""The scriptable commands on partners: list, show (read-only) and move, log (through
PartnerStore, exactly as `import`: validation, then the file's lock for the write alone,
what another writer saved meanwhile merged in, an atomic write). All of them work while
the app has the file open.

Text output is for a person; `--json` is for scripts and agents (json_output.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli import json_output, partner_text
from partner_tui.cli.data_file import open_existing
from partner_tui.cli.errors import CommandFailed, UsageMistake, say
from partner_tui.cli.partner_lookup import find_partner
from partner_tui.domain import clock
from partner_tui.domain.stages import PIPELINE, Stage

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner


def run_list(db: Path, stage: str | None, as_json: bool) -> int:
    # Board order: stage by stage (archived last), each column in its own order.
    stages = [Stage(stage)] if stage is not None else [*PIPELINE, Stage.ARCHIVED]
    with open_existing(db, read_only=True) as store:
        cards = [card for s in stages for card in store.partners.column_cards(s)]
    if as_json:
        json_output.print_json({"partners": [json_output.partner_summary(c) for c in cards]})
        return 0
    lines = partner_text.partner_table(cards, clock.today())
    say("\n".join(lines) if lines else f"No partners{f' in {stage}' if stage else ''}.")
    return 0


def run_show(db: Path, partner: str, as_json: bool) -> int:
    from partner_tui.domain.due_list import due_items

    today = clock.today()
    with open_existing(db, read_only=True) as store:
        found = store.partners.get(find_partner(store, partner))
        card = store.partners.card(found.id)
        currency = store.program.settings().currency_symbol
    due = sorted(due_items(found, today), key=lambda item: item.sort_key)
    if as_json:
        json_output.print_json({
            "partner": json_output.partner_record(found),
            "summary": json_output.partner_summary(card),
            "due": [json_output.due_entry(item, today) for item in due],
            "roi": None if found.roi is None else format(found.roi, "f"),
            "payout": format(found.payout, "f"),
        })
        return 0
    say("\n".join(partner_text.partner_details(found, due, today, currency)))
    return 0


def run_move(db: Path, partner: str, stage_name: str, reason: str | None, as_json: bool) -> int:
    from partner_tui.domain.stages import ArchiveReason

    stage = Stage(stage_name)
    if stage is Stage.ARCHIVED and reason is None:
        raise UsageMistake("moving to archived needs --reason declined|paused|churned")
    if reason is not None and stage is not Stage.ARCHIVED:
        raise UsageMistake("--reason goes with the stage archived only")
    with open_existing(db, read_only=False) as store:
        before = store.partners.get(find_partner(store, partner))
        if stage is Stage.ARCHIVED:
            assert reason is not None
            after = store.partners.archive(before.id, ArchiveReason(reason))
        else:
            after = store.partners.move(before.id, stage)
        card = store.partners.card(after.id)
    changed = after.stage is not before.stage or after.archive_reason != before.archive_reason
    if as_json:
        json_output.print_json({
            "partner": json_output.partner_summary(card),
            "from": before.stage.value,
            "to": after.stage.value,
            "changed": changed,
        })
    elif changed:
        say(f"Moved {partner_text.line(after.company)} from {before.stage.label} to "
            f"{after.stage.label}.")
    else:
        say(f"{partner_text.line(after.company)} is already in {after.stage.label}; "
            "nothing changed.")
    return 0


def run_log(db: Path, partner: str, text: str, kind: str, day: str | None, as_json: bool) -> int:
    from pydantic import ValidationError

    from partner_tui.domain.errors import one_line
    from partner_tui.domain.partner import Activity, ActivityKind

    when = _day(day) if day is not None else clock.today()
    if not text.strip():
        raise UsageMistake("TEXT is empty: say what happened")
    try:
        activity = Activity(date=when, kind=ActivityKind(kind), text=text.strip())
    except ValidationError as exc:
        raise CommandFailed(f"the activity cannot be logged: {one_line(exc)}") from None
    with open_existing(db, read_only=False) as store:
        found: Partner = store.partners.get(find_partner(store, partner))
        found = store.partners.update(
            found.model_copy(update={"activities": [*found.activities, activity]}),
            label=f"log {kind} on {found.company}",
        )
        card = store.partners.card(found.id)
    if as_json:
        json_output.print_json({
            "partner": json_output.partner_summary(card),
            "activity": json_output.activity_entry(activity),
        })
    else:
        say(f"Logged a {kind} on {partner_text.line(found.company)} ({when.isoformat()}).")
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageMistake(f"--date {text!r} is not a date (use YYYY-MM-DD)") from None
