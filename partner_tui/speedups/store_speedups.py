"""The speedups, wired into a store: what the command line and the app pass to PartnerStore.

    PartnerStore(path, hooks=store_speedups(pause=wait_until_the_screen_answered))

Everything here only saves time; a store opened without it is as correct and safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from partner_tui.speedups.board_preview import remember_board
from partner_tui.speedups.collector import while_reading
from partner_tui.speedups.heap import give_back_freed
from partner_tui.speedups.kept_json_partners import carry_texts
from partner_tui.speedups.known_valid import not_known_valid, remember_valid
from partner_tui.speedups.warm_up import warm_up
from partner_tui.store.hooks import StoreHooks, no_pause

if TYPE_CHECKING:
    from partner_tui.store.partner_store import PartnerStore


def store_speedups(pause: Callable[[], None] | None = None) -> StoreHooks[PartnerStore]:
    """Every speedup, for one store. pause: called between slices of the store's
    background work (the app passes one that waits while the screen answers a key)."""
    pause = pause or no_pause
    return StoreHooks(
        reading=while_reading,
        not_known_valid=functools.partial(not_known_valid, pause=pause),
        pause=pause,
        after_open=functools.partial(warm_up, pause=pause),
        closing=remember_for_next_start,
    )


def remember_for_next_start(store: PartnerStore) -> None:
    """StoreHooks.closing: the records known valid (and `list --json`'s kept entries,
    `list` and `due`'s kept board, `list`'s tables, `due`'s plan, the JSON export's
    partners' texts and `show`'s record spans carried to the file written:
    kept_figures.carry_forward, board_cache.carry_board, list_table.carry_tables,
    due_plan.carry_plan, kept_json_partners.carry_texts, record_spans.carry_spans, and
    the Markdown report kept for the month: report_carry.carry_report), then the board's
    first screen."""
    # The close hashes every record and keeps the board: it grows from what the session
    # left free in the heap, not on top of it (speedups/heap.py).
    give_back_freed(store.partners.count() + store.deals.count())
    written = remember_valid(store)
    if written is not None:
        from partner_tui.domain import clock
        from partner_tui.speedups.board_cache import carry_board
        from partner_tui.speedups.kept_figures import carry_forward, inputs_keys
        from partner_tui.speedups.record_spans import carry_spans
        from partner_tui.speedups.report_carry import carry_report
        from partner_tui.store.records.load import held_tables

        today = clock.today()
        # Every partner's inputs' key, worked out once for what needs them.
        keys = functools.cache(functools.partial(inputs_keys, store, written))
        carry_forward(store, written, today, keys)
        tables = held_tables(store.storage)
        carried = carry_board(store.file, written.digest, tables)
        if carried is not None:  # (the partners changed since the board kept: few)
            from partner_tui.speedups.due_plan import carry_plan
            from partner_tui.speedups.list_table import carry_tables

            carry_tables(store.file, carried, written.digest, tables)
            carry_plan(store.file, carried, written.digest, tables)
        carry_texts(store, written)  # the JSON export's partners' texts
        carry_spans(store, written.digest)  # show's record spans
        carry_report(store, written, keys, today)  # the Markdown report kept for the month
    remember_board(store)
