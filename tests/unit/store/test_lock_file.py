"""The lock file beside the data file cannot be turned against its user.

In a shared folder anyone may create '.partners.json.lock' first. Whatever they put there
(a link to another of your files, a folder, a pipe, a device, a socket, a second name of
another file, a file of their own), partner-tui never writes into a file it did not mean
to: it refuses with a message naming the lock file, or locks a stranger's plain file as it
is, byte for byte.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partner_tui.domain.partner import new_partner
from partner_tui.os_compat import files
from partner_tui.store.errors import DatabaseLocked, DatabaseUnreadable
from partner_tui.store.file import lock_file
from partner_tui.store.file.lock import WriterLock, lock_path
from partner_tui.store.file.lock_file import our_note
from partner_tui.store.partner_store import PartnerStore
from tests.helpers.planted import PRECIOUS

REPO = Path(__file__).resolve().parents[3]



def refused(db: Path, what: str) -> str:
    started = time.monotonic()
    with pytest.raises(DatabaseUnreadable) as info:
        PartnerStore(db)
    assert time.monotonic() - started < 5, "never waits on what is there"
    message = str(info.value)
    assert str(lock_path(db)) in message
    assert what in message
    assert "remove it" in message
    return message


def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(
    db_path: Path, precious: Path
) -> None:
    before = precious.stat()
    lock_path(db_path).symlink_to(precious)
    refused(db_path, "is a symbolic link")
    assert precious.read_bytes() == PRECIOUS
    assert precious.stat().st_mtime_ns == before.st_mtime_ns
    assert not db_path.exists(), "nothing was created either"


def test_a_dangling_link_as_lock_file_creates_nothing_at_its_target(
    db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "home" / ".bashrc"
    target.parent.mkdir()
    lock_path(db_path).symlink_to(target)
    refused(db_path, "is a symbolic link")
    assert not target.exists()


def test_a_hard_link_to_another_file_is_refused(db_path: Path, precious: Path) -> None:
    db_path.parent.mkdir(exist_ok=True)
    os.link(precious, lock_path(db_path))
    refused(db_path, "2 names")
    assert precious.read_bytes() == PRECIOUS


def test_a_folder_as_lock_file_is_refused(db_path: Path) -> None:
    lock_path(db_path).mkdir()
    refused(db_path, "is a folder")


def test_a_named_pipe_as_lock_file_is_refused_without_waiting(db_path: Path) -> None:
    os.mkfifo(lock_path(db_path))
    refused(db_path, "named pipe")


def test_a_socket_as_lock_file_is_refused(db_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(lock_path(db_path)))
        refused(db_path, "a socket")
    finally:
        server.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device needs root")
def test_a_device_as_lock_file_is_refused(db_path: Path) -> None:
    os.mknod(lock_path(db_path), stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's
    refused(db_path, "a device")


def test_a_link_to_a_device_is_refused(db_path: Path) -> None:
    lock_path(db_path).symlink_to("/dev/null")
    refused(db_path, "is a symbolic link")


def test_a_strangers_plain_file_is_locked_as_it_is_never_written(db_path: Path) -> None:
    lock = lock_path(db_path)
    lock.write_bytes(PRECIOUS)
    with PartnerStore(db_path) as store:
        store.partners.add(new_partner("Acme"))
        # Only a note is ever shown as the holder's name: not what the stranger wrote.
        with store.storage._writer_lock.hold(), pytest.raises(DatabaseLocked) as info:
            second_process_writes(db_path)
        assert "another process" in str(info.value)
    assert lock.read_bytes() == PRECIOUS


def second_process_writes(db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom partner_tui.domain.partner import new_partner\n"
         "from partner_tui.store.partner_store import PartnerStore\n"
         "from partner_tui.store.errors import DatabaseLocked\n"
         "try:\n    PartnerStore(sys.argv[1], lock_wait=0.2).partners.add(new_partner('B'))\n"
         "except DatabaseLocked as exc:\n"
         "    print(exc.holder); sys.exit(3)\n",
         str(db)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    if result.returncode == 3:
        raise DatabaseLocked(db, result.stdout.strip())
    assert result.returncode == 0, result.stderr


def test_an_old_holders_note_is_replaced_by_ours(db_path: Path) -> None:
    lock = lock_path(db_path)
    lock.write_bytes(b"pid 4242 on old-host.example")  # as the previous version wrote it
    with PartnerStore(db_path):
        assert lock.read_text().strip() == our_note()


def test_a_new_lock_file_is_private(db_path: Path) -> None:
    with PartnerStore(db_path):
        assert stat.S_IMODE(lock_path(db_path).stat().st_mode) == 0o600


def test_without_o_nofollow_a_link_is_still_refused(
    db_path: Path, precious: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no O_NOFOLLOW: the lstat before opening is what sees the link."""
    monkeypatch.setattr(files, "NO_FOLLOW", 0)
    lock_path(db_path).symlink_to(precious)
    refused(db_path, "is a symbolic link")
    assert precious.read_bytes() == PRECIOUS


def test_a_name_swapped_while_it_is_opened_is_refused_unwritten(
    db_path: Path, precious: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock file looked at (lstat) is not the one opened (fstat): someone swapped the
    name in between. Nothing is written to what was opened."""
    lock = lock_path(db_path)
    lock.write_bytes(b"")
    decoy = db_path.parent / "decoy"
    decoy.write_bytes(b"")
    real_lstat = os.lstat
    monkeypatch.setattr(
        lock_file.os, "lstat", lambda p: real_lstat(decoy) if Path(p) == lock else real_lstat(p)
    )
    refused(db_path, "replaced while it was being opened")
    assert lock.read_bytes() == b""


def test_the_writer_lock_alone_refuses_a_link_too(db_path: Path, precious: Path) -> None:
    lock_path(db_path).symlink_to(precious)
    with pytest.raises(DatabaseUnreadable, match="symbolic link"):
        WriterLock(db_path).acquire(timeout=0.2)
    assert precious.read_bytes() == PRECIOUS


def test_a_link_planted_just_before_the_lock_file_is_created_gets_nothing_written(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows follows a dangling link even when creating a new file (there is no
    O_NOFOLLOW, and O_EXCL does not stop it there). Played here: the name is free when
    looked at, a link appears, and the create lands on its target. The name is checked
    again after opening: refused, and nothing is written to what was created."""
    lock = lock_path(db_path)
    target = tmp_path / "home" / "startup.cmd"
    target.parent.mkdir()
    real_open = os.open

    def windows_like(path: str | os.PathLike[str], flags: int, *mode: int) -> int:
        if Path(path) == lock and flags & os.O_EXCL:
            lock.symlink_to(target)  # planted in between
            return real_open(target, flags, *mode)  # followed, as Windows does
        return real_open(path, flags, *mode)

    monkeypatch.setattr(lock_file.os, "open", windows_like)
    refused(db_path, "is a symbolic link")
    assert target.read_bytes() == b""
