"""`import` run again: rows matched to the partners the file holds are updated, not added
(exchange/partner_matching.py), and the command says what was added, updated and left as
it was. Data from the file passes through `line` (for_terminal) before it is printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partner_tui.cli.partner_text import line
from partner_tui.domain import clock
from partner_tui.domain.money import format_money
from partner_tui.domain.partner import Activity
from partner_tui.exchange.partner_matching import (
    ImportPlan,
    MatchedRow,
    plan_import,
    shown_value,
)

if TYPE_CHECKING:
    from partner_tui.domain.partner import Partner
    from partner_tui.exchange.csv_import import ParsedCSV
    from partner_tui.store.partner_store import PartnerStore

SHOWN = 20
# An activity holds 10,000 characters; a replaced value (long notes) is cut to fit.
NOTE_ROOM = 9_000


def import_plan(parsed: ParsedCSV, existing: list[Partner]) -> ImportPlan:
    rows = list(zip(parsed.lines, parsed.partners, parsed.ids or [""] * len(parsed.lines),
                    strict=True))
    return plan_import(rows, existing)


def apply_import(store: PartnerStore, parsed: ParsedCSV, file: Path) -> ImportPlan:
    """Add the new rows and update the matched partners, in one write. A value an update
    replaces is written into the partner's log, as a merge does: nothing is lost."""
    plan = import_plan(parsed, store.partners.all())
    with store.batch():
        if plan.added:
            store.partners.add_many([partner for _, partner in plan.added])
        for row in plan.updated:
            replaced = [
                Activity(text=f"import of {file.name}: {c.field.replace('_', ' ')} was "
                              f"{shown_value(c.before)[:NOTE_ROOM]}", date=clock.today(),
                         author=store.author())
                for c in row.changes
                if c.before not in (None, "") and c.field != "crm_id"
            ]
            partner = row.partner.model_copy(
                update={"activities": [*row.partner.activities, *replaced]}
            )
            store.partners.update(partner, label=f"import {row.partner.company}")
    return plan


def summary(plan: ImportPlan) -> list[str]:
    """The lines after 'Imported N partners': what was matched."""
    out = []
    if plan.updated:
        count = len(plan.updated)
        names = ", ".join(line(r.partner.company) for r in plan.updated[:5])
        more = f" and {count - 5} more" if count > 5 else ""
        out.append(f"Updated {count} partner{'s' if count != 1 else ''} already in the file: "
                   f"{names}{more}.")
    if plan.unchanged:
        count = len(plan.unchanged)
        out.append(f"{count} partner{'s' if count != 1 else ''} already in the file and "
                   "unchanged.")
    return out


def _change_text(row: MatchedRow, currency: str) -> str:
    def money(value: object) -> str:
        return format_money(value, currency)  # type: ignore[arg-type]

    return "; ".join(
        f"{c.field.replace('_', ' ')}: {shown_value(c.before, money)} -> "
        f"{shown_value(c.after, money)}"
        for c in row.changes
    )


def dry_run_matches(plan: ImportPlan, db: Path, currency: str) -> list[str]:
    """The dry run's lines about partners the file holds already."""
    out: list[str] = []
    if plan.updated:
        count = len(plan.updated)
        out.append(f"Would update {count} partner{'s' if count != 1 else ''} in "
                   f"{line(str(db))}:")
        for row in plan.updated[:SHOWN]:
            out.append(f"  line {row.line:<5} {line(row.partner.company)} (matched by "
                       f"{row.matched_by}) — " + line(_change_text(row, currency)))
        if count > SHOWN:
            out.append(f"  ... and {count - SHOWN} more")
    if plan.unchanged:
        count = len(plan.unchanged)
        listed = ", ".join(str(r.line) for r in plan.unchanged[:SHOWN])
        more = f" and {count - SHOWN} more" if count > SHOWN else ""
        out.append(f"Unchanged: {count} partner{'s' if count != 1 else ''} already in the "
                   f"file (line{'s' if count != 1 else ''} {listed}{more}).")
    return out
