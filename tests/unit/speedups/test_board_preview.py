"""The board's preview: kept when a store closes, used only while the file is unchanged."""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import PIPELINE, Stage
from partner_tui.paths import state_file
from partner_tui.speedups import board_preview as preview
from partner_tui.speedups.board_preview import PreviewColumn, read_preview
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store import partner_store as repository
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records.cards import PartnerCard


def open_store(path: Path, **options: object) -> PartnerStore:
    """A store opened with the speedups (the preview is kept as it closes), as the
    command line and the app open theirs."""
    options.setdefault("hooks", store_speedups())
    return PartnerStore(path, **options)  # type: ignore[arg-type]


def fill(path: Path, per_stage: dict[Stage, int]) -> dict[Stage, list[str]]:
    """Columns of partners, as the store orders them (ids in board order)."""
    with open_store(path) as store:
        for stage, n in per_stage.items():
            store.partners.add_many([
                new_partner(f"{stage.value} {i:03}", stage=stage, potential_value=Decimal(i))
                for i in range(n)
            ])
        return {s: [c.id for c in cards] for s, cards in store.partners.board_cards().items()}


def test_closing_keeps_each_columns_top_cards_counts_and_targets(db_path: Path) -> None:
    board = fill(db_path, {Stage.PROSPECT: 3, Stage.ACTIVE: 2})
    with open_store(db_path) as store:
        settings = store.program.settings()
        store.program.save_settings(
            Settings.model_validate({**settings.model_dump(), "currency_symbol": "€"})
        )
    shown = read_preview(db_path)
    assert shown is not None
    for stage in (*PIPELINE, Stage.ARCHIVED):
        assert [c.id for c in shown.columns[stage]] == board[stage]
    prospect = shown.columns[Stage.PROSPECT]
    assert [c.company for c in prospect] == ["prospect 000", "prospect 001", "prospect 002"]
    assert prospect[2].potential_value == Decimal(2)
    assert shown.targets == {Stage.PROSPECT: 20, Stage.ENGAGE: 10, Stage.NEGOTIATE: 5,
                             Stage.ACTIVE: 3}
    assert shown.currency == "€"


def test_a_card_keeps_only_what_it_draws(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.partners.add(new_partner("Acme", notes="a long private note", contact_name="Ann"))
    shown = read_preview(db_path)
    assert shown is not None
    card = shown.columns[Stage.PROSPECT][0]
    assert (card.company, card.contact_name) == ("Acme", "Ann")
    kept = card.drawn_fields()
    assert "notes" not in kept
    assert "stage_history" not in kept


def test_a_long_column_keeps_its_count_but_only_the_first_screenfuls(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "CARDS_KEPT", 4)
    board = fill(db_path, {Stage.ENGAGE: 9})
    shown = read_preview(db_path)
    assert shown is not None
    column = shown.columns[Stage.ENGAGE]
    assert len(column) == 9
    assert [column[i].id for i in range(4)] == board[Stage.ENGAGE][:4]
    assert column[8].id == ""  # past the kept cards: drawn blank until the file is read


def test_a_file_changed_since_is_previewed_as_it_was_and_says_so(db_path: Path) -> None:
    fill(db_path, {Stage.PROSPECT: 2})
    kept = read_preview(db_path)
    assert kept is not None and kept.still_shows(db_path)
    with open_store(db_path) as store:
        store.partners.add(new_partner("Changed"))
        store.flush()
        # Someone else's version of the file, written while this store was open:
        # what this store holds is not what is on disk, so it keeps no new preview.
        db_path.write_bytes(db_path.read_bytes() + b" ")
    # The last preview still paints first (as after `git pull`); the file is read right
    # after and shows the change like another writer's (the session knows: still_shows).
    shown = read_preview(db_path)
    assert shown is not None and not shown.still_shows(db_path)
    assert len(shown.columns[Stage.PROSPECT]) == len(kept.columns[Stage.PROSPECT]) == 2


def test_a_file_touched_since_is_previewed_and_known_changed(db_path: Path) -> None:
    fill(db_path, {Stage.PROSPECT: 2})
    st = db_path.stat()
    os.utime(db_path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    shown = read_preview(db_path)
    assert shown is not None and not shown.still_shows(db_path)


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[]", b'{"stamp": 1}', b'{"stamp": "x", "file": [1, 2]}'],
)
def test_a_damaged_preview_is_ignored(db_path: Path, damage: bytes) -> None:
    fill(db_path, {Stage.PROSPECT: 2})
    state_file(db_path, "preview").write_bytes(damage)
    assert read_preview(db_path) is None


def test_a_preview_of_a_copy_with_the_same_size_and_time_is_used(
    db_path: Path, tmp_path: Path
) -> None:
    fill(db_path, {Stage.PROSPECT: 2})
    kept = read_preview(db_path)
    assert kept is not None
    # `cp -p` elsewhere and back (a restore): a new inode, the same bytes and time.
    aside = tmp_path / "aside.json"
    aside.write_bytes(db_path.read_bytes())
    os.utime(aside, ns=(db_path.stat().st_atime_ns, db_path.stat().st_mtime_ns))
    os.replace(aside, db_path)
    again = read_preview(db_path)
    assert again is not None
    assert [c.id for c in again.columns[Stage.PROSPECT]] == [
        c.id for c in kept.columns[Stage.PROSPECT]
    ]


def test_a_preview_column_reads_like_a_list() -> None:
    cards = [PartnerCard({"id": "a", "company": "A"}), PartnerCard({"id": "b", "company": "B"})]
    column = PreviewColumn(cards, 4)
    assert len(column) == 4
    assert [c.id for c in column] == ["a", "b", "", ""]
    assert column[-1].id == ""
    assert column[-4].id == "a"
    assert [c.id for c in column[1:3]] == ["b", ""]
    with pytest.raises(IndexError):
        column[4]
    assert len(PreviewColumn(cards, 1)) == 2  # never shorter than what it holds


def test_no_preview_is_kept_of_a_file_whose_records_are_still_being_checked(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path, {Stage.PROSPECT: 3})
    state_file(db_path, "preview").unlink()
    # Every record unknown (another machine's file), checked in the background.
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(db_path.parent / "fresh-state"))
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    gate = threading.Event()
    # Read-only: closing does not wait for the check (a writer's close does, to save).
    store = open_store(
        db_path,
        read_only=True,
        verify_in_background=True,
        # The check waits at its first record.
        hooks=store_speedups(pause=lambda: gate.wait(10)),
    )
    store.start_background()
    store.close()
    gate.set()
    assert store.wait_verified(10)
    assert read_preview(db_path) is None
    with open_store(db_path, read_only=True, verify_in_background=True) as again:
        assert again.wait_verified(10)
    assert read_preview(db_path) is not None  # checked this time: kept


@pytest.mark.parametrize("damage", [b"", b"   ", b'{"partners": {"a": {"company": "Co'])
def test_a_file_damaged_since_is_read_before_anything_is_drawn(
    db_path: Path, damage: bytes
) -> None:
    """A truncated or emptied file (a bad sync, a full disk elsewhere) gets its one-line
    error at once, never a board from the preview that appears and vanishes."""
    fill(db_path, {Stage.PROSPECT: 2})
    db_path.write_bytes(damage)
    assert read_preview(db_path) is None
