"""Undo one of this process's changes, as a new change, without undoing anyone else's.

A change remembers each partner (and deal or payment record) it touched as it was before
and as it left it. If the record is still as the change left it, it is simply put back.
If another writer changed it since (their change was merged in), only this change is
taken back: fields they changed since keep their value, and the undo says so
(rebase.take_back). A record this change added that someone has edited since is
kept, and one someone deleted since is not brought back: nothing of theirs is lost.
A partner this change added that has deals now is kept too: its deals never point at
nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from pydantic import ValidationError

from partner_tui.domain import clock
from partner_tui.domain.partner import Partner
from partner_tui.store.merge.notes import label
from partner_tui.store.merge.rebase import take_back
from partner_tui.store.merge.table_rules import spec_for
from partner_tui.store.records.load import CHECKED_MODELS
from partner_tui.store.records.partner_table import PartnerTable
from partner_tui.store.records.stored_form import dump_deal, dump_partner, dump_payment
from partner_tui.store.undo.history import Change

# How a deal or payment is stored (a record taken back is validated, then stored so).
DUMPS: dict[str, Callable[[Any], dict[str, Any]]] = {"deals": dump_deal, "payments": dump_payment}


class RowRecords(Protocol):
    """The tables beside partners (deals, payments: deal_table.DealTable)."""

    def record(self, name: str, record_id: str) -> dict[str, Any] | None: ...
    def put(self, name: str, record: dict[str, Any]) -> dict[str, Any] | None: ...
    def drop(self, name: str, record_id: str) -> dict[str, Any] | None: ...
    def deal_records(self, partner_id: str) -> list[dict[str, Any]]: ...


def undo_change(table: PartnerTable, change: Change, rows: RowRecords | None = None) -> str:
    """Take `change` back (call inside one storage batch); returns what was undone, with
    what was left as it is because someone else changed it since."""
    left: list[str] = []
    if rows is not None:
        left += [note for key in change.rows if (note := _row_back(rows, change, *key))]
    for partner_id, before in change.before.items():
        after = change.after.get(partner_id)
        current = table.raw(partner_id)
        if current is after or current == after:
            # Nobody else changed it since: put it back exactly.
            if before is None:
                if rows is not None and rows.deal_records(partner_id):
                    # Taking back the add would hide its deals from every view.
                    left.append(_has_deals(after, len(rows.deal_records(partner_id))))
                    continue
                table.drop(partner_id)
            else:
                table.put(before)
            continue
        note = _take_back(table, partner_id, before, after, current)
        if note:
            left.append(note)
    if not left:
        return change.label
    return f"{change.label} (not all: {'; '.join(left)})"


def _take_back(
    table: PartnerTable,
    partner_id: str,
    before: Partner | None,
    after: dict[str, Any] | None,
    current: dict[str, Any] | None,
) -> str:
    """Someone else changed the partner after this change: undo only this change."""
    name = _name(before, after, current)
    if current is None:
        return f"{name} was deleted by someone else since"
    if before is None or after is None:
        # Added by this change and edited since, or deleted by it and kept by a merge
        # because someone else changed it: theirs stands.
        return f"{name} was changed by someone else since, so it stays"
    rebased = take_back("partners", dump_partner(before), after, current)
    try:
        partner = Partner.model_validate({**rebased.record, "updated_at": clock.now()})
    except ValidationError:
        return f"{name} was changed by someone else since, so it stays"
    table.put(partner)
    if not rebased.clashes:
        return ""
    fields = ", ".join(label(clash.path) for clash in rebased.clashes)
    return f"{name}: {fields} changed by someone else since, kept"


def _has_deals(record: dict[str, Any] | None, count: int) -> str:
    deals = "a deal" if count == 1 else f"{count} deals"
    return f"{_name(record)} has {deals} registered since, so it stays (archive it with x)"


def _name(*records: Partner | dict[str, Any] | None) -> str:
    for record in records:
        if isinstance(record, Partner):
            return record.company
        if isinstance(record, dict) and isinstance(record.get("company"), str):
            return str(record["company"])
    return "a partner"


def _row_back(rows: RowRecords, change: Change, name: str, record_id: str) -> str:
    """Take back the change to one deal or payment record ('' when all of it)."""
    before = change.rows[(name, record_id)]
    current = rows.record(name, record_id)
    after = change.rows_after.get((name, record_id), current)
    if current is after or current == after:
        if before is None:
            rows.drop(name, record_id)
        else:
            rows.put(name, before)
        return ""
    title = spec_for(name).name_of(record_id, before or after or current)
    if current is None:
        return f"{title} was deleted by someone else since"
    if before is None or after is None:
        return f"{title} was changed by someone else since, so it stays"
    rebased = take_back(name, before, after, current)
    try:
        model = CHECKED_MODELS[name][0].model_validate(rebased.record)
    except ValidationError:
        return f"{title} was changed by someone else since, so it stays"
    if "updated_at" in type(model).model_fields:
        model = model.model_copy(update={"updated_at": clock.now()})
    rows.put(name, DUMPS[name](model))
    if not rebased.clashes:
        return ""
    fields = ", ".join(label(clash.path) for clash in rebased.clashes)
    return f"{title}: {fields} changed by someone else since, kept"
