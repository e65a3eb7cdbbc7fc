"""The store's hook points (store/hooks.py): without speedups a store is as correct and
safe, only slower; with hooks, each is called where it says, and none can make the store
write over an invalid record or fail to close."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.paths import state_dir
from partner_tui.store import partner_store as repository
from partner_tui.store.errors import DatabaseUnreadable, StoreError
from partner_tui.store.hooks import NO_SPEEDUPS, FileContent, Records, StoreHooks
from partner_tui.store.partner_store import PartnerStore


def make_file(path: Path, n: int) -> list[str]:
    with PartnerStore(path) as store:
        added = store.partners.add_many([new_partner(f"Co {i}", stage=Stage.ENGAGE) for i in range(n)])
    return [p.id for p in added]


def corrupt_one(path: Path, field: str, value: object) -> bytes:
    data = orjson.loads(path.read_bytes())
    next(iter(data["partners"].values()))[field] = value
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    path.write_bytes(raw)
    return raw


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = PartnerStore._validate

    def spy(self, model, raw, kind, doc_id):  # type: ignore[no-untyped-def]
        if kind == "partner":
            seen.append(doc_id)
        return real(self, model, raw, kind, doc_id)

    monkeypatch.setattr(PartnerStore, "_validate", spy)
    return seen


# -- no speedups: correct and safe, only slower --------------------------------------------
def test_a_store_alone_has_no_speedups() -> None:
    assert StoreHooks() == NO_SPEEDUPS


def test_without_speedups_every_record_is_validated_at_every_open(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 4)
    seen = count_validations(monkeypatch)
    with PartnerStore(db_path):
        pass
    with PartnerStore(db_path):
        pass
    assert len(seen) == 8


def test_without_speedups_nothing_is_kept_in_the_state_folder(db_path: Path) -> None:
    make_file(db_path, 3)
    with PartnerStore(db_path) as store:
        store.partners.move(store.partners.cards()[0].id, Stage.ACTIVE)
    assert not state_dir().exists() or not any(state_dir().iterdir())


def test_without_speedups_an_invalid_record_is_refused_and_the_file_kept(db_path: Path) -> None:
    make_file(db_path, 3)
    before = corrupt_one(db_path, "contact_email", "not an email")
    with pytest.raises(DatabaseUnreadable, match="contact_email"):
        PartnerStore(db_path)
    assert db_path.read_bytes() == before


def test_without_speedups_the_background_check_blocks_every_write(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)  # as for a large file
    ids = make_file(db_path, 3)
    before = corrupt_one(db_path, "potential_value", "-5")
    store = PartnerStore(db_path, write_behind=True, verify_in_background=True)
    try:
        # corrupt_one damaged the file's first record (the smallest id): move another one.
        store.partners.move(max(ids), Stage.ACTIVE)  # taken in memory; the write waits for the verdict
        with pytest.raises(DatabaseUnreadable, match="potential_value"):
            store.flush()  # starts the check itself (nobody did), then refuses
        assert store.blocked is not None and not store.records_checked
    finally:
        with pytest.raises(DatabaseUnreadable):
            store.close()
    assert db_path.read_bytes() == before


# -- the hooks are called where they say -----------------------------------------------------
class Recorder:
    """Hooks that say when they were called, and otherwise do what the defaults do."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.offered: list[tuple[Path, int, bytes | None]] = []
        self.after_open_checked: list[bool] = []
        self.done = threading.Event()

    @contextlib.contextmanager
    def reading(self, file: Path) -> Iterator[None]:
        self.calls.append("reading")
        yield
        self.calls.append("read")

    def not_known_valid(
        self, file: Path, records: Records, content: FileContent
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        self.calls.append("not_known_valid")
        # The bytes, or the file read again in chunks (a writable store keeps it open).
        whole = content if content is None or isinstance(content, bytes) else b"".join(content)
        self.offered.append((file, len(records), whole))
        yield from records
        self.calls.append("all valid")

    def pause(self) -> None:
        self.calls.append("pause")

    def after_open(self, store: PartnerStore) -> None:
        self.calls.append("after_open")
        self.after_open_checked.append(store.records_checked)
        self.done.set()

    def closing(self, store: PartnerStore) -> None:
        self.calls.append("closing")

    def hooks(self) -> StoreHooks:
        return StoreHooks(
            reading=self.reading,
            not_known_valid=self.not_known_valid,
            pause=self.pause,
            after_open=self.after_open,
            closing=self.closing,
        )


def test_the_command_line_path_calls_the_hooks_in_order(db_path: Path) -> None:
    make_file(db_path, 3)
    recorder = Recorder()
    with PartnerStore(db_path, hooks=recorder.hooks()) as store:
        assert store.hooks.pause == recorder.pause
        assert recorder.calls == ["reading", "read", "not_known_valid", "pause", "all valid"]
    assert recorder.calls[-1] == "closing"
    assert "after_open" not in recorder.calls  # only the app's stores work after opening
    file, count, content = recorder.offered[0]
    assert (file, count) == (db_path, 3)
    assert content == db_path.read_bytes()  # the very bytes the records were read from


def test_the_app_path_works_after_opening_once_the_records_passed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    make_file(db_path, 3)
    recorder = Recorder()
    store = PartnerStore(
        db_path, write_behind=True, verify_in_background=True, hooks=recorder.hooks()
    )
    try:
        assert "not_known_valid" not in recorder.calls  # nothing before the first frame
        store.start_background()
        assert recorder.done.wait(10)
        assert recorder.calls.index("all valid") < recorder.calls.index("after_open")
        assert recorder.after_open_checked == [True]
    finally:
        store.close()


def test_a_merge_from_disk_reads_through_the_hooks_too(db_path: Path) -> None:
    make_file(db_path, 2)
    recorder = Recorder()
    with PartnerStore(db_path, hooks=recorder.hooks()) as store:
        with PartnerStore(db_path) as other:
            other.partners.add(new_partner("Theirs"))
        recorder.calls.clear()
        assert store.merge_from_disk() is not None
        # Read as at open; only the records taken from the other side are validated (by
        # the merge itself, every time: they are few, and the known-valid cache is kept
        # for whole files).
        assert recorder.calls == ["reading", "read"]
        assert "Theirs" in {card.company for card in store.partners.cards()}


def test_the_store_validates_what_the_hook_yields(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The contract: a hook leaves out only records it saw pass before; the store trusts it.
    make_file(db_path, 4)
    seen = count_validations(monkeypatch)

    def only_the_last(file: Path, records: Records, content: bytes | None) -> Records:
        return records[-1:]

    with PartnerStore(db_path, hooks=StoreHooks(not_known_valid=only_the_last)):
        pass
    assert len(seen) == 1


# -- a failing hook costs only time ------------------------------------------------------------
def test_a_failing_record_hook_means_every_record_is_validated(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_file(db_path, 3)
    before = corrupt_one(db_path, "stage", "limbo")

    def broken(file: Path, records: Records, content: bytes | None) -> Iterator[Any]:
        raise RuntimeError("a bug in a speedup")
        yield  # a generator, as the real one is

    with pytest.raises(DatabaseUnreadable, match="stage"):
        PartnerStore(db_path, hooks=StoreHooks(not_known_valid=broken))
    assert db_path.read_bytes() == before


def test_a_failing_closing_hook_does_not_fail_the_close(db_path: Path) -> None:
    def broken(store: PartnerStore) -> None:
        raise RuntimeError("a bug in a speedup")

    with PartnerStore(db_path, hooks=StoreHooks(closing=broken)) as store:
        store.partners.add(new_partner("A"))
    with PartnerStore(db_path) as again:  # the lock was let go
        assert again.partners.count() == 1


def test_the_closing_hook_sees_whether_the_store_matches_the_disk(db_path: Path) -> None:
    make_file(db_path, 1)
    seen: list[tuple[bool, bool, bool]] = []

    def closing(store: PartnerStore) -> None:
        seen.append((store.matches_disk(), store.records_checked, store.changed_since_read))

    with PartnerStore(db_path, hooks=StoreHooks(closing=closing)):
        pass
    with PartnerStore(db_path, hooks=StoreHooks(closing=closing)) as store:
        store.partners.add(new_partner("B"))
        store.flush()
        db_path.write_bytes(db_path.read_bytes() + b" ")  # someone else's version
    assert seen == [(True, True, False), (False, True, True)]


def test_errors_reach_on_error_from_the_background_check(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    make_file(db_path, 2)
    corrupt_one(db_path, "company", "")
    reported: list[StoreError] = []
    got = threading.Event()
    store = PartnerStore(
        db_path,
        read_only=True,
        verify_in_background=True,
        on_error=lambda e: (reported.append(e), got.set()),
    )
    try:
        store.start_background()
        assert got.wait(10)
        assert store.blocked is reported[0]
    finally:
        store.close()


def test_a_failing_pause_hook_neither_blocks_writes_nor_skips_the_check(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "EAGER_CHECK_LIMIT", 0)
    ids = make_file(db_path, 3)
    seen = count_validations(monkeypatch)

    def broken() -> None:
        raise RuntimeError("a bug in a speedup")

    store = PartnerStore(
        db_path, write_behind=True, verify_in_background=True, hooks=StoreHooks(pause=broken)
    )
    try:
        store.partners.move(ids[0], Stage.ACTIVE)
        store.flush()  # the check ran (every record) and passed
        assert set(seen) == set(ids) and store.records_checked
    finally:
        store.close()
