"""Against a real X server (Xvfb) and the real xclip: skipped where either is missing.

Optional by design: CI must not depend on a display. Covers the three X cases the
issue names: a working display, a display that is not there, a display that never answers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyperclip
import pytest

from partner_tui.outreach import clipboard
from partner_tui.outreach.clipboard import copy_everywhere

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (shutil.which("Xvfb") and shutil.which("xclip")),
    reason="needs Xvfb and xclip",
)

# Read before conftest stands in for it (fixtures run after the import).
REAL_DETERMINE_CLIPBOARD = pyperclip.determine_clipboard

TEXT = "Subject: Partnership Opportunity: Northwind + Acme\n\nHi Jane,\n\nBest,\nSam — ü ✓"


def _free_display() -> int:
    for number in range(140, 240):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    pytest.skip("no free X display number")


@pytest.fixture
def xvfb(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    number = _free_display()
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-nolisten", "tcp", "-screen", "0", "640x480x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 5
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.skip("Xvfb did not start")
            time.sleep(0.05)  # waiting for an external server's socket to appear
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setattr(pyperclip, "determine_clipboard", REAL_DETERMINE_CLIPBOARD)
        monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
        yield display
    finally:
        server.terminate()
        server.wait(5)


def _read_clipboard(display: str) -> str:
    """xclip -o, retried briefly: the copying xclip forks before it owns the selection."""
    deadline = time.monotonic() + 2
    while True:
        done = subprocess.run(
            ["xclip", "-o", "-selection", "clipboard"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            timeout=5,
            check=False,
        )
        if done.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.05)  # the external owner is still starting; not a stand-in for a result
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8")


def test_real_x_clipboard_holds_the_text(xvfb: str, tmp_path: Path) -> None:
    sent: list[str] = []
    started = time.monotonic()
    report = copy_everywhere(TEXT, tmp_path, sent.append)
    assert time.monotonic() - started < 2.0
    assert report.system.ok and report.system.detail == "xclip", report.message()
    assert _read_clipboard(xvfb) == TEXT
    assert sent == [TEXT]


def test_display_that_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISPLAY", f":{_free_display()}")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(pyperclip, "determine_clipboard", REAL_DETERMINE_CLIPBOARD)
    monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
    report = copy_everywhere(TEXT, tmp_path, lambda _t: None)
    out, err = capfd.readouterr()
    assert not report.system.ok and "xclip failed" in report.system.detail
    assert out == "" and err == ""  # xclip's "Can't open display" never reaches the screen
    assert report.file.ok


def test_display_that_never_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # An X server address whose socket accepts connections but never speaks.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    if port <= 6000:
        listener.close()
        pytest.skip("ephemeral port below the X range")
    try:
        monkeypatch.setenv("DISPLAY", f"127.0.0.1:{port - 6000}")
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        monkeypatch.setattr(pyperclip, "determine_clipboard", REAL_DETERMINE_CLIPBOARD)
        monkeypatch.setattr(clipboard, "_is_wsl", lambda: False)
        started = time.monotonic()
        report = copy_everywhere(TEXT, tmp_path, lambda _t: None, timeout=0.8)
        assert time.monotonic() - started < 2.0
        assert not report.system.ok and "no answer" in report.system.detail
        assert capfd.readouterr() == ("", "")
    finally:
        listener.close()
