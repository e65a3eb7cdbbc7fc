"""Copy text everywhere it might help, and say honestly where it arrived.

Three routes, because no single one works in every terminal:

1. the system clipboard through pyperclip, but only where `determine_clipboard()`
   finds a real tool (xclip, xsel, wl-copy, pbcopy, ...);
2. the terminal's own clipboard through OSC 52 (the app's `copy_to_clipboard`),
   which also works over SSH;
3. a file in the state folder (`last-outreach.txt`), which always works.

Nothing here may crash the app or write on its screen. Textual paints on fd 2, so
redirecting fd 2 around pyperclip would blank the UI; instead the copy function pyperclip
picks is run with a quiet `subprocess` of our own (`_QuietSubprocess`), given to that one
call only (`_quiet_copy`): pyperclip's module, and anyone else using it, is left as it is.
A tool that hangs (a DISPLAY that does not answer) is killed after `timeout`.

No Textual import: the caller passes its `copy_to_clipboard` as a plain callable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from partner_tui import os_compat
from partner_tui.domain.safe_text import clean_text
from partner_tui.os_compat.plain_files import private_folder
from partner_tui.store.file.atomic_write import atomic_write

LAST_COPY_FILE = "last-outreach.txt"
DEFAULT_TIMEOUT = 1.5

# Looked up through this name so tests can pretend a tool is installed.
_executable: Callable[[str], str | None] = shutil.which


@dataclass(frozen=True)
class RouteResult:
    """How one route fared: ok, and a few words for the toast ("xclip", "timed out")."""

    ok: bool
    detail: str


@dataclass(frozen=True)
class CopyReport:
    system: RouteResult
    terminal: RouteResult
    file: RouteResult
    path: Path

    @property
    def any_ok(self) -> bool:
        return self.system.ok or self.terminal.ok or self.file.ok

    def message(self) -> str:
        """The toast: what worked, what did not, and where the file is."""
        lines = []
        if self.system.ok:
            lines.append(f"✓ System clipboard ({self.system.detail})")
        else:
            lines.append(f"✗ System clipboard: {self.system.detail}")
        if self.terminal.ok:
            # Sent, not "copied": whether the terminal lets an app set its clipboard
            # (many ask, or refuse by default) is something the app cannot see.
            lines.append(
                "✓ Sent to your terminal (OSC 52): on its clipboard where the terminal allows it"
            )
        else:
            lines.append(f"✗ Terminal clipboard (OSC 52): {self.terminal.detail}")
        if self.file.ok:
            lines.append(f"✓ Saved to {self.path}")
        else:
            lines.append(f"✗ Not saved to {self.path}: {self.file.detail}")
        return "\n".join(lines)


# -- route 3: the file ------------------------------------------------------------------
def write_last_copy(text: str, folder: Path) -> RouteResult:
    """Write the text to folder/last-outreach.txt: a new temp file renamed over it, so
    never half a draft, and never written through a link someone put in its place."""
    path = folder / LAST_COPY_FILE
    try:
        private_folder(folder)  # 0700 whatever the umask
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        return RouteResult(False, exc.strerror or str(exc))
    return RouteResult(True, str(path))


# -- route 2: the terminal ----------------------------------------------------------------
def send_to_terminal(text: str, terminal_copy: Callable[[str], object]) -> RouteResult:
    try:
        terminal_copy(text)
    except Exception as exc:  # noqa: BLE001 - a closing app, a dead driver: report, never raise
        return RouteResult(False, str(exc) or type(exc).__name__)
    return RouteResult(True, "OSC 52")


# -- route 1: the system clipboard -------------------------------------------------------
def _is_wsl() -> bool:
    try:
        with open("/proc/version", encoding="utf-8", errors="replace") as handle:
            return "microsoft" in handle.read().lower()
    except OSError:
        return False


def linux_tool_missing() -> str | None:
    """Why pyperclip cannot work on this Linux box, or None when a tool is worth trying.

    Checked before pyperclip because, finding no command-line tool under X, pyperclip
    falls back to creating a Qt application, which must not happen in a worker thread.
    """
    if not os_compat.LINUX or _is_wsl():
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY", "").strip()
    display = os.environ.get("DISPLAY", "").strip()
    if wayland and _executable("wl-copy") and _executable("wl-paste"):
        return None
    if display and (
        _executable("xclip")
        or _executable("xsel")
        or (_executable("klipper") and _executable("qdbus"))
    ):
        return None
    if not wayland and not display:
        return "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
    if wayland and not display:
        return "Wayland without wl-copy (install wl-clipboard)"
    return "no clipboard tool (install xclip, xsel or wl-clipboard)"


class _QuietSubprocess(ModuleType):
    """Stands in for `subprocess` inside one pyperclip copy function: the same module,
    quieter children.

    pyperclip starts xclip/xsel/wl-copy with the terminal as their stderr (and stdout),
    so "Error: Can't open display" would be printed over the UI. Here every child gets
    /dev/null unless pyperclip asked for a pipe, runs in its own session (no terminal),
    and lands in `spawned` so a hung one can be killed and a failed one noticed.
    """

    def __init__(self, spawned: list[subprocess.Popen[bytes]]) -> None:
        super().__init__("subprocess")
        self._spawned = spawned

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    def Popen(self, args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        kwargs["start_new_session"] = True  # POSIX: no terminal; Windows ignores it
        process = subprocess.Popen(args, **kwargs)
        self._spawned.append(process)
        return process

    def check_call(self, args: Any, **kwargs: Any) -> int:
        code = self.Popen(args, **kwargs).wait()
        if code:
            raise subprocess.CalledProcessError(code, args)
        return 0


def _quiet_copy(copy: Callable[[str], object], quiet: ModuleType) -> Callable[[str], object]:
    """`copy` (a function pyperclip made) seeing `quiet` where its module says
    `subprocess`: the same code and closure over a copy of its globals, so only this call
    is quieter and pyperclip's own module is never patched. Anything that is not a plain
    function (a stand-in, a ctypes copy) is returned as it is."""
    if not isinstance(copy, FunctionType):
        return copy
    names = {**copy.__globals__, "subprocess": quiet}
    quieter = FunctionType(copy.__code__, names, copy.__name__, copy.__defaults__,
                           copy.__closure__)
    quieter.__kwdefaults__ = copy.__kwdefaults__
    return quieter


def _tool_name(copy_function: object) -> str:
    name = getattr(copy_function, "__name__", "") or type(copy_function).__name__
    return name.removeprefix("copy_").replace("_", " ") or "pyperclip"


def _pyperclip_copy(text: str, spawned: list[subprocess.Popen[bytes]]) -> RouteResult:
    """Runs in its own daemon thread: find a tool, copy, check the tool's exit code.

    Every child process lands in `spawned`, which the caller shares, so it can kill a
    hung one after the timeout.
    """
    try:
        import pyperclip

        found_copy, _found_paste = pyperclip.determine_clipboard()
        # pyperclip's "no mechanism" stand-in is falsy; a real tool is a function.
        if not found_copy or type(found_copy).__name__ == "ClipboardUnavailable":
            return RouteResult(False, "pyperclip found no clipboard tool")
        tool = _tool_name(found_copy)
        _quiet_copy(found_copy, _QuietSubprocess(spawned))(text)
        failed = [p for p in spawned if p.returncode not in (None, 0)]
        if failed:
            return RouteResult(False, f"{tool} failed (exit code {failed[0].returncode})")
        return RouteResult(True, tool)
    except BaseException as exc:  # noqa: BLE001 - pyperclip may raise anything, even SystemExit
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return RouteResult(False, message[:120])


def copy_to_system(text: str, timeout: float = DEFAULT_TIMEOUT) -> RouteResult:
    """pyperclip in a daemon thread, given at most `timeout` seconds; never raises."""
    missing = linux_tool_missing()
    if missing:
        return RouteResult(False, missing)
    result: list[RouteResult] = []
    spawned: list[subprocess.Popen[bytes]] = []
    # A daemon thread, not an executor: a hung tool must never keep the app from quitting.
    worker = threading.Thread(
        target=lambda: result.append(_pyperclip_copy(text, spawned)),
        name="partner-tui-clipboard",
        daemon=True,
    )
    worker.start()
    worker.join(timeout)
    if result:
        return result[0]
    for process in spawned:
        try:
            process.kill()
        except OSError:
            pass
    return RouteResult(False, f"no answer within {timeout:g} s (is the display reachable?)")


# -- all three --------------------------------------------------------------------------
def copy_everywhere(
    text: str,
    folder: Path,
    terminal_copy: Callable[[str], object],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> CopyReport:
    """Terminal and file first (instant), then the system clipboard (bounded by timeout).
    The text is cleaned first (a draft already is): what lands in a mail client carries no
    control character."""
    text = clean_text(text)
    terminal = send_to_terminal(text, terminal_copy)
    file = write_last_copy(text, folder)
    system = copy_to_system(text, timeout)
    return CopyReport(system=system, terminal=terminal, file=file, path=folder / LAST_COPY_FILE)
