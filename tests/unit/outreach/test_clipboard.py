"""The copy service: pyperclip where a tool exists, OSC 52 always, a file always; never a crash."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
from pathlib import Path

import pyperclip
import pytest

from partner_tui.outreach import clipboard
from partner_tui.outreach.clipboard import LAST_COPY_FILE, copy_everywhere
from tests.helpers.hostile import OSC_52, OSC_52_STORED

# Read before conftest stands in for it (fixtures run after the import).
REAL_DETERMINE_CLIPBOARD = pyperclip.determine_clipboard

TEXT = "Subject: Hello\n\nHi Jane,\n\nBest,\nSam"


class Terminal:
    """Stands in for App.copy_to_clipboard."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, text: str) -> None:
        self.sent.append(text)


@pytest.fixture
def x11(monkeypatch: pytest.MonkeyPatch) -> None:
    """An X display is set and xclip 'is installed' (the pre-check passes)."""
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_executable", lambda name: f"/usr/bin/{name}")


def fake_tool(recorded: list[str]):
    def copy_xclip(text: str) -> None:
        recorded.append(text)

    return copy_xclip


def test_success_uses_pyperclip_and_names_the_tool(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (fake_tool(copied), lambda: ""))
    terminal = Terminal()

    report = copy_everywhere(TEXT, tmp_path / "state", terminal)

    assert copied == [TEXT]
    assert report.system.ok and report.system.detail == "xclip"
    assert terminal.sent == [TEXT] and report.terminal.ok
    assert (tmp_path / "state" / LAST_COPY_FILE).read_text(encoding="utf-8") == TEXT
    assert "✓ System clipboard (xclip)" in report.message()
    assert str(tmp_path / "state" / LAST_COPY_FILE) in report.message()


def test_pyperclip_raising_is_reported_not_raised(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def copy_xclip(_text: str) -> None:
        raise RuntimeError("xclip exploded\nwith a second line")

    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (copy_xclip, lambda: ""))
    report = copy_everywhere(TEXT, tmp_path, Terminal())
    assert not report.system.ok
    assert report.system.detail == "xclip exploded"
    assert report.terminal.ok and report.file.ok and report.any_ok


@pytest.mark.parametrize("error", [SystemExit(1), KeyboardInterrupt(), ImportError("PyQt5")])
def test_determine_clipboard_raising_anything_is_contained(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def boom() -> None:
        raise error

    monkeypatch.setattr(pyperclip, "determine_clipboard", boom)
    report = copy_everywhere(TEXT, tmp_path, Terminal())
    assert not report.system.ok
    assert report.file.ok


def test_hanging_copy_times_out(x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    def copy_xclip(_text: str) -> None:
        release.wait(10)

    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (copy_xclip, lambda: ""))
    terminal = Terminal()
    started = time.monotonic()
    try:
        report = copy_everywhere(TEXT, tmp_path, terminal, timeout=0.3)
    finally:
        release.set()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert not report.system.ok and "no answer within 0.3 s" in report.system.detail
    # The other two routes did their work before the wait.
    assert terminal.sent == [TEXT]
    assert (tmp_path / LAST_COPY_FILE).read_text(encoding="utf-8") == TEXT


def test_default_timeout_keeps_a_hang_under_two_seconds(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: release.wait(10))
    started = time.monotonic()
    try:
        report = copy_everywhere(TEXT, tmp_path, Terminal())
    finally:
        release.set()
    assert time.monotonic() - started < 2.0
    assert not report.system.ok


def test_no_tool_found_by_pyperclip(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    called: list[str] = []
    monkeypatch.setattr(pyperclip, "determine_clipboard", pyperclip.init_no_clipboard)
    monkeypatch.setattr(pyperclip, "copy", called.append)
    report = copy_everywhere(TEXT, tmp_path, Terminal())
    assert not report.system.ok and "no clipboard tool" in report.system.detail
    assert called == []  # copy is never tried without a tool


@pytest.mark.parametrize(
    ("env", "tools", "reason"),
    [
        ({}, set(), "no display"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, set(), "Wayland without wl-copy"),
        ({"DISPLAY": ":0"}, set(), "no clipboard tool"),
    ],
)
def test_linux_without_a_usable_tool_never_calls_pyperclip(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    tools: set[str],
    reason: str,
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the pre-check is for Linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
    monkeypatch.setattr(clipboard, "_executable", lambda name: name if name in tools else None)

    def must_not_run() -> None:
        raise AssertionError("determine_clipboard may create a Qt app: not without a tool")

    monkeypatch.setattr(pyperclip, "determine_clipboard", must_not_run)
    report = copy_everywhere(TEXT, tmp_path, Terminal())
    assert not report.system.ok and reason in report.system.detail
    assert report.terminal.ok and report.file.ok


def test_state_file_written_when_everything_else_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)

    def dead_terminal(_text: str) -> None:
        raise RuntimeError("driver gone")

    folder = tmp_path / "deep" / "state"  # does not exist yet
    report = copy_everywhere(TEXT, folder, dead_terminal)
    assert not report.system.ok and not report.terminal.ok
    assert report.file.ok and report.any_ok
    assert (folder / LAST_COPY_FILE).read_text(encoding="utf-8") == TEXT
    assert "✗ Terminal clipboard (OSC 52): driver gone" in report.message()
    # No temporary file is left beside it.
    assert [p.name for p in folder.iterdir()] == [LAST_COPY_FILE]


def test_unwritable_state_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    report = copy_everywhere(TEXT, blocker, Terminal())
    assert not report.file.ok
    assert report.terminal.ok
    assert "✗ Not saved to" in report.message()


# -- the real pyperclip, with fake clipboard tools on PATH ------------------------------------
def _fake_xclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Put a shell script called xclip first on PATH and let pyperclip find it for real."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "xclip"
    tool.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
    # Undo conftest's stand-in for this test: pyperclip's own choice picks the tool.
    monkeypatch.setattr(pyperclip, "determine_clipboard", REAL_DETERMINE_CLIPBOARD)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shell-script tools")
def test_failing_tool_is_reported_and_its_stderr_kept_off_the_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    _fake_xclip(
        tmp_path, monkeypatch, 'echo "Error: Can\'t open display: :99" >&2\necho noise\nexit 1\n'
    )
    report = copy_everywhere(TEXT, tmp_path / "state", Terminal())
    out, err = capfd.readouterr()
    assert not report.system.ok and report.system.detail == "xclip failed (exit code 1)"
    assert "open display" not in err and "noise" not in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shell-script tools")
def test_hanging_tool_is_killed_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    _fake_xclip(tmp_path, monkeypatch, f'echo $$ > "{pid_file}"\nexec sleep 30\n')
    started = time.monotonic()
    report = copy_everywhere(TEXT, tmp_path / "state", Terminal(), timeout=0.5)
    assert time.monotonic() - started < 1.5
    assert not report.system.ok and "no answer" in report.system.detail
    pid = int(pid_file.read_text().strip())
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.02)  # polling for the kill to land, not standing in for a result
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    """Running (a reaped or zombie process counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shell-script tools")
def test_working_tool_receives_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    received = tmp_path / "received.txt"
    _fake_xclip(tmp_path, monkeypatch, f'cat > "{received}"\n')
    report = copy_everywhere(TEXT, tmp_path / "state", Terminal())
    assert report.system.ok and report.system.detail == "xclip"
    assert received.read_text(encoding="utf-8") == TEXT


def test_no_route_receives_a_control_character(
    x11: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (fake_tool(copied), lambda: ""))
    terminal = Terminal()

    text = f"Subject: {OSC_52}\r\n\r\nHi\tJane\x9b2J"
    report = copy_everywhere(text, tmp_path / "state", terminal)

    clean = f"Subject: {OSC_52_STORED}\n\nHi\tJane2J"
    assert report.any_ok
    assert copied == terminal.sent == [clean]
    assert (tmp_path / "state" / LAST_COPY_FILE).read_text(encoding="utf-8") == clean


def test_the_terminal_route_says_sent_not_copied(tmp_path: Path) -> None:
    """The app cannot know whether the terminal let it set the clipboard: it says sent."""
    report = copy_everywhere(TEXT, tmp_path, lambda _text: None)
    assert report.terminal.ok
    message = report.message()
    assert "✓ Sent to your terminal (OSC 52): on its clipboard where the terminal allows it" in (
        message
    )
    assert "Sent to the terminal's clipboard" not in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shell-script tools")
def test_pyperclip_itself_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet subprocess is given to our one call: pyperclip's module (which another
    library in the same process may use) still has the real `subprocess`."""
    import subprocess

    received = tmp_path / "received.txt"
    _fake_xclip(tmp_path, monkeypatch, f'cat > "{received}"\n')
    report = copy_everywhere(TEXT, tmp_path / "state", Terminal())
    assert report.system.ok
    assert pyperclip.subprocess is subprocess  # type: ignore[attr-defined]
    assert "subprocess" not in vars(clipboard) or clipboard.subprocess is subprocess
