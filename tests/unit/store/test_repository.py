"""PartnerStore's API: every change, undo of each kind, templates, settings, persistence."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from partner_tui.domain import clock
from partner_tui.domain.partner import Partner, new_partner
from partner_tui.domain.program import Settings
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.domain.templates import PLAYBOOK_TEMPLATE_ID, OutreachTemplate, playbook_template
from partner_tui.store.errors import NotFound, ReadOnlyStore
from partner_tui.store.file import schema
from partner_tui.store.file.backup import backup_path
from partner_tui.store.partner_store import PartnerStore


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """A clock that moves one minute each time it is read: every change has its instant."""
    instants: list[datetime] = []
    start = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)

    def now() -> datetime:
        instants.append(start + timedelta(minutes=len(instants)))
        return instants[-1]

    monkeypatch.setattr(clock, "now", now)
    yield instants


@pytest.fixture
def store(db_path: Path) -> Iterator[PartnerStore]:
    with PartnerStore(db_path) as opened:
        yield opened


def names(partners: list[Partner]) -> list[str]:
    return [p.company for p in partners]


def reopen_names(path: Path, stage: Stage) -> list[str]:
    with PartnerStore(path, read_only=True) as again:
        return names(again.partners.list_by_stage(stage))


# -- add, get, list --------------------------------------------------------------------
def test_a_new_store_creates_an_empty_stamped_file(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        assert store.partners.count() == 0
        assert store.partners.all() == []
    data = json.loads(db_path.read_text())
    assert data["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}}
    assert data["partners"] == {}


def test_add_get_and_list_in_board_order(store: PartnerStore, db_path: Path) -> None:
    a = store.partners.add(new_partner("A"))
    b = store.partners.add(new_partner("B"))
    c = store.partners.add(new_partner("C", Stage.ENGAGE))
    assert store.partners.get(a.id) == a
    assert a.id in store.partners and "nope" not in store.partners
    assert store.partners.count() == 3
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["A", "B"]
    assert names(store.partners.list_by_stage(Stage.ENGAGE)) == ["C"]
    assert store.partners.list_by_stage(Stage.ACTIVE) == []
    assert a.position < b.position
    board = store.partners.board()
    assert names(board[Stage.PROSPECT]) == ["A", "B"]
    assert board[Stage.ARCHIVED] == []
    assert c.stage_history[0].stage is Stage.ENGAGE
    assert reopen_names(db_path, Stage.PROSPECT) == ["A", "B"]


def test_add_fills_a_missing_stage_history(store: PartnerStore, frozen_clock: datetime) -> None:
    added = store.partners.add(Partner(company="Bare", stage=Stage.NEGOTIATE))
    (entry,) = added.stage_history
    assert (entry.stage, entry.entered_at) == (Stage.NEGOTIATE, frozen_clock)


def test_add_refuses_a_duplicate_id(store: PartnerStore) -> None:
    a = store.partners.add(new_partner("A"))
    with pytest.raises(ValueError, match="exists already"):
        store.partners.add(a)
    assert store.partners.count() == 1


def test_get_unknown_is_not_found(store: PartnerStore) -> None:
    with pytest.raises(NotFound):
        store.partners.get("missing")
    with pytest.raises(NotFound):
        store.partners.move("missing", Stage.ENGAGE)


def test_add_many_is_all_or_nothing_and_one_undo(store: PartnerStore, db_path: Path) -> None:
    store.partners.add(new_partner("First"))
    batch = [new_partner(f"P{i}", Stage.ENGAGE if i % 2 else Stage.PROSPECT) for i in range(6)]
    bare = Partner(company="Bare")
    placed = store.partners.add_many([*batch, bare])
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["First", "P0", "P2", "P4", "Bare"]
    assert names(store.partners.list_by_stage(Stage.ENGAGE)) == ["P1", "P3", "P5"]
    assert placed[-1].stage_history[0].stage is Stage.PROSPECT
    with pytest.raises(ValueError, match="new and unique"):
        store.partners.add_many([new_partner("X"), batch[0]])
    assert store.partners.count() == 8
    assert store.partners.add_many([]) == []
    assert store.undo_label == "import 7 partners"
    store.undo()
    assert names(store.partners.all()) == ["First"]
    assert reopen_names(db_path, Stage.PROSPECT) == ["First"]


# -- update ----------------------------------------------------------------------------
def test_update_saves_validates_and_keeps_the_card_in_place(
    store: PartnerStore, db_path: Path, ticking_clock: list[datetime]
) -> None:
    a = store.partners.add(new_partner("A"))
    store.partners.add(new_partner("B"))
    edited = a.model_copy(update={"notes": "met at the fair", "position": 99.0})
    saved = store.partners.update(edited)
    assert saved.notes == "met at the fair"
    assert saved.position == a.position  # the board owns the order
    assert saved.updated_at > a.updated_at
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["A", "B"]
    bad = saved.model_copy(update={"potential_value": Decimal("-5")})  # model_copy skips checks
    with pytest.raises(ValidationError):
        store.partners.update(bad)
    assert store.partners.get(a.id).potential_value is None
    with PartnerStore(db_path, read_only=True) as again:
        assert again.partners.get(a.id).notes == "met at the fair"


def test_update_that_changes_the_stage_is_a_move(
    store: PartnerStore, ticking_clock: list[datetime]
) -> None:
    a = store.partners.add(new_partner("A"))
    e1 = store.partners.add(new_partner("E1", Stage.ENGAGE))
    saved = store.partners.update(a.model_copy(update={"stage": Stage.ENGAGE}))
    assert saved.position > e1.position
    assert names(store.partners.list_by_stage(Stage.ENGAGE)) == ["E1", "A"]
    assert [c.stage for c in saved.stage_history] == [Stage.PROSPECT, Stage.ENGAGE]
    assert saved.stage_history[-1].entered_at == saved.updated_at


def test_update_of_unknown_partner(store: PartnerStore) -> None:
    with pytest.raises(NotFound):
        store.partners.update(new_partner("ghost"))


# -- move and reorder --------------------------------------------------------------------
def test_move_appends_history_and_goes_to_the_end(
    store: PartnerStore, db_path: Path, ticking_clock: list[datetime]
) -> None:
    a = store.partners.add(new_partner("A"))
    store.partners.add(new_partner("E1", Stage.ENGAGE))
    store.partners.add(new_partner("E2", Stage.ENGAGE))
    moved = store.partners.move(a.id, Stage.ENGAGE)
    assert names(store.partners.list_by_stage(Stage.ENGAGE)) == ["E1", "E2", "A"]
    assert [c.stage for c in moved.stage_history] == [Stage.PROSPECT, Stage.ENGAGE]
    entered = moved.stage_history[-1].entered_at
    assert entered > moved.stage_history[0].entered_at
    assert moved.entered_stage_at() == entered
    assert store.partners.move(a.id, Stage.ENGAGE) is moved  # same stage: nothing happens
    assert store.undo_label == "move A to Engage"
    assert reopen_names(db_path, Stage.ENGAGE) == ["E1", "E2", "A"]
    with PartnerStore(db_path, read_only=True) as again:
        assert again.partners.get(a.id).stage_history == moved.stage_history


def test_positions_stay_at_the_end_after_cards_leave(store: PartnerStore) -> None:
    ids = [store.partners.add(new_partner(f"P{i}")).id for i in range(4)]
    store.partners.move(ids[3], Stage.ENGAGE)
    store.partners.delete(ids[2])
    late = store.partners.add(new_partner("Late"))
    back = store.partners.move(ids[3], Stage.PROSPECT)
    column = store.partners.list_by_stage(Stage.PROSPECT)
    assert names(column) == ["P0", "P1", "Late", "P3"]
    assert column[-1] == back
    assert len({p.position for p in column}) == len(column)
    assert late.position > store.partners.get(ids[1]).position


def test_reorder_swaps_neighbours_and_stops_at_the_ends(store: PartnerStore, db_path: Path) -> None:
    a, b, c = (store.partners.add(new_partner(n)).id for n in "ABC")
    assert store.partners.reorder(c, -1)
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["A", "C", "B"]
    assert store.partners.reorder(a, +1)
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["C", "A", "B"]
    assert not store.partners.reorder(c, -1)
    assert not store.partners.reorder(b, +1)
    assert reopen_names(db_path, Stage.PROSPECT) == ["C", "A", "B"]


def test_reorder_renumbers_equal_positions_and_undo_puts_them_back(
    store: PartnerStore,
) -> None:
    ids = [store.partners.add(new_partner(n)).id for n in "ABCD"]
    # A hand-edited file can hold equal positions: make them all 5.0.
    for pid in ids:
        store.partners.update(store.partners.get(pid))
        store._partners.put(store.partners.get(pid).model_copy(update={"position": 5.0}))
    before = {p.id: p.position for p in store.partners.all()}
    order = names(store.partners.list_by_stage(Stage.PROSPECT))
    assert store.partners.reorder(ids[2], -1)
    after = names(store.partners.list_by_stage(Stage.PROSPECT))
    expected = list(order)
    i = expected.index("C")
    expected[i - 1], expected[i] = expected[i], expected[i - 1]
    assert after == expected
    store.undo()
    assert {p.id: p.position for p in store.partners.all()} == before
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == order


# -- archive, restore, delete --------------------------------------------------------------
def test_archive_and_restore(store: PartnerStore, db_path: Path) -> None:
    a = store.partners.add(new_partner("A", Stage.NEGOTIATE))
    archived = store.partners.archive(a.id, ArchiveReason.PAUSED)
    assert archived.stage is Stage.ARCHIVED
    assert archived.archive_reason is ArchiveReason.PAUSED
    assert archived.archived_from is Stage.NEGOTIATE
    assert not archived.on_board
    assert store.partners.list_by_stage(Stage.NEGOTIATE) == []
    assert names(store.partners.list_by_stage(Stage.ARCHIVED)) == ["A"]
    # Archiving again only changes the reason.
    again = store.partners.archive(a.id, ArchiveReason.CHURNED)
    assert again.archive_reason is ArchiveReason.CHURNED
    assert len(again.stage_history) == len(archived.stage_history)
    restored = store.partners.restore(a.id)
    assert restored.stage is Stage.NEGOTIATE
    assert restored.archive_reason is None and restored.archived_from is None
    assert [c.stage for c in restored.stage_history] == [
        Stage.NEGOTIATE,
        Stage.ARCHIVED,
        Stage.NEGOTIATE,
    ]
    assert store.partners.restore(a.id) == restored  # not archived: nothing to do
    assert reopen_names(db_path, Stage.NEGOTIATE) == ["A"]


def test_restore_puts_the_partner_back_where_it_was_in_its_column(
    store: PartnerStore, db_path: Path
) -> None:
    for name in "ABCD":
        store.partners.add(new_partner(name))
    b = next(p for p in store.partners.all() if p.company == "B")
    store.partners.archive(b.id, ArchiveReason.PAUSED)
    store.partners.add(new_partner("E"))  # added meanwhile, at the bottom
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["A", "C", "D", "E"]
    store.partners.restore(b.id)
    assert names(store.partners.list_by_stage(Stage.PROSPECT)) == ["A", "B", "C", "D", "E"]
    assert reopen_names(db_path, Stage.PROSPECT) == ["A", "B", "C", "D", "E"]


def test_moving_into_archived_remembers_where_from(store: PartnerStore) -> None:
    a = store.partners.add(new_partner("A", Stage.ACTIVE))
    store.partners.move(a.id, Stage.ARCHIVED)
    assert store.partners.restore(a.id).stage is Stage.ACTIVE


def test_delete(store: PartnerStore, db_path: Path) -> None:
    a = store.partners.add(new_partner("A"))
    store.partners.add(new_partner("B"))
    store.partners.delete(a.id)
    assert a.id not in store.partners
    with pytest.raises(NotFound):
        store.partners.delete(a.id)
    assert reopen_names(db_path, Stage.PROSPECT) == ["B"]


# -- undo --------------------------------------------------------------------------------
def test_undo_of_each_kind_repeatedly_back_to_the_start(
    store: PartnerStore, db_path: Path
) -> None:
    assert store.undo() is None
    assert store.undo_label is None
    a = store.partners.add(new_partner("A"))
    b = store.partners.add(new_partner("B"))
    snapshots: list[tuple[str | None, dict[str, Partner]]] = []

    def step(action: object) -> None:
        snapshots.append((store.undo_label, {p.id: p for p in store.partners.all()}))

    step(None)
    store.partners.update(store.partners.get(a.id).model_copy(update={"notes": "edited"}))
    step(None)
    store.partners.move(a.id, Stage.ENGAGE)
    step(None)
    store.partners.reorder(b.id, -1)  # alone in its column now: nothing to swap
    store.partners.add(new_partner("C"))
    store.partners.reorder(store.partners.list_by_stage(Stage.PROSPECT)[-1].id, -1)
    step(None)
    store.partners.archive(b.id, ArchiveReason.DECLINED)
    step(None)
    store.partners.restore(b.id)
    step(None)
    store.partners.delete(a.id)
    labels = []
    while (label := store.undo()) is not None:
        labels.append(label)
        current = {p.id: p for p in store.partners.all()}
        if snapshots and current == snapshots[-1][1]:
            snapshots.pop()
    assert labels == [
        "delete A",
        "move B to Prospect",
        "archive B (declined)",
        "reorder C",
        "add C",
        "move A to Engage",
        "edit A",
        "add B",
        "add A",
    ]
    assert snapshots == []  # every intermediate state came back, in order
    assert store.partners.all() == []
    with PartnerStore(db_path, read_only=True) as again:
        assert again.partners.count() == 0


def test_undo_of_delete_brings_the_same_partner_back(store: PartnerStore, db_path: Path) -> None:
    a = store.partners.add(new_partner("A", notes="keep me"))
    store.partners.delete(a.id)
    assert store.undo() == "delete A"
    assert store.partners.get(a.id) == a
    with PartnerStore(db_path, read_only=True) as again:
        assert again.partners.get(a.id) == a


def test_undo_history_is_bounded(store: PartnerStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from partner_tui.store.undo import history as undo

    monkeypatch.setattr(undo, "UNDO_DEPTH", 3)
    for i in range(5):
        store.partners.add(new_partner(f"P{i}"))
    undone = 0
    while store.undo() is not None:
        undone += 1
    assert undone == 3
    assert names(store.partners.all()) == ["P0", "P1"]


def test_undo_is_per_session(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("A"))
    with PartnerStore(db_path) as store:
        assert store.undo() is None
        assert store.partners.count() == 1


# -- templates ---------------------------------------------------------------------------
def test_playbook_template_is_always_there_and_cannot_be_deleted(
    store: PartnerStore, db_path: Path
) -> None:
    templates = store.program.templates()
    assert [t.id for t in templates] == [PLAYBOOK_TEMPLATE_ID]
    assert templates[0].builtin
    with pytest.raises(ValueError, match="cannot be deleted"):
        store.program.delete_template(PLAYBOOK_TEMPLATE_ID)
    edited = store.program.save_template(templates[0].model_copy(update={"body": "Hi [Name]"}))
    assert store.program.template(PLAYBOOK_TEMPLATE_ID).body == "Hi [Name]"
    assert edited.builtin
    # Even a copy that claims not to be built in stays built in.
    store.program.save_template(edited.model_copy(update={"builtin": False}))
    assert store.program.template(PLAYBOOK_TEMPLATE_ID).builtin
    restored = store.program.restore_playbook_template()
    assert restored.body == playbook_template().body
    with PartnerStore(db_path, read_only=True) as again:
        assert again.program.template(PLAYBOOK_TEMPLATE_ID).body == playbook_template().body


def test_user_templates(store: PartnerStore, db_path: Path) -> None:
    zed = store.program.save_template(OutreachTemplate(name="zed follow-up", body="[Name]?"))
    alpha = store.program.save_template(OutreachTemplate(name="Alpha intro", builtin=True))
    assert not alpha.builtin  # only the playbook's template is built in
    assert [t.name for t in store.program.templates()][1:] == ["Alpha intro", "zed follow-up"]
    store.program.save_template(zed.model_copy(update={"name": "Zed renamed"}))
    with PartnerStore(db_path, read_only=True) as again:
        assert [t.name for t in again.program.templates()][1:] == ["Alpha intro", "Zed renamed"]
    store.program.delete_template(zed.id)
    with pytest.raises(NotFound):
        store.program.template(zed.id)
    with pytest.raises(NotFound):
        store.program.delete_template(zed.id)
    with pytest.raises(ValidationError):
        store.program.save_template(alpha.model_copy(update={"name": ""}))
    with PartnerStore(db_path, read_only=True) as again:
        assert [t.name for t in again.program.templates()][1:] == ["Alpha intro"]


# -- settings ----------------------------------------------------------------------------
def test_settings_default_save_and_reload(store: PartnerStore, db_path: Path) -> None:
    assert store.program.settings() == Settings()
    settings = Settings.model_validate(
        {
            "profile": {"your_name": "Bo", "your_company": "Beta"},
            "targets": {"prospect": 30, "engage": 12, "negotiate": 6, "active": 4},
            "tools": {"crm": "99.50"},
        }
    )
    store.program.save_settings(settings)
    store.program.save_settings(settings.model_copy(update={"currency_symbol": "€"}))
    with pytest.raises(ValidationError):
        store.program.save_settings(settings.model_copy(update={"currency_symbol": "toolong"}))
    with PartnerStore(db_path, read_only=True) as again:
        loaded = again.program.settings()
    assert loaded.profile.your_company == "Beta"
    assert loaded.targets.prospect == 30
    assert loaded.tools.crm == Decimal("99.50")
    assert loaded.currency_symbol == "€"
    assert len(json.loads(db_path.read_text())["settings"]) == 1


# -- file format --------------------------------------------------------------------------
def test_json_is_sorted_indented_and_money_is_exact(store: PartnerStore, db_path: Path) -> None:
    store.partners.add(new_partner("Zed", potential_value=Decimal("0.10")))
    text = db_path.read_text()
    assert text.endswith("}\n")
    assert '\n  "meta": {' in text
    data = json.loads(text)
    record = next(iter(data["partners"].values()))
    assert record["potential_value"] == "0.10"
    # Keys are sorted at every level, so a diff shows only real changes.
    assert list(record) == sorted(record)
    assert list(data) == sorted(data)
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_resave_is_byte_identical(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        for i in range(3):
            store.partners.add(new_partner(f"P{i}", notes="ünïcode ✓"))
        store.program.save_settings(Settings())
    first = db_path.read_bytes()
    with PartnerStore(db_path) as store:
        store.program.save_settings(store.program.settings())  # a real write of the same data
        store.storage.mark_dirty()
        store.storage.flush()
    assert db_path.read_bytes() == first
    assert backup_path(db_path).read_bytes() == first


def test_opening_and_closing_writes_nothing(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("A"))
    stat = db_path.stat()
    with PartnerStore(db_path):
        pass
    assert db_path.stat().st_mtime_ns == stat.st_mtime_ns
    assert not backup_path(db_path).exists()


# -- write-behind, batch, read-only ------------------------------------------------------
def test_write_behind_flushes_in_the_background(db_path: Path) -> None:
    store = PartnerStore(db_path, write_behind=True)
    try:
        ids = [store.partners.add(new_partner(f"P{i}")).id for i in range(50)]
        store.partners.move(ids[0], Stage.ACTIVE)
        store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            assert reader.partners.count() == 50
            assert names(reader.partners.list_by_stage(Stage.ACTIVE)) == ["P0"]
        store.partners.delete(ids[1])
    finally:
        store.close()  # close flushes what is still pending
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.count() == 49


def test_batch_writes_once(store: PartnerStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import partner_tui.store.file.storage as storage

    writes: list[Path] = []
    real = storage.atomic_write

    def counting(path: Path, data: bytes, **options: Any) -> None:
        writes.append(path)
        real(path, data, **options)

    monkeypatch.setattr(storage, "atomic_write", counting)
    with store.batch():
        for i in range(10):
            store.partners.add(new_partner(f"P{i}"))
        with store.batch():
            store.partners.move(store.partners.list_by_stage(Stage.PROSPECT)[0].id, Stage.ENGAGE)
        assert writes == []
    assert writes == [store.path]
    # Each change inside is still its own undo step.
    assert store.undo_label == "move P0 to Engage"


def test_read_only_refuses_every_write(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        a = store.partners.add(new_partner("A"))
    before = db_path.read_bytes()
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.read_only
        assert reader.partners.get(a.id) == a
        attempts = [
            lambda: reader.partners.add(new_partner("B")),
            lambda: reader.partners.add_many([new_partner("B")]),
            lambda: reader.partners.update(a),
            lambda: reader.partners.move(a.id, Stage.ENGAGE),
            lambda: reader.partners.reorder(a.id, 1),
            lambda: reader.partners.archive(a.id, ArchiveReason.PAUSED),
            lambda: reader.partners.delete(a.id),
            lambda: reader.undo(),
            lambda: reader.program.save_template(playbook_template()),
            lambda: reader.program.delete_template("x"),
            lambda: reader.program.restore_playbook_template(),
            lambda: reader.program.save_settings(Settings()),
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyStore, match="read-only"):
                attempt()
        with pytest.raises(ReadOnlyStore):
            with reader.batch():
                pass
        assert reader.partners.get(a.id) == a
        reader.flush()  # nothing to do, no error
    assert db_path.read_bytes() == before


def test_read_only_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "p.json"
    with PartnerStore(path, read_only=True) as reader:
        assert reader.partners.count() == 0
    assert not path.parent.exists()


def test_flush_inside_a_batch_never_deadlocks_with_the_writer(db_path: Path) -> None:
    import threading

    store = PartnerStore(db_path, write_behind=True)
    finished = threading.Event()

    def work() -> None:
        for i in range(40):
            store.partners.add(new_partner(f"out{i}"))  # keeps the background writer busy
            with store.batch():
                store.partners.add(new_partner(f"in{i}"))
                store.flush()  # explicit flush while the batch holds the data lock
        finished.set()

    threading.Thread(target=work, daemon=True).start()
    assert finished.wait(timeout=20), "deadlock between a batch's flush and the writer"
    store.close()
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.count() == 80


def test_memory_and_file_agree_after_many_background_writes(db_path: Path) -> None:
    store = PartnerStore(db_path, write_behind=True)
    try:
        ids = [store.partners.add(new_partner(f"P{i:02}")).id for i in range(20)]
        for i, pid in enumerate(ids):
            store.partners.move(pid, Stage.ENGAGE if i % 2 else Stage.ACTIVE)
            store.partners.reorder(pid, -1)
            if i % 3 == 0:
                store.partners.delete(pid)
        store.undo()
        store.flush()
        expected = {p.id: p for p in store.partners.all()}
        with PartnerStore(db_path, read_only=True) as reader:
            assert {p.id: p for p in reader.partners.all()} == expected
            for stage in Stage:
                assert reader.partners.list_by_stage(stage) == store.partners.list_by_stage(stage)
    finally:
        store.close()


def test_flush_waits_for_a_write_the_background_thread_already_started(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import partner_tui.store.file.storage as storage

    store = PartnerStore(db_path, write_behind=True)
    writing = threading.Event()
    real = storage.atomic_write

    def slow(path: Path, data: bytes, **options: Any) -> None:
        writing.set()
        time.sleep(0.3)  # a big file on a slow disk
        real(path, data, **options)

    try:
        monkeypatch.setattr(storage, "atomic_write", slow)
        store.partners.add(new_partner("A"))
        assert writing.wait(timeout=10)  # the writer took the change and is writing it
        store.flush()  # nothing is pending any more, yet flush must wait for that write
        with PartnerStore(db_path, read_only=True) as reader:
            assert [p.company for p in reader.partners.all()] == ["A"]
    finally:
        store.close()


def test_an_error_inside_a_batch_keeps_and_saves_what_was_done(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        with pytest.raises(ValidationError):
            with store.batch():
                done = store.partners.add(new_partner("Done"))
                store.partners.update(done.model_copy(update={"company": ""}))
        with PartnerStore(db_path, read_only=True) as reader:
            assert names(reader.partners.all()) == ["Done"]
