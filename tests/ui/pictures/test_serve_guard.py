"""`partner-tui serve` serves only the person who started it: a real server on a loopback
port and a real HTTP/websocket client (aiohttp). A foreign Origin, a rebound Host name or
a missing token get a 403 and no byte of the app; the printed address gets the app."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
from aiohttp import web  # noqa: E402

from partner_tui.cli import main  # noqa: E402
from partner_tui.domain.partner import new_partner  # noqa: E402
from partner_tui.store.partner_store import PartnerStore  # noqa: E402
from partner_tui.ui.serve import make_server, write_offline_template  # noqa: E402
from partner_tui.ui.serve_guard import (  # noqa: E402
    COOKIE_PREFIX,
    TOKEN_ENV,
    TokenProblem,
    read_token,
)

TOKEN = "a-test-secret-of-enough-length"
# What only the app's page or the app itself would send.
APP_BYTES = (b"<html", b"<script", b"xterm", b"/ws", b"acme")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def serving(tmp_path: Path, token: str | None = TOKEN, public_url: str | None = None
                  ) -> AsyncIterator[str]:
    """The guarded server on 127.0.0.1; yields its base URL."""
    db = tmp_path / "partners.json"
    with PartnerStore(db) as store:
        store.partners.add(new_partner("Acme Analytics"))
    port = free_port()
    server = make_server(db, "127.0.0.1", port, public_url,
                         write_offline_template(tmp_path / "templates"), token=token)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
        gc.collect()  # aiohttp's finalizers run here, not inside a later import


def browser() -> aiohttp.ClientSession:
    """A client that keeps cookies for an IP address, as browsers do."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def assert_refused(status: int, body: bytes) -> None:
    assert status == 403
    assert not any(word in body.lower() for word in APP_BYTES), body


async def test_no_token_gets_nothing_of_the_app(tmp_path: Path) -> None:
    async with serving(tmp_path) as base, browser() as http:
        for path in ("/", "/static/js/textual.js", "/download/x", "/?token=wrong"):
            async with http.get(base + path, allow_redirects=False) as response:
                assert_refused(response.status, await response.read())
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(base + "/ws", origin=base)
        assert refused.value.status == 403


async def test_the_printed_address_opens_the_page_and_keeps_the_token_as_a_cookie(
    tmp_path: Path,
) -> None:
    async with serving(tmp_path) as base, browser() as http:
        async with http.get(f"{base}/?token={TOKEN}&fontsize=18",
                            allow_redirects=False) as first:
            assert first.status == 303
            assert first.headers["Location"] == "/?fontsize=18"  # the token leaves the bar
            cookie = first.cookies[f"{COOKIE_PREFIX}{base.rsplit(':', 1)[1]}"]
            assert cookie.value == TOKEN
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
        async with http.get(base + "/") as page:  # the cookie now
            assert page.status == 200
            assert "/ws" in await page.text()


async def test_the_websocket_of_the_printed_address_runs_the_app(tmp_path: Path) -> None:
    async with serving(tmp_path) as base, browser() as http:
        async with http.get(f"{base}/?token={TOKEN}"):  # the first visit: the cookie
            pass
        socket_ = await http.ws_connect(f"{base}/ws?width=100&height=30", origin=base)
        received = b""
        try:
            async with asyncio.timeout(60):
                while len(received) < 200:
                    message = await socket_.receive()
                    if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        break
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += message.data
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        received += message.data.encode()
        finally:
            await socket_.close()
        assert len(received) >= 200, received  # the app is drawing


async def test_a_foreign_origin_is_refused_even_with_the_token(tmp_path: Path) -> None:
    async with serving(tmp_path) as base, browser() as http:
        async with http.get(f"{base}/?token={TOKEN}"):
            pass
        for origin in ("http://evil.example", "http://127.0.0.1.evil.example", "null", None):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{base}/ws?token={TOKEN}", origin=origin)
            assert refused.value.status == 403, origin


async def test_a_rebound_host_name_is_refused_even_with_the_token(tmp_path: Path) -> None:
    """DNS rebinding: evil.example now resolves to 127.0.0.1, so its page reaches us under
    its own name (and would be same-origin with itself)."""
    async with serving(tmp_path) as base, browser() as http:
        port = base.rsplit(":", 1)[1]
        evil = f"evil.example:{port}"
        async with http.get(f"{base}/?token={TOKEN}", headers={"Host": evil},
                            allow_redirects=False) as response:
            assert_refused(response.status, await response.read())
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{base}/ws?token={TOKEN}", origin=f"http://{evil}",
                                  headers={"Host": evil})
        assert refused.value.status == 403
        # The names this machine has are fine.
        async with http.get(f"{base}/?token={TOKEN}", headers={"Host": f"localhost:{port}"},
                            allow_redirects=False) as response:
            assert response.status == 303


async def test_behind_a_proxy_its_public_origin_is_the_one(tmp_path: Path) -> None:
    async with (
        serving(tmp_path, public_url="https://partners.example.com") as base,
        browser() as http,
    ):
        headers = {"Host": "partners.example.com"}
        async with http.get(f"{base}/?token={TOKEN}", headers=headers,
                            allow_redirects=False) as response:
            assert response.status == 303
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{base}/ws?token={TOKEN}", origin="https://other.example",
                                  headers=headers)
        assert refused.value.status == 403


async def test_no_token_still_checks_host_and_origin(tmp_path: Path) -> None:
    async with serving(tmp_path, token=None) as base, browser() as http:
        async with http.get(base + "/") as page:
            assert page.status == 200
        port = base.rsplit(":", 1)[1]
        async with http.get(base + "/", headers={"Host": f"evil.example:{port}"}) as response:
            assert_refused(response.status, await response.read())
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await http.ws_connect(f"{base}/ws", origin="http://evil.example")


def test_the_token_comes_from_a_file_the_environment_or_chance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    made = {read_token(None) for _ in range(3)}
    assert len(made) == 3 and all(len(t) >= 40 for t in made)
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token(secret) == TOKEN
    monkeypatch.setenv(TOKEN_ENV, "from-the-environment-123")
    assert read_token(None) == "from-the-environment-123"
    secret.write_text("short", encoding="utf-8")
    with pytest.raises(TokenProblem):
        read_token(secret)
    with pytest.raises(TokenProblem):
        read_token(tmp_path / "missing")


def test_a_bad_token_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(tmp_path / "p.json"), "serve", "--token-file",
                 str(tmp_path / "missing")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("partner-tui: cannot read the token file")
    assert err.count("\n") == 1
