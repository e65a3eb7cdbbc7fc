"""The data file is never torn, never clobbered, never silently lost.

Several writers on one file (a short lock per write, what another wrote merged in, a lock
held too long told with its holder), damaged and newer files left byte-identical with a
clear message, backups, migrations, disk full.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import Stage
from partner_tui.domain.templates import OutreachTemplate
from partner_tui.store.errors import (
    DatabaseLocked,
    DatabaseNewer,
    DatabaseUnreadable,
    StoreError,
    WriteFailed,
)
from partner_tui.store.file import schema
from partner_tui.store.file.backup import backup_path
from partner_tui.store.file.lock import WriterLock, lock_path
from partner_tui.store.file.serialize import dumps
from partner_tui.store.partner_store import PartnerStore

REPO = Path(__file__).resolve().parents[3]


def make_db(path: Path, *companies: str) -> bytes:
    with PartnerStore(path) as store:
        for company in companies:
            store.partners.add(new_partner(company))
    return path.read_bytes()


def child(code: str, *args: str) -> subprocess.Popen[str]:
    """A real second process running partner-tui's store."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


HOLD = """
import sys
from pathlib import Path
from partner_tui.store.file.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
lock.acquire()  # held past one write, as an older partner-tui holds it for a session
print("ready", flush=True)
sys.stdin.read()
"""

WRITE = """
import sys
from partner_tui.domain.partner import new_partner
from partner_tui.store.errors import DatabaseLocked
from partner_tui.store.partner_store import PartnerStore
store = PartnerStore(sys.argv[1], lock_wait=0.3)
try:
    store.partners.add(new_partner(sys.argv[2]))
except DatabaseLocked as exc:
    print(exc.holder)
    sys.exit(3)
store.close()
print("written")
"""


# -- several writers, one lock per write -------------------------------------------------
def test_a_second_process_writes_while_the_first_has_the_file_open(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Ours"))
        other = child(WRITE, str(db_path), "Theirs")
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        assert out.strip() == "written"
        store.partners.add(new_partner("Ours again"))  # merged with theirs, not written over it
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "Ours", "Ours again", "Theirs"]


def test_a_lock_held_too_long_is_told_with_its_holder_and_the_change_kept(
    db_path: Path,
) -> None:
    make_db(db_path, "A")
    holder = child(HOLD, str(db_path))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        store = PartnerStore(db_path, lock_wait=0.2)
        with pytest.raises(DatabaseLocked) as info:
            store.partners.add(new_partner("Mine"))
        message = str(info.value)
        assert f"pid {holder.pid}" in message and str(db_path) in message
        assert "nothing was written" in message
        # The change stays in hand: still there, and saved once the lock is free.
        assert "Mine" in {p.company for p in store.partners.all()}
        assert store.storage.dirty
        # Reading is never refused.
        with PartnerStore(db_path, read_only=True) as reader:
            assert reader.partners.count() == 1
        # The lock dies with its holder, even one killed without a chance to clean up.
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        store.flush()
        store.close()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    with PartnerStore(db_path) as store:
        assert sorted(p.company for p in store.partners.all()) == ["A", "Mine"]


def test_our_write_holds_another_process_off_only_while_it_writes(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        lock = store.storage._writer_lock
        with lock.hold():  # what every write does, for the write alone
            other = child(WRITE, str(db_path), "Theirs")
            out, _err = other.communicate(timeout=60)
            assert other.returncode == 3
            assert f"pid {os.getpid()}" in out
        other = child(WRITE, str(db_path), "Theirs")
        assert other.communicate(timeout=60)[0].strip() == "written"
    assert lock_path(db_path).exists()


def test_two_stores_in_one_process_both_write(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as first, PartnerStore(db_path) as second:
        first.partners.add(new_partner("First"))
        second.partners.add(new_partner("Second"))
        first.partners.add(new_partner("First again"))
        assert first.merge_from_disk() is not None or not first.changed_on_disk()
        assert sorted(p.company for p in first.partners.all()) == ["A", "First", "First again", "Second"]
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "First", "First again", "Second"]


def test_a_folder_we_cannot_write_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnreadable, match="cannot create its folder"):
        PartnerStore(blocker / "p.json")


# -- changed on disk -------------------------------------------------------------------
def other_program_rewrites(path: Path, *companies: str) -> bytes:
    """Another program (an editor, git checkout, a sync tool) replaces the file."""
    data = json.loads(path.read_text())
    for company in companies:
        record = new_partner(company).model_dump(mode="json")
        data["partners"][record["id"]] = record
    text = dumps(data)
    tmp = path.with_name("editor-tmp")
    tmp.write_bytes(text)
    os.replace(tmp, path)
    return text


def test_a_file_changed_on_disk_is_merged_not_overwritten(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        assert not store.changed_on_disk()
        other_program_rewrites(db_path, "Theirs")
        assert store.changed_on_disk()
        store.partners.add(new_partner("Mine"))  # the write merges theirs in first
        assert not store.changed_on_disk()
        assert sorted(p.company for p in store.partners.all()) == ["A", "Mine", "Theirs"]
        # Undo is this process's own: it takes back Mine, never Theirs.
        assert store.undo() == "add Mine"
        assert sorted(p.company for p in store.partners.all()) == ["A", "Theirs"]
        store.partners.add(new_partner("After"))
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "After", "Theirs"]
    assert not list(db_path.parent.glob("*.conflict-*"))  # nothing is copied aside any more


def test_merge_from_disk_brings_theirs_in_and_keeps_ours_pending(db_path: Path) -> None:
    make_db(db_path, "A")
    store = PartnerStore(db_path, lock_wait=0.1)
    try:
        # Another writer's lock: our write waits, then gives up (the change stays pending).
        with WriterLock(db_path).hold(), pytest.raises(DatabaseLocked):
            store.partners.add(new_partner("Mine"))
        theirs = other_program_rewrites(db_path, "Theirs")
        result = store.merge_from_disk()
        assert result is not None and len(result.changed_keys("partners")) == 1
        assert sorted(p.company for p in store.partners.all()) == ["A", "Mine", "Theirs"]
        assert db_path.read_bytes() == theirs  # merging in writes nothing
        assert store.storage.dirty  # Mine is still ours to write
        assert store.merge_from_disk() is None  # nothing new since
        store.flush()
    finally:
        store.close()
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "Mine", "Theirs"]


def test_rewritten_twice_behind_our_back_both_are_merged(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        other_program_rewrites(db_path, "Theirs")
        store.partners.add(new_partner("Mine"))
        other_program_rewrites(db_path, "Again")
        store.partners.add(new_partner("Mine again"))
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == [
            "A", "Again", "Mine", "Mine again", "Theirs"
        ]


def test_a_deleted_file_is_written_again_with_what_we_hold(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        db_path.unlink()
        assert store.changed_on_disk()
        assert store.merge_from_disk() is None  # no file: nothing to take in, nothing dropped
        store.partners.add(new_partner("Mine"))
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "Mine"]


def test_a_damaged_file_on_disk_is_never_written_over(db_path: Path) -> None:
    make_db(db_path, "A")
    store = PartnerStore(db_path)
    data = json.loads(db_path.read_text())
    next(iter(data["partners"].values()))["company"] = ""
    data["partners"]["x1"] = {**new_partner("Also new").model_dump(mode="json"), "id": "x1"}
    damaged = json.dumps(data).encode()
    db_path.write_bytes(damaged)
    with pytest.raises(DatabaseUnreadable, match="is invalid: company: is required"):
        store.merge_from_disk()
    assert [p.company for p in store.partners.all()] == ["A"]  # nothing of theirs taken in
    with pytest.raises(DatabaseUnreadable):
        store.partners.add(new_partner("Mine"))  # the write is refused, the change kept
    assert "Mine" in {p.company for p in store.partners.all()}
    # Closing with a change it may not write says so (the store holds no lock open).
    with pytest.raises(DatabaseUnreadable):
        store.close()
    assert db_path.read_bytes() == damaged
    with pytest.raises(DatabaseUnreadable):
        PartnerStore(db_path)


def test_write_behind_merges_and_reports_a_damaged_file_through_on_error(
    db_path: Path,
) -> None:
    make_db(db_path, "A")
    errors: list[StoreError] = []
    reported = threading.Event()

    def on_error(error: StoreError) -> None:
        errors.append(error)
        reported.set()

    store = PartnerStore(db_path, write_behind=True, on_error=on_error)
    try:
        other_program_rewrites(db_path, "Theirs")
        store.partners.add(new_partner("Mine"))  # returns at once; the writer merges theirs in
        store.flush()
        assert errors == []
        with PartnerStore(db_path, read_only=True) as reader:
            assert sorted(p.company for p in reader.partners.all()) == ["A", "Mine", "Theirs"]
        good = db_path.read_bytes()
        damaged = b"{ not json"
        db_path.write_bytes(damaged)
        store.partners.add(new_partner("Later"))
        assert reported.wait(timeout=10)
        assert isinstance(errors[0], DatabaseUnreadable)
        assert store.storage.last_error is errors[0]
        assert db_path.read_bytes() == damaged
        # The writer thread survived the error and saves once the file is usable again.
        db_path.write_bytes(good)
        store.partners.add(new_partner("After the fix"))
        store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            names = sorted(p.company for p in reader.partners.all())
        assert names == ["A", "After the fix", "Later", "Mine", "Theirs"]
    finally:
        store.storage._on_error = None
        store.close()


def test_write_behind_survives_an_unexpected_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import partner_tui.store.file.storage as storage

    errors: list[StoreError] = []
    reported = threading.Event()
    store = PartnerStore(
        db_path, write_behind=True, on_error=lambda e: (errors.append(e), reported.set())
    )
    try:
        real = storage.atomic_write
        monkeypatch.setattr(storage, "atomic_write", lambda *a, **kw: 1 / 0)
        store.partners.add(new_partner("A"))
        assert reported.wait(timeout=10)
        assert isinstance(errors[0], WriteFailed)
        assert "ZeroDivisionError" in str(errors[0])
        monkeypatch.setattr(storage, "atomic_write", real)
        store.partners.add(new_partner("B"))
        store.flush()
        with PartnerStore(db_path, read_only=True) as reader:
            assert sorted(p.company for p in reader.partners.all()) == ["A", "B"]
    finally:
        store.close()


# -- damaged files ---------------------------------------------------------------------
def valid_file() -> dict[str, object]:
    record = new_partner("Acme").model_dump(mode="json")
    return {
        "meta": {"1": {"schema_version": 1}},
        "partners": {"1": record},
        "templates": {},
        "settings": {},
    }


def with_partner(**fields: object) -> bytes:
    data = valid_file()
    data["partners"]["1"].update(fields)  # type: ignore[index]
    return json.dumps(data).encode()


def duplicate_ids() -> bytes:
    data = valid_file()
    data["partners"]["2"] = dict(data["partners"]["1"])  # type: ignore[index]
    return json.dumps(data).encode()


DAMAGED: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "the file is empty"),
    "blank": (b"  \n", "the file is empty"),
    "truncated": (dumps(valid_file())[:-40], "not valid JSON"),
    "not json": (b"company,stage\nAcme,prospect\n", "not valid JSON"),
    "binary": (bytes(range(256)) * 4, "not valid JSON"),
    "top level list": (b"[1, 2]", "the top level is a JSON list"),
    "table not object": (b'{"meta": {"1": {"schema_version": 1}}, "partners": []}', "table 'partners'"),
    "record not object": (
        b'{"meta": {"1": {"schema_version": 1}}, "partners": {"1": 5}}',
        "record 1 in table 'partners' is not a JSON object",
    ),
    "key is not the id": (
        b'{"meta": {"1": {"schema_version": 2}}, "partners": {"x": {"id": "y", "company": "A"}}}',
        "the partner record under the key 'x' has the id 'y'",
    ),
    "v1 id not text": (
        b'{"meta": {"1": {"schema_version": 1}}, "partners": {"1": {"id": 7, "company": "A"}}}',
        "partner record 1 has an id that is not text",
    ),
    "damaged meta": (b'{"meta": {"1": {"schema_version": "one"}}}', "schema_version"),
    "invalid record": (with_partner(potential_value="-5"), "potential_value: must be 0 or more"),
    "unknown field": (with_partner(colour="red"), "colour: is not a known field"),
    "duplicate ids": (duplicate_ids(), "two partner records share the id"),
    "foreign tinydb": (b'{"_default": {"1": {"name": "x"}}}', "'_default' table"),
    "foreign table": (b'{"users": {"1": {"name": "x"}}}', "not a partner-tui database"),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_damaged_files_are_refused_and_left_byte_identical(db_path: Path, case: str) -> None:
    content, problem = DAMAGED[case]
    db_path.write_bytes(content)
    os.utime(db_path, ns=(1_000_000_000, 1_000_000_000))
    for read_only in (False, True):
        with pytest.raises(DatabaseUnreadable) as info:
            PartnerStore(db_path, read_only=read_only)
        message = str(info.value)
        assert problem in message
        assert message.startswith(f"cannot open {db_path}: ")
        assert "The file was not changed." in message
        assert "Traceback" not in message
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == 1_000_000_000
    assert not backup_path(db_path).exists()
    # The lock was released: once the file is fixed, it opens.
    db_path.unlink()
    with PartnerStore(db_path):
        pass


def test_a_newer_file_is_refused_untouched(db_path: Path) -> None:
    data = valid_file()
    data["meta"] = {"1": {"schema_version": 99}}
    data["partners"]["1"]["hologram"] = True  # type: ignore[index]
    content = json.dumps(data).encode()
    db_path.write_bytes(content)
    with pytest.raises(DatabaseNewer) as info:
        PartnerStore(db_path)
    assert "newer partner-tui (schema 99" in str(info.value)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == content


def test_a_directory_where_the_file_should_be(db_path: Path) -> None:
    db_path.mkdir()
    with pytest.raises(DatabaseUnreadable, match="it is a directory"):
        PartnerStore(db_path)
    assert db_path.is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file(db_path: Path) -> None:
    content = make_db(db_path, "A")
    db_path.chmod(0)
    try:
        with pytest.raises(DatabaseUnreadable, match="permission denied"):
            PartnerStore(db_path, read_only=True)
    finally:
        db_path.chmod(0o600)
    assert db_path.read_bytes() == content


def test_an_unreadable_file_simulated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests often run as root, who reads anything: simulate the refusal instead.
    content = make_db(db_path, "A")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == db_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DatabaseUnreadable, match="permission denied"):
        PartnerStore(db_path)
    monkeypatch.undo()
    assert db_path.read_bytes() == content


# -- backups ---------------------------------------------------------------------------
def test_backup_is_written_before_the_first_overwrite_only(db_path: Path) -> None:
    first = make_db(db_path, "A")
    assert not backup_path(db_path).exists()  # a brand-new file has nothing to back up
    with PartnerStore(db_path) as store:
        assert not backup_path(db_path).exists()  # opening changes nothing
        store.partners.add(new_partner("B"))
        assert backup_path(db_path).read_bytes() == first
        store.partners.add(new_partner("C"))
        assert backup_path(db_path).read_bytes() == first  # once per session
    assert backup_path(db_path).name == "partners.bak.json"


def test_a_damaged_file_mentions_the_backup(db_path: Path) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("B"))
    good_backup = backup_path(db_path).read_bytes()
    db_path.write_bytes(b'{"partners": ')
    with pytest.raises(DatabaseUnreadable) as info:
        PartnerStore(db_path)
    assert f"A backup exists: {backup_path(db_path)}" in str(info.value)
    assert info.value.backup == backup_path(db_path)
    assert backup_path(db_path).read_bytes() == good_backup
    # Restoring it the way the message says works.
    db_path.write_bytes(good_backup)
    with PartnerStore(db_path) as store:
        assert [p.company for p in store.partners.all()] == ["A"]


# -- migrations ------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"{}", b'{"_default": {}}', b'{"partners": {}}'])
def test_a_v0_file_is_stamped_with_a_backup(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with PartnerStore(db_path) as store:
        assert store.storage.found_version == 0
        assert store.partners.count() == 0
    assert json.loads(db_path.read_text())["meta"] == {
        "1": {"schema_version": schema.SCHEMA_VERSION}
    }
    assert "_default" not in json.loads(db_path.read_text())
    assert backup_path(db_path).read_bytes() == content


def test_a_v0_file_with_partners_keeps_them(db_path: Path) -> None:
    data = valid_file()
    del data["meta"]
    db_path.write_text(json.dumps(data))
    with PartnerStore(db_path) as store:
        assert [p.company for p in store.partners.all()] == ["Acme"]
    assert json.loads(db_path.read_text())["meta"]["1"]["schema_version"] == schema.SCHEMA_VERSION


def test_a_v1_file_is_keyed_by_id_with_a_backup(db_path: Path) -> None:
    """Schema 1 keyed records by TinyDB's counter; opening it keys each by its own id
    (the backup keeps the file as it was), and nothing else about a record changes."""
    data = valid_file()
    second = new_partner("Beta").model_dump(mode="json")
    template = OutreachTemplate(name="Short").model_dump(mode="json")
    data["partners"]["2"] = second  # type: ignore[index]
    data["templates"] = {"1": template}
    data["settings"] = {"1": {"currency_symbol": "€"}}
    v1 = json.dumps(data).encode()
    db_path.write_bytes(v1)
    with PartnerStore(db_path) as store:
        assert store.storage.found_version == 1
        assert sorted(p.company for p in store.partners.all()) == ["Acme", "Beta"]
        assert store.program.settings().currency_symbol == "€"
    stored = json.loads(db_path.read_text())
    assert stored["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}}
    first = data["partners"]["1"]  # type: ignore[index]
    assert stored["partners"] == {first["id"]: first, second["id"]: second}
    assert stored["templates"] == {template["id"]: template}
    assert stored["settings"] == {"1": {"currency_symbol": "€"}}
    assert backup_path(db_path).read_bytes() == v1


def test_a_v1_record_without_an_id_keeps_its_old_key_as_id(db_path: Path) -> None:
    data = valid_file()
    del data["partners"]["1"]["id"]  # type: ignore[index]
    db_path.write_text(json.dumps(data))
    with PartnerStore(db_path) as store:
        assert [(p.id, p.company) for p in store.partners.all()] == [("1", "Acme")]


def test_a_v0_file_opened_read_only_is_migrated_in_memory_only(db_path: Path) -> None:
    db_path.write_bytes(b"{}")
    with PartnerStore(db_path, read_only=True) as reader:
        assert reader.partners.count() == 0
    assert db_path.read_bytes() == b"{}"


def test_a_forward_migration_runs_once_with_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = schema.SCHEMA_VERSION
    before = make_db(db_path, "Acme", "Beta")
    calls: list[int] = []

    def step(data: schema.Data) -> schema.Data:
        calls.append(1)
        for record in data["partners"].values():
            record["notes"] = (record.get("notes", "") + " [migrated]").strip()
        return data

    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 1)
    monkeypatch.setitem(schema.MIGRATIONS, now, step)
    with PartnerStore(db_path) as store:
        assert store.storage.found_version == now
        assert {p.notes for p in store.partners.all()} == {"[migrated]"}
    assert calls == [1]
    assert json.loads(db_path.read_text())["meta"] == {"1": {"schema_version": now + 1}}
    assert backup_path(db_path).read_bytes() == before
    with PartnerStore(db_path) as store:  # already at the new version: no second migration
        assert store.storage.found_version == now + 1
    assert calls == [1]
    monkeypatch.undo()
    with pytest.raises(DatabaseNewer):  # and the old version now refuses the v2 file
        PartnerStore(db_path)


def test_a_missing_migration_is_reported(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_db(db_path, "A")
    now = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 2)
    monkeypatch.setitem(schema.MIGRATIONS, now, lambda data: data)
    with pytest.raises(DatabaseUnreadable, match=f"no migration from schema version {now + 1}"):
        PartnerStore(db_path)
    assert db_path.read_bytes() == content


# -- temp files, disk full -------------------------------------------------------------
def test_stale_temp_files_are_cleaned_on_open(db_path: Path) -> None:
    make_db(db_path, "A")
    stale = [
        db_path.with_name(f".{db_path.name}.tmp-12345-abcd"),
        db_path.with_name(f".{backup_path(db_path).name}.tmp-999-ffff"),
    ]
    for path in stale:
        path.write_bytes(b'{"half": ')
    unrelated = db_path.with_name("notes.txt")
    unrelated.write_text("mine")
    with PartnerStore(db_path, read_only=True):
        assert all(path.exists() for path in stale)  # a reader never deletes
    with PartnerStore(db_path) as store:
        assert store.partners.count() == 1
    assert not any(path.exists() for path in stale)
    assert unrelated.read_text() == "mine"


def test_disk_full_is_a_clear_error_and_the_old_file_is_intact(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_db(db_path, "A")
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("B"))
        before = db_path.read_bytes()

        def full(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        with pytest.raises(WriteFailed) as info:
            store.partners.add(new_partner("C"))
        message = str(info.value)
        assert message == f"could not save {db_path}: the disk is full. The previous file is intact."
        assert db_path.read_bytes() == before
        leftovers = [p.name for p in db_path.parent.iterdir() if ".tmp-" in p.name]
        assert leftovers == []
        # Space comes back: the change that failed is saved with the next one.
        monkeypatch.undo()
        store.partners.add(new_partner("D"))
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "B", "C", "D"]


def test_a_failed_write_does_not_duplicate_records(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import partner_tui.store.file.storage as storage

    with PartnerStore(db_path) as store:
        real = storage.atomic_write

        def fail(path: Path, data: bytes, **options: object) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(storage, "atomic_write", fail)
        with pytest.raises(WriteFailed, match="Input/output error"):
            store.partners.add(new_partner("A"))
        with pytest.raises(WriteFailed):
            store.partners.move(store.partners.all()[0].id, Stage.ENGAGE)
        monkeypatch.setattr(storage, "atomic_write", real)
        store.flush()
    with PartnerStore(db_path, read_only=True) as reader:
        assert [(p.company, p.stage) for p in reader.partners.all()] == [("A", Stage.ENGAGE)]


def test_saving_never_keeps_a_mode_wider_than_private(db_path: Path) -> None:
    """A file someone made 0664 (or swapped in as 0666) is written back 0600: the data is
    the person's alone (issue 25); the backup is not left wider either."""
    make_db(db_path, "A")
    db_path.chmod(0o664)
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("B"))
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert db_path.with_name("partners.bak.json").stat().st_mode & 0o777 == 0o600


def test_a_slow_reader_never_sees_a_torn_file(db_path: Path) -> None:
    make_db(db_path, "A")
    stop = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def read_loop() -> None:
        while not stop.is_set():
            try:
                seen.append(len(json.loads(db_path.read_bytes())["partners"]))
            except BaseException as exc:  # noqa: BLE001 - report any tearing
                failures.append(exc)
                return

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        with PartnerStore(db_path) as store:
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline:
                store.partners.add(new_partner("x" * 200))
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert seen == sorted(seen)


def test_a_symlinked_file_is_written_where_it_lives(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "partners.json"
    real.parent.mkdir()
    make_db(real, "A")
    link = tmp_path / "partners.json"
    link.symlink_to(real)
    with PartnerStore(link) as store:
        store.partners.add(new_partner("B"))
    assert link.is_symlink()
    with PartnerStore(real, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["A", "B"]
    assert backup_path(real).exists()


def test_a_symlink_to_a_file_not_made_yet_creates_it_there(tmp_path: Path) -> None:
    link = tmp_path / "partners.json"
    target = tmp_path / "synced" / "later.json"
    link.symlink_to(target)
    with PartnerStore(link) as store:
        store.partners.add(new_partner("A"))
    assert link.is_symlink()
    with PartnerStore(target, read_only=True) as reader:
        assert [p.company for p in reader.partners.all()] == ["A"]


def test_hand_edited_numbers_are_read_exactly_and_written_as_text(db_path: Path) -> None:
    data = valid_file()
    data["partners"]["1"]["potential_value"] = 12500.5  # type: ignore[index]
    db_path.write_text(json.dumps(data))
    with PartnerStore(db_path) as store:
        partner = store.partners.all()[0]
        assert partner.potential_value == Decimal("12500.50")
        store.partners.update(partner)
    stored = next(iter(json.loads(db_path.read_text())["partners"].values()))["potential_value"]
    assert stored == "12500.50"


def test_closing_with_a_damaged_file_raises_it_without_calling_back(db_path: Path) -> None:
    make_db(db_path, "A")
    called: list[StoreError] = []
    store = PartnerStore(db_path, write_behind=True, on_error=called.append)
    store.flush()
    damaged = b"[]"
    db_path.write_bytes(damaged)
    with store.storage.lock:  # hold the change back until close() runs
        store.partners.add(new_partner("Mine"))
        store.storage._closing = True  # what close() sets first
    with pytest.raises(DatabaseUnreadable):
        store.close()
    assert called == []  # reported to the caller of close(), not to a closing UI
    assert db_path.read_bytes() == damaged
