"""Records are validated once per content; the app's open does not wait for it, but no
write happens before it has passed, and an invalid record blocks every write.

Every store here is opened as the command line and the app open theirs: with the
speedups (the known-valid cache). tests/unit/store/test_store_hooks.py opens them without.
"""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest

from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.stages import Stage
from partner_tui.speedups import known_valid
from partner_tui.speedups.store_speedups import store_speedups
from partner_tui.store import partner_store as repository
from partner_tui.store.errors import DatabaseUnreadable, StoreError
from partner_tui.store.partner_store import PartnerStore
from partner_tui.store.records import model_cache
from partner_tui.store.records.model_cache import MODEL_CACHE_SIZE


def open_store(path: Path, **options: object) -> PartnerStore:
    """A store opened with the speedups, as the command line and the app open theirs."""
    return PartnerStore(path, hooks=store_speedups(), **options)  # type: ignore[arg-type]


def make_file(path: Path, n: int) -> list[str]:
    with open_store(path) as store:
        added = store.partners.add_many([new_partner(f"Co {i}", stage=Stage.ENGAGE) for i in range(n)])
    return [p.id for p in added]


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = PartnerStore._validate

    def spy(self, model, raw, kind, doc_id):  # type: ignore[no-untyped-def]
        if kind == "partner":
            seen.append(doc_id)
        return real(self, model, raw, kind, doc_id)

    monkeypatch.setattr(PartnerStore, "_validate", spy)
    return seen


def corrupt_one(path: Path, field: str, value: object) -> bytes:
    data = orjson.loads(path.read_bytes())
    record = next(iter(data["partners"].values()))
    record[field] = value
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    path.write_bytes(raw)
    return raw


def test_records_this_store_wrote_are_not_validated_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 5)
    seen = count_validations(monkeypatch)
    with open_store(db_path) as store:
        assert store.partners.count() == 5
    assert seen == []


def test_a_record_changed_outside_is_validated_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 5)
    corrupt_one(db_path, "notes", "edited by hand")
    seen = count_validations(monkeypatch)
    with open_store(db_path):
        pass
    assert len(seen) == 1


def test_without_the_cache_everything_is_validated(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    make_file(db_path, 4)
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(tmp_path / "elsewhere"))
    seen = count_validations(monkeypatch)
    with open_store(db_path):
        pass
    assert len(seen) == 4


def test_an_invalid_record_is_refused_by_the_command_line_path(db_path: Path) -> None:
    make_file(db_path, 3)
    before = corrupt_one(db_path, "contact_email", "not an email")
    with pytest.raises(DatabaseUnreadable, match="contact_email"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_background_check_blocks_writes_and_reports_an_invalid_record(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)  # as for a large file
    ids = make_file(db_path, 3)
    before = corrupt_one(db_path, "potential_value", "-5")
    reported: list[StoreError] = []
    got = threading.Event()

    def on_error(error: StoreError) -> None:
        reported.append(error)
        got.set()

    store = open_store(
        db_path, write_behind=True, on_error=on_error, verify_in_background=True
    )
    try:
        assert store.partners.count() == 3  # open did not wait for validation
        store.start_background()  # what the app does once its first frame is up
        assert got.wait(10)
        assert isinstance(reported[0], DatabaseUnreadable)
        assert "potential_value" in str(reported[0])
        # A change is taken in memory but can never reach the disk. (corrupt_one damaged
        # the file's first record, the smallest id: move another one.)
        store.partners.move(max(ids), Stage.ACTIVE)
        with pytest.raises(DatabaseUnreadable):
            store.flush()
    finally:
        with pytest.raises(DatabaseUnreadable):
            store.close()
    assert db_path.read_bytes() == before


def test_background_check_lets_writes_through_once_passed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    ids = make_file(db_path, 20)
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(tmp_path / "cold-cache"))
    with open_store(db_path, write_behind=True, verify_in_background=True) as store:
        store.partners.move(ids[0], Stage.ACTIVE)
        assert store.wait_verified(10)
        store.flush()
    with open_store(db_path, read_only=True) as reader:
        assert reader.partners.get(ids[0]).stage is Stage.ACTIVE


def test_cards_say_what_the_partners_say(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.partners.add(new_partner("Zeta", contact_name="Zoe", notes="loves APIs", tags=["eu"]))
        store.partners.add(new_partner("Alpha"))
        cards = store.partners.column_cards(Stage.PROSPECT)
        partners = store.partners.list_by_stage(Stage.PROSPECT)
        assert [c.id for c in cards] == [p.id for p in partners]
        for card, partner in zip(cards, partners, strict=True):
            assert card.company == partner.company
            assert card.search_text() == partner.search_text()
            assert card.fit_score == partner.fit_score
            assert card.fit_rated == partner.fit_rated


def test_a_column_is_reordered_when_a_card_moves(db_path: Path) -> None:
    with open_store(db_path) as store:
        a = store.partners.add(new_partner("A"))
        b = store.partners.add(new_partner("B"))
        assert [c.id for c in store.partners.column_cards(Stage.PROSPECT)] == [a.id, b.id]
        store.partners.reorder(b.id, -1)
        assert [c.id for c in store.partners.column_cards(Stage.PROSPECT)] == [b.id, a.id]
        store.partners.move(a.id, Stage.ENGAGE)
        assert [c.id for c in store.partners.column_cards(Stage.ENGAGE)] == [a.id]
        assert [c.id for c in store.partners.column_cards(Stage.PROSPECT)] == [b.id]


def test_only_a_bounded_number_of_models_stay_in_memory(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model_cache, "MODEL_CACHE_SIZE", 10)
    make_file(db_path, 30)
    with open_store(db_path, read_only=True) as store:
        partners = store.partners.all()
        assert len(partners) == 30 and all(isinstance(p, Partner) for p in partners)
        assert len(store._partners.models) <= 10
    assert MODEL_CACHE_SIZE >= 100


def test_a_card_never_crashes_on_a_damaged_record() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from partner_tui.store.records.cards import card_from_record

    junk = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )
    keys = st.sampled_from(
        ["id", "company", "stage", "position", "partner_type", "fit", "potential_value",
         "next_action_date", "tags", "contact_email", "archive_reason", "archived_from", "notes"]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(keys, junk, max_size=8))
    def check(raw: dict) -> None:
        card = card_from_record(raw, fallback_id="#1")
        assert isinstance(card.search_text(), str)
        # A damaged amount reads as not estimated.
        assert card.potential_value is None or card.potential_value.is_finite()

    check()
    assert card_from_record({"potential_value": "NaN"}).potential_value is None


def test_the_app_path_opens_an_old_file_and_migrates_it(db_path: Path) -> None:
    # A file from before schema versions, opened the app's way: the migration's first
    # write waits for the background check (and must not wait forever).
    db_path.write_bytes(
        orjson.dumps(
            {"partners": {"1": {"id": "a1", "company": "Old Co", "created_at": "2025-01-01T00:00:00Z",
                                "updated_at": "2025-01-01T00:00:00Z"}}}
        )
    )
    store = open_store(db_path, write_behind=True, verify_in_background=True)
    try:
        assert store.wait_verified(10)
        assert store.partners.get("a1").company == "Old Co"
    finally:
        store.close()
    assert orjson.loads(db_path.read_bytes())["meta"]["1"]["schema_version"] >= 1


def test_a_write_starts_the_check_when_nobody_did(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    ids = make_file(db_path, 5)
    monkeypatch.setenv("PARTNER_TUI_STATE_DIR", str(tmp_path / "cold"))
    store = open_store(db_path, write_behind=True, verify_in_background=True)
    try:
        store.partners.move(ids[0], Stage.ACTIVE)
        store.flush()  # would wait forever if the held write did not start the check
    finally:
        store.close()
    with open_store(db_path, read_only=True) as reader:
        assert reader.partners.get(ids[0]).stage is Stage.ACTIVE


def test_the_app_path_checks_a_small_file_before_opening(db_path: Path) -> None:
    make_file(db_path, 3)
    before = corrupt_one(db_path, "stage", "limbo")
    with pytest.raises(DatabaseUnreadable, match="stage"):
        open_store(db_path, write_behind=True, verify_in_background=True)
    assert db_path.read_bytes() == before


def test_columns_kept_up_to_date_equal_a_fresh_sort(db_path: Path) -> None:
    import random

    rng = random.Random(5)
    with open_store(db_path) as store:
        ids = [p.id for p in store.partners.add_many([new_partner(f"Co {i}") for i in range(40)])]
        store.partners.board_cards()  # every column cached, so the changes below update them
        stages = [Stage.PROSPECT, Stage.ENGAGE, Stage.NEGOTIATE, Stage.ACTIVE]
        for _ in range(200):
            pick = rng.choice(ids)
            action = rng.random()
            if action < 0.5:
                store.partners.move(pick, rng.choice(stages))
            elif action < 0.8:
                store.partners.reorder(pick, rng.choice([-1, 1]))
            elif store.undo_label:
                store.undo()
            for stage in stages:
                fresh = sorted(
                    (c for c in store.partners.cards() if c.stage is stage), key=lambda c: c.sort_key
                )
                assert [c.id for c in store.partners.column_cards(stage)] == [c.id for c in fresh]


def test_closing_an_unchanged_store_does_not_hash_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 5)
    saves: list[int] = []
    real = known_valid.save_known_valid

    def spy(path: Path, hashes: set[str], file: str | None = None, **kw: bool) -> None:
        saves.append(len(hashes))
        real(path, hashes, file, **kw)

    monkeypatch.setattr(known_valid, "save_known_valid", spy)
    with open_store(db_path):
        pass
    assert saves == []  # opened, nothing changed: the cache on disk is still right
    with open_store(db_path) as store:
        store.partners.add(new_partner("New"))
    assert saves == [6]  # a change: every record, the new one too, is remembered
    seen = count_validations(monkeypatch)
    with open_store(db_path):
        pass
    assert seen == []


def test_a_file_this_program_wrote_is_known_valid_as_a_whole(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 5)
    hashed: list[int] = []
    real = known_valid.record_hash

    def spy(record: dict) -> str:
        hashed.append(1)
        return real(record)

    monkeypatch.setattr(known_valid, "record_hash", spy)
    with open_store(db_path) as store:
        assert store.partners.count() == 5
    assert hashed == []  # the file's digest was enough: no record was hashed one by one

