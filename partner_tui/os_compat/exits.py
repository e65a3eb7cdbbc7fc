"""How a running app is told to leave without `q`, on each system, so it saves first.

- Linux and macOS: SIGTERM (`kill`, a shutdown) and SIGHUP (the terminal window closed, an
  SSH connection dropped), watched by the event loop.
- Windows has neither: asyncio cannot watch signals there and no SIGHUP exists. Ctrl+Break
  arrives as SIGBREAK (through signal.signal); closing the console window, logging off and
  shutting down arrive as console control events, which only a handler registered with
  SetConsoleCtrlHandler (through ctypes) sees. Windows ends the process as soon as that
  handler returns (at most 5 s after a window closes), so the handler saves and leaves at
  once. `taskkill /F` and the Task Manager's "End task" end a process with no notice at
  all: what was not saved yet is lost there (README says so).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import Any

from partner_tui import os_compat

# What a shell reports for a process ended by SIGHUP (1) and SIGTERM (15) on every POSIX
# system; the app leaves with these codes after saving.
HANGUP_EXIT = 128 + 1
TERMINATE_EXIT = 128 + 15

# Windows console control events that end the process (wincon.h).
CTRL_CLOSE_EVENT = 2
CTRL_LOGOFF_EVENT = 5
CTRL_SHUTDOWN_EVENT = 6
_ENDING_EVENTS = (CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT)

# ctypes calls the console handler later: it must live as long as the process.
_kept_alive: list[Any] = []


def install(
    loop: asyncio.AbstractEventLoop,
    *,
    terminate: Callable[[], None],
    hang_up: Callable[[], None],
) -> list[str]:
    """Call `terminate` when asked to stop, `hang_up` when the terminal is gone. Returns
    what is watched on this system (for tests and diagnostics)."""
    watched: list[str] = []
    if not os_compat.WINDOWS:
        for name, handler in (("SIGTERM", terminate), ("SIGHUP", hang_up)):
            number = getattr(signal, name, None)  # a Python without it watches the rest
            if number is None:
                continue
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, handler)
                watched.append(name)
        return watched
    sigbreak = getattr(signal, "SIGBREAK", None)
    if sigbreak is not None:
        with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
            signal.signal(sigbreak, lambda _number, _frame: loop.call_soon_threadsafe(terminate))
            watched.append("SIGBREAK")
    if watch_console_close(hang_up):
        watched.append("console closed")
    return watched


def console_event(event: int, hang_up: Callable[[], None]) -> bool:
    """The console handler's answer: True (handled) for the events that end the process."""
    if event not in _ENDING_EVENTS:
        return False  # Ctrl+C and Ctrl+Break: left to the signal handlers
    hang_up()
    return True


def watch_console_close(hang_up: Callable[[], None]) -> bool:
    """Windows: call `hang_up` (on a thread of Windows' own) when the console window is
    closed, the user logs off or the machine shuts down. False where that cannot be
    watched (not Windows, or no ctypes)."""
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handler_type = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):
        return False
    handler = handler_type(lambda event: console_event(event, hang_up))
    _kept_alive.append(handler)
    return bool(kernel32.SetConsoleCtrlHandler(handler, True))
