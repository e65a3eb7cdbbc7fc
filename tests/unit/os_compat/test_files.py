"""os_compat/files.py: each system's branch (the Windows and macOS ones run on Linux with
os_compat's flags set), and what a name beside the data file may be."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

from partner_tui import os_compat
from partner_tui.os_compat import files


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os_compat, "WINDOWS", True)


def test_paths_are_quoted_for_cmd_and_powershell_on_windows(windows: None) -> None:
    assert files.quote_arg(r"C:\Users\Ann Lee\partners.json") == (
        r'"C:\Users\Ann Lee\partners.json"'
    )
    assert files.quote_arg(r"C:\data\p.json") == r"C:\data\p.json"
    assert files.copy_command(Path("a b.json"), Path("c.json")) == 'copy "a b.json" c.json'
    # textual-serve runs each browser tab's command through cmd.exe there.
    assert files.shell_join([r"C:\Program Files\Python\python.exe", "-m", "x"]) == (
        r'"C:\Program Files\Python\python.exe" -m x'
    )


def test_paths_are_quoted_for_posix_shells() -> None:
    assert files.quote_arg("/home/ann/my partners.json") == "'/home/ann/my partners.json'"
    assert files.copy_command(Path("a b.json"), Path("c.json")) == "cp 'a b.json' c.json"


def test_macos_asks_the_drive_for_a_full_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    fake = types.SimpleNamespace(F_FULLFSYNC=51, fcntl=lambda fd, op: calls.append((fd, op)))
    monkeypatch.setattr(os_compat, "MACOS", True)
    monkeypatch.setitem(sys.modules, "fcntl", fake)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT)
    try:
        files.flush_to_disk(fd)
    finally:
        os.close(fd)
    assert calls == [(fd, 51)]
    assert synced == []


def test_without_a_full_flush_macos_falls_back_to_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os_compat, "MACOS", True)
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fails
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    files.flush_to_disk(7)
    assert synced == [7]


@pytest.mark.parametrize(
    ("mode", "open_to_others"),
    [(0o700, False), (0o755, False), (0o777, True), (0o1777, False), (0o757, True),
     (0o703, True)],
)
def test_who_else_may_write_in_a_folder(tmp_path: Path, mode: int, open_to_others: bool) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    assert files.open_to_others(folder) is open_to_others


def test_a_group_writable_folder_is_open_unless_the_group_is_the_owners_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    folder.chmod(0o775)
    monkeypatch.setattr(files, "_private_group", lambda st: False)
    assert files.open_to_others(folder) is True
    monkeypatch.setattr(files, "_private_group", lambda st: True)
    assert files.open_to_others(folder) is False


def test_folder_modes_are_not_read_on_windows(tmp_path: Path, windows: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert files.open_to_others(folder) is False


def test_what_a_name_is(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(b"x")
    assert files.what_it_is(os.lstat(plain)) is None
    link = tmp_path / "link"
    link.symlink_to(plain)
    assert files.what_it_is(os.lstat(link)) == "a symbolic link"
    os.link(plain, tmp_path / "second-name")
    assert files.what_it_is(os.lstat(plain)) == "a file with 2 names (hard links to one file)"
    assert files.what_it_is(os.lstat(tmp_path)) == "a folder"
    os.mkfifo(tmp_path / "pipe")
    assert files.what_it_is(os.lstat(tmp_path / "pipe")) == "a named pipe (FIFO)"


def test_read_regular_refuses_a_pipe_at_once_and_a_link(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError):
        files.read_regular(tmp_path / "pipe")
    (tmp_path / "real").write_bytes(b"data")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(OSError):
        files.read_regular(tmp_path / "link")
    assert files.read_regular(tmp_path / "real") == b"data"


def test_read_regular_reads_only_up_to_its_limit(tmp_path: Path) -> None:
    """A kept board of megabytes is asked only which key it holds (state_cache.is_kept)."""
    (tmp_path / "big").write_bytes(b"k" * 300 + b"rest" * 1_000_000)
    assert files.read_regular(tmp_path / "big", 200) == b"k" * 200
    assert files.read_regular(tmp_path / "big", 10_000) == b"k" * 300 + b"rest" * 2425
    (tmp_path / "small").write_bytes(b"data")
    assert files.read_regular(tmp_path / "small", 200) == b"data"
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError):
        files.read_regular(tmp_path / "pipe", 200)


def test_read_regular_reads_a_file_grown_after_it_was_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One read as large as the file, then on to the end: bytes written meanwhile are
    read too (the file is measured before its first read)."""
    path = tmp_path / "growing"
    path.write_bytes(b"a" * 5000)
    real_fstat = os.fstat

    def measured_then_grown(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        with path.open("ab") as more:
            more.write(b"b" * 3_000_000)
        return status

    monkeypatch.setattr(os, "fstat", measured_then_grown)
    assert files.read_regular(path) == b"a" * 5000 + b"b" * 3_000_000
