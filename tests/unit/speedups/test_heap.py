"""Freed memory handed back to the system (speedups/heap.py): for a big store only, after
the open, after the warm-up and before the close hashes every record; never an error."""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from partner_tui import os_compat
from partner_tui.domain.partner import new_partner
from partner_tui.os_compat import memory
from partner_tui.speedups import heap
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.speedups.warm_up import warm_up
from partner_tui.store.partner_store import PartnerStore


@pytest.fixture
def trims(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Each call of malloc_trim, recorded instead of made."""
    calls: list[int] = []

    def trim(pad: int) -> int:
        calls.append(pad)
        return 1

    monkeypatch.setattr(memory, "malloc_trim", lambda: trim)
    yield calls


def test_only_a_big_store_is_trimmed(trims: list[int]) -> None:
    heap.give_back_freed(heap.TRIM_FROM_RECORDS - 1)
    assert trims == []
    heap.give_back_freed(heap.TRIM_FROM_RECORDS)
    assert trims == [0]  # 0: every free page, none kept at the heap's top


def test_without_malloc_trim_nothing_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "malloc_trim", lambda: None)
    assert heap.give_back_freed(heap.TRIM_FROM_RECORDS) is None


def test_no_trim_where_the_system_is_not_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os_compat, "LINUX", False)
    memory.malloc_trim.cache_clear()
    try:
        assert memory.malloc_trim() is None
        memory.trim_heap()  # nothing to call, nothing raised
    finally:
        memory.malloc_trim.cache_clear()


def test_a_failing_trim_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(pad: int) -> int:
        raise OSError("no")

    monkeypatch.setattr(memory, "malloc_trim", lambda: broken)
    assert heap.give_back_freed(heap.TRIM_FROM_RECORDS) is None  # only memory is at stake


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_glibcs_malloc_trim_is_found_and_runs() -> None:
    memory.malloc_trim.cache_clear()
    trim = memory.malloc_trim()
    assert trim is not None
    assert trim(0) in (0, 1)


def test_the_warm_up_and_the_close_give_back_what_they_freed(
    db_path: Path, trims: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(heap, "TRIM_FROM_RECORDS", 3)
    with PartnerStore(db_path) as store:
        store.partners.add_many([new_partner(f"P{i}") for i in range(3)])
    trims.clear()
    store = PartnerStore(db_path, hooks=store_speedups())
    warm_up(store, lambda: None)
    assert trims == [0, 0]  # after the open, after the warm-up
    store.partners.move(store.partners.cards()[0].id, store.partners.cards()[1].stage)
    store.close()
    assert trims == [0, 0, 0]  # before the close's hashing
    monkeypatch.setattr(heap, "TRIM_FROM_RECORDS", 4)
    with PartnerStore(db_path, hooks=store_speedups()) as small:
        warm_up(small, lambda: None)
    assert trims == [0, 0, 0]  # a store of fewer records: nothing
