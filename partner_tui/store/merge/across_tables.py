"""What a merge settles across tables, after merging each table record by record.

- a partner deleted on one side while the other registered a deal for it is kept,
  archived, with a note (merge_orphans.py): a deal never points at nobody;
- one customer domain registered on both sides: both deals kept, the later one noted
  (merge_registrations.py);
- one partner and period paid on both sides: paid once (merge_payments.py).
Every note goes into the partner's activity log and into the result's clashes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partner_tui.domain.program import ProgramRules
from partner_tui.store.merge.notes import logged
from partner_tui.store.merge.orphans import kept_partners
from partner_tui.store.merge.payments import settle_payments
from partner_tui.store.merge.registrations import log_registration_notes, registration_notes
from partner_tui.store.merge.result import Clash, Data, MergeResult
from partner_tui.store.records.settings import settings_of_table

Table = dict[str, dict[str, Any]]


def settle_across_tables(
    base: Data, ours: Data, theirs: Data, result: MergeResult, day: date, author: str | None
) -> None:
    """Settle result.data (each table already merged) in place of its tables."""
    _keep_partners_of_deals(base, ours, theirs, result, day, author)
    _note_registrations(base, ours, theirs, result, day, author)
    _settle_payments(base, ours, theirs, result, day, author)


def _note_registrations(
    base: Data, ours: Data, theirs: Data, result: MergeResult, day: date, author: str | None
) -> None:
    """Deals added on both sides for one customer domain: both kept, the later one noted in
    its partner's log (merge_registrations.py)."""
    deals = _table(result.data, "deals")
    try:
        rules = settings_of_table(_table(result.data, "settings")).rules
    except ValueError:  # a merged file is valid; belt and braces: the default window
        rules = ProgramRules()
    notes = registration_notes(
        _table(base, "deals"), _table(ours, "deals"), _table(theirs, "deals"), deals,
        _table(result.data, "partners"), rules, day,
    )
    if not notes:
        return
    partners = dict(_table(result.data, "partners"))  # never the inputs' own table
    changed = log_registration_notes(notes, partners, day, author)
    result.data["partners"] = partners
    result.changed.setdefault("partners", set()).update(changed)
    for key, _partner, text in notes:
        deal = deals[key]
        domain = deal.get("customer_domain")
        result.clashes.append(
            Clash("deals", key, str(deal.get("customer", "")), "", domain, domain, text)
        )


def _keep_partners_of_deals(
    base: Data, ours: Data, theirs: Data, result: MergeResult, day: date, author: str | None
) -> None:
    """A partner deleted on one side while a deal was registered for it on the other is
    kept, archived (merge_orphans.py)."""
    kept = kept_partners(
        _table(base, "partners"), _table(ours, "partners"), _table(theirs, "partners"),
        _table(result.data, "partners"), _table(result.data, "deals"),
    )
    if not kept:
        return
    partners = dict(_table(result.data, "partners"))
    notes = []
    for record, text in kept:
        key = str(record["id"])
        partners[key] = record
        if _table(ours, "partners").get(key) is not record:
            result.changed.setdefault("partners", set()).add(key)
        notes.append((key, key, text))
    result.data["partners"] = partners
    _log_notes(result, "partners", notes, day, author)


def _settle_payments(
    base: Data, ours: Data, theirs: Data, result: MergeResult, day: date, author: str | None
) -> None:
    """One partner and period paid on both sides: paid once (merge_payments.py)."""
    settled = settle_payments(
        _table(base, "payments"), _table(ours, "payments"), _table(theirs, "payments"),
        _table(result.data, "partners"),
    )
    if not settled.dropped:
        return
    kept = _table(result.data, "payments")
    result.data["payments"] = {k: v for k, v in kept.items() if k not in settled.dropped}
    dropped_ours = settled.dropped & _table(ours, "payments").keys()
    if dropped_ours:
        result.changed.setdefault("payments", set()).update(dropped_ours)
    _log_notes(result, "payments", settled.notes, day, author)


def _log_notes(
    result: MergeResult, table: str, notes: list[tuple[str, str, str]], day: date,
    author: str | None,
) -> None:
    """Each (partner id, record key, text) written into the partner's log and reported."""
    if not notes:
        return
    partners = dict(_table(result.data, "partners"))  # never the inputs' own table
    for partner_id, key, text in notes:
        record = partners.get(partner_id)
        if record is not None:
            partners[partner_id] = logged(record, "activities", [text], day, author)
            result.changed.setdefault("partners", set()).add(partner_id)
        name = str((record or {}).get("company", ""))
        result.clashes.append(Clash(table, key, name, "", None, None, text))
    result.data["partners"] = partners


def _table(data: Data, name: str) -> Table:
    table = data.get(name)
    return table if isinstance(table, dict) else {}
