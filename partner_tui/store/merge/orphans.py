"""A deal never outlives its partner unseen.

One copy of the file deletes a partner (an undone quick add, a delete) while the other
registers a deal for it: merged, the deal would point at nobody and drop out of every
view, payout and export. Instead the merge keeps the partner, archived (off the board,
in the archive, where its deals and payouts show), with a note in its log saying why.

Pure, like merge.py, and the same whichever side is "ours".
"""

from __future__ import annotations

from typing import Any

from partner_tui.store.file.entry_ids import derived_id
from partner_tui.store.merge.notes import MERGE_PREFIX
from partner_tui.store.merge.value_rules import instant

Table = dict[str, dict[str, Any]]
# The reason an archived partner kept this way shows: nobody declined or churned.
REASON = "paused"
BOARD = ("prospect", "engage", "negotiate", "active")


def kept_partners(
    base: Table, ours: Table, theirs: Table, partners: Table, deals: Table
) -> list[tuple[dict[str, Any], str]]:
    """(the partner's record, archived, and the note for its log) for every partner a side
    deleted that a merged deal still names. Tables: `partners` of base, ours, theirs and
    merged; merged `deals`."""
    orphans: dict[str, list[dict[str, Any]]] = {}
    for deal in deals.values():
        partner_id = str(deal.get("partner_id", ""))
        if partner_id and partner_id not in partners:
            orphans.setdefault(partner_id, []).append(deal)
    kept = []
    for partner_id, its_deals in sorted(orphans.items()):
        record = ours.get(partner_id) or theirs.get(partner_id) or base.get(partner_id)
        if not isinstance(record, dict):
            continue  # never in any copy: not ours to make up (the deal says whose it is)
        kept.append((_archived(partner_id, record, its_deals), _text(its_deals)))
    return kept


def _archived(partner_id: str, record: dict[str, Any], deals: list[dict[str, Any]]) -> dict[str, Any]:
    if record.get("stage") == "archived":
        return record
    # When: the latest of its own last change and its deals' registrations, so the
    # archive entry is the same whichever side is "ours" (and follows the history).
    when = max((record.get("updated_at"), *(d.get("created_at") for d in deals)), key=instant)
    history = record.get("stage_history")
    history = list(history) if isinstance(history, list) else []
    entry_id = derived_id(partner_id, "kept-archived", when)
    history.append({"id": entry_id, "stage": "archived", "entered_at": when})
    stage = record.get("stage", "prospect")
    return {
        **record,
        "stage": "archived",
        "archive_reason": REASON,
        "archived_from": stage if stage in BOARD else "prospect",
        "stage_history": history,
        "updated_at": when,
    }


def _text(deals: list[dict[str, Any]]) -> str:
    customers = sorted({str(d.get("customer", "?")) for d in deals})
    listed = ", ".join(customers[:3]) + (f" and {len(customers) - 3} more" if len(customers) > 3 else "")
    plural = "deals" if len(deals) > 1 else "a deal"
    return (
        f"{MERGE_PREFIX}deleted on one copy of the file while {plural} ({listed}) was "
        "registered for it on the other: kept, archived, so no deal is hidden"
    )
