"""The app's work after opening, off the UI thread: what the first keys will need.

pydantic builds each model's validator and serializer on first use (the models defer
it, or importing them would slow every start): ~45 ms that the first move would pay.
The save path wants every record's bytes serialized once (at 10,000 partners, ~50 ms
off the first save of a session), the filter wants every card's search text, and the
Payouts screen every deal's months and cents (store/records/deal_table.py). All
of it is done here, slice by slice, calling `pause` between slices (the app makes it
wait while the screen answers a key). Only speed is at stake: nothing here changes what
the store holds, and any step that fails is simply skipped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from partner_tui.domain import clock
from partner_tui.domain.partner import Partner, StageChange, new_partner
from partner_tui.domain.stages import Stage
from partner_tui.speedups.collector import while_indexing_deals
from partner_tui.speedups.heap import give_back_freed
from partner_tui.store.file.serialize import record_bytes
from partner_tui.store.records.stored_form import dump_partner

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore

SERIALIZE_SLICE = 500
SEARCH_TEXT_SLICE = 500


def warm_up(store: PartnerStore, pause: Callable[[], None]) -> None:
    """StoreHooks.after_open. In the order the first keys are likely pressed: a move
    (the models), its save (the serializer's cache), a filter (every card's text), then
    the payouts (every deal's facts)."""
    pause()
    records = store.partners.count() + store.deals.count()
    give_back_freed(records)  # what the open's parse and record check freed
    with contextlib.suppress(Exception):
        warm_models(store)
    if not store.read_only:
        with contextlib.suppress(Exception):
            warm_serializer(store, pause)
    prime_search_text(store, pause)
    with contextlib.suppress(Exception), while_indexing_deals(store.deals.count()):
        # Last: the Payouts screen and the dashboard read every deal's months and cents.
        store.payouts.warm_deals(pause)
    with contextlib.suppress(Exception):
        # The dashboard's Warm intros and the cards' intro counts: every partner's list
        # against ours, compared once (kept until a list changes).
        pause()
        store.accounts.overlaps(store.partners)
    give_back_freed(records)  # what serializing every record to compare it freed


def warm_models(store: PartnerStore) -> None:
    """Validate a stored record and serialize a moved copy of it, both thrown away."""
    cards = store.partners.cards()
    partner = Partner.model_validate(cards[0].record) if cards else new_partner("warm-up")
    history = [*partner.stage_history, StageChange(stage=Stage.ENGAGE, entered_at=clock.now())]
    moved = partner.model_copy(
        update={"stage": Stage.ENGAGE, "stage_history": history, "updated_at": clock.now()}
    )
    dump_partner(moved)


def warm_serializer(
    store: PartnerStore, pause: Callable[[], None], slice_size: int = SERIALIZE_SLICE
) -> None:
    """Put every record in the file's order once, so the first save of a session only
    looks for what changed, like later saves do: a table the opened file holds exactly
    as a save would write it is kept as where it is in that file, not as bytes (at
    100,000 deals those were ~75 MB); any other is serialized. Outside the store's lock
    but for handing each table over; what changes meanwhile is serialized here, slice by
    slice, or by the save that comes first."""
    # At 100,000 deals putting 110,000 records in order took the first save ~0.3 s.
    store.prepare_save(pause)
    items = store.records_to_serialize()
    for start in range(0, len(items), slice_size):
        pause()
        store.keep_serialized(
            {
                (name, doc_id): (record, record_bytes(record))
                for name, doc_id, record in items[start : start + slice_size]
            }
        )


def prime_search_text(store: PartnerStore, pause: Callable[[], None]) -> None:
    """Build every card's search text and read its last touch (both kept on the card), so
    the first filter keystroke (`quiet:` too) searches instead of reading 10,000 records."""
    for i, card in enumerate(store.partners.cards()):
        if i % SEARCH_TEXT_SLICE == 0:
            pause()
        card.search_text()
        card.last_touch  # noqa: B018 (read to be kept)
