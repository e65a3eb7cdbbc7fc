"""The writer lock's API: refused at once, waited for with a timeout, held for a block,
taken in turns by threads, freed by a dead holder, and the same where flock is missing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from partner_tui.os_compat import locking
from partner_tui.store.errors import DatabaseLocked
from partner_tui.store.file.lock import WriterLock, lock_path
from partner_tui.store.file.lock_file import our_note

REPO = Path(__file__).resolve().parents[3]

HOLD_THEN_WAIT = """
import sys
from pathlib import Path
from partner_tui.store.file.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
sys.stdin.readline()
"""


def holder_process(db: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_THEN_WAIT, str(db)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def finish(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
    child.wait(timeout=10)


def test_acquire_is_refused_at_once_and_names_the_holder(db_path: Path) -> None:
    child = holder_process(db_path)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLocked) as info:
            WriterLock(db_path).acquire()
        assert time.monotonic() - started < 1.0
        assert f"pid {child.pid} on " in str(info.value)
    finally:
        finish(child)


def test_acquire_waits_up_to_its_timeout_then_names_the_holder(db_path: Path) -> None:
    child = holder_process(db_path)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLocked, match=f"pid {child.pid} on "):
            WriterLock(db_path).acquire(timeout=0.3)
        assert 0.3 <= time.monotonic() - started < 2.0
    finally:
        finish(child)


def test_acquire_with_a_timeout_gets_the_lock_once_the_holder_lets_go(db_path: Path) -> None:
    child = holder_process(db_path)
    try:
        assert child.stdin is not None
        threading.Timer(0.3, lambda: (child.stdin.write("\n"), child.stdin.flush())).start()
        lock = WriterLock(db_path)
        lock.acquire(timeout=10)
        assert lock.held
        assert child.wait(timeout=10) == 0  # it had let go before we got it
        lock.release()
    finally:
        finish(child)


def test_a_killed_holder_frees_the_lock(db_path: Path) -> None:
    child = holder_process(db_path)
    child.kill()
    child.wait(timeout=10)
    lock = WriterLock(db_path)
    lock.acquire()
    assert lock.held
    lock.release()
    assert not lock.held


def test_hold_takes_and_frees_the_lock_for_one_block(db_path: Path) -> None:
    lock = WriterLock(db_path)
    with lock.hold(timeout=1):
        assert lock.held
        with pytest.raises(DatabaseLocked, match=our_note()):
            WriterLock(db_path).acquire()
    assert not lock.held
    other = WriterLock(db_path)
    other.acquire()  # free again
    other.release()


def test_hold_inside_a_session_long_hold_leaves_it_held(db_path: Path) -> None:
    lock = WriterLock(db_path)
    lock.acquire()
    with lock.hold():
        assert lock.held
    assert lock.held, "the session's lock is still held after one write"
    lock.release()


def test_hold_waits_for_another_process_then_says_who(db_path: Path) -> None:
    child = holder_process(db_path)
    try:
        with pytest.raises(DatabaseLocked, match=f"pid {child.pid}"):
            with WriterLock(db_path).hold(timeout=0.2):
                pytest.fail("the block must not run without the lock")
    finally:
        finish(child)


def test_threads_sharing_one_lock_take_turns(db_path: Path) -> None:
    lock = WriterLock(db_path)
    inside = 0
    most_inside = 0
    guard = threading.Lock()

    def write() -> None:
        nonlocal inside, most_inside
        with lock.hold(timeout=10):
            with guard:
                inside += 1
                most_inside = max(most_inside, inside)
            time.sleep(0.01)  # a write's duration, so turns overlap if they could
            with guard:
                inside -= 1

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_inside == 1
    assert not lock.held


def test_two_lock_objects_of_one_process_take_turns_with_a_timeout(db_path: Path) -> None:
    first, second = WriterLock(db_path), WriterLock(db_path)
    first.acquire()
    threading.Timer(0.2, first.release).start()
    second.acquire(timeout=10)
    assert second.held and not first.held
    second.release()


def test_the_lock_file_stays_and_names_its_last_holder(db_path: Path) -> None:
    lock = WriterLock(db_path)
    lock.acquire()
    lock.release()
    assert lock_path(db_path).read_text().strip() == our_note()


# -- where flock is missing: POSIX record locks ------------------------------------------
@pytest.fixture
def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    """filelock's native lock says flock is not there, as on a Python without fcntl or on a
    file system without flock."""
    native = locking._filelock()

    def missing(fd: int, *, blocking: bool = True, poll_interval: float = 0.05) -> bool:
        raise OSError(errno.ENOSYS, "fcntl is unavailable")

    monkeypatch.setattr(native, "lock_descriptor", missing)


def test_without_flock_record_locks_stop_another_process(db_path: Path, no_flock: None) -> None:
    lock = WriterLock(db_path)
    lock.acquire()
    try:
        code = (
            "import sys, os, errno\n"
            "from partner_tui.os_compat import locking\n"
            "native = locking._filelock()\n"
            "def missing(fd, **kw): raise OSError(errno.ENOSYS, 'no flock')\n"
            "native.lock_descriptor = missing\n"
            "from partner_tui.store.file.lock import WriterLock\n"
            "from pathlib import Path\n"
            "try:\n"
            "    WriterLock(Path(sys.argv[1])).acquire()\n"
            "except Exception as exc:\n"
            "    print(exc); sys.exit(3)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(db_path)],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 3, result.stderr
        assert f"pid {os.getpid()} on " in result.stdout
    finally:
        lock.release()


def test_without_flock_a_second_lock_in_the_process_is_refused_and_the_first_kept(
    db_path: Path, no_flock: None
) -> None:
    first = WriterLock(db_path)
    first.acquire()
    with pytest.raises(DatabaseLocked):
        WriterLock(db_path).acquire(timeout=0.1)
    # The refused one never opened the lock file: the first still holds its record lock.
    child = subprocess.run(
        [sys.executable, "-c",
         "import os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
         "sys.exit(0 if os.lockf(fd, os.F_TEST, 0) is None else 1)",
         str(lock_path(db_path))],
        capture_output=True, text=True, timeout=30,
    )
    assert child.returncode != 0, "another process sees the record lock still held"
    assert "Errno" in child.stderr
    first.release()
