"""The state folder's caches (board preview, known-valid records) are replaced, never
written through a link someone put in their place, and a pipe or device there never
makes a start wait."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.paths import state_file
from partner_tui.speedups.board_preview import read_preview
from partner_tui.speedups.known_valid import load_known_valid
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.planted import PRECIOUS


def session(db: Path, company: str) -> None:
    """A store with the speedups, as the command line opens one: closing it writes the
    preview and the known-valid cache."""
    with PartnerStore(db, hooks=store_speedups()) as store:
        store.partners.add(new_partner(company))


@pytest.mark.parametrize("kind", ["preview", "validated"])
def test_a_symlinked_cache_is_replaced_and_its_target_untouched(
    db_path: Path, precious: Path, kind: str
) -> None:
    session(db_path, "Acme")  # the state folder exists now
    cache = state_file(db_path, kind)
    cache.unlink()
    cache.symlink_to(precious)
    session(db_path, "Beta")
    assert precious.read_bytes() == PRECIOUS
    assert cache.is_file() and not cache.is_symlink()
    assert read_preview(db_path) is not None
    assert load_known_valid(db_path).records


@pytest.mark.parametrize("kind", ["preview", "validated"])
def test_a_dangling_link_as_cache_creates_nothing_where_it_points(
    db_path: Path, tmp_path: Path, kind: str
) -> None:
    session(db_path, "Acme")
    cache = state_file(db_path, kind)
    cache.unlink()
    target = tmp_path / "home" / ".bashrc"
    target.parent.mkdir()
    cache.symlink_to(target)
    session(db_path, "Beta")
    assert not target.exists()


def test_a_pipe_in_place_of_a_cache_is_ignored_at_once(db_path: Path) -> None:
    session(db_path, "Acme")
    for kind in ("preview", "validated"):
        state_file(db_path, kind).unlink()
        os.mkfifo(state_file(db_path, kind))
    started = time.monotonic()
    assert read_preview(db_path) is None
    assert load_known_valid(db_path).records == set()
    with PartnerStore(db_path, hooks=store_speedups()) as store:  # opens, checks every record
        assert store.partners.count() == 1
    assert time.monotonic() - started < 5
