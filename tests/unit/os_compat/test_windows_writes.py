"""The Windows branches of the atomic write, run on Linux (os_compat.WINDOWS set).

Windows refuses os.replace while another program has the file open (WinError 5 or 32, a
PermissionError): partner-tui tries again for a while, then says so, keeping the old file
whole and leaving no temp file behind. It does not fsync a folder there, and sets no mode
bits.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from partner_tui import os_compat
from partner_tui.domain.partner import new_partner
from partner_tui.os_compat import files
from partner_tui.store.errors import WriteFailed
from partner_tui.store.file.atomic_write import atomic_write, temp_prefix
from partner_tui.store.partner_store import PartnerStore

REAL_REPLACE = os.replace


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os_compat, "WINDOWS", True)
    monkeypatch.setattr(files, "REPLACE_PATIENCE", 0.3)


def refuse_replace(monkeypatch: pytest.MonkeyPatch, times: int | None) -> list[int]:
    """os.replace fails as Windows fails while another program has the file open: `times`
    times, or always (None). Returns the list of attempts."""
    real = os.replace
    attempts: list[int] = []

    def busy(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        attempts.append(1)
        if times is None or len(attempts) <= times:
            raise PermissionError(
                errno.EACCES,
                "The process cannot access the file because it is being used by another "
                "process",
            )
        real(source, target)

    monkeypatch.setattr(os, "replace", busy)
    return attempts


def temps(path: Path) -> list[str]:
    return [p.name for p in path.parent.iterdir() if p.name.startswith(temp_prefix(path))]


def test_a_file_held_open_briefly_is_replaced_once_it_is_let_go(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "partners.json"
    path.write_bytes(b"old")
    attempts = refuse_replace(monkeypatch, times=3)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert len(attempts) == 4
    assert temps(path) == []


def test_a_file_held_open_for_good_is_a_clear_error_and_the_old_file_stays(
    db_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
        before = db_path.read_bytes()
        attempts = refuse_replace(monkeypatch, times=None)
        with pytest.raises(WriteFailed) as info:
            store.partners.add(new_partner("Beta"))
        assert str(info.value) == (
            f"could not save {db_path}: another program has the file open (an editor, a "
            "sync tool or a virus scanner?); tried for 0.3 s. The previous file is intact."
        )
        assert len(attempts) > 1, "it was tried again"
        assert db_path.read_bytes() == before
        assert temps(db_path) == []
        monkeypatch.setattr(os, "replace", REAL_REPLACE)
        store.flush()  # let go: the change is saved with the next write
    with PartnerStore(db_path, read_only=True) as reader:
        assert sorted(p.company for p in reader.partners.all()) == ["Acme", "Beta"]


def test_a_real_permission_problem_is_not_retried_on_posix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os_compat, "WINDOWS", False)
    path = tmp_path / "partners.json"
    attempts = refuse_replace(monkeypatch, times=None)
    with pytest.raises(PermissionError) as info:
        atomic_write(path, b"new")
    assert not isinstance(info.value, files.FileInUse)
    assert len(attempts) == 1
    assert temps(path) == []


def test_no_folder_is_opened_for_fsync_on_windows(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    opened: list[str] = []

    def watch(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", watch)
    atomic_write(tmp_path / "partners.json", b"data")
    assert str(tmp_path) not in opened
    assert len(opened) == 1  # the temp file only


def test_no_mode_bits_are_set_on_windows(
    tmp_path: Path, windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(os, "fchmod", lambda fd, mode: calls.append(mode), raising=False)
    atomic_write(tmp_path / "export.csv", b"a,b\r\n", mode=0o644)
    assert calls == []
    assert (tmp_path / "export.csv").read_bytes() == b"a,b\r\n"


def test_posix_sets_the_mode_on_the_new_file_before_it_takes_the_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    atomic_write(path, b"x", mode=0o640)
    assert path.stat().st_mode & 0o777 == 0o640


def test_written_bytes_are_kept_exactly(tmp_path: Path, windows: None) -> None:
    """O_BINARY on Windows: no "\\n" becomes "\\r\\n" (nothing to add on Linux, where the
    flag is 0; the flag is asked for through os_compat either way)."""
    path = tmp_path / "partners.json"
    data = b'{\n  "a": "x\\r\\ny"\n}\r\n'
    atomic_write(path, data)
    assert path.read_bytes() == data
    assert files.BINARY == getattr(os, "O_BINARY", 0)


def test_where_hard_links_are_refused_the_backup_is_a_copy(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT and exFAT drives (and some network shares) have no hard links: os.link fails,
    and the session's backup is a copy of the file instead."""
    from partner_tui.store.file.backup import backup_path

    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
    opened = db_path.read_bytes()

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Beta"))
    assert backup_path(db_path).read_bytes() == opened
    assert backup_path(db_path).stat().st_ino != db_path.stat().st_ino
    assert temps(backup_path(db_path)) == []
