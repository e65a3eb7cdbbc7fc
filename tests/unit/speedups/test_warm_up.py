"""The app's work after opening (speedups/warm_up.py): it only ever saves time, and it
runs once the records have passed their check."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson

from partner_tui.domain.partner import new_partner
from partner_tui.speedups.warm_up import prime_search_text, warm_serializer, warm_up
from partner_tui.store.file.serialize import dumps
from partner_tui.store.hooks import StoreHooks
from partner_tui.store.partner_store import PartnerStore


def test_warming_in_slices_gives_the_bytes_a_save_writes(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}", notes="x\ny") for i in range(7)])
    with PartnerStore(db_path) as store:  # write-through: the change is saved in the pause
        pauses: list[int] = []
        replaced: list[str] = []

        def pause() -> None:
            pauses.append(1)
            if len(pauses) == 1:  # a change lands while the warm-up is half done
                card = store.partners.cards()[0]
                store.partners.update(store.partners.get(card.id).model_copy(update={"notes": "edited"}))
                replaced.append(card.id)

        warm_serializer(store, pause, slice_size=3)
        # The table put in the file's order (one pause); the record changed meanwhile was
        # serialized by its own save.
        assert len(pauses) == 1
        assert store.records_to_serialize() == []
        store.flush()
    raw = db_path.read_bytes()
    assert raw == dumps(orjson.loads(raw))
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.get(replaced[0]).notes == "edited"


def test_the_warm_up_runs_after_the_check_and_primes_every_search_text(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}", notes="APIs") for i in range(5)])
    warmed: list[PartnerStore] = []
    done = threading.Event()

    def after_open(store: PartnerStore) -> None:
        assert store.records_checked  # never before the verdict
        warm_up(store, lambda: None)
        warmed.append(store)
        done.set()

    store = PartnerStore(
        db_path, write_behind=True, verify_in_background=True,
        hooks=StoreHooks(after_open=after_open),
    )
    try:
        assert not done.is_set()  # nothing runs before the app's first frame asks for it
        store.start_background()
        assert store.wait_verified(10) and done.wait(10)
        assert warmed == [store]
        assert all(card._search is not None for card in store.partners.cards())
        assert store.records_to_serialize() == []  # the first save reuses every record's bytes
    finally:
        store.close()


def test_a_warm_up_that_fails_costs_nothing_but_time(db_path: Path) -> None:
    def broken(store: PartnerStore) -> None:
        raise RuntimeError("a bug in a speedup")

    with PartnerStore(db_path) as store:
        first = store.partners.add(new_partner("A"))
    store = PartnerStore(
        db_path, write_behind=True, verify_in_background=True, hooks=StoreHooks(after_open=broken)
    )
    try:
        assert store.wait_verified(10)
        store.partners.delete(first.id)
        store.flush()
    finally:
        store.close()
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.count() == 0


def test_priming_search_text_pauses_between_slices(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}") for i in range(3)])
        pauses: list[int] = []
        prime_search_text(store, lambda: pauses.append(1))
        assert pauses == [1]  # one slice of up to 500 cards
        assert all(card._search is not None for card in store.partners.cards())
