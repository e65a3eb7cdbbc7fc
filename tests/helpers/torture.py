"""The reliability suite's tools: the REAL program in a pseudo-terminal, data files, the
command line in a child process, and the tally of figures printed at the end of a run."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from partner_tui.domain.partner import new_partner
from partner_tui.domain.stages import ArchiveReason, Stage
from partner_tui.store.file.atomic_write import temp_prefix
from partner_tui.store.partner_store import PartnerStore

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]
# How many times the torture loops kill the program; raise them for a longer hunt
# (bench/torture_kill.py does that), the defaults keep the suite bounded.
IMPORT_KILLS = int(os.environ.get("TORTURE_IMPORT_KILLS", "82"))
APP_KILLS = int(os.environ.get("TORTURE_APP_KILLS", "18"))

SHIFT_RIGHT = b"\x1b[1;2C"
# On the board's key bar, which appears once the app has read the file (its first paint
# may come from the last session's preview, before the file is read).
READY = "Quit"
SHIFT_LEFT = b"\x1b[1;2D"
CTRL_C = b"\x03"
CTRL_Q = b"\x11"

TALLY: collections.Counter[str] = collections.Counter()


def program() -> list[str]:
    """The installed `partner-tui` entry point (the real program), else `python -m`."""
    script = Path(PYTHON).with_name("partner-tui")
    return [str(script)] if script.exists() else [PYTHON, "-m", "partner_tui"]


def child_env(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PARTNER_TUI_STATE_DIR": str(tmp / "state"),
        "PARTNER_TUI_CONFIG_DIR": str(tmp / "config"),
        "PARTNER_TUI_DB": str(tmp / "env-default.json"),
    }
    for name in ("TEXTUAL", "TEXTUAL_DRIVER", "PYTEST_CURRENT_TEST", "COLUMNS", "LINES"):
        env.pop(name, None)
    return env


def run_cli(tmp: Path, *args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*program(), *map(str, args)],
        capture_output=True, text=True, env=child_env(tmp), cwd=tmp, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# -- data files ---------------------------------------------------------------------------
def make_db(path: Path, *, tracked: str = "Tracked Co", archived: int = 0) -> str:
    """A file with one card on the board (in Prospect) and `archived` others off it.

    The archived partners make every save write a realistically large file (so a save
    takes long enough to be caught half-way) without crowding the board.
    """
    with PartnerStore(path) as store:
        card = store.partners.add(new_partner(tracked))
        if archived:
            store.partners.add_many([
                new_partner(f"Archived {i:05d}", Stage.ARCHIVED,
                            archive_reason=ArchiveReason.PAUSED, notes="x" * 200)
                for i in range(archived)
            ])
    return card.id


def stage_of(path: Path, partner_id: str) -> Stage:
    with PartnerStore(path, read_only=True) as store:
        return store.partners.get(partner_id).stage


def count(path: Path) -> int:
    with PartnerStore(path, read_only=True) as store:
        return store.partners.count()


def temps(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(temp_prefix(path)))


# -- the real app in a pseudo-terminal ----------------------------------------------------------
# Terminal control sequences: CSI, DCS/PM/APC strings, OSC strings, and two-byte escapes.
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"
    rb"|\x1b[PX^_].*?\x1b\\"
    rb"|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"
    rb"|\x1b[@-Z\\-_78=>]"
)


class PtyApp:
    """partner-tui started exactly as a person starts it, on a terminal of its own.

    The pty is the child's controlling terminal, so closing it really hangs up (SIGHUP).
    A thread drains the output (a full pty would block the app) and keeps it as text.
    """

    def __init__(self, args: list[str | Path], tmp: Path, size: tuple[int, int] = (120, 40)):
        cols, rows = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def become_session_leader() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [*program(), *map(str, args)],
            stdin=slave, stdout=slave, stderr=slave, env=child_env(tmp), cwd=tmp,
            preexec_fn=become_session_leader, close_fds=True,
        )
        os.close(slave)
        self.master: int | None = master
        self._raw = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            fd = self.master
            if fd is None:
                return
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(fd, 65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            with self._lock:
                self._raw += chunk

    @property
    def raw(self) -> bytes:
        """Every byte the program wrote to its terminal so far, escape sequences and all."""
        with self._lock:
            return bytes(self._raw)

    @property
    def text(self) -> str:
        """Everything drawn so far, escape sequences removed (good enough to find words)."""
        with self._lock:
            raw = bytes(self._raw)
        return ANSI.sub(b"", raw).decode("utf-8", "replace")

    def mark(self) -> int:
        with self._lock:
            return len(self._raw)

    def text_since(self, mark: int) -> str:
        with self._lock:
            raw = bytes(self._raw[mark:])
        return ANSI.sub(b"", raw).decode("utf-8", "replace")

    def wait_for(self, words: str, timeout: float = 20, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.text_since(since):
                return
            if self.proc.poll() is not None:
                time.sleep(0.1)
                if words in self.text_since(since):
                    return
                raise AssertionError(f"the app ended ({self.proc.returncode}) before "
                                     f"showing {words!r}:\n{self.text[-2000:]}")
            time.sleep(0.02)
        raise AssertionError(f"{words!r} never appeared:\n{self.text[-2000:]}")

    def send(self, data: bytes) -> None:
        assert self.master is not None
        os.write(self.master, data)

    def wait_exit(self, timeout: float = 15) -> int:
        return self.proc.wait(timeout=timeout)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(sig)

    def close_terminal(self) -> None:
        """Hang up: close our side of the pty, as a closed terminal window does."""
        fd, self.master = self.master, None
        if fd is not None:
            os.close(fd)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.kill(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        self.close_terminal()
        self._reader.join(timeout=2)


