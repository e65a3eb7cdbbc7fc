"""Names another user put beside the data file (a shared or sticky folder such as /tmp):
their lock file and their backup are named with their owner in every message, their
backup is never offered as a restore, and a folder others can write to anywhere above the
data file is warned about by every command that writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from partner_tui.cli import main
from partner_tui.domain.partner import new_partner
from partner_tui.os_compat import locking
from partner_tui.os_compat.plain_files import owner_name
from partner_tui.store.errors import DatabaseLocked, WriteFailed
from partner_tui.store.file import atomic_write as atomic
from partner_tui.store.file.backup import backup_path, known_backup
from partner_tui.store.file.lock import WriterLock, lock_path
from partner_tui.store.partner_store import PartnerStore

# Files another user owns: made by root, given away (a test run as root, as CI runs).
NOBODY = 65534
pytestmark = pytest.mark.skipif(
    os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another user needs root (POSIX)",
)
THEM = owner_name(NOBODY)


def theirs(path: Path, content: bytes, mode: int = 0o666) -> Path:
    path.write_bytes(content)
    path.chmod(mode)
    os.chown(path, NOBODY, -1)
    return path


def test_a_held_lock_file_of_another_user_is_named_with_its_owner(db_path: Path) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
    lock_path(db_path).unlink()
    theirs(lock_path(db_path), b"\npid 1 on trusted-admin-host")
    fd = os.open(lock_path(db_path), os.O_RDWR)
    unlock = locking.lock_nowait(fd)  # held, as the other user's process would hold it
    assert unlock is not None
    try:
        with pytest.raises(DatabaseLocked) as info:
            WriterLock(db_path).acquire(timeout=0)
    finally:
        unlock()
        os.close(fd)
    message = str(info.value)
    assert f"says the lock file {lock_path(db_path)}, which belongs to {THEM}" in message
    assert "\n" not in message


def test_a_backup_of_another_user_that_cannot_be_replaced_is_named(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
    theirs(backup_path(db_path), b"{}")

    def sticky_refusal(source: Path, target: Path) -> None:
        # What a sticky folder does to a non-root user (root is let through).
        raise PermissionError(1, "Operation not permitted", str(target))

    from partner_tui.store.file import backup

    monkeypatch.setattr(backup, "preserve", sticky_refusal)
    before = db_path.read_bytes()
    store = PartnerStore(db_path)
    with pytest.raises(WriteFailed) as info:
        store.partners.add(new_partner("Beta"))
    message = str(info.value)
    assert f"its backup {backup_path(db_path)} belongs to another user ({THEM})" in message
    assert "permission denied" not in message
    assert db_path.read_bytes() == before
    monkeypatch.setattr(backup, "preserve", atomic.preserve)  # removed, say: saved now
    store.close()
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["Acme", "Beta"]


def test_another_users_backup_is_never_offered_as_a_restore(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs(backup_path(db_path), b'{"partners": {}}')
    assert known_backup(db_path) is None
    assert main(["--db", str(db_path), "demo"]) == 1
    err = capsys.readouterr().err
    assert f"belongs to another user ({THEM})" in err
    assert "cp " not in err and "restore" not in err
    assert not db_path.exists()
    db_path.write_bytes(b"not json")  # a damaged file: the message offers no backup either
    assert main(["--db", str(db_path), "list"]) == 1
    err = capsys.readouterr().err
    assert "A backup exists" not in err


@pytest.mark.parametrize(
    "command",
    [["move", "Acme", "engage"], ["log", "Acme", "called"], ["import-deals", "DEALS"],
     ["import", "ROWS"], ["export", "-f", "csv", "-o", "OUT"]],
)
def test_a_folder_others_can_write_to_above_the_data_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    shared = tmp_path / "shared"
    data = shared / "mine" / "data"
    data.mkdir(parents=True)
    shared.chmod(0o777)  # world-writable, no sticky bit: two levels above the file
    db = data / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme"))
    (tmp_path / "rows.csv").write_text("company\nBeta\n")
    (tmp_path / "deals.csv").write_text("partner,customer,domain\nAcme,Cust,cust.example\n")
    args = [{"DEALS": str(tmp_path / "deals.csv"), "ROWS": str(tmp_path / "rows.csv"),
             "OUT": str(tmp_path / "out.csv")}.get(a, a) for a in command]
    main(["--db", str(db), *args])
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert f"other users can write in {shared}, a folder above partners.json" in warnings[0]


def test_a_sticky_folder_above_is_not_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "sticky"
    (shared / "mine").mkdir(parents=True)
    shared.chmod(0o1777)  # as /tmp: only a name's owner may rename it
    db = shared / "mine" / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme"))
    assert main(["--db", str(db), "log", "Acme", "called"]) == 0
    assert "warning" not in capsys.readouterr().err
