"""`partner-tui serve` in a real browser: headless Chromium opens the page and sees the board.

The terminal is drawn by xterm.js on a canvas, so the page's DOM never holds the board's
text. Instead the test wraps the page's WebSocket (before any page script runs, through
the Chrome DevTools Protocol) and reads what the app process sent to the browser. Then it
types shift+right into the page and checks the data file: the focused card moved on. It
also checks that the page loads nothing from outside this machine, and saves a PNG of the
page for people to look at (its path is printed with -s).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from partner_tui.store.partner_store import PartnerStore
from partner_tui.ui.screenshots import frozen_clock, make_demo_database

aiohttp = pytest.importorskip("aiohttp")  # comes with textual-serve

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium package (apt-get install chromium); .ci/run installs it",
)

STEP_TIMEOUT = 20.0  # seconds for any single wait: server up, browser up, board drawn
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")

# Runs in the page before textual.js: keeps every text frame the app sends.
RECORD_WEBSOCKET = """
(() => {
  window.__frames = [];
  const decoder = new TextDecoder();
  const Original = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") { window.__frames.push(event.data); return; }
      Promise.resolve(event.data.arrayBuffer ? event.data.arrayBuffer() : event.data)
        .then((buffer) => window.__frames.push(decoder.decode(buffer, {stream: true})));
    });
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"partner-tui serve exited early with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"partner-tui serve did not listen on 127.0.0.1:{port} in {timeout}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the process group this test started (server plus the app it spawned)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    # Children (the per-tab app process) may outlive their parent briefly.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def started(command: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, start_new_session=True, **kwargs)
    try:
        yield process
    finally:
        stop(process)


class DevTools:
    """The few Chrome DevTools Protocol calls the test needs, over one websocket."""

    def __init__(self, socket_: Any) -> None:
        self.socket = socket_
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        call_id = self.next_id
        await self.socket.send_json({"id": call_id, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.socket.receive_json(), STEP_TIMEOUT)
            if message.get("id") == call_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


@contextlib.asynccontextmanager
async def devtools(profile: Path) -> AsyncIterator[DevTools]:
    """Headless Chromium on a loopback debugging port, with its first page attached."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
        "--disable-extensions",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "--window-size=1280,860",
        "about:blank",
    ]
    port_file = profile / "DevToolsActivePort"
    port_file.unlink(missing_ok=True)  # a stale one would name a port nobody listens on
    with started(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        deadline = time.monotonic() + STEP_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            assert time.monotonic() < deadline, "chromium did not open its debugging port"
            await asyncio.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=STEP_TIMEOUT)) as http:
            deadline = time.monotonic() + STEP_TIMEOUT
            pages: list[dict[str, Any]] = []
            while not pages:
                assert time.monotonic() < deadline, "chromium has no page to drive"
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                        pages = [t for t in await response.json() if t.get("type") == "page"]
                if not pages:
                    await asyncio.sleep(0.1)
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                yield DevTools(ws)


def stages(db: Path) -> dict[str, str]:
    """Each partner's stage as saved on disk (read-only: the served app holds the file)."""
    with PartnerStore(db, read_only=True) as store:
        return {partner.id: partner.stage.value for partner in store.partners.all()}


async def test_serve_shows_the_board_in_headless_chromium(tmp_path: Path) -> None:
    with frozen_clock():
        db = make_demo_database(tmp_path / "partners.json")
    before = stages(db)
    port = free_loopback_port()
    url = f"http://127.0.0.1:{port}/"
    # The printed address holds a token (serve_guard.py); this one is fixed by a file.
    token_file = tmp_path / "token"
    token_file.write_text("the-browser-test-token-0123456789", encoding="utf-8")
    server_log = tmp_path / "serve.log"
    command = [
        sys.executable,
        "-m",
        "partner_tui",
        "--db",
        str(db),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--token-file",
        str(token_file),
    ]
    with (
        server_log.open("wb") as log,
        started(command, stdout=log, stderr=subprocess.STDOUT) as server,
    ):
        wait_for_port(port, server, STEP_TIMEOUT)
        async with devtools(tmp_path / "chromium-profile") as browser:
            await browser.call("Network.enable")
            await browser.call("Page.enable")
            await browser.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_WEBSOCKET)
            await browser.call("Page.navigate", url=f"{url}?token=the-browser-test-token-0123456789")

            # Wait (bounded) until the app has drawn the board into the page.
            screen_text = ""
            deadline = time.monotonic() + STEP_TIMEOUT
            while time.monotonic() < deadline:
                frames = await browser.evaluate("(window.__frames || []).join('')") or ""
                screen_text = ANSI.sub("", frames)
                if "Prospect" in screen_text and "Northwind CRM" in screen_text:
                    break
                await asyncio.sleep(0.25)
            # A key typed in the page reaches the app: shift+right moves the focused card.
            await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            for kind in ("rawKeyDown", "keyUp"):
                await browser.call(
                    "Input.dispatchKeyEvent",
                    type=kind,
                    key="ArrowRight",
                    code="ArrowRight",
                    windowsVirtualKeyCode=39,
                    modifiers=8,  # shift
                )
            moved: list[str] = []
            deadline = time.monotonic() + STEP_TIMEOUT
            while not moved and time.monotonic() < deadline:
                moved = [p for p, stage in stages(db).items() if stage != before[p]]
                if not moved:
                    await asyncio.sleep(0.25)
            # Two animation frames: xterm.js has painted what it received, for the PNG.
            await browser.call(
                "Runtime.evaluate",
                expression="new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
                awaitPromise=True,
            )
            shot = await browser.call("Page.captureScreenshot", format="png")
            picture = tmp_path / "browser.png"
            picture.write_bytes(base64.b64decode(shot["data"]))
            print(f"browser picture: {picture}")

            body_class = await browser.evaluate("document.body.className")
            title = await browser.evaluate("document.title")
            requested = [
                event["params"]["request"]["url"]
                for event in browser.events
                if event.get("method") == "Network.requestWillBeSent"
            ]
    after = stages(db)  # the server has stopped: what its session saved on the way out
    log_text = server_log.read_text(errors="replace")
    assert "Prospect" in screen_text and "Northwind CRM" in screen_text, (
        f"the board never reached the browser; server log:\n{log_text}\n"
        f"received text (tail): {screen_text[-2000:]!r}"
    )
    assert len(moved) == 1 and (before[moved[0]], after[moved[0]]) == ("prospect", "engage"), (
        f"shift+right in the page did not move one card on: {moved}"
    )
    assert title == "partner-tui"
    assert "-first-byte" in body_class  # textual.js took the terminal output and showed it
    outside = [u for u in requested if not u.startswith((url, f"ws://127.0.0.1:{port}/", "data:"))]
    assert requested and not outside, f"the page loaded from outside this machine: {outside}"
