"""What is watched so the app saves before it leaves: SIGTERM and SIGHUP on POSIX (and no
SIGHUP where Python has none), Ctrl+Break and a closed console window on Windows (its
branch run on Linux with stand-ins for what only Windows has)."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

import pytest

from partner_tui import os_compat
from partner_tui.os_compat import exits


class FakeLoop:
    def __init__(self) -> None:
        self.handlers: dict[int, Callable[[], None]] = {}
        self.soon: list[Callable[[], None]] = []

    def add_signal_handler(self, number: int, handler: Callable[[], None]) -> None:
        self.handlers[number] = handler

    def call_soon_threadsafe(self, handler: Callable[[], None]) -> None:
        self.soon.append(handler)


def nothing() -> None:
    return None


def test_posix_watches_terminate_and_hang_up() -> None:
    loop = FakeLoop()
    watched = exits.install(loop, terminate=nothing, hang_up=nothing)  # type: ignore[arg-type]
    assert watched == ["SIGTERM", "SIGHUP"]
    assert set(loop.handlers) == {signal.SIGTERM, signal.SIGHUP}


def test_a_python_without_sighup_watches_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(signal, "SIGHUP")
    loop = FakeLoop()
    watched = exits.install(loop, terminate=nothing, hang_up=nothing)  # type: ignore[arg-type]
    assert watched == ["SIGTERM"]


def test_windows_ctrl_break_asks_the_loop_to_terminate(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGBREAK (Windows only) stood in for by SIGUSR1; the handler runs between bytecodes
    and hands the work to the event loop's thread."""
    monkeypatch.setattr(os_compat, "WINDOWS", True)
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)
    previous = signal.getsignal(signal.SIGUSR1)
    loop = FakeLoop()
    terminated: list[bool] = []
    try:
        watched = exits.install(
            loop,  # type: ignore[arg-type]
            terminate=lambda: terminated.append(True),
            hang_up=nothing,
        )
        assert "SIGBREAK" in watched
        assert loop.handlers == {}, "asyncio cannot watch signals on Windows"
        os.kill(os.getpid(), signal.SIGUSR1)
        assert len(loop.soon) == 1
        loop.soon[0]()
        assert terminated == [True]
    finally:
        signal.signal(signal.SIGUSR1, previous)


def test_the_console_handler_leaves_only_on_events_that_end_the_process() -> None:
    left: list[bool] = []
    for event in (0, 1):  # Ctrl+C, Ctrl+Break: for the signal handlers
        assert exits.console_event(event, lambda: left.append(True)) is False
    assert left == []
    for event in (exits.CTRL_CLOSE_EVENT, exits.CTRL_LOGOFF_EVENT, exits.CTRL_SHUTDOWN_EVENT):
        assert exits.console_event(event, lambda: left.append(True)) is True
    assert left == [True, True, True]


def test_a_closed_console_window_saves_through_the_registered_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What Windows does, played with stand-ins for kernel32 and WINFUNCTYPE: the handler
    given to SetConsoleCtrlHandler is called on a thread of its own with CTRL_CLOSE_EVENT."""
    registered: list[Any] = []

    class Kernel32:
        def SetConsoleCtrlHandler(self, handler: Any, add: bool) -> int:  # noqa: N802
            registered.append((handler, add))
            return 1

    monkeypatch.setattr(ctypes, "WinDLL", lambda *a, **k: Kernel32(), raising=False)
    monkeypatch.setattr(ctypes, "WINFUNCTYPE", lambda *types: (lambda f: f), raising=False)
    hung_up = threading.Event()
    assert exits.watch_console_close(hung_up.set) is True
    handler, add = registered[0]
    assert add is True
    windows_thread = threading.Thread(target=handler, args=(exits.CTRL_CLOSE_EVENT,))
    windows_thread.start()
    windows_thread.join(timeout=10)
    assert hung_up.is_set()


def test_console_close_is_not_watched_where_windows_is_not() -> None:
    assert exits.watch_console_close(nothing) is False
